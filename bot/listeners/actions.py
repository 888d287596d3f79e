"""The preview's buttons: Post to channel, Discard.

Both ack at once and do their Slack calls on the bot's own small executor for buttons: a
rate-limited `chat.postMessage` must not hold the button's 3-second acknowledgement, and a
click must never wait behind `/redact` redactions, which have an executor of their own.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.logs import describe_exception
from bot.services import Services


def on_post(
    services: Services,
    ack: Ack,
    body: dict,
    action: dict,
    client: WebClient,
    respond: Respond,
    logger: logging.Logger,
) -> None:
    ack()
    user_id = body["user"]["id"]
    services.buttons.submit(
        post_preview, services, action["value"], user_id, client, respond, logger
    )


def post_preview(
    services: Services,
    preview_id: str,
    user_id: str,
    client: WebClient,
    respond: Respond,
    logger: logging.Logger,
) -> None:
    preview = services.previews.claim(preview_id, user_id)
    if preview is None or preview.redacted_text is None:
        respond(text=messages.PREVIEW_GONE, response_type="ephemeral", replace_original=True)
        return
    try:
        client.chat_postMessage(
            channel=preview.channel_id, text=messages.shared_by(user_id, preview.redacted_text)
        )
    except SlackApiError as exc:  # Slack said no: nothing was posted, so try again later
        services.previews.release(preview.id)
        error = str(exc.response.get("error") or "error")
        logger.warning("posting preview failed error=%s", error)
        respond(text=messages.post_refused(error), response_type="ephemeral")
        return
    except Exception as exc:  # e.g. a timeout: it may have been posted, so never twice
        logger.warning("posting preview uncertain: %s", describe_exception(exc))
        respond(text=messages.POST_UNCERTAIN, response_type="ephemeral")
        return
    services.previews.finish(preview.id)
    respond(delete_original=True)
    logger.info("preview posted channel=%s", preview.channel_id)


def on_discard(services: Services, ack: Ack, body: dict, action: dict, respond: Respond) -> None:
    ack()
    services.buttons.submit(discard, services, action["value"], body["user"]["id"], respond)


def discard(services: Services, preview_id: str, user_id: str, respond: Respond) -> None:
    services.previews.delete(preview_id, user_id)
    respond(delete_original=True)
