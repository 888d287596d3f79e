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

from bench.workload.cast import TYPES, Mention

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
) -> Counter[Mention]:
    """Occurrences left of each mention, longest first, each stretch of text counted once.
    Mentions that read the same ("Maria", "maria") are counted together, under the first."""
    expected: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], Mention] = {}
    for mention in truth:
        key = (pattern(mention.text).pattern, mention.type)
        expected[key] += 1
        shown.setdefault(key, mention)
    taken: list[tuple[int, int]] = []
    left: Counter[Mention] = Counter()
    for key, count in sorted(expected.items(), key=lambda item: -len(item[0][0])):
        spans = [
            match.span()
            for match in re.finditer(key[0], haystack)
            if not any(match.start() < end and match.end() > start for start, end in taken)
        ]
        taken.extend(spans)
        if spans:
            left[shown[key]] += min(len(spans), count)
    return left


@dataclass(frozen=True)
class LeakCount:
    items: Counter[Mention]  # each mention left, with how many of its occurrences
    exact: int  # the literal count: exact strings, case-insensitive

    @property
    def by_type(self) -> dict[str, int]:
        counts = dict.fromkeys(TYPES, 0)
        for mention, n in self.items.items():
            counts[mention.type] += n
        return counts

    @property
    def total(self) -> int:
        return sum(self.items.values())


def _without(haystack: str, keep: Iterable[str], pattern: Callable[[str], re.Pattern[str]]) -> str:
    """`haystack` with the harmless strings blanked out, so "grace period" is not counted as
    the name Grace left readable."""
    for text in set(keep):
        haystack = pattern(text).sub("\x00", haystack)
    return haystack


def count_left(output: str, truth: Iterable[Mention], keep: Iterable[str] = ()) -> LeakCount:
    """How many of the `truth` mentions are still readable in `output`, by type; `keep`
    holds harmless strings that contain a name's letters and are not a mention of it."""
    truth, keep = list(truth), list(keep)
    loose = _count(_without(normalize(output), keep, _loose), truth, _loose)
    exact = _count(_without(output.lower(), keep, _exact), truth, _exact)
    return LeakCount(loose, sum(exact.values()))


def count_destroyed(output: str, keep: Iterable[str]) -> Counter[str]:
    """Occurrences of harmless strings ("$3.50", "v2.1") that are no longer readable."""
    haystack = normalize(output)
    missing: Counter[str] = Counter()
    for text, count in Counter(keep).items():
        lost = count - len(_loose(text).findall(haystack))
        if lost > 0:
            missing[text] = lost
    return missing
