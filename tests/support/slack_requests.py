"""Signed requests to a Bolt app in HTTP mode, built the way Slack builds them.

Each request is signed like Slack signs it: `X-Slack-Request-Timestamp` and
`X-Slack-Signature: v0=` + HMAC-SHA256(signing secret, f"v0:{timestamp}:{body}"), which is what
`slack_sdk.signature.SignatureVerifier` (and so Bolt) checks.

    send_event(app_url, secret, message_file_share_event("C1", "U1", ts, [file]))
    send_command(app_url, secret, "Call Maria", response_url=fake.new_response_url())
    send_block_action(app_url, secret, "undo", "1700000100.000100", response_url=...)

`app_url` is the app's request URL, e.g. "http://127.0.0.1:3000/slack/events".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import requests

BOT_USER_ID = "UBOT"
FORM = "application/x-www-form-urlencoded"


def sign(secret: str, timestamp: int, body: str) -> str:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return "v0=" + digest.hexdigest()


def signed_headers(
    secret: str, body: str, *, timestamp: int | None = None, bad_signature: bool = False
) -> dict[str, str]:
    """The two signature headers; `bad_signature` signs with the wrong secret."""
    stamp = int(time.time()) if timestamp is None else timestamp
    signature = sign(secret + "-wrong" if bad_signature else secret, stamp, body)
    return {"X-Slack-Request-Timestamp": str(stamp), "X-Slack-Signature": signature}


def post_signed(
    app_url: str,
    secret: str,
    body: str,
    content_type: str,
    *,
    headers: dict[str, str] | None = None,
    timestamp: int | None = None,
    bad_signature: bool = False,
    timeout: float = 10,
) -> requests.Response:
    """POSTs `body` exactly as given (UTF-8), signed; `headers` are added last."""
    sent = {
        "Content-Type": content_type,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        **signed_headers(secret, body, timestamp=timestamp, bad_signature=bad_signature),
        **(headers or {}),
    }
    return requests.post(app_url, data=body.encode(), headers=sent, timeout=timeout)


def new_event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def event_envelope(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = "T1",
    api_app_id: str = "A1",
) -> dict[str, Any]:
    return {
        "token": "verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + uuid.uuid4().hex,
    }


def send_event(
    app_url: str,
    secret: str,
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    retry_num: int | None = None,
    team_id: str = "T1",
    api_app_id: str = "A1",
    timeout: float = 10,
) -> requests.Response:
    """Delivers `event` in an `event_callback` envelope, as the Events API does.

    `retry_num` marks a redelivery (`X-Slack-Retry-Num`, `X-Slack-Retry-Reason: http_timeout`);
    pass the same `event_id` as the first delivery."""
    headers = {}
    if retry_num is not None:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
    body = event_body(event, event_id=event_id, team_id=team_id, api_app_id=api_app_id)
    return post_signed(app_url, secret, body, "application/json", headers=headers, timeout=timeout)


def event_body(event: dict[str, Any], **envelope_options: Any) -> str:
    """The JSON body of an event delivery (see `event_envelope`)."""
    return json.dumps(event_envelope(event, **envelope_options))


def message_file_share_event(
    channel: str,
    user: str,
    ts: str,
    files: list[dict[str, Any]],
    *,
    thread_ts: str | None = None,
    text: str = "",
    channel_type: str = "channel",
) -> dict[str, Any]:
    """A `message` event of subtype `file_share`; `files` are file objects (`add_file`)."""
    event: dict[str, Any] = {
        "type": "message",
        "subtype": "file_share",
        "text": text,
        "files": files,
        "upload": False,
        "user": user,
        "display_as_bot": False,
        "ts": ts,
        "channel": channel,
        "channel_type": channel_type,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = user
    return event


def file_shared_event(channel: str, user: str, file_id: str) -> dict[str, Any]:
    return {
        "type": "file_shared",
        "channel_id": channel,
        "file_id": file_id,
        "user_id": user,
        "file": {"id": file_id},
        "event_ts": f"{time.time():.6f}",
    }


def send_command(
    app_url: str,
    secret: str,
    text: str,
    *,
    command: str = "/redact",
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str,
    trigger_id: str = "t1",
    team_id: str = "T1",
    timeout: float = 10,
) -> requests.Response:
    """A slash command, form-encoded as Slack sends it."""
    form = command_form(
        text,
        command=command,
        user_id=user_id,
        channel_id=channel_id,
        response_url=response_url,
        trigger_id=trigger_id,
        team_id=team_id,
    )
    return post_signed(app_url, secret, form, FORM, timeout=timeout)


def command_form(
    text: str,
    *,
    command: str = "/redact",
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str,
    trigger_id: str = "t1",
    team_id: str = "T1",
) -> str:
    """The form-encoded body of a slash command."""
    form = {
        "token": "verification-token",
        "team_id": team_id,
        "team_domain": "test",
        "channel_id": channel_id,
        "channel_name": "general",
        "user_id": user_id,
        "user_name": "user",
        "command": command,
        "text": text,
        "api_app_id": "A1",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    return urlencode(form)


def block_action_payload(
    action_id: str,
    value: str,
    *,
    user_id: str = "U1",
    channel_id: str = "C1",
    response_url: str,
    container: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
    block_id: str = "actions",
    team_id: str = "T1",
    trigger_id: str = "t1",
) -> dict[str, Any]:
    now = f"{time.time():.6f}"
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "user", "name": "user", "team_id": team_id},
        "api_app_id": "A1",
        "token": "verification-token",
        "container": container
        or {
            "type": "message",
            "message_ts": "1700000100.000100",
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": "test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "general"},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "type": "button",
                "text": {"type": "plain_text", "text": action_id, "emoji": True},
                "action_ts": now,
            }
        ],
    }
    if message is not None:
        payload["message"] = message
    return payload


def send_block_action(
    app_url: str,
    secret: str,
    action_id: str,
    value: str,
    *,
    timeout: float = 10,
    **payload_options: Any,
) -> requests.Response:
    """A button click: form-encoded `payload=<json>` of type `block_actions`; the options
    are those of `block_action_payload` (`response_url` is required)."""
    body = block_action_form(action_id, value, **payload_options)
    return post_signed(app_url, secret, body, FORM, timeout=timeout)


def block_action_form(action_id: str, value: str, **payload_options: Any) -> str:
    """The form-encoded body of a button click (see `block_action_payload`)."""
    payload = block_action_payload(action_id, value, **payload_options)
    return urlencode({"payload": json.dumps(payload)})
