"""The Slack app end to end: `redact-bot serve` in HTTP mode, driven by signed requests,
talking to the fake Slack, AssemblyAI and gateway over real HTTP."""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.conftest import SUPPORT_CALL_SECRETS, teach_support_call, without_ids
from tests.fakes.assemblyai import Script
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_flows import (
    CHANNEL,
    deletions,
    final_status,
    preview_from,
    recording,
    share,
    slack_visible,
)
from tests.support.slack_requests import (
    file_shared_event,
    message_file_share_event,
    send_block_action,
    send_command,
    send_event,
)


def test_healthz_and_bad_signature(make_app):
    app = make_app().start()
    assert requests.get(f"http://127.0.0.1:{app.port}/healthz", timeout=5).status_code == 200
    body = json.dumps({"type": "event_callback", "event": {"type": "app_mention"}})
    from tests.support.slack_requests import post_signed

    bad = post_signed(app.events_url, SIGNING_SECRET, body, "application/json", bad_signature=True)
    assert bad.status_code == 401


def test_mp3_in_a_channel_gets_one_redacted_transcript(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    app = make_app(REVIEW_TTL_HOURS="0").start()  # no review: the transcript goes at once
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    share(app, file, ts="1700000000.000100")

    (status,) = final_status(slack, "1700000000.000100")
    text = status["text"]
    assert "Speaker B: Hi ######, my name is ###########" in text
    assert "Redacted 8 items: 4 names, 2 organisations, 1 email address, 1 phone number." in text
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in slack_visible(slack)
    slack.wait_for(lambda: assemblyai.deleted, message="transcript deleted")
    assert len(assemblyai.uploads) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    # The download carried the bot token; the logs carry no content.
    assert slack.downloads[0].headers["authorization"] == f"Bearer {slack.token}"
    logs = without_ids(app.logs())
    for secret in (*SUPPORT_CALL_SECRETS, slack.token, SIGNING_SECRET):
        assert secret not in logs


def test_voice_clip_in_a_thread_answers_in_that_thread(make_app, slack, gateway):
    teach_support_call(gateway)
    app = make_app().start()
    clip = slack.add_file(
        "audio_message.webm", "audio/webm", recording("one_speaker"), subtype="slack_audio"
    )
    share(app, clip, ts="1700000050.000100", thread_ts="1700000001.000100")
    (status,) = final_status(slack, "1700000001.000100")
    assert status["text"].count("Speaker A:") == 1
    assert "Maria" not in slack_visible(slack)


def run_a_sentinel(app, slack, ts: str) -> None:
    """Share one more recording and wait for its result. With JOB_CONCURRENCY=1 jobs run one
    at a time in the order they were queued, and a listener queues its jobs before Slack hears
    its answer: once the sentinel is done, any job queued before it has run to its end."""
    share(app, slack.add_file("sentinel.mp3", "audio/mpeg", recording()), ts=ts)
    final_status(slack, ts)


def test_file_share_file_shared_and_retries_make_one_result(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    app = make_app(JOB_CONCURRENCY="1").start()
    file = slack.add_file("call.m4a", "audio/mp4", recording())
    ts = "1700000200.000100"
    event = message_file_share_event(CHANNEL, "U1", ts, [file])
    send_event(app.events_url, SIGNING_SECRET, event, event_id="Ev1")
    send_event(app.events_url, SIGNING_SECRET, file_shared_event(CHANNEL, "U1", file["id"]))
    send_event(app.events_url, SIGNING_SECRET, event, event_id="Ev1", retry_num=1)
    send_event(app.events_url, SIGNING_SECRET, event, event_id="Ev1", retry_num=2)
    final_status(slack, ts)
    run_a_sentinel(app, slack, "1700000201.000100")
    assert len(slack.thread(CHANNEL, ts)) == 1
    assert len(slack.calls_to("chat.postMessage")) == 2  # the recording's and the sentinel's
    assert len(assemblyai.uploads) == 2


def test_non_audio_files_are_ignored(make_app, slack, assemblyai):
    app = make_app(JOB_CONCURRENCY="1").start()
    pdf = slack.add_file("notes.pdf", "application/pdf", b"%PDF-1.4 Maria Lopez")
    share(app, pdf, ts="1700000300.000100")
    run_a_sentinel(app, slack, "1700000301.000100")
    assert slack.thread(CHANNEL, "1700000300.000100") == []
    assert len(slack.calls_to("chat.postMessage")) == 1  # the sentinel's
    assert [d for d in slack.downloads if "notes.pdf" in d.path] == []
    assert len(assemblyai.uploads) == 1


def test_html_instead_of_file_explains_the_missing_scope(make_app, slack, assemblyai):
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording(), html_instead=True)
    share(app, file, ts="1700000400.000100")
    (status,) = final_status(slack, "1700000400.000100", word="Could not redact")
    assert "files:read" in status["text"]
    assert assemblyai.uploads == []


def test_gateway_outage_ends_with_a_failure_and_no_clear_text(make_app, slack, gateway, assemblyai):
    gateway.always = "500"
    app = make_app(JOB_MAX_ATTEMPTS="2").start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    share(app, file, ts="1700000500.000100")
    (status,) = final_status(slack, "1700000500.000100", word="Could not redact")
    assert "could not be checked" in status["text"]
    assert "Nothing unredacted was posted" in status["text"]
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in slack_visible(slack)
    assert len(slack.calls_to("chat.postMessage")) == 1
    slack.wait_for(lambda: assemblyai.deleted, message="transcript deleted after failure")


def test_a_gateway_failing_for_part_is_retried_then_posted_with_it_withheld(
    make_app, slack, gateway, assemblyai
):
    """The gateway keeps failing for one window: the job tries again (the gateway may come
    back), and on its last attempt posts the rest with those sentences withheld, once."""
    teach_support_call(gateway)
    gateway.down_for = "could you confirm the email"  # the third of five sentences
    app = make_app(JOB_MAX_ATTEMPTS="2", NER_SENTENCES_PER_REQUEST="2").start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700000510.000100")
    (status,) = final_status(slack, "1700000510.000100", word="Redacted transcript")
    assert "2 of 5 sentences could not be checked" in status["text"]
    assert "could not be reached" in status["text"]
    assert status["text"].count("[sentence withheld: could not be checked]") == 2
    assert "Thank you for calling" in status["text"]
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in slack_visible(slack)
    failing = [r for r in gateway.requests if any(gateway.down_for in s for s in r.sentences)]
    assert len(failing) == 4  # two attempts of the job, each with one retry of the request
    assert len(slack.thread(CHANNEL, "1700000510.000100")) == 1


def test_transcription_error_is_reported_in_the_thread(make_app, slack, assemblyai):
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording("error"))
    share(app, file, ts="1700000550.000100")
    (status,) = final_status(slack, "1700000550.000100", word="Could not redact")
    assert "Transcoding failed" in status["text"]


def test_long_transcript_is_uploaded_as_a_file(make_app, slack, gateway, assemblyai):
    gateway.add_entity("Maria Lopez", "PERSON")
    sentences = [
        ("A" if i % 2 else "B", f"Line {i}: Maria Lopez reviewed item number {i} of the plan.")
        for i in range(80)
    ]
    assemblyai.scripts["long"] = Script(sentences=sentences)
    app = make_app().start()
    file = slack.add_file("long.mp3", "audio/mpeg", recording("long"))
    share(app, file, ts="1700000600.000100")
    (status,) = final_status(slack, "1700000600.000100")
    assert "attached below" in status["text"]
    (shared,) = slack.wait_for(lambda: slack.shared_files, message="transcript file shared")
    assert shared["thread_ts"] == "1700000600.000100"
    assert shared["channel_id"] == CHANNEL
    content = shared["content"].decode()
    assert content.count("Speaker ") == 80
    assert "Maria" not in content and "Lopez" not in content
    assert "Line 79: ########### reviewed item number 79" in content


def test_redact_command_preview_and_post(make_app, slack, gateway):
    gateway.add_entity("Priya Patel", "PERSON")
    app = make_app().start()
    response_url = slack.new_response_url()
    reply = send_command(
        app.events_url,
        SIGNING_SECRET,
        "Priya Patel will call 415-555-0132 & <confirm>",
        response_url=response_url,
    )
    assert reply.status_code == 200
    preview = preview_from(reply, slack)
    assert preview["response_type"] == "ephemeral"
    shown = json.dumps(preview)
    assert "Priya" not in shown and "555" not in shown
    buttons = preview["blocks"][-1]["elements"]
    assert [b["action_id"] for b in buttons] == ["redact_post", "redact_discard"]
    preview_id = buttons[0]["value"]

    click = send_block_action(
        app.events_url, SIGNING_SECRET, "redact_post", preview_id, response_url=response_url
    )
    assert click.status_code == 200
    posted = slack.wait_for(lambda: slack.calls_to("chat.postMessage"), message="post")
    assert posted[0].params["channel"] == CHANNEL
    assert posted[0].params["text"] == (
        "<@U1> shared:\n########### will call ############ &amp; &lt;confirm&gt;"
    )
    slack.wait_for(lambda: deletions(slack) == 1, message="preview removed")

    # A second click (or a replay) posts nothing more.
    answered = len(slack.responses)
    send_block_action(
        app.events_url, SIGNING_SECRET, "redact_post", preview_id, response_url=response_url
    )
    slack.wait_for(lambda: len(slack.responses) > answered, message="second answer")
    assert "already posted" in slack.responses[-1][1]["text"]
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_redact_command_discard(make_app, slack, gateway):
    app = make_app().start()
    response_url = slack.new_response_url()
    preview = preview_from(
        send_command(app.events_url, SIGNING_SECRET, "Nothing much.", response_url=response_url),
        slack,
    )
    preview_id = preview["blocks"][-1]["elements"][1]["value"]
    send_block_action(
        app.events_url, SIGNING_SECRET, "redact_discard", preview_id, response_url=response_url
    )
    slack.wait_for(lambda: deletions(slack) == 1, message="discarded")
    # A discarded preview cannot be posted any more.
    answered = len(slack.responses)
    send_block_action(
        app.events_url, SIGNING_SECRET, "redact_post", preview_id, response_url=response_url
    )
    slack.wait_for(lambda: len(slack.responses) > answered, message="refusal")
    assert "already posted or has expired" in slack.responses[-1][1]["text"]
    assert slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("text", ["", "help", "  HELP "])
def test_redact_command_usage(make_app, slack, text):
    app = make_app().start()
    reply = send_command(
        app.events_url, SIGNING_SECRET, text, response_url=slack.new_response_url()
    )
    assert "Usage" in reply.json()["text"]


def test_slow_redaction_is_answered_through_respond(make_app, slack, gateway):
    gateway.add_entity("Priya Patel", "PERSON")
    gateway.latency = 3.0
    app = make_app().start()
    response_url = slack.new_response_url()
    reply = send_command(app.events_url, SIGNING_SECRET, "Priya Patel", response_url=response_url)
    assert "Redacting" in reply.json()["text"]
    slack.wait_for(lambda: slack.responses, message="late preview")
    url, body = slack.responses[0]
    assert url == response_url
    assert body["replace_original"] is True
    assert "Priya" not in json.dumps(body)
    assert body["blocks"][-1]["elements"][0]["action_id"] == "redact_post"


def test_six_long_jobs_do_not_stop_redact_from_acking(make_app, slack, gateway, assemblyai):
    assemblyai.polls_processing = 10**6  # transcripts that never finish during the test
    app = make_app(JOB_CONCURRENCY="6").start()
    for n in range(6):
        file = slack.add_file(f"call{n}.mp3", "audio/mpeg", recording())
        share(app, file, ts=f"17000007{n:02d}.000100")
    slack.wait_for(lambda: len(assemblyai.transcripts) == 6, message="six jobs transcribing")
    started = time.monotonic()
    reply = send_command(
        app.events_url, SIGNING_SECRET, "Hello there", response_url=slack.new_response_url()
    )
    took = time.monotonic() - started
    assert reply.status_code == 200
    assert reply.json()["response_type"] == "ephemeral"
    assert took < 3.0  # Slack's ack window: the requirement itself, not a benchmark


def test_too_large_files_are_refused_with_a_short_reply(make_app, slack, assemblyai, tmp_path):
    big = tmp_path / "big.mp4"
    with big.open("wb") as handle:
        handle.truncate(3_000_000)
    app = make_app(JOB_MAX_FILE_MB="2").start()
    file = slack.add_file("big.mp4", "video/mp4", big)
    share(app, file, ts="1700000800.000100")
    final_status(slack, "1700000800.000100", word="larger than 2 MB")
    assert slack.downloads == []
    assert assemblyai.uploads == []


def test_jobs_beyond_the_bound_say_they_are_queued(make_app, slack, assemblyai):
    assemblyai.polls_processing = 10**6
    app = make_app(JOB_CONCURRENCY="2").start()
    files = [slack.add_file(f"c{n}.mp3", "audio/mpeg", recording()) for n in range(3)]
    event = message_file_share_event(CHANNEL, "U1", "1700000900.000100", files)
    send_event(app.events_url, SIGNING_SECRET, event)
    slack.wait_for(lambda: len(slack.calls_to("chat.postMessage")) == 3, message="3 statuses")
    first_texts = [call.params["text"] for call in slack.calls_to("chat.postMessage")]
    assert sum("is queued" in text for text in first_texts) == 1
    assert sum("uploading" in text for text in first_texts) == 2


def test_a_failed_announcement_does_not_lose_the_job(make_app, slack, gateway):
    teach_support_call(gateway)
    slack.fail_next("chat.postMessage", status=200, error="internal_error")
    app = make_app().start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700000910.000100")
    (status,) = final_status(slack, "1700000910.000100")
    assert "Speaker A:" in status["text"]


def test_partial_file_objects_are_looked_up(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    partial = {"id": file["id"], "mode": "hidden_by_limit", "file_access": "check_file_info"}
    share(app, partial, ts="1700000920.000100")
    final_status(slack, "1700000920.000100")
    assert len(assemblyai.uploads) == 1


def test_a_deleted_file_fails_at_once_without_retries(make_app, slack, assemblyai):
    app = make_app(JOB_MAX_ATTEMPTS="3", JOB_RETRY_DELAY="5").start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    slack.fail_next("files.info", status=200, error="file_not_found")
    share(app, file, ts="1700000930.000100")
    (status,) = final_status(slack, "1700000930.000100", word="Could not redact")
    assert "file_not_found" in status["text"]
    assert len(slack.calls_to("files.info")) == 1
    assert assemblyai.uploads == []


def test_the_transcript_file_is_shared_once_even_if_sharing_fails(
    make_app, slack, gateway, assemblyai
):
    gateway.add_entity("Maria Lopez", "PERSON")
    sentences = [("A", f"Line {i}: Maria Lopez reviewed item {i} of the plan.") for i in range(90)]
    assemblyai.scripts["long"] = Script(sentences=sentences)
    slack.fail_next("files.completeUploadExternal", status=200, error="internal_error")
    app = make_app().start()
    share(app, slack.add_file("long.mp3", "audio/mpeg", recording("long")), ts="1700000940.000100")
    final_status(slack, "1700000940.000100")
    assert len(slack.shared_files) == 1
    assert len(slack.calls_to("files.getUploadURLExternal")) == 1
    assert slack.shared_files[0]["thread_ts"] == "1700000940.000100"


def test_a_phone_number_in_a_file_name_is_not_repeated(make_app, slack, gateway):
    teach_support_call(gateway)
    app = make_app().start()
    file = slack.add_file("call 415-555-0199.mp3", "audio/mpeg", recording())
    share(app, file, ts="1700000950.000100")
    (status,) = final_status(slack, "1700000950.000100")
    assert "*call ############.mp3*" in status["text"]
    assert "0199" not in slack_visible(slack)


def test_slack_escapes_in_command_text_are_not_doubled(make_app, slack):
    app = make_app().start()
    response_url = slack.new_response_url()
    reply = send_command(
        app.events_url, SIGNING_SECRET, "Q&amp;A &lt;notes&gt;", response_url=response_url
    )
    preview = preview_from(reply, slack)
    assert preview["blocks"][1]["text"]["text"] == "Q&A <notes>"
    preview_id = preview["blocks"][-1]["elements"][0]["value"]
    send_block_action(
        app.events_url, SIGNING_SECRET, "redact_post", preview_id, response_url=response_url
    )
    (post,) = slack.wait_for(lambda: slack.calls_to("chat.postMessage"), message="post")
    assert post.params["text"] == "<@U1> shared:\nQ&amp;A &lt;notes&gt;"


def test_a_normalised_answer_is_found_by_asking_again(make_app, slack, gateway, assemblyai):
    """The model names someone as the text does not spell them: the engine asks about that
    sentence again, finds the name, and posts the whole transcript."""
    gateway.add_entity("Maria Lopez", "PERSON", answer="Mary Lopes")
    app = make_app().start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700000960.000100")
    (status,) = final_status(slack, "1700000960.000100", word="Redacted transcript")
    assert "withheld" not in status["text"]
    assert [request.mode for request in gateway.requests] == ["find", "exact", "verify"]
    assert "Maria" not in slack_visible(slack)


def test_a_sentence_in_doubt_is_withheld_and_the_rest_posted(make_app, slack, gateway, assemblyai):
    """What the model named resembles the text but cannot be pinned down, even on asking
    again: that one sentence is withheld with a marker, and the rest is posted once."""
    gateway.add_entity("Maria Lopez", "PERSON", answer="Mariela Lopezz")
    gateway.add_entity("Maria", "PERSON")  # and her first name, wherever it stands
    gateway.script.extend(["ok", "invalid", "invalid"])  # the second ask is unreadable
    app = make_app(JOB_MAX_ATTEMPTS="3").start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700000960.000100")
    (status,) = final_status(slack, "1700000960.000100", word="Redacted transcript")
    assert "1 of 5 sentences could not be checked" in status["text"]
    assert status["text"].count("[sentence withheld: could not be checked]") == 1
    assert "Thank you for calling" in status["text"]
    assert "Maria" not in slack_visible(slack)
    assert len(slack.thread(CHANNEL, "1700000960.000100")) == 1
