"""Rewrite a recording's first audio track with some stretches bleeped or silenced.

Streamed with PyAV (FFmpeg's libraries): packets are decoded, converted to float planes,
painted and encoded one encoder frame (about 20 ms) at a time, so memory does not grow with
the file. Samples outside the stretches pass through untouched apart from the output codec;
the sample rate, the channel count (up to stereo) and the length are kept. Video and every
other track are dropped: the output is audio only, `.m4a` (AAC) or `.mp3`.

Nothing half-made is left behind: the output is written under a temporary name beside the
destination and renamed only when complete. Whatever goes wrong, the destination is either
the finished redacted audio or absent — never the original audio.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from av.audio.frame import AudioFrame
from av.audio.resampler import AudioResampler

from bot.audio import AudioUnavailable
from bot.audio.timings import Interval

log = logging.getLogger(__name__)

STYLES = ("beep", "silence")
# Output suffix → (container, encoder). AAC in an MP4 container by default: see the README.
OUTPUT_FORMATS = {".m4a": ("ipod", "aac"), ".mp3": ("mp3", "libmp3lame")}
BITS_PER_SECOND_PER_CHANNEL = 64_000
TONE_AMPLITUDE = 0.25  # about -12 dBFS: unmistakable, not painful
RAMP_SECONDS = 0.005  # the tone fades in and out over 5 ms, so its edges do not click
# Decoded audio may drift this far from the container's timestamps before the timeline is
# distrusted (a gap from skipped, damaged packets would shift every bleep after it).
MAX_DRIFT_SECONDS = 0.1
SAMPLE_BYTES = 4  # float32 planes

ProgressCallback = Callable[[float], None]


@dataclass(frozen=True)
class BleepResult:
    duration_ms: int
    sample_rate: int
    channels: int
    bleeped_ms: int  # the length of audio replaced


def _output_rate(encoder: str, rate: int) -> int:
    """The input's rate if the encoder takes it, else the nearest higher (or highest) one."""
    supported = sorted(av.codec.Codec(encoder, "w").audio_rates or ())
    if not supported or rate in supported:
        return rate
    higher = [r for r in supported if r > rate]
    return higher[0] if higher else supported[-1]


class _Painter:
    """Paints stretches of sample positions [start, stop) with a tone or silence."""

    def __init__(
        self, stretches: list[tuple[int, int]], *, rate: int, style: str, tone_hz: int
    ) -> None:
        self.stretches = stretches
        self.next = 0  # index of the first stretch not yet wholly behind us
        self.style = style
        self.ramp = max(int(rate * RAMP_SECONDS), 1)
        period = rate // math.gcd(rate, tone_hz)  # the tone repeats exactly every `period`
        self.period = period
        step = 2 * math.pi * tone_hz / rate
        self.tone = array("f", (TONE_AMPLITUDE * math.sin(step * n) for n in range(period)))

    def _samples(self, position: int, count: int, start: int, stop: int) -> bytes:
        """`count` samples of the replacement from absolute `position`, inside [start, stop)."""
        if self.style == "silence":
            return bytes(count * SAMPLE_BYTES)
        offset = position % self.period
        repeats = (offset + count) // self.period + 1
        samples = (self.tone * repeats)[offset : offset + count]
        end = position + count
        fading = range(max(start, position), min(start + self.ramp, end))
        for at in [*fading, *range(max(stop - self.ramp, position), min(stop, end))]:
            samples[at - position] *= min(at - start, stop - 1 - at, self.ramp) / self.ramp
        return samples.tobytes()

    def paint(self, frame: AudioFrame, position: int) -> int:
        """Paint the part of `frame` (starting at absolute sample `position`) that falls in
        a stretch; return how many samples were painted."""
        end = position + frame.samples
        while self.next < len(self.stretches) and self.stretches[self.next][1] <= position:
            self.next += 1
        painted = 0
        for start, stop in self.stretches[self.next :]:
            if start >= end:
                break
            first, last = max(start, position), min(stop, end)
            data = self._samples(first, last - first, start, stop)
            for plane in frame.planes:
                view = memoryview(plane).cast("B")
                view[(first - position) * SAMPLE_BYTES : (last - position) * SAMPLE_BYTES] = data
            painted += last - first
        return painted


def _decoded_frames(container: av.container.InputContainer, stream) -> Iterator[AudioFrame]:
    """The stream's frames, checking that their timestamps run on without gaps."""
    origin: float | None = None
    decoded_seconds = 0.0
    for packet in container.demux(stream):
        for frame in packet.decode():
            if frame.pts is not None and frame.time_base is not None:
                at = float(frame.pts * frame.time_base)
                if origin is None:
                    origin = at - decoded_seconds
                if abs(at - origin - decoded_seconds) > MAX_DRIFT_SECONDS:
                    raise AudioUnavailable("the recording's timestamps have gaps")
            decoded_seconds += frame.samples / frame.sample_rate
            yield frame


def _stretches(intervals: Sequence[Interval], rate: int) -> list[tuple[int, int]]:
    """Intervals in ms as sample positions, rounded outwards."""
    return [
        (i.start_ms * rate // 1000, -(-i.end_ms * rate // 1000))
        for i in sorted(intervals)
        if i.end_ms > i.start_ms
    ]


def _bleep(
    source: Path,
    destination: Path,
    intervals: Sequence[Interval],
    *,
    style: str,
    tone_hz: int,
    on_progress: ProgressCallback | None,
) -> BleepResult:
    container_format, encoder = OUTPUT_FORMATS[destination.suffix.lower()]
    with av.open(str(source), "r", metadata_errors="replace") as input_container:
        if not input_container.streams.audio:
            raise AudioUnavailable("the recording has no audio track")
        stream = input_container.streams.audio[0]
        channels = min(stream.codec_context.channels or 2, 2)
        layout = "mono" if channels == 1 else "stereo"
        rate = _output_rate(encoder, stream.codec_context.sample_rate or 44_100)
        painter = _Painter(_stretches(intervals, rate), rate=rate, style=style, tone_hz=tone_hz)
        with av.open(str(destination), "w", format=container_format) as output:
            out_stream = output.add_stream(encoder, rate=rate, layout=layout)
            context = out_stream.codec_context
            context.format = "fltp"
            context.bit_rate = BITS_PER_SECOND_PER_CHANNEL * channels
            context.open()
            resampler = AudioResampler(
                format="fltp", layout=layout, rate=rate, frame_size=context.frame_size or 1152
            )
            position = painted = 0
            reported = 0.0

            def encode(frames: list[AudioFrame]) -> None:
                nonlocal position, painted, reported
                for frame in frames:
                    frame.make_writable()
                    painted += painter.paint(frame, position)
                    frame.pts, frame.time_base = position, Fraction(1, rate)
                    position += frame.samples
                    for packet in out_stream.encode(frame):
                        output.mux(packet)
                if on_progress is not None and position / rate - reported >= 60:
                    reported = position / rate
                    on_progress(reported)

            for frame in _decoded_frames(input_container, stream):
                encode(resampler.resample(frame))
            encode(resampler.resample(None))
            for packet in out_stream.encode(None):
                output.mux(packet)
    if position == 0:
        raise AudioUnavailable("the recording has no audio that could be decoded")
    return BleepResult(
        duration_ms=position * 1000 // rate,
        sample_rate=rate,
        channels=channels,
        bleeped_ms=painted * 1000 // rate,
    )


def bleep(
    source: Path,
    destination: Path,
    intervals: Sequence[Interval],
    *,
    style: str = "beep",
    tone_hz: int = 1000,
    on_progress: ProgressCallback | None = None,
) -> BleepResult:
    """Write the first audio track of `source` (audio or video) to `destination` (`.m4a` or
    `.mp3`) with every interval replaced by a tone (`beep`) or by silence. Raises
    AudioUnavailable when the recording cannot be decoded; `destination` is then absent."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}")
    if destination.suffix.lower() not in OUTPUT_FORMATS:
        raise ValueError(f"the output must end in {' or '.join(OUTPUT_FORMATS)}")
    started = time.monotonic()
    handle, partial_name = tempfile.mkstemp(
        prefix=".redacting-", suffix=destination.suffix, dir=destination.parent
    )
    os.close(handle)
    partial = Path(partial_name)
    try:
        result = _bleep(
            source, partial, intervals, style=style, tone_hz=tone_hz, on_progress=on_progress
        )
        os.replace(partial, destination)
    except av.error.FFmpegError as exc:
        reason = f"FFmpeg could not process the recording ({type(exc).__name__})"
        raise AudioUnavailable(reason) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    log.info(
        "audio redacted intervals=%d bleeped_ms=%d duration_ms=%d rate=%d channels=%d took=%.1fs",
        len(intervals),
        result.bleeped_ms,
        result.duration_ms,
        result.sample_rate,
        result.channels,
        time.monotonic() - started,
    )
    return result
