from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import pytest
from hypothesis import settings

from bot.config import Settings
from tests.fakes.assemblyai import FakeAssemblyAI
from tests.fakes.gateway import FakeGateway

# A loaded CI machine can take longer than Hypothesis's 200 ms per example: no deadline.
settings.register_profile("redact-bot", deadline=None, print_blob=True)
settings.load_profile("redact-bot")

API_KEY = "test-assemblyai-key-0123456789"


_swept = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Every PostgreSQL test skipped for want of TEST_DATABASE_URL is reported at one place,
    so `-ra` folds them into one line saying how to run them."""
    from tests.support import postgres

    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and postgres.HOW_TO_RUN in str(longrepr[2]):
        report.longrepr = (postgres.__file__, postgres.HOW_TO_RUN_LINE, longrepr[2])
    return report


@pytest.fixture
def database_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections use a fresh schema of this test's own (dropped
    afterwards); skipped, with one line saying how to run them, without TEST_DATABASE_URL."""
    from tests.support.postgres import HOW_TO_RUN, fresh_schema, sweep_left_behind

    global _swept
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip(HOW_TO_RUN)
    if not _swept:
        sweep_left_behind(base)
        _swept = True
    with fresh_schema(base) as url:
        yield url


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    with FakeGateway(api_key=API_KEY) as fake:
        yield fake


@pytest.fixture
def assemblyai() -> Iterator[FakeAssemblyAI]:
    with FakeAssemblyAI(api_key=API_KEY) as fake:
        yield fake


SUPPORT_CALL_ENTITIES = (
    ("Northwind Telecom", "ORGANIZATION"),
    ("Daniel", "PERSON"),
    ("Maria Lopez", "PERSON"),
    ("Bluefin Analytics", "ORGANIZATION"),
    ("maria.lopez@bluefin.com", "EMAIL"),
    ("(415) 555-0132", "PHONE"),
)
SUPPORT_CALL_SECRETS = ("Northwind", "Daniel", "Maria", "Lopez", "Bluefin", "maria", "555", "0132")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The logger's own time stamp at the start of a line ("2026-12-02 01:33:45,555 ").
_LOG_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} ", re.MULTILINE)


def without_ids(text: str) -> str:
    """Logs and JSON carry transcript ids (random UUIDs) and log lines their time stamps:
    one may hold "555" or "0132" by chance (a line logged at 01:33:45,555), which is not a
    leak of the call's phone number."""
    return _LOG_TIME.sub("", _UUID.sub("<id>", text))


def teach_support_call(gateway: FakeGateway) -> None:
    """Make the fake model know the entities of the fake AssemblyAI's default call."""
    for spelling, entity_type in SUPPORT_CALL_ENTITIES:
        gateway.add_entity(spelling, entity_type)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


# Every variable the bot reads, taken from Settings itself so a new setting is cleared too.
BOT_VARIABLES = frozenset(f.metadata["env"] for f in fields(Settings))
PROXY_VARIABLES = frozenset({"http_proxy", "https_proxy", "all_proxy"})


def base_env(**overrides: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's shell or .env leaks into a test."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in BOT_VARIABLES and key.lower() not in PROXY_VARIABLES
    }
    env.update({"PYTHONUNBUFFERED": "1", "LOG_LEVEL": "DEBUG", "NO_PROXY": "127.0.0.1,localhost"})
    env.update(overrides)
    return env


@pytest.fixture
def run_cli(tmp_path: Path, gateway: FakeGateway, assemblyai: FakeAssemblyAI):
    """Runs `python -m bot ARGS` in a clean temp directory against the fake services."""

    def run(
        *args: str,
        stdin: str | None = None,
        timeout: float = 120,
        cwd: Path | None = None,
        **env: str,
    ) -> CliResult:
        settings = {
            "ASSEMBLYAI_API_KEY": API_KEY,
            "LLM_GATEWAY_BASE_URL": gateway.base_url,
            "LLM_GATEWAY_MAX_RETRIES": "2",
            "ASSEMBLYAI_BASE_URL": assemblyai.url,
            "ASSEMBLYAI_MAX_RETRIES": "2",
            "TRANSCRIBE_POLL_INTERVAL": "0.05",
            **env,
        }
        completed = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=base_env(**settings),
            timeout=timeout,
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def slack():
    from tests.fakes.slack import FakeSlack
    from tests.support.app_process import BOT_TOKEN

    with FakeSlack(token=BOT_TOKEN) as fake:
        yield fake


@pytest.fixture
def make_app(tmp_path: Path, slack, assemblyai: FakeAssemblyAI, gateway: FakeGateway):
    """Builds (not starts) `redact-bot serve` processes; stops all of them afterwards."""
    from tests.support.app_process import AppProcess

    started: list[AppProcess] = []

    def make(host: str = "127.0.0.1", **env: str) -> AppProcess:
        app = AppProcess(
            slack=slack,
            assemblyai=assemblyai,
            gateway=gateway,
            data_dir=tmp_path / "data",
            log_path=tmp_path / "app.log",
            env=env,
            host=host,
        )
        started.append(app)
        return app

    yield make
    for app in started:
        if app.process is not None and app.process.poll() is None:
            app.stop(signal.SIGKILL)
