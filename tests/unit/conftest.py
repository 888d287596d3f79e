"""Fixtures of the unit tests: a job store of either backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.store import SqliteStore, Store

Opener = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens the same database again each time it is called."""
    opened: list[Store] = []
    if request.param == "sqlite":

        def make() -> Store:
            opened.append(SqliteStore(tmp_path))
            return opened[-1]

    else:
        from bot.store.postgres import PostgresStore

        url = request.getfixturevalue("database_url")
        settings = load_settings({"DATABASE_URL": url}, dotenv=False)

        def make() -> Store:
            opened.append(PostgresStore.connect(settings))
            return opened[-1]

    yield make
    for store in opened:
        store.close()
