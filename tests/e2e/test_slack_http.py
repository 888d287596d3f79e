"""HTTP mode's front door, as an attacker or a misconfigured proxy would meet it: bodies are
capped before they are read, only signed requests reach Bolt, and the bot listens on HOST."""

from __future__ import annotations

import json
import socket

import pytest
import requests

from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_requests import (
    FORM,
    event_envelope,
    file_shared_event,
    post_signed,
    send_event,
    signed_headers,
)


def raw_exchange(app, request: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes, return what the server answers (the status line first)."""
    with socket.create_connection((app.host, app.port), timeout=timeout) as sock:
        sock.sendall(request)
        return sock.recv(4096)


def test_a_huge_body_is_refused_before_it_is_read(make_app):
    app = make_app().start()
    # Headers promising 100 MB, and none of the body: a server that reads bodies before
    # judging them would wait here for the rest instead of answering.
    head = (
        "POST /slack/events HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{app.port}\r\n"
        "Content-Type: application/json\r\n"
        "Content-Length: 100000000\r\n\r\n"
    )
    answer = raw_exchange(app, head.encode() + b"{")
    assert answer.startswith(b"HTTP/1.1 413")


def test_a_huge_chunked_body_is_refused(make_app):
    app = make_app().start()

    def chunks():
        piece = b"x" * 65536
        for _ in range(40):  # 2.5 MB, over the 1 MB cap, without a Content-Length
            yield piece

    try:
        response = requests.post(app.events_url, data=chunks(), timeout=10)
    except requests.ConnectionError:  # the server may close while we are still sending
        return
    assert response.status_code == 413


MALFORMED_SIGNATURE_HEADERS = [
    {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=zz"},
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=" + "é" * 64},
    {},
]


def test_malformed_signature_headers_are_401_not_500(make_app):
    app = make_app().start()
    body = json.dumps(event_envelope({"type": "app_mention"}))
    for headers in MALFORMED_SIGNATURE_HEADERS:
        response = requests.post(
            app.events_url,
            data=body.encode(),
            headers={"Content-Type": "application/json", **headers},
            timeout=10,
        )
        assert response.status_code == 401, headers
    assert "Traceback" not in app.logs()


def test_an_unsigned_body_is_never_parsed(make_app):
    app = make_app().start()
    junk = b'{"type": "event_callback", "event": ' + b"[" * 50000
    response = requests.post(
        app.events_url,
        data=junk,
        headers={"Content-Type": "application/json", **signed_headers("wrong", "x")},
        timeout=10,
    )
    assert response.status_code == 401
    assert "Traceback" not in app.logs()


def test_listens_on_host_only(make_app):
    app = make_app(host="127.0.0.2").start()
    assert requests.get(f"{app.base_url}/healthz", timeout=5).status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{app.port}/healthz", timeout=5)


def test_file_shared_and_plain_messages_are_acknowledged(make_app, slack):
    """Every message of the bot's channels arrives; each must get a 200 (Bolt answers 404 to
    an event no listener takes, and Slack then delivers it again and again)."""
    app = make_app().start()
    events = [
        file_shared_event("C1", "U1", "F123"),
        {
            "type": "message",
            "user": "U1",
            "text": "hello",
            "ts": "1700003000.000100",
            "channel": "C1",
            "channel_type": "channel",
            "event_ts": "1700003000.000100",
        },
        {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": "C1",
            "ts": "1700003001.000100",
            "event_ts": "1700003001.000100",
            "message": {"type": "message", "text": "edited", "ts": "1700003000.000100"},
        },
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B1",
            "text": "hi",
            "ts": "1700003002.000100",
            "channel": "C1",
            "event_ts": "1700003002.000100",
        },
    ]
    for event in events:
        response = send_event(app.events_url, SIGNING_SECRET, event)
        assert response.status_code == 200, event.get("subtype") or event["type"]
    assert slack.calls_to("chat.postMessage") == []


def test_a_signed_request_still_works_through_the_front_door(make_app, slack):
    app = make_app().start()
    body = "command=%2Fredact&text=help&user_id=U1&channel_id=C1&team_id=T1"
    response = post_signed(app.events_url, SIGNING_SECRET, body, FORM)
    assert response.status_code == 200
    assert "Usage" in response.json()["text"]
