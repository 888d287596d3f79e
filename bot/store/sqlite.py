"""The SQLite job store (the default): one database file in DATA_DIR, one process.

Rows hold ids, phases, counts, timestamps and, for a job's redacted audio, the times to
bleep in ms: never transcript text, entities or audio. (A preview row holds the *redacted*
text until it is posted or discarded.) The unique job key makes deduplication of Slack's
retried and repeated events hold across threads, processes and restarts. `transaction` and
`read` serve the records kept beside the jobs (`bot.previews`, `bot.reviews.records`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.jobs.phase import FINISHED, UNFINISHED, Phase
from bot.store.records import Job, NewJob, StoreError

# UPDATE … RETURNING (claiming a preview) arrived in 3.35; ON CONFLICT … DO UPDATE in 3.24.
MIN_SQLITE = (3, 35, 0)

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        team_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        message_ts TEXT NOT NULL,
        file_id TEXT NOT NULL,
        thread_ts TEXT NOT NULL,
        user_id TEXT,
        file_name TEXT,
        status_ts TEXT,
        phase TEXT NOT NULL DEFAULT 'received',
        upload_url TEXT,
        transcript_id TEXT,
        result_file_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        failure TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        UNIQUE (team_id, channel_id, message_ts, file_id)
    );
    CREATE INDEX jobs_phase ON jobs (phase);
    CREATE TABLE previews (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        redacted_text TEXT,
        posted_at REAL,
        created_at REAL NOT NULL
    );
    """,
    # 2: whether the transcript file of a long result has been shared into the thread
    """
    ALTER TABLE jobs ADD COLUMN result_shared INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: review before sharing. A private job answers in its owner's DM (`reply_channel`);
    # a review keeps offsets, types and opaque item ids of what was redacted, the owner's
    # choices as item ids and ranges, and (a text review with a key) its original sealed;
    # a share is claimed once per submitted view.
    """
    ALTER TABLE jobs ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN reply_channel TEXT;
    CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        origin_channel TEXT,
        job_id INTEGER,
        transcript_id TEXT,
        text_hash TEXT NOT NULL,
        sealed TEXT,
        marks TEXT NOT NULL,
        items TEXT NOT NULL,
        doubts TEXT NOT NULL,
        sentence_count INTEGER NOT NULL,
        unkept TEXT NOT NULL DEFAULT '[]',
        added TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'open',
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX reviews_status ON reviews (status, expires_at);
    CREATE TABLE shares (
        view_id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        posted INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    """,
    # 4: the redacted audio of a posted transcript (phases AUDIO, AUDIO_READY): the stretches
    # of the recording to bleep, as JSON [[start_ms, end_ms], ...] (times only: no text, no
    # entities); why the audio cannot be made, when it cannot (no content: its one-line
    # notice is due); and its Slack file id, recorded before the file is shared.
    """
    ALTER TABLE jobs ADD COLUMN audio_intervals TEXT;
    ALTER TABLE jobs ADD COLUMN audio_problem TEXT;
    ALTER TABLE jobs ADD COLUMN audio_file_id TEXT;
    """,
)


def _job(row: sqlite3.Row) -> Job:
    return Job(**{**dict(row), "phase": Phase(row["phase"])})


class _Connections:
    """One connection per thread to the database file, transactions, and health."""

    path: Path
    _local: threading.local

    def ping(self) -> bool:
        """Whether the database answers (for /healthz)."""
        try:
            self._connection().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        """Nothing to close: each thread's connection ends with the process."""

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    def read(self, sql: str, parameters: tuple = ()) -> list[sqlite3.Row]:
        """Rows of a query, outside any transaction."""
        return self._connection().execute(sql, parameters).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): other writers wait until it ends."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


class SqliteStore(_Connections):
    leases = None  # one process per DATA_DIR: nothing to share, nothing to lease

    def __init__(self, data_dir: Path) -> None:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise StoreError(
                f"SQLite {sqlite3.sqlite_version} (this Python's sqlite3) is too old: redact-bot "
                f"needs {'.'.join(map(str, MIN_SQLITE))} or newer, or a DATABASE_URL"
            )
        self.path = data_dir / "redact-bot.sqlite3"
        self._local = threading.local()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            self._connection().execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"DATA_DIR {data_dir} cannot hold the job database ({type(exc).__name__}: {exc})"
            ) from None

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={number}")

    # --- jobs ---

    def add_job(self, new: NewJob) -> Job | None:
        """Insert a job; None if this file in this message already has one (a duplicate)."""
        now = time.time()
        row = {**new.columns(), "created_at": now, "updated_at": now}
        columns = ", ".join(row)
        with self.transaction() as db:
            cursor = db.execute(
                f"INSERT OR IGNORE INTO jobs ({columns}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            if cursor.rowcount == 0:
                return None
            added = db.execute("SELECT * FROM jobs WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return _job(added)

    def job(self, job_id: int) -> Job:
        row = self._connection().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise KeyError(job_id)
        return _job(row)

    def update_job(self, job_id: int, **changes: object) -> Job:
        allowed = {
            "file_name",
            "status_ts",
            "phase",
            "upload_url",
            "transcript_id",
            "result_file_id",
            "result_shared",
            "audio_intervals",
            "audio_problem",
            "audio_file_id",
            "attempts",
            "failure",
            "reply_channel",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self.transaction() as db:
            db.execute(
                f"UPDATE jobs SET {assignments}, updated_at = ? WHERE id = ?",
                (*changes.values(), time.time(), job_id),
            )
        return self.job(job_id)

    def record_transcript(self, job_id: int, transcript_id: str) -> bool:
        """Record a new transcript's id and move the job to TRANSCRIBING, unless the job has a
        transcript id already (then nothing changes, and the caller must delete its own)."""
        with self.transaction() as db:
            cursor = db.execute(
                """UPDATE jobs SET transcript_id = ?, phase = ?, updated_at = ?
                   WHERE id = ? AND transcript_id IS NULL""",
                (transcript_id, Phase.TRANSCRIBING, time.time(), job_id),
            )
        return cursor.rowcount == 1

    def unfinished_jobs(self) -> list[Job]:
        rows = self._connection().execute(
            f"SELECT * FROM jobs WHERE phase IN ({','.join('?' * len(UNFINISHED))}) ORDER BY id",
            UNFINISHED,
        )
        return [_job(row) for row in rows]

    def jobs(self) -> list[Job]:
        return [_job(row) for row in self._connection().execute("SELECT * FROM jobs ORDER BY id")]

    def prune(self, older_than_seconds: float) -> int:
        """Delete finished jobs older than the retention period."""
        cutoff = time.time() - older_than_seconds
        with self.transaction() as db:
            jobs = db.execute(
                f"DELETE FROM jobs WHERE phase IN ({','.join('?' * len(FINISHED))}) "
                "AND updated_at < ?",
                (*FINISHED, cutoff),
            ).rowcount
        return jobs
