"""A leased job stops where it stands once it is no longer this replica's: its lease passed
to another replica, or this one could not renew it for too long (cut off from the database).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from slack_sdk import WebClient

from bot.clients.slack import SlackIO
from bot.config import load_settings
from bot.jobs.failures import Interrupted
from bot.jobs.leased import Heartbeat, LeaseGuard
from bot.jobs.status import StatusMessage
from bot.store import LeaseLost
from bot.store.postgres import PostgresStore
from tests.support.app_process import BOT_TOKEN
from tests.unit.store.test_store import add


@pytest.fixture
def two(database_url: str):
    settings = load_settings({"DATABASE_URL": database_url, "JOB_LEASE_SECONDS": "1"}, dotenv=False)
    stores = [PostgresStore.connect(settings) for _ in range(2)]
    yield stores
    for store in stores:
        store.close()


@contextmanager
def held(store: PostgresStore, job_id: int) -> Iterator[Heartbeat]:
    """The job claimed by `store`'s replica, its lease renewed while the block runs."""
    store.leases.claim(job_id)
    heartbeat = Heartbeat(store.leases)
    heartbeat.start()
    try:
        yield heartbeat
    finally:
        heartbeat.stop()


def take_over(theirs: PostgresStore, job_id: int) -> None:
    """The lease ran out and another replica took the job, as after a long pause."""
    with theirs._pool.connection() as conn:
        conn.execute("UPDATE jobs SET lease_token = gen_random_uuid() WHERE id = %s", (job_id,))


def test_a_job_whose_lease_passed_to_another_replica_stops(two) -> None:
    mine, theirs = two
    job = add(mine)
    with held(mine, job.id) as heartbeat:
        guard = LeaseGuard(threading.Event(), mine.leases, heartbeat, job.id)
        guard.check()
        guard.confirm()
        take_over(theirs, job.id)
        with pytest.raises(LeaseLost):
            guard.confirm()
        with pytest.raises(LeaseLost):
            guard.check()


def test_a_replica_whose_lease_passed_edits_the_status_message_no_more(two, slack) -> None:
    """Its late progress line would cover the result the new holder put there."""
    mine, theirs = two
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url, retry_handlers=[])
    ts = client.chat_postMessage(channel="C1", text="Queued")["ts"]
    job = mine.update_job(add(mine).id, status_ts=ts)
    with held(mine, job.id) as heartbeat:
        guard = LeaseGuard(threading.Event(), mine.leases, heartbeat, job.id)
        slack_io = SlackIO(client, BOT_TOKEN, api_url=slack.api_url)
        status = StatusMessage(slack_io, mine, job, guard)
        status.show("Checking 1 of 2")
        take_over(theirs, job.id)
        deadline = time.monotonic() + 10
        while mine.leases.token(job.id) is not None:  # until the heartbeat learns of it
            assert time.monotonic() < deadline, "the heartbeat did not notice the lost lease"
            time.sleep(0.05)
        status.redacting(2, 2)  # the last progress edit, which is never throttled
        status.show("Checking 2 of 2")
    assert len(slack.calls_to("chat.update")) == 1
    assert slack.messages[("C1", ts)]["text"] == "Checking 1 of 2"


def test_a_replica_that_cannot_renew_stops_its_jobs_before_the_lease_runs_out(two) -> None:
    mine, _ = two
    job = add(mine)
    with held(mine, job.id) as heartbeat:
        guard = LeaseGuard(threading.Event(), mine.leases, heartbeat, job.id)
        guard.check()
        mine.close()  # the database is gone: no renewal succeeds from now on
        time.sleep(0.8)  # three quarters of the one-second lease
        with pytest.raises(LeaseLost):
            guard.check()


def test_stopping_comes_first(two) -> None:
    mine, _ = two
    job = add(mine)
    stopping = threading.Event()
    stopping.set()
    with held(mine, job.id) as heartbeat, pytest.raises(Interrupted):
        LeaseGuard(stopping, mine.leases, heartbeat, job.id).check()
