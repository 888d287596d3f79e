"""The job runner: threads, the queue, resuming after a restart, retries, stopping.

Jobs run on their own bounded executor, never on Bolt's listener threads; a job's steps are
`bot.jobs.recording`'s. A failure is retried (JOB_MAX_ATTEMPTS, JOB_RETRY_DELAY doubling)
unless `bot.jobs.failures` says trying again cannot help; then the thread is told once.

This runner owns its jobs outright (SQLite: one process per DATA_DIR): it resumes every
unfinished job at start and retries on timers. With PostgreSQL, `bot.jobs.leased` replaces
the hooks marked below so replicas take jobs by lease instead.
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
from bot.jobs.guard import Guard, Stopping, still_ours
from bot.jobs.phase import AUDIO_PHASES, UNFINISHED, Phase
from bot.jobs.queue import JobQueue, Timers
from bot.jobs.recording import LookUp, Recording
from bot.jobs.status import StatusMessage
from bot.logs import describe_exception
from bot.pipeline import Pipeline
from bot.redaction import Span
from bot.reviews.desk import ReviewDesk
from bot.store import Job, LeaseLost, Store
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
        # files.info for partial files: apart from busy workers and the listener's quick ack.
        self._lookups = ThreadPoolExecutor(2, thread_name_prefix="lookup")
        self._reposts: Counter[int] = Counter()  # status messages posted again, per job
        self._queue = JobQueue(settings.job_concurrency)
        self._timers = Timers()

    # --- taking work ---

    def enqueue(self, job_id: int) -> None:
        """Announce a job in its thread, then queue it for a worker. Returns at once."""
        if not self._stopping.is_set() and self._queue.admit(job_id):
            self._announcer.submit(self._announce_and_queue, job_id)

    def share_audio(
        self, source: Job, document: Document, spans: Sequence[Span], **where: str
    ) -> None:
        """The audio of a review's share, bleeped by its `spans` (`JobAudio.follow_share`)."""
        job = self.recording.audio.follow_share(source, document, spans, **where)
        if job is not None:
            self.enqueue(job.id)

    def refuse_too_large(self, job_id: int) -> None:
        """End a job whose file is over the size limit with a short reply, without work."""
        self._announcer.submit(self._refuse, job_id)

    def _refuse(self, job_id: int) -> None:
        job = self.store.job(job_id)
        text = messages.too_large(job.file_name, self.settings.job_max_file_mb)
        self.recording.fail(job, text, "too large")

    def resolve(self, job_id: int) -> None:
        """Look up a PENDING job's file (Slack sent a partial file object), then queue it if
        it is a recording and end it silently if not. Returns at once."""
        if not self._stopping.is_set():
            self._lookups.submit(self._resolve, job_id)

    def _resolve(self, job_id: int) -> None:
        found = self._look_up(job_id)
        if found is LookUp.TOO_LARGE:
            self.refuse_too_large(job_id)
        elif found is LookUp.RECORDING:
            self.enqueue(job_id)

    def _look_up(self, job_id: int) -> LookUp | None:
        """What a PENDING job's file is; None if nothing is to be done now (or retried later)."""
        job = self.store.job(job_id)
        if job.phase != Phase.PENDING or self._stopping.is_set():
            return None
        try:
            return self.recording.look_up(job)
        except Exception as exc:
            log.warning("file lookup failed job=%s error=%s", job.id, type(exc).__name__)
            self._retry_or_fail(job, exc, self.resolve)
            return None

    def start(self) -> None:
        """Hook: take up the work there is before new work arrives."""
        log.info("resumed unfinished jobs=%d", self.resume_unfinished())

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
            self._after_run(job_id)

    def _after_run(self, job_id: int) -> None:  # hook: a leased job is let go here
        if self._queue.finish(job_id):
            self.enqueue(job_id)

    def _guard(self, job_id: int) -> Guard:  # hook: a leased job is also stopped when lost
        return Stopping(self._stopping)

    def _run_job(self, job_id: int) -> None:
        job = self.store.job(job_id)
        if job.phase not in UNFINISHED or self._stopping.is_set():
            return
        guard = self._guard(job_id)
        status = StatusMessage(self.slack, self.store, job, guard, self.gateway_wait)
        started = time.monotonic()
        try:
            if job.status_ts is None:  # the announcement failed: try once more
                guard.check()
                job = status.job = self.recording.announce(job, messages.uploading(job.file_name))
            self.recording.run(job, status, guard)
            log.info("job done job=%s took=%.1fs", job_id, time.monotonic() - started)
        except Interrupted:
            phase = self.store.job(job_id).phase
            log.info("job paused for shutdown job=%s phase=%s", job_id, phase)
        except LeaseLost:
            log.warning("job lease lost; another replica resumes it job=%s", job_id)
        except Exception as exc:
            if still_ours(guard):
                self._after_failure(self.store.job(job_id), exc, status)
            else:  # stopping, or another replica has the job: its next run meets this again
                log.warning("job failed once not ours job=%s: %s", job_id, describe_exception(exc))

    # --- failures ---

    def _after_failure(self, job: Job, exc: Exception, status: StatusMessage) -> None:
        if job.phase not in UNFINISHED:  # the result was already posted, or it failed before
            log.warning("error after the job ended job=%s: %s", job.id, describe_exception(exc))
            return
        audio = job.phase in AUDIO_PHASES  # the status message holds the transcript: untouched
        deleted = failures.slack_error(exc) == "message_not_found"
        if deleted and not audio and self._reposts[job.id] < MAX_STATUS_REPOSTS:
            # The user deleted the status message before the result could be put in it: a new
            # one is posted and the job runs again from its durable phase (no attempt spent).
            self._reposts[job.id] += 1
            log.info("status message was deleted; running the job again job=%s", job.id)
            self.store.update_job(job.id, status_ts=None)
            self._queue.again_after(job.id)
            return
        error, status_code = type(exc).__name__, getattr(exc, "status", None)
        log.warning(
            "job failed job=%s phase=%s attempt=%d error=%s status=%s",
            *(job.id, job.phase, job.attempts + 1, error, status_code),
        )
        if self._retry_or_fail(job, exc, self.enqueue) and not audio:
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
            self._later(job.id, delay, again)
        return True

    def _later(self, job_id: int, delay: float, again: Callable[[int], None]) -> None:
        """Hook: run `again(job_id)` after `delay` seconds (a timer in this process)."""
        self._timers.after(delay, again, job_id)

    # --- stopping ---

    def shutdown(self, grace: float) -> bool:
        """Stop taking jobs; give running ones `grace` seconds to reach a durable phase.
        Returns True if every worker stopped in time."""
        self._stopping.set()
        self._timers.cancel()
        self._announcer.shutdown(wait=False, cancel_futures=True)
        self._lookups.shutdown(wait=False, cancel_futures=True)
        self._workers.shutdown(wait=False, cancel_futures=True)
        return self._queue.wait_idle(grace)
