"""The fake AssemblyAI API behaves like the real one, as far as the bot can tell."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.fakes.assemblyai import (
    AUTH_ERROR,
    SUPPORT_CALL,
    FakeAssemblyAI,
    Script,
    audio_chunks,
    audio_file,
    marker,
)

KEY = "test-key-fake-assemblyai"
AUTH = {"authorization": KEY}


@pytest.fixture
def fake() -> Iterator[FakeAssemblyAI]:
    with FakeAssemblyAI(api_key=KEY) as server:
        yield server


def upload(fake: FakeAssemblyAI, data: Any) -> str:
    response = requests.post(f"{fake.url}/v2/upload", data=data, headers=AUTH, timeout=30)
    assert response.status_code == 200, response.text
    return str(response.json()["upload_url"])


def create(fake: FakeAssemblyAI, audio_url: str, **options: Any) -> dict[str, Any]:
    body = {"audio_url": audio_url, **options}
    response = requests.post(f"{fake.url}/v2/transcript", json=body, headers=AUTH, timeout=5)
    assert response.status_code == 200, response.text
    return dict(response.json())


def poll(fake: FakeAssemblyAI, transcript_id: str) -> tuple[list[str], dict[str, Any]]:
    statuses = []
    for _ in range(10):
        response = requests.get(f"{fake.url}/v2/transcript/{transcript_id}", headers=AUTH)
        assert response.status_code == 200, response.text
        body = response.json()
        statuses.append(body["status"])
        if body["status"] in ("completed", "error"):
            return statuses, body
    raise AssertionError(f"never finished: {statuses}")


def test_chunked_upload_to_deletion(fake: FakeAssemblyAI, tmp_path: Path) -> None:
    size = 5 * 1024 * 1024 + 17
    url = upload(fake, audio_chunks("support_call", size, chunk=256 * 1024))
    [recorded] = fake.uploads
    expected = hashlib.sha256(b"".join(audio_chunks("support_call", size))).hexdigest()
    assert (recorded.size, recorded.sha256, recorded.chunked) == (size, expected, True)
    assert recorded.head.startswith(marker("support_call")) and len(recorded.head) == 4096
    assert url == f"{fake.url}/v2/uploads/{recorded.id}" and recorded.script_name == "support_call"

    created = create(fake, url, speaker_labels=True, speech_models=["universal"])
    assert created["status"] == "queued" and created["audio_url"] == url
    assert fake.created == [
        {"audio_url": url, "speaker_labels": True, "speech_models": ["universal"]}
    ]
    transcript_id = created["id"]
    early = requests.get(f"{fake.url}/v2/transcript/{transcript_id}/sentences", headers=AUTH)
    assert early.status_code == 400 and early.json() == {"error": "Transcript is not completed"}

    statuses, done = poll(fake, transcript_id)
    assert statuses == ["queued", "processing", "completed"]
    assert fake.polls[transcript_id] == 3
    assert done["text"] == SUPPORT_CALL.text and "maria.lopez@bluefin.com" in done["text"]
    assert done["language_code"] == "en_us" and done["audio_duration"] == 8
    assert [u["speaker"] for u in done["utterances"]] == ["A", "B", "A", "B", "A"]

    response = requests.get(f"{fake.url}/v2/transcript/{transcript_id}/sentences", headers=AUTH)
    assert response.status_code == 200
    sentences = response.json()["sentences"]
    assert [s["speaker"] for s in sentences] == ["A", "B", "A", "B", "A"]
    assert [(s["start"], s["end"]) for s in sentences[:2]] == [(0, 1500), (1600, 3100)]
    assert " ".join(s["text"] for s in sentences) == done["text"]

    deleted = requests.delete(f"{fake.url}/v2/transcript/{transcript_id}", headers=AUTH)
    assert deleted.status_code == 200 and deleted.json()["text"] == "Deleted by user."
    assert fake.deleted == [transcript_id]
    assert poll(fake, transcript_id)[1]["text"] == "Deleted by user."
    gone = requests.get(f"{fake.url}/v2/transcript/{transcript_id}/sentences", headers=AUTH)
    assert gone.status_code == 400


def test_bytes_upload_plays_a_custom_script(fake: FakeAssemblyAI, tmp_path: Path) -> None:
    fake.scripts["memo"] = Script([("A", "One."), ("A", "Two."), ("B", "Three.")])
    fake.polls_queued = fake.polls_processing = 0
    path = audio_file(tmp_path / "memo.wav", "memo", size=100_000)
    assert path.stat().st_size == 100_000
    url = upload(fake, path.read_bytes())
    assert fake.uploads[0].chunked is False and fake.uploads[0].size == 100_000

    statuses, done = poll(fake, create(fake, url, speaker_labels=True)["id"])
    assert statuses == ["completed"] and done["text"] == "One. Two. Three."
    assert [(u["speaker"], u["text"]) for u in done["utterances"]] == [
        ("A", "One. Two."),
        ("B", "Three."),
    ]

    plain = create(fake, url, speaker_labels=False)
    poll(fake, plain["id"])
    response = requests.get(f"{fake.url}/v2/transcript/{plain['id']}/sentences", headers=AUTH)
    assert [s["speaker"] for s in response.json()["sentences"]] == [None, None, None]


def test_unmarked_upload_plays_the_default_script(fake: FakeAssemblyAI) -> None:
    url = upload(fake, b"RIFF....WAVEfmt real audio bytes")
    _, done = poll(fake, create(fake, url)["id"])
    assert done["text"] == SUPPORT_CALL.text and done["utterances"] is None


def test_error_script_fails_the_job_with_http_200(fake: FakeAssemblyAI) -> None:
    url = upload(fake, marker("error"))
    statuses, done = poll(fake, create(fake, url)["id"])
    assert statuses == ["queued", "processing", "error"]
    assert done["error"] == "Transcoding failed. File does not appear to contain audio."
    response = requests.get(f"{fake.url}/v2/transcript/{done['id']}/sentences", headers=AUTH)
    assert response.status_code == 400


def test_wrong_key_empty_upload_and_bad_requests(fake: FakeAssemblyAI) -> None:
    response = requests.post(
        f"{fake.url}/v2/upload", data=b"x" * 1000, headers={"authorization": "nope"}
    )
    assert response.status_code == 401 and response.json() == {"error": AUTH_ERROR}
    assert requests.get(f"{fake.url}/v2/transcript/abc").status_code == 401

    empty = requests.post(f"{fake.url}/v2/upload", data=b"", headers=AUTH)
    assert empty.status_code == 400 and empty.json() == {"error": "Upload is empty"}
    bad = requests.post(
        f"{fake.url}/v2/transcript", json={"audio_url": "https://example.com/a.mp3"}, headers=AUTH
    )
    assert bad.status_code == 400 and "audio_url" in bad.json()["error"]
    missing = requests.get(f"{fake.url}/v2/transcript/nope", headers=AUTH)
    assert missing.status_code == 404 and missing.json() == {"error": "Transcript not found"}
    assert fake.uploads == []


def test_faults_are_consumed_one_per_request(fake: FakeAssemblyAI) -> None:
    fake.fail_next("upload", 429)
    fake.fail_next("get", 503)
    fake.error_shape = "nested"
    with requests.Session() as session:  # the same connection survives the refused bodies
        session.headers.update(AUTH)
        limited = session.post(f"{fake.url}/v2/upload", data=audio_chunks("x", 300_000))
        assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
        assert limited.json() == {"error": {"message": "Too many requests (injected)"}}
        url = session.post(f"{fake.url}/v2/upload", data=marker("x")).json()["upload_url"]
        transcript_id = session.post(f"{fake.url}/v2/transcript", json={"audio_url": url}).json()[
            "id"
        ]
        assert session.get(f"{fake.url}/v2/transcript/{transcript_id}").status_code == 503
        assert session.get(f"{fake.url}/v2/transcript/{transcript_id}").status_code == 200
    assert [call.status for call in fake.calls] == [429, 200, 200, 503, 200]
    assert fake.polls[transcript_id] == 1  # a refused poll is not counted
    assert fake.faults == {"upload": deque(), "get": deque()}


def test_sentences_fail_and_dropped_connection(fake: FakeAssemblyAI) -> None:
    fake.polls_queued = fake.polls_processing = 0
    url = upload(fake, marker("one_speaker"))
    transcript_id = create(fake, url)["id"]
    fake.sentences_fail = True
    response = requests.get(f"{fake.url}/v2/transcript/{transcript_id}/sentences", headers=AUTH)
    assert response.status_code == 500
    fake.fail_next("delete", 0)
    with pytest.raises(requests.ConnectionError):
        requests.delete(f"{fake.url}/v2/transcript/{transcript_id}", headers=AUTH)
    assert fake.deleted == []
