"""PostgreSQL's schema: SQLite's migrations ported one for one, applied once however many
replicas start together, and refused by a replica older than the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from bot.config import load_settings
from bot.jobs.phase import Phase
from bot.store import MIGRATIONS, SqliteStore, StoreError
from bot.store.pg_schema import LOCK_SCOPE, PORTED, POSTGRES_ONLY, PRUNE_LOCK
from bot.store.postgres import PostgresStore
from tests.support.postgres import connect
from tests.support.race import race
from tests.unit.store.test_store import add

# Columns only PostgreSQL has: who holds a job's lease, until when, and when it is due.
POSTGRES_ONLY_COLUMNS = {
    "jobs": {"available_at", "leased_by", "lease_token", "leased_until", "claims"},
}
POSTGRES_ONLY_TABLES = {"schema_migrations", "rate_slots", "rate_pause"}


def settings(url: str):
    return load_settings({"DATABASE_URL": url}, dotenv=False)


def test_every_sqlite_migration_has_its_postgresql_port() -> None:
    """A SQLite migration added later fails here until bot/store/pg_schema.py's PORTED has
    its translation, under the same number."""
    assert len(PORTED) == len(MIGRATIONS)


def test_both_schemas_have_the_same_tables_and_columns(database_url: str, tmp_path: Path) -> None:
    SqliteStore(tmp_path)
    lite = sqlite3.connect(tmp_path / "redact-bot.sqlite3")
    tables = [row[0] for row in lite.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    sqlite_columns = {
        table: {row[1] for row in lite.execute(f"PRAGMA table_info({table})")} for table in tables
    }
    PostgresStore.connect(settings(database_url)).close()
    with connect(database_url) as pg:
        rows = pg.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = current_schema()"""
        ).fetchall()
    pg_columns: dict[str, set[str]] = {}
    for row in rows:
        pg_columns.setdefault(row["table_name"], set()).add(row["column_name"])
    assert set(pg_columns) - POSTGRES_ONLY_TABLES == set(sqlite_columns)
    for table, columns in sqlite_columns.items():
        assert pg_columns[table] - POSTGRES_ONLY_COLUMNS.get(table, set()) == columns, table


def test_replicas_starting_together_migrate_once(database_url: str) -> None:
    stores = race(*[lambda: PostgresStore.connect(settings(database_url)) for _ in range(4)])
    for store in stores:
        store.close()
    with connect(database_url) as pg:
        applied = pg.execute("SELECT track, version FROM schema_migrations").fetchall()
    expected = [("ported", n) for n in range(1, len(PORTED) + 1)]
    expected += [("postgres", n) for n in range(1, len(POSTGRES_ONLY) + 1)]
    assert sorted((row["track"], row["version"]) for row in applied) == expected


def test_a_replica_older_than_the_database_refuses_to_start(database_url: str) -> None:
    PostgresStore.connect(settings(database_url)).close()
    with connect(database_url) as pg:
        pg.execute("INSERT INTO schema_migrations (track, version) VALUES ('ported', 99)")
    with pytest.raises(StoreError, match=r"DATABASE_URL: .* newer than this redact-bot"):
        PostgresStore.connect(settings(database_url))


def test_an_unreachable_database_is_one_line_naming_the_setting_not_the_password() -> None:
    url = "postgresql://bot:hunter2-secret@127.0.0.1:1/redact?connect_timeout=1"
    with pytest.raises(StoreError) as caught:
        PostgresStore.connect(settings(url))
    message = str(caught.value)
    assert message.startswith("DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:1/redact")
    assert "hunter2" not in message and "bot:" not in message


def test_pruning_is_done_by_one_replica_at_a_time(database_url: str) -> None:
    store = PostgresStore.connect(settings(database_url))
    try:
        done = add(store)
        store.update_job(done.id, phase=Phase.POSTED)
        with psycopg.connect(database_url, autocommit=True) as other, other.transaction():
            # Another replica is pruning: it holds the lock for its transaction.
            other.execute(f"SELECT pg_advisory_xact_lock({LOCK_SCOPE}, %s)", (PRUNE_LOCK,))
            assert store.prune(older_than_seconds=0) == 0
            assert len(store.jobs()) == 1
        assert store.prune(older_than_seconds=0) == 1
        assert store.jobs() == []
    finally:
        store.close()
