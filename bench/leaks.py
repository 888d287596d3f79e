"""Counting the personal data left in an output, and the harmless strings destroyed.

An item is "left" when its string is still in the output, compared case-insensitively and
ignoring punctuation and spacing: the guide rebuilds its output by joining pieces with ". ",
so `maria.lopez@bluefin.com` comes back as `maria. lopez@bluefin. com` — still readable and
still counted. Occurrences are matched longest first, so a name inside a leaked email counts
once, as the email. The literal count (exact string, case-insensitive) is kept too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.cast import TYPES, Mention

_NON_WORD = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """Lower case, every run of punctuation and space made one space, padded with spaces."""
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


def _loose(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<= )" + re.escape(normalize(needle).strip()) + r"(?= )")


def _exact(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(needle.lower()) + r"(?!\w)")


def _count(
    haystack: str, truth: Iterable[Mention], pattern: Callable[[str], re.Pattern[str]]
) -> dict[str, int]:
    """Occurrences left of each mention, longest first, each stretch of text counted once."""
    expected: Counter[tuple[str, str]] = Counter((pattern(m.text).pattern, m.type) for m in truth)
    taken: list[tuple[int, int]] = []
    by_type = dict.fromkeys(TYPES, 0)
    for (source, entity_type), count in sorted(expected.items(), key=lambda i: -len(i[0][0])):
        spans = [
            match.span()
            for match in re.finditer(source, haystack)
            if not any(match.start() < end and match.end() > start for start, end in taken)
        ]
        taken.extend(spans)
        by_type[entity_type] += min(len(spans), count)
    return by_type


@dataclass(frozen=True)
class LeakCount:
    by_type: dict[str, int]
    exact: int  # the literal count: exact strings, case-insensitive

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


def count_left(output: str, truth: Iterable[Mention]) -> LeakCount:
    """How many of the `truth` mentions are still readable in `output`, by type."""
    truth = list(truth)
    loose = _count(normalize(output), truth, _loose)
    exact = _count(output.lower(), truth, _exact)
    return LeakCount(loose, sum(exact.values()))


def count_destroyed(output: str, keep: Iterable[str]) -> int:
    """How many occurrences of harmless strings ("$3.50", "v2.1") are no longer readable."""
    haystack = normalize(output)
    missing = 0
    for text, count in Counter(keep).items():
        missing += max(count - len(_loose(text).findall(haystack)), 0)
    return missing
