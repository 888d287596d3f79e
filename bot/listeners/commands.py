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
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from slack_bolt import Ack, App, BoltRequest, Respond

from bot import messages
from bot.http_front import received_at
from bot.logs import describe_exception
from bot.redaction import Redaction, split_sentences
from bot.services import Services

# By this many seconds after a request arrived, its acknowledgement must be on its way: what
# is left of Slack's 3 s is for the network and for Slack itself.
ACK_DEADLINE = 2.0
# How many listeners may wait for a redaction at once. Each holds an HTTP thread meanwhile
# (the server has threads beyond these for everything else, see bot.server); more commands
# than this are acknowledged with "Redacting…" at once.
MAX_WAITING_ACKS = 8


class OnePerPerson:
    """Who has a `/redact` running. In memory: a restart forgets redactions in flight too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[tuple[str, str]] = set()

    def claim(self, key: tuple[str, str]) -> bool:
        with self._lock:
            if key in self._running:
                return False
            self._running.add(key)
            return True

    def release(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._running.discard(key)


def register(app: App, services: Services) -> None:
    settings = services.settings
    running = OnePerPerson()
    waiting_acks = threading.BoundedSemaphore(MAX_WAITING_ACKS)

    def preview_for(command: dict, redaction: Redaction) -> dict:
        if redaction.checked_nothing:
            # Nothing could be checked (a refused key, the gateway down): say why, and offer
            # nothing to post.
            return {"text": messages.redact_unchecked(redaction.withheld_reason)}
        preview_id = secrets.token_urlsafe(16)
        services.store.add_preview(
            preview_id,
            team_id=command.get("team_id", ""),
            channel_id=command["channel_id"],
            user_id=command["user_id"],
            redacted_text=redaction.text,
        )
        return messages.preview(preview_id, redaction)

    def too_long(text: str) -> str | None:
        sentences = len(split_sentences(text)) if len(text) <= settings.redact_max_chars else 0
        if len(text) > settings.redact_max_chars or sentences > settings.redact_max_sentences:
            return messages.redact_too_long(
                len(text), sentences, settings.redact_max_chars, settings.redact_max_sentences
            )
        return None

    def wait_in_ack(future: Future, arrived: float) -> Redaction | None:
        """The redaction, if it is done within the time left to acknowledge; else None."""
        budget = min(settings.redact_ack_seconds, arrived + ACK_DEADLINE - time.monotonic())
        if budget <= 0 or not waiting_acks.acquire(blocking=False):
            return None
        try:
            return future.result(timeout=budget)
        except FutureTimeout:
            return None
        finally:
            waiting_acks.release()

    def on_redact(
        ack: Ack, command: dict, request: BoltRequest, respond: Respond, logger: logging.Logger
    ) -> None:
        arrived = received_at(request.headers) or time.monotonic()
        text = messages.unescape(command.get("text") or "").strip()
        if not text or text.lower() == "help":
            ack(text=messages.USAGE, response_type="ephemeral")
            return
        refusal = too_long(text)
        if refusal:
            ack(text=refusal, response_type="ephemeral")
            logger.info("redact refused as too long chars=%d", len(text))
            return
        person = (command.get("team_id", ""), command["user_id"])
        if not running.claim(person):
            ack(text=messages.redact_busy(), response_type="ephemeral")
            return
        future = services.quick.submit(services.redactor.redact, text)
        future.add_done_callback(lambda _: running.release(person))
        try:
            redaction = wait_in_ack(future, arrived)
        except Exception as exc:
            logger.error("redact command failed: %s", describe_exception(exc))
            ack(text=messages.redact_failed(), response_type="ephemeral")
            return
        if redaction is None:
            ack(text=messages.redacting_later(), response_type="ephemeral")
            future.add_done_callback(lambda done: answer_late(done, command, respond, logger))
            return
        ack(**{"response_type": "ephemeral", **preview_for(command, redaction)})
        logger.info(
            "redact preview sent chars=%d spans=%d acked_after=%.2fs",
            len(text),
            len(redaction.spans),
            time.monotonic() - arrived,
        )

    def answer_late(done: Future, command: dict, respond: Respond, logger: logging.Logger) -> None:
        try:
            answer = preview_for(command, done.result())
            respond(**{"response_type": "ephemeral", **answer}, replace_original=True)
        except Exception as exc:
            logger.error("redact command failed: %s", describe_exception(exc))
            respond(text=messages.redact_failed(), response_type="ephemeral", replace_original=True)

    app.command("/redact")(on_redact)
