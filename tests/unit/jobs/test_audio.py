"""What a restarted process finds in DATA_DIR/audio, and what it keeps of it."""

from __future__ import annotations

import threading
from pathlib import Path

from slack_sdk import WebClient

from bot.clients.slack import SlackIO
from bot.config import load_settings
from bot.jobs.audio import JobAudio
from bot.jobs.phase import Phase
from bot.store import NewJob, SqliteStore


def test_a_start_deletes_all_but_the_redacted_audio_a_job_waits_to_share(tmp_path: Path) -> None:
    settings = load_settings({"DATA_DIR": str(tmp_path)}, dotenv=False)
    store = SqliteStore(tmp_path)
    slack = SlackIO(WebClient(token="xoxb-x"), "xoxb-x")
    audio = JobAudio(store, slack, settings, threading.Event())
    jobs = []
    for n, phase in enumerate([Phase.AUDIO_READY, Phase.AUDIO, Phase.POSTED]):
        job = store.add_job(
            NewJob(
                team_id="T1",
                channel_id="C1",
                message_ts=f"1.{n}",
                file_id=f"F{n}",
                thread_ts=f"1.{n}",
                user_id="U1",
                file_name="call.mp3",
            )
        )
        jobs.append(store.update_job(job.id, phase=phase))
    folder = tmp_path / "audio"
    folder.mkdir()
    left = [f"job-{job.id}-F{n}-redacted.m4a" for n, job in enumerate(jobs)]
    left += [".recording-abc.mp3", ".redacting-def.m4a", "job-99-F9-redacted.m4a"]
    for name in left:
        (folder / name).write_bytes(b"audio")

    assert audio.sweep(store.unfinished_jobs()) == len(left) - 1
    assert [p.name for p in folder.iterdir()] == [f"job-{jobs[0].id}-F0-redacted.m4a"]
    assert audio.sweep([]) == 1
