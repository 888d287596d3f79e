"""`redact-bot serve` refuses to start with one clear line: a DATA_DIR in use, a rejected token,
an unreachable Slack. Socket Mode needs no signing secret."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

from tests.conftest import API_KEY, base_env
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, free_port


def serve_once(cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run `redact-bot serve` expecting it to stop on its own."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=cwd,
        env=base_env(**settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else ""


def http_settings(api_url: str, data_dir: Path, **overrides: str) -> dict[str, str]:
    return {
        "ASSEMBLYAI_API_KEY": API_KEY,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "PORT": str(free_port()),
        "DATA_DIR": str(data_dir),
        **overrides,
    }


def test_a_second_serve_on_the_same_data_dir_refuses_to_start(make_app, slack, tmp_path):
    first = make_app().start()
    second = serve_once(tmp_path, **http_settings(slack.api_url, first.data_dir))
    assert second.returncode == 2
    line = last_line(second)
    assert line.startswith(f"redact-bot: DATA_DIR {first.data_dir} is in use by another")
    assert f"(pid {first.process.pid})" in line
    assert "Traceback" not in second.stderr
    assert requests.get(f"{first.base_url}/healthz", timeout=5).ok  # the first one carries on


def test_a_rejected_bot_token_names_the_variable(slack, tmp_path):
    slack.token = "xoxb-another-token"
    result = serve_once(tmp_path, **http_settings(slack.api_url, tmp_path / "data"))
    assert result.returncode == 2
    assert last_line(result) == "redact-bot: Slack refused SLACK_BOT_TOKEN (invalid_auth)"
    assert BOT_TOKEN not in result.stderr


def test_an_unreachable_slack_names_the_host(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}/api/"
    result = serve_once(tmp_path, **http_settings(closed, tmp_path / "data"))
    assert result.returncode == 1
    host = closed.removeprefix("http://").removesuffix("/api/")
    assert last_line(result).startswith(f"redact-bot: cannot reach Slack at {host} (SLACK_API_URL)")
    assert "Traceback" not in result.stderr


def test_socket_mode_needs_no_signing_secret_and_names_a_rejected_app_token(slack, tmp_path):
    settings = http_settings(slack.api_url, tmp_path / "data", SLACK_APP_TOKEN="xapp-1-rejected")
    del settings["SLACK_SIGNING_SECRET"]
    result = serve_once(tmp_path, **settings)
    assert result.returncode == 2
    # It got past the settings (no SLACK_SIGNING_SECRET needed) to Slack, which said no.
    assert last_line(result) == "redact-bot: Slack refused SLACK_APP_TOKEN (invalid_auth)"
    assert "xapp-1-rejected" not in result.stderr
    assert "Traceback" not in result.stderr


def test_http_mode_still_requires_the_signing_secret(slack, tmp_path):
    settings = http_settings(slack.api_url, tmp_path / "data")
    del settings["SLACK_SIGNING_SECRET"]
    result = serve_once(tmp_path, **settings)
    assert result.returncode == 2
    assert last_line(result).startswith("redact-bot: setting SLACK_SIGNING_SECRET: is required")
