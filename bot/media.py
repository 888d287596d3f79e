"""Which files are recordings we can transcribe."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

MEDIA_EXTENSIONS = frozenset(
    ".mp3 .mp4 .m4a .m4v .wav .wave .aac .flac .ogg .oga .opus .webm .weba .mov .mkv .avi .wma "
    ".wmv .amr .3gp .aif .aiff .mpga .mpeg .mpg .caf".split()
)


# Types that say nothing about the content: such a file is judged by its extension.
UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/binary"})
MEDIA_SUBTYPES = ("slack_audio", "slack_video")  # Slack's own voice and video clips


def is_media_type(mimetype: str | None) -> bool:
    return bool(mimetype) and mimetype.split("/", 1)[0].lower() in ("audio", "video")


def has_media_extension(name: str | None) -> bool:
    return Path(name or "").suffix.lower() in MEDIA_EXTENSIONS


def is_recording(file: dict[str, Any]) -> bool:
    """Whether a Slack file object is audio or video we can transcribe. Slack labels some
    recordings `application/octet-stream` (uploads from some phones and tools): those are
    recognised by their extension or Slack's `filetype`."""
    mimetype = str(file.get("mimetype") or "").lower()
    if is_media_type(mimetype) or file.get("subtype") in MEDIA_SUBTYPES:
        return True
    if mimetype not in UNTYPED:
        return False
    filetype = str(file.get("filetype") or "").lower()
    return has_media_extension(file.get("name")) or f".{filetype}" in MEDIA_EXTENSIONS


def is_partial(file: dict[str, Any]) -> bool:
    """Slack sends some file objects (e.g. in shared channels) without their details: only
    files.info can say what they are."""
    return file.get("file_access") == "check_file_info" or not (
        file.get("mimetype") or file.get("subtype")
    )


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
