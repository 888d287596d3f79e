"""What the job stores hand out, whichever database holds them: rows as frozen records, and
the errors a caller can act on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from bot.jobs.phase import Phase


class StoreError(Exception):
    """The job database cannot be used (DATA_DIR, or DATABASE_URL). The message names the
    setting and never quotes a password."""


class LeaseLost(Exception):
    """This process no longer holds the job's lease: another replica may be running it, so
    nothing more may be done for it here, and nothing was written."""


@dataclass(frozen=True)
class Job:
    id: int
    team_id: str
    channel_id: str
    message_ts: str
    file_id: str
    thread_ts: str
    user_id: str | None
    file_name: str | None
    status_ts: str | None
    phase: Phase
    upload_url: str | None
    transcript_id: str | None
    result_file_id: str | None
    attempts: int
    failure: str | None
    created_at: float
    updated_at: float
    result_shared: int = 0
    private: int = 0  # its status and result go to its owner privately, never to a channel
    reply_channel: str | None = None  # where they go when not the channel (the owner's DM)
    audio_intervals: str | None = None
    audio_problem: str | None = None
    audio_file_id: str | None = None

    @property
    def reply_channel_id(self) -> str:
        return self.reply_channel or self.channel_id

    @property
    def reply_thread_ts(self) -> str | None:
        """The thread the job answers in (none in its owner's DM when it came from elsewhere)."""
        return None if self.reply_channel else self.thread_ts


JOB_FIELDS = tuple(f.name for f in fields(Job))


@dataclass(frozen=True)
class NewJob:
    """What a new job is made of; the store adds its id, times and phases' results."""

    team_id: str
    channel_id: str
    message_ts: str  # with team, channel and file: the key that makes one job per file share
    file_id: str
    thread_ts: str
    user_id: str | None
    file_name: str | None
    phase: Phase = Phase.RECEIVED
    private: bool = False
    reply_channel: str | None = None
    status_ts: str | None = None
    # A job that only shares audio starts at AUDIO with its stretches in the same insert:
    # never a row a restart could take for a recording to transcribe.
    audio_intervals: str | None = None
    audio_problem: str | None = None

    def columns(self) -> dict[str, object]:
        """Column → value, as the jobs table holds them."""
        return {**asdict(self), "private": int(self.private)}
