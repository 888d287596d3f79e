"""Who sends the next gateway request: slots and the shared rate limit, handed out by priority.

One gateway account serves everyone: a person waiting for a `/redact` preview, and recordings
nobody is watching. Interactive requests go first; a background request still gets every
`background_every`-th turn while both wait, so recordings keep progressing however busy
`/redact` is. A request is admitted once it is the one chosen, a slot is free and the rate
limiter has room; it then holds its slot until `release`.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

from bot.clients.ratelimit import Limiter, RateLimiter


class Priority(IntEnum):
    INTERACTIVE = 0  # someone is waiting for the answer (`/redact`)
    BACKGROUND = 1  # recordings, the command line


class Admission:
    def __init__(
        self, slots: int, limiter: Limiter | None = None, *, background_every: int = 4
    ) -> None:
        self.slots = slots
        self.limiter: Limiter = limiter or RateLimiter(0)
        self.background_every = background_every
        self._cond = threading.Condition()
        self._in_flight = 0
        self._waiting: dict[Priority, list[int]] = {p: [] for p in Priority}
        self._tickets = itertools.count()
        self._interactive_run = 0  # interactive turns taken in a row while background waited

    def _chosen(self) -> tuple[Priority, int] | None:
        interactive, background = (
            self._waiting[Priority.INTERACTIVE],
            self._waiting[Priority.BACKGROUND],
        )
        if interactive and background and self._interactive_run >= self.background_every - 1:
            return Priority.BACKGROUND, background[0]
        if interactive:
            return Priority.INTERACTIVE, interactive[0]
        if background:
            return Priority.BACKGROUND, background[0]
        return None

    def acquire(self, priority: Priority = Priority.BACKGROUND) -> float:
        """Block until this request may be sent; return the seconds spent waiting."""
        started = time.monotonic()
        priority = Priority(priority)
        with self._cond:
            ticket = next(self._tickets)
            self._waiting[priority].append(ticket)
            self._cond.notify_all()  # a new first-in-line may change who is chosen
            try:
                while True:
                    if self._chosen() == (priority, ticket) and self._in_flight < self.slots:
                        delay = self.limiter.try_acquire()
                        if delay <= 0:
                            break
                        self._cond.wait(timeout=delay)
                    else:
                        self._cond.wait()
            except BaseException:
                self._waiting[priority].remove(ticket)
                self._cond.notify_all()
                raise
            self._waiting[priority].remove(ticket)
            background_waits = bool(self._waiting[Priority.BACKGROUND])
            if priority == Priority.INTERACTIVE and background_waits:
                self._interactive_run += 1
            else:
                self._interactive_run = 0
            self._in_flight += 1
            self._cond.notify_all()  # the next in line may go at once if a slot is free
        return time.monotonic() - started

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    @contextmanager
    def slot(self, priority: Priority = Priority.BACKGROUND) -> Iterator[float]:
        waited = self.acquire(priority)
        try:
            yield waited
        finally:
            self.release()
