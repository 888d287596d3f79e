"""Which files are recordings we can transcribe."""

from __future__ import annotations

import mimetypes
from pathlib import Path

MEDIA_EXTENSIONS = frozenset(
    ".mp3 .mp4 .m4a .m4v .wav .wave .aac .flac .ogg .oga .opus .webm .weba .mov .mkv .avi .wma "
    ".wmv .amr .3gp .aif .aiff .mpga .mpeg .mpg .caf".split()
)


def is_media_type(mimetype: str | None) -> bool:
    return bool(mimetype) and mimetype.split("/", 1)[0].lower() in ("audio", "video")


def local_file_problem(path: Path) -> str | None:
    """Why `path` cannot be transcribed, in one line that does not repeat its name; or None."""
    if not path.exists():
        return "PATH does not exist"
    if not path.is_file():
        return "PATH is not a file"
    guessed, _ = mimetypes.guess_type(path.name)
    if path.suffix.lower() not in MEDIA_EXTENSIONS and not is_media_type(guessed):
        return "PATH is not an audio or video file (expected e.g. .mp3, .m4a, .wav, .mp4)"
    if path.stat().st_size == 0:
        return "PATH is empty"
    return None
