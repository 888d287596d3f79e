"""Self-tests of the fake Slack (`tests/fake_slack.py`) and the signed requests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from tests.fakes.base import FakeServer, QuietHandler
from tests.fakes.slack import FakeSlack
from tests.support.app_process import BOT_TOKEN
from tests.support.slack_requests import (
    file_shared_event,
    message_file_share_event,
    post_signed,
    send_block_action,
    send_command,
    send_event,
)

TOKEN = BOT_TOKEN  # the `slack` fixture (conftest) serves this token
SECRET = "test-signing-secret"


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])


def test_auth_test_and_invalid_auth(slack: FakeSlack, client: WebClient) -> None:
    answer = client.auth_test()
    assert (answer["user_id"], answer["bot_id"], answer["team_id"]) == ("UBOT", "BBOT", "T1")
    stranger = WebClient(token="xoxb-wrong", base_url=slack.api_url)
    with pytest.raises(SlackApiError) as raised:
        stranger.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response["error"] == "invalid_auth"
    assert [call.method for call in slack.calls] == ["auth.test", "chat.postMessage"]
    assert slack.calls[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert not slack.messages


def test_post_update_and_thread(slack: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", thread_ts="1699.000001", text="Transcribing…")
    second = client.chat_postMessage(
        channel="C1", thread_ts="1699.000001", text="part 2", blocks=[{"type": "divider"}]
    )
    client.chat_postMessage(channel="C1", text="elsewhere")
    assert float(first["ts"]) < float(second["ts"])
    client.chat_update(channel="C1", ts=first["ts"], text="Done: [PERSON] called.")
    thread = slack.thread("C1", "1699.000001")
    assert [m["text"] for m in thread] == ["Done: [PERSON] called.", "part 2"]
    assert thread[1]["blocks"] == [{"type": "divider"}]
    assert [v["text"] for v in slack.history[("C1", first["ts"])]] == [
        "Transcribing…",
        "Done: [PERSON] called.",
    ]
    call = slack.calls_to("chat.postMessage")[1]
    assert call.params["thread_ts"] == "1699.000001"
    assert call.headers["content-type"].startswith("application/json")
    with pytest.raises(SlackApiError) as raised:
        client.chat_update(channel="C1", ts="1.000000", text="x")
    assert raised.value.response["error"] == "message_not_found"
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="", text="x")
    assert raised.value.response["error"] == "channel_not_found"
    client.chat_delete(channel="C1", ts=second["ts"])
    assert slack.texts("C1", "1699.000001") == ["Done: [PERSON] called."]


def test_unknown_methods_are_refused(slack: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("no.such.method")
    assert raised.value.response["error"] == "unknown_method"


def test_files_upload_v2_end_to_end(slack: FakeSlack, client: WebClient) -> None:
    text = "Redacted transcript: [PERSON] called from [PHONE].\n" * 50
    answer = client.files_upload_v2(
        channel="C1",
        thread_ts="1699.000001",
        content=text,
        filename="x.txt",
        title="X",
        initial_comment="Here it is",
    )
    file_id = answer["file"]["id"]
    assert answer["files"] == [{"id": file_id, "title": "X", "name": "x.txt"}]
    assert slack.uploaded[file_id] == text.encode()
    [share] = slack.shared_files
    assert share == {
        "file_id": file_id,
        "title": "X",
        "filename": "x.txt",
        "channel_id": "C1",
        "thread_ts": "1699.000001",
        "initial_comment": "Here it is",
        "content": text.encode(),
    }
    assert slack.calls_to("files.getUploadURLExternal")[0].params["length"] == str(len(text))
    assert client.files_info(file=file_id)["file"]["size"] == len(text)


def test_rate_limit_then_retry(slack: FakeSlack) -> None:
    slack.fail_next("chat.postMessage", retry_after=0)
    plain = WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
    with pytest.raises(SlackApiError) as raised:
        plain.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "0"
    assert raised.value.response["error"] == "ratelimited"

    slack.fail_next("chat.postMessage", retry_after=0)
    retrying = WebClient(
        token=TOKEN,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    assert retrying.chat_postMessage(channel="C1", text="hi")["ok"]
    assert len(slack.calls_to("chat.postMessage")) == 3
    assert len(slack.messages) == 1


def test_fail_next_plays_an_api_error(slack: FakeSlack, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]


def test_download_needs_the_bearer_token(slack: FakeSlack, tmp_path: Path) -> None:
    audio = bytes(range(256)) * 1000  # 256 kB: several 64 KiB chunks
    recording = tmp_path / "call.m4a"
    recording.write_bytes(audio)
    file = slack.add_file("call.m4a", "audio/mp4", recording)
    assert file["id"].startswith("F") and file["size"] == len(audio)
    assert file["url_private_download"].endswith(f"/files-pri/T1-{file['id']}/download/call.m4a")
    assert (file["mode"], file["filetype"]) == ("hosted", "m4a")

    auth = {"Authorization": f"Bearer {TOKEN}"}
    got = requests.get(file["url_private_download"], headers=auth, timeout=5)
    assert got.status_code == 200 and got.content == audio
    assert got.headers["Content-Length"] == str(len(audio))
    assert got.headers["Content-Type"] == "audio/mp4"

    anonymous = requests.get(file["url_private_download"], timeout=5)
    assert anonymous.status_code == 200
    assert anonymous.headers["Content-Type"].startswith("text/html")
    assert anonymous.content.startswith(b"<!DOCTYPE html>")
    assert [d.served for d in slack.downloads] == ["content", "html"]

    clip = slack.add_file("clip.webm", "audio/webm", b"voice", subtype="slack_audio")
    assert clip["subtype"] == "slack_audio"
    assert requests.get(clip["url_private"], headers=auth, timeout=5).content == b"voice"

    hidden = slack.add_file("x.mp3", "audio/mpeg", b"mp3", html_instead=True)
    page = requests.get(hidden["url_private_download"], headers=auth, timeout=5)
    assert page.headers["Content-Type"].startswith("text/html")


def test_redirect_host_does_not_receive_the_token(slack: FakeSlack) -> None:
    file = slack.add_file("call.mp4", "video/mp4", b"\x00video", redirect_host="localhost")
    got = requests.get(
        file["url_private_download"], headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5
    )
    assert got.status_code == 200 and got.content == b"\x00video"
    first, second = slack.downloads
    assert (first.served, second.served) == ("redirect", "content")
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert second.headers["host"].startswith("localhost:")
    assert second.path.endswith("?redirected=1")
    assert "authorization" not in second.headers


def test_files_info(slack: FakeSlack, client: WebClient) -> None:
    file = slack.add_file("a.wav", "audio/wav", b"RIFF")
    assert client.files_info(file=file["id"])["file"] == file
    with pytest.raises(SlackApiError) as raised:
        client.files_info(file="F404")
    assert raised.value.response["error"] == "file_not_found"


def test_response_url(slack: FakeSlack) -> None:
    url = slack.new_response_url()
    answer = requests.post(url, json={"text": "Redacted", "response_type": "ephemeral"}, timeout=5)
    assert answer.json() == {"ok": True}
    assert slack.responses == [(url, {"text": "Redacted", "response_type": "ephemeral"})]
    assert requests.post(f"{slack.url}/response/99", json={}, timeout=5).status_code == 404


def test_wait_for(slack: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", thread_ts="1.0", text="hello")
    assert slack.wait_for(lambda: slack.texts("C1", "1.0"), timeout=1) == ["hello"]
    with pytest.raises(AssertionError, match=r"transcript posted.*chat\.postMessage"):
        slack.wait_for(lambda: slack.shared_files, timeout=0.2, message="transcript posted")


# ---- signed requests ----------------------------------------------------------------------


@dataclass
class Capture(FakeServer):
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        FakeServer.__init__(self, 0)
        serve = {"poll_interval": 0.05}
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs=serve, daemon=True
        )


class CaptureHandler(QuietHandler):
    fake: Capture

    def do_POST(self) -> None:
        body = self.read_body()
        with self.fake.lock:
            self.fake.requests.append((dict(self.headers), body))
        self.send_json(200, {})


Capture.handler_class = CaptureHandler


@pytest.fixture
def capture() -> Iterator[Capture]:
    server = Capture()
    server.start()
    yield server
    server.stop()


def test_signature_verifies(capture: Capture) -> None:
    verifier = SignatureVerifier(SECRET)
    post_signed(capture.url, SECRET, '{"é": 1}', "application/json")
    post_signed(capture.url, SECRET, "a=1", "application/x-www-form-urlencoded", bad_signature=True)
    post_signed(capture.url, SECRET, "a=1", "text/plain", timestamp=int(time.time()) - 600)
    (good_headers, good), (bad_headers, bad), (old_headers, old) = capture.requests
    assert verifier.is_valid_request(good, good_headers)
    assert good.decode() == '{"é": 1}'
    assert not verifier.is_valid_request(bad, bad_headers)
    assert not verifier.is_valid_request(old, old_headers)


def bolt_app(slack: FakeSlack, seen: list[Any]) -> App:
    app = App(signing_secret=SECRET, client=WebClient(token=TOKEN, base_url=slack.api_url))

    @app.command("/redact")
    def command(ack: Any, command: dict[str, Any]) -> None:
        ack()
        seen.append(("command", command["text"], command["response_url"]))

    @app.action("undo")
    def undo(ack: Any, action: dict[str, Any], body: dict[str, Any]) -> None:
        ack()
        seen.append(("action", action["value"], body["container"]["message_ts"]))

    @app.event("message")
    def message(event: dict[str, Any], request: BoltRequest) -> None:
        retry = request.headers.get("x-slack-retry-num")
        seen.append(("message", event["subtype"], event["files"][0]["id"], retry))

    @app.event("file_shared")
    def file_shared(event: dict[str, Any]) -> None:
        seen.append(("file_shared", event["file_id"]))

    return app


def test_bolt_accepts_the_requests(slack: FakeSlack, capture: Capture) -> None:
    """What the helpers send passes Bolt's signature check and parses as Slack's would."""
    url = slack.new_response_url()
    file = slack.add_file("call.m4a", "audio/mp4", b"m4a")
    send_command(capture.url, SECRET, "Call Maria", response_url=url)
    send_block_action(
        capture.url,
        SECRET,
        "undo",
        "v1",
        response_url=url,
        container={"type": "message", "message_ts": "1700000100.000100", "channel_id": "C1"},
    )
    share = message_file_share_event("C1", "U1", "1699.000002", [file], thread_ts="1699.000001")
    send_event(capture.url, SECRET, share, event_id="Ev1", retry_num=1)
    send_event(capture.url, SECRET, file_shared_event("C1", "U1", file["id"]))
    seen: list[Any] = []
    app = bolt_app(slack, seen)
    for headers, body in capture.requests:
        lists = {name: [value] for name, value in headers.items()}
        response = app.dispatch(BoltRequest(body=body.decode(), headers=lists))
        assert response.status == 200, response.body
    slack.wait_for(lambda: len(seen) == 4, timeout=5)
    assert sorted(seen, key=str) == sorted(
        [
            ("command", "Call Maria", url),
            ("action", "v1", "1700000100.000100"),
            ("message", "file_share", file["id"], ["1"]),
            ("file_shared", file["id"]),
        ],
        key=str,
    )
    retried = capture.requests[2][0]
    assert (retried["X-Slack-Retry-Num"], retried["X-Slack-Retry-Reason"]) == ("1", "http_timeout")
    assert json.loads(capture.requests[2][1])["event_id"] == "Ev1"
    form = parse_qs(capture.requests[0][1].decode())
    assert form["command"] == ["/redact"] and form["response_url"] == [url]
    bad = App(signing_secret="other-secret", client=WebClient(token=TOKEN, base_url=slack.api_url))
    headers, body = capture.requests[0]
    lists = {name: [value] for name, value in headers.items()}
    assert bad.dispatch(BoltRequest(body=body.decode(), headers=lists)).status == 401
