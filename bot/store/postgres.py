"""The PostgreSQL job store (DATABASE_URL): the SQLite store's rows and promises, shared by any
number of `redact-bot serve` replicas. Each promise is one statement, so it holds across
replicas without a transaction: a job's unique key deduplicates with `INSERT … ON CONFLICT
DO NOTHING`, a preview is claimed once with `UPDATE … WHERE posted_at IS NULL RETURNING`, a
transcript id is recorded once with `WHERE transcript_id IS NULL`; the records beside the
jobs (previews, reviews) keep theirs the same way, in SQL both databases run (`transaction`,
`read`). Writes to a job carry this process's lease token on it, if it holds one
(`bot.store.pg_leases`), and fail with LeaseLost when the lease has passed to another
replica. Timestamps are epoch seconds from the database's clock, like SQLite's.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from bot.config import Settings
from bot.jobs.phase import FINISHED, UNFINISHED, Phase
from bot.store.pg_leases import Leases
from bot.store.pg_ratelimit import SharedRateLimiter
from bot.store.pg_schema import LOCK_SCOPE, PRUNE_LOCK, migrate
from bot.store.records import JOB_FIELDS, Job, LeaseLost, NewJob, StoreError

log = logging.getLogger(__name__)
NOW = "extract(epoch from now())::float8"
# What identifies a job or records its creation is never changed.
FIXED = frozenset(
    {"id", "team_id", "channel_id", "message_ts", "file_id", "thread_ts", "user_id"}
    | {"created_at", "updated_at"}
)
UPDATABLE = frozenset(JOB_FIELDS) - FIXED
HEALTH_TIMEOUT = 2.0  # seconds /healthz waits for a connection
CONNECT_TIMEOUT = 5  # seconds to establish a connection


def _job(row: dict[str, Any]) -> Job:
    return Job(**{**{name: row[name] for name in JOB_FIELDS}, "phase": Phase(row["phase"])})


def _placeholders(query: str) -> str:
    """The records beside the jobs write `?` (SQLite's placeholder); psycopg takes `%s`.
    Their SQL holds no literal `?` or `%`."""
    return query.replace("?", "%s")


class _Translated:
    """A connection inside a transaction, taking the records' `?` placeholders."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def execute(self, query: str, parameters: tuple = ()) -> psycopg.Cursor:
        return self._conn.execute(_placeholders(query), parameters)  # type: ignore[arg-type]


def where(url: str) -> str:
    """host:port/database of a URL, for messages: never the user or the password."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port or 5432}{parts.path or ''}"


def open_pool(url: str, size: int) -> ConnectionPool:
    """A pool of autocommit connections (every statement its own transaction unless a
    `conn.transaction()` block says otherwise), checked before each use."""
    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        open=False,
        name="redact-bot",
        timeout=10,
        check=ConnectionPool.check_connection,
        kwargs={
            "autocommit": True,
            "row_factory": dict_row,
            "connect_timeout": CONNECT_TIMEOUT,
            "application_name": "redact-bot",
        },
    )
    pool.open(wait=True, timeout=15)
    return pool


class PostgresStore:
    def __init__(self, pool: ConnectionPool, *, owner: str, lease_seconds: float) -> None:
        self._pool = pool
        self.leases = Leases(pool, owner, lease_seconds, _job)

    @classmethod
    def connect(cls, settings: Settings) -> PostgresStore:
        """Connect, migrate (once across replicas), and return the store. StoreError names
        DATABASE_URL and where it points, never its password."""
        assert settings.database_url
        url = settings.database_url
        try:
            # One plain connection first: a database that cannot be reached is said at once,
            # where the pool would keep trying for its whole timeout.
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
            pool = open_pool(url, size=settings.job_concurrency + 8)
        except psycopg.Error as exc:
            raise StoreError(
                f"DATABASE_URL: cannot connect to PostgreSQL at {where(url)} ({type(exc).__name__})"
            ) from None
        try:
            with pool.connection() as conn:
                applied = migrate(conn)
        except (StoreError, psycopg.Error) as exc:
            pool.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(
                f"DATABASE_URL: cannot set up the job tables at {where(url)} ({type(exc).__name__})"
            ) from None
        if applied:
            log.info("database migrated applied=%s", ",".join(f"{t}:{v}" for t, v in applied))
        owner = f"{socket.gethostname()}:{os.getpid()}"
        return cls(pool, owner=owner, lease_seconds=settings.job_lease_seconds)

    def _one(self, query: Any, params: Any = ()) -> dict[str, Any] | None:
        with self._pool.connection() as conn:
            return conn.execute(query, params).fetchone()

    def _all(self, query: Any, params: Any = ()) -> list[dict[str, Any]]:
        with self._pool.connection() as conn:
            return conn.execute(query, params).fetchall()

    def ping(self) -> bool:
        try:
            with self._pool.connection(timeout=HEALTH_TIMEOUT) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error:  # the pool's timeout is one too
            return False
        return True

    def close(self) -> None:
        self._pool.close()

    def rate_limiter(self, bucket: str, limit: int, period: float) -> SharedRateLimiter:
        """The gateway budget `bucket`, shared with every replica on this database."""
        try:
            return SharedRateLimiter(self._pool, bucket, limit, period)
        except psycopg.Error as exc:
            raise StoreError(
                f"DATABASE_URL: cannot set up the shared gateway budget ({type(exc).__name__})"
            ) from None

    # --- jobs ---

    def add_job(self, new: NewJob) -> Job | None:
        """Insert a job; None if this file in this message already has one (a duplicate),
        whichever replica got it first."""
        row = new.columns()
        insert = sql.SQL(
            "INSERT INTO jobs ({}, created_at, updated_at) VALUES ({}, {now}, {now})"
            " ON CONFLICT (team_id, channel_id, message_ts, file_id) DO NOTHING RETURNING *"
        ).format(
            sql.SQL(", ").join(map(sql.Identifier, row)),
            sql.SQL(", ").join([sql.Placeholder()] * len(row)),
            now=sql.SQL(NOW),
        )
        added = self._one(insert, tuple(row.values()))
        return _job(added) if added else None

    def job(self, job_id: int) -> Job:
        row = self._one("SELECT * FROM jobs WHERE id = %s", (job_id,))
        if row is None:
            raise KeyError(job_id)
        return _job(row)

    def update_job(self, job_id: int, **changes: object) -> Job:
        unknown = set(changes) - UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = %s").format(sql.Identifier(name)) for name in changes
        )
        query = sql.SQL(
            "UPDATE jobs SET {}, updated_at = " + NOW + " WHERE id = %s"
            " AND lease_token IS NOT DISTINCT FROM %s RETURNING *"
        ).format(assignments)
        row = self._one(query, (*changes.values(), job_id, self.leases.token(job_id)))
        if row is None:
            raise self._not_written(job_id)
        return _job(row)

    def _not_written(self, job_id: int) -> Exception:
        """Why a fenced write changed nothing: the job is gone, or its lease is not ours."""
        if self._one("SELECT 1 FROM jobs WHERE id = %s", (job_id,)) is None:
            return KeyError(job_id)
        self.leases.forget(job_id)
        return LeaseLost(job_id)

    def record_transcript(self, job_id: int, transcript_id: str) -> bool:
        row = self._one(
            f"""UPDATE jobs SET transcript_id = %s, phase = %s, updated_at = {NOW}
                WHERE id = %s AND transcript_id IS NULL
                  AND lease_token IS NOT DISTINCT FROM %s RETURNING id""",
            (transcript_id, Phase.TRANSCRIBING, job_id, self.leases.token(job_id)),
        )
        if row is not None:
            return True
        if self.job(job_id).transcript_id is None:
            raise self._not_written(job_id)
        return False

    def unfinished_jobs(self) -> list[Job]:
        rows = self._all(
            "SELECT * FROM jobs WHERE phase = ANY(%s) ORDER BY id", (list(UNFINISHED),)
        )
        return [_job(row) for row in rows]

    def jobs(self) -> list[Job]:
        return [_job(row) for row in self._all("SELECT * FROM jobs ORDER BY id")]

    # --- the records beside the jobs (previews, reviews, shares) ---

    @contextmanager
    def transaction(self) -> Iterator[_Translated]:
        with self._pool.connection() as conn, conn.transaction():
            yield _Translated(conn)

    def read(self, query: str, parameters: tuple = ()) -> list[dict[str, Any]]:
        return self._all(_placeholders(query), parameters)

    def prune(self, older_than_seconds: float) -> int:
        """Delete finished jobs older than the retention period: by one replica at a time (a
        transaction-level advisory lock); the others skip it (0)."""
        cutoff = f"{NOW} - %s"
        with self._pool.connection() as conn, conn.transaction():
            locked = conn.execute(
                f"SELECT pg_try_advisory_xact_lock({LOCK_SCOPE}, %s) AS got", (PRUNE_LOCK,)
            ).fetchone()["got"]
            if not locked:
                log.info("prune skipped: another replica is pruning")
                return 0
            return conn.execute(
                f"DELETE FROM jobs WHERE phase = ANY(%s) AND updated_at < {cutoff}",
                (sorted(FINISHED), older_than_seconds),
            ).rowcount
