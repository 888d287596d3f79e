"""The test call as real audio: each word a tone at a known time, the sentences AssemblyAI's
fake "hears" in it, the entities the fake model knows, and the check that decodes a
redacted output window by window against what each word was (shared by the command line's
and the Slack app's audio tests)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.assemblyai import Script, Word
from tests.fakes.gateway import FakeGateway
from tests.support.audio_signals import WINDOW_MS, Decoded, Tone

SECRET, CLEAR, EITHER = "secret", "clear", "either"
DURATION_MS = 12_000
PADDING_MS = 150
MARGIN_MS = 30  # codec smearing and the beep's 5 ms fades at the edges of a stretch
SPEECH_HZ = (440, 600)  # each word is a tone of one of these, alternately


@dataclass(frozen=True)
class Said:
    text: str
    start: int
    end: int
    kind: str = CLEAR  # SECRET: must be bleeped; EITHER: may be (untimed text nearby)


# Each sentence: speaker, words, and the text AssemblyAI shows (None: the words joined).
CALL: list[tuple[str, list[Said], str | None]] = [
    (
        "A",
        [
            Said("Hi,", 200, 450),
            Said("this", 500, 700),
            Said("is", 750, 900),
            Said("Maria", 1000, 1400, SECRET),
            Said("Lopez,", 1450, 1900, SECRET),
            Said("from", 2000, 2250),
            Said("Bluefin.", 2300, 2900, SECRET),
        ],
        None,
    ),
    (
        "B",
        [
            Said("My", 3300, 3500),
            Said("number", 3550, 3900),
            Said("is", 3950, 4100),
            Said("415-555-0132,", 4200, 5400, SECRET),  # one word, punctuation attached
            Said("call", 5500, 5750),
            Said("me.", 5800, 6000),
        ],
        None,
    ),
    (
        "B",
        # The text has the number in digits, the words spell it out: they cannot be placed,
        # so the stretch runs from the word before to the word after.
        [
            Said("Or", 6400, 6600, EITHER),
            *[
                Said(digit, 6700 + 170 * i, 6700 + 170 * i + 140, SECRET)
                for i, digit in enumerate("four one five five five five zero one nine nine".split())
            ],
            Said("tomorrow.", 8600, 9100, EITHER),
        ],
        "Or 415-555-0199 tomorrow.",
    ),
    (
        "A",
        [
            Said("Thanks,", 9500, 9900),
            Said("Lopez's", 10000, 10500, SECRET),  # redacted in part ("Lopez"), bleeped whole
            Said("file", 10550, 10800),
            Said("is", 10850, 10950),
            Said("ready.", 11000, 11400),
        ],
        None,
    ),
]
ALL_WORDS = [said for _, words, _ in CALL for said in words]


def call_script(call=CALL) -> Script:
    return Script.from_words(
        [
            (speaker, [Word(s.text, s.start, s.end) for s in words])
            + ((text,) if text is not None else ())
            for speaker, words, text in call
        ]
    )


def call_tones(words=ALL_WORDS) -> list[Tone]:
    return [Tone(s.start, s.end, SPEECH_HZ[i % 2]) for i, s in enumerate(words)]


def teach(gateway: FakeGateway) -> None:
    gateway.add_entity("Maria Lopez", "PERSON")
    gateway.add_entity("Bluefin", "ORGANIZATION")
    # The phone numbers are found by the deterministic detectors.


def stretches(kind: str, padding_ms: int = PADDING_MS) -> list[tuple[int, int]]:
    return [(s.start - padding_ms, s.end + padding_ms) for s in ALL_WORDS if s.kind == kind]


def unplaced(padding_ms: int = PADDING_MS) -> list[tuple[int, int]]:
    """What may be bleeped around the words that cannot be placed: from the first word of
    their sentence that may be to the last."""
    either = [s for s in ALL_WORDS if s.kind == EITHER]
    return [(either[0].start - padding_ms, either[-1].end + padding_ms)]


def inside(t: int, spans: list[tuple[int, int]], margin: int) -> bool:
    return any(a + margin <= t and t + WINDOW_MS <= b - margin for a, b in spans)


def touches(t: int, spans: list[tuple[int, int]], margin: int) -> bool:
    return any(t < b + margin and t + WINDOW_MS > a - margin for a, b in spans)


def check(
    original: Decoded,
    output: Decoded,
    *,
    bleeped: list[tuple[int, int]],
    may_differ: list[tuple[int, int]] = (),
    style: str = "beep",
    tone_hz: int = 1000,
) -> tuple[int, int]:
    """Every window inside `bleeped` carries the tone (or silence) and nothing of the
    original; every window clear of `bleeped` and `may_differ` is the original within
    codec tolerance. Returns how many windows of each kind were checked."""
    assert abs(output.duration_ms - original.duration_ms) <= 50
    checked_in = checked_out = 0
    for t in range(0, int(original.duration_ms) - WINDOW_MS, WINDOW_MS):
        if inside(t, bleeped, MARGIN_MS):
            checked_in += 1
            for hz in SPEECH_HZ:
                assert output.amplitude(t, hz) < 0.02, (t, hz)
            if style == "beep":
                assert output.amplitude(t, tone_hz) > 0.2, t
            else:
                assert output.rms(t) < 0.01, t
        elif not touches(t, [*bleeped, *may_differ], MARGIN_MS):
            checked_out += 1
            for hz in (*SPEECH_HZ, tone_hz):
                expected = original.amplitude(t, hz)
                assert abs(output.amplitude(t, hz) - expected) < 0.03 + 0.1 * expected, (t, hz)
            assert abs(output.rms(t) - original.rms(t)) < 0.02 + 0.1 * original.rms(t), t
    return checked_in, checked_out
