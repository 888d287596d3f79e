"""A fake AssemblyAI pre-recorded API: upload, create a transcript, poll, sentences, delete.

Start it (`with FakeAssemblyAI(api_key=KEY) as fake:` or `fake.start()` / `fake.stop()`) and
point the client at `fake.url` (the base, without `/v2`). Routes:

    POST   /v2/upload                     raw body, chunked or with Content-Length; streamed
    POST   /v2/transcript                 JSON with `audio_url` (an upload URL of this fake)
    GET    /v2/transcript/{id}            queued -> processing -> completed | error
    GET    /v2/transcript/{id}/sentences  only once completed
    DELETE /v2/transcript/{id}            text becomes "Deleted by user."

What a transcript says is chosen by the uploaded bytes: a body starting with
`b"FAKE-AUDIO:<name>\\n"` plays `fake.scripts[name]`, anything else plays `fake.default_script`
(a two-speaker support call with a name, an email, a phone number and a company in it); a
test that uploads real audio sets `default_script` to what that audio "says".

Sentences come with timed `words` as the real API gives them: split at spaces with their
punctuation attached ("Lopez,", "(415)", "555-0132."), spread over the sentence by length.
`Script.from_words` puts chosen words at chosen times instead, with a sentence text that
may differ from them ("415" said as "four one five"); `word_timings=False` answers
`"words": []` for every sentence.
`audio_file(path, name, size)` writes such a "recording" of any size cheaply (sparse).
A script's own `polls_processing` keeps its transcripts processing longer than others'.
A `Script` with `error` set ends its job in `status: error` (still HTTP 200).

Uploads are read in chunks: only their size, sha256 and first 4096 bytes are kept
(`fake.uploads`), so tests may upload gigabytes. Every request passes the `authorization`
check (401), then pops an injected status from `fake.faults[route]` (`fail_next("get", 429,
503)`), then is served. `error_shape` picks `{"error": "msg"}` or `{"error": {"message": "msg"}}`.
`fake.calls` logs (method, route, status) of every answer.

Run it by hand: `python -m tests.fakes.assemblyai --port 8091 --key test-key`, then set
ASSEMBLYAI_BASE_URL=http://127.0.0.1:8091 and ASSEMBLYAI_API_KEY=test-key.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import re
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.base import FakeServer, QuietHandler

ROUTES = ("upload", "create", "get", "sentences", "delete")
MARKER = b"FAKE-AUDIO:"
HEAD_BYTES = 4096
READ_BYTES = 1024 * 1024
AUTH_ERROR = "Authentication error, API token missing/invalid"
DELETED_TEXT = "Deleted by user."
DELETED_AUDIO_URL = "http://deleted_by_user"
_TRANSCRIPT = re.compile(r"^/v2/transcript/([^/]+)(/sentences)?$")
_FAULT_MESSAGES = {
    400: "Bad request (injected)",
    401: AUTH_ERROR,
    403: "Forbidden (injected)",
    404: "Not found (injected)",
    429: "Too many requests (injected)",
}


class BodyAborted(Exception):
    """The client closed the connection (or broke the chunk framing) mid-body."""


@dataclass
class Word:
    """A timed word as AssemblyAI gives it (times in ms)."""

    text: str
    start: int
    end: int
    confidence: float = 0.9


def spread_words(text: str, start: int, end: int) -> list[Word]:
    """The words of `text` split at spaces, punctuation attached, each lasting in proportion
    to its length, with short pauses between them, filling [start, end]."""
    parts = text.split()
    if not parts:
        return []
    pause = 40
    speaking = max(end - start - pause * (len(parts) - 1), len(parts))
    total = sum(len(part) for part in parts)
    words, cursor = [], start
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        stop = end if last else cursor + max(speaking * len(part) // total, 1)
        words.append(Word(part, cursor, stop, confidence=0.6 + 0.4 * ((index * 7) % 10) / 10))
        cursor = stop + pause
    return words


@dataclass
class Script:
    """What a fake recording says: (speaker letter, sentence) pairs, or a failure."""

    sentences: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None  # the job ends in `status: error` with this message
    sentence_ms: int = 1500  # each sentence lasts this long...
    gap_ms: int = 100  # ...and is followed by this much silence
    language_code: str = "en_us"
    # Each sentence's timed words; None: `spread_words` over its text and time.
    words: list[list[Word]] | None = None
    word_timings: bool = True  # False: every sentence has "words": []
    # Polls answered "processing" for this script's transcripts (None: the fake's own
    # `polls_processing`); changing it while a transcript is processing takes effect.
    polls_processing: int | None = None

    @classmethod
    def from_words(
        cls, turns: list[tuple[str, list[Word]] | tuple[str, list[Word], str]]
    ) -> Script:
        """A script of sentences said word by word at known times: (speaker, words) or
        (speaker, words, text) when the sentence's text differs from its words."""
        sentences = [
            (turn[0], turn[2] if len(turn) > 2 else " ".join(w.text for w in turn[1]))
            for turn in turns
        ]
        return cls(sentences=sentences, words=[list(turn[1]) for turn in turns])

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.sentences)

    def timed(self) -> list[tuple[str, str, int, int]]:
        """(speaker, text, start_ms, end_ms) for each sentence, one after another; from its
        words when they are given."""
        timed = []
        cursor = 0
        for index, (speaker, text) in enumerate(self.sentences):
            words = self.words[index] if self.words is not None else []
            if words:
                timed.append((speaker, text, words[0].start, words[-1].end))
                cursor = words[-1].end + self.gap_ms
                continue
            timed.append((speaker, text, cursor, cursor + self.sentence_ms))
            cursor += self.sentence_ms + self.gap_ms
        return timed

    def timed_words(self) -> list[list[Word]]:
        """Each sentence's words as the fake answers them."""
        if not self.word_timings:
            return [[] for _ in self.sentences]
        if self.words is not None:
            return self.words
        return [spread_words(text, start, end) for _, text, start, end in self.timed()]

    @property
    def duration(self) -> int:
        """The audio's length in whole seconds (AssemblyAI's `audio_duration`)."""
        timed = self.timed()
        return math.ceil(timed[-1][3] / 1000) if timed else 0


SUPPORT_CALL = Script(
    sentences=[
        ("A", "Thank you for calling Northwind Telecom, this is Daniel, how can I help you?"),
        ("B", "Hi Daniel, my name is Maria Lopez and I'm calling from Bluefin Analytics."),
        ("A", "Of course, could you confirm the email address on the account?"),
        ("B", "Sure, it's maria.lopez@bluefin.com and my phone number is (415) 555-0132."),
        ("A", "Thank you Maria, I'll send the corrected invoice to that address today."),
    ]
)
ONE_SPEAKER = Script(
    sentences=[
        ("A", "This is a voice memo from Maria Lopez at Bluefin Analytics."),
        ("A", "Please call me back at (415) 555-0132 about the renewal."),
        ("A", "You can also write to maria.lopez@bluefin.com."),
    ]
)
SILENCE = Script(sentences=[])
FAILED = Script(error="Transcoding failed. File does not appear to contain audio.")


def default_scripts() -> dict[str, Script]:
    """The scripts every fake starts with (copies: a test may edit its own freely)."""
    scripts = {"support_call": SUPPORT_CALL, "one_speaker": ONE_SPEAKER, "silence": SILENCE}
    return copy.deepcopy({**scripts, "error": FAILED})


def marker(script_name: str) -> bytes:
    """The first line of a fake recording that plays `script_name`."""
    return MARKER + script_name.encode() + b"\n"


def audio_file(path: Path, script_name: str, size: int = 0) -> Path:
    """Write a fake recording: the marker line, then zero bytes up to `size` (sparse)."""
    with path.open("wb") as handle:
        handle.write(marker(script_name))
        if size > handle.tell():
            handle.truncate(size)
    return path


def audio_chunks(script_name: str, size: int = 0, chunk: int = READ_BYTES) -> Iterator[bytes]:
    """The bytes `audio_file` would write, as a generator (for a chunked upload)."""
    head = marker(script_name)
    yield head
    left = max(size - len(head), 0)
    zeros = bytes(min(chunk, left))
    while left > 0:
        piece = zeros[: min(chunk, left)]
        left -= len(piece)
        yield piece


@dataclass
class Upload:
    id: str
    size: int
    sha256: str
    head: bytes  # the first HEAD_BYTES bytes
    chunked: bool  # sent with Transfer-Encoding: chunked
    headers: dict[str, str]
    url: str = ""

    @property
    def script_name(self) -> str | None:
        if not self.head.startswith(MARKER):
            return None
        return self.head[len(MARKER) :].split(b"\n", 1)[0].decode(errors="replace")


@dataclass
class Transcript:
    """The fake's state for one transcript id."""

    id: str
    upload: Upload
    script: Script
    request: dict[str, Any]  # the create body
    status: str = "queued"
    deleted: bool = False

    @property
    def speaker_labels(self) -> bool:
        return bool(self.request.get("speaker_labels"))

    def sentences(self) -> list[dict[str, Any]]:
        sentences = []
        timed = zip(self.script.timed(), self.script.timed_words(), strict=True)
        for (speaker, text, start, end), words in timed:
            label = speaker if self.speaker_labels else None
            sentences.append(
                {
                    "text": text,
                    "start": start,
                    "end": end,
                    "confidence": 0.9,
                    "words": [
                        {
                            "text": word.text,
                            "start": word.start,
                            "end": word.end,
                            "confidence": word.confidence,
                            "speaker": label,
                        }
                        for word in words
                    ],
                    "speaker": label,
                }
            )
        return sentences

    def utterances(self) -> list[dict[str, Any]]:
        merged: list[dict[str, Any]] = []
        for speaker, text, start, end in self.script.timed():
            if merged and merged[-1]["speaker"] == speaker:
                merged[-1]["text"] += " " + text
                merged[-1]["end"] = end
            else:
                merged.append(
                    {
                        "speaker": speaker,
                        "text": text,
                        "start": start,
                        "end": end,
                        "confidence": 0.9,
                    }
                )
        return merged

    def body(self) -> dict[str, Any]:
        """The transcript object as `GET /v2/transcript/{id}` answers it now."""
        options = {k: v for k, v in self.request.items() if k != "audio_url"}
        body: dict[str, Any] = {
            **options,
            "id": self.id,
            "status": self.status,
            "audio_url": self.request.get("audio_url"),
            "text": None,
            "words": None,
            "utterances": None,
            "confidence": None,
            "audio_duration": None,
            "language_code": None,
            "speaker_labels": self.speaker_labels,
            "error": None,
        }
        if self.deleted:
            body.update(
                audio_url=DELETED_AUDIO_URL,
                text=DELETED_TEXT,
                audio_duration=self.script.duration,
            )
        elif self.status == "completed":
            body.update(
                text=self.script.text,
                words=[word for sentence in self.sentences() for word in sentence["words"]],
                utterances=self.utterances() if self.speaker_labels else None,
                confidence=0.9,
                audio_duration=self.script.duration,
                language_code=self.request.get("language_code") or self.script.language_code,
            )
        elif self.status == "error":
            body["error"] = self.script.error
        return body


@dataclass
class Call:
    method: str
    route: str  # one of ROUTES, or "unknown"
    path: str
    status: int


@dataclass
class FakeAssemblyAI(FakeServer):
    api_key: str = "test-key"
    port: int = 0
    polls_queued: int = 1  # GETs answered "queued"...
    polls_processing: int = 1  # ...then "processing", then completed (or error)
    error_shape: str = "flat"  # "flat": {"error": msg}; "nested": {"error": {"message": msg}}
    retry_after: str = "1"  # the Retry-After header of an injected 429
    latency: float = 0.0  # seconds to wait before answering any request
    sentences_fail: bool = False  # /sentences answers 500
    sentences_answer: Any = None  # when set, /sentences answers this body as it is
    delete_requires_done: bool = False  # DELETE of a queued/processing job answers 400
    default_script: Script = field(default_factory=lambda: copy.deepcopy(SUPPORT_CALL))
    scripts: dict[str, Script] = field(default_factory=default_scripts)
    faults: dict[str, deque[int]] = field(default_factory=dict)
    uploads: list[Upload] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        FakeServer.__init__(self, self.port)

    def fail_next(self, route: str, *statuses: int) -> None:
        """Answer the next requests to `route` with these statuses, one each, in order.

        0 closes the connection without an answer (a dropped connection)."""
        if route not in ROUTES:
            raise ValueError(f"route must be one of {ROUTES}, not {route!r}")
        with self.lock:
            self.faults.setdefault(route, deque()).extend(statuses)

    def next_fault(self, route: str) -> int | None:
        with self.lock:
            queue = self.faults.get(route)
            return queue.popleft() if queue else None

    def error_body(self, message: str) -> dict[str, Any]:
        if self.error_shape == "nested":
            return {"error": {"message": message}}
        return {"error": message}

    def upload_by_url(self, url: str) -> Upload | None:
        return next((upload for upload in self.uploads if upload.url == url), None)

    def script_for(self, upload: Upload) -> Script:
        name = upload.script_name
        if name is not None and name in self.scripts:
            return self.scripts[name]
        return self.default_script

    def status_after(self, transcript: Transcript, polls: int) -> str:
        if transcript.status in ("completed", "error"):
            return transcript.status
        if polls <= self.polls_queued:
            return "queued"
        processing = transcript.script.polls_processing
        if processing is None:
            processing = self.polls_processing
        if polls <= self.polls_queued + processing:
            return "processing"
        return "error" if transcript.script.error is not None else "completed"

    def advance(self, transcript_id: str, poll: bool) -> Transcript | None:
        """Count a poll (if `poll`) and move the job along; None for an unknown id."""
        with self.lock:
            transcript = self.transcripts.get(transcript_id)
            if transcript is None:
                return None
            if poll:
                self.polls[transcript_id] = self.polls.get(transcript_id, 0) + 1
            transcript.status = self.status_after(transcript, self.polls.get(transcript_id, 0))
            return transcript


class AssemblyAIHandler(QuietHandler):
    fake: FakeAssemblyAI

    def do_POST(self) -> None:
        path = urlsplit(self.path).path.rstrip("/")
        if path == "/v2/upload":
            self.upload()
        elif path == "/v2/transcript":
            self.create()
        else:
            self.drain()
            self.error(404, "Not found", "POST", "unknown")

    def do_GET(self) -> None:
        match = _TRANSCRIPT.match(urlsplit(self.path).path.rstrip("/"))
        self.drain()
        if match is None:
            self.error(404, "Not found", "GET", "unknown")
        elif match.group(2):
            self.sentences(match.group(1))
        else:
            self.get(match.group(1))

    def do_DELETE(self) -> None:
        match = _TRANSCRIPT.match(urlsplit(self.path).path.rstrip("/"))
        self.drain()
        if match is None or match.group(2):
            self.error(404, "Not found", "DELETE", "unknown")
        else:
            self.delete(match.group(1))

    # -- routes -------------------------------------------------------------------------------

    def upload(self) -> None:
        fake = self.fake
        try:
            size, digest, head = self.stream_body()
        except BodyAborted:
            self.close_connection = True
            return
        if not self.admit("POST", "upload"):
            return
        if size == 0:
            self.error(400, "Upload is empty", "POST", "upload")
            return
        upload_id = str(uuid.uuid4())
        upload = Upload(
            id=upload_id,
            size=size,
            sha256=digest,
            head=head,
            chunked=self.chunked,
            headers=dict(self.headers),
            url=f"{fake.url}/v2/uploads/{upload_id}",
        )
        with fake.lock:
            fake.uploads.append(upload)
        self.reply(200, {"upload_url": upload.url}, "POST", "upload")

    def create(self) -> None:
        fake = self.fake
        raw = self.read_body()
        if not self.admit("POST", "create"):
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            self.error(400, "Request body must be a JSON object", "POST", "create")
            return
        with fake.lock:
            fake.created.append(body)
            upload = fake.upload_by_url(str(body.get("audio_url")))
        if upload is None:
            message = f"Invalid audio_url: {body.get('audio_url')!r} is not an uploaded file"
            self.error(400, message, "POST", "create")
            return
        transcript = Transcript(
            id=str(uuid.uuid4()), upload=upload, script=fake.script_for(upload), request=body
        )
        with fake.lock:
            fake.transcripts[transcript.id] = transcript
            fake.polls[transcript.id] = 0
            answer = transcript.body()
        self.reply(200, answer, "POST", "create")

    def get(self, transcript_id: str) -> None:
        if not self.admit("GET", "get"):
            return
        transcript = self.fake.advance(transcript_id, poll=True)
        if transcript is None:
            self.error(404, "Transcript not found", "GET", "get")
            return
        with self.fake.lock:
            answer = transcript.body()
        self.reply(200, answer, "GET", "get")

    def sentences(self, transcript_id: str) -> None:
        if not self.admit("GET", "sentences"):
            return
        if self.fake.sentences_fail:
            self.error(500, "Internal server error", "GET", "sentences")
            return
        transcript = self.fake.advance(transcript_id, poll=False)
        if transcript is None:
            self.error(404, "Transcript not found", "GET", "sentences")
            return
        if transcript.deleted:
            self.error(400, "Transcript has been deleted", "GET", "sentences")
            return
        if transcript.status != "completed":
            self.error(400, "Transcript is not completed", "GET", "sentences")
            return
        answer = {
            "id": transcript.id,
            "confidence": 0.9,
            "audio_duration": transcript.script.duration,
            "sentences": transcript.sentences(),
        }
        if self.fake.sentences_answer is not None:
            answer = self.fake.sentences_answer
        self.reply(200, answer, "GET", "sentences")

    def delete(self, transcript_id: str) -> None:
        fake = self.fake
        if not self.admit("DELETE", "delete"):
            return
        transcript = fake.advance(transcript_id, poll=False)
        if transcript is None:
            self.error(404, "Transcript not found", "DELETE", "delete")
            return
        if fake.delete_requires_done and transcript.status in ("queued", "processing"):
            self.error(400, "Transcript is still processing", "DELETE", "delete")
            return
        with fake.lock:
            transcript.deleted = True
            fake.deleted.append(transcript_id)
            answer = transcript.body()
        self.reply(200, answer, "DELETE", "delete")

    # -- plumbing -----------------------------------------------------------------------------

    @property
    def chunked(self) -> bool:
        return "chunked" in self.headers.get("Transfer-Encoding", "").lower()

    def body_pieces(self) -> Iterator[bytes]:
        """The request body, in pieces of at most READ_BYTES, chunked or not."""
        if self.chunked:
            while True:
                line = self.rfile.readline(65537)
                if not line.endswith(b"\n"):
                    raise BodyAborted
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise BodyAborted from None
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return
                yield from self.read_exactly(size)
                if self.rfile.readline(3) not in (b"\r\n", b"\n"):
                    raise BodyAborted
        else:
            yield from self.read_exactly(int(self.headers.get("Content-Length") or 0))

    def read_exactly(self, size: int) -> Iterator[bytes]:
        while size > 0:
            piece = self.rfile.read(min(size, READ_BYTES))
            if not piece:
                raise BodyAborted
            size -= len(piece)
            yield piece

    def stream_body(self) -> tuple[int, str, bytes]:
        """Read the body without keeping it: (size, sha256 hex, first HEAD_BYTES bytes)."""
        size = 0
        digest = hashlib.sha256()
        head = bytearray()
        for piece in self.body_pieces():
            size += len(piece)
            digest.update(piece)
            if len(head) < HEAD_BYTES:
                head += piece[: HEAD_BYTES - len(head)]
        return size, digest.hexdigest(), bytes(head)

    def drain(self) -> None:
        """Read and discard a body, so the connection can serve the next request."""
        try:
            for _ in self.body_pieces():
                pass
        except BodyAborted:
            self.close_connection = True

    def admit(self, method: str, route: str) -> bool:
        """Check the key, then apply an injected fault; False when already answered."""
        fake = self.fake
        if fake.latency:
            time.sleep(fake.latency)
        if self.headers.get("authorization") != fake.api_key:
            self.error(401, AUTH_ERROR, method, route)
            return False
        status = fake.next_fault(route)
        if status is None:
            return True
        if status == 0:
            with fake.lock:
                fake.calls.append(Call(method, route, self.path, 0))
            self.close_connection = True
            return False
        headers = {"Retry-After": fake.retry_after} if status == 429 else None
        message = _FAULT_MESSAGES.get(status, "Internal server error (injected)")
        self.error(status, message, method, route, headers)
        return False

    def error(
        self,
        status: int,
        message: str,
        method: str,
        route: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.reply(status, self.fake.error_body(message), method, route, headers)

    def reply(
        self,
        status: int,
        body: Any,
        method: str,
        route: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        with self.fake.lock:
            self.fake.calls.append(Call(method, route, self.path, status))
        self.send_json(status, body, headers)


FakeAssemblyAI.handler_class = AssemblyAIHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--key", default="test-key")
    parser.add_argument("--polls-queued", type=int, default=1)
    parser.add_argument("--polls-processing", type=int, default=1)
    args = parser.parse_args()
    fake = FakeAssemblyAI(
        api_key=args.key,
        port=args.port,
        polls_queued=args.polls_queued,
        polls_processing=args.polls_processing,
    )
    print(f"scripts: {', '.join(fake.scripts)}; any other upload plays the support call")
    fake.serve_until_interrupted(f"fake AssemblyAI on {fake.url} (key {args.key!r})")


if __name__ == "__main__":
    main()
