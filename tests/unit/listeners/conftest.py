from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.bolt import BoltApp, bolt_app


@pytest.fixture
def bolt(tmp_path: Path, slack, gateway, assemblyai) -> Iterator[BoltApp]:
    with bolt_app(tmp_path / "data", slack, gateway, assemblyai) as app:
        yield app
