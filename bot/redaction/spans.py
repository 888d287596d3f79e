"""Spans: locating entity strings in text tolerantly, and merging overlaps once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.redaction import words
from bot.redaction.entities import PERSON, WITHHELD


@dataclass(frozen=True)
class Span:
    """A half-open range [start, end) of the text that must not be shown.

    `key` identifies the underlying value (for pseudonyms): "Priya", "priya patel" and
    "Priya Patel" all share the key of the entity they came from.
    """

    start: int
    end: int
    type: str
    key: str = ""

    def __len__(self) -> int:
        return self.end - self.start


_TOKEN = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
# Between two tokens of an entity the text may hold different punctuation or spacing:
# "(415) 555-0132" vs "415-555-0132", "John  Smith" vs "john smith".
_GAP = r"[\W_]{0,4}"
_DIGIT_GAP = r"[^\w\n]{0,3}"

TITLES = words.load("titles")
NAME_PARTICLES = words.load("name_particles")

FILLER = words.load("filler")

EVERYDAY_WORDS = words.load("everyday_names")


def _canonical(entity: str) -> str:
    return " ".join(token.lower() for token in _TOKEN.findall(entity))


def clean_entity(entity: str) -> str | None:
    """Trim an entity string; None for answers that are only filler or too short to mean."""
    entity = _POSSESSIVE.sub("", entity.strip().strip("\"'`.,;:"))
    canonical = _canonical(entity)
    if len(canonical.replace(" ", "")) < 2 or canonical in FILLER:
        return None
    if all(token in TITLES for token in canonical.split()):
        return None
    return entity


def _token_pattern(token: str, case_sensitive_initial: bool) -> str:
    if token.isdigit():
        return _DIGIT_GAP.join(token)
    if case_sensitive_initial:
        return f"(?-i:{re.escape(token[0].upper())}){re.escape(token[1:])}"
    return re.escape(token)


def entity_pattern(entity: str) -> re.Pattern[str] | None:
    """A pattern that finds `entity` case-insensitively and tolerant of spacing and punctuation."""
    tokens = _TOKEN.findall(entity)
    if not tokens:
        return None
    everyday = len(tokens) == 1 and tokens[0].lower() in EVERYDAY_WORDS
    body = _GAP.join(_token_pattern(token, everyday) for token in tokens)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)


def name_parts(person: str) -> list[str]:
    """The parts of a person's name worth finding alone: "Dr. Priya Patel" → Priya, Patel."""
    tokens = _TOKEN.findall(person)
    if len(tokens) < 2:
        return []
    return [
        token
        for token in tokens
        if len(token) >= 2
        and token.lower() not in TITLES
        and token.lower() not in NAME_PARTICLES
        and token.lower() not in FILLER
        and not token.isdigit()
    ]


def locate(text: str, entities: Iterable[tuple[str, str]]) -> list[Span]:
    """Every occurrence in `text` of every (entity, type); people's name parts too."""
    wanted: dict[str, tuple[str, str]] = {}  # canonical form → (type, key)
    for entity, entity_type in entities:
        cleaned = clean_entity(entity)
        if cleaned is None:
            continue
        key = _canonical(cleaned)
        wanted.setdefault(key, (entity_type, key))
    for key, (entity_type, _) in list(wanted.items()):
        if entity_type != PERSON:
            continue
        for part in name_parts(key):
            part_key = part.lower()
            if part_key not in wanted or wanted[part_key][1] == part_key:
                wanted[part_key] = (PERSON, key)
    spans = []
    for canonical, (entity_type, key) in wanted.items():
        pattern = entity_pattern(canonical)
        if pattern is None:
            continue
        spans.extend(Span(m.start(), m.end(), entity_type, key) for m in pattern.finditer(text))
    return spans


def merge(spans: Iterable[Span]) -> list[Span]:
    """Union overlapping spans once; the longest member gives the type and key,
    except that a withheld sentence always wins."""
    ordered = sorted(spans, key=lambda s: (s.start, -len(s)))
    merged: list[Span] = []
    group: list[Span] = []
    group_end = -1

    def close() -> None:
        if not group:
            return
        withheld = [s for s in group if s.type == WITHHELD]
        best = max(withheld or group, key=len)
        merged.append(Span(group[0].start, group_end, best.type, best.key))

    for span in ordered:
        if span.end <= span.start:
            continue
        if group and span.start < group_end:
            group.append(span)
            group_end = max(group_end, span.end)
            continue
        close()
        group, group_end = [span], span.end
    close()
    return merged
