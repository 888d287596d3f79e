"""The bot's Bolt app in-process, fed signed requests through `app.dispatch` (Bolt's own
request path, as bolt-python's scenario tests drive it), its services pointed at the fakes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest

from bot.app import build_app
from bot.config import load_settings
from bot.services import Services, build_services
from tests.conftest import API_KEY
from tests.fakes.assemblyai import FakeAssemblyAI
from tests.fakes.gateway import FakeGateway
from tests.fakes.slack import FakeSlack
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET
from tests.support.slack_requests import FORM, signed_headers


@dataclass
class BoltApp:
    app: App
    services: Services

    def dispatch(self, body: str, content_type: str = FORM) -> BoltResponse:
        headers = {"content-type": content_type, **signed_headers(SIGNING_SECRET, body)}
        return self.app.dispatch(BoltRequest(body=body, headers=headers))


@contextmanager
def bolt_app(
    data_dir: Path,
    slack: FakeSlack,
    gateway: FakeGateway,
    assemblyai: FakeAssemblyAI,
    **env: str,
) -> Iterator[BoltApp]:
    settings = load_settings(
        {
            "ASSEMBLYAI_API_KEY": API_KEY,
            "ASSEMBLYAI_BASE_URL": assemblyai.url,
            "ASSEMBLYAI_MAX_RETRIES": "1",
            "LLM_GATEWAY_BASE_URL": gateway.base_url,
            "LLM_GATEWAY_MAX_RETRIES": "1",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.api_url,
            "DATA_DIR": str(data_dir),
            "TRANSCRIBE_POLL_INTERVAL": "0.05",
            "JOB_RETRY_DELAY": "0.2",
            **env,
        }
    )
    services = build_services(settings)
    try:
        yield BoltApp(build_app(services), services)
    finally:
        services.runner.shutdown(5)
        services.close(5)
