"""The store's promises, and those of the previews kept beside its jobs, held by both
backends: SQLite (DATA_DIR) and PostgreSQL (a schema of this test's own; skipped without
TEST_DATABASE_URL). "Reopening" is a restart, or another replica on the same database."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from bot.jobs.phase import Phase
from bot.previews import PreviewRecords
from bot.store import MIGRATIONS, Job, NewJob, SqliteStore, Store, StoreError
from tests.support.race import race
from tests.unit.conftest import Opener

KEY = {"team_id": "T1", "channel_id": "C1", "message_ts": "1.000100", "file_id": "F1"}


def add(store: Store, **overrides: Any) -> Job | None:
    fields = {**KEY, "thread_ts": "1.000100", "user_id": "U1", "file_name": "call.mp3"}
    return store.add_job(NewJob(**{**fields, **overrides}))


def test_the_job_key_deduplicates_across_threads_and_reopenings(open_store: Opener) -> None:
    one, other = open_store(), open_store()  # two processes, or two replicas
    results = race(*[lambda s=store: add(s) for store in (one, other) * 4])
    assert sum(job is not None for job in results) == 1
    assert add(open_store()) is None
    assert add(one, file_id="F2") is not None


def test_a_sqlite_too_old_for_the_store_is_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.34.1")
    with pytest.raises(StoreError, match=r"^SQLite 3\.34\.1 .* needs 3\.35\.0 or newer"):
        SqliteStore(tmp_path)


def test_phases_survive_a_reopening(open_store: Opener) -> None:
    job = add(open_store())
    open_store().update_job(job.id, phase=Phase.TRANSCRIBING, transcript_id="t-1")
    (unfinished,) = open_store().unfinished_jobs()
    assert (unfinished.phase, unfinished.transcript_id) == (Phase.TRANSCRIBING, "t-1")
    with pytest.raises(ValueError):
        open_store().update_job(job.id, team_id="T2")


def test_prune_removes_only_old_finished_rows(open_store: Opener) -> None:
    store = open_store()
    previews = PreviewRecords(store)
    old_done = add(store, file_id="F1")
    old_failed = add(store, file_id="F2")
    running = add(store, file_id="F3")
    store.update_job(old_done.id, phase=Phase.POSTED)
    store.update_job(old_failed.id, phase=Phase.FAILED)
    previews.add("p1", team_id="T1", channel_id="C1", user_id="U1", redacted_text="x")
    time.sleep(1.0)
    fresh = add(store, file_id="F4")
    store.update_job(fresh.id, phase=Phase.POSTED)
    assert store.prune(older_than_seconds=0.5) == 2  # the two finished jobs
    assert previews.prune(older_than_seconds=0.5) == 1  # and the old preview
    assert {job.id for job in store.jobs()} == {running.id, fresh.id}
    assert previews.get("p1") is None


def test_a_preview_is_claimed_once_and_only_by_its_author(open_store: Opener) -> None:
    previews = PreviewRecords(open_store())
    previews.add("p1", team_id="T1", channel_id="C1", user_id="U1", redacted_text="### hi")
    assert previews.claim("p1", "U2") is None
    claimed = previews.claim("p1", "U1")
    assert claimed is not None and claimed.redacted_text == "### hi"
    assert previews.claim("p1", "U1") is None
    previews.release("p1")
    assert previews.claim("p1", "U1") is not None
    previews.finish("p1")
    assert previews.get("p1").redacted_text is None
    assert previews.delete("p1", "U2") is False
    assert previews.delete("p1", "U1") is True
    assert previews.get("p1") is None


def test_a_double_click_on_two_replicas_claims_the_preview_once(open_store: Opener) -> None:
    one, other = PreviewRecords(open_store()), PreviewRecords(open_store())
    one.add("p1", team_id="T1", channel_id="C1", user_id="U1", redacted_text="### hi")
    claims = race(*[lambda p=previews: p.claim("p1", "U1") for previews in (one, other) * 4])
    assert sum(claim is not None for claim in claims) == 1


def test_a_job_that_only_shares_audio_is_inserted_at_its_phase(open_store: Opener) -> None:
    """A review's share: at AUDIO, its stretches and the share message in the one insert,
    a private job's DM in its row; the same share again is a duplicate."""
    store = open_store()
    job = add(store, phase=Phase.AUDIO, status_ts="9.1", audio_intervals="[[0,150]]")
    again = add(open_store(), phase=Phase.AUDIO, status_ts="9.1", audio_intervals="[[0,150]]")
    assert again is None
    (row,) = open_store().unfinished_jobs()
    assert (row.id, row.phase, row.status_ts, row.audio_intervals) == (
        job.id, Phase.AUDIO, "9.1", "[[0,150]]"
    )  # fmt: skip
    private = add(store, file_id="F2", private=True, reply_channel="D1")
    assert (private.private, private.reply_channel_id, private.reply_thread_ts) == (1, "D1", None)


def test_a_transcript_id_is_recorded_once_and_never_overwritten(open_store: Opener) -> None:
    store = open_store()
    job = add(store)
    assert store.record_transcript(job.id, "t-1") is True
    assert store.record_transcript(job.id, "t-2") is False  # the caller deletes its own
    recorded = store.job(job.id)
    assert (recorded.phase, recorded.transcript_id) == (Phase.TRANSCRIBING, "t-1")


def test_the_database_answers_the_health_check(open_store: Opener) -> None:
    assert open_store().ping() is True


# --- SQLite only ---


def test_schema_version_and_wal(tmp_path: Path) -> None:
    SqliteStore(tmp_path)
    db = sqlite3.connect(tmp_path / "redact-bot.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unusable_data_dir(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StoreError, match="DATA_DIR"):
        SqliteStore(tmp_path / "file" / "data")


def test_a_version_2_database_gains_the_audio_columns_empty(tmp_path: Path) -> None:
    """Migrations 3 and 4 are additive: rows written before them keep everything and read
    as 'no audio yet'; the new columns can be written."""
    db = sqlite3.connect(tmp_path / "redact-bot.sqlite3")
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        db.executescript(script)
        db.execute(f"PRAGMA user_version={number}")
    db.execute(
        """INSERT INTO jobs (team_id, channel_id, message_ts, file_id, thread_ts, phase,
           result_shared, created_at, updated_at) VALUES ('T1', 'C1', '1.1', 'F1', '1.1',
           'redacting', 1, 0, 0)"""
    )
    db.commit()
    db.close()
    store = SqliteStore(tmp_path)
    (old,) = store.jobs()
    assert (old.phase, old.result_shared) == (Phase.REDACTING, 1)
    assert (old.audio_intervals, old.audio_problem, old.audio_file_id) == (None, None, None)
    job = store.update_job(
        old.id, phase=Phase.AUDIO_READY, audio_intervals="[[0,150]]", audio_file_id="F9"
    )
    assert (job.phase, job.audio_intervals, job.audio_file_id) == (
        Phase.AUDIO_READY,
        "[[0,150]]",
        "F9",
    )
    assert [j.id for j in store.unfinished_jobs()] == [job.id]  # the audio phases resume
