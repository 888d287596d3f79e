"""One recording job's steps: looking up a partial file, the Slack download into the
phases (`bot.jobs.phases`), the redaction, and the one result (or failure) in its thread;
then the redacted audio (`bot.jobs.audio`).

Every step writes its phase to the store before the next begins; the result replaces the
status message (`chat.update`), and a long transcript's file is shared at most once.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Iterable, Iterator

from bot import messages
from bot.clients.assemblyai import FileTooLarge
from bot.clients.slack import CannotReadFile, NotOnSlack, SlackIO
from bot.config import Settings
from bot.jobs import phases
from bot.jobs.audio import JobAudio
from bot.jobs.delivery import Delivery
from bot.jobs.failures import PermanentFailure, RedactionIncomplete, slack_error
from bot.jobs.guard import Guard, Stopping
from bot.jobs.limits import too_large
from bot.jobs.phase import AUDIO_PHASES, Phase
from bot.jobs.status import StatusMessage
from bot.media import is_recording
from bot.pipeline import Pipeline, RedactedTranscript
from bot.reviews.desk import ReviewDesk
from bot.store import Job, Store

log = logging.getLogger(__name__)


class LookUp(enum.Enum):
    """What looking up a partial file object found."""

    RECORDING = "recording"
    NOT_A_RECORDING = "not a recording"
    TOO_LARGE = "too large"


class JobJournal:
    """A job's row as the journal of its phases (see `bot.jobs.phases.Journal`)."""

    def __init__(self, store: Store, job: Job) -> None:
        self.store = store
        self.job = job

    @property
    def phase(self) -> Phase:
        return Phase(self.job.phase)

    @property
    def upload_url(self) -> str | None:
        return self.job.upload_url

    @property
    def transcript_id(self) -> str | None:
        return self.job.transcript_id

    def uploaded(self, upload_url: str) -> None:
        self.job = self.store.update_job(self.job.id, phase=Phase.UPLOADED, upload_url=upload_url)

    def transcript_created(self, transcript_id: str) -> bool:
        recorded = self.store.record_transcript(self.job.id, transcript_id)
        self.job = self.store.job(self.job.id)
        return recorded

    def transcribed(self) -> None:
        self.job = self.store.update_job(self.job.id, phase=Phase.REDACTING)


class Recording:
    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        slack: SlackIO,
        settings: Settings,
        stopping: threading.Event,
        reviews: ReviewDesk | None = None,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.slack = slack
        self.settings = settings
        self.stopping = stopping
        self.delivery = Delivery(store, slack, reviews)
        self.audio = JobAudio(store, slack, settings, stopping)

    # --- before the phases ---

    def look_up(self, job: Job) -> LookUp:
        """Look up the file of a PENDING job (Slack sent a partial file object)."""
        file = self.slack.file_info(job.file_id)
        if not is_recording(file):
            self.store.update_job(job.id, phase=Phase.IGNORED)
            log.info("looked-up file is not a recording job=%s", job.id)
            return LookUp.NOT_A_RECORDING
        name = file.get("name") or file.get("title")
        self.store.update_job(job.id, phase=Phase.RECEIVED, attempts=0, file_name=name)
        return LookUp.TOO_LARGE if too_large(file.get("size"), self.settings) else LookUp.RECORDING

    def announce(self, job: Job, text: str) -> Job:
        """Post the job's status message (none yet) or edit it. A private job's first post
        to its owner opens their DM with the bot, whose id later edits need."""
        if job.status_ts is None:
            channel, ts = self.slack.post_in(job.reply_channel_id, job.reply_thread_ts, text)
            if job.reply_channel:
                return self.store.update_job(job.id, status_ts=ts, reply_channel=channel)
            return self.store.update_job(job.id, status_ts=ts)
        self.slack.update(job.reply_channel_id, job.status_ts, text, progress=True)
        return job

    # --- the phases ---

    def run(self, job: Job, status: StatusMessage, guard: Guard | None = None) -> None:
        """Take the job from its last durable phase to its result in the thread, asking
        `guard` between steps whether it may go on."""
        guard = guard or Stopping(self.stopping)
        if job.phase in AUDIO_PHASES:  # the transcript is posted: only its audio is left
            self.audio.run(job, guard)
            return
        journal = JobJournal(self.store, job)
        transcript_id = phases.transcribe(
            self.pipeline,
            journal,
            lambda: self._upload(journal.job, guard),
            on_status=status.transcribing,
            between=guard.check,
        )
        status.job = job = journal.job  # the freshest row: the status message's ts included
        with status.while_redacting():
            result = phases.redact(self.pipeline, transcript_id, progress=status.redacting)
            self._check_complete(job, result)
            guard.confirm()  # the review's row too is written only while the job is ours
            review_id = self.delivery.open_review(job, result)
            guard.confirm()  # the result goes out once: only while the job is still ours
            self.delivery.deliver(job, result, review_id)
        document = result.document if result.has_speech else None
        job = self.audio.begin(job, document, result.redaction.spans)
        log.info(
            "job posted job=%s sentences=%d items=%d review=%s",
            job.id,
            result.redaction.sentence_count,
            len(result.redaction.entity_spans),
            review_id is not None,
        )
        if review_id is None:  # else the transcript stays for the review, until it ends
            self.pipeline.cleanup(transcript_id)
        if job.phase == Phase.AUDIO:
            self.audio.run(job, guard)

    def _upload(self, job: Job, guard: Guard) -> str:
        file = self.slack.file_info(job.file_id)
        size = int(file.get("size") or 0)
        if too_large(size, self.settings):
            raise PermanentFailure("too large", message=self._too_large(job))
        try:
            chunks = self.slack.download(file)
            upload_url = self.pipeline.upload(self._guarded(chunks, guard), size=size or None)
        except CannotReadFile:
            raise PermanentFailure(messages.REASON_CANNOT_READ) from None
        except NotOnSlack as exc:
            # The host, never the URL (its path holds the file name) and never the token.
            log.warning("file not on Slack's hosts job=%s host=%s", job.id, exc.host)
            raise PermanentFailure(messages.REASON_NOT_ON_SLACK) from None
        except FileTooLarge:
            raise PermanentFailure("too large", message=self._too_large(job)) from None
        log.info("job uploaded job=%s bytes=%d", job.id, size)
        return upload_url

    def _too_large(self, job: Job) -> str:
        return messages.too_large(job.file_name, self.settings.job_max_file_mb)

    def _guarded(self, chunks: Iterable[bytes], guard: Guard) -> Iterator[bytes]:
        for chunk in chunks:
            guard.check()
            yield chunk

    # --- the result ---

    def _check_complete(self, job: Job, result: RedactedTranscript) -> None:
        """A result with withheld sentences is posted with a marker for each, unless nothing
        at all was checked, or asking the gateway again later may check the rest."""
        redaction = result.redaction
        if redaction.complete:
            return
        final_attempt = job.attempts + 1 >= self.settings.job_max_attempts
        if redaction.checked_nothing or (redaction.retryable and not final_attempt):
            raise RedactionIncomplete(
                messages.reason_unchecked(redaction), retryable=redaction.retryable
            )
        log.warning(
            "job posting a partial result job=%s withheld=%d of %d",
            job.id,
            len(redaction.withheld),
            redaction.sentence_count,
        )

    # --- the end ---

    def fail(self, job: Job, text: str, reason: str) -> None:
        """End a job with one failure message in its thread (an edit, so never twice)."""
        job = self.store.job(job.id)
        if Phase(job.phase).finished:
            return
        if job.phase in AUDIO_PHASES:  # the transcript stands; only its audio failed
            self.audio.give_up(job, reason)
            return
        try:
            self._show_failure(job, text)
        except Exception as exc:
            log.warning("failure message not posted job=%s error=%s", job.id, type(exc).__name__)
        self.store.update_job(job.id, phase=Phase.FAILED, failure=reason[:300])
        if job.transcript_id:
            self.pipeline.cleanup(job.transcript_id)

    def _show_failure(self, job: Job, text: str) -> None:
        if job.status_ts:
            try:
                self.slack.update(job.reply_channel_id, job.status_ts, text)
                return
            except Exception as exc:
                if slack_error(exc) != "message_not_found":
                    raise
        # No status message yet, or the user deleted it: the failure gets a new one.
        channel, ts = self.slack.post_in(job.reply_channel_id, job.reply_thread_ts, text)
        if job.status_ts:
            self.slack.replaced(job.reply_channel_id, job.status_ts, ts)
        if job.reply_channel:
            self.store.update_job(job.id, status_ts=ts, reply_channel=channel)
        else:
            self.store.update_job(job.id, status_ts=ts)
