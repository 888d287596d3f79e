"""The job runner: turns a shared recording into exactly one result in its thread.

Each job moves through durable phases (see `bot.store`); every phase boundary is written to
the store before the next begins, so a restarted process resumes a job where it stopped:
with a transcript id it polls again instead of uploading again, and the thread's status
message is updated, never posted twice. Jobs run on their own bounded executor, never on
Bolt's listener threads.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from slack_sdk.errors import SlackApiError

from bot import messages
from bot.clients.assemblyai import (
    AssemblyAIError,
    FileTooLarge,
    TranscriptionFailed,
    TranscriptionTimeout,
)
from bot.config import Settings
from bot.logs import describe_exception
from bot.media import is_recording
from bot.pipeline import Pipeline
from bot.slack_io import CannotReadFile, NotOnSlack, SlackFileError, SlackIO
from bot.store import (
    FAILED,
    IGNORED,
    PENDING,
    POSTED,
    RECEIVED,
    REDACTING,
    TRANSCRIBING,
    UNFINISHED,
    UPLOADED,
    Job,
    Store,
)

log = logging.getLogger(__name__)
STATUS_INTERVAL = 3.0  # seconds between progress edits of a status message
# A rate-limit wait shorter than this is not worth telling anyone about.
GATEWAY_WAIT_WORTH_SAYING = 1.0
# A status message the user deleted is posted again, at most this many times per job.
MAX_STATUS_REPOSTS = 3


class PermanentFailure(Exception):
    """A failure that trying again cannot fix. The message is shown in the thread."""


class RedactionIncomplete(Exception):
    """No sentence could be checked, or the gateway failed for some and a later attempt may
    check them: nothing is posted yet. Retried later when the gateway was the cause."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class Interrupted(Exception):
    """The process is shutting down; the job stays at its last durable phase."""


class StatusMessage:
    """The one status message of a job's thread, edited in place and throttled. If the user
    deleted it, the next edit posts it again (and the store learns the new ts)."""

    def __init__(
        self,
        slack: SlackIO,
        store: Store,
        job: Job,
        stopping: threading.Event,
        gateway_wait: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.slack = slack
        self.store = store
        self.job = job
        self.stopping = stopping
        self.gateway_wait = gateway_wait
        self._last = 0.0
        self._shown: str | None = None
        self._progress: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def show(self, text: str, *, force: bool = True) -> None:
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last < STATUS_INTERVAL:
                return
            self._last = now
            if self.job.status_ts is None:
                return
            try:
                self.slack.update(self.job.channel_id, self.job.status_ts, text, progress=True)
                self._shown = text
            except Exception as exc:  # progress is best effort; the final edit is not
                if _slack_error(exc) == "message_not_found":
                    self._post_again(text)
                    return
                log.warning("status update failed job=%s error=%s", self.job.id, type(exc).__name__)

    def _post_again(self, text: str) -> None:
        """The user deleted the status message: post a new one in the thread."""
        old_ts = self.job.status_ts
        assert old_ts is not None
        try:
            ts = self.slack.post(self.job.channel_id, self.job.thread_ts, text)
        except Exception as exc:
            log.warning("status repost failed job=%s error=%s", self.job.id, type(exc).__name__)
            return
        self.slack.replaced(self.job.channel_id, old_ts, ts)
        self.job = self.store.update_job(self.job.id, status_ts=ts)
        self._shown = text
        log.info("status message was deleted; posted again job=%s", self.job.id)

    def transcribing(self, status: str, elapsed: float) -> None:
        if self.stopping.is_set():
            raise Interrupted
        self.show(messages.transcribing(self.job.file_name, status, elapsed), force=False)

    def _redacting_text(self) -> str:
        waiting = self.gateway_wait() >= GATEWAY_WAIT_WORTH_SAYING
        return messages.checking(self.job.file_name, self._progress, waiting_for_gateway=waiting)

    def redacting(self, done: int, total: int) -> None:
        self._progress = (done, total)
        self.show(self._redacting_text(), force=done == total)

    @contextmanager
    def while_redacting(self) -> Iterator[None]:
        """Say at once that the transcript is being checked, then keep the message true while
        the redaction runs: a wait for the gateway's rate limit is shown as such (edits only
        when what is shown changes)."""
        self.show(self._redacting_text())
        done = threading.Event()

        def refresh() -> None:
            # Progress edits: one that comes too late never covers the result (SlackIO).
            while not done.wait(STATUS_INTERVAL):
                text = self._redacting_text()
                if text != self._shown:
                    self.show(text)

        thread = threading.Thread(target=refresh, name=f"status-{self.job.id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()


# Slack API errors that no retry can fix.
PERMANENT_SLACK_ERRORS = frozenset(
    {
        "file_not_found",
        "file_deleted",
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "missing_scope",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
    }
)


def _slack_error(exc: BaseException) -> str | None:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "error")
    return None


def _failure_reason(exc: BaseException) -> str:
    """What went wrong, in words fit for the thread: no content, no secrets."""
    if isinstance(exc, PermanentFailure | RedactionIncomplete):
        return str(exc)
    if isinstance(exc, SlackFileError) and exc.download:
        return f"Slack would not let me download the file (HTTP {exc.status})."
    if _slack_error(exc):
        return f"Slack refused a request ({_slack_error(exc)})."
    if isinstance(exc, TranscriptionFailed):
        return f"AssemblyAI could not transcribe it ({exc.message})."
    if isinstance(exc, TranscriptionTimeout):
        return "AssemblyAI did not finish the transcript in time."
    if isinstance(exc, AssemblyAIError) and exc.status in (401, 403):
        return "AssemblyAI refused the API key (check ASSEMBLYAI_API_KEY)."
    if isinstance(exc, AssemblyAIError):
        return "AssemblyAI is not answering properly right now."
    return f"a temporary problem kept happening ({type(exc).__name__})."


def _is_permanent(exc: BaseException) -> bool:
    if isinstance(exc, PermanentFailure | TranscriptionFailed | TranscriptionTimeout):
        return True
    if isinstance(exc, RedactionIncomplete):
        return not exc.retryable  # the same answer would come back: asking again is waste
    if isinstance(exc, SlackFileError):
        return exc.download and exc.status in (401, 403, 404, 410)
    if _slack_error(exc) in PERMANENT_SLACK_ERRORS:
        return True
    return isinstance(exc, AssemblyAIError) and exc.status in (400, 401, 403, 404, 422)


class JobRunner:
    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        slack: SlackIO,
        settings: Settings,
        *,
        gateway_wait: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.slack = slack
        self.settings = settings
        self.gateway_wait = gateway_wait  # seconds a gateway request asking now would wait
        self._workers = ThreadPoolExecutor(settings.job_concurrency, thread_name_prefix="job")
        self._announcer = ThreadPoolExecutor(1, thread_name_prefix="announce")
        # files.info for partial file objects: apart from the workers, which may all be busy
        # with long recordings, and from the listener, which must answer Slack at once.
        self._lookups = ThreadPoolExecutor(2, thread_name_prefix="lookup")
        self._reposts: Counter[int] = Counter()  # status messages posted again, per job
        self._run_again: set[int] = set()  # jobs to queue again once their run has ended
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._tickets = itertools.count()
        self._waiting: dict[int, int] = {}  # job id → ticket, for jobs not started yet
        self._running: set[int] = set()
        self._timers: list[threading.Timer] = []

    # --- taking work ---

    def enqueue(self, job_id: int) -> None:
        """Announce a job in its thread, then queue it for a worker. Returns at once."""
        if self._stopping.is_set():
            return
        with self._lock:
            if job_id in self._waiting or job_id in self._running:
                return  # queued or running already: one run of a job at a time
            self._waiting[job_id] = next(self._tickets)
        self._announcer.submit(self._announce_and_queue, job_id)

    def refuse_too_large(self, job_id: int) -> None:
        """End a job whose file is over the size limit with a short reply, without work."""

        def refuse() -> None:
            job = self.store.job(job_id)
            self.fail(job, messages.too_large(job.file_name, self.settings.job_max_file_mb))

        self._announcer.submit(refuse)

    def resolve(self, job_id: int) -> None:
        """Look up a PENDING job's file (Slack sent a partial file object), then queue it if
        it is a recording and end it silently if not. Returns at once."""
        if not self._stopping.is_set():
            self._lookups.submit(self._resolve, job_id)

    def _resolve(self, job_id: int) -> None:
        job = self.store.job(job_id)
        if job.phase != PENDING or self._stopping.is_set():
            return
        try:
            file = self.slack.file_info(job.file_id)
        except Exception as exc:
            attempts = job.attempts + 1
            log.warning(
                "file lookup failed job=%s attempt=%d error=%s",
                job.id,
                attempts,
                type(exc).__name__,
            )
            if _is_permanent(exc) or attempts >= self.settings.job_max_attempts:
                self.fail(job, _failure_reason(exc))
            else:
                self.store.update_job(job.id, attempts=attempts)
                delay = self.settings.job_retry_delay * 2 ** (attempts - 1)
                self._schedule(self.resolve, job.id, delay)
            return
        if not is_recording(file):
            self.store.update_job(job.id, phase=IGNORED)
            log.info("looked-up file is not a recording job=%s", job.id)
            return
        job = self.store.update_job(
            job.id, phase=RECEIVED, attempts=0, file_name=file.get("name") or file.get("title")
        )
        if int(file.get("size") or 0) > self.settings.job_max_file_mb * 1_000_000:
            self.fail(job, messages.too_large(job.file_name, self.settings.job_max_file_mb))
            return
        self.enqueue(job.id)

    def resume_unfinished(self) -> int:
        jobs = self.store.unfinished_jobs()
        for job in jobs:
            log.info("resuming job=%s phase=%s", job.id, job.phase)
            if job.phase == PENDING:
                self.resolve(job.id)
            else:
                self.enqueue(job.id)
        return len(jobs)

    def _queue_position(self, job_id: int) -> int:
        """How many jobs must start before this one can (0: it starts at once)."""
        with self._lock:
            ticket = self._waiting.get(job_id, -1)
            earlier = sum(1 for other in self._waiting.values() if other < ticket)
            free = self.settings.job_concurrency - len(self._running)
        return max(earlier - free + 1, 0)

    def _announce_and_queue(self, job_id: int) -> None:
        """Post (or, on resume, edit) the status message, then hand the job to a worker.
        The job is handed over whatever happens here: the worker reports failures."""
        try:
            job = self.store.job(job_id)
            ahead = self._queue_position(job_id)
            name = job.file_name
            text = messages.queued(name, ahead - 1) if ahead else messages.uploading(name)
            if job.status_ts is None:
                ts = self.slack.post(job.channel_id, job.thread_ts, text)
                self.store.update_job(job.id, status_ts=ts)
            elif ahead:
                self.slack.update(job.channel_id, job.status_ts, text, progress=True)
        except Exception as exc:
            log.warning("status post failed job=%s: %s", job_id, describe_exception(exc))
        self._workers.submit(self._run, job_id)

    # --- doing work ---

    def _run(self, job_id: int) -> None:
        with self._lock:
            self._waiting.pop(job_id, None)
            self._running.add(job_id)
        try:
            self._run_job(job_id)
        except Exception as exc:
            log.error("job runner error job=%s: %s", job_id, describe_exception(exc))
        finally:
            with self._lock:
                self._running.discard(job_id)
                again = job_id in self._run_again
                self._run_again.discard(job_id)
            if again:
                self.enqueue(job_id)

    def _run_job(self, job_id: int) -> None:
        job = self.store.job(job_id)
        if job.phase not in UNFINISHED or self._stopping.is_set():
            return
        status = StatusMessage(self.slack, self.store, job, self._stopping, self.gateway_wait)
        started = time.monotonic()
        try:
            if job.status_ts is None:  # the announcement failed: try once more
                text = messages.uploading(job.file_name)
                ts = self.slack.post(job.channel_id, job.thread_ts, text)
                job = status.job = self.store.update_job(job.id, status_ts=ts)
            self._advance(job, status)
            log.info("job done job=%s took=%.1fs", job_id, time.monotonic() - started)
        except Interrupted:
            log.info(
                "job paused for shutdown job=%s phase=%s", job_id, self.store.job(job_id).phase
            )
        except Exception as exc:
            self._after_failure(self.store.job(job_id), exc, status)

    def _advance(self, job: Job, status: StatusMessage) -> None:
        if job.phase == RECEIVED:
            job = self._upload(job)
        self._check_stopping()
        if job.phase == UPLOADED:
            assert job.upload_url
            job = self._record_transcript(job, self.pipeline.start_transcript(job.upload_url))
        self._check_stopping()
        if job.phase == TRANSCRIBING:
            assert job.transcript_id
            self.pipeline.wait(job.transcript_id, on_status=status.transcribing)
            job = self.store.update_job(job.id, phase=REDACTING)
        if job.phase == REDACTING:
            status.job = job  # the freshest row: the status message's ts included
            with status.while_redacting():
                self._redact_and_post(job, status)

    def _record_transcript(self, job: Job, transcript_id: str) -> Job:
        """Store a just-created transcript's id before anything else happens: a transcript we
        have no record of would stay at AssemblyAI, unredacted, for ever."""
        try:
            recorded = self.store.record_transcript(job.id, transcript_id)
        except Exception:
            log.warning("transcript id not recorded; deleting it job=%s", job.id)
            self.pipeline.cleanup(transcript_id)
            raise
        if not recorded:  # another run of this job got there first: keep one transcript
            log.warning("job had a transcript already; deleting the new one job=%s", job.id)
            self.pipeline.cleanup(transcript_id)
            return self.store.update_job(job.id, phase=TRANSCRIBING)
        return self.store.job(job.id)

    def _check_stopping(self) -> None:
        if self._stopping.is_set():
            raise Interrupted

    def _upload(self, job: Job) -> Job:
        file = self.slack.file_info(job.file_id)
        limit = self.settings.job_max_file_mb * 1_000_000
        size = int(file.get("size") or 0)
        if size > limit:
            raise PermanentFailure(messages.too_large(job.file_name, self.settings.job_max_file_mb))
        try:
            chunks = self.slack.download(file)
            upload_url = self.pipeline.upload(self._until_stopping(chunks), size=size or None)
        except CannotReadFile:
            raise PermanentFailure(
                "the bot cannot read this file — reinstall it with the files:read scope."
            ) from None
        except NotOnSlack as exc:
            # The host, never the URL (its path holds the file name) and never the token.
            log.warning("file not on Slack's hosts job=%s host=%s", job.id, exc.host)
            raise PermanentFailure(
                "the bot cannot read this file: it is not stored on Slack, and the bot sends "
                "its Slack token to nobody else."
            ) from None
        except FileTooLarge:
            raise PermanentFailure(
                messages.too_large(job.file_name, self.settings.job_max_file_mb)
            ) from None
        log.info("job uploaded job=%s bytes=%d", job.id, size)
        return self.store.update_job(job.id, phase=UPLOADED, upload_url=upload_url)

    def _until_stopping(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            if self._stopping.is_set():
                raise Interrupted
            yield chunk

    def _redact_and_post(self, job: Job, status: StatusMessage) -> None:
        assert job.transcript_id and job.status_ts
        transcript = self.pipeline.transcript(job.transcript_id)
        result = self.pipeline.redact(job.transcript_id, transcript, progress=status.redacting)
        redaction = result.redaction
        if not redaction.complete:
            # Posted with each unchecked sentence replaced by a marker, unless nothing at
            # all was checked, or asking the gateway again later may check the rest.
            final_attempt = job.attempts + 1 >= self.settings.job_max_attempts
            if redaction.checked_nothing or (redaction.retryable and not final_attempt):
                raise RedactionIncomplete(
                    f"{len(redaction.withheld)} of {redaction.sentence_count} sentences could "
                    f"not be checked for personal data ({redaction.withheld_reason}).",
                    retryable=redaction.retryable,
                )
            log.warning(
                "job posting a partial result job=%s withheld=%d of %d",
                job.id,
                len(redaction.withheld),
                redaction.sentence_count,
            )
        if not result.has_speech:
            self.slack.update(job.channel_id, job.status_ts, messages.no_speech(job.file_name))
        else:
            message = messages.result(job.file_name, redaction, result.text)
            if len(result.text) > messages.INLINE_LIMIT:
                self._attach_transcript(job, result.text)
            self.slack.update(job.channel_id, job.status_ts, message["text"], message["blocks"])
        self.store.update_job(job.id, phase=POSTED)
        log.info(
            "job posted job=%s sentences=%d items=%d",
            job.id,
            redaction.sentence_count,
            len(redaction.entity_spans),
        )
        self.pipeline.cleanup(job.transcript_id)

    def _attach_transcript(self, job: Job, text: str) -> None:
        """Upload the transcript as a .txt file into the thread, at most once per job: the
        file id is stored before it is shared, and sharing is recorded once it is done."""
        if job.result_shared:
            return
        content = text.encode("utf-8")
        share = {"title": "Redacted transcript", "channel": job.channel_id}
        if job.result_file_id:  # a share that may not have completed: finish it
            try:
                self.slack.share_upload(job.result_file_id, thread_ts=job.thread_ts, **share)
                self.store.update_job(job.id, result_shared=1)
                return
            except SlackApiError:
                log.info("earlier upload not shareable; uploading again job=%s", job.id)
        filename = f"redacted-transcript-{job.id}.txt"
        file_id, upload_url = self.slack.start_upload(filename, content)
        self.store.update_job(job.id, result_file_id=file_id)
        self.slack.send_upload(upload_url, content)
        self.slack.share_upload(file_id, thread_ts=job.thread_ts, **share)
        self.store.update_job(job.id, result_shared=1)

    # --- failures ---

    def _after_failure(self, job: Job, exc: Exception, status: StatusMessage) -> None:
        if job.phase not in UNFINISHED:  # the result was already posted, or it failed before
            log.warning("error after the job ended job=%s: %s", job.id, describe_exception(exc))
            return
        if _slack_error(exc) == "message_not_found" and self._reposts[job.id] < MAX_STATUS_REPOSTS:
            # The user deleted the status message before the result could be put in it: a new
            # one is posted and the job runs again from its durable phase (no attempt spent).
            self._reposts[job.id] += 1
            log.info("status message was deleted; running the job again job=%s", job.id)
            self.store.update_job(job.id, status_ts=None)
            with self._lock:
                self._run_again.add(job.id)  # once this run has ended
            return
        attempts = job.attempts + 1
        permanent = _is_permanent(exc)
        log.warning(
            "job failed job=%s phase=%s attempt=%d error=%s status=%s",
            job.id,
            job.phase,
            attempts,
            type(exc).__name__,
            getattr(exc, "status", None),
        )
        if permanent or attempts >= self.settings.job_max_attempts:
            self.fail(job, _failure_reason(exc))
            return
        self.store.update_job(job.id, attempts=attempts)
        status.show(messages.retrying(job.file_name, attempts, self.settings.job_max_attempts))
        delay = self.settings.job_retry_delay * 2 ** (attempts - 1)
        self._schedule(self.enqueue, job.id, delay)

    def _schedule(self, action: Callable[[int], None], job_id: int, delay: float) -> None:
        if self._stopping.is_set():
            return
        timer = threading.Timer(delay, action, args=(job_id,))
        timer.daemon = True
        with self._lock:
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
        timer.start()

    def fail(self, job: Job, reason: str) -> None:
        """End a job with one failure message in its thread (an edit, so never twice)."""
        job = self.store.job(job.id)
        if job.phase not in UNFINISHED:
            return
        text = reason if reason.startswith(":warning:") else messages.failed(job.file_name, reason)
        try:
            self._show_failure(job, text)
        except Exception as exc:
            log.warning("failure message not posted job=%s error=%s", job.id, type(exc).__name__)
        self.store.update_job(job.id, phase=FAILED, failure=reason[:300])
        if job.transcript_id:
            self.pipeline.cleanup(job.transcript_id)

    def _show_failure(self, job: Job, text: str) -> None:
        if job.status_ts:
            try:
                self.slack.update(job.channel_id, job.status_ts, text)
                return
            except Exception as exc:
                if _slack_error(exc) != "message_not_found":
                    raise
        # No status message yet, or the user deleted it: the failure gets a new one.
        ts = self.slack.post(job.channel_id, job.thread_ts, text)
        if job.status_ts:
            self.slack.replaced(job.channel_id, job.status_ts, ts)
        self.store.update_job(job.id, status_ts=ts)

    # --- stopping ---

    def shutdown(self, grace: float) -> bool:
        """Stop taking jobs; give running ones `grace` seconds to reach a durable phase.
        Returns True if every worker stopped in time."""
        self._stopping.set()
        with self._lock:
            for timer in self._timers:
                timer.cancel()
        self._announcer.shutdown(wait=False, cancel_futures=True)
        self._lookups.shutdown(wait=False, cancel_futures=True)
        self._workers.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return True
            time.sleep(0.05)
        return False
