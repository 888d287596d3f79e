"""Shared recordings: `message` events with subtype `file_share` become jobs."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

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
        # Bolt answers Slack after this returns (process_before_response): the rows are
        # written first. If anything fails, Slack gets a 500 and delivers the event again;
        # the rows written so far are still queued, and the retry skips them as duplicates.
        team_id = context.team_id or event.get("team") or ""
        channel_id = event["channel"]
        message_ts = event["ts"]
        thread_ts = event.get("thread_ts") or message_ts
        limit = services.settings.job_max_file_mb * 1_000_000
        queued: list[int] = []
        refused: list[int] = []
        try:
            for file in event.get("files") or []:
                if not file.get("id"):
                    continue
                if is_partial(file):
                    file = dict(client.files_info(file=file["id"])["file"])
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
                    logger.info(
                        "duplicate file_share ignored file=%s ts=%s", file["id"], message_ts
                    )
                elif int(file.get("size") or 0) > limit:
                    logger.info("job refused as too large job=%s file=%s", job.id, file["id"])
                    refused.append(job.id)
                else:
                    logger.info(
                        "job queued job=%s file=%s channel=%s", job.id, file["id"], channel_id
                    )
                    queued.append(job.id)
        finally:
            for job_id in refused:
                services.runner.refuse_too_large(job_id)
            for job_id in queued:
                services.runner.enqueue(job_id)
        ack()

    def on_file_shared(ack: Ack) -> None:
        # The same file also arrives as a message with subtype file_share, which carries the
        # message ts a thread needs; that one makes the job.
        ack()

    def on_other_message(ack: Ack) -> None:
        ack()

    app.event({"type": "message", "subtype": "file_share"})(on_file_share)
    app.event("file_shared")(on_file_shared)
    app.event("message")(on_other_message)
