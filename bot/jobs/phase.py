"""The durable phases of a recording job, in order; a job resumes from the last one reached.

A job starts PENDING when Slack sent a partial file object: files.info (in the job, never
in the listener) then says whether it is a recording (RECEIVED) or not (IGNORED, ended
without a word).
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    PENDING = "pending"
    RECEIVED = "received"
    UPLOADED = "uploaded"
    TRANSCRIBING = "transcribing"
    REDACTING = "redacting"
    POSTED = "posted"
    FAILED = "failed"
    IGNORED = "ignored"

    @property
    def finished(self) -> bool:
        return self in FINISHED


FINISHED = frozenset({Phase.POSTED, Phase.FAILED, Phase.IGNORED})
UNFINISHED = tuple(phase for phase in Phase if phase not in FINISHED)
