"""The job runner: threads, the queue, resuming after a restart, retries, stopping.

Jobs run on their own bounded executor, never on Bolt's listener threads; a job's steps are
`bot.jobs.recording`'s. A failure is retried (JOB_MAX_ATTEMPTS, JOB_RETRY_DELAY doubling)
unless `bot.jobs.failures` says trying again cannot help; then the thread is told once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from bot import messages
from bot.clients.slack import SlackIO
from bot.config import Settings
from bot.jobs import failures
from bot.jobs.failures import Interrupted
from bot.jobs.phase import AUDIO_PHASES, UNFINISHED, Phase
from bot.jobs.queue import JobQueue
from bot.jobs.recording import LookUp, Recording
from bot.jobs.status import StatusMessage
from bot.logs import describe_exception
from bot.pipeline import Pipeline
from bot.redaction import Span
from bot.reviews.desk import ReviewDesk
from bot.store import Job, Store
from bot.transcript import Document

log = logging.getLogger(__name__)
# A status message the user deleted is posted again, at most this many times per job.
MAX_STATUS_REPOSTS = 3


class JobRunner:
    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        slack: SlackIO,
        settings: Settings,
        *,
        gateway_wait: Callable[[], float] = lambda: 0.0,
        reviews: ReviewDesk | None = None,
    ) -> None:
        self.store = store
        self.slack = slack
        self.settings = settings
        self.gateway_wait = gateway_wait  # seconds a gateway request asking now would wait
        self._stopping = threading.Event()
        self.recording = Recording(store, pipeline, slack, settings, self._stopping, reviews)
        self._workers = ThreadPoolExecutor(settings.job_concurrency, thread_name_prefix="job")
        self._announcer = ThreadPoolExecutor(1, thread_name_prefix="announce")
        # files.info for partial file objects: apart from the workers, which may all be busy
        # with long recordings, and from the listener, which must answer Slack at once.
        self._lookups = ThreadPoolExecutor(2, thread_name_prefix="lookup")
        self._reposts: Counter[int] = Counter()  # status messages posted again, per job
        self._queue = JobQueue(settings.job_concurrency)
        self._lock = threading.Lock()
        self._timers: list[threading.Timer] = []

    # --- taking work ---

    def enqueue(self, job_id: int) -> None:
        """Announce a job in its thread, then queue it for a worker. Returns at once."""
        if not self._stopping.is_set() and self._queue.admit(job_id):
            self._announcer.submit(self._announce_and_queue, job_id)

    def share_audio(
        self, source_job_id: int, document: Document, spans: Sequence[Span], **where: str
    ) -> None:
        """Share a job's recording bleeped by a review's `spans` under the review's share
        message (`where`: channel, thread_ts, user_id; see `JobAudio.follow_share`)."""
        source = self.store.job(source_job_id)
        job = self.recording.audio.follow_share(source, document, spans, **where)
        if job is not None:
            self.enqueue(job.id)

    def refuse_too_large(self, job_id: int) -> None:
        """End a job whose file is over the size limit with a short reply, without work."""

        def refuse() -> None:
            job = self.store.job(job_id)
            text = messages.too_large(job.file_name, self.settings.job_max_file_mb)
            self.recording.fail(job, text, "too large")

        self._announcer.submit(refuse)

    def resolve(self, job_id: int) -> None:
        """Look up a PENDING job's file (Slack sent a partial file object), then queue it if
        it is a recording and end it silently if not. Returns at once."""
        if not self._stopping.is_set():
            self._lookups.submit(self._resolve, job_id)

    def _resolve(self, job_id: int) -> None:
        job = self.store.job(job_id)
        if job.phase != Phase.PENDING or self._stopping.is_set():
            return
        try:
            found = self.recording.look_up(job)
        except Exception as exc:
            log.warning("file lookup failed job=%s error=%s", job.id, type(exc).__name__)
            self._retry_or_fail(job, exc, self.resolve)
            return
        if found is LookUp.NOT_A_RECORDING:
            log.info("looked-up file is not a recording job=%s", job.id)
        elif found is LookUp.TOO_LARGE:
            self.refuse_too_large(job.id)
        elif found is LookUp.RECORDING:
            self.enqueue(job.id)

    def resume_unfinished(self) -> int:
        jobs = self.store.unfinished_jobs()
        self.recording.audio.sweep(jobs)  # before any job runs: what a killed process left
        for job in jobs:
            log.info("resuming job=%s phase=%s", job.id, job.phase)
            if job.phase == Phase.PENDING:
                self.resolve(job.id)
            else:
                self.enqueue(job.id)
        return len(jobs)

    def _announce_and_queue(self, job_id: int) -> None:
        """Post (or, on resume, edit) the status message, then hand the job to a worker.
        The job is handed over whatever happens here: the worker reports failures."""
        try:
            job = self.store.job(job_id)
            ahead = self._queue.position(job_id)
            name = job.file_name
            # Once the transcript is posted, the status message holds it: no more statuses.
            if not job.phase.transcript_posted and (job.status_ts is None or ahead):
                text = messages.queued(name, ahead - 1) if ahead else messages.uploading(name)
                self.recording.announce(job, text)
        except Exception as exc:
            log.warning("status post failed job=%s: %s", job_id, describe_exception(exc))
        self._workers.submit(self._run, job_id)

    # --- doing work ---

    def _run(self, job_id: int) -> None:
        self._queue.start(job_id)
        try:
            self._run_job(job_id)
        except Exception as exc:
            log.error("job runner error job=%s: %s", job_id, describe_exception(exc))
        finally:
            if self._queue.finish(job_id):
                self.enqueue(job_id)

    def _run_job(self, job_id: int) -> None:
        job = self.store.job(job_id)
        if job.phase not in UNFINISHED or self._stopping.is_set():
            return
        status = StatusMessage(self.slack, self.store, job, self._stopping, self.gateway_wait)
        started = time.monotonic()
        try:
            if job.status_ts is None:  # the announcement failed: try once more
                job = status.job = self.recording.announce(job, messages.uploading(job.file_name))
            self.recording.run(job, status)
            log.info("job done job=%s took=%.1fs", job_id, time.monotonic() - started)
        except Interrupted:
            phase = self.store.job(job_id).phase
            log.info("job paused for shutdown job=%s phase=%s", job_id, phase)
        except Exception as exc:
            self._after_failure(self.store.job(job_id), exc, status)

    # --- failures ---

    def _after_failure(self, job: Job, exc: Exception, status: StatusMessage) -> None:
        if job.phase not in UNFINISHED:  # the result was already posted, or it failed before
            log.warning("error after the job ended job=%s: %s", job.id, describe_exception(exc))
            return
        if job.phase in AUDIO_PHASES:  # the status message holds the transcript: untouched
            attempt, error = job.attempts + 1, describe_exception(exc)
            log.warning("audio failed job=%s attempt=%d: %s", job.id, attempt, error)
            self._retry_or_fail(job, exc, self.enqueue)
            return
        deleted = failures.slack_error(exc) == "message_not_found"
        if deleted and self._reposts[job.id] < MAX_STATUS_REPOSTS:
            # The user deleted the status message before the result could be put in it: a new
            # one is posted and the job runs again from its durable phase (no attempt spent).
            self._reposts[job.id] += 1
            log.info("status message was deleted; running the job again job=%s", job.id)
            self.store.update_job(job.id, status_ts=None)
            self._queue.again_after(job.id)
            return
        log.warning(
            "job failed job=%s phase=%s attempt=%d error=%s status=%s",
            job.id,
            job.phase,
            job.attempts + 1,
            type(exc).__name__,
            getattr(exc, "status", None),
        )
        if self._retry_or_fail(job, exc, self.enqueue):
            limit = self.settings.job_max_attempts
            status.show(messages.retrying(job.file_name, job.attempts + 1, limit))

    def _retry_or_fail(self, job: Job, exc: Exception, again: Callable[[int], None]) -> bool:
        """Schedule `again` for the job after a growing delay, or end it with its failure
        message when trying again cannot help or the attempts are spent. True: retrying."""
        attempts = job.attempts + 1
        if failures.is_permanent(exc) or attempts >= self.settings.job_max_attempts:
            text = failures.thread_text(exc, job.file_name)
            self.recording.fail(job, text, failures.reason(exc))
            return False
        self.store.update_job(job.id, attempts=attempts)
        delay = self.settings.job_retry_delay * 2 ** (attempts - 1)
        if not self._stopping.is_set():
            timer = threading.Timer(delay, again, args=(job.id,))
            timer.daemon = True
            with self._lock:
                self._timers = [t for t in self._timers if t.is_alive()] + [timer]
            timer.start()
        return True

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
            if self._queue.idle():
                return True
            time.sleep(0.05)
        return False
