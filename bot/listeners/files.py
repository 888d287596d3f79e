"""Shared recordings: `message` events with subtype `file_share` become jobs."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.media import is_media_type
from bot.services import Services

MEDIA_SUBTYPES = ("slack_audio", "slack_video")


def is_recording(file: dict[str, Any]) -> bool:
    return is_media_type(file.get("mimetype")) or file.get("subtype") in MEDIA_SUBTYPES


def is_partial(file: dict[str, Any]) -> bool:
    """Slack sends some file objects (e.g. in shared channels) without their details."""
    return file.get("file_access") == "check_file_info" or not (
        file.get("mimetype") or file.get("subtype")
    )


def register(app: App, services: Services) -> None:
    def on_file_share(
        ack: Ack, event: dict, context: BoltContext, client: WebClient, logger: logging.Logger
    ) -> None:
        # The rows are written before the ack: once Slack stops retrying, the job is durable.
        team_id = context.team_id or event.get("team") or ""
        channel_id = event["channel"]
        message_ts = event["ts"]
        thread_ts = event.get("thread_ts") or message_ts
        queued: list[int] = []
        refused: list[int] = []
        limit = services.settings.job_max_file_mb * 1_000_000
        for file in event.get("files") or []:
            if not file.get("id"):
                continue
            if is_partial(file):
                try:
                    file = dict(client.files_info(file=file["id"])["file"])
                except SlackApiError as exc:
                    logger.warning(
                        "file details unavailable file=%s error=%s",
                        file["id"],
                        exc.response.get("error"),
                    )
                    continue
            if not is_recording(file):
                continue
            job = services.store.add_job(
                team_id=team_id,
                channel_id=channel_id,
                message_ts=message_ts,
                file_id=file["id"],
                thread_ts=thread_ts,
                user_id=event.get("user"),
                file_name=file.get("name") or file.get("title"),
            )
            if job is None:
                logger.info("duplicate file_share ignored file=%s ts=%s", file["id"], message_ts)
                continue
            if int(file.get("size") or 0) > limit:
                logger.info("job refused as too large job=%s file=%s", job.id, file["id"])
                refused.append(job.id)
                continue
            logger.info("job queued job=%s file=%s channel=%s", job.id, file["id"], channel_id)
            queued.append(job.id)
        ack()
        for job_id in refused:
            services.runner.refuse_too_large(job_id)
        for job_id in queued:
            services.runner.enqueue(job_id)

    def on_file_shared(ack: Ack) -> None:
        # The same file also arrives as a message with subtype file_share, which carries the
        # message ts a thread needs; that one makes the job.
        ack()

    def on_other_message(ack: Ack) -> None:
        ack()

    app.event({"type": "message", "subtype": "file_share"})(on_file_share)
    app.event("file_shared")(on_file_shared)
    app.event("message")(on_other_message)
