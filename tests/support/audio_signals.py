"""Real audio for the tests: tones at known times written with the standard library's `wave`
(or encoded from such a file with PyAV), and measurements of what a decoder gets back.

Windows are 25 ms long and the test tones (200, 440, 600, 1000 Hz) complete a whole number
of cycles in one, so a tone's amplitude is measured exactly and the other tones read as
nearly zero (no leakage between them).
"""

from __future__ import annotations

import math
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from av.audio.resampler import AudioResampler

WINDOW_MS = 25


@dataclass(frozen=True)
class Tone:
    start_ms: int
    end_ms: int
    hz: int
    amplitude: float = 0.5


def write_wav(
    path: Path, tones: Sequence[Tone], *, duration_ms: int, rate: int = 16_000, channels: int = 1
) -> Path:
    """A 16-bit PCM WAV file: the tones at their times, silence elsewhere (every channel
    the same)."""
    samples = array("h", bytes(2 * duration_ms * rate // 1000))
    for tone in tones:
        step = 2 * math.pi * tone.hz / rate
        for n in range(tone.start_ms * rate // 1000, tone.end_ms * rate // 1000):
            samples[n] = int(32767 * tone.amplitude * math.sin(step * n))
    if channels > 1:
        interleaved = array("h", bytes(2 * len(samples) * channels))
        for channel in range(channels):
            interleaved[channel::channels] = samples
        samples = interleaved
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(samples.tobytes())
    return path


def encode(source: Path, destination: Path, *, video: bool = False) -> Path:
    """Re-encode a WAV file with PyAV: `.mp3`, `.m4a` (AAC), `.ogg` (Opus); with `video`,
    `.mp4` / `.mov` holding a small H.264 picture track before the AAC audio track."""
    audio_codec = {".mp3": "libmp3lame", ".ogg": "libopus"}.get(destination.suffix, "aac")
    with av.open(str(source)) as reader, av.open(str(destination), "w") as writer:
        rate = reader.streams.audio[0].codec_context.sample_rate
        channels = reader.streams.audio[0].codec_context.channels
        layout = "mono" if channels == 1 else "stereo"
        if audio_codec == "libopus":
            rate = 48_000
        picture = None
        if video:
            picture = writer.add_stream("libx264", rate=25)
            picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        sound = writer.add_stream(audio_codec, rate=rate, layout=layout)
        sound.codec_context.format = "fltp"
        sound.codec_context.open()
        resampler = AudioResampler("fltp", layout, rate, frame_size=sound.codec_context.frame_size)
        position = 0
        pictures = 0

        def write(frames: list[av.AudioFrame]) -> None:
            nonlocal position, pictures
            for frame in frames:
                frame.pts, frame.time_base = position, Fraction(1, rate)
                position += frame.samples
                for packet in sound.encode(frame):
                    writer.mux(packet)
                while picture is not None and pictures * rate < position * 25:
                    image = av.VideoFrame(64, 48, "yuv420p")
                    for plane in image.planes:
                        plane.update(bytes([pictures % 200]) * plane.buffer_size)
                    image.pts = pictures
                    pictures += 1
                    for packet in picture.encode(image):
                        writer.mux(packet)

        for frame in reader.decode(audio=0):
            write(resampler.resample(frame))
        write(resampler.resample(None))
        for stream in (sound, picture):
            if stream is not None:
                for packet in stream.encode(None):
                    writer.mux(packet)
    return destination


@dataclass(frozen=True)
class Decoded:
    rate: int
    samples: array  # mono float samples (channels averaged)
    duration_ms: float  # as the container states it (what a player shows)
    streams: tuple[str, ...]  # the container's stream types, e.g. ("audio",)
    codec: str

    def window(self, start_ms: float) -> array:
        first = round(start_ms * self.rate / 1000)
        return self.samples[first : first + WINDOW_MS * self.rate // 1000]

    def amplitude(self, start_ms: float, hz: int) -> float:
        """The amplitude of the `hz` tone in the window starting at `start_ms` (Goertzel)."""
        window = self.window(start_ms)
        coefficient = 2 * math.cos(2 * math.pi * hz / self.rate)
        previous = before = 0.0
        for value in window:
            previous, before = value + coefficient * previous - before, previous
        power = previous * previous + before * before - coefficient * previous * before
        return 2 * math.sqrt(max(power, 0.0)) / max(len(window), 1)

    def rms(self, start_ms: float) -> float:
        window = self.window(start_ms)
        return math.sqrt(sum(v * v for v in window) / max(len(window), 1))


def decode(path: Path) -> Decoded:
    """Every sample of the first audio track, averaged to mono, at its own rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        resampler = AudioResampler("flt", "mono", rate)
        samples = array("f")
        for frame in container.decode(stream):
            for mono in resampler.resample(frame):
                samples.frombytes(bytes(mono.planes[0])[: mono.samples * 4])
        for mono in resampler.resample(None):
            samples.frombytes(bytes(mono.planes[0])[: mono.samples * 4])
        return Decoded(
            rate=rate,
            samples=samples,
            duration_ms=(container.duration or 0) / 1000,
            streams=tuple(s.type for s in container.streams),
            codec=stream.codec_context.name,
        )
