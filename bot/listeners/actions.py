"""The preview's buttons: Post to channel, Discard."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.logs import describe_exception
from bot.services import Services


def register(app: App, services: Services) -> None:
    def on_post(
        ack: Ack,
        body: dict,
        action: dict,
        client: WebClient,
        respond: Respond,
        logger: logging.Logger,
    ) -> None:
        ack()
        user_id = body["user"]["id"]
        preview = services.store.claim_preview(action["value"], user_id)
        if preview is None or preview.redacted_text is None:
            respond(
                text="This preview was already posted or has expired.",
                response_type="ephemeral",
                replace_original=True,
            )
            return
        try:
            client.chat_postMessage(
                channel=preview.channel_id, text=messages.shared_by(user_id, preview.redacted_text)
            )
        except Exception as exc:
            services.store.release_preview(preview.id)  # the user may try again
            error = exc.response.get("error", "") if isinstance(exc, SlackApiError) else ""
            logger.warning("posting preview failed: %s %s", describe_exception(exc), error)
            hint = " Invite me to the channel first." if error == "not_in_channel" else ""
            respond(
                text=f":warning: I could not post it ({error or 'error'}).{hint}",
                response_type="ephemeral",
            )
            return
        services.store.finish_preview(preview.id)
        respond(delete_original=True)
        logger.info("preview posted channel=%s", preview.channel_id)

    def on_discard(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        services.store.delete_preview(action["value"], body["user"]["id"])
        respond(delete_original=True)

    app.action("redact_post")(on_post)
    app.action("redact_discard")(on_discard)
