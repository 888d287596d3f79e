"""Looking harder for an entity the model named but the text does not hold verbatim.

A model corrects spellings ("Katherine" for the recogniser's "Catherine"), and a
recogniser mishears digits. `pin` finds such a near spelling in the sentence the model
named, so it can be redacted. When nothing can be pinned, `resembles` tells a sentence that
holds something like the entity (it is withheld: we cannot say what to mask) from one that
holds nothing like it (the model made the entity up: nothing to withhold).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.redaction import names
from bot.redaction.normalize import shadow
from bot.redaction.numbers import digit_runs, digits_of

_WORD = re.compile(r"[^\W_]+")
# Parts of an e-mail address that say nothing about whose it is.
_EMAIL_NOISE = frozenset(
    "com org net io co uk us edu gov gmail yahoo hotmail outlook icloud mail www".split()
)
MIN_DIGITS = 4  # digits in common that make a number look like another…
SHARED_SHARE = 0.6  # …or this share of a longer one
HINT_DIGITS = 3  # digits in a row a visible number shares with a claim worth asking about
NEAR_TOKENS = 3  # words that may stand between the pinned words of one name


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is surely above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _allowed_edits(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def _significant(entity: str) -> list[str]:
    """The words of an entity that identify it: not titles, fillers or function words."""
    found = [w.lower() for w in _WORD.findall(shadow(entity).text)]
    if "@" in entity:
        found = [w for w in found if w not in _EMAIL_NOISE]
    return [
        w
        for w in found
        if not w.isdigit()
        and len(w) >= 2
        and w not in names.TITLES
        and w not in names.FUNCTION_WORDS
        and w not in names.FILLER
    ]


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    return [_Word(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def pin(entity: str, sentence: str) -> list[tuple[int, int]]:
    """Ranges of `sentence` that hold `entity` spelled a little differently: every word of
    it within an edit or two of nearby words, or its digits within one edit of a number."""
    normalised = shadow(sentence)
    digits = digits_of(shadow(entity).text)
    if len(digits) >= 7:
        return [
            normalised.to_original(run.start, run.end)
            for run in digit_runs(normalised.text)
            if len(run.digits) >= 7 and edit_distance(run.digits, digits, 1) <= 1
        ]
    wanted = _significant(entity)
    if not wanted:
        return []
    candidates = _words(normalised.text)
    matched: list[int] = []
    for word in wanted:
        limit = _allowed_edits(word)
        index = next(
            (
                i
                for i, candidate in enumerate(candidates)
                if i not in matched and edit_distance(word, candidate.text, limit) <= limit
            ),
            None,
        )
        if index is None:
            return []
        matched.append(index)
    if max(matched) - min(matched) > len(wanted) - 1 + NEAR_TOKENS:
        return []
    first, last = candidates[min(matched)], candidates[max(matched)]
    return [normalised.to_original(first.start, last.end)]


def _shared_digits(a: str, b: str) -> int:
    """The length of the longest run of digits a and b have in common."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            length = 0
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            best = max(best, length)
    return best


def resembles(missing: Sequence[str], entity: str, sentence: str) -> bool:
    """Whether `sentence` holds something like the entity's `missing` words (or digits), so
    that it may hold the entity in a form we cannot pin down."""
    normalised = shadow(sentence)
    digits = digits_of(shadow(entity).text)
    if len(digits) >= MIN_DIGITS:
        # Most of the number in a row: two phone numbers of one area share "555" and more.
        needed = min(len(digits), max(MIN_DIGITS, math.ceil(len(digits) * SHARED_SHARE)))
        if any(_shared_digits(digits, run.digits) >= needed for run in digit_runs(normalised.text)):
            return True
    wanted = [w for w in _significant(" ".join(missing)) if len(w) >= 3]
    candidates = [w.text for w in _words(normalised.text)]
    for word in wanted:
        # A little looser than pinning: "Mariah" for "Maria", "Lopes" for "Lopez".
        limit = _allowed_edits(word) + (1 if len(word) >= 5 else 0)
        for candidate in candidates:
            if candidate.startswith(word[:4]) and len(word) >= 4:
                return True
            if edit_distance(word, candidate, limit) <= limit:
                return True
    return False


def might_hold(entity: str, sentence: str) -> bool:
    """Whether what is visible of a sentence could hold the entity in a form no rule finds:
    something like it; for a number, a number said aloud or sharing a few digits with it;
    for anything else, a word that is no everyday word (a name the model may have
    respelled). Asking the model again about a sentence of everyday words only is wasted:
    the entity was made up."""
    if resembles([entity], entity, sentence):
        return True
    normalised = shadow(sentence)
    digits = digits_of(shadow(entity).text)
    if len(digits) >= MIN_DIGITS:
        # A number said aloud may be misheard anywhere; a written one shares a few digits in
        # a row with what the model meant ("2019" or an order number share none).
        return any(
            run.spoken or _shared_digits(digits, run.digits) >= HINT_DIGITS
            for run in digit_runs(normalised.text)
            if len(run.digits) >= MIN_DIGITS
        )
    return any(
        len(word.text) >= 3 and word.text.isalpha() and not names.is_everyday(word.text)
        for word in _words(normalised.text)
    )
