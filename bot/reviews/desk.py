"""Reviews from start to end: opened for a posted result or a shortcut's text, shown to
their owner with their choices applied, shared once where the owner chooses, discarded or
expired — and then the original is deleted (the transcript at AssemblyAI, the sealed text).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from bot.clients.slack import SlackIO
from bot.config import Settings
from bot.messages import review as layouts
from bot.pipeline import Pipeline
from bot.redaction import Redaction
from bot.reviews.marks import Choices, item_texts, marks_of, phrase_ranges, render
from bot.reviews.originals import Originals, text_hash
from bot.reviews.records import Kind, NewReview, Review, ReviewRecords, Status
from bot.reviews.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shared:
    ts: str  # the shared message, in the channel chosen
    redaction: Redaction  # the text as reviewed: its spans are what the audio bleeps


class ReviewDesk:
    def __init__(
        self, records: ReviewRecords, vault: Vault, pipeline: Pipeline, settings: Settings
    ) -> None:
        self.records = records
        self.vault = vault
        self.originals = Originals(pipeline, vault)
        self.pipeline = pipeline
        self.settings = settings

    @property
    def enabled(self) -> bool:
        return self.settings.review_ttl_hours > 0

    @property
    def ttl_seconds(self) -> float:
        return self.settings.review_ttl_hours * 3600

    # --- opening ---

    def open_for_recording(
        self,
        review_id: str,
        *,
        team_id: str,
        user_id: str,
        origin_channel: str,
        job_id: int,
        transcript_id: str,
        text: str,
        redaction: Redaction,
    ) -> Review:
        place = {"origin_channel": origin_channel, "job_id": job_id, "transcript_id": transcript_id}
        return self._open(review_id, Kind.RECORDING, team_id, user_id, text, redaction, **place)

    def open_for_text(
        self,
        *,
        team_id: str,
        user_id: str,
        origin_channel: str | None,
        text: str,
        redaction: Redaction,
    ) -> Review:
        review_id = "t" + secrets.token_urlsafe(12)
        sealed = self.vault.seal(review_id, text, self.ttl_seconds)
        return self._open(
            review_id,
            Kind.TEXT,
            team_id,
            user_id,
            text,
            redaction,
            origin_channel=origin_channel,
            sealed=sealed,
        )

    def _open(
        self,
        review_id: str,
        kind: Kind,
        team_id: str,
        user_id: str,
        text: str,
        redaction: Redaction,
        **place: Any,
    ) -> Review:
        marks, items = marks_of(text, redaction)
        # A recording's transcript is fetched again later: its hash tells whether it changed.
        digest = text_hash(text) if kind is Kind.RECORDING else ""
        return self.records.add(
            NewReview(
                review_id,
                team_id,
                user_id,
                kind,
                digest,
                marks,
                items,
                redaction.doubts,
                redaction.sentence_count,
                self.ttl_seconds,
                **place,
            )
        )

    # --- reviewing ---

    def owned(self, review_id: str, user_id: str) -> Review | None:
        """The open review of that id if `user_id` owns it, else None."""
        review = self.records.get(review_id)
        if review is None or review.user_id != user_id or not review.open:
            return None
        return review

    def choices(self, review: Review, text: str, submitted: layouts.Submitted) -> Choices:
        """The owner's choices from the modal: items unchecked among those it showed, and
        where the phrases they added stand in the text (the phrases themselves are not
        kept)."""
        shown = {item.id for item in layouts.shown_items(self.items(review, text))}
        return Choices(
            frozenset(shown - submitted.kept), tuple(phrase_ranges(text, submitted.phrases))
        )

    def items(self, review: Review, text: str) -> list[layouts.ReviewItem]:
        texts = item_texts(text, review.marks)
        return [
            layouts.ReviewItem(item.id, item.type, texts.get(item.id, ""), item.count)
            for item in review.items
        ]

    def render(self, review: Review, text: str, choices: Choices) -> Redaction:
        return render(
            text,
            review.marks,
            choices,
            self.settings.redact_style,
            doubts=review.doubts,
            sentence_count=review.sentence_count,
        )

    def view(self, review: Review, text: str, choices: Choices | None = None) -> dict:
        choices = choices or review.choices
        preview = self.render(review, text, choices)
        return layouts.modal(
            review.id, self.items(review, text), choices.unkept, preview, review.origin_channel
        )

    # --- ending ---

    def end(self, review: Review, status: Status) -> bool:
        """Close the review and delete its original; False if it was closed already."""
        closed = self.records.close(review.id, status)
        self.vault.forget(review.id)
        if review.transcript_id:
            self.pipeline.cleanup(review.transcript_id)
        log.info("review ended review=%s status=%s", review.id, status.value)
        return closed

    def expire(self) -> int:
        expired = self.records.expired()
        for review in expired:
            self.end(review, Status.EXPIRED)
        return len(expired)

    def share(
        self, review: Review, text: str, choices: Choices, slack: SlackIO, channel: str
    ) -> Shared:
        """Post the reviewed text in `channel` ("shared by" its owner, with the summary; as
        an attachment past the inline limit). Raises what Slack raises."""
        redaction = self.render(review, text, choices)
        message = layouts.shared(review.user_id, redaction)
        ts = slack.post(channel, None, message.text, message.blocks)
        if message.attachment is not None:
            content = message.attachment.encode("utf-8")
            file_id, upload_url = slack.start_upload(f"redacted-{review.id}.txt", content)
            slack.send_upload(upload_url, content)
            slack.share_upload(file_id, title="Redacted text", channel=channel, thread_ts=ts)
        log.info(
            "review shared review=%s channel=%s spans=%d", review.id, channel, len(redaction.spans)
        )
        return Shared(ts, redaction)
