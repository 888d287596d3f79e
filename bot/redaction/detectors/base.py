"""What every detector shares: the text it scans and the context words around a match.

Detectors read the normalised shadow of a text (see `bot.redaction.normalize`) and return
spans in its offsets; `bot.redaction.detectors.detect` maps them back to the original.
Context words raise or lower confidence the way Presidio's recognizers use them: "card"
before 16 digits makes them a card number even without a valid checksum; "ticket" before
ten digits makes them not a phone number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property

from bot.redaction.numbers import DigitGroup, DigitRun, digit_runs
from bot.redaction.types import Span


@dataclass(frozen=True)
class Scan:
    """A text being scanned (already normalised), with what several detectors need."""

    text: str

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def runs(self) -> list[DigitRun]:
        return digit_runs(self.text)

    @cached_property
    def groups(self) -> list[DigitGroup]:
        return [group for run in self.runs for group in run.groups]

    @cached_property
    def _group_starts(self) -> list[int]:
        return [group.start for group in self.groups]

    def number_within(self, start: int, end: int) -> bool:
        """Whether a number (digits written or said) stands wholly within [start, end)."""
        index = bisect.bisect_left(self._group_starts, start)
        return index < len(self.groups) and self.groups[index].end <= end

    def before(self, position: int, chars: int) -> str:
        return self.lowered[max(0, position - chars) : position]

    def after(self, position: int, chars: int) -> str:
        return self.lowered[position : position + chars]


Detector = Callable[[Scan], list[Span]]


def words(*phrases: str) -> re.Pattern[str]:
    """A pattern for any of `phrases` as whole words (lower case; spaces match any gap)."""
    longest_first = sorted(phrases, key=len, reverse=True)  # "order number" before "order"
    alternatives = "|".join(
        r"[\s\-]*".join(re.escape(part) for part in phrase.split()) for phrase in longest_first
    )
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def last_context(
    scan: Scan,
    position: int,
    chars: int,
    *,
    once: Collection[str] = (),
    **kinds: re.Pattern[str],
) -> str | None:
    """Which kind of context word stands last (nearest) in the `chars` before `position`:
    e.g. last_context(scan, i, 40, phone=PHONE_WORDS, other=NOT_PHONE_WORDS). A word of a
    kind in `once` names only the number right after it: with another number between it and
    `position` ("Order 7731-2290 shipped. Call 415…"), it is passed over."""
    offset = max(0, position - chars)
    window = scan.before(position, chars)
    best: tuple[int, int, str] | None = None
    for kind, pattern in kinds.items():
        for match in pattern.finditer(window):
            if kind in once and scan.number_within(offset + match.end(), position):
                continue
            # The nearest wins; of two ending together the longer ("account number" over
            # "number").
            candidate = (match.end(), -match.start(), kind)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best else None


def has_context(
    scan: Scan, position: int, pattern: re.Pattern[str], chars: int, *, once: bool = False
) -> bool:
    """Whether a word of `pattern` stands in the `chars` before `position`; with `once`, only
    a word with no other number between it and `position` counts (see `last_context`)."""
    offset = max(0, position - chars)
    return any(
        not (once and scan.number_within(offset + match.end(), position))
        for match in pattern.finditer(scan.before(position, chars))
    )


# Identifiers that look like phone, card or IP numbers but are not personal.
_IDENTIFIER_NOUNS = (
    "ticket",
    "tickets",
    "po",
    "p.o",
    "purchase order",
    "order",
    "orders",
    "case",
    "cases",
    "invoice",
    "invoices",
    "ref",
    "reference",
    "tracking",
    "confirmation",
    "booking",
    "reservation",
    "claim",
    "policy",
    "build",
    "version",
    "timestamp",
    "epoch",
    "serial",
    "model",
    "sku",
    "part",
    "item",
    "incident",
    "issue",
    "bug",
    "jira",
    "request",
    "rma",
    "shipment",
    "transaction",
    "receipt",
    "pr",
    "job",
    "batch",
    "lot",
    "unix",
)
# "order number 4155550132": the compound names the identifier, not "number" alone.
NOT_PERSONAL_NUMBER = words(
    *_IDENTIFIER_NOUNS,
    *(f"{noun} {suffix}" for noun in _IDENTIFIER_NOUNS for suffix in ("number", "no", "id", "#")),
)
