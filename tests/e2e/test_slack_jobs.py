"""Recording jobs, honestly reported: lookups off the ack path, refusals at once, a status that
says what the job waits for, a deleted status message replaced, no transcript left behind.
Real `redact-bot serve`, real HTTP, the fakes."""

from __future__ import annotations

import sqlite3
import time

from tests.conftest import teach_support_call
from tests.support.slack_flows import CHANNEL, final_status, recording, share


def status_history(slack, thread_ts: str) -> list[str]:
    """Every text the thread's first message has shown, oldest first."""
    messages = slack.thread(CHANNEL, thread_ts)
    if not messages:
        return []
    with slack.lock:
        return [edit["text"] for edit in slack.history[(CHANNEL, messages[0]["ts"])]]


def test_a_partial_file_is_looked_up_after_the_event_is_answered(
    make_app, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    partial = {"id": file["id"], "mode": "hidden_by_limit", "file_access": "check_file_info"}
    release = slack.hold("files.info")  # a rate-limited or slow Slack
    try:
        # Answered while files.info has not answered: the lookup is not on the ack path.
        share(app, partial, ts="1700004000.000100")
        slack.wait_for(lambda: slack.calls_to("files.info"), message="lookup started")
    finally:
        release.set()
    final_status(slack, "1700004000.000100")
    assert len(assemblyai.uploads) == 1


def test_a_partial_file_that_is_no_recording_is_ignored_without_a_word(make_app, slack):
    app = make_app().start()
    pdf = slack.add_file("notes.pdf", "application/pdf", b"%PDF-1.4 notes")
    share(app, {"id": pdf["id"], "file_access": "check_file_info"}, ts="1700004050.000100")
    slack.wait_for(lambda: "looked-up file is not a recording" in app.logs(), message="lookup done")
    assert slack.calls_to("chat.postMessage") == []
    assert slack.downloads == []


def test_audio_labelled_octet_stream_is_recognised_by_its_extension(make_app, slack, gateway):
    teach_support_call(gateway)
    app = make_app().start()
    file = slack.add_file("call.m4a", "application/octet-stream", recording(), filetype="binary")
    share(app, file, ts="1700004100.000100")
    (status,) = final_status(slack, "1700004100.000100")
    assert "Speaker A:" in status["text"]


def test_too_large_files_are_refused_at_once_even_when_the_queue_is_full(
    make_app, slack, assemblyai, tmp_path
):
    assemblyai.polls_processing = 10**6  # the one worker stays busy
    app = make_app(JOB_CONCURRENCY="1", JOB_MAX_FILE_MB="2").start()
    share(app, slack.add_file("busy.mp3", "audio/mpeg", recording()), ts="1700004200.000100")
    slack.wait_for(lambda: assemblyai.transcripts, message="the worker is busy")
    big = tmp_path / "big.mp4"
    with big.open("wb") as handle:
        handle.truncate(3_000_000)
    share(app, slack.add_file("big.mp4", "video/mp4", big), ts="1700004300.000100")
    (status,) = final_status(slack, "1700004300.000100", word="larger than 2 MB")
    # Refused by the listener's own check: the first and only text, not a queued job's.
    assert status_history(slack, "1700004300.000100") == [status["text"]]
    assert len(slack.calls_to("files.info")) == 1  # the busy job's, none for the big file
    assert [d for d in slack.downloads if "big.mp4" in d.path] == []


def test_status_edits_are_throttled(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    assemblyai.polls_processing = 40  # forty quick polls, each a chance to edit the status
    app = make_app(TRANSCRIBE_POLL_INTERVAL="0.05", TRANSCRIBE_POLL_MAX_INTERVAL="0.05").start()
    started = time.monotonic()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700004400.000100")
    final_status(slack, "1700004400.000100")
    took = time.monotonic() - started
    transcribing = [t for t in status_history(slack, "1700004400.000100") if "Transcribing" in t]
    assert sum(assemblyai.polls.values()) >= 40
    # The first status, then an edit every few seconds at most (STATUS_INTERVAL), not one
    # per poll: fewer than one a second is the bound checked here.
    assert len(transcribing) <= 2 + took


def test_the_status_says_when_the_job_waits_for_the_gateways_rate_limit(
    make_app, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    # One request a minute and five sentences in windows of two: after the first window,
    # the job waits about a minute for the rate limit.
    app = make_app(LLM_GATEWAY_REQUESTS_PER_MINUTE="1", NER_SENTENCES_PER_REQUEST="2").start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700004500.000100")
    history = slack.wait_for(
        lambda: [
            t
            for t in status_history(slack, "1700004500.000100")
            if "waiting for the LLM Gateway's rate limit" in t
        ],
        message="the status names the gateway's rate limit",
    )
    assert "Redacting" in history[0]
    assert len(gateway.requests) == 1  # it really is waiting


def test_a_deleted_status_message_is_posted_again(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    assemblyai.polls_processing = 10**6
    app = make_app(TRANSCRIBE_POLL_MAX_INTERVAL="0.05").start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700004600.000100")
    slack.wait_for(lambda: sum(assemblyai.polls.values()) >= 2, message="transcribing")
    (first,) = slack.thread(CHANNEL, "1700004600.000100")
    assert slack.api_chat_delete({"channel": CHANNEL, "ts": first["ts"]})["ok"]  # the user
    assemblyai.polls_processing = 0
    (status,) = final_status(slack, "1700004600.000100")
    assert status["ts"] != first["ts"]
    assert "Speaker A:" in status["text"]
    assert "Maria" not in status["text"]


def test_a_transcript_whose_id_cannot_be_recorded_is_deleted(make_app, slack, assemblyai):
    app = make_app(JOB_MAX_ATTEMPTS="2").start()
    # The job database refuses to store a transcript id (a full disk, a broken file...).
    database = sqlite3.connect(app.data_dir / "redact-bot.sqlite3")
    database.execute(
        """CREATE TRIGGER refuse_transcript_ids BEFORE UPDATE OF transcript_id ON jobs
           WHEN NEW.transcript_id IS NOT NULL
           BEGIN SELECT RAISE(ABORT, 'injected failure'); END"""
    )
    database.commit()
    database.close()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700004700.000100")
    final_status(slack, "1700004700.000100", word="Could not redact")
    created = list(assemblyai.transcripts)
    assert len(created) == 2  # one per attempt
    assert sorted(assemblyai.deleted) == sorted(created)  # none left at AssemblyAI
