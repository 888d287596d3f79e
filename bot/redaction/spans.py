"""Spans: locating entity strings in text tolerantly, and merging overlaps once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.redaction import words
from bot.redaction.entities import ORGANIZATION, OTHER, PERSON, WITHHELD


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
ORG_GENERIC = words.load("org_generic")


# Scripts written without spaces between words: no word boundaries to require.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """`text` without accents or compatibility forms of letters and digits ("José" → "Jose",
    "ﬁ" → "fi", full-width letters), and for each folded character the offset of the original one
    (None when nothing changed). Symbols stay as they are: "™" must not become the letters
    "TM" and glue itself to the name before it."""
    if text.isascii():
        return text, None
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        if unicodedata.combining(char):
            continue
        expanded = unicodedata.normalize("NFKD", char) if char.isalnum() else char
        for part in expanded:
            if not unicodedata.combining(part):
                folded.append(part)
                origin.append(position)
    return "".join(folded), origin


def _canonical(entity: str) -> str:
    return " ".join(token.lower() for token in _TOKEN.findall(fold(entity)[0]))


def clean_entity(entity: str) -> str | None:
    """Trim an entity string; None for answers that are only filler or too short to mean."""
    entity = _POSSESSIVE.sub("", entity.strip().strip("\"'`.,;:"))
    canonical = _canonical(entity)
    if len(canonical.replace(" ", "")) < 2 or canonical in FILLER:
        return None
    if all(token in TITLES for token in canonical.split()):
        return None
    return entity


def canonical_key(entity: str) -> str | None:
    """The form `locate` reports an entity under (None for filler answers)."""
    cleaned = clean_entity(entity)
    return None if cleaned is None else _canonical(cleaned)


def _token_pattern(token: str, capital_required: bool) -> str:
    if token.isdigit():
        return _DIGIT_GAP.join(token)
    if capital_required:
        return f"(?-i:{re.escape(token[0].upper())}){re.escape(token[1:])}"
    return re.escape(token)


def entity_pattern(entity: str, *, capital: bool | None = None) -> re.Pattern[str] | None:
    """A pattern that finds `entity` (already folded) case-insensitively and tolerant of
    spacing and punctuation. A one-word name that is also an everyday word ("May", "Will")
    needs its capital letter, unless the model itself gave it in lower case; `capital`
    overrides that choice."""
    tokens = _TOKEN.findall(entity)
    if not tokens:
        return None
    if capital is None:
        capital = tokens[0].lower() in EVERYDAY_WORDS and tokens[0][0].isupper()
    capital = capital and len(tokens) == 1
    body = _GAP.join(_token_pattern(token, capital) for token in tokens)
    if _UNSPACED.search(entity):
        return re.compile(body, re.IGNORECASE)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE)


def name_parts(person: str) -> list[str]:
    """The parts of a person's name worth finding alone: "Dr. Priya Patel" → Priya, Patel.
    Lower-case particles inside a name ("van", "de") are not parts; "Al" in "Al Gore" is."""
    tokens = _TOKEN.findall(person)
    if len(tokens) < 2:
        return []
    return [
        token
        for position, token in enumerate(tokens)
        if len(token) >= 2
        and not token.isdigit()
        and token.lower() not in TITLES
        and not (position and token.islower() and token in NAME_PARTICLES)
    ]


def short_name(organisation: str) -> str | None:
    """The first word of an organisation's name when it names it alone: "Bluefin" in
    "Bluefin Analytics", but not "First" in "First National Bank"."""
    tokens = _TOKEN.findall(organisation)
    if len(tokens) < 2:
        return None
    first = tokens[0]
    distinctive = first.lower() not in ORG_GENERIC and first.lower() not in EVERYDAY_WORDS
    if first[0].isupper() and first.isalpha() and len(first) >= 4 and distinctive:
        return first
    return None


def looks_like_name(entity: str) -> bool:
    """Two to four capitalised words: how an untyped answer that is a name usually looks."""
    words = entity.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


@dataclass(frozen=True)
class Located:
    spans: list[Span]
    # canonical form of each entity (and name part) → the ranges where it was found
    found: dict[str, list[tuple[int, int]]]

    def within(self, entity: str, start: int, end: int) -> bool:
        """Whether `entity` was found in [start, end): as a whole, or (for a name that the
        model spelled differently, "Doctor Okafor" for "Dr. Okafor") by each of its parts."""
        key = canonical_key(entity)
        if key is None:
            return True  # filler: nothing to find
        if self._overlaps(key, start, end):
            return True
        parts = name_parts(fold(entity)[0])
        return bool(parts) and all(self._overlaps(p.lower(), start, end) for p in parts)

    def _overlaps(self, key: str, start: int, end: int) -> bool:
        return any(a < end and b > start for a, b in self.found.get(key, ()))


def _needs_capital(part: str) -> bool:
    """A name part that is also an ordinary word ("He" in "He Jun", "De" in "Ana De La
    Cruz", "Grace") is matched only with its capital letter."""
    lowered = part.lower()
    return part[:1].isupper() and (
        lowered in FILLER or lowered in NAME_PARTICLES or lowered in EVERYDAY_WORDS
    )


def locate(text: str, entities: Iterable[tuple[str, str]]) -> Located:
    """Every occurrence in `text` of every (entity, type), found on accent-folded text;
    the parts of people's names and the short names of organisations too. A part shared
    by two names gets its own key (its own pseudonym)."""
    # canonical form → (folded spelling, type, key, capital letter required?)
    targets: dict[str, tuple[str, str, str, bool | None]] = {}
    parts: dict[str, tuple[str, str, bool, set[str]]] = {}  # part → spelling, type, capital
    for entity, entity_type in entities:
        cleaned = clean_entity(entity)
        if cleaned is None:
            continue
        spelling = fold(cleaned)[0]
        key = _canonical(spelling)
        targets.setdefault(key, (spelling, entity_type, key, None))
        found_parts: list[tuple[str, str, bool]] = []
        if entity_type == PERSON or (entity_type == OTHER and looks_like_name(cleaned)):
            found_parts = [(part, PERSON, _needs_capital(part)) for part in name_parts(spelling)]
        elif entity_type == ORGANIZATION and (short := short_name(spelling)):
            found_parts = [(short, ORGANIZATION, True)]
        for part, part_type, capital in found_parts:
            entry = parts.setdefault(part.lower(), (part, part_type, capital, set()))
            entry[3].add(key)
    for part_key, (part, part_type, capital, owners) in parts.items():
        if part_key in owners:
            continue
        key = next(iter(owners)) if len(owners) == 1 else part_key
        if part_key in targets:  # the model named it too: keep its spelling and case rule
            spelling, given_type, _, given_capital = targets[part_key]
            targets[part_key] = (spelling, given_type, key, given_capital)
        else:
            targets[part_key] = (part, part_type, key, capital or None)

    folded, origin = fold(text)
    spans: list[Span] = []
    found: dict[str, list[tuple[int, int]]] = {}
    for canonical, (spelling, entity_type, key, capital) in targets.items():
        pattern = entity_pattern(spelling, capital=capital)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            start, end = match.start(), match.end()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
                while end < len(text) and unicodedata.combining(text[end]):
                    end += 1
            spans.append(Span(start, end, entity_type, key))
            found.setdefault(canonical, []).append((start, end))
    return Located(spans, found)


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
