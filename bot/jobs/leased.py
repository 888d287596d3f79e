"""The job runner of a replica sharing a PostgreSQL database with others.

Every piece of work on a job (announcing it, looking up its file, running its phases,
refusing it) happens while this replica holds the job's lease (`bot.store.pg_leases`):

- a job a listener here made is claimed at once; if no worker is free, its status message
  says where it stands in the shared queue and the lease is let go, so any replica with a
  free worker can take it;
- every `JOB_POLL_SECONDS`, while workers are free, the poller claims the oldest job nobody
  holds: new ones queued by any replica, ones due again after a retry delay, and those a
  dead replica stopped renewing — resumed from their last durable phase, like a restart;
- a heartbeat renews the leases held; a job whose lease is lost, or that could not be
  renewed for three quarters of a lease, stops before its next step (`LeaseGuard`);
- a retry lets go with `available_at` in the future instead of a timer in this process; a
  shutdown lets go of every job not running, and a job that reaches a durable phase in the
  grace lets go of its own, so another replica resumes it at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot import messages
from bot.jobs.failures import Interrupted
from bot.jobs.phase import Phase
from bot.jobs.recording import LookUp
from bot.jobs.runner import JobRunner
from bot.logs import describe_exception
from bot.store import LeaseLost
from bot.store.pg_leases import Leases

log = logging.getLogger(__name__)
RENEWALS_PER_LEASE = 4  # the heartbeat renews four times per lease…
TRUSTED_SHARE = 0.75  # …and a job stops itself once 3/4 of a lease passed without renewal


class Heartbeat:
    """Renews this replica's leases on a thread of its own, and says whether the last
    renewal is recent enough to trust (a replica cut off from the database must stop its
    jobs before their leases run out and another replica takes them)."""

    def __init__(self, leases: Leases) -> None:
        self.leases = leases
        self._trusted_until = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def start(self) -> None:
        self._trusted_until = time.monotonic() + self.leases.seconds * TRUSTED_SHARE
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def trusted(self) -> bool:
        return time.monotonic() < self._trusted_until

    def _beat(self) -> None:
        failing = False
        while not self._stop.wait(self.leases.seconds / RENEWALS_PER_LEASE):
            started = time.monotonic()
            try:
                lost = self.leases.renew()  # forgets the lost ones: their guards stop them
            except Exception as exc:  # the database is unreachable: jobs stop in time
                if not failing:
                    log.warning("lease renewal failed: %s", describe_exception(exc))
                failing = True
                continue
            failing = False
            self._trusted_until = started + self.leases.seconds * TRUSTED_SHARE
            for job_id in lost:
                log.warning("job lease lost to another replica job=%s", job_id)


class LeaseGuard:
    """A leased job may go on while the process runs and the lease it started with is
    still this replica's."""

    def __init__(
        self, stopping: threading.Event, leases: Leases, heartbeat: Heartbeat, job_id: int
    ) -> None:
        self.stopping = stopping
        self.leases = leases
        self.heartbeat = heartbeat
        self.job_id = job_id
        self.token = leases.token(job_id)

    def check(self) -> None:
        if self.stopping.is_set():
            raise Interrupted
        held = self.leases.token(self.job_id)
        if self.token is None or held != self.token or not self.heartbeat.trusted():
            raise LeaseLost(self.job_id)

    def confirm(self) -> None:
        self.check()
        self.leases.confirm(self.job_id)  # one round trip: still ours, for a lease more


class LeasedJobRunner(JobRunner):
    """`JobRunner` whose jobs are taken by lease from the shared database (see above)."""

    def __init__(self, *args: object, leases: Leases, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.leases = leases
        self._heartbeat = Heartbeat(leases)
        self._poller = threading.Thread(target=self._poll, name="job-poller", daemon=True)

    def start(self) -> None:
        # What a killed process left in this replica's DATA_DIR/audio (its own: see README).
        self.recording.audio.sweep(self.store.unfinished_jobs())
        self._heartbeat.start()
        self._poller.start()
        log.info("taking jobs by lease lease=%.1fs", self.leases.seconds)

    # --- taking work: every step under the job's lease ---

    def enqueue(self, job_id: int) -> None:
        if not self._stopping.is_set():
            self._announcer.submit(self._leased, job_id, self._take)

    def refuse_too_large(self, job_id: int) -> None:
        self._announcer.submit(self._leased, job_id, self._refuse)

    def resolve(self, job_id: int) -> None:
        if not self._stopping.is_set():
            self._lookups.submit(self._leased, job_id, self._resolve_held)

    def _leased(self, job_id: int, work: Callable[[int], None]) -> None:
        """Do `work` holding the job's lease (claimed now unless held already); let go
        afterwards unless a worker has the job."""
        if self.leases.token(job_id) is None and self.leases.claim(job_id) is None:
            return  # another replica has it, or it is finished
        try:
            work(job_id)
        except Exception as exc:
            log.warning("job step failed job=%s: %s", job_id, describe_exception(exc))
        finally:
            if not self._queue.holds(job_id):
                self.leases.release(job_id)

    def _resolve_held(self, job_id: int) -> None:
        found = self._look_up(job_id)
        if found is LookUp.TOO_LARGE:
            self._refuse(job_id)
        elif found is LookUp.RECORDING:
            self._take(job_id)

    def _take(self, job_id: int) -> None:
        """Run the job here if a worker is free; else say where it stands in the shared
        queue, and let another replica (or this one, later) take it."""
        if self._queue.admit(job_id, only_if_room=True):
            self._announce_and_queue(job_id)
            return
        job = self.store.job(job_id)
        if job.phase.transcript_posted:  # its status message holds the transcript: untouched
            return
        try:
            self.recording.announce(
                job, messages.queued(job.file_name, self.leases.waiting_ahead(job_id))
            )
        except LeaseLost:
            raise
        except Exception as exc:
            log.warning("status post failed job=%s: %s", job_id, describe_exception(exc))

    def _poll(self) -> None:
        while not self._stopping.wait(self.settings.job_poll_seconds):
            try:
                self._claim_while_free()
            except Exception as exc:  # the database is unreachable: try again next time
                log.warning("claiming jobs failed: %s", describe_exception(exc))

    def _claim_while_free(self) -> None:
        while self._queue.room() and not self._stopping.is_set():
            job = self.leases.claim_next()
            if job is None:
                return
            log.info("claimed job=%s phase=%s", job.id, job.phase)
            if job.phase == Phase.PENDING:
                self._lookups.submit(self._leased, job.id, self._resolve_held)
            else:
                self._leased(job.id, self._take)

    # --- the hooks of JobRunner ---

    def _guard(self, job_id: int) -> LeaseGuard:
        return LeaseGuard(self._stopping, self.leases, self._heartbeat, job_id)

    def _after_run(self, job_id: int) -> None:
        self._queue.finish(job_id)  # to run again (a deleted status message): any replica
        self.leases.release(job_id)

    def _later(self, job_id: int, delay: float, again: Callable[[int], None]) -> None:
        self.leases.release(job_id, delay=delay)  # any replica takes it once it is due

    def shutdown(self, grace: float) -> bool:
        clean = super().shutdown(grace)
        for job_id in self.leases.held():
            if not self._queue.is_running(job_id):  # queued or looked up, never started
                self.leases.release(job_id)
        if clean:
            self._heartbeat.stop()
        return clean
