"""The long-lived objects one process shares, built once from Settings."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.clients.gateway import Priority
from bot.config import Settings
from bot.factory import build_gateway, build_pipeline, build_redactor
from bot.jobs import JobRunner
from bot.redaction import Redactor
from bot.slack_io import SlackIO
from bot.store import Store


@dataclass
class Services:
    settings: Settings
    store: Store
    client: WebClient
    redactor: Redactor  # for `/redact`: its gateway requests go ahead of recordings'
    runner: JobRunner
    quick: ThreadPoolExecutor  # `/redact` redactions, apart from Bolt's and the jobs' threads
    buttons: ThreadPoolExecutor  # Post and Discard: never queued behind a redaction

    def close(self) -> None:
        self.quick.shutdown(wait=False, cancel_futures=True)
        self.buttons.shutdown(wait=False, cancel_futures=True)


def build_services(settings: Settings) -> Services:
    """Everything but the Bolt app. Raises StoreError when DATA_DIR cannot be used."""
    assert settings.slack_bot_token, "SLACK_BOT_TOKEN is checked by load_settings"
    store = Store(settings.data_dir)
    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=30,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=5),
        ],
    )
    # One gateway client for jobs and /redact: its limiter is the account's limit. Two
    # redactors share it, each asking with its own priority.
    gateway = build_gateway(settings)
    interactive = build_redactor(settings, gateway, priority=Priority.INTERACTIVE)
    pipeline = build_pipeline(
        settings, build_redactor(settings, gateway, priority=Priority.BACKGROUND)
    )
    slack_io = SlackIO(client, settings.slack_bot_token, api_url=settings.slack_api_url)
    runner = JobRunner(store, pipeline, slack_io, settings, gateway_wait=gateway.rate_limit_wait)
    quick = ThreadPoolExecutor(4, thread_name_prefix="redact-command")
    buttons = ThreadPoolExecutor(4, thread_name_prefix="button")
    return Services(settings, store, client, interactive, runner, quick, buttons)
