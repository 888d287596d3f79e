"""One table-driven test file per detector module: what it must find, what it must leave."""

from __future__ import annotations

from bot.redaction.detectors import detect


def found(text: str) -> list[tuple[str, str]]:
    """(type, text) of every span the detectors find in `text`."""
    return sorted({(s.type, text[s.start : s.end]) for s in detect(text)})


def found_values(text: str) -> set[str]:
    return {value for _, value in found(text)}


def covered(text: str, value: str) -> bool:
    """Whether any detector span overlaps the first occurrence of `value` in `text`."""
    start = text.index(value)
    end = start + len(value)
    return any(s.start < end and s.end > start for s in detect(text))
