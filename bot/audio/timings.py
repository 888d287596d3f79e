"""From redacted characters of a transcript to the stretches of the recording to bleep.

Pure: a document (sentences and timed words as ranges of its text) and the redaction's spans
in, sorted and merged time intervals out. Where a word's time is known it is used whole,
even if only part of the word is redacted. Where redacted text has no placed word (the
alignment could not match it), the stretch from the word before it to the word after it
(or the sentence's own start or end) is used: wider, never narrower. A withheld sentence is
silenced whole.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.audio import AudioUnavailable
from bot.redaction import WITHHELD, Span
from bot.redaction.sentences import Sentence
from bot.transcript import Document, TimedWord


class TimingsUnavailable(AudioUnavailable):
    """The redacted text cannot be placed in the recording. The message names no content."""


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open stretch [start_ms, end_ms) of the recording."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


class _Timeline:
    """Looks up the sentences and placed words around a range of the document."""

    def __init__(self, document: Document) -> None:
        self.text = document.text
        self.sentences = document.sentences
        self.sentence_starts = [s.start for s in document.sentences]
        self.words = document.words
        self.word_starts = [w.start for w in document.words]
        self.word_ends = [w.end for w in document.words]

    def sentences_within(self, start: int, end: int) -> list[Sentence]:
        first = max(bisect.bisect_right(self.sentence_starts, start) - 1, 0)
        found = []
        for sentence in self.sentences[first:]:
            if sentence.start >= end:
                break
            if sentence.end > start:
                found.append(sentence)
        return found

    def words_within(self, start: int, end: int) -> list[TimedWord]:
        """Placed words overlapping [start, end) (placed words never overlap each other)."""
        first = bisect.bisect_right(self.word_ends, start)
        found = []
        for word in self.words[first:]:
            if word.start >= end:
                break
            found.append(word)
        return found

    def word_before(self, position: int, sentence: Sentence) -> TimedWord | None:
        index = bisect.bisect_right(self.word_ends, position) - 1
        if index >= 0 and self.words[index].start >= sentence.start:
            return self.words[index]
        return None

    def word_after(self, position: int, sentence: Sentence) -> TimedWord | None:
        index = bisect.bisect_left(self.word_starts, position)
        if index < len(self.words) and self.words[index].end <= sentence.end:
            return self.words[index]
        return None


def _sentence_bound(value: int | None) -> int:
    if value is None:
        raise TimingsUnavailable("a redacted passage has no timing in the transcript")
    return value


def _uncovered_runs(text: str, start: int, end: int, words: list[TimedWord]) -> list[range]:
    """Runs of letters and digits in text[start:end] that no placed word covers."""
    runs: list[range] = []
    cursor = start
    gaps = []
    for word in words:
        if word.start > cursor:
            gaps.append((cursor, min(word.start, end)))
        cursor = max(cursor, word.end)
    if cursor < end:
        gaps.append((cursor, end))
    for gap_start, gap_end in gaps:
        run_start = None
        for position in range(gap_start, gap_end):
            if text[position].isalnum():
                if run_start is None:
                    run_start = position
            elif run_start is not None:
                runs.append(range(run_start, position))
                run_start = None
        if run_start is not None:
            runs.append(range(run_start, gap_end))
    return runs


def _whole_sentence(timeline: _Timeline, sentence: Sentence) -> Interval:
    words = timeline.words_within(sentence.start, sentence.end)
    starts = [w.start_ms for w in words]
    ends = [w.end_ms for w in words]
    if sentence.start_ms is not None:
        starts.append(sentence.start_ms)
    if sentence.end_ms is not None:
        ends.append(sentence.end_ms)
    if sentence.start_ms is None or sentence.end_ms is None:
        # Without the sentence's own times, its words show where it is only if they all
        # were placed; otherwise part of it might lie outside them.
        text = timeline.text
        if _uncovered_runs(text, sentence.start, sentence.end, words) or not words:
            raise TimingsUnavailable("a withheld sentence has no timing in the transcript")
    return Interval(min(starts), max(ends))


def _span_intervals(timeline: _Timeline, span: Span) -> list[Interval]:
    """One interval per sentence the span touches: from the start of its first redacted
    word to the end of its last, pauses between them included."""
    intervals: list[Interval] = []
    for sentence in timeline.sentences_within(span.start, span.end):
        if span.type == WITHHELD:
            intervals.append(_whole_sentence(timeline, sentence))
            continue
        start, end = max(span.start, sentence.start), min(span.end, sentence.end)
        words = timeline.words_within(start, end)
        pieces = [Interval(w.start_ms, w.end_ms) for w in words]
        for run in _uncovered_runs(timeline.text, start, end, words):
            before = timeline.word_before(run.start, sentence)
            after = timeline.word_after(run.stop, sentence)
            left = before.start_ms if before else _sentence_bound(sentence.start_ms)
            right = after.end_ms if after else _sentence_bound(sentence.end_ms)
            pieces.append(Interval(min(left, right), max(left, right)))
        if pieces:
            intervals.append(
                Interval(min(p.start_ms for p in pieces), max(p.end_ms for p in pieces))
            )
    return intervals


def merge_intervals(
    intervals: Iterable[Interval], *, padding_ms: int = 0, duration_ms: int | None = None
) -> list[Interval]:
    """Pad each interval on both sides, merge those that overlap or touch, clamp them to
    [0, duration_ms]; empty ones vanish."""
    padded = sorted(
        Interval(max(i.start_ms - padding_ms, 0), i.end_ms + padding_ms) for i in intervals
    )
    merged: list[Interval] = []
    for interval in padded:
        if duration_ms is not None:
            interval = Interval(interval.start_ms, min(interval.end_ms, duration_ms))
        if interval.end_ms <= interval.start_ms:
            continue
        if merged and interval.start_ms <= merged[-1].end_ms:
            last = merged[-1]
            merged[-1] = Interval(last.start_ms, max(last.end_ms, interval.end_ms))
        else:
            merged.append(interval)
    return merged


def redacted_intervals(
    document: Document,
    spans: Sequence[Span],
    *,
    padding_ms: int,
    duration_ms: int | None = None,
) -> list[Interval]:
    """The stretches of the recording that carry the redacted `spans` of `document`, padded,
    merged and clamped. Raises TimingsUnavailable when the transcript has no word timings
    at all, or a redacted passage cannot be placed in time."""
    timeline = _Timeline(document)
    # A span outside every sentence (a speaker label) was never spoken.
    spoken = [span for span in spans if timeline.sentences_within(span.start, span.end)]
    if not spoken:
        return []
    if document.timed_words == 0:
        raise TimingsUnavailable("the transcript has no word timings")
    intervals = [interval for span in spoken for interval in _span_intervals(timeline, span)]
    return merge_intervals(intervals, padding_ms=padding_ms, duration_ms=duration_ms)


def intervals_to_json(intervals: Iterable[Interval]) -> str:
    """Intervals as JSON `[[start_ms, end_ms], ...]`: times only, to keep in a job's row."""
    return json.dumps([[i.start_ms, i.end_ms] for i in intervals], separators=(",", ":"))


def intervals_from_json(text: str) -> list[Interval]:
    """The intervals `intervals_to_json` wrote. Raises ValueError for anything else: a
    stretch read wrongly would leave a word audible."""
    pairs = json.loads(text)
    if not isinstance(pairs, list):
        raise ValueError("intervals must be a list")
    intervals = []
    for pair in pairs:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(type(ms) is int and ms >= 0 for ms in pair)
            and pair[0] < pair[1]
        ):
            raise ValueError("each interval must be [start_ms, end_ms] with 0 <= start < end")
        intervals.append(Interval(pair[0], pair[1]))
    return intervals
