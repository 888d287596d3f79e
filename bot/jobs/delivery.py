"""A recording job's result in its thread: the redacted transcript (attached as a file past
the inline limit, shared at most once), and the review that lets its owner un-redact, add
to and share it."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot import messages
from bot.clients.slack import SlackIO
from bot.pipeline import RedactedTranscript
from bot.reviews.desk import ReviewDesk
from bot.store import Job, Store

log = logging.getLogger(__name__)


class Delivery:
    def __init__(self, store: Store, slack: SlackIO, reviews: ReviewDesk | None) -> None:
        self.store = store
        self.slack = slack
        self.reviews = reviews

    def open_review(self, job: Job, result: RedactedTranscript) -> str | None:
        """The review of the result, for its owner to un-redact, add to and share; None
        when reviews are off or there is nothing to review."""
        if self.reviews is None or not self.reviews.enabled or not result.has_speech:
            return None
        review = self.reviews.open_for_recording(
            f"j{job.id}",
            team_id=job.team_id,
            user_id=job.user_id or "",
            origin_channel=job.channel_id,
            job_id=job.id,
            transcript_id=result.transcript_id,
            text=result.document.text,
            redaction=result.redaction,
        )
        return review.id

    def deliver(self, job: Job, result: RedactedTranscript, review_id: str | None) -> None:
        assert job.status_ts
        if not result.has_speech:
            self.slack.update(
                job.reply_channel_id, job.status_ts, messages.no_speech(job.file_name)
            )
            return
        buttons = messages.review.actions(review_id, discard=bool(job.private)) if review_id else []
        message = messages.result(job.file_name, result.redaction, result.text, buttons)
        if message.attachment is not None:
            self.attach(job, message.attachment)
        self.slack.update(job.reply_channel_id, job.status_ts, message.text, message.blocks)

    def attach(self, job: Job, text: str) -> None:
        """Upload the transcript as a .txt file into the thread, at most once per job: the
        file id is stored before it is shared, and sharing is recorded once it is done."""
        if job.result_shared:
            return
        content = text.encode("utf-8")
        share: dict[str, Any] = {
            "title": messages.ATTACHMENT_TITLE,
            "channel": job.reply_channel_id,
        }
        # In the job's thread; in a private job's DM, in the thread of its status message.
        thread_ts = job.reply_thread_ts or job.status_ts
        if job.result_file_id:  # a share that may not have completed: finish it
            try:
                self.slack.share_upload(job.result_file_id, thread_ts=thread_ts, **share)
                self.store.update_job(job.id, result_shared=1)
                return
            except SlackApiError:
                log.info("earlier upload not shareable; uploading again job=%s", job.id)
        file_id, upload_url = self.slack.start_upload(messages.attachment_name(job.id), content)
        self.store.update_job(job.id, result_file_id=file_id)
        self.slack.send_upload(upload_url, content)
        self.slack.share_upload(file_id, thread_ts=thread_ts, **share)
        self.store.update_job(job.id, result_shared=1)
