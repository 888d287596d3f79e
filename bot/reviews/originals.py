"""The original text of a review, fetched again when its owner opens it: from AssemblyAI
for a recording (its transcript is kept there until the review ends), from the vault for a
text. None when it is gone (deleted, expired, a restart without a key, changed since)."""

from __future__ import annotations

import hashlib
import logging

from bot.clients.assemblyai import AssemblyAIError
from bot.pipeline import Pipeline
from bot.reviews.records import Kind, Review
from bot.reviews.vault import SealBroken, Vault
from bot.transcript import Document

log = logging.getLogger(__name__)
# What AssemblyAI answers for a transcript deleted through its API: the record stays.
DELETED_TEXT = "Deleted by user."


def text_hash(text: str) -> str:
    """A recording's transcript as a hash: tells a changed or deleted transcript from the
    one reviewed. Not kept for texts: a short text's hash could be guessed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Originals:
    def __init__(self, pipeline: Pipeline, vault: Vault) -> None:
        self.pipeline = pipeline
        self.vault = vault

    def text_of(self, review: Review) -> str | None:
        if review.kind is Kind.TEXT:
            try:
                return self.vault.open(review.id, review.sealed)
            except SealBroken as exc:
                log.warning("sealed original unreadable review=%s reason=%s", review.id, exc)
                return None
        document = self.document_of(review)
        return document.text if document is not None else None

    def document_of(self, review: Review) -> Document | None:
        """A recording's transcript, sentences and word timings, as reviewed (None: gone
        or changed since)."""
        assert review.transcript_id
        try:
            document = self.pipeline.document(review.transcript_id)
        except AssemblyAIError as exc:
            log.warning("transcript unavailable review=%s status=%s", review.id, exc.status)
            return None
        text = document.text
        if text.strip() == DELETED_TEXT or text_hash(text) != review.text_hash:
            log.warning("transcript deleted or changed review=%s", review.id)
            return None
        return document
