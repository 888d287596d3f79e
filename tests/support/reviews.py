"""Driving a review modal as a person would: open it from a result's button, read what it
lists, change the choices, update the preview, share; and a message shortcut."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import requests

from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_flows import recording
from tests.support.slack_requests import (
    FORM,
    block_action_form,
    message_file_share_event,
    post_signed,
    send_event,
)

DM = "D1"  # the bot's DM with U1 (the fake Slack's name for it)
SHARE_TO = "C2"


def dm_recording(app, slack, ts: str = "1700005000.000100") -> dict[str, Any]:
    """Send the support call to the bot in a DM; return the private result."""
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    event = message_file_share_event(DM, "U1", ts, [file], channel_type="im")
    assert send_event(app.events_url, SIGNING_SECRET, event).status_code == 200

    def result() -> dict[str, Any] | None:
        messages = slack.thread(DM, ts)
        return messages[0] if messages and buttons(messages[0]).get("review_open") else None

    return slack.wait_for(result, message="the private result with its review button")


def posts_in(slack, channel: str) -> list[dict[str, Any]]:
    """Every message the fake Slack holds in `channel`, threads included."""
    with slack.lock:
        return [dict(m) for (c, _), m in slack.messages.items() if c == channel]


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """action_id → value of the buttons on a posted message."""
    return {
        element["action_id"]: element.get("value", "")
        for block in message.get("blocks") or []
        if block.get("type") == "actions"
        for element in block.get("elements") or []
    }


def review_modal(slack) -> dict[str, Any]:
    """The filled review modal (the one with a Share button)."""

    def filled():
        views = [v for v in slack.views().values() if v.get("submit")]
        return views[-1] if views else None

    return slack.wait_for(filled, message="the review modal filled")


def options(view: dict[str, Any]) -> dict[str, str]:
    """Item text → item id of every "keep redacted" checkbox."""
    return {
        option["text"]["text"]: option["value"]
        for block in view["blocks"]
        if block.get("block_id", "").startswith("keep_")
        for option in block["element"]["options"]
    }


def preview_text(view: dict[str, Any]) -> str:
    """The modal's preview: its plain-text sections (what would be shared)."""
    return "".join(
        block["text"]["text"]
        for block in view["blocks"]
        if block.get("type") == "section" and block["text"]["type"] == "plain_text"
    )


def kept_initially(view: dict[str, Any]) -> set[str]:
    return {
        option["value"]
        for block in view["blocks"]
        if block.get("block_id", "").startswith("keep_")
        for option in block["element"].get("initial_options") or []
    }


def state(
    view: dict[str, Any],
    *,
    uncheck: set[str] = frozenset(),  # type: ignore[assignment]
    phrases: str | None = None,
    target: str | None = None,
) -> dict[str, Any]:
    """The modal's state.values with the items whose ids are in `uncheck` unticked."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        block_id = block.get("block_id", "")
        if block_id.startswith("keep_"):
            chosen = [
                o
                for o in block["element"].get("initial_options") or []
                if o["value"] not in uncheck
            ]
            values[block_id] = {"keep": {"type": "checkboxes", "selected_options": chosen}}
    values["also"] = {"phrases": {"type": "plain_text_input", "value": phrases}}
    values["share_to"] = {
        "conversation": {"type": "conversations_select", "selected_conversation": target}
    }
    return values


def open_review(app, slack, review_id: str, *, user: str = "U1", channel: str = "D1") -> str:
    """Click "Review and share"; returns the response URL the click carried."""
    url = slack.new_response_url()
    body = block_action_form(
        "review_open",
        review_id,
        user_id=user,
        channel_id=channel,
        response_url=url,
        trigger_id=slack.new_trigger(),
    )
    assert post_signed(app.events_url, SIGNING_SECRET, body, FORM).status_code == 200
    return url


def update_preview(app, view: dict[str, Any], values: dict[str, Any], user: str = "U1") -> None:
    payload = _view_payload("block_actions", view, values, user)
    payload["actions"] = [{"action_id": "review_update", "block_id": "x", "type": "button"}]
    payload["container"] = {"type": "view", "view_id": view["id"]}
    _send(app, payload)


def submit(
    app, view: dict[str, Any], values: dict[str, Any], user: str = "U1"
) -> requests.Response:
    return _send(app, _view_payload("view_submission", view, values, user))


def _view_payload(
    kind: str, view: dict[str, Any], values: dict[str, Any], user: str
) -> dict[str, Any]:
    return {
        "type": kind,
        "team": {"id": "T1", "domain": "test"},
        "user": {"id": user, "team_id": "T1", "name": "user"},
        "api_app_id": "A1",
        "token": "verification-token",
        "trigger_id": "t-view",
        "view": {**view, "state": {"values": values}},
        "is_enterprise_install": False,
    }


def _send(app, payload: dict[str, Any]) -> requests.Response:
    body = urlencode({"payload": json.dumps(payload)})
    response = post_signed(app.events_url, SIGNING_SECRET, body, FORM)
    assert response.status_code == 200, response.text
    return response


def message_shortcut(
    app, slack, message: dict[str, Any], *, user: str = "U1", channel: str = "C1"
) -> requests.Response:
    payload = {
        "type": "message_action",
        "callback_id": "redact_message",
        "trigger_id": slack.new_trigger(),
        "action_ts": "1700009999.000001",
        "team": {"id": "T1", "domain": "test"},
        "user": {"id": user, "name": "user", "team_id": "T1"},
        "channel": {"id": channel, "name": "general"},
        "message_ts": message["ts"],
        "message": message,
        "response_url": slack.new_response_url(),
        "token": "verification-token",
    }
    return _send(app, payload)
