"""Leases: how replicas sharing one PostgreSQL database take jobs without taking one twice.

A replica claims a job with `FOR UPDATE SKIP LOCKED` (rows another replica is claiming at
that instant are skipped, not waited for), setting `leased_until` by the database's clock
and a fresh `lease_token`. It renews its leases while it works (`renew`, from a heartbeat)
and lets go when it is done (`release`, optionally not before a retry delay). A replica that
dies stops renewing; once `leased_until` has passed, any replica claims the job and resumes
it from its last durable phase. Every write to a leased job carries the token (the store
fences `update_job` and `record_transcript` with it), so a replica that lost its lease, say
while cut off from the database, writes nothing more and learns it (`LeaseLost`).
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from bot.jobs.phase import FINISHED
from bot.store.records import Job, LeaseLost

# The phases no claim takes, written out as in the partial index jobs_claimable.
_FINISHED_SQL = ", ".join(f"'{phase}'" for phase in sorted(FINISHED))
CLAIMABLE = f"phase NOT IN ({_FINISHED_SQL})"
_FREE = "(leased_until IS NULL OR leased_until < now())"

_CLAIM = f"""
UPDATE jobs SET leased_by = %(owner)s, lease_token = gen_random_uuid(),
       leased_until = now() + make_interval(secs => %(lease)s), claims = claims + 1
 WHERE id = (SELECT id FROM jobs
              WHERE {CLAIMABLE} AND available_at <= now() AND {_FREE} {{only}}
              ORDER BY id LIMIT 1
              FOR UPDATE SKIP LOCKED)
RETURNING *"""
CLAIM_NEXT = _CLAIM.format(only="")
CLAIM_ONE = _CLAIM.format(only="AND id = %(id)s")
RENEW = """
UPDATE jobs SET leased_until = now() + make_interval(secs => %(lease)s)
 WHERE lease_token = ANY(%(tokens)s) RETURNING id"""
RELEASE = """
UPDATE jobs SET leased_by = NULL, lease_token = NULL, leased_until = NULL,
       available_at = now() + make_interval(secs => %(delay)s)
 WHERE id = %(id)s AND lease_token = %(token)s"""
WAITING_AHEAD = f"""
SELECT count(*) AS n FROM jobs
 WHERE {CLAIMABLE} AND id < %(id)s AND available_at <= now() AND {_FREE}"""


class Leases:
    """This process's leases on jobs (PostgreSQL only). Thread-safe."""

    def __init__(self, pool: Any, owner: str, seconds: float, to_job: Any) -> None:
        self._pool = pool
        self.owner = owner  # "host:pid", written to leased_by (never logged)
        self.seconds = seconds
        self._to_job = to_job
        self._held: dict[int, uuid.UUID] = {}
        self._lock = threading.Lock()

    def token(self, job_id: int) -> uuid.UUID | None:
        with self._lock:
            return self._held.get(job_id)

    def held(self) -> list[int]:
        with self._lock:
            return sorted(self._held)

    def forget(self, job_id: int) -> None:
        with self._lock:
            self._held.pop(job_id, None)

    def _claim(self, query: str, **params: object) -> Job | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                query, {"owner": self.owner, "lease": self.seconds, **params}
            ).fetchone()
        if row is None:
            return None
        with self._lock:
            self._held[row["id"]] = row["lease_token"]
        return self._to_job(row)

    def claim(self, job_id: int) -> Job | None:
        """Take this job if it is unfinished, due and nobody's; None otherwise."""
        return self._claim(CLAIM_ONE, id=job_id)

    def claim_next(self) -> Job | None:
        """Take the oldest unfinished, due job that nobody holds; None if there is none."""
        return self._claim(CLAIM_NEXT)

    def renew(self) -> list[int]:
        """Extend every lease held; return (and forget) the jobs whose lease was lost."""
        with self._lock:
            held = dict(self._held)
        if not held:
            return []
        with self._pool.connection() as conn:
            rows = conn.execute(
                RENEW, {"lease": self.seconds, "tokens": list(held.values())}
            ).fetchall()
        kept = {row["id"] for row in rows}
        lost = [job_id for job_id in held if job_id not in kept]
        with self._lock:
            for job_id in lost:
                if self._held.get(job_id) == held[job_id]:
                    del self._held[job_id]
        return lost

    def confirm(self, job_id: int) -> None:
        """Renew this one lease now; LeaseLost if it is no longer ours."""
        token = self.token(job_id)
        with self._pool.connection() as conn:
            renewed = conn.execute(RENEW, {"lease": self.seconds, "tokens": [token]}).fetchall()
        if token is None or not renewed:
            self.forget(job_id)
            raise LeaseLost(job_id)

    def release(self, job_id: int, *, delay: float = 0.0) -> bool:
        """Let go of a job, to be claimed again by anyone (not before `delay` seconds).
        False if it was not ours any more."""
        with self._lock:
            token = self._held.pop(job_id, None)
        if token is None:
            return False
        with self._pool.connection() as conn:
            cursor = conn.execute(RELEASE, {"id": job_id, "token": token, "delay": delay})
        return cursor.rowcount == 1

    def waiting_ahead(self, job_id: int) -> int:
        """How many jobs wait to be claimed before this one, across all replicas."""
        with self._pool.connection() as conn:
            return int(conn.execute(WAITING_AHEAD, {"id": job_id}).fetchone()["n"])
