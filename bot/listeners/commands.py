"""`/redact <text>`: an ephemeral, redacted preview with Post and Discard buttons.

A short text's preview goes in the acknowledgement itself when the redaction is done in the
time left of Slack's 3-second window (counted from when the request arrived, not from when a
thread picked it up); otherwise the acknowledgement says "Redacting…" and the preview follows
through the response URL. One `/redact` per person runs at a time, and texts are bounded in
characters and sentences, so one person cannot use up the gateway's budget for everyone.
"""

from __future__ import annotations

import logging
import secrets
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from slack_bolt import Ack, BoltRequest, Respond

from bot import messages
from bot.config import Settings
from bot.http_front import received_at
from bot.logs import describe_exception
from bot.redaction import Redaction, split_sentences
from bot.services import Services

# By this many seconds after a request arrived, its acknowledgement must be on its way: what
# is left of Slack's 3 s is for the network and for Slack itself.
ACK_DEADLINE = 2.0


def on_redact(
    services: Services,
    ack: Ack,
    command: dict,
    request: BoltRequest,
    respond: Respond,
    logger: logging.Logger,
) -> None:
    arrived = received_at(request.headers) or time.monotonic()
    text = messages.unescape(command.get("text") or "").strip()
    if not text or text.lower() == "help":
        ack(text=messages.usage(services.settings.redact_max_chars), response_type="ephemeral")
        return
    refusal = too_long(services.settings, text)
    if refusal:
        ack(text=refusal, response_type="ephemeral")
        logger.info("redact refused as too long chars=%d", len(text))
        return
    person = (command.get("team_id", ""), command["user_id"])
    if not services.fairness.running.claim(person):
        ack(text=messages.redact_busy(), response_type="ephemeral")
        return
    future = services.quick.submit(services.redactor.redact, text)
    future.add_done_callback(lambda _: services.fairness.running.release(person))
    try:
        redaction = wait_in_ack(services, future, arrived)
    except Exception as exc:
        logger.error("redact command failed: %s", describe_exception(exc))
        ack(text=messages.redact_failed(), response_type="ephemeral")
        return
    if redaction is None:
        ack(text=messages.redacting_later(), response_type="ephemeral")
        future.add_done_callback(lambda done: answer_late(services, done, command, respond, logger))
        return
    ack(**{"response_type": "ephemeral", **preview_for(services, command, redaction)})
    logger.info(
        "redact preview sent chars=%d spans=%d acked_after=%.2fs",
        len(text),
        len(redaction.spans),
        time.monotonic() - arrived,
    )


def too_long(settings: Settings, text: str) -> str | None:
    """The refusal for a text over REDACT_MAX_CHARS or REDACT_MAX_SENTENCES, or None."""
    sentences = len(split_sentences(text)) if len(text) <= settings.redact_max_chars else 0
    if len(text) > settings.redact_max_chars or sentences > settings.redact_max_sentences:
        return messages.redact_too_long(
            len(text), sentences, settings.redact_max_chars, settings.redact_max_sentences
        )
    return None


def wait_in_ack(services: Services, future: Future, arrived: float) -> Redaction | None:
    """The redaction, if it is done within the time left to acknowledge; else None."""
    budget = min(services.settings.redact_ack_seconds, arrived + ACK_DEADLINE - time.monotonic())
    gate = services.fairness.waiting_acks
    if budget <= 0 or not gate.acquire(blocking=False):
        return None
    try:
        return future.result(timeout=budget)
    except FutureTimeout:
        return None
    finally:
        gate.release()


def preview_for(services: Services, command: dict, redaction: Redaction) -> dict:
    if redaction.checked_nothing:
        # Nothing could be checked (a refused key, the gateway down): say why, and offer
        # nothing to post.
        return {"text": messages.redact_unchecked(redaction.withheld_reason)}
    preview_id = secrets.token_urlsafe(16)
    services.previews.add(
        preview_id,
        team_id=command.get("team_id", ""),
        channel_id=command["channel_id"],
        user_id=command["user_id"],
        redacted_text=redaction.text,
    )
    return messages.preview(preview_id, redaction)


def answer_late(
    services: Services, done: Future, command: dict, respond: Respond, logger: logging.Logger
) -> None:
    try:
        answer = preview_for(services, command, done.result())
        respond(**{"response_type": "ephemeral", **answer}, replace_original=True)
    except Exception as exc:
        logger.error("redact command failed: %s", describe_exception(exc))
        respond(text=messages.redact_failed(), response_type="ephemeral", replace_original=True)
