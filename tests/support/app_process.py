"""`redact-bot serve` as a real process in HTTP mode, pointed at the fake services."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.conftest import API_KEY, base_env
from tests.fakes.assemblyai import FakeAssemblyAI
from tests.fakes.gateway import FakeGateway
from tests.fakes.slack import FakeSlack

BOT_TOKEN = "xoxb-test-bot-token-0123456789"
SIGNING_SECRET = "test-signing-secret-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppProcess:
    slack: FakeSlack
    assemblyai: FakeAssemblyAI
    gateway: FakeGateway
    data_dir: Path
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def events_url(self) -> str:
        return f"{self.base_url}/slack/events"

    def settings(self) -> dict[str, str]:
        return {
            "ASSEMBLYAI_API_KEY": API_KEY,
            "ASSEMBLYAI_BASE_URL": self.assemblyai.url,
            "ASSEMBLYAI_MAX_RETRIES": "1",
            "LLM_GATEWAY_BASE_URL": self.gateway.base_url,
            "LLM_GATEWAY_MAX_RETRIES": "1",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url,
            "HOST": self.host,
            "PORT": str(self.port),
            "DATA_DIR": str(self.data_dir),
            "TRANSCRIBE_POLL_INTERVAL": "0.05",
            "TRANSCRIBE_POLL_MAX_INTERVAL": "0.2",
            "JOB_RETRY_DELAY": "0.2",
            "JOB_SHUTDOWN_GRACE": "5",
            # Most tests share fake recordings (a marker line and zeros) that no decoder
            # reads: the redacted audio is off for them, and on in the tests of it
            # (test_slack_audio.py), which share real audio.
            "REDACTED_AUDIO": "off",
            **self.env,
        }

    def start(self, wait: bool = True) -> AppProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=self.data_dir.parent,
            env=base_env(**self.settings()),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the app exited with {self.process.returncode}:\n{self.logs()}"
                )
            try:
                if requests.get(f"{self.base_url}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:  # not listening yet, or busy starting
                pass
            time.sleep(0.05)
        raise AssertionError(f"the app did not become healthy:\n{self.logs()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
        return self.process.wait(timeout=timeout)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
