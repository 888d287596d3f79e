"""PostgreSQL for the tests that need it: a fresh schema per test, in the database named by
TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test), dropped afterwards.

The schema reaches the code under test, in this process or a replica process, through the
URL itself: libpq's `options=-csearch_path=<schema>` startup parameter. Schemas are named
after this process's pid, so one left by a killed run is swept by the next run on the same
machine, and never one of a run still going (another worktree's, say).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

PREFIX = "rbtest_"
HOW_TO_RUN = (
    "PostgreSQL tests skipped: set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test "
    "(.ci/run does) to run them"
)
# Where the skips are reported, folded into one line (conftest's makereport hook).
HOW_TO_RUN_LINE = next(
    number
    for number, line in enumerate(Path(__file__).read_text().splitlines(), start=1)
    if line.startswith("HOW_TO_RUN =")
)


def with_schema(base_url: str, schema: str) -> str:
    return f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{schema}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_left_behind(base_url: str) -> None:
    """Drop test schemas whose run is no longer alive (killed before its teardown)."""
    with psycopg.connect(base_url, autocommit=True) as admin:
        names = [
            row[0]
            for row in admin.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (PREFIX + "%",)
            )
        ]
        for name in names:
            pid = name[len(PREFIX) :].split("_", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


@contextmanager
def fresh_schema(base_url: str) -> Iterator[str]:
    """A new, empty schema; yields a URL whose connections use it."""
    schema = f"{PREFIX}{os.getpid()}_{uuid.uuid4().hex[:10]}"
    identifier = sql.Identifier(schema)
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(identifier))
    try:
        yield with_schema(base_url, schema)
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute("SET lock_timeout = '20s'")  # a killed replica's session may linger
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(identifier))


def connect(url: str) -> psycopg.Connection:
    """A plain autocommit connection to a test schema, to look at what the code wrote."""
    from psycopg.rows import dict_row

    return psycopg.connect(url, autocommit=True, row_factory=dict_row)
