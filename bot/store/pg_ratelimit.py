"""One gateway budget for every replica: the rate limiter's window kept in PostgreSQL.

The window is `limit` slot rows per bucket (the bucket is the gateway model: the limit is per
account and model). A slot holds the send time of one of the last `limit` requests. A request
takes the least recently used slot it can lock (SKIP LOCKED: replicas never queue on each
other's locks), and only if that slot's last send is a whole period ago and nobody paused the
bucket: so each slot's sends are at least a period apart, and any window of one period holds
at most one send per slot — at most `limit` requests, whichever replicas sent them. It is one
statement, one round trip, computed on the database's clock (`clock_timestamp()`), so the
replicas' own clocks never matter.

A server that says the window is used up (`X-RateLimit-Remaining: 0`, on a 429 too) pauses
the bucket for everyone (`rate_pause.paused_until`). If the database cannot be asked, no
request is sent: the gateway client fails it like an unreachable gateway (LimiterUnavailable).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import psycopg

from bot.clients.ratelimit import LimiterUnavailable, acquire_by_trying, pause_for

log = logging.getLogger(__name__)
BUSY_RETRY = 0.005  # every slot was being taken at that instant: ask again this soon

TAKE = """
WITH pause AS (SELECT paused_until FROM rate_pause WHERE bucket = %(b)s),
free AS (SELECT slot, sent_at FROM rate_slots WHERE bucket = %(b)s
          ORDER BY sent_at LIMIT 1 FOR UPDATE SKIP LOCKED),
due AS (SELECT free.slot,
               GREATEST(free.sent_at + make_interval(secs => %(period)s), pause.paused_until) AS at
          FROM free, pause),
taken AS (UPDATE rate_slots s SET sent_at = clock_timestamp() FROM due
           WHERE s.bucket = %(b)s AND s.slot = due.slot AND due.at <= clock_timestamp()
           RETURNING s.slot)
SELECT (SELECT count(*) FROM taken) AS taken,
       (SELECT EXTRACT(EPOCH FROM at - clock_timestamp())::float8 FROM due) AS wait_s"""
# With no limit of our own (0 slots) only a pause holds requests back.
PAUSED = """
SELECT GREATEST(0, EXTRACT(EPOCH FROM paused_until - clock_timestamp()))::float8 AS wait_s
  FROM rate_pause WHERE bucket = %(b)s"""
WAIT = """
SELECT GREATEST(0, EXTRACT(EPOCH FROM GREATEST(
           (SELECT min(sent_at) FROM rate_slots WHERE bucket = %(b)s)
               + make_interval(secs => %(period)s),
           (SELECT paused_until FROM rate_pause WHERE bucket = %(b)s))
       - clock_timestamp()))::float8 AS wait_s"""
PAUSE = """
UPDATE rate_pause
   SET paused_until = GREATEST(paused_until, clock_timestamp() + make_interval(secs => %(s)s))
 WHERE bucket = %(b)s"""


class SharedRateLimiter:
    """`bot.clients.ratelimit.Limiter` for all replicas at once (see above)."""

    def __init__(
        self,
        pool: Any,
        bucket: str,
        limit: int,
        period: float = 60.0,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._pool = pool
        self.bucket = bucket
        self.limit = limit
        self.period = period
        self._sleep = sleep
        self._set_up()

    def _set_up(self) -> None:
        """The bucket's slots: `limit` of them. Replicas should agree on the limit; the one
        started last sets it."""
        with self._pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO rate_pause (bucket) VALUES (%s) ON CONFLICT DO NOTHING", (self.bucket,)
            )
            before = conn.execute(
                "SELECT count(*) AS n FROM rate_slots WHERE bucket = %s", (self.bucket,)
            ).fetchone()["n"]
            conn.execute(
                "DELETE FROM rate_slots WHERE bucket = %s AND slot > %s", (self.bucket, self.limit)
            )
            conn.execute(
                """INSERT INTO rate_slots (bucket, slot) SELECT %s, g FROM generate_series(1, %s) g
                   ON CONFLICT DO NOTHING""",
                (self.bucket, self.limit),
            )
        if before and before != self.limit:
            log.warning(
                "shared gateway budget changed from %d to %d requests per window: "
                "give every replica the same LLM_GATEWAY_REQUESTS_PER_MINUTE",
                before,
                self.limit,
            )

    def _ask(self, query: str, **params: object) -> dict[str, Any]:
        try:
            with self._pool.connection() as conn:
                row = conn.execute(query, {"b": self.bucket, **params}).fetchone()
        except psycopg.Error as exc:
            raise LimiterUnavailable(type(exc).__name__) from None
        return row or {}

    def try_acquire(self) -> float:
        if not self.limit:
            return self._ask(PAUSED).get("wait_s") or 0.0
        row = self._ask(TAKE, period=self.period)
        if row.get("taken"):
            return 0.0
        wait = row.get("wait_s")
        return BUSY_RETRY if wait is None else max(wait, BUSY_RETRY)

    def acquire(self) -> float:
        return acquire_by_trying(self, self._sleep)

    def wait_time(self) -> float:
        """Seconds a request would wait now (for the status message; 0 if unknown)."""
        try:
            return self._ask(WAIT, period=self.period).get("wait_s") or 0.0
        except LimiterUnavailable:
            return 0.0

    def observe(self, headers: Mapping[str, str]) -> None:
        delay = pause_for(headers, self.period)
        if delay:
            self._ask_pause(delay)

    def _ask_pause(self, delay: float) -> None:
        try:
            with self._pool.connection() as conn:
                conn.execute(PAUSE, {"b": self.bucket, "s": delay})
        except psycopg.Error as exc:
            log.warning("shared gateway pause not recorded: %s", type(exc).__name__)
