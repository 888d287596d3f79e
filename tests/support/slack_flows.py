"""What the end-to-end Slack tests do again and again: share a recording, wait for its
final status, see everything the bot made visible."""

from __future__ import annotations

import json

import requests

from tests.fakes.assemblyai import marker
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_requests import message_file_share_event, send_event

CHANNEL = "C1"


def recording(script: str = "support_call", padding: int = 2048) -> bytes:
    return marker(script) + b"\0" * padding


def share(app, file: dict, ts: str = "1700000000.000100", **kwargs) -> requests.Response:
    event = message_file_share_event(CHANNEL, "U1", ts, [file], **kwargs)
    response = send_event(app.events_url, SIGNING_SECRET, event)
    assert response.status_code == 200
    return response


def slack_visible(slack) -> str:
    """Everything the bot made visible in Slack: messages, edits, ephemerals, files."""
    with slack.lock:
        calls = [c.params for c in slack.calls if c.method.startswith("chat.")]
        shared = [f["content"].decode(errors="replace") for f in slack.shared_files]
        responses = [body for _, body in slack.responses]
    return json.dumps([calls, shared, responses])


def final_status(slack, thread_ts: str, word: str = "Redacted transcript"):
    def done():
        messages = slack.thread(CHANNEL, thread_ts)
        return messages if messages and word in (messages[0].get("text") or "") else None

    return slack.wait_for(done, message=f"status message saying {word!r}")


def preview_from(reply: requests.Response, slack) -> dict:
    """The /redact preview: in the acknowledgement, or (on a slow machine, past the ack
    budget) sent afterwards to the response URL."""
    body = reply.json()
    if "blocks" in body:
        return body
    slack.wait_for(lambda: slack.responses, message="late preview")
    return slack.responses[0][1]


def deletions(slack) -> int:
    return sum(1 for _, body in slack.responses if body.get("delete_original") is True)
