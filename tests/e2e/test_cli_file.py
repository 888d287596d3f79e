"""`redact-bot file` end to end, as a subprocess, against the fake AssemblyAI and gateway."""

from __future__ import annotations

import json
import resource
from pathlib import Path

from tests.conftest import API_KEY, SUPPORT_CALL_SECRETS, teach_support_call, without_ids
from tests.fakes.assemblyai import Script, audio_file


def recording(tmp_path: Path, script: str = "support_call", size: int = 0, name: str = "call.mp3"):
    return str(audio_file(tmp_path / name, script, size))


def test_happy_path_prints_speaker_turns_and_deletes(run_cli, gateway, assemblyai, tmp_path):
    teach_support_call(gateway)
    result = run_cli("file", recording(tmp_path))

    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [
        "Speaker A",
        "Speaker B",
        "Speaker A",
        "Speaker B",
        "Speaker A",
    ]
    assert lines[1] == (
        "Speaker B: Hi ######, my name is ########### and I'm calling from #################."
    )
    assert lines[4] == (
        "Speaker A: Thank you #####, I'll send the corrected invoice to that address today."
    )
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in result.stdout
    (transcript_id,) = assemblyai.transcripts
    assert assemblyai.deleted == [transcript_id]
    (created,) = assemblyai.created
    assert created["speaker_labels"] is True
    assert created["speech_models"] == ["universal-3-pro", "universal-2"]
    assert "language_detection" not in created
    (upload,) = assemblyai.uploads
    assert upload.headers["authorization"] == API_KEY
    # The model was sent sentences, not the "Speaker A:" labels.
    assert "Speaker" not in gateway.requests[0].body["messages"][-1]["content"]


def test_settings_shape_the_transcript_request(run_cli, assemblyai, tmp_path):
    result = run_cli(
        "file",
        recording(tmp_path, "one_speaker"),
        TRANSCRIBE_SPEECH_MODELS="",
        TRANSCRIBE_SPEAKER_LABELS="false",
        TRANSCRIBE_LANGUAGE_DETECTION="true",
        DELETE_TRANSCRIPT_AFTER="false",
    )
    assert result.code == 0, result.stderr
    (created,) = assemblyai.created
    assert "speech_models" not in created
    assert created["speaker_labels"] is False
    assert created["language_detection"] is True
    assert assemblyai.deleted == []
    assert not result.stdout.startswith("Speaker")


def test_json_has_speakers_times_and_types_but_no_entities(run_cli, gateway, tmp_path):
    teach_support_call(gateway)
    result = run_cli("file", "--json", "--style", "label", recording(tmp_path))
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    first, second = payload["sentences"][:2]
    assert first["speaker"] == "A" and (first["start"], first["end"]) == (0, 1500)
    assert second["start"] == 1600
    assert first["text"] == (
        "Thank you for calling [ORGANIZATION], this is [PERSON], how can I help you?"
    )
    assert sorted(second["entities"]) == ["ORGANIZATION", "PERSON", "PERSON"]
    assert payload["transcript_deleted"] is True
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in without_ids(result.stdout)


def test_transcription_error_is_reported(run_cli, assemblyai, tmp_path):
    result = run_cli("file", recording(tmp_path, "error"))
    assert result.code == 1
    assert result.stdout == ""
    assert "transcription failed: Transcoding failed" in result.stderr
    assert len(result.stderr.strip().splitlines()) >= 1


def test_wrong_key_says_which_setting(run_cli, assemblyai, tmp_path):
    assemblyai.api_key = "another-key"
    result = run_cli("file", recording(tmp_path))
    assert result.code == 1
    assert "check ASSEMBLYAI_API_KEY" in result.stderr
    assert "HTTP 401" in result.stderr
    assert API_KEY not in result.stderr


def test_sentences_endpoint_failing_falls_back_to_utterances(
    run_cli, gateway, assemblyai, tmp_path
):
    teach_support_call(gateway)
    assemblyai.sentences_fail = True
    result = run_cli("file", recording(tmp_path))
    assert result.code == 0, result.stderr
    assert result.stdout.count("Speaker ") == 5
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in result.stdout


def test_failed_delete_is_a_warning_not_an_error(run_cli, gateway, assemblyai, tmp_path):
    teach_support_call(gateway)
    assemblyai.fail_next("delete", 404)
    result = run_cli("file", recording(tmp_path))
    assert result.code == 0, result.stderr
    (transcript_id,) = assemblyai.transcripts
    assert f"could not delete transcript {transcript_id}" in result.stderr
    assert result.stdout.startswith("Speaker A:")


def test_transient_errors_are_retried(run_cli, gateway, assemblyai, tmp_path):
    teach_support_call(gateway)
    assemblyai.fail_next("create", 429)
    assemblyai.fail_next("get", 429, 500)
    result = run_cli("file", recording(tmp_path))
    assert result.code == 0, result.stderr
    assert len(assemblyai.created) == 1


def test_transcript_creation_is_not_repeated_after_a_server_error(run_cli, assemblyai, tmp_path):
    """The server may have created the transcript before failing: asking again could leave
    an unredacted, billed copy behind."""
    assemblyai.fail_next("create", 503)
    result = run_cli("file", recording(tmp_path))
    assert result.code == 1
    assert "HTTP 503" in result.stderr
    assert [call.route for call in assemblyai.calls].count("create") == 1


def test_gateway_outage_prints_nothing_and_still_deletes(run_cli, gateway, assemblyai, tmp_path):
    gateway.always = "500"
    result = run_cli("file", recording(tmp_path))
    assert result.code == 1
    assert result.stdout == ""
    for secret in SUPPORT_CALL_SECRETS:
        assert secret not in without_ids(result.stderr)
    assert len(assemblyai.deleted) == 1


def test_no_speech(run_cli, assemblyai, tmp_path):
    result = run_cli("file", recording(tmp_path, "silence"))
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    assert "no speech" in result.stderr


def test_bad_files_get_one_line(run_cli, tmp_path):
    (tmp_path / "notes.txt").write_text("Maria Lopez called")
    (tmp_path / "empty.mp3").write_bytes(b"")
    cases = {
        str(tmp_path / "missing.mp3"): "does not exist",
        str(tmp_path / "notes.txt"): "not an audio or video file",
        str(tmp_path / "empty.mp3"): "is empty",
        str(tmp_path): "not a file",
    }
    for path, message in cases.items():
        result = run_cli("file", path)
        assert result.code == 2, path
        assert result.stderr.strip().splitlines() == [f"redact-bot: PATH {message}"[:200]] or (
            message in result.stderr and len(result.stderr.strip().splitlines()) == 1
        )
        assert "Maria" not in result.stderr


def test_large_file_is_streamed_not_loaded(run_cli, gateway, assemblyai, tmp_path):
    """A 400 MB recording goes up chunked from a generator, and the process stays small."""
    teach_support_call(gateway)
    size = 400 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = run_cli("file", recording(tmp_path, size=size))
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.code == 0, result.stderr
    (upload,) = assemblyai.uploads
    assert upload.size == size
    assert upload.chunked
    assert "Content-Length" not in upload.headers
    # ru_maxrss of children is the largest child so far; a whole read would exceed 400 MB.
    assert max(before, peak_kib) < 250 * 1024


def test_custom_script(run_cli, gateway, assemblyai, tmp_path):
    assemblyai.scripts["dob"] = Script(
        sentences=[("A", "My SSN is 123-45-6789 and card 4111 1111 1111 1111.")]
    )
    result = run_cli("file", recording(tmp_path, "dob"), "--style", "label")
    assert result.code == 0, result.stderr
    assert result.stdout == "Speaker A: My SSN is [SSN] and card [CREDIT_CARD].\n"


def test_with_database_url_it_spends_the_budget_the_replicas_share(
    run_cli, gateway, tmp_path, database_url
):
    from tests.support.postgres import connect

    teach_support_call(gateway)
    result = run_cli("file", recording(tmp_path), DATABASE_URL=database_url)
    assert result.code == 0, result.stderr
    with connect(database_url) as db:
        row = db.execute("SELECT count(*) AS n FROM rate_slots WHERE sent_at > 'epoch'").fetchone()
    assert row["n"] == len(gateway.requests) > 0
