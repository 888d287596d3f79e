"""Redacted audio of long recordings: `redact-bot file PATH --audio-out OUT` on real media.

Two recordings, generated with PyAV (fixed content, no randomness):

- "60-minute call": an MP3, 44.1 kHz stereo, 128 kb/s (about 58 MB), tones that change every
  second standing in for speech: the common case, and the most work per minute (two
  channels at a high rate to decode and re-encode).
- "500 MB meeting": a 60-minute MOV of about 550 MB, a raw picture track (which must be read
  past and dropped) and 16 kHz mono PCM sound: the memory case.

The fake AssemblyAI "hears" the generated 600-sentence call (bench/workload/calls.py) in either, its
sentences spread over the hour with words timed by the fake; the fake gateway knows its
entities, so every mention is redacted and bleeped (hundreds of intervals). Time is the
audio phase alone (from the bleeper's own log line) and the whole command; memory is the
command's peak resident set (VmHWM, polled).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from array import array
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from bench.runners.memory import PeakWatcher
from bench.workload.calls import generate
from bench.workload.conditions import API_KEY, FAST
from tests.fakes.assemblyai import FakeAssemblyAI, Script

MINUTES = 60
SENTENCES = 600
TIMEOUT = 900.0
_OWN_PREFIXES = ("SLACK_", "ASSEMBLYAI_", "LLM_", "NER_", "REDACT_", "JOB_", "TRANSCRIBE_")
_AUDIO_LOG = re.compile(r"audio redacted intervals=(\d+) bleeped_ms=(\d+) .* took=([\d.]+)s")


@dataclass
class AudioRun:
    recording: str
    size_mb: float
    minutes: float
    exit_code: int = 0
    audio_s: float | None = None  # the bleeping phase alone (decode, paint, encode)
    total_s: float = 0.0  # the whole command: start-up, upload, transcription, redaction, audio
    rss_mb: float | None = None
    intervals: int = 0
    bleeped_s: float = 0.0
    output_minutes: float = 0.0
    output_mb: float = 0.0
    generate_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def speed(self) -> float | None:
        """How many times faster than real time the audio phase ran."""
        return self.minutes * 60 / self.audio_s if self.audio_s else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "speed": self.speed}


def _blocks(rate: int, channels: int) -> list[bytes]:
    """Ten one-second blocks of float planes, each a different pair of tones."""
    blocks = []
    for index in range(10):
        low, high = 180 + 20 * index, 900 + 70 * index
        plane = array(
            "f",
            (
                0.3 * math.sin(2 * math.pi * low * n / rate)
                + 0.1 * math.sin(2 * math.pi * high * n / rate)
                for n in range(rate)
            ),
        )
        blocks.append(plane.tobytes() * channels)
    return blocks


def _audio_frame(block: bytes, rate: int, channels: int) -> av.AudioFrame:
    layout = "mono" if channels == 1 else "stereo"
    frame = av.AudioFrame(format="fltp", layout=layout, samples=rate)
    plane_bytes = len(block) // channels
    for channel, plane in enumerate(frame.planes):
        plane.update(block[channel * plane_bytes : (channel + 1) * plane_bytes])
    frame.sample_rate = rate
    return frame


def make_call_mp3(path: Path, minutes: int = MINUTES) -> Path:
    """An MP3 of `minutes`: a ten-minute piece encoded once and repeated (MP3 frames stand
    alone; without a Xing header the length is read from the constant bit rate), because
    the wheel's LAME encodes about one minute of stereo in 1.5 s."""
    rate, channels = 44_100, 2
    blocks = _blocks(rate, channels)
    piece_path = path.with_name("piece.mp3")
    piece_minutes = math.gcd(minutes, 10)
    with av.open(
        str(piece_path), "w", container_options={"write_xing": "0", "id3v2_version": "0"}
    ) as output:
        stream = output.add_stream("libmp3lame", rate=rate, layout="stereo")
        stream.codec_context.format = "fltp"
        stream.codec_context.bit_rate = 128_000
        stream.codec_context.open()
        resampler = av.AudioResampler("fltp", "stereo", rate, frame_size=1152)
        position = 0
        for second in range(piece_minutes * 60):
            frame = _audio_frame(blocks[second % 10], rate, channels)
            for piece in resampler.resample(frame):
                piece.pts, piece.time_base = position, Fraction(1, rate)
                position += piece.samples
                for packet in stream.encode(piece):
                    output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    piece = piece_path.read_bytes()
    piece_path.unlink()
    with path.open("wb") as handle:
        for _ in range(minutes // piece_minutes):
            handle.write(piece)
    return path


def make_meeting_mov(path: Path, minutes: int = MINUTES) -> Path:
    """Raw 80x60 grey pictures at 25 per second (4.8 kB each) and 16 kHz mono PCM."""
    rate = 16_000
    blocks = _blocks(rate, 1)
    with av.open(str(path), "w") as output:
        picture = output.add_stream("rawvideo", rate=25)
        picture.width, picture.height, picture.pix_fmt = 80, 60, "gray"
        sound = output.add_stream("pcm_s16le", rate=rate, layout="mono")
        image = av.VideoFrame(80, 60, "gray")
        for second in range(minutes * 60):
            frame = _audio_frame(blocks[second % 10], rate, 1)
            frame.pts, frame.time_base = second * rate, Fraction(1, rate)
            for packet in sound.encode(frame):
                output.mux(packet)
            for index in range(25):
                image.planes[0].update(bytes([(second + index) % 256]) * 4800)
                image.pts = second * 25 + index
                for packet in picture.encode(image):
                    output.mux(packet)
        for stream in (sound, picture):
            for packet in stream.encode(None):
                output.mux(packet)
    return path


def _environment(gateway_url: str, assemblyai_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    env.update(
        ASSEMBLYAI_API_KEY=API_KEY,
        ASSEMBLYAI_BASE_URL=assemblyai_url,
        LLM_GATEWAY_BASE_URL=gateway_url,
        LLM_GATEWAY_REQUESTS_PER_MINUTE="0",
        TRANSCRIBE_POLL_INTERVAL="0.05",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def _duration_minutes(path: Path) -> float:
    with av.open(str(path)) as container:
        return (container.duration or 0) / 1e6 / 60


def run_audio(name: str, recording: Path, seed: int, generate_s: float) -> AudioRun:
    """`redact-bot file --json --audio-out` on `recording`, whose words are the generated
    call's sentences spread evenly over its length."""
    call = generate(SENTENCES, seed)
    minutes = _duration_minutes(recording)
    slot_ms = int(minutes * 60_000 / SENTENCES)
    script = Script(sentences=call.sentences, sentence_ms=slot_ms - 200, gap_ms=200)
    run = AudioRun(
        recording=name,
        size_mb=recording.stat().st_size / 1e6,
        minutes=minutes,
        generate_s=generate_s,
    )
    gateway = FAST.start_gateway(call, seed, "objects")
    try:
        with FakeAssemblyAI(api_key=API_KEY) as assemblyai:
            assemblyai.default_script = script
            out = recording.with_name(recording.stem + "-redacted.m4a")
            err_path = recording.with_name("stderr")
            with err_path.open("wb") as err:
                started = time.perf_counter()
                command = ["file", "--json", str(recording), "--audio-out", str(out)]
                process = subprocess.Popen(
                    [sys.executable, "-m", "bot", *command],
                    cwd=recording.parent,
                    env=_environment(gateway.base_url, assemblyai.url),
                    stdout=subprocess.PIPE,
                    stderr=err,
                )
                with PeakWatcher(process) as watcher:
                    stdout, _ = process.communicate(timeout=TIMEOUT)
                run.total_s = time.perf_counter() - started
    finally:
        gateway.stop()
    run.exit_code = process.returncode
    run.rss_mb = watcher.peak_mb or None
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    logged = _AUDIO_LOG.search(stderr)
    if logged:
        run.intervals = int(logged.group(1))
        run.bleeped_s = int(logged.group(2)) / 1000
        run.audio_s = float(logged.group(3))
    if out.exists():
        run.output_minutes = _duration_minutes(out)
        run.output_mb = out.stat().st_size / 1e6
    audio = json.loads(stdout).get("audio") if process.returncode == 0 and stdout else None
    if not audio or not audio.get("written"):
        run.notes.append("no audio written: " + " | ".join(stderr.strip().splitlines()[-2:]))
    return run


def run_audio_suite(seed: int, report=lambda run: None) -> list[AudioRun]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="redact-bench-audio-") as folder:
        for name, make, file_name in (
            (f"{MINUTES}-minute call (MP3, 44.1 kHz stereo)", make_call_mp3, "call.mp3"),
            (
                f"{MINUTES}-minute meeting (MOV, raw video + 16 kHz PCM)",
                make_meeting_mov,
                "meeting.mov",
            ),
        ):
            started = time.perf_counter()
            recording = make(Path(folder) / file_name)
            generated = time.perf_counter() - started
            runs.append(run_audio(name, recording, seed, generated))
            report(runs[-1])
            recording.unlink()
    return runs
