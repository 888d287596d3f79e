from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.jobs.phase import Phase
from bot.previews import PreviewRecords
from bot.store import MIGRATIONS, Store, StoreError

KEY = {"team_id": "T1", "channel_id": "C1", "message_ts": "1.000100", "file_id": "F1"}


def add(store: Store, **overrides: str):
    fields = {**KEY, "thread_ts": "1.000100", "user_id": "U1", "file_name": "call.mp3"}
    return store.add_job(**{**fields, **overrides})


def test_the_job_key_deduplicates_across_threads_and_reopenings(tmp_path: Path) -> None:
    store = Store(tmp_path)
    results = []
    threads = [threading.Thread(target=lambda: results.append(add(store))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(job is not None for job in results) == 1
    assert add(Store(tmp_path)) is None
    assert add(store, file_id="F2") is not None


def test_phases_survive_a_reopening(tmp_path: Path) -> None:
    job = add(Store(tmp_path))
    Store(tmp_path).update_job(job.id, phase=Phase.TRANSCRIBING, transcript_id="t-1")
    (unfinished,) = Store(tmp_path).unfinished_jobs()
    assert (unfinished.phase, unfinished.transcript_id) == (Phase.TRANSCRIBING, "t-1")
    with pytest.raises(ValueError):
        Store(tmp_path).update_job(job.id, team_id="T2")


def test_schema_version_and_wal(tmp_path: Path) -> None:
    Store(tmp_path)
    db = sqlite3.connect(tmp_path / "redact-bot.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_prune_removes_only_old_finished_rows(tmp_path: Path) -> None:
    store = Store(tmp_path)
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


def test_a_preview_is_claimed_once_and_only_by_its_author(tmp_path: Path) -> None:
    previews = PreviewRecords(Store(tmp_path))
    previews.add("p1", team_id="T1", channel_id="C1", user_id="U1", redacted_text="### hi")
    assert previews.claim("p1", "U2") is None
    claimed = previews.claim("p1", "U1")
    assert claimed is not None and claimed.redacted_text == "### hi"
    assert previews.claim("p1", "U1") is None
    previews.release("p1")
    assert previews.claim("p1", "U1") is not None
    previews.finish("p1")
    assert previews.get("p1").redacted_text is None


def test_unusable_data_dir(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StoreError, match="DATA_DIR"):
        Store(tmp_path / "file" / "data")


def test_a_transcript_id_is_recorded_once_and_never_overwritten(tmp_path: Path) -> None:
    store = Store(tmp_path)
    job = add(store)
    assert store.record_transcript(job.id, "t-1") is True
    assert store.record_transcript(job.id, "t-2") is False  # the caller deletes its own
    recorded = store.job(job.id)
    assert (recorded.phase, recorded.transcript_id) == (Phase.TRANSCRIBING, "t-1")


def test_a_version_2_database_gains_the_audio_columns_empty(tmp_path: Path) -> None:
    """Migration 3 is additive: rows written before it keep everything and read as 'no
    audio yet'; the new columns can be written."""
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
    store = Store(tmp_path)
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
