"""The redacted audio of a transcribed recording: its spans timed (`intervals_for`), then
bleeped (`bleep_intervals`); `write_redacted_audio` does both. The job runner keeps the
intervals in the job's row between the two (`bot.jobs.audio`). Only `bleep_intervals` loads
PyAV."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.audio import AudioUnavailable
from bot.audio.timings import Interval, redacted_intervals
from bot.config import Settings
from bot.redaction import Span
from bot.transcript import Document

if TYPE_CHECKING:
    from bot.audio.bleep import BleepResult, ProgressCallback


def intervals_for(document: Document, spans: Sequence[Span], settings: Settings) -> list[Interval]:
    """The stretches of the recording that carry `spans` of `document` (withheld sentences
    whole), padded by REDACTED_AUDIO_PADDING_MS and merged. Raises TimingsUnavailable (an
    AudioUnavailable) when the transcript has no word timings or a span cannot be placed."""
    return redacted_intervals(document, spans, padding_ms=settings.redacted_audio_padding_ms)


def bleep_intervals(
    source: Path,
    destination: Path,
    intervals: Sequence[Interval],
    settings: Settings,
    *,
    on_progress: ProgressCallback | None = None,
) -> BleepResult:
    """Write `source`'s audio to `destination` (`.m4a` or `.mp3`) with `intervals` bleeped
    or silenced (REDACTED_AUDIO_STYLE, REDACTED_AUDIO_TONE_HZ). Raises AudioUnavailable
    (a recording that cannot be decoded); `destination` is then absent."""
    from bot.audio.bleep import bleep  # PyAV is loaded only when audio is made

    try:
        return bleep(
            source,
            destination,
            intervals,
            style=settings.redacted_audio_style,
            tone_hz=settings.redacted_audio_tone_hz,
            on_progress=on_progress,
        )
    except AudioUnavailable:
        destination.unlink(missing_ok=True)
        raise


def write_redacted_audio(
    source: Path,
    destination: Path,
    document: Document,
    spans: Sequence[Span],
    settings: Settings,
    *,
    on_progress: ProgressCallback | None = None,
) -> BleepResult:
    """Write `source`'s audio to `destination` (`.m4a` or `.mp3`) with every span of
    `document` bleeped (or silenced, per REDACTED_AUDIO_STYLE), withheld sentences whole.

    `spans` are usually `redaction.spans`; a review that un-redacts or adds items passes its
    own. Raises AudioUnavailable (no word timings, or a recording that cannot be decoded);
    `destination` is then absent (an older file there is removed, so that whatever is found
    there afterwards is this recording's redacted audio), never a copy of the original."""
    try:
        intervals = intervals_for(document, spans, settings)
    except AudioUnavailable:
        destination.unlink(missing_ok=True)
        raise
    return bleep_intervals(source, destination, intervals, settings, on_progress=on_progress)
