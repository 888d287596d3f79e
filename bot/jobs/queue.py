"""Which jobs wait and which run, in the order they came: one run of a job at a time, and
how many must start before a waiting one can."""

from __future__ import annotations

import itertools
import threading


class JobQueue:
    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._tickets = itertools.count()
        self._waiting: dict[int, int] = {}  # job id → ticket, for jobs not started yet
        self._running: set[int] = set()
        self._again: set[int] = set()  # jobs to queue again once their run has ended

    def admit(self, job_id: int) -> bool:
        """Take a job into the queue; False if it is queued or running already."""
        with self._lock:
            if job_id in self._waiting or job_id in self._running:
                return False
            self._waiting[job_id] = next(self._tickets)
            return True

    def position(self, job_id: int) -> int:
        """How many jobs must start before this one can (0: it starts at once)."""
        with self._lock:
            ticket = self._waiting.get(job_id, -1)
            earlier = sum(1 for other in self._waiting.values() if other < ticket)
            free = self.concurrency - len(self._running)
        return max(earlier - free + 1, 0)

    def start(self, job_id: int) -> None:
        with self._lock:
            self._waiting.pop(job_id, None)
            self._running.add(job_id)

    def again_after(self, job_id: int) -> None:
        """Queue the job again once its current run has ended."""
        with self._lock:
            self._again.add(job_id)

    def finish(self, job_id: int) -> bool:
        """The job's run ended; True if it must be queued again."""
        with self._lock:
            self._running.discard(job_id)
            again = job_id in self._again
            self._again.discard(job_id)
        return again

    def idle(self) -> bool:
        with self._lock:
            return not self._running
