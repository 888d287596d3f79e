"""`redact-bot file PATH --audio-out OUT` end to end: real audio (tones at known times) goes
through the fake AssemblyAI, which times its words, and the real command as a subprocess;
the output is decoded and checked window by window against what each word was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakes.assemblyai import FakeAssemblyAI
from tests.fakes.gateway import FakeGateway
from tests.support.audio_call import (
    CALL,
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
from tests.support.audio_signals import WINDOW_MS, decode, encode, write_wav


@pytest.fixture
def recording(tmp_path: Path, assemblyai: FakeAssemblyAI, gateway: FakeGateway) -> Path:
    """The call as a WAV file; the fake AssemblyAI "hears" the call's words in any upload."""
    assemblyai.default_script = call_script()
    teach(gateway)
    return write_wav(tmp_path / "call.wav", call_tones(), duration_ms=DURATION_MS)


def notices(stderr: str) -> list[str]:
    """The command's own lines (LOG_LEVEL=DEBUG adds log lines, which are not for users)."""
    return [line for line in stderr.splitlines() if line.startswith("redact-bot:")]


def test_every_redacted_word_is_bleeped_and_nothing_else(run_cli, recording, tmp_path):
    out = tmp_path / "call-redacted.m4a"
    result = run_cli("file", str(recording), "--audio-out", str(out))

    assert result.code == 0, result.stderr
    assert "Maria" not in result.stdout and "0132" not in result.stdout
    assert notices(result.stderr) == []
    assert "Maria" not in result.stderr and "Lopez" not in result.stderr  # logs: counts only
    output = decode(out)
    assert output.streams == ("audio",) and output.codec == "aac"
    checked_in, checked_out = check(
        decode(recording), output, bleeped=stretches(SECRET), may_differ=unplaced()
    )
    assert checked_in > 100 and checked_out > 150  # most of the call was looked at
    # The padding is there: the pause just before "Maria" (900-1000 ms) is bleeped too.
    assert output.amplitude(925, 1000) > 0.2
    # The digits said as words, which could not be placed, are covered with their neighbours.
    assert all(output.amplitude(t, 1000) > 0.2 for t in range(6450, 9050, WINDOW_MS))


def test_silence_style_mp3_in_and_out(run_cli, recording, tmp_path):
    source = encode(recording, tmp_path / "call.mp3")
    out = tmp_path / "call-redacted.mp3"
    result = run_cli("file", str(source), "--audio-out", str(out), REDACTED_AUDIO_STYLE="silence")
    assert result.code == 0, result.stderr
    output = decode(out)
    assert output.codec.startswith("mp3")
    check(
        decode(source),
        output,
        bleeped=stretches(SECRET),
        may_differ=unplaced(),
        style="silence",
    )


def test_video_in_audio_out_with_other_padding_and_tone(run_cli, recording, tmp_path):
    source = encode(recording, tmp_path / "call.mp4", video=True)
    out = tmp_path / "call-redacted.m4a"
    result = run_cli(
        "file",
        str(source),
        "--audio-out",
        str(out),
        REDACTED_AUDIO_PADDING_MS="0",
        REDACTED_AUDIO_TONE_HZ="200",
    )
    assert result.code == 0, result.stderr
    output = decode(out)
    assert decode(source).streams == ("video", "audio") and output.streams == ("audio",)
    check(
        decode(source),
        output,
        bleeped=stretches(SECRET, padding_ms=0),
        may_differ=unplaced(padding_ms=0),
        tone_hz=200,
    )
    # No padding: the pause before "Maria" keeps its silence.
    assert output.rms(925) < 0.01


def test_withheld_sentence_is_silenced_whole(run_cli, recording, gateway, tmp_path):
    """The gateway cannot check the second sentence: with --allow-partial the transcript
    withholds it, and the audio bleeps all of it, not only its phone number."""
    gateway.script.extend(["ok", "500", "500", "500"])
    out = tmp_path / "call-redacted.m4a"
    result = run_cli(
        "file",
        str(recording),
        "--audio-out",
        str(out),
        "--allow-partial",
        NER_SENTENCES_PER_REQUEST="1",
        NER_CONCURRENCY="1",
    )
    assert result.code == 0, result.stderr
    assert "[sentence withheld" in result.stdout
    second = CALL[1][1]
    whole = [(second[0].start - PADDING_MS, second[-1].end + PADDING_MS)]
    check(
        decode(recording),
        decode(out),
        bleeped=stretches(SECRET) + whole,
        may_differ=unplaced(),
    )


@pytest.mark.parametrize("problem", ["undecodable", "no word timings"])
def test_no_audio_still_gives_the_transcript_and_one_line(
    run_cli, recording, assemblyai, tmp_path, problem
):
    source = recording
    if problem == "undecodable":
        source = tmp_path / "call.mp3"
        source.write_bytes(b"ID3" + bytes(range(256)) * 64)
    else:
        assemblyai.default_script.word_timings = False
    out = tmp_path / "call-redacted.m4a"
    out.write_bytes(b"an older file")  # must not survive as if it were this call's audio
    result = run_cli("file", str(source), "--audio-out", str(out), "--json")

    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["text"].startswith("Speaker A: Hi, this is ###")
    assert payload["audio"]["written"] is False
    (line,) = notices(result.stderr)
    assert line.startswith("redact-bot: the redacted audio could not be produced: ")
    assert line.endswith("; OUT was not written")
    assert ("could not process" if problem == "undecodable" else "no word timings") in line
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".redacting")] == []
    assert "Maria" not in result.stderr


def test_json_reports_the_audio(run_cli, recording, tmp_path):
    out = tmp_path / "call-redacted.m4a"
    result = run_cli("file", "--json", str(recording), "--audio-out", str(out))
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["audio"] == {"written": True, "duration_ms": DURATION_MS}


@pytest.mark.parametrize(
    ("out_name", "env", "expected"),
    [
        ("call-redacted.wav", {}, "redact-bot: --audio-out must end in .m4a or .mp3"),
        ("missing/call.m4a", {}, "redact-bot: the folder of --audio-out does not exist"),
        (
            "call.m4a",
            {"REDACTED_AUDIO": "off"},
            "redact-bot: setting REDACTED_AUDIO: is off, so --audio-out cannot be used",
        ),
    ],
)
def test_audio_out_mistakes_are_usage_errors_before_any_upload(
    run_cli, recording, assemblyai, tmp_path, out_name, env, expected
):
    result = run_cli("file", str(recording), "--audio-out", str(tmp_path / out_name), **env)
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [expected]
    assert assemblyai.uploads == []


def test_audio_out_may_not_overwrite_the_recording(run_cli, tmp_path, assemblyai):
    source = encode(
        write_wav(tmp_path / "x.wav", call_tones(), duration_ms=DURATION_MS), tmp_path / "call.m4a"
    )
    before = source.read_bytes()
    result = run_cli("file", str(source), "--audio-out", str(source))
    assert result.code == 2 and "must not be the recording itself" in result.stderr
    assert source.read_bytes() == before and assemblyai.uploads == []
