"""The engine's value types, in one place: what finders return, what spans are, what a
sentence is, and the protocol a finder of named entities implements."""

from __future__ import annotations

import bisect
import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from bot.redaction.entities import WITHHELD


@dataclass(frozen=True)
class Sentence:
    """A sentence as a range of a document. `speaker` and times come from a transcript."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    start_ms: int | None = None
    end_ms: int | None = None


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


@dataclass(frozen=True)
class FoundEntity:
    """One entity a model named: its text as the model wrote it, its type (None when the
    model gave a bare string), and the number of the sentence it named it in (1-based, in
    the numbering of the request; None when the model did not say)."""

    text: str
    type: str | None
    sentence: int | None = None


class Pass(enum.Enum):
    """What a request to the model asks for."""

    FIND = "find"  # every entity of a window of sentences
    EXACT = "exact"  # again, for one sentence, copying each entity character for character
    VERIFY = "verify"  # what personal data is still visible in already-redacted sentences


class EntityFinder(Protocol):
    def find(self, sentences: Sequence[str], mode: Pass = Pass.FIND) -> list[FoundEntity]: ...


class Doubt(enum.Enum):
    """Why a sentence was withheld, in words that hold no content."""

    GATEWAY = "the LLM Gateway could not be reached or kept failing"
    REFUSED = "the LLM Gateway refused the API key (check ASSEMBLYAI_API_KEY)"
    REJECTED = "the LLM Gateway rejected the request"
    UNREADABLE = "the model's answers could not be read"
    UNPINNED = "the model named data that could not be found exactly in them"

    @property
    def retryable(self) -> bool:
        """Asking again later may help: the service failed, not the request."""
        return self is Doubt.GATEWAY

    @property
    def splittable(self) -> bool:
        """Asking about fewer sentences at once may help."""
        return self in (Doubt.UNREADABLE, Doubt.REJECTED)


class NerUnavailable(Exception):
    """The entities of a window could not be established; `doubt` says why. The message
    holds no content, only the cause."""

    def __init__(self, doubt: Doubt) -> None:
        super().__init__(doubt.value)
        self.doubt = doubt


@dataclass(frozen=True)
class Redaction:
    """The result: redacted `text`, the merged `spans` (offsets into the input), the
    sentences that were `withheld` and why (`doubts`: how many sentences for each reason),
    and counts for the curious: entities the model made up (`hallucinations`, nothing
    withheld for them) and requests asked of the model (`asks`)."""

    text: str
    spans: list[Span]
    withheld: list[Sentence] = field(default_factory=list)
    doubts: dict[Doubt, int] = field(default_factory=dict)
    sentence_count: int = 0
    replaced: list[tuple[int, int]] = field(default_factory=list)  # output range of each span
    hallucinations: int = 0
    asks: int = 0

    @property
    def complete(self) -> bool:
        return not self.withheld

    @property
    def checked_nothing(self) -> bool:
        """Not one sentence could be checked: there is nothing to show."""
        return self.sentence_count > 0 and len(self.withheld) >= self.sentence_count

    @property
    def retryable(self) -> bool:
        """Whether asking again later may bring back what was withheld."""
        return any(doubt.retryable for doubt in self.doubts)

    @property
    def withheld_reason(self) -> str | None:
        """Why sentences were withheld, in words with no content."""
        if not self.doubts:
            return None
        ordered = sorted(self.doubts, key=lambda doubt: -self.doubts[doubt])
        return "; ".join(doubt.value for doubt in ordered)

    @property
    def entity_spans(self) -> list[Span]:
        return [span for span in self.spans if span.type != WITHHELD]

    @cached_property
    def _span_starts(self) -> list[int]:
        return [span.start for span in self.spans]

    def _output_position(self, position: int) -> int:
        """Where input offset `position` lands in the output. A replacement belongs to the
        range its span starts in, so a position inside a span maps to the replacement's end."""
        index = bisect.bisect_right(self._span_starts, position - 1) - 1
        if index < 0:
            return position
        span, (_, out_end) = self.spans[index], self.replaced[index]
        return out_end + max(position - span.end, 0)

    def slice(self, start: int, end: int) -> str:
        """The redacted text of the input range [start, end), e.g. one sentence."""
        return self.text[self._output_position(start) : self._output_position(end)]

    def types_within(self, start: int, end: int) -> list[str]:
        return [s.type for s in self.entity_spans if s.start < end and s.end > start]

    def counts(self) -> dict[str, int]:
        """How many redacted items of each type (withheld sentences not included)."""
        return dict(Counter(span.type for span in self.entity_spans))
