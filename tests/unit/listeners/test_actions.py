"""The preview's buttons through Bolt's own request path (`app.dispatch`)."""

from __future__ import annotations

import json

from tests.support.bolt import BoltApp, bolt_app
from tests.support.race import race
from tests.support.slack_requests import block_action_form, command_form


def preview_id(bolt: BoltApp, slack, text: str) -> str:
    response = bolt.dispatch(command_form(text, response_url=slack.new_response_url()))
    blocks = json.loads(response.body)["blocks"]
    (actions,) = [block for block in blocks if block["type"] == "actions"]
    return actions["elements"][0]["value"]


def click(bolt: BoltApp, slack, action: str, value: str, user: str = "U1") -> str:
    url = slack.new_response_url()
    response = bolt.dispatch(block_action_form(action, value, user_id=user, response_url=url))
    assert response.status == 200  # acknowledged at once; the work follows on its own
    return url


def replies_to(slack, url: str) -> list[dict]:
    return [body for to, body in slack.responses if to == url]


def test_post_shares_the_redacted_text_once(bolt: BoltApp, slack, gateway) -> None:
    gateway.add_entity("Priya Patel", "PERSON")
    value = preview_id(bolt, slack, "Priya Patel will call.")
    first = click(bolt, slack, "redact_post", value)
    slack.wait_for(lambda: replies_to(slack, first), message="the first click answered")
    second = click(bolt, slack, "redact_post", value)
    slack.wait_for(lambda: replies_to(slack, second), message="the second click answered")
    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 1 and "Priya" not in posts[0].params["text"]
    assert replies_to(slack, second)[0]["text"] == "This preview was already posted or has expired."


def test_someone_else_cannot_post_or_discard_a_preview(bolt: BoltApp, slack, gateway) -> None:
    value = preview_id(bolt, slack, "A note.")
    url = click(bolt, slack, "redact_post", value, user="U2")
    slack.wait_for(lambda: replies_to(slack, url), message="the other user's click answered")
    assert slack.calls_to("chat.postMessage") == []
    url = click(bolt, slack, "redact_discard", value, user="U2")
    slack.wait_for(lambda: replies_to(slack, url), message="the other user's discard answered")
    assert bolt.services.previews.get(value) is not None


def test_post_clicked_on_two_replicas_at_once_posts_once(
    tmp_path, slack, gateway, assemblyai, database_url
) -> None:
    """Two replicas sharing PostgreSQL, each its own Bolt app: the same preview's Post button
    clicked on both at the same instant (a double click, load-balanced apart)."""
    gateway.add_entity("Priya Patel", "PERSON")
    shared = {"DATABASE_URL": database_url}
    with (
        bolt_app(tmp_path / "a", slack, gateway, assemblyai, **shared) as one,
        bolt_app(tmp_path / "b", slack, gateway, assemblyai, **shared) as other,
    ):
        value = preview_id(one, slack, "Priya Patel will call.")
        urls = race(
            lambda: click(one, slack, "redact_post", value),
            lambda: click(other, slack, "redact_post", value),
        )
        for url in urls:
            slack.wait_for(lambda url=url: replies_to(slack, url), message="each click answered")
    posts = slack.calls_to("chat.postMessage")
    assert len(posts) == 1 and "Priya" not in posts[0].params["text"]
    answers = [replies_to(slack, url)[0] for url in urls]
    assert sorted("delete_original" in answer for answer in answers) == [False, True]
