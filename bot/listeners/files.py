"""Shared recordings: `message` events with subtype `file_share` become jobs.

Nothing slow runs here: the listener only writes job rows and hands them to the runner, and
Slack hears "200" once the rows exist. A partial file object (Slack sends some without their
details) becomes a PENDING job whose files.info lookup happens in the runner.
"""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext

from bot.media import is_partial, is_recording
from bot.services import Services
from bot.store import PENDING, RECEIVED


def register(app: App, services: Services) -> None:
    def on_file_share(ack: Ack, event: dict, context: BoltContext, logger: logging.Logger) -> None:
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
        lookups: list[int] = []
        try:
            for file in event.get("files") or []:
                if not file.get("id"):
                    continue
                partial = is_partial(file)
                if not partial and not is_recording(file):
                    continue
                job = services.store.add_job(
                    team_id=team_id,
                    channel_id=channel_id,
                    message_ts=message_ts,
                    file_id=file["id"],
                    thread_ts=thread_ts,
                    user_id=event.get("user"),
                    file_name=file.get("name") or file.get("title"),
                    phase=PENDING if partial else RECEIVED,
                )
                if job is None:
                    logger.info(
                        "duplicate file_share ignored file=%s ts=%s", file["id"], message_ts
                    )
                elif partial:
                    logger.info("job waits for a file lookup job=%s file=%s", job.id, file["id"])
                    lookups.append(job.id)
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
            for job_id in lookups:
                services.runner.resolve(job_id)
            for job_id in queued:
                services.runner.enqueue(job_id)
        ack()

    def on_file_shared(ack: Ack) -> None:
        # Not subscribed in manifest.yml: the same file arrives as a message with subtype
        # file_share, which carries the message ts a thread needs; that one makes the job.
        # An app configured with the event anyway still gets a 200, not Bolt's 404.
        ack()

    def on_other_message(ack: Ack) -> None:
        # Every message in the bot's channels arrives (message.* events): answered at once.
        ack()

    app.event({"type": "message", "subtype": "file_share"})(on_file_share)
    app.event("file_shared")(on_file_shared)
    app.event("message")(on_other_message)
