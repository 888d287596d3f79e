"""Sentence boundaries that keep offsets into the original text.

Unlike the guide's `re.split(r"[.!?]+")`, a boundary needs terminal punctuation *followed by
white space*, so e-mail addresses, URLs, decimals and versions are never cut; abbreviations,
initials and ellipses are not boundaries either. Cutting too rarely is harmless; cutting
through an entity leaks it.
"""

from __future__ import annotations

import re

from bot.redaction import words
from bot.redaction.types import Sentence

MAX_SENTENCE_CHARS = 1500

ABBREVIATIONS = words.load("abbreviations")

# Terminal punctuation, optional closing quotes or brackets, then white space.
_CANDIDATE = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019)\]]*)(?=\s)")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
_DOTTED_ABBREVIATION = re.compile(r"^(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$")  # e.g, U.S, a.m


def _word_before(text: str, line_start: int, position: int) -> str:
    start = position
    while start > line_start and not text[start - 1].isspace():
        start -= 1
    return text[start:position]


def _is_boundary(text: str, match: re.Match[str], line_start: int, line_end: int) -> bool:
    """Whether terminal punctuation ends a sentence; looks only at its neighbourhood, so
    splitting stays linear in the length of the text."""
    punctuation = match.group(1)
    if "\u2026" in punctuation or ".." in punctuation:
        return False  # ellipsis: a pause more often than an end
    following = _NEXT_CHARACTER.match(text, match.end(), line_end)
    if following and following.group(1).islower():
        return False
    if punctuation != ".":
        return True
    word = _word_before(text, line_start, match.start()).lstrip("\"'(\u201c\u2018[")
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. R. Smith"
    if word.lower() in ABBREVIATIONS:
        return False
    return not _DOTTED_ABBREVIATION.match(word)


def _boundaries(text: str, start: int, end: int) -> list[int]:
    """End offsets of the sentences in text[start:end] (one line)."""
    ends = []
    for match in _CANDIDATE.finditer(text, start, end):
        if _is_boundary(text, match, start, end):
            ends.append(match.end())
    ends.append(end)
    return ends


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a run-on sentence (an unpunctuated transcript) at white space near the limit."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with exact offsets; every line break also ends a sentence."""
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.splitlines(keepends=True):
        line_end = line_start + len(line.rstrip("\r\n"))
        piece_start = line_start
        for boundary in _boundaries(text, line_start, line_end):
            start, end = piece_start, boundary
            piece_start = boundary
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            for a, b in _split_long(text, start, end) if end > start else []:
                sentences.append(Sentence(start=a, end=b, text=text[a:b]))
        line_start += len(line)
    return sentences
