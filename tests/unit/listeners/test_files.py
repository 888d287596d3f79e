"""Shared files through Bolt's own request path (`app.dispatch`): the job rows written
before Slack hears 200, and nothing else done on the acknowledgement's path."""

from __future__ import annotations

from bot.jobs.phase import Phase
from tests.support.bolt import BoltApp
from tests.support.slack_requests import event_body, message_file_share_event

JSON = "application/json"


def share(bolt: BoltApp, files: list[dict], ts: str = "1700000000.000100") -> int:
    event = message_file_share_event("C1", "U1", ts, files)
    return bolt.dispatch(event_body(event), JSON).status


def test_a_recording_becomes_one_job_whatever_slack_repeats(bolt: BoltApp, slack) -> None:
    file = slack.add_file("call.mp3", "audio/mpeg", b"not really audio")
    assert share(bolt, [file]) == 200
    assert share(bolt, [file]) == 200  # Slack's retry of the same delivery
    (job,) = bolt.services.store.jobs()
    assert (job.file_id, job.thread_ts) == (file["id"], "1700000000.000100")


def test_other_files_make_no_job(bolt: BoltApp, slack) -> None:
    pdf = slack.add_file("notes.pdf", "application/pdf", b"%PDF-1.4")
    assert share(bolt, [pdf]) == 200
    assert bolt.services.store.jobs() == []


def test_a_partial_file_is_looked_up_by_the_job_not_the_listener(bolt: BoltApp, slack) -> None:
    file = slack.add_file("call.m4a", "audio/mp4", b"x")
    # Slack holds the lookup up: had the listener looked the file up, Slack would not have
    # heard 200 yet (nor the job left PENDING).
    held = slack.hold("files.info")
    assert share(bolt, [{"id": file["id"], "file_access": "check_file_info"}]) == 200
    (job,) = bolt.services.store.jobs()
    assert job.phase == Phase.PENDING
    held.set()
    slack.wait_for(
        lambda: bolt.services.store.job(job.id).phase != Phase.PENDING, message="looked up"
    )


def test_file_shared_and_plain_messages_are_answered(bolt: BoltApp) -> None:
    plain = {"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.000001"}
    assert bolt.dispatch(event_body(plain), JSON).status == 200
    shared = {"type": "file_shared", "channel_id": "C1", "file_id": "F1", "user_id": "U1"}
    assert bolt.dispatch(event_body(shared), JSON).status == 200
