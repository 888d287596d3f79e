"""The redacted audio in Slack, end to end: a real `redact-bot serve` process, real audio (a
call whose words are tones at known times) shared through the fake Slack, transcribed by
the fake AssemblyAI with word timings; the `.m4a` the bot shares in the thread is decoded
and checked window by window, as the command line's is (test_cli_audio.py)."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import teach_support_call
from tests.fakes.assemblyai import FakeAssemblyAI, Script
from tests.fakes.gateway import FakeGateway
from tests.support import reviews as ui
from tests.support.audio_call import (
    DURATION_MS,
    PADDING_MS,
    SECRET,
    call_script,
    call_tones,
    check,
    stretches,
    teach,
    unplaced,
)
from tests.support.audio_signals import decode, encode, write_wav
from tests.support.slack_flows import CHANNEL, recording, share

SECRETS = ("Maria", "Lopez", "Bluefin", "0132", "0199")
BLEEPED = "audio redacted intervals="  # bleep.py's log line: one per bleeping


def call_recording(tmp_path: Path, assemblyai: FakeAssemblyAI, gateway: FakeGateway) -> Path:
    """The test call as an .m4a, as a phone would share it; the fakes know what it says."""
    assemblyai.default_script = call_script()
    teach(gateway)
    wav = write_wav(tmp_path / "call.wav", call_tones(), duration_ms=DURATION_MS)
    return encode(wav, tmp_path / "call.m4a")


def phases(app) -> list[str]:
    """The phases of the app's jobs, read from its database as it stands."""
    uri = f"file:{app.data_dir / 'redact-bot.sqlite3'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        return [row[0] for row in db.execute("SELECT phase FROM jobs ORDER BY id")]


def left_in_data_dir(app) -> list[str]:
    """What is in DATA_DIR/audio (copies of recordings, redacted audio)."""
    folder = app.data_dir / "audio"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def wait_posted(app, slack) -> None:
    """Until the job has ended: POSTED comes only after its audio was shared or given up."""
    slack.wait_for(lambda: phases(app) == ["posted"], timeout=60, message="job posted")


def test_a_shared_recording_gets_its_transcript_then_its_redacted_audio(
    make_app, slack, assemblyai, gateway, tmp_path
):
    source = call_recording(tmp_path, assemblyai, gateway)
    # REDACTED_AUDIO empty is unset: the default, on. No review: the transcript goes at once.
    app = make_app(REDACTED_AUDIO="", REVIEW_TTL_HOURS="0").start()
    share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002000.000100")
    wait_posted(app, slack)

    (status,) = slack.thread(CHANNEL, "1700002000.000100")  # the transcript, and nothing else
    assert status["text"].startswith(":white_check_mark: Redacted transcript of *call.m4a*")
    assert "Speaker A: Hi, this is ###########, from #######." in status["text"]
    (shared,) = slack.shared_files
    assert (shared["filename"], shared["title"]) == ("call-redacted.m4a", "Redacted audio")
    assert (shared["channel_id"], shared["thread_ts"]) == (CHANNEL, "1700002000.000100")
    result_at = min(
        call.at
        for call in slack.calls_to("chat.update")
        if "Redacted transcript" in call.params.get("text", "")
    )
    assert slack.calls_to("files.completeUploadExternal")[0].at > result_at  # after the text

    (tmp_path / "shared.m4a").write_bytes(shared["content"])
    output = decode(tmp_path / "shared.m4a")
    checked_in, checked_out = check(
        decode(source), output, bleeped=stretches(SECRET), may_differ=unplaced()
    )
    assert checked_in > 100 and checked_out > 150
    assert output.streams == ("audio",) and output.codec == "aac"
    # Downloaded again for the audio, and the private copy is gone with the job.
    assert [download.served for download in slack.downloads] == ["content", "content"]
    assert left_in_data_dir(app) == []
    assert assemblyai.deleted  # the transcript is not kept at AssemblyAI for the audio
    logs = app.logs()
    assert logs.count(BLEEPED) == 1
    assert not any(secret in logs for secret in SECRETS)


def test_redacted_audio_off_shares_none(make_app, slack, assemblyai, gateway, tmp_path):
    source = call_recording(tmp_path, assemblyai, gateway)
    app = make_app(REDACTED_AUDIO="off").start()
    share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002100.000100")
    wait_posted(app, slack)

    (status,) = slack.thread(CHANNEL, "1700002100.000100")
    assert "Redacted transcript" in status["text"]
    assert slack.calls_to("files.getUploadURLExternal") == []
    assert len(slack.downloads) == 1  # not even downloaded again
    assert BLEEPED not in app.logs()


@pytest.mark.parametrize("problem", ["undecodable", "no word timings"])
def test_no_audio_still_gives_the_transcript_and_one_line(
    make_app, slack, assemblyai, gateway, tmp_path, problem
):
    if problem == "undecodable":  # a marker line and zeros: AssemblyAI "hears" its call
        teach_support_call(gateway)
        file = slack.add_file("call.mp3", "audio/mpeg", recording())
    else:
        source = call_recording(tmp_path, assemblyai, gateway)
        assemblyai.default_script.word_timings = False
        file = slack.add_file("call.mp3", "audio/mpeg", source)
    app = make_app(REDACTED_AUDIO="on").start()
    share(app, file, ts="1700002200.000100")
    wait_posted(app, slack)  # POSTED, not FAILED

    status, notice = slack.thread(CHANNEL, "1700002200.000100")
    assert "Redacted transcript" in status["text"] and "Maria" not in status["text"]
    assert notice["text"].startswith(
        ":mute: The redacted audio of *call.mp3* could not be produced"
    )
    why = "could not process the recording" if problem == "undecodable" else "no word timings"
    assert why in notice["text"]
    assert slack.calls_to("files.getUploadURLExternal") == []  # the original is never posted
    assert left_in_data_dir(app) == []
    # Without word timings it is known before any download that there is nothing to bleep.
    assert len(slack.downloads) == (2 if problem == "undecodable" else 1)


def test_killed_while_slack_takes_the_share_shares_once_and_bleeps_once(
    make_app, slack, assemblyai, gateway, tmp_path
):
    """The process dies while Slack carries out its share: on restart the share is found
    done (files.info) and not made again."""
    source = call_recording(tmp_path, assemblyai, gateway)
    app = make_app(REDACTED_AUDIO="on").start()
    held = slack.hold("files.completeUploadExternal")
    share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002300.000100")
    slack.wait_for(lambda: slack.calls_to("files.completeUploadExternal"), message="sharing")
    app.stop(signal.SIGKILL)
    posted = slack.thread(CHANNEL, "1700002300.000100")
    held.set()  # Slack carries out the share its sender did not live to see answered
    slack.wait_for(lambda: slack.shared_files, message="shared by Slack")

    app.start()
    wait_posted(app, slack)
    assert len(slack.shared_files) == 1
    assert slack.thread(CHANNEL, "1700002300.000100") == posted  # the transcript, untouched
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert app.logs().count(BLEEPED) == 1
    assert left_in_data_dir(app) == []


def test_killed_while_uploading_the_audio_uploads_it_again_without_bleeping_again(
    make_app, slack, assemblyai, gateway, tmp_path
):
    """The process dies while the audio's bytes are on their way; Slack never gets them:
    on restart the redacted file kept in DATA_DIR is uploaded anew and shared once."""
    source = call_recording(tmp_path, assemblyai, gateway)
    app = make_app(REDACTED_AUDIO="on").start()
    lost = slack.hold("upload")
    try:
        share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002400.000100")
        slack.wait_for(lambda: slack.upload_requests, message="audio bytes on their way")
        app.stop(signal.SIGKILL)
        posted = slack.thread(CHANNEL, "1700002400.000100")
        with slack.lock:
            del slack.held["upload"]  # the held bytes never arrive; new uploads go through
        # ...and Slack hiccups once: tried again, without a word over the transcript.
        slack.fail_next("files.getUploadURLExternal", status=500, error="internal_error")

        app.start()
        wait_posted(app, slack)
    finally:
        lost.set()
    (shared,) = slack.shared_files
    assert shared["filename"] == "call-redacted.m4a"
    assert len(slack.calls_to("files.getUploadURLExternal")) == 3  # one lost, one refused
    assert slack.thread(CHANNEL, "1700002400.000100") == posted
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert app.logs().count(BLEEPED) == 1
    assert [download.served for download in slack.downloads] == ["content", "content"]
    (tmp_path / "shared.m4a").write_bytes(shared["content"])
    check(
        decode(source),
        decode(tmp_path / "shared.m4a"),
        bleeped=stretches(SECRET),
        may_differ=unplaced(),
    )


@pytest.mark.parametrize("failures", [1, 3])
def test_slack_refusing_the_upload_is_tried_again_then_told_in_one_line(
    make_app, slack, assemblyai, gateway, tmp_path, failures
):
    """A temporary failure of the audio's upload is tried again (JOB_MAX_ATTEMPTS=3); one
    that outlasts the attempts ends in the one line. Either way the status message keeps
    the transcript: no "trying again" over it, no failure message."""
    source = call_recording(tmp_path, assemblyai, gateway)
    slack.fail_next(
        "files.getUploadURLExternal", status=500, error="internal_error", times=failures
    )
    app = make_app(REDACTED_AUDIO="on", JOB_MAX_ATTEMPTS="3").start()
    share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002500.000100")
    wait_posted(app, slack)

    messages = slack.thread(CHANNEL, "1700002500.000100")
    status = messages[0]
    edits = [edit["text"] for edit in slack.history[(CHANNEL, status["ts"])]]
    result = next(i for i, text in enumerate(edits) if "Redacted transcript" in text)
    assert edits[result:] == [status["text"]]  # never edited again once it held the result
    if failures < 3:
        assert len(messages) == 1 and len(slack.shared_files) == 1
    else:
        assert len(messages) == 2 and slack.shared_files == []
        assert (
            "could not be produced: Slack refused a request (internal_error). Only"
            in (messages[1]["text"])
        )
    assert left_in_data_dir(app) == []


def test_resumed_behind_another_job_the_audio_waits_without_a_word(
    make_app, slack, assemblyai, gateway, tmp_path
):
    """Restarted with one worker, a job whose transcript is posted waits in the queue behind
    one still transcribing: its status message keeps the transcript (no "queued…" over it,
    which nothing would edit back), and its audio follows once its turn comes."""
    source = call_recording(tmp_path, assemblyai, gateway)
    assemblyai.scripts["slow"] = Script(sentences=[("A", "Still talking.")], polls_processing=10**6)
    app = make_app(REDACTED_AUDIO="on", JOB_CONCURRENCY="2").start()
    held = slack.hold("upload")
    try:
        share(
            app, slack.add_file("slow.mp3", "audio/mpeg", recording("slow")), ts="1700002600.000100"
        )
        share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002610.000100")
        slack.wait_for(lambda: slack.upload_requests, message="audio on its way")
        app.stop(signal.SIGKILL)
        with slack.lock:
            del slack.held["upload"]
        (posted,) = slack.thread(CHANNEL, "1700002610.000100")

        app = make_app(REDACTED_AUDIO="on", JOB_CONCURRENCY="1").start()
        slack.wait_for(lambda: "resuming job=2 phase=audio_ready" in app.logs(), message="resumed")
        assemblyai.scripts["slow"].polls_processing = 0  # the first job can finish now
        slack.wait_for(lambda: phases(app)[1] == "posted", timeout=60, message="audio shared")
    finally:
        held.set()
    assert slack.thread(CHANNEL, "1700002610.000100") == [posted]
    assert [shared["thread_ts"] for shared in slack.shared_files] == ["1700002610.000100"]


def test_a_start_deletes_the_copies_a_killed_process_left(make_app):
    """A process killed while it made the audio leaves the recording's private copy (and a
    half-written output): the next start deletes them before anything else."""
    app = make_app()
    folder = app.data_dir / "audio"
    folder.mkdir(parents=True)
    (folder / ".recording-k2j4.m4a").write_bytes(b"unredacted audio")
    (folder / ".redacting-9x1.m4a").write_bytes(b"half of it")
    app.start()
    assert left_in_data_dir(app) == []


def test_a_reviewed_share_gets_the_audio_bleeped_as_reviewed(
    make_app, slack, assemblyai, gateway, tmp_path
):
    source = call_recording(tmp_path, assemblyai, gateway)
    slack.add_conversation("C2", name="team", member=True)
    app = make_app(REDACTED_AUDIO="on").start()  # reviews on (the default)
    share(app, slack.add_file("call.m4a", "audio/mp4", source), ts="1700002300.000100")
    (result,) = slack.wait_for(
        lambda: [m for m in slack.thread(CHANNEL, "1700002300.000100") if m.get("blocks")],
        message="the result with its review button",
    )
    ui.open_review(app, slack, ui.buttons(result)["review_open"])
    view = ui.review_modal(slack)
    ui.submit(app, view, ui.state(view, uncheck={ui.options(view)["Bluefin"]}, target="C2"))

    def audio_in_c2():
        return [f for f in slack.shared_files if f["channel_id"] == "C2"] or None

    (shared,) = slack.wait_for(audio_in_c2, timeout=60, message="the reviewed audio")
    (post,) = [m for (c, _), m in slack.messages.items() if c == "C2"]
    assert "Bluefin" in post["text"] and "Maria" not in post["text"]
    assert (shared["filename"], shared["thread_ts"]) == ("call-redacted.m4a", post["ts"])
    (tmp_path / "reviewed.m4a").write_bytes(shared["content"])
    bluefin = [(2300 - PADDING_MS, 2900 + PADDING_MS)]
    bleeped = [s for s in stretches(SECRET) if s != bluefin[0]]
    # Bluefin, kept in clear by the review, is heard: checked window by window as clear.
    check(decode(source), decode(tmp_path / "reviewed.m4a"), bleeped=bleeped, may_differ=unplaced())
    slack.wait_for(lambda: phases(app) == ["posted", "posted"], timeout=30, message="both ended")
    assert len(slack.shared_files) == 2  # the thread's own audio, and the share's: once each
    assert left_in_data_dir(app) == []
    assert not any(secret in app.logs() for secret in SECRETS)
