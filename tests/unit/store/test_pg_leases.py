"""Leases on jobs in PostgreSQL: each job taken by one replica at a time; a lease that runs
out passes to another replica, and the old holder can no longer write; a job let go for a
retry is not taken before it is due."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from bot.config import load_settings
from bot.jobs.phase import Phase
from bot.store import LeaseLost
from bot.store.postgres import PostgresStore
from tests.unit.store.test_store import add


@pytest.fixture
def replicas(database_url: str) -> Iterator[list[PostgresStore]]:
    """Two stores on one database, as two replicas have (leases of one second)."""
    settings = load_settings({"DATABASE_URL": database_url, "JOB_LEASE_SECONDS": "1"}, dotenv=False)
    stores = [PostgresStore.connect(settings) for _ in range(2)]
    yield stores
    for store in stores:
        store.close()


def test_every_job_is_taken_by_exactly_one_replica(replicas: list[PostgresStore]) -> None:
    one, _ = replicas
    ids = {add(one, file_id=f"F{n}").id for n in range(40)}
    taken: list[int] = []
    lock = threading.Lock()

    def take(store: PostgresStore) -> None:
        while (job := store.leases.claim_next()) is not None:
            with lock:
                taken.append(job.id)

    threads = [threading.Thread(target=take, args=(store,)) for store in replicas * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(ids)  # all of them, none twice


def test_a_lease_that_runs_out_passes_on_and_fences_its_old_holder(
    replicas: list[PostgresStore],
) -> None:
    dead, alive = replicas
    job = add(dead)
    assert dead.leases.claim(job.id) is not None
    assert alive.leases.claim(job.id) is None  # held
    assert alive.leases.claim_next() is None
    time.sleep(1.2)  # the holder stopped renewing: the lease runs out
    taken = alive.leases.claim_next()
    assert taken is not None and taken.id == job.id
    with pytest.raises(LeaseLost):
        dead.update_job(job.id, phase=Phase.UPLOADED, upload_url="u-old")
    with pytest.raises(LeaseLost):
        dead.record_transcript(job.id, "t-old")
    assert dead.leases.renew() == []  # forgotten when the write was refused
    alive.update_job(job.id, phase=Phase.UPLOADED, upload_url="u-new")
    assert alive.record_transcript(job.id, "t-new") is True
    assert (alive.job(job.id).upload_url, alive.job(job.id).transcript_id) == ("u-new", "t-new")


def test_renewing_keeps_a_lease_and_reports_the_ones_lost(replicas: list[PostgresStore]) -> None:
    one, other = replicas
    kept, lost = add(one, file_id="F1"), add(one, file_id="F2")
    one.leases.claim(kept.id)
    one.leases.claim(lost.id)
    for _ in range(3):  # longer than a lease, renewed all along: still ours
        time.sleep(0.5)
        assert one.leases.renew() == []
    assert other.leases.claim(kept.id) is None
    with other._pool.connection() as conn:  # as if it had run out and been taken
        conn.execute("UPDATE jobs SET lease_token = gen_random_uuid() WHERE id = %s", (lost.id,))
    assert one.leases.renew() == [lost.id]
    assert one.leases.held() == [kept.id]
    with pytest.raises(LeaseLost):
        one.leases.confirm(lost.id)
    one.leases.confirm(kept.id)


def test_a_job_let_go_for_a_retry_is_not_taken_before_it_is_due(
    replicas: list[PostgresStore],
) -> None:
    one, other = replicas
    first, second = add(one, file_id="F1"), add(one, file_id="F2")
    one.leases.claim(first.id)
    assert other.leases.waiting_ahead(second.id) == 0  # the first runs: nothing waits ahead
    assert one.leases.release(first.id, delay=0.8) is True
    assert other.leases.claim_next().id == second.id  # the first is not due yet
    other.leases.release(second.id)
    time.sleep(0.9)
    assert other.leases.waiting_ahead(second.id) == 1
    assert other.leases.claim_next().id == first.id


def test_finished_jobs_are_never_taken(replicas: list[PostgresStore]) -> None:
    one, _ = replicas
    for phase, file_id in ((Phase.POSTED, "F1"), (Phase.FAILED, "F2"), (Phase.IGNORED, "F3")):
        one.update_job(add(one, file_id=file_id).id, phase=phase)
    pending = add(one, file_id="F4", phase=Phase.PENDING)
    assert one.leases.claim_next().id == pending.id
    assert one.leases.claim_next() is None
