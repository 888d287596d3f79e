"""Numbers as people say them: digit groups, spoken digits and the pauses between them.

A speech recogniser writes a phone number as "415, 555, 0132", "415. 555. 0132." or
"four one five, five five five, oh one three two", and a card as "4532, uh, 0151, 1283,
and then 0366". `digit_runs` reads such a stretch as one run of digit groups, so detectors
can count its digits and entity matching can compare a model's "415-555-0132" by digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
# "oh" and "o" are zero only between other digits: alone they are words.
ZERO_LETTERS = ("oh", "o")
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
REPEATS = {"double": 2, "triple": 3}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | {"hundred"}
# Words a speaker puts between the groups of one number.
FILLERS = frozenset(
    "uh um umm er erm ah hmm like so and then okay ok yeah sorry dash hyphen space "
    "comma period dot is it's its that's thats".split()
)
MAX_FILLERS = 3  # between two groups
MAX_GAP = 30  # characters between two groups

_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:'[^\W\d_]+)?|\S")
_GAP_PUNCTUATION = frozenset(",.;:-/()")


@dataclass(frozen=True)
class DigitGroup:
    """Digits written or said together, and where they stand (offsets of the text read)."""

    digits: str
    start: int
    end: int
    spoken: bool


@dataclass(frozen=True)
class DigitRun:
    """Digit groups read as one number: nothing but pauses and fillers between them."""

    groups: tuple[DigitGroup, ...]

    @property
    def digits(self) -> str:
        return "".join(group.digits for group in self.groups)

    @property
    def start(self) -> int:
        return self.groups[0].start

    @property
    def end(self) -> int:
        return self.groups[-1].end

    @property
    def spoken(self) -> bool:
        return any(group.spoken for group in self.groups)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(group.digits) for group in self.groups)

    def range_of(self, first_digit: int, end_digit: int) -> tuple[int, int]:
        """The text range of the groups holding digits [first_digit, end_digit) of the run."""
        start = end = None
        position = 0
        for group in self.groups:
            group_end = position + len(group.digits)
            if group_end > first_digit and position < end_digit:
                start = group.start if start is None else start
                end = group.end
            position = group_end
        assert start is not None and end is not None
        return start, end


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _spoken_groups(words: list[_Token]) -> Iterator[DigitGroup]:
    """Digit groups from consecutive number words: "four fifteen" → 4, 15; "forty two" → 42;
    "double five" → 55; "five hundred twelve" → 512; "oh" between digits → 0."""
    index = 0
    while index < len(words):
        word = words[index].text
        following = words[index + 1].text if index + 1 < len(words) else None
        start = words[index].start
        used = 1
        if word in REPEATS and following in UNITS:
            digits = str(UNITS[following]) * REPEATS[word]
            used = 2
        elif word in TENS:
            if UNITS.get(following):
                digits, used = str(TENS[word] + UNITS[following]), 2
            else:
                digits = str(TENS[word])
        elif word in TEENS:
            digits = str(TEENS[word])
        elif word in UNITS and following == "hundred":
            value, used = UNITS[word] * 100, 2
            rest = words[index + 2].text if index + 2 < len(words) else None
            after = words[index + 3].text if index + 3 < len(words) else None
            if rest in TEENS:
                value, used = value + TEENS[rest], 3
            elif rest in TENS:
                value, used = value + TENS[rest], 3
                if UNITS.get(after):
                    value, used = value + UNITS[after], 4
            elif UNITS.get(rest):
                value, used = value + UNITS[rest], 3
            digits = str(value)
        elif word in UNITS or word in ZERO_LETTERS:
            digits = str(UNITS.get(word, 0))
        else:  # "hundred" alone: not a digit group
            index += 1
            continue
        yield DigitGroup(digits, start, words[index + used - 1].end, spoken=True)
        index += used


def _is_number_word(tokens: list[_Token], index: int) -> bool:
    word = tokens[index].text
    if word in NUMBER_WORDS or word in REPEATS:
        return True
    if word not in ZERO_LETTERS:
        return False

    # "oh"/"o" counts as zero only with a digit on each side (possibly a numeral).
    def digit_at(position: int) -> bool:
        if not 0 <= position < len(tokens):
            return False
        text = tokens[position].text
        return text.isdigit() or text in UNITS or text in ZERO_LETTERS

    return digit_at(index - 1) or digit_at(index + 1)


def _groups(text: str) -> Iterator[tuple[DigitGroup | None, _Token]]:
    """Each token of `text` (lower-cased), with its digit group if it is one. Number words
    next to each other are read together."""
    tokens = [
        _Token(match.group().lower(), match.start(), match.end()) for match in _TOKEN.finditer(text)
    ]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.text.isdigit():
            yield DigitGroup(token.text, token.start, token.end, spoken=False), token
            index += 1
            continue
        if _is_number_word(tokens, index):
            end = index
            while end < len(tokens) and _is_number_word(tokens, end):
                end += 1
            words = tokens[index:end]
            for group in _spoken_groups(words):
                yield group, token
            index = end
            continue
        yield None, token
        index += 1


def digit_runs(text: str) -> list[DigitRun]:
    """Every run of digit groups in `text` (a shadow: plain digits, plain spaces)."""
    runs: list[DigitRun] = []
    current: list[DigitGroup] = []
    fillers = 0

    def close() -> None:
        if current:
            runs.append(DigitRun(tuple(current)))

    for group, token in _groups(text):
        if group is not None:
            if current and (group.start - current[-1].end > MAX_GAP or fillers > MAX_FILLERS):
                close()
                current = []
            current.append(group)
            fillers = 0
            continue
        if not current:
            continue
        if token.text in _GAP_PUNCTUATION:
            continue
        if token.text in FILLERS:
            fillers += 1
            continue
        close()
        current, fillers = [], 0
    close()
    return runs


def digits_of(value: str) -> str:
    """The digits a value holds, spoken ones included: "(415) 555-0132" and "four one five
    five five five oh one three two" both give "4155550132"."""
    return "".join(run.digits for run in digit_runs(value))
