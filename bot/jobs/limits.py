"""What is too large to take, decided in one place for the listener and the job."""

from __future__ import annotations

from bot.config import Settings


def too_large(size: int | None, settings: Settings) -> bool:
    """Whether a file of `size` bytes is over JOB_MAX_FILE_MB (an unknown size is not)."""
    return bool(size) and int(size or 0) > settings.job_max_file_mb * 1_000_000
