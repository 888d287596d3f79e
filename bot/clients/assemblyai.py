"""AssemblyAI's pre-recorded transcription API: upload, transcribe, wait, sentences, delete."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from bot.clients.http import DEFAULT_CONNECT_TIMEOUT, ApiError, build_session, error_message

log = logging.getLogger(__name__)
SERVICE = "AssemblyAI"
MAX_UPLOAD_BYTES = 2_200_000_000  # AssemblyAI's upload limit (2.2 GB)
CHUNK_BYTES = 1024 * 1024

StatusCallback = Callable[[str, float], None]
ByteCallback = Callable[[int], None]


class AssemblyAIError(ApiError):
    """AssemblyAI refused a request (after retries)."""


class TranscriptionFailed(AssemblyAIError):
    """The transcript job ended with `status: error`; `message` is AssemblyAI's reason."""


class TranscriptionTimeout(AssemblyAIError):
    """The transcript was not ready within the allowed time."""


class FileTooLarge(ValueError):
    def __init__(self, size: int) -> None:
        super().__init__(
            f"the file is {size / 1e9:.1f} GB; AssemblyAI accepts at most "
            f"{MAX_UPLOAD_BYTES / 1e9:.1f} GB"
        )
        self.size = size


@dataclass(frozen=True)
class TranscriptWord:
    """One word as AssemblyAI timed it: `text` was spoken from `start_ms` to `end_ms`."""

    text: str
    start_ms: int
    end_ms: int
    speaker: str | None = None


@dataclass(frozen=True)
class TranscriptSentence:
    text: str
    start_ms: int | None
    end_ms: int | None
    speaker: str | None
    words: tuple[TranscriptWord, ...] = ()


def _milliseconds(value: object) -> int | None:
    """A time in ms from an answer, or None when it is not a finite, non-negative number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return round(value)


def _speaker(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _word(item: object) -> TranscriptWord | None:
    """A timed word, or None for one whose text or times are unusable: its text then has no
    time of its own, and a redaction there is timed from the words around it."""
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return None
    start, end = _milliseconds(item.get("start")), _milliseconds(item.get("end"))
    if start is None or end is None or end < start:
        return None
    return TranscriptWord(item["text"], start, end, _speaker(item.get("speaker")))


def _sentence(item: dict[str, Any]) -> TranscriptSentence:
    words = item.get("words")
    timed = [_word(word) for word in words] if isinstance(words, list) else []
    text = item.get("text")
    return TranscriptSentence(
        text=text if isinstance(text, str) else "",
        start_ms=_milliseconds(item.get("start")),
        end_ms=_milliseconds(item.get("end")),
        speaker=_speaker(item.get("speaker")),
        words=tuple(word for word in timed if word is not None),
    )


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk


def _counting(chunks: Iterable[bytes], on_bytes: ByteCallback | None) -> Iterator[bytes]:
    sent = 0
    for chunk in chunks:
        sent += len(chunk)
        if sent > MAX_UPLOAD_BYTES:
            raise FileTooLarge(sent)
        if on_bytes is not None:
            on_bytes(sent)
        yield chunk


class AssemblyAIClient:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        max_retries: int = 5,
        read_timeout: float = 60.0,
        upload_timeout: float = 600.0,
        poll_interval: float = 1.0,
        poll_max_interval: float = 15.0,
        backoff_factor: float = 1.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = {"authorization": api_key}
        self._timeout = (DEFAULT_CONNECT_TIMEOUT, read_timeout)
        self._upload_timeout = (DEFAULT_CONNECT_TIMEOUT, upload_timeout)
        self.poll_interval = poll_interval
        self.poll_max_interval = poll_max_interval
        self._session = build_session(max_retries, backoff_factor=backoff_factor)
        # Creating a transcript twice bills twice and leaves an unredacted copy behind: that
        # POST is retried only when the server surely did nothing (no connection, or 429).
        self._create_session = build_session(
            max_retries,
            backoff_factor=backoff_factor,
            statuses=frozenset({429}),
            retry_reads=False,
        )
        # A streamed body cannot be replayed by the HTTP layer: uploads are not retried there.
        self._upload_session = build_session(0)

    def _request(
        self, method: str, path: str, *, session: requests.Session | None = None, **kwargs: Any
    ) -> Any:
        try:
            response = (session or self._session).request(
                method,
                self.base_url + path,
                headers=self._headers,
                timeout=kwargs.pop("timeout", self._timeout),
                **kwargs,
            )
        except requests.RequestException as exc:
            raise AssemblyAIError(SERVICE, None, type(exc).__name__) from None
        return self._json(response)

    def _json(self, response: requests.Response) -> Any:
        if response.status_code in (401, 403):
            raise AssemblyAIError(SERVICE, response.status_code, "check ASSEMBLYAI_API_KEY")
        if not response.ok:
            raise AssemblyAIError(SERVICE, response.status_code, error_message(response))
        try:
            return response.json()
        except ValueError:
            raise AssemblyAIError(SERVICE, response.status_code, "answer is not JSON") from None

    def upload(
        self,
        source: Path | Iterable[bytes],
        *,
        size: int | None = None,
        on_bytes: ByteCallback | None = None,
    ) -> str:
        """Stream a file (or any byte iterator) to `/v2/upload`; return its `upload_url`.

        The body is sent chunked from a generator, so memory stays flat whatever the size."""
        if isinstance(source, Path):
            size = source.stat().st_size
            chunks: Iterable[bytes] = _file_chunks(source)
        else:
            chunks = source
        if size is not None and size > MAX_UPLOAD_BYTES:
            raise FileTooLarge(size)
        started = time.monotonic()
        try:
            response = self._upload_session.post(
                self.base_url + "/v2/upload",
                data=_counting(chunks, on_bytes),
                headers={**self._headers, "Content-Type": "application/octet-stream"},
                timeout=self._upload_timeout,
            )
        except requests.RequestException as exc:
            raise AssemblyAIError(SERVICE, None, f"upload failed ({type(exc).__name__})") from None
        body = self._json(response)
        log.info("uploaded took=%.1fs", time.monotonic() - started)
        return str(body["upload_url"])

    def create_transcript(
        self,
        audio_url: str,
        *,
        speaker_labels: bool = True,
        language_detection: bool = False,
        speech_models: tuple[str, ...] = (),
    ) -> str:
        payload: dict[str, Any] = {"audio_url": audio_url, "speaker_labels": speaker_labels}
        if language_detection:
            payload["language_detection"] = True
        if speech_models:
            payload["speech_models"] = list(speech_models)
        body = self._request("post", "/v2/transcript", json=payload, session=self._create_session)
        log.info("transcript created id=%s", body.get("id"))
        return str(body["id"])

    def get_transcript(self, transcript_id: str) -> dict[str, Any]:
        return self._request("get", f"/v2/transcript/{transcript_id}")

    def wait(
        self,
        transcript_id: str,
        *,
        timeout: float,
        on_status: StatusCallback | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> dict[str, Any]:
        """Poll until the transcript is completed, backing off from `poll_interval` to a cap."""
        started = time.monotonic()
        interval = self.poll_interval
        while True:
            transcript = self.get_transcript(transcript_id)
            status = transcript.get("status")
            elapsed = time.monotonic() - started
            if on_status is not None:
                on_status(str(status), elapsed)
            if status == "completed":
                log.info("transcript completed id=%s waited=%.1fs", transcript_id, elapsed)
                return transcript
            if status == "error":
                reason = str(transcript.get("error") or "transcription failed")[:300]
                raise TranscriptionFailed(SERVICE, 200, reason)
            if elapsed + interval > timeout:
                raise TranscriptionTimeout(SERVICE, None, f"not ready after {timeout:.0f}s")
            sleep(interval)
            interval = min(interval * 1.5, self.poll_max_interval)

    def sentences(self, transcript_id: str) -> list[TranscriptSentence]:
        """The transcript's sentences with their timed words. An answer of another shape is
        an error (the caller then splits the transcript's own text), never skipped."""
        body = self._request("get", f"/v2/transcript/{transcript_id}/sentences")
        items = body.get("sentences", []) if isinstance(body, dict) else None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise AssemblyAIError(SERVICE, 200, "sentences answer has an unexpected shape")
        return [_sentence(item) for item in items]

    def delete(self, transcript_id: str) -> None:
        self._request("delete", f"/v2/transcript/{transcript_id}")
        log.info("transcript deleted id=%s", transcript_id)

    def close(self) -> None:
        for session in (self._session, self._create_session, self._upload_session):
            session.close()
