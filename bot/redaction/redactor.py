"""The engine's public face: `Redactor(...).redact(text) -> Redaction`."""

from __future__ import annotations

import bisect
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from bot.redaction import detectors
from bot.redaction.entities import OTHER, WITHHELD
from bot.redaction.ner import FoundEntity, NerUnavailable
from bot.redaction.sentences import Sentence, split_sentences
from bot.redaction.spans import Span, locate, merge
from bot.redaction.styles import apply_style

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class EntityFinder(Protocol):
    def find(self, sentences: Sequence[str]) -> list[FoundEntity]: ...


@dataclass(frozen=True)
class Redaction:
    """The result: redacted `text`, the merged `spans` (offsets into the input), and the
    sentences that were `withheld` because their entities could not be established."""

    text: str
    spans: list[Span]
    withheld: list[Sentence] = field(default_factory=list)
    withheld_reason: str | None = None  # why, in words with no content: "LLM Gateway: …"
    retryable: bool = False  # whether asking again may help (the gateway failed)
    sentence_count: int = 0
    replaced: list[tuple[int, int]] = field(default_factory=list)  # output range of each span

    @property
    def complete(self) -> bool:
        return not self.withheld

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


def _detected_within(entity: str, detected: list[Span], text: str, start: int, end: int) -> bool:
    """A number the model reformatted ("+1 415-555-0132" for "(415) 555-0132") counts as
    found when a detector masked the same digits in the window."""
    digits = re.sub(r"\D", "", entity)
    if len(digits) < 7:
        return False
    return any(
        s.start < end
        and s.end > start
        and digits.endswith(re.sub(r"\D", "", text[s.start : s.end]))
        for s in detected
    )


def _infer_type(entity: str) -> str:
    """A type for a bare string answer: what a detector says it is, else generic."""
    found = detectors.detect(entity)
    whole = [span for span in found if span.end - span.start >= len(entity.strip()) - 2]
    return whole[0].type if whole else OTHER


class Redactor:
    """Redacts texts sentence-window by sentence-window.

    The model's entities are located everywhere in the whole text, whichever sentence they
    came from; detectors run on everything; a window whose entities cannot be established is
    withheld in full (fail closed).
    """

    def __init__(
        self,
        finder: EntityFinder,
        *,
        style: str = "mask",
        sentences_per_request: int = 25,
        concurrency: int = 4,
    ) -> None:
        self.finder = finder
        self.style = style
        self.sentences_per_request = sentences_per_request
        self.concurrency = concurrency

    def _windows(self, sentences: Sequence[Sentence]) -> list[list[Sentence]]:
        size = self.sentences_per_request
        return [list(sentences[i : i + size]) for i in range(0, len(sentences), size)]

    def _find_all(
        self, windows: list[list[Sentence]], progress: Progress | None
    ) -> tuple[list[list[FoundEntity] | None], list[str]]:
        """The entities of each window (None for a window that could not be checked), and
        the reasons windows could not be checked."""
        finder = self.finder
        total = sum(len(window) for window in windows)
        done = 0
        results: list[list[FoundEntity] | None] = []
        reasons: list[str] = []

        def run(window: list[Sentence]) -> list[FoundEntity] | None:
            try:
                return finder.find([sentence.text for sentence in window])
            except NerUnavailable as exc:  # its message holds no content, only the cause
                log.warning("window withheld sentences=%d reason=%s", len(window), exc)
                reasons.append(str(exc))
                return None

        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="ner") as pool:
            for window, found in zip(windows, pool.map(run, windows), strict=True):
                results.append(found)
                done += len(window)
                if progress is not None:
                    progress(done, total)
        return results, reasons

    def redact(
        self,
        text: str,
        sentences: Sequence[Sentence] | None = None,
        *,
        style: str | None = None,
        progress: Progress | None = None,
    ) -> Redaction:
        """Redact `text`. `sentences` (ranges of `text`) default to the built-in splitter's."""
        started = time.monotonic()
        if sentences is None:
            sentences = split_sentences(text)
        windows = self._windows(sentences)
        answers, reasons = self._find_all(windows, progress)
        found = [entity for answer in answers if answer for entity in answer]
        located = locate(text, [(e.text, e.type or _infer_type(e.text)) for e in found])
        detected = detectors.detect(text)
        withheld: list[Sentence] = []
        unlocated = 0
        for window, answer in zip(windows, answers, strict=True):
            start, end = window[0].start, window[-1].end
            # The model saw something in this window that we cannot find there: we cannot
            # be sure it is redacted, so the window is withheld.
            missing = [
                e
                for e in answer or []
                if not located.within(e.text, start, end)
                and not _detected_within(e.text, detected, text, start, end)
            ]
            unlocated += len(missing)
            if answer is None or missing:
                withheld.extend(window)
        if unlocated:
            reasons.append("the model named data that could not be found in the text")
        spans = detected + located.spans
        spans += [Span(s.start, s.end, WITHHELD) for s in withheld]
        merged = merge(spans)
        styled = apply_style(text, merged, style or self.style)
        redaction = Redaction(
            text=styled.text,
            spans=merged,
            withheld=withheld,
            withheld_reason=reasons[0] if reasons else None,
            retryable=len(reasons) > (1 if unlocated else 0),
            sentence_count=len(sentences),
            replaced=styled.replaced,
        )
        log.info(
            "redacted sentences=%d windows=%d entities_found=%d unlocated=%d spans=%d "
            "withheld=%d took=%.2fs",
            len(sentences),
            len(windows),
            len(found),
            unlocated,
            len(redaction.entity_spans),
            len(withheld),
            time.monotonic() - started,
        )
        return redaction
