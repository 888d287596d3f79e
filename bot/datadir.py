"""One `redact-bot serve` per DATA_DIR: an exclusive lock held for the process's lifetime.

Two processes on one job database would both resume the same jobs, post twice and overwrite
each other's transcript ids. `flock` is released by the kernel when the process ends, however
it ends (a SIGKILL included), so a stale lock never blocks a restart. (It does not work across
machines on a network file system: give each machine its own DATA_DIR.)
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TextIO

LOCK_NAME = "redact-bot.lock"


class DataDirInUse(Exception):
    """Another process holds DATA_DIR."""


def lock_data_dir(data_dir: Path) -> TextIO:
    """Take DATA_DIR for this process; keep the returned file open for as long as it runs.
    Raises DataDirInUse if another process has it, OSError if it cannot be created."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / LOCK_NAME).open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        who = f" (pid {holder})" if holder.isdigit() else ""
        raise DataDirInUse(
            f"DATA_DIR {data_dir} is in use by another redact-bot serve{who}; stop that one "
            "first, or give this one its own DATA_DIR"
        ) from None
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle
