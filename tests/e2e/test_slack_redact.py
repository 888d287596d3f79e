"""`/redact` under load and misuse: acknowledged in time, one per person, bounded in length,
buttons never behind redactions, interactive requests ahead of recordings at the gateway, and
a refused key explained instead of a preview. Real `redact-bot serve`, real HTTP, the fakes."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

from tests.fakes.assemblyai import Script
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_flows import preview_from, recording, share
from tests.support.slack_requests import send_block_action, send_command


def answer_to(reply, slack) -> dict:
    """What the person finally sees: the acknowledgement, or what replaced "Redacting…"."""
    body = reply.json()
    if "Redacting your text" not in body.get("text", ""):
        return body
    (_, late) = slack.wait_for(lambda: slack.responses, message="late answer")[0]
    return late


def command(app, slack, text: str, user: str = "U1", **kwargs):
    return send_command(
        app.events_url,
        SIGNING_SECRET,
        text,
        user_id=user,
        response_url=slack.new_response_url(),
        **kwargs,
    )


def test_sixteen_commands_against_a_slow_gateway_are_all_acknowledged_in_time(
    make_app, slack, gateway
):
    gateway.latency = 3.0  # no redaction can finish inside the acknowledgement
    app = make_app().start()

    def timed(user: int) -> float:
        started = time.monotonic()
        reply = command(app, slack, f"Note number {user} for the team.", user=f"U{user}")
        assert reply.status_code == 200
        return time.monotonic() - started

    with ThreadPoolExecutor(16) as pool:
        took = list(pool.map(timed, range(16)))
    # Slack's 3-second window, the requirement itself (not a benchmark: see `make bench`).
    assert max(took) < 3.0, sorted(took)


def test_one_redact_per_person_at_a_time(make_app, slack, gateway):
    gateway.latency = 30.0
    app = make_app(REDACT_ACK_SECONDS="0.1").start()
    first = command(app, slack, "Call Priya about the plan.")
    assert "Redacting" in first.json()["text"]
    second = command(app, slack, "Another text.")
    assert "still redacting your previous text" in second.json()["text"]
    other = command(app, slack, "Someone else's text.", user="U2")
    assert "Redacting" in other.json()["text"]  # only the same person is held back


def test_a_text_over_the_limit_is_refused_without_gateway_requests(make_app, slack, gateway):
    app = make_app(REDACT_MAX_CHARS="200", REDACT_MAX_SENTENCES="5").start()
    too_long = command(app, slack, "word " * 41)
    assert "too long for `/redact` (204 characters; the most is 200)" in too_long.json()["text"]
    many = command(app, slack, "\n".join(f"Line {n}." for n in range(6)))
    assert "6 sentences or lines; the most is 5" in many.json()["text"]
    assert gateway.requests == []
    fits = preview_from(command(app, slack, "One. Two. Three."), slack)
    assert fits["blocks"][-1]["elements"][0]["action_id"] == "redact_post"


def test_a_refused_key_is_explained_and_nothing_can_be_posted(make_app, slack):
    app = make_app(ASSEMBLYAI_API_KEY="a-wrong-key-0123456789").start()
    answer = answer_to(command(app, slack, "Priya Patel will call."), slack)
    assert "check ASSEMBLYAI_API_KEY" in answer["text"]
    assert "blocks" not in answer  # no preview, no Post button
    assert "Priya" not in json.dumps(answer)


def test_a_post_click_does_not_wait_behind_redactions(make_app, slack, gateway):
    gateway.add_entity("Priya Patel", "PERSON")
    app = make_app().start()
    response_url = slack.new_response_url()
    reply = send_command(
        app.events_url, SIGNING_SECRET, "Priya Patel agreed.", response_url=response_url
    )
    preview_id = preview_from(reply, slack)["blocks"][-1]["elements"][0]["value"]
    # Four other people's redactions now take every `/redact` thread for 30 s.
    gateway.latency = 30.0
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: command(app, slack, f"Text {n}.", user=f"U{n + 2}"), range(4)))
    slack.wait_for(lambda: len(gateway.requests) >= 5, message="four redactions in flight")
    send_block_action(
        app.events_url, SIGNING_SECRET, "redact_post", preview_id, response_url=response_url
    )
    (post,) = slack.wait_for(lambda: slack.calls_to("chat.postMessage"), timeout=15)
    assert post.params["text"] == "<@U1> shared:\n########### agreed."


def test_interactive_requests_go_ahead_of_recordings_at_the_gateway(
    make_app, slack, gateway, assemblyai
):
    sentences = [("A", f"Item {n} is on the agenda.") for n in range(8)]
    assemblyai.scripts["agenda"] = Script(sentences=sentences)
    gateway.latency = 0.3
    # One request at a time; four recordings of eight one-sentence windows queue for it.
    app = make_app(NER_CONCURRENCY="1", NER_SENTENCES_PER_REQUEST="1", JOB_CONCURRENCY="4")
    app.start()
    for n in range(4):
        share(
            app,
            slack.add_file(f"c{n}.mp3", "audio/mpeg", recording("agenda")),
            ts=f"17000050{n:02d}.000100",
        )
    slack.wait_for(lambda: len(gateway.requests) >= 6, message="recordings at the gateway")
    asked = len(gateway.requests)
    command(app, slack, "Zebra crossing notes.")
    slack.wait_for(lambda: any("Zebra" in json.dumps(r.body) for r in gateway.requests), timeout=30)
    position = next(i for i, r in enumerate(gateway.requests) if "Zebra" in json.dumps(r.body))
    # Sent next, or next but one (a request may have been admitted as ours arrived), not
    # after the three recordings' windows already waiting.
    assert position - asked <= 1, (asked, position)
