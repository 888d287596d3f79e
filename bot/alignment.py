"""Where each timed word of a sentence is in the sentence's text.

AssemblyAI builds a sentence's text from its words, but not always character for character:
punctuation may sit on the word ("Lopez,") or only in the text, casing may differ, a number
may be one word in one ("415-555-0132") and spoken words in the other ("four one five").
Words are matched on their letters and digits alone, in order, at token boundaries. A word
that cannot be matched is left unplaced rather than guessed: whoever times a redaction then
falls back to the words around it, which is safe. A match may skip only as much text as the
unplaced words before it could explain, so one mismatch never drags later words onto a
later repetition of the same word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# How far a match may skip ahead: up to SKIP_PER_UNPLACED letters of text for each letter of
# the words left unplaced before it ("400" may stand as "four hundred"), plus SLACK_CHARS so
# that a stray letter or digit in the text alone does not unplace the rest of the sentence.
SKIP_PER_UNPLACED = 4
SLACK_CHARS = 2


def normalise(text: str) -> tuple[str, list[int]]:
    """The letters and digits of `text`, lower case and without accents, and for each one
    the offset of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        if not char.isalnum():
            continue
        for part in unicodedata.normalize("NFKD", char.lower()):
            if part.isalnum():
                chars.append(part)
                origin.append(position)
    return "".join(chars), origin


def _boundaries(origin: list[int]) -> tuple[set[int], set[int]]:
    """Normalised indexes that start and that end a token (a run of letters and digits)."""
    starts, ends = set(), set()
    for index, position in enumerate(origin):
        if index == 0 or origin[index - 1] < position - 1:
            starts.add(index)
        if index == len(origin) - 1 or origin[index + 1] > position + 1:
            ends.add(index)
    return starts, ends


def align(text: str, words: Sequence[str]) -> list[tuple[int, int] | None]:
    """For each word, the [start, end) character range of `text` it was matched to, or None.

    Ranges are in order and never overlap."""
    normal, origin = normalise(text)
    starts, ends = _boundaries(origin)
    placed: list[tuple[int, int] | None] = []
    cursor = 0  # normalised index after the last placed word
    unexplained = 0  # letters and digits of the words left unplaced since then
    for word in words:
        target = normalise(word)[0]
        if not target:  # only punctuation: it has no letters to find, and none to hide
            placed.append(None)
            continue
        limit = cursor + SKIP_PER_UNPLACED * unexplained + SLACK_CHARS
        found = None
        index = normal.find(target, cursor)
        while 0 <= index <= limit:
            last = index + len(target) - 1
            if index in starts and last in ends:
                found = index
                break
            index = normal.find(target, index + 1)
        if found is None:
            placed.append(None)
            unexplained += len(target)
            continue
        last = found + len(target) - 1
        placed.append((origin[found], origin[last] + 1))
        cursor, unexplained = last + 1, 0
    return placed
