"""Durable jobs: exactly one result per recording across kills, restarts, faults and load.
Real `redact-bot serve` processes, real HTTP, the same DATA_DIR across restarts."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import SUPPORT_CALL_SECRETS, base_env, teach_support_call
from tests.fakes.assemblyai import Script
from tests.support.app_process import SIGNING_SECRET
from tests.support.slack_flows import CHANNEL, final_status, recording, share, slack_visible
from tests.support.slack_requests import send_command


def test_killed_while_transcribing_resumes_polling(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    assemblyai.polls_processing = 10**6
    app = make_app(REVIEW_TTL_HOURS="0").start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    share(app, file, ts="1700001000.000100")
    slack.wait_for(lambda: sum(assemblyai.polls.values()) >= 3, message="polling")
    assert app.stop(signal.SIGKILL) == -signal.SIGKILL

    assemblyai.polls_processing = 0  # the transcript is ready by the time we are back
    app.start()
    (status,) = final_status(slack, "1700001000.000100")
    assert "Speaker A:" in status["text"]
    assert len(assemblyai.uploads) == 1
    assert len(assemblyai.created) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1  # the status message was edited
    slack.wait_for(lambda: assemblyai.deleted, message="transcript deleted")
    assert len(assemblyai.deleted) == 1


def test_killed_while_redacting_posts_one_result(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    gateway.latency = 30.0  # the first redaction never comes back before the kill
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    share(app, file, ts="1700001100.000100")
    slack.wait_for(lambda: gateway.requests, message="redaction in flight")
    app.stop(signal.SIGKILL)

    gateway.latency = 0.0
    app.start()
    (status,) = final_status(slack, "1700001100.000100")
    assert len(assemblyai.uploads) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in slack_visible(slack)
    assert "##########" in status["text"]


def test_sigterm_stops_cleanly_and_the_job_resumes(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    assemblyai.polls_processing = 10**6
    app = make_app().start()
    file = slack.add_file("call.mp3", "audio/mpeg", recording())
    share(app, file, ts="1700001200.000100")
    slack.wait_for(lambda: sum(assemblyai.polls.values()) >= 1, message="polling")
    assert app.stop(signal.SIGTERM) == 0
    assert "stopped clean=True" in app.logs()

    assemblyai.polls_processing = 0
    app.start()
    final_status(slack, "1700001200.000100")
    assert len(assemblyai.uploads) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_gateway_down_for_30_seconds_then_recovering(make_app, slack, gateway, assemblyai):
    teach_support_call(gateway)
    gateway.always = "500"
    recover = threading.Timer(30.0, lambda: setattr(gateway, "always", None))
    recover.start()
    try:
        app = make_app(LLM_GATEWAY_MAX_RETRIES="2", JOB_RETRY_DELAY="8", JOB_MAX_ATTEMPTS="4")
        app.start()
        file = slack.add_file("call.mp3", "audio/mpeg", recording())
        share(app, file, ts="1700001300.000100")
        (status,) = slack.wait_for(
            lambda: [
                m
                for m in slack.thread(CHANNEL, "1700001300.000100")
                if "Redacted transcript" in m["text"]
            ],
            timeout=90,
            message="result after the outage",
        )
    finally:
        recover.cancel()
    assert "Speaker B: Hi ######" in status["text"]
    assert 500 in gateway.statuses and gateway.statuses[-1] == 200
    assert len(slack.calls_to("chat.postMessage")) == 1
    history = [edit["text"] for edit in slack.history[(CHANNEL, status["ts"])]]
    assert any("trying again" in text for text in history)
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in slack_visible(slack)


def test_twenty_recordings_under_a_rate_limited_gateway(make_app, slack, gateway, assemblyai):
    """30 requests per 3 s on the fake (the real 30/min, 20 times faster); our own limiter off, so
    only the gateway's headers and 429s pace us."""
    gateway.rate_limit = (30, 3.0)
    gateway.add_entity("Maria Lopez", "PERSON")
    sentences = [
        ("A" if i % 2 else "B", f"Item {i} was checked by Maria Lopez on the call.")
        for i in range(60)
    ]
    assemblyai.scripts["sixty"] = Script(sentences=sentences)
    app = make_app(
        JOB_CONCURRENCY="4",
        LLM_GATEWAY_REQUESTS_PER_MINUTE="0",
        LLM_GATEWAY_MAX_RETRIES="5",
        NER_SENTENCES_PER_REQUEST="25",
        REDACT_ACK_SECONDS="0.5",  # the gateway's slots are busy: answer "Redacting…" early
    ).start()
    threads = [f"17000014{n:02d}.000100" for n in range(20)]
    for n, ts in enumerate(threads):
        share(app, slack.add_file(f"call{n}.mp3", "audio/mpeg", recording("sixty")), ts=ts)

    ack_times = []
    for _ in range(3):
        started = time.monotonic()
        reply = send_command(
            app.events_url, SIGNING_SECRET, "Call me", response_url=slack.new_response_url()
        )
        ack_times.append(time.monotonic() - started)
        assert reply.status_code == 200
        time.sleep(0.5)

    for ts in threads:
        (status,) = final_status(slack, ts)
        assert "Maria" not in status["text"] and "Lopez" not in status["text"]
    assert len(assemblyai.uploads) == 20
    assert len(slack.calls_to("chat.postMessage")) == 20
    window_requests = [r for r in gateway.requests if "<transcript>" in str(r.body)]
    answered = gateway.statuses.count(200)
    refused = gateway.statuses.count(429)
    assert answered >= 60  # 20 jobs x 3 windows, plus the three /redact texts
    assert refused <= 20 * 3  # at most one refusal per window: the headers pace us
    assert len(window_requests) == answered + refused
    assert max(ack_times) < 3.0  # Slack's ack window, the requirement itself


def _serve(data_dir: Path, tmp_path: Path, slack) -> subprocess.CompletedProcess[str]:
    from tests.support.app_process import BOT_TOKEN, free_port

    env = base_env(
        ASSEMBLYAI_API_KEY="key",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        PORT=str(free_port()),
        DATA_DIR=str(data_dir),
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_corrupt_data_dir_refuses_to_start(tmp_path, slack):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "redact-bot.sqlite3").write_bytes(b"this is not a database" * 100)
    result = _serve(data_dir, tmp_path, slack)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"redact-bot: DATA_DIR {data_dir}")
    assert "Traceback" not in result.stderr


def test_unwritable_data_dir_refuses_to_start(tmp_path, slack):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = _serve(blocker / "data", tmp_path, slack)
    assert result.returncode == 2
    assert "DATA_DIR" in result.stderr
    assert "Traceback" not in result.stderr


def test_sigterm_exits_within_the_grace_even_while_a_window_hangs(make_app, slack, gateway):
    teach_support_call(gateway)
    gateway.latency = 60.0
    app = make_app(JOB_SHUTDOWN_GRACE="1").start()
    share(app, slack.add_file("call.mp3", "audio/mpeg", recording()), ts="1700001500.000100")
    slack.wait_for(lambda: gateway.requests, message="redaction in flight")
    started = time.monotonic()
    assert app.stop(signal.SIGTERM, timeout=30) == 0
    assert time.monotonic() - started < 20  # not the 60 s the window would take
    assert "stopped clean=False" in app.logs()


def test_killed_while_uploading_downloads_again(make_app, slack, gateway, assemblyai, tmp_path):
    teach_support_call(gateway)
    assemblyai.latency = 3.0  # the upload's answer is slow: the kill lands before it
    big = tmp_path / "big.mp3"
    big.write_bytes(recording())
    with big.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
    app = make_app().start()
    share(app, slack.add_file("big.mp3", "audio/mpeg", big), ts="1700001600.000100")
    slack.wait_for(lambda: slack.downloads, message="download started")
    app.stop(signal.SIGKILL)
    assert assemblyai.created == []

    assemblyai.latency = 0.0
    app.start()
    final_status(slack, "1700001600.000100")
    assert len(slack.downloads) == 2  # the download started again
    assert len(assemblyai.created) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
