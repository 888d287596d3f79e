"""`redact-bot serve`: the Slack app (see `bot.server`)."""

from __future__ import annotations

import argparse

from bot.cli.common import settings_for


def run(args: argparse.Namespace) -> int:
    from bot.server import serve

    settings = settings_for("ASSEMBLYAI_API_KEY", "SLACK_BOT_TOKEN")
    if not settings.slack_app_token:  # HTTP mode: requests are verified with the secret
        settings.require("SLACK_SIGNING_SECRET")
    return serve(settings)
