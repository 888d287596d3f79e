"""The Bolt app and the two ways of serving it: HTTP (waitress) or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.listeners import register_listeners
from bot.services import Services

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


class _NoTokenSkippedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client (which carries the same
    token and the configurable base URL) takes precedence. That is the intent."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_app(services: Services) -> App:
    settings = services.settings
    bolt_logger = logging.getLogger("slack_bolt.App")
    bolt_logger.addFilter(_NoTokenSkippedWarning())
    app = App(
        name="redact-bot",
        client=services.client,
        signing_secret=settings.slack_signing_secret,
        logger=bolt_logger,
        # Answer Slack only once a listener has finished: a job row is written before Slack
        # hears "200", and a listener that fails answers 500 so Slack delivers again. Every
        # listener is quick; slow work goes to the bot's own executors.
        process_before_response=True,
    )
    register_listeners(app, services)
    return app


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App) -> WsgiApp:
    """Bolt's single endpoint `/slack/events`, plus `GET /healthz`."""
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]):
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        return bolt(environ, start_response)

    return application
