"""The Bolt app: settings and listeners; `bot.server` serves it."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.listeners import register
from bot.services import Services

log = logging.getLogger(__name__)


class _NoTokenSkippedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client (which carries the same
    token and the configurable base URL) takes precedence. That is the intent."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_app(services: Services) -> App:
    settings = services.settings
    socket_mode = bool(settings.slack_app_token)
    bolt_logger = logging.getLogger("slack_bolt.App")
    bolt_logger.addFilter(_NoTokenSkippedWarning())
    app = App(
        name="redact-bot",
        client=services.client,
        signing_secret=settings.slack_signing_secret or "",
        # Socket Mode requests come over the bot's own authenticated connection: they carry
        # no signature, and SLACK_SIGNING_SECRET is not needed.
        request_verification_enabled=not socket_mode,
        logger=bolt_logger,
        # Answer Slack only once a listener has finished: a job row is written before Slack
        # hears "200", and a listener that fails answers 500 so Slack delivers again. Every
        # listener is quick; slow work goes to the bot's own executors.
        process_before_response=True,
    )
    register(app, services)
    return app
