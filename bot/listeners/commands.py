"""`/redact <text>`: an ephemeral, redacted preview with Post and Discard buttons."""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from slack_bolt import Ack, App, Respond

from bot import messages
from bot.logs import describe_exception
from bot.redaction import Redaction
from bot.services import Services


def register(app: App, services: Services) -> None:
    def preview_for(command: dict, redaction: Redaction) -> dict:
        preview_id = secrets.token_urlsafe(16)
        services.store.add_preview(
            preview_id,
            team_id=command.get("team_id", ""),
            channel_id=command["channel_id"],
            user_id=command["user_id"],
            redacted_text=redaction.text,
        )
        return messages.preview(preview_id, redaction)

    def on_redact(ack: Ack, command: dict, respond: Respond, logger: logging.Logger) -> None:
        text = messages.unescape(command.get("text") or "").strip()
        if not text or text.lower() == "help":
            ack(text=messages.USAGE, response_type="ephemeral")
            return
        future = services.quick.submit(services.redactor.redact, text)
        try:
            redaction = future.result(timeout=services.settings.redact_ack_seconds)
        except FutureTimeout:
            ack(text=":hourglass_flowing_sand: Redacting your text…", response_type="ephemeral")
            future.add_done_callback(lambda done: answer_late(done, command, respond, logger))
            return
        except Exception as exc:
            logger.error("redact command failed: %s", describe_exception(exc))
            ack(text=":warning: Sorry, I could not redact that text.", response_type="ephemeral")
            return
        ack(**preview_for(command, redaction))
        logger.info("redact preview sent chars=%d spans=%d", len(text), len(redaction.spans))

    def answer_late(done: Future, command: dict, respond: Respond, logger: logging.Logger) -> None:
        try:
            respond(**preview_for(command, done.result()), replace_original=True)
        except Exception as exc:
            logger.error("redact command failed: %s", describe_exception(exc))
            respond(
                text=":warning: Sorry, I could not redact that text.",
                response_type="ephemeral",
                replace_original=True,
            )

    app.command("/redact")(on_redact)
