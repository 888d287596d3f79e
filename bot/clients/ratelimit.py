"""A request-rate limiter shared by every caller of one API, fed by the server's headers.

`Limiter` is what the clients ask; `RateLimiter` keeps the window in this process. With
PostgreSQL, `bot.store.pg_ratelimit` keeps it in the database for all replicas at once (the
gateway's limit is per account and model, however many processes send).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Protocol


class LimiterUnavailable(Exception):
    """The shared limiter cannot be asked (its database is unreachable): rather than send
    unthrottled, the request fails like a gateway that cannot be reached."""


class Limiter(Protocol):
    def try_acquire(self) -> float:
        """Take a request's place if one is free now (returns 0); else return the seconds
        until one will be, taking nothing."""
        ...

    def acquire(self) -> float:
        """Block until a request may be sent; return the seconds spent waiting."""
        ...

    def wait_time(self) -> float:
        """Seconds a request asking now would wait (0 if none); takes nothing."""
        ...

    def observe(self, headers: Mapping[str, str]) -> None:
        """Learn from the server's X-RateLimit headers (pause everyone when none are left)."""
        ...


def pause_for(headers: Mapping[str, str], period: float) -> float | None:
    """Seconds to pause everyone for, from X-RateLimit-Remaining: 0 and X-RateLimit-Reset
    (epoch seconds or a delta; at most one period); None when the headers ask for none."""
    remaining = headers.get("X-RateLimit-Remaining")
    reset = headers.get("X-RateLimit-Reset")
    if remaining is None or reset is None:
        return None
    try:
        if int(float(remaining)) > 0:
            return None
        reset_value = float(reset)
    except ValueError:
        return None
    if reset_value > 1_000_000_000:  # an epoch timestamp, not a number of seconds
        reset_value -= time.time()
    return min(max(reset_value, 0.0), period)


def acquire_by_trying(limiter: Limiter, sleep: Callable[[float], None]) -> float:
    """`acquire` for any limiter: try, sleep as long as it says, try again."""
    waited = 0.0
    while (delay := limiter.try_acquire()) > 0:
        sleep(delay)
        waited += delay
    return waited


class RateLimiter:
    """Allows at most `limit` requests per `period` seconds (a sliding window), and also pauses
    everyone when the server says the window is used up (`X-RateLimit-Remaining: 0`)."""

    def __init__(
        self,
        limit: int,
        period: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def _delay(self, now: float) -> float:
        """Seconds until a request may be sent (called with the lock held)."""
        while self._sent and now - self._sent[0] >= self.period:
            self._sent.popleft()
        delay = self._paused_until - now
        if self.limit and len(self._sent) >= self.limit:
            delay = max(delay, self._sent[0] + self.period - now)
        return delay

    def try_acquire(self) -> float:
        with self._lock:
            now = self._clock()
            delay = self._delay(now)
            if delay <= 0:
                self._sent.append(now)
                return 0.0
            return delay

    def acquire(self) -> float:
        return acquire_by_trying(self, self._sleep)

    def wait_time(self) -> float:
        with self._lock:
            return max(self._delay(self._clock()), 0.0)

    def observe(self, headers: Mapping[str, str]) -> None:
        delay = pause_for(headers, self.period)
        if delay is None:
            return
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + delay)
