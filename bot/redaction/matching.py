"""Finding the entities a model named in the text it was given, everywhere they occur.

Matching runs on the normalised shadow of the text (accents, look-alike letters, odd spaces
and dashes, zero-width characters all plain) and is tolerant of case, spacing and
punctuation between an entity's words. Each claim carries the range of the sentence the
model named it in (its scope): there any spelling counts; elsewhere the rules of
`bot.redaction.names` decide. Numbers are compared by their digits, spoken ones included,
so the model's "415-555-0132" finds "four one five, five five five, oh one three two".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.redaction import names
from bot.redaction.entities import NUMERIC_TYPES, ORGANIZATION, OTHER, PERSON
from bot.redaction.normalize import Shadow, shadow
from bot.redaction.numbers import DigitRun, digit_runs, digits_of
from bot.redaction.types import Span

Scope = tuple[int, int]

_TOKEN = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
# Between two tokens of an entity the text may hold different punctuation or spacing:
# "(415) 555-0132" vs "415-555-0132", "John  Smith" vs "john smith".
_GAP = r"[\W_]{0,4}"
_DIGIT_GAP = r"[^\w\n]{0,3}"
# A hyphenated continuation of a name: "Lopez" in the text "Lopez-Garcia".
_HYPHENATED = re.compile(r"-[^\W\d_]{2,}")
# Scripts written without spaces between words: no word boundaries to require.
_UNSPACED_CHARS = r"\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED = re.compile(rf"[{_UNSPACED_CHARS}]")
MIN_DIGITS = 4  # fewer digits are compared as text, within their sentence only
PROPAGATED_DIGITS = 7  # numbers this long are redacted wherever they occur


@dataclass(frozen=True)
class Claim:
    """An entity the model named: its text, type, and the range of the sentence (or window)
    it named it in; `scope` None means anywhere (callers without sentences)."""

    text: str
    type: str
    scope: Scope | None = None
    key: str | None = None  # the pseudonym key, when it belongs to another claim


def canonical(entity: str) -> str:
    return " ".join(token.lower() for token in _TOKEN.findall(shadow(entity).text))


def clean_entity(entity: str) -> str | None:
    """Trim an entity string; None for answers that are filler, titles or function words
    only, or too short to mean anything."""
    entity = _POSSESSIVE.sub("", entity.strip().strip("\"'`.,;:"))
    key = canonical(entity)
    if len(key.replace(" ", "")) < 2 or key in names.FILLER:
        return None
    if all(token in names.TITLES for token in key.split()):
        return None
    if names.only_function_words(shadow(entity).text):
        return None
    return entity


def canonical_key(entity: str) -> str | None:
    """The form matches are reported under (None for answers that are never matched)."""
    cleaned = clean_entity(entity)
    return None if cleaned is None else canonical(cleaned)


def _digits_target(entity: str, entity_type: str) -> str | None:
    """The digits to compare an entity by, when it is a number."""
    digits = digits_of(shadow(entity).text)
    if len(digits) < MIN_DIGITS:
        return None
    letters = sum(1 for char in entity if char.isalpha())
    if entity_type in NUMERIC_TYPES or len(digits) >= letters:
        return digits
    return None


def _token_pattern(token: str) -> str:
    if token.isdigit():
        return _DIGIT_GAP.join(token)
    return re.escape(token)


def entity_pattern(spelling: str) -> re.Pattern[str] | None:
    """A pattern that finds `spelling` (already normalised) case-insensitively, tolerant of
    spacing and punctuation between its words."""
    found = _TOKEN.findall(spelling)
    if not found:
        return None
    body = _GAP.join(_token_pattern(token) for token in found)
    if _UNSPACED.search(spelling):
        return re.compile(body, re.IGNORECASE)
    # Not inside a longer word; a character of a script written without spaces ("我叫Maria")
    # is a boundary.
    return re.compile(
        rf"(?<![^\W_{_UNSPACED_CHARS}]){body}(?![^\W_{_UNSPACED_CHARS}])", re.IGNORECASE
    )


def _inside(original: Scope, scopes: Iterable[Scope | None]) -> bool:
    start, end = original
    return any(s is not None and s[0] <= start and end <= s[1] for s in scopes)


@dataclass
class _Target:
    spelling: str
    type: str
    key: str
    single_word: bool
    everyday: bool  # one everyday word: needs its capital outside its scopes
    capital_given: bool  # the model wrote it with a capital letter
    function_word: bool  # never at the start of a sentence
    scopes: list[Scope | None] = field(default_factory=list)
    scope_only: bool = False  # matched only inside its scopes (short numbers)

    def in_scope(self, original: Scope) -> bool:
        return _inside(original, self.scopes)

    @property
    def unscoped(self) -> bool:
        return any(s is None for s in self.scopes)

    def accepts(self, text: str, start: int, end: int, original: Scope) -> bool:
        """Whether the match [start, end) of the shadow `text` (`original` in the original
        text) is this entity."""
        inside = self.in_scope(original)
        if self.scope_only and not inside and not self.unscoped:
            return False
        if self.function_word and not inside and names.at_sentence_start(text, start):
            return names.acts_after(text, end)  # "Will said so", not "Will you…"
        if not self.everyday or text[start].isupper():
            return True
        # An everyday word in lower case: inside the sentence the model named it in, or
        # (model gave no sentences) when the model itself wrote it in lower case…
        if inside or (self.unscoped and not self.capital_given):
            return True
        # …or a person's name standing where a name stands ("thanks grace"); never a
        # function word ("he said" is no name).
        if self.function_word or self.type != PERSON:
            return False
        return names.stands_as_name(text, start, end)


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
        parts = names.name_parts(shadow(entity).text)
        return bool(parts) and all(self._overlaps(p.lower(), start, end) for p in parts)

    def missing_parts(self, entity: str, start: int, end: int) -> list[str]:
        """The words of `entity` not found in [start, end)."""
        return [
            token
            for token in _TOKEN.findall(shadow(entity).text)
            if not self._overlaps(token.lower(), start, end)
        ]

    def _overlaps(self, key: str, start: int, end: int) -> bool:
        return any(a < end and b > start for a, b in self.found.get(key, ()))


class _Targets:
    """The patterns to look for, built from the claims: each entity, the parts of people's
    names and the short names of organisations. A part shared by two names gets its own
    key (its own pseudonym)."""

    def __init__(self) -> None:
        self.by_key: dict[str, _Target] = {}
        self.digits: dict[str, tuple[str, str, list[Scope | None]]] = {}
        self._parts: dict[str, tuple[str, str, set[str]]] = {}

    def add(self, claim: Claim) -> None:
        cleaned = clean_entity(claim.text)
        if cleaned is None:
            return
        spelling = shadow(cleaned).text
        key = canonical(spelling)
        digits = _digits_target(spelling, claim.type)
        if digits is not None:
            entry = self.digits.setdefault(key, (digits, claim.type, []))
            entry[2].append(claim.scope)
        found = _TOKEN.findall(spelling)
        single = len(found) == 1
        target = self.by_key.get(key)
        if target is None:
            target = _Target(
                spelling,
                claim.type,
                claim.key or key,
                single_word=single,
                everyday=single and names.is_everyday(found[0]),
                capital_given=spelling[:1].isupper(),
                function_word=single and names.is_function_word(found[0]),
                scope_only=single and found[0].isdigit() and len(found[0]) < MIN_DIGITS,
            )
            self.by_key[key] = target
        target.scopes.append(claim.scope)
        if claim.type == PERSON or (claim.type == OTHER and names.looks_like_name(cleaned)):
            for part in names.name_parts(spelling):
                self._add_part(part, PERSON, key)
        elif claim.type == ORGANIZATION and (short := names.short_name(spelling)):
            self._add_part(short, ORGANIZATION, key)

    def _add_part(self, part: str, part_type: str, owner: str) -> None:
        self._parts.setdefault(part.lower(), (part, part_type, set()))[2].add(owner)

    def finish(self) -> None:
        """Turn name parts into targets (after every claim is in)."""
        for part_key, (part, part_type, owners) in self._parts.items():
            if part_key in owners:
                continue
            key = next(iter(owners)) if len(owners) == 1 else part_key
            existing = self.by_key.get(part_key)
            if existing is not None:  # the model named it too: keep its spelling and rules
                existing.key = key
                continue
            self.by_key[part_key] = _Target(
                part,
                part_type,
                key,
                single_word=True,
                everyday=names.is_everyday(part) or part_type == ORGANIZATION,
                capital_given=True,
                # The model named the whole name, never the part alone: no sentence where
                # any case goes (a short name of an organisation needs its capital always).
                function_word=names.is_function_word(part),
            )


def _extend(text: str, end: int, entity_type: str) -> int:
    """Where a match really ends: "Lopez" continues into "Lopez-Garcia"."""
    if entity_type in (PERSON, ORGANIZATION):
        while match := _HYPHENATED.match(text, end):
            end = match.end()
    return end


def _digit_matches(runs: Sequence[DigitRun], digits: str) -> Iterable[tuple[int, int]]:
    """Shadow ranges of the runs holding `digits`. The text may lack the country code the
    model added ("+1 415…" for "415…"), or hold a local number without its area code."""
    wanted = [digits, digits[-10:]] if len(digits) > 10 else [digits]
    for run in runs:
        held = run.digits
        for value in wanted:
            index = held.find(value)
            if index >= 0:
                yield run.range_of(index, index + len(value))
                break
        else:
            if len(held) >= PROPAGATED_DIGITS and digits.endswith(held):
                yield run.start, run.end


def locate_in(normalised: Shadow, claims: Iterable[Claim], runs: Sequence[DigitRun]) -> Located:
    """Every occurrence in the text of every claim (see the module's docstring)."""
    targets = _Targets()
    for claim in claims:
        targets.add(claim)
    targets.finish()
    text = normalised.text
    spans: list[Span] = []
    found: dict[str, list[tuple[int, int]]] = {}

    def record(canonical_form: str, start: int, end: int, entity_type: str, key: str) -> None:
        start, end = normalised.to_original(start, end)
        spans.append(Span(start, end, entity_type, key))
        found.setdefault(canonical_form, []).append((start, end))

    for canonical_form, target in targets.by_key.items():
        pattern = entity_pattern(target.spelling)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if target.accepts(text, start, end, normalised.to_original(start, end)):
                end = _extend(text, end, target.type)
                record(canonical_form, start, end, target.type, target.key)
    for canonical_form, (digits, entity_type, scopes) in targets.digits.items():
        key = targets.by_key[canonical_form].key
        everywhere = len(digits) >= PROPAGATED_DIGITS or any(s is None for s in scopes)
        for start, end in _digit_matches(runs, digits):
            if everywhere or _inside(normalised.to_original(start, end), scopes):
                record(canonical_form, start, end, entity_type, key)
    return Located(spans, found)


def locate(text: str, entities: Iterable[tuple[str, str]]) -> Located:
    """Every occurrence in `text` of every (entity, type), named with no sentence."""
    normalised = shadow(text)
    claims = [Claim(entity, entity_type) for entity, entity_type in entities]
    return locate_in(normalised, claims, digit_runs(normalised.text))
