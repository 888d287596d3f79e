"""A leased job stops where it stands once it is no longer this replica's: its lease passed
to another replica, or this one could not renew it for too long (cut off from the database).
"""

from __future__ import annotations

import threading
import time

import pytest

from bot.config import load_settings
from bot.jobs.failures import Interrupted
from bot.jobs.leased import Heartbeat, LeaseGuard
from bot.store import LeaseLost
from bot.store.postgres import PostgresStore
from tests.unit.store.test_store import add


@pytest.fixture
def two(database_url: str):
    settings = load_settings({"DATABASE_URL": database_url, "JOB_LEASE_SECONDS": "1"}, dotenv=False)
    stores = [PostgresStore.connect(settings) for _ in range(2)]
    yield stores
    for store in stores:
        store.close()


def test_a_job_whose_lease_passed_to_another_replica_stops(two) -> None:
    mine, theirs = two
    job = add(mine)
    mine.leases.claim(job.id)
    heartbeat = Heartbeat(mine.leases)
    heartbeat.start()
    stopping = threading.Event()
    guard = LeaseGuard(stopping, mine.leases, heartbeat, job.id)
    try:
        guard.check()
        guard.confirm()
        with theirs._pool.connection() as conn:  # ran out and was taken, as after a pause
            conn.execute("UPDATE jobs SET lease_token = gen_random_uuid() WHERE id = %s", (job.id,))
        with pytest.raises(LeaseLost):
            guard.confirm()
        with pytest.raises(LeaseLost):
            guard.check()
    finally:
        heartbeat.stop()


def test_a_replica_that_cannot_renew_stops_its_jobs_before_the_lease_runs_out(two) -> None:
    mine, _ = two
    job = add(mine)
    mine.leases.claim(job.id)
    heartbeat = Heartbeat(mine.leases)
    heartbeat.start()
    guard = LeaseGuard(threading.Event(), mine.leases, heartbeat, job.id)
    guard.check()
    mine.close()  # the database is gone: no renewal succeeds from now on
    time.sleep(0.8)  # three quarters of the one-second lease
    with pytest.raises(LeaseLost):
        guard.check()
    heartbeat.stop()


def test_stopping_comes_first(two) -> None:
    mine, _ = two
    job = add(mine)
    mine.leases.claim(job.id)
    heartbeat = Heartbeat(mine.leases)
    heartbeat.start()
    stopping = threading.Event()
    stopping.set()
    with pytest.raises(Interrupted):
        LeaseGuard(stopping, mine.leases, heartbeat, job.id).check()
    heartbeat.stop()
