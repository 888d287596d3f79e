"""Socket Mode end to end: `redact-bot serve` with SLACK_APP_TOKEN (and no signing secret)
connects to the fake Slack's WebSocket, acknowledges each envelope, and does the same work
as over HTTP: a shared recording's one result, and `/redact` with its Post button."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.conftest import teach_support_call
from tests.support.slack_flows import CHANNEL, final_status, recording
from tests.support.slack_requests import (
    block_action_payload,
    command_form,
    event_envelope,
    message_file_share_event,
)


@pytest.fixture
def socket_app(make_app, slack):
    """The bot in Socket Mode, once its WebSocket is open."""
    app = make_app(SLACK_APP_TOKEN=slack.app_token, SLACK_SIGNING_SECRET="").start(wait=False)
    if not slack.socket_mode.connected.wait(30):
        raise AssertionError(f"the app did not connect in Socket Mode:\n{app.logs()}")
    return app


def acked(slack, envelope_id: str) -> Any:
    """The app's acknowledgement of an envelope: its payload ({} for a bare ack)."""
    slack.wait_for(
        lambda: slack.socket_mode.acked(envelope_id) is not None,
        message=f"envelope {envelope_id} acknowledged",
    )
    return slack.socket_mode.acked(envelope_id)


def test_a_recording_shared_over_socket_mode_gets_one_result(socket_app, slack, gateway):
    teach_support_call(gateway)
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    event = message_file_share_event(CHANNEL, "U1", "1700009000.000100", [file])
    envelope_id = slack.socket_mode.push("events_api", event_envelope(event))
    assert acked(slack, envelope_id) == {}
    (status,) = final_status(slack, "1700009000.000100")
    assert "Speaker B: Hi ######, my name is ###########" in status["text"]
    assert "Maria" not in status["text"]
    assert "listening in Socket Mode" in socket_app.logs()
    assert socket_app.stop() == 0  # SIGTERM closes the WebSocket and ends clean
    assert "stopped clean=True" in socket_app.logs()


def test_redact_and_post_over_socket_mode(socket_app, slack, gateway):
    gateway.add_entity("Priya Patel", "PERSON")
    response_url = slack.new_response_url()
    form = command_form("Priya Patel will call 415-555-0132.", response_url=response_url)
    envelope_id = slack.socket_mode.push("slash_commands", dict(parse_qsl(form)))
    ack = acked(slack, envelope_id)
    # The preview rides on the acknowledgement, or (past the ack's budget) the response URL.
    preview = ack if "blocks" in ack else slack.wait_for(lambda: slack.responses)[0][1]
    assert "Priya" not in str(preview) and "555" not in str(preview)
    (post, _discard) = preview["blocks"][-1]["elements"]
    assert post["action_id"] == "redact_post"

    click = block_action_payload("redact_post", post["value"], response_url=response_url)
    slack.socket_mode.push("interactive", click)
    posted = slack.wait_for(lambda: slack.calls_to("chat.postMessage"), message="the post")
    assert posted[0].params["channel"] == CHANNEL
    assert posted[0].params["text"] == "<@U1> shared:\n########### will call ############."


def test_a_redelivery_after_slack_asks_for_a_new_connection_makes_no_second_job(
    socket_app, slack, gateway
):
    """Slack refreshes Socket Mode connections and redelivers what it thinks unacked."""
    teach_support_call(gateway)
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    envelope = event_envelope(message_file_share_event(CHANNEL, "U1", "1700009100.000100", [file]))
    acked(slack, slack.socket_mode.push("events_api", envelope))
    slack.socket_mode.disconnect()
    slack.wait_for(
        lambda: slack.socket_mode.connections == 2 and slack.socket_mode.connected.is_set(),
        message="a new connection",
    )
    again = slack.socket_mode.push("events_api", envelope, retry_attempt=1, retry_reason="timeout")
    acked(slack, again)
    slack.wait_for(lambda: "duplicate file_share ignored" in socket_app.logs(), message="dedup")
    (status,) = final_status(slack, "1700009100.000100")
    assert "Maria" not in status["text"]
    assert len(slack.calls_to("chat.postMessage")) == 1
