"""The guide's whole job, in phases a job runner can resume: submit a recording, wait for the
transcript, redact it sentence by sentence, delete the unredacted transcript."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.clients.assemblyai import (
    AssemblyAIClient,
    AssemblyAIError,
    ByteCallback,
    StatusCallback,
)
from bot.config import Settings
from bot.redaction import Progress, Redaction, Redactor
from bot.transcript import Document, build_document, fallback_sentences

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RedactedTranscript:
    transcript_id: str
    document: Document
    redaction: Redaction

    @property
    def text(self) -> str:
        """Speaker-labelled, redacted: one line per speaker turn."""
        return self.redaction.text

    @property
    def has_speech(self) -> bool:
        return bool(self.document.sentences)

    def sentences_json(self) -> list[dict[str, Any]]:
        return [
            {
                "speaker": s.speaker,
                "start": s.start_ms,
                "end": s.end_ms,
                "text": self.redaction.slice(s.start, s.end),
                "entities": self.redaction.types_within(s.start, s.end),
            }
            for s in self.document.sentences
        ]


class Pipeline:
    def __init__(self, assemblyai: AssemblyAIClient, redactor: Redactor, settings: Settings):
        self.assemblyai = assemblyai
        self.redactor = redactor
        self.settings = settings

    def upload(
        self,
        source: Path | Iterable[bytes],
        *,
        size: int | None = None,
        on_bytes: ByteCallback | None = None,
    ) -> str:
        """Stream a recording to AssemblyAI; return its upload URL."""
        return self.assemblyai.upload(source, size=size, on_bytes=on_bytes)

    def start_transcript(self, upload_url: str) -> str:
        """Ask AssemblyAI to transcribe an uploaded file; return the transcript id."""
        return self.assemblyai.create_transcript(
            upload_url,
            speaker_labels=self.settings.transcribe_speaker_labels,
            language_detection=self.settings.transcribe_language_detection,
            speech_models=self.settings.transcribe_speech_models,
        )

    def transcript(self, transcript_id: str) -> dict:
        return self.assemblyai.get_transcript(transcript_id)

    def wait(self, transcript_id: str, on_status: StatusCallback | None = None) -> dict:
        return self.assemblyai.wait(
            transcript_id, timeout=self.settings.transcribe_timeout, on_status=on_status
        )

    def document(self, transcript_id: str, transcript: dict | None = None) -> Document:
        """A completed transcript as one document, from AssemblyAI's own sentences where it
        can; else split from the transcript's text (fetched if not given)."""
        try:
            sentences = self.assemblyai.sentences(transcript_id)
        except AssemblyAIError as exc:
            log.warning(
                "sentences unavailable id=%s status=%s; splitting the text instead",
                transcript_id,
                exc.status,
            )
            sentences = fallback_sentences(transcript or self.transcript(transcript_id))
        return build_document(sentences)

    def redact(
        self,
        transcript_id: str,
        transcript: dict,
        *,
        style: str | None = None,
        progress: Progress | None = None,
    ) -> RedactedTranscript:
        """Redact a completed transcript."""
        document = self.document(transcript_id, transcript)
        redaction = self.redactor.redact(
            document.text, document.sentences, style=style, progress=progress
        )
        return RedactedTranscript(transcript_id, document, redaction)

    def cleanup(self, transcript_id: str) -> bool:
        """Delete the unredacted transcript from AssemblyAI (if enabled). Never raises."""
        if not self.settings.delete_transcript_after:
            return True
        try:
            self.assemblyai.delete(transcript_id)
        except AssemblyAIError as exc:
            log.warning("could not delete transcript id=%s status=%s", transcript_id, exc.status)
            return False
        return True
