"""The phase sequence of a recording, shared by the job runner and `redact-bot file`:
upload → create the transcript (its id recorded at once) → wait for it → redact it.

Where the progress is written down differs: a job's row in the store (so a restarted
process resumes from the last phase reached), or `Notes` in memory for the command line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.clients.assemblyai import StatusCallback
from bot.jobs.phase import Phase
from bot.pipeline import Pipeline, RedactedTranscript
from bot.redaction import Progress

log = logging.getLogger(__name__)


class Journal(Protocol):
    """Where a recording's progress through the phases is written down."""

    @property
    def phase(self) -> Phase: ...

    @property
    def upload_url(self) -> str | None: ...

    @property
    def transcript_id(self) -> str | None: ...

    def uploaded(self, upload_url: str) -> None: ...

    def transcript_created(self, transcript_id: str) -> bool:
        """Record a new transcript's id; False if one was recorded already (keep that)."""
        ...

    def transcribed(self) -> None: ...


@dataclass
class Notes:
    """A journal in memory, for a run that cannot resume (the command line)."""

    phase: Phase = Phase.RECEIVED
    upload_url: str | None = None
    transcript_id: str | None = None

    def uploaded(self, upload_url: str) -> None:
        self.phase, self.upload_url = Phase.UPLOADED, upload_url

    def transcript_created(self, transcript_id: str) -> bool:
        if self.transcript_id is not None:
            return False
        self.phase, self.transcript_id = Phase.TRANSCRIBING, transcript_id
        return True

    def transcribed(self) -> None:
        self.phase = Phase.REDACTING


def _create_transcript(pipeline: Pipeline, journal: Journal) -> None:
    """Ask for the transcript and record its id before anything else can fail: a transcript
    nobody has a record of would stay at AssemblyAI, unredacted, for ever."""
    assert journal.upload_url
    transcript_id = pipeline.start_transcript(journal.upload_url)
    try:
        recorded = journal.transcript_created(transcript_id)
    except Exception:
        log.warning("transcript id not recorded; deleting it")
        pipeline.cleanup(transcript_id)
        raise
    if not recorded:  # another run got there first: keep one transcript
        log.warning("a transcript was recorded already; deleting the new one")
        pipeline.cleanup(transcript_id)


def transcribe(
    pipeline: Pipeline,
    journal: Journal,
    upload: Callable[[], str],
    *,
    on_status: StatusCallback | None = None,
    between: Callable[[], None] = lambda: None,
) -> str:
    """Run the phases up to REDACTING from wherever `journal` stands; return the transcript
    id. `upload` sends the recording and returns its upload URL; `between` runs between
    phases (and may raise to stop at a durable point)."""
    if journal.phase == Phase.RECEIVED:
        journal.uploaded(upload())
    between()
    if journal.phase == Phase.UPLOADED:
        _create_transcript(pipeline, journal)
    between()
    assert journal.transcript_id
    if journal.phase == Phase.TRANSCRIBING:
        pipeline.wait(journal.transcript_id, on_status=on_status)
        journal.transcribed()
    return journal.transcript_id


def redact(
    pipeline: Pipeline,
    transcript_id: str,
    *,
    style: str | None = None,
    progress: Progress | None = None,
) -> RedactedTranscript:
    """The last phase: the completed transcript's sentences, redacted."""
    transcript = pipeline.transcript(transcript_id)
    return pipeline.redact(transcript_id, transcript, style=style, progress=progress)
