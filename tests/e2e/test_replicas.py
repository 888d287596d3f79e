"""Replicas sharing PostgreSQL: real `redact-bot serve` processes over real HTTP, one schema
per test. Skipped, with one line saying how to run them, without TEST_DATABASE_URL."""

from __future__ import annotations

import signal
import time
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import teach_support_call
from tests.fakes.assemblyai import Script
from tests.support import reviews as ui
from tests.support.app_process import SIGNING_SECRET, AppProcess
from tests.support.postgres import connect
from tests.support.race import race
from tests.support.slack_flows import CHANNEL, final_status, recording, share
from tests.support.slack_requests import message_file_share_event, send_event
from tests.support.tcp_proxy import TcpProxy

LEASED = {"JOB_LEASE_SECONDS": "2", "JOB_POLL_SECONDS": "0.2"}


@pytest.fixture
def make_replica(tmp_path, slack, assemblyai, gateway, database_url):
    """Builds (not starts) replicas on this test's schema; kills them all afterwards."""
    made: list[AppProcess] = []

    def make(name: str, url: str | None = None, **env: str) -> AppProcess:
        (tmp_path / name).mkdir()
        app = AppProcess(
            slack=slack,
            assemblyai=assemblyai,
            gateway=gateway,
            data_dir=tmp_path / name / "data",
            log_path=tmp_path / f"{name}.log",
            env={"DATABASE_URL": url or database_url, **LEASED, **env},
        )
        made.append(app)
        return app

    yield make
    for app in made:
        if app.process is not None and app.process.poll() is None:
            app.stop(signal.SIGKILL)


def jobs_done(app: AppProcess) -> int:
    return app.logs().count("job done job=")


def test_twelve_recordings_shared_alternately_to_two_replicas(
    make_replica, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    assemblyai.polls_processing = 4
    replicas = [make_replica("a").start(), make_replica("b").start()]
    threads = [f"17000200{n:02d}.000100" for n in range(12)]
    for n, ts in enumerate(threads):
        share(replicas[n % 2], slack.add_file(f"call{n}.mp3", "audio/mpeg", recording()), ts=ts)
    for ts in threads:
        (status,) = final_status(slack, ts)  # one message in each thread: the result
        assert "Speaker A:" in status["text"]
    assert len(slack.calls_to("chat.postMessage")) == 12
    assert len(assemblyai.uploads) == 12
    assert len(assemblyai.created) == 12
    # "job done" is logged just after the result is posted: wait for the log lines too.
    slack.wait_for(lambda: sum(map(jobs_done, replicas)) == 12, message="12 jobs logged done")
    assert min(map(jobs_done, replicas)) > 0  # both took their share


def _holder(database_url: str, replicas: list[AppProcess]) -> AppProcess:
    with connect(database_url) as db:
        (row,) = db.execute("SELECT leased_by FROM jobs WHERE lease_token IS NOT NULL")
    pid = int(row["leased_by"].rsplit(":", 1)[1])
    (holder,) = [app for app in replicas if app.process and app.process.pid == pid]
    return holder


def _transcribing_on_two(
    make_replica, database_url, slack, assemblyai, ts: str, **env: str
) -> tuple[AppProcess, AppProcess]:
    """Two replicas, one recording shared to the first and held in transcription at
    AssemblyAI: (the replica holding its job, the other)."""
    assemblyai.polls_processing = 10**6
    replicas = [make_replica(name, **env).start() for name in "ab"]
    share(replicas[0], slack.add_file("call.mp3", "audio/mpeg", recording()), ts=ts)
    slack.wait_for(lambda: sum(assemblyai.polls.values()) >= 3, message="transcribing")
    holder = _holder(database_url, replicas)
    (survivor,) = [app for app in replicas if app is not holder]
    return holder, survivor


def test_a_replica_killed_mid_transcription_leaves_its_job_to_the_other(
    make_replica, database_url, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    # No review: the survivor deletes the transcript at once (a review would keep it).
    holder, survivor = _transcribing_on_two(
        make_replica, database_url, slack, assemblyai, "1700002100.1", REVIEW_TTL_HOURS="0"
    )
    assert holder.stop(signal.SIGKILL) == -signal.SIGKILL

    assemblyai.polls_processing = 0
    (status,) = final_status(slack, "1700002100.1")
    assert "Speaker A:" in status["text"]
    assert "claimed job=1 phase=transcribing" in survivor.logs()  # resumed, not restarted
    assert len(assemblyai.uploads) == 1
    assert len(assemblyai.created) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1  # the status message was edited
    slack.wait_for(lambda: assemblyai.deleted, message="transcript deleted")
    assert len(assemblyai.deleted) == 1


def test_a_rolling_restart_hands_a_running_job_over_at_once(
    make_replica, database_url, slack, gateway, assemblyai
):
    """SIGTERM lets go of the lease: with leases of 60 s, the other replica takes the job
    long before the lease would have run out."""
    teach_support_call(gateway)
    holder, survivor = _transcribing_on_two(
        make_replica, database_url, slack, assemblyai, "1700002150.1", JOB_LEASE_SECONDS="60"
    )
    stopped = time.monotonic()
    assert holder.stop(signal.SIGTERM) == 0
    assert "stopped clean=True" in holder.logs()
    assemblyai.polls_processing = 0
    (status,) = final_status(slack, "1700002150.1")
    assert "Speaker A:" in status["text"]
    assert time.monotonic() - stopped < 30  # not the 60 s of a lease running out
    assert "claimed job=1 phase=transcribing" in survivor.logs()
    assert len(assemblyai.uploads) == 1 and len(assemblyai.created) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_the_same_event_delivered_to_both_replicas_at_once_makes_one_job(
    make_replica, database_url, slack, gateway, assemblyai
):
    teach_support_call(gateway)
    a, b = make_replica("a").start(), make_replica("b").start()
    threads = [f"17000220{n:02d}.000100" for n in range(4)]
    for n, ts in enumerate(threads):
        file = slack.add_file(f"call{n}.mp3", "audio/mpeg", recording())
        event = message_file_share_event(CHANNEL, "U1", ts, [file])
        answers = race(  # a retry and its original, or two twins, at two replicas at once
            lambda app=a, e=event: send_event(app.events_url, SIGNING_SECRET, e),
            lambda app=b, e=event: send_event(app.events_url, SIGNING_SECRET, e),
        )
        assert [answer.status_code for answer in answers] == [200, 200]
    for ts in threads:
        (status,) = final_status(slack, ts)
        assert "Speaker A:" in status["text"]
    with connect(database_url) as db:
        assert db.execute("SELECT count(*) AS n FROM jobs").fetchone()["n"] == 4
    assert len(assemblyai.uploads) == 4
    assert len(slack.calls_to("chat.postMessage")) == 4


def test_a_review_opened_at_one_replica_is_shared_once_through_either(
    make_replica, slack, gateway, assemblyai
):
    """The review and its share claim live in PostgreSQL: a result posted by one replica is
    reviewed through the other, and one submission delivered to both at once shares once."""
    teach_support_call(gateway)
    slack.add_conversation(ui.SHARE_TO, name="team", member=True)
    a, b = make_replica("a").start(), make_replica("b").start()
    review_id = ui.buttons(ui.dm_recording(a, slack))["review_open"]
    ui.open_review(b, slack, review_id)
    view = ui.review_modal(slack)
    values = ui.state(view, uncheck={ui.options(view)["Northwind Telecom"]}, target=ui.SHARE_TO)
    answers = race(lambda: ui.submit(a, view, values), lambda: ui.submit(b, view, values))
    assert [answer.status_code for answer in answers] == [200, 200]
    slack.wait_for(lambda: "Shared in" in str(ui.posts_in(slack, ui.DM)), message="the owner told")
    again = "review share submitted again; nothing new posted"
    slack.wait_for(  # the other replica found the claim: no second share is on its way
        lambda: sum(app.logs().count(again) for app in (a, b)) == 1,
        message="the second submission turned away",
    )
    (shared,) = ui.posts_in(slack, ui.SHARE_TO)
    assert "Northwind Telecom" in shared["text"] and "Maria" not in shared["text"]
    slack.wait_for(lambda: assemblyai.deleted, message="the transcript deleted once shared")
    assert len(assemblyai.deleted) == 1
    # Recording reviews work across replicas without a key; text reviews would not: said.
    assert "REVIEW_ENCRYPTION_KEY is not set" in a.logs()


def test_a_share_in_hand_at_sigterm_is_finished_before_the_database_closes(
    make_replica, slack, gateway
):
    """A rolling restart while a review's share is on its way to Slack: the share is
    recorded, the owner told, before the replica closes its database pool and exits."""
    teach_support_call(gateway)
    slack.add_conversation(ui.SHARE_TO, name="team", member=True)
    app = make_replica("a").start()
    review_id = ui.buttons(ui.dm_recording(app, slack))["review_open"]
    ui.open_review(app, slack, review_id)
    view = ui.review_modal(slack)
    release = slack.hold("chat.postMessage")
    ui.submit(app, view, ui.state(view, target=ui.SHARE_TO))
    slack.wait_for(
        lambda: any(
            c.params.get("channel") == ui.SHARE_TO for c in slack.calls_to("chat.postMessage")
        ),
        message="the share on its way",
    )
    app.process.send_signal(signal.SIGTERM)
    slack.wait_for(
        lambda: "finishing the listeners' work in hand" in app.logs(), message="stopping"
    )
    release.set()
    assert app.process.wait(timeout=30) == 0
    assert "Shared in" in str(ui.posts_in(slack, ui.DM))
    assert "stopped clean=True" in app.logs()


def test_a_second_replica_on_the_same_data_dir_refuses_to_start(make_replica):
    """Each replica makes its redacted audio in DATA_DIR/audio and sweeps it at start."""
    first = make_replica("a").start()
    second = make_replica("b", DATA_DIR=str(first.data_dir)).start(wait=False)
    assert second.process is not None and second.process.wait(timeout=30) == 2
    assert f"DATA_DIR {first.data_dir} is in use by another redact-bot serve" in second.logs()


def _share_and_finish(replicas: list[AppProcess], slack, first: int, count: int) -> None:
    threads = [f"17000230{first + n:02d}.000100" for n in range(count)]
    for n, ts in enumerate(threads):
        file = slack.add_file(f"long{first + n}.mp3", "audio/mpeg", recording("sixty"))
        share(replicas[n % len(replicas)], file, ts=ts)
    for ts in threads:
        (status,) = final_status(slack, ts)
        assert "Maria" not in status["text"]


def test_two_replicas_together_are_refused_no_more_than_one_alone(
    make_replica, slack, gateway, assemblyai
):
    """30 requests per 3 s at the fake gateway (the real 30 a minute, 20 times faster), and
    the same 30 per (scaled) minute as our budget, shared by the replicas."""
    gateway.rate_limit = (30, 3.0)
    gateway.add_entity("Maria Lopez", "PERSON")
    assemblyai.scripts["sixty"] = Script(
        sentences=[("AB"[i % 2], f"Item {i} was checked by Maria Lopez.") for i in range(60)]
    )
    budget = {
        "LLM_GATEWAY_REQUESTS_PER_MINUTE": "30",
        "LLM_GATEWAY_RATE_WINDOW_SECONDS": "3.2",  # a minute, scaled, plus the network's jitter
        "NER_SENTENCES_PER_REQUEST": "5",  # 13 requests per recording
        "JOB_CONCURRENCY": "2",  # so that neither replica can take all four at once
        "LLM_GATEWAY_MAX_RETRIES": "5",
    }
    alone = make_replica("a", **budget).start()
    _share_and_finish([alone], slack, first=0, count=4)
    refused_alone = gateway.statuses.count(429)
    mark = len(gateway.statuses)

    together = [alone, make_replica("b", **budget).start()]
    done_before = [jobs_done(app) for app in together]
    _share_and_finish(together, slack, first=10, count=4)
    refused_together = gateway.statuses[mark:].count(429)
    assert refused_together <= refused_alone
    slack.wait_for(
        lambda: sum(map(jobs_done, together)) == sum(done_before) + 4, message="jobs logged"
    )
    # Both sent: each ran at least one of the four (neither can take more than two at once).
    assert all(jobs_done(app) > before for app, before in zip(together, done_before, strict=True))
    assert len(gateway.statuses) - mark >= 4 * 13  # the work was really sent


def test_health_says_503_while_the_database_cannot_be_reached(make_replica, database_url):
    parts = urlsplit(database_url)
    proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
    # With a password (trust auth ignores it), which must never reach a log line.
    through_proxy = database_url.replace(
        f"{parts.username}@{parts.hostname}:{parts.port or 5432}/",
        f"{parts.username}:pw-s3cret@{parts.hostname}:{proxy.port}/",
        1,
    )
    assert "pw-s3cret" in through_proxy
    app = make_replica("a", url=through_proxy).start()
    health = f"{app.base_url}/healthz"
    assert requests.get(health, timeout=5).status_code == 200
    proxy.cut()
    answer = requests.get(health, timeout=10)
    assert (answer.status_code, answer.text) == (503, "database unreachable\n")
    proxy.restore()
    deadline = time.monotonic() + 15
    while requests.get(health, timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "health did not come back with the database"
        time.sleep(0.2)
    assert "pw-s3cret" not in app.logs()
