"""Bleeping real audio with PyAV: the stretches carry the tone or silence, the rest is the
recording as it was; rate, channels and length kept; nothing half-made left behind."""

from __future__ import annotations

from array import array
from fractions import Fraction
from pathlib import Path

import av
import pytest

from bot.audio import AudioUnavailable
from bot.audio.bleep import _Painter, bleep
from bot.audio.timings import Interval
from tests.support.audio_signals import WINDOW_MS, Tone, decode, encode, write_wav

TONES = [Tone(0, 1000, 440), Tone(1000, 2000, 600), Tone(2000, 3000, 440)]


def windows(start_ms: int, end_ms: int) -> range:
    return range(start_ms, end_ms - WINDOW_MS + 1, WINDOW_MS)


@pytest.mark.parametrize(
    ("rate", "channels", "suffix"), [(16_000, 1, ".m4a"), (44_100, 2, ".m4a"), (8_000, 1, ".mp3")]
)
def test_stretches_are_bleeped_and_the_rest_kept(tmp_path: Path, rate, channels, suffix):
    source = write_wav(tmp_path / "in.wav", TONES, duration_ms=3000, rate=rate, channels=channels)
    out = tmp_path / f"out{suffix}"
    result = bleep(source, out, [Interval(1200, 1800)], tone_hz=1000)

    assert (result.sample_rate, result.channels) == (rate, channels)
    assert result.bleeped_ms == 600
    decoded, original = decode(out), decode(source)
    assert abs(decoded.duration_ms - 3000) <= 50
    with av.open(str(out)) as container:
        assert container.streams.audio[0].codec_context.channels == channels
    for t in windows(1210, 1790):  # inside, clear of the 5 ms fades
        assert decoded.amplitude(t, 1000) > 0.2, t
        assert decoded.amplitude(t, 600) < 0.02, t
    for t in [*windows(50, 1150), *windows(1850, 2950)]:
        hz = 600 if 1000 <= t < 2000 else 440
        assert original.amplitude(t, hz) > 0.4
        assert abs(decoded.amplitude(t, hz) - original.amplitude(t, hz)) < 0.05, t
        assert decoded.amplitude(t, 1000) < 0.02, t


def test_the_beep_fades_in_and_out_so_its_edges_do_not_click():
    rate = 16_000
    frame = av.AudioFrame(format="fltp", layout="mono", samples=1600)
    frame.planes[0].update(bytes(1600 * 4))
    painter = _Painter([(100, 1100)], rate=rate, style="beep", tone_hz=1000)
    assert painter.paint(frame, position=0) == 1000
    samples = array("f", bytes(frame.planes[0])[: 1600 * 4])
    ramp = rate * 5 // 1000  # 5 ms
    assert max(abs(v) for v in samples[100 : 100 + ramp // 8]) < 0.05  # starts near zero
    assert max(abs(v) for v in samples[300:900]) > 0.24  # full level in between
    assert max(abs(v) for v in samples[1100 - ramp // 8 : 1100]) < 0.05  # ends near zero
    assert not any(samples[:100]) and not any(samples[1100:])


def test_silence_style(tmp_path: Path):
    source = write_wav(tmp_path / "in.wav", TONES, duration_ms=3000)
    out = tmp_path / "out.m4a"
    bleep(source, out, [Interval(500, 1500)], style="silence")
    decoded = decode(out)
    assert all(decoded.rms(t) < 0.01 for t in windows(520, 1480))
    assert all(decoded.rms(t) > 0.3 for t in [*windows(0, 450), *windows(1550, 3000)])


def test_stretches_past_the_end_are_clamped(tmp_path: Path):
    source = write_wav(tmp_path / "in.wav", TONES, duration_ms=3000)
    out = tmp_path / "out.m4a"
    result = bleep(source, out, [Interval(2800, 9000)])
    assert result.bleeped_ms == 200 and result.duration_ms == 3000
    assert abs(decode(out).duration_ms - 3000) <= 50


def test_video_in_audio_out(tmp_path: Path):
    source = encode(
        write_wav(tmp_path / "in.wav", TONES, duration_ms=3000), tmp_path / "in.mov", video=True
    )
    with av.open(str(source)) as container:
        assert [s.type for s in container.streams] == ["video", "audio"]
    out = tmp_path / "out.m4a"
    bleep(source, out, [Interval(1200, 1800)])
    decoded = decode(out)
    assert decoded.streams == ("audio",) and decoded.codec == "aac"
    assert decoded.amplitude(1500, 1000) > 0.2 and decoded.amplitude(500, 440) > 0.4


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".redacting-"))


def test_an_undecodable_file_gives_no_output(tmp_path: Path):
    source = tmp_path / "call.mp3"
    source.write_bytes(b"ID3" + bytes(range(256)) * 40)
    out = tmp_path / "out.m4a"
    with pytest.raises(AudioUnavailable, match="could not process"):
        bleep(source, out, [])
    assert not out.exists() and leftovers(tmp_path) == []


def test_a_file_without_sound_gives_no_output(tmp_path: Path):
    source = tmp_path / "silent-film.mp4"
    with av.open(str(source), "w") as writer:
        stream = writer.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(10):
            frame = av.VideoFrame(64, 48, "yuv420p")
            frame.pts = index
            for packet in stream.encode(frame):
                writer.mux(packet)
        for packet in stream.encode(None):
            writer.mux(packet)
    out = tmp_path / "out.m4a"
    with pytest.raises(AudioUnavailable, match="no audio track"):
        bleep(source, out, [])
    assert not out.exists() and leftovers(tmp_path) == []


def test_a_gap_in_the_timestamps_is_refused(tmp_path: Path):
    """Packets missing from the middle would shift every later bleep off its word."""
    source = tmp_path / "gappy.mkv"
    rate = 16_000
    with av.open(str(source), "w") as writer:
        stream = writer.add_stream("pcm_s16le", rate=rate, layout="mono")
        for index in range(40):
            frame = av.AudioFrame(format="s16", layout="mono", samples=1600)
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            skipped = 10 * 1600 if index >= 20 else 0  # one second lost after 2 s
            frame.pts, frame.time_base = index * 1600 + skipped, Fraction(1, rate)
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                writer.mux(packet)
        for packet in stream.encode(None):
            writer.mux(packet)
    out = tmp_path / "out.m4a"
    with pytest.raises(AudioUnavailable, match="timestamps have gaps"):
        bleep(source, out, [Interval(3500, 4000)])
    assert not out.exists() and leftovers(tmp_path) == []


def test_an_output_that_is_neither_m4a_nor_mp3_is_refused(tmp_path: Path):
    source = write_wav(tmp_path / "in.wav", TONES, duration_ms=3000)
    with pytest.raises(ValueError, match=r"\.m4a or \.mp3"):
        bleep(source, tmp_path / "out.wav", [])
