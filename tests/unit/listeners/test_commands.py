"""`/redact` through Bolt's own request path (`app.dispatch`)."""

from __future__ import annotations

import json

from tests.support.bolt import BoltApp
from tests.support.slack_requests import command_form


def redact(bolt: BoltApp, slack, text: str, user: str = "U1") -> dict:
    response = bolt.dispatch(
        command_form(text, user_id=user, response_url=slack.new_response_url())
    )
    assert response.status == 200
    return json.loads(response.body)


def test_no_text_shows_the_usage_with_the_length_limit(bolt: BoltApp, slack, gateway) -> None:
    answer = redact(bolt, slack, "  ")
    assert answer["text"].startswith("*Usage:*")
    assert "4,000 characters" in answer["text"]
    assert gateway.requests == []


def test_a_short_text_is_previewed_in_the_acknowledgement(bolt: BoltApp, slack, gateway) -> None:
    gateway.add_entity("Priya Patel", "PERSON")
    answer = redact(bolt, slack, "Call Priya Patel on 415-555-0132.")
    assert answer["response_type"] == "ephemeral"
    shown = json.dumps(answer["blocks"])
    assert "Priya" not in shown and "0132" not in shown
    assert {"redact_post", "redact_discard"} <= {
        element["action_id"] for block in answer["blocks"] for element in block.get("elements", [])
    }


def test_a_text_over_the_limit_is_refused_before_any_request(bolt: BoltApp, slack, gateway) -> None:
    answer = redact(bolt, slack, "word " * 1000)
    assert "too long for `/redact`" in answer["text"]
    assert gateway.requests == []


def test_nothing_checkable_offers_nothing_to_post(bolt: BoltApp, slack, gateway) -> None:
    gateway.always = "500"
    answer = redact(bolt, slack, "Call Priya Patel today.")
    assert "could not check your text" in answer["text"]
    assert "blocks" not in answer
