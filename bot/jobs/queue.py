"""Which jobs wait and which run, in the order they came: one run of a job at a time, and
how many must start before a waiting one can; and the retries waiting on timers."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable


class JobQueue:
    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._tickets = itertools.count()
        self._waiting: dict[int, int] = {}  # job id → ticket, for jobs not started yet
        self._running: set[int] = set()
        self._again: set[int] = set()  # jobs to queue again once their run has ended

    def admit(self, job_id: int, *, only_if_room: bool = False) -> bool:
        """Take a job into the queue; False if it is queued or running already, or (with
        `only_if_room`) if no worker is free for it. One lock: two callers never both get
        the last free worker."""
        with self._lock:
            if job_id in self._waiting or job_id in self._running:
                return False
            if only_if_room and len(self._waiting) + len(self._running) >= self.concurrency:
                return False
            self._waiting[job_id] = next(self._tickets)
            return True

    def room(self) -> int:
        """How many more jobs could start at once."""
        with self._lock:
            return max(self.concurrency - len(self._waiting) - len(self._running), 0)

    def holds(self, job_id: int) -> bool:
        with self._lock:
            return job_id in self._waiting or job_id in self._running

    def is_running(self, job_id: int) -> bool:
        with self._lock:
            return job_id in self._running

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

    def wait_idle(self, seconds: float) -> bool:
        """Wait up to `seconds` for every running job to end; True if they did."""
        deadline = time.monotonic() + seconds
        while not self.idle():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True


class Timers:
    """Calls waiting in this process (retries after a delay); cancelled when it stops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._timers: list[threading.Timer] = []

    def after(self, delay: float, call: Callable[[int], None], job_id: int) -> None:
        timer = threading.Timer(delay, call, args=(job_id,))
        timer.daemon = True
        with self._lock:
            self._timers = [t for t in self._timers if t.is_alive()] + [timer]
        timer.start()

    def cancel(self) -> None:
        with self._lock:
            for timer in self._timers:
                timer.cancel()
