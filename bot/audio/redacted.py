"""The redacted audio of a transcribed recording: its spans timed, then bleeped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.audio import AudioUnavailable
from bot.audio.bleep import BleepResult, ProgressCallback, bleep
from bot.audio.timings import redacted_intervals
from bot.config import Settings
from bot.redaction import Span
from bot.transcript import Document


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
        intervals = redacted_intervals(
            document, spans, padding_ms=settings.redacted_audio_padding_ms
        )
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
