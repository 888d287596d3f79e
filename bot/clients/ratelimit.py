"""A request-rate limiter shared by every caller of one API, fed by the server's headers."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping


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

    def acquire(self) -> float:
        """Block until a request may be sent; return the seconds spent waiting."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and now - self._sent[0] >= self.period:
                    self._sent.popleft()
                delay = self._paused_until - now
                if self.limit and len(self._sent) >= self.limit:
                    delay = max(delay, self._sent[0] + self.period - now)
                if delay <= 0:
                    self._sent.append(now)
                    return waited
            self._sleep(delay)
            waited += delay

    def observe(self, headers: Mapping[str, str]) -> None:
        """Learn from X-RateLimit-Remaining / X-RateLimit-Reset (epoch seconds or a delta)."""
        remaining = headers.get("X-RateLimit-Remaining")
        reset = headers.get("X-RateLimit-Reset")
        if remaining is None or reset is None:
            return
        try:
            if int(float(remaining)) > 0:
                return
            reset_value = float(reset)
        except ValueError:
            return
        if reset_value > 1_000_000_000:  # an epoch timestamp, not a number of seconds
            reset_value -= time.time()
        delay = min(max(reset_value, 0.0), self.period)
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + delay)
