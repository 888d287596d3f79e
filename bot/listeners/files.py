"""Shared recordings: `message` events with subtype `file_share` become jobs.

Nothing slow runs here: the listener only writes job rows and hands them to the runner, and
Slack hears "200" once the rows exist. A partial file object (Slack sends some without their
details) becomes a PENDING job whose files.info lookup happens in the runner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_bolt import Ack, BoltContext

from bot.jobs.limits import too_large
from bot.jobs.phase import Phase
from bot.media import is_partial, is_recording
from bot.services import Services
from bot.store import NewJob


@dataclass
class _Taken:
    """The jobs one event made, by what happens to them next."""

    queued: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    lookups: list[int] = field(default_factory=list)


def on_file_share(
    services: Services, ack: Ack, event: dict, context: BoltContext, logger: logging.Logger
) -> None:
    # Bolt answers Slack after this returns (process_before_response): the rows are
    # written first. If anything fails, Slack gets a 500 and delivers the event again;
    # the rows written so far are still queued, and the retry skips them as duplicates.
    taken = _Taken()
    try:
        for file in event.get("files") or []:
            _take(services, event, context, file, taken, logger)
    finally:
        for job_id in taken.refused:
            services.runner.refuse_too_large(job_id)
        for job_id in taken.lookups:
            services.runner.resolve(job_id)
        for job_id in taken.queued:
            services.runner.enqueue(job_id)
    ack()


def _take(
    services: Services,
    event: dict,
    context: BoltContext,
    file: dict,
    taken: _Taken,
    logger: logging.Logger,
) -> None:
    """Make the job of one shared file, unless it is no recording or a duplicate."""
    partial = is_partial(file)
    if not file.get("id") or (not partial and not is_recording(file)):
        return
    job = services.store.add_job(
        NewJob(
            team_id=context.team_id or event.get("team") or "",
            channel_id=event["channel"],
            message_ts=event["ts"],
            file_id=file["id"],
            thread_ts=event.get("thread_ts") or event["ts"],
            user_id=event.get("user"),
            file_name=file.get("name") or file.get("title"),
            phase=Phase.PENDING if partial else Phase.RECEIVED,
            # Sent to the bot in a DM: the result stays there, with a button to review and share.
            private=event.get("channel_type") == "im",
        )
    )
    if job is None:
        logger.info("duplicate file_share ignored file=%s ts=%s", file["id"], event["ts"])
    elif partial:
        logger.info("job waits for a file lookup job=%s file=%s", job.id, file["id"])
        taken.lookups.append(job.id)
    elif too_large(file.get("size"), services.settings):
        logger.info("job refused as too large job=%s file=%s", job.id, file["id"])
        taken.refused.append(job.id)
    else:
        logger.info("job queued job=%s file=%s channel=%s", job.id, file["id"], job.channel_id)
        taken.queued.append(job.id)


def on_file_shared(ack: Ack) -> None:
    # Not subscribed in manifest.yml: the same file arrives as a message with subtype
    # file_share, which carries the message ts a thread needs; that one makes the job.
    # An app configured with the event anyway still gets a 200, not Bolt's 404.
    ack()


def on_other_message(ack: Ack) -> None:
    # Every message in the bot's channels arrives (message.* events): answered at once.
    ack()
