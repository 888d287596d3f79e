"""The durable phases of a recording job, in order; a job resumes from the last one reached.

A job starts PENDING when Slack sent a partial file object: files.info (in the job, never
in the listener) then says whether it is a recording (RECEIVED) or not (IGNORED, ended
without a word).

After REDACTING the transcript is in the thread. With REDACTED_AUDIO on, the job goes on to
AUDIO (the stretches to bleep are in its row; the audio is being made) and AUDIO_READY (the
redacted audio is made and waits in DATA_DIR/audio to be uploaded and shared once), then
POSTED. A job in either audio phase never touches its status message again: it holds the
transcript.
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    PENDING = "pending"
    RECEIVED = "received"
    UPLOADED = "uploaded"
    TRANSCRIBING = "transcribing"
    REDACTING = "redacting"
    AUDIO = "audio"
    AUDIO_READY = "audio_ready"
    POSTED = "posted"
    FAILED = "failed"
    IGNORED = "ignored"

    @property
    def finished(self) -> bool:
        return self in FINISHED

    @property
    def transcript_posted(self) -> bool:
        """Whether the redacted transcript is in the thread (the audio may still follow)."""
        return self in AUDIO_PHASES or self is Phase.POSTED


FINISHED = frozenset({Phase.POSTED, Phase.FAILED, Phase.IGNORED})
UNFINISHED = tuple(phase for phase in Phase if phase not in FINISHED)
AUDIO_PHASES = frozenset({Phase.AUDIO, Phase.AUDIO_READY})
