"""The job store: recording jobs, and the tables kept beside them (`/redact` previews in
`bot.previews`, reviews and shares in `bot.reviews.records`), in SQLite (the default, one
process per DATA_DIR) or PostgreSQL (DATABASE_URL: any number of replicas).

Both keep the same rows and the same rule: ids, phases, counts and timestamps, never
transcript text, entities or audio (a preview keeps its *redacted* text until it is posted,
discarded or pruned). `open_store` picks the backend from the settings. The records beside
the jobs use `transaction` and `read` with SQL both databases run (`?` placeholders, `ON
CONFLICT`, `RETURNING`), each promise one statement.

- `records`: Job and the errors, whichever backend.
- `sqlite`: the SQLite store and its migrations (`MIGRATIONS`).
- `postgres`, `pg_schema`, `pg_leases`: the PostgreSQL store, its migrations (numbered like
  SQLite's), and the leases replicas take jobs with.
- `pg_ratelimit`: one gateway budget for all replicas, in the database.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from bot.store.records import Job, LeaseLost, NewJob, StoreError
from bot.store.sqlite import MIGRATIONS, SqliteStore

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.store.pg_leases import Leases

__all__ = [
    "MIGRATIONS",
    "Job",
    "LeaseLost",
    "NewJob",
    "SqliteStore",
    "Store",
    "StoreError",
    "open_store",
]


class Cursorlike(Protocol):
    """What a transaction offers the records beside the jobs."""

    def execute(self, sql: str, parameters: tuple = ()) -> Any: ...


class Store(Protocol):
    """What the listeners and the job runner ask of a job store."""

    # None for SQLite (one process owns DATA_DIR); PostgreSQL's replicas take jobs by lease.
    leases: Leases | None

    def add_job(self, new: NewJob) -> Job | None:
        """Insert a job; None if this file in this message already has one (a duplicate)."""
        ...

    def job(self, job_id: int) -> Job: ...

    def update_job(self, job_id: int, **changes: object) -> Job: ...

    def record_transcript(self, job_id: int, transcript_id: str) -> bool:
        """Record a transcript id unless the job has one already (then False)."""
        ...

    def unfinished_jobs(self) -> list[Job]: ...

    def jobs(self) -> list[Job]: ...

    def transaction(self) -> AbstractContextManager[Cursorlike]:
        """One transaction; its `execute(sql, parameters)` takes `?` placeholders."""
        ...

    def read(self, sql: str, parameters: tuple = ()) -> list[Any]:
        """Rows (by column name) of a query with `?` placeholders."""
        ...

    def prune(self, older_than_seconds: float) -> int: ...

    def ping(self) -> bool:
        """Whether the database answers now (for /healthz)."""
        ...

    def close(self) -> None: ...


def open_store(settings: Settings) -> Store:
    """The store the settings name: PostgreSQL for a DATABASE_URL, else SQLite in DATA_DIR.
    Raises StoreError naming the setting when it cannot be used."""
    if settings.database_url:
        from bot.store.postgres import PostgresStore

        return PostgresStore.connect(settings)
    return SqliteStore(settings.data_dir)
