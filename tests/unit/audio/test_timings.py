"""From redacted characters to stretches of time: whole words, whole withheld sentences,
neighbours for text that could not be placed, padding, merging, clamping."""

from __future__ import annotations

import pytest

from bot.audio.timings import (
    Interval,
    TimingsUnavailable,
    intervals_from_json,
    intervals_to_json,
    merge_intervals,
    redacted_intervals,
)
from bot.clients.assemblyai import TranscriptSentence, TranscriptWord
from bot.redaction.entities import PERSON, PHONE, WITHHELD
from bot.redaction.spans import Span
from bot.transcript import Document, build_document


def sentence(speaker: str, *words: tuple[str, int, int], text: str | None = None):
    timed = tuple(TranscriptWord(t, a, b, speaker) for t, a, b in words)
    return TranscriptSentence(
        text=text if text is not None else " ".join(w.text for w in timed),
        start_ms=timed[0].start_ms if timed else 0,
        end_ms=timed[-1].end_ms if timed else 0,
        speaker=speaker,
        words=timed,
    )


CALL = build_document(
    [
        sentence(
            "A", ("Hi,", 0, 300), ("I'm", 400, 600), ("Maria", 700, 1000), ("Lopez.", 1100, 1500)
        ),
        sentence(
            "B",
            ("Lopez's", 2000, 2500),
            ("file", 2600, 2900),
            ("is", 3000, 3100),
            ("ready.", 3200, 3600),
        ),
        sentence(
            "B",
            ("Call", 4000, 4200),
            ("four", 4300, 4500),
            ("one", 4600, 4800),
            ("five", 4900, 5100),
            ("now.", 5200, 5500),
            text="Call 415 now.",
        ),
    ]
)


def span(document: Document, needle: str, kind: str = PERSON, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = document.text.index(needle, start + 1)
    return Span(start, start + len(needle), kind)


def intervals(spans: list[Span], padding_ms: int = 0, **kwargs) -> list[tuple[int, int]]:
    found = redacted_intervals(CALL, spans, padding_ms=padding_ms, **kwargs)
    return [(i.start_ms, i.end_ms) for i in found]


def test_the_document_knows_where_each_word_is():
    assert CALL.text.splitlines() == [
        "Speaker A: Hi, I'm Maria Lopez.",
        "Speaker B: Lopez's file is ready. Call 415 now.",
    ]
    assert CALL.timed_words == 13
    placed = {CALL.text[w.start : w.end]: (w.start_ms, w.end_ms) for w in CALL.words}
    assert placed["Maria"] == (700, 1000)
    assert placed["Lopez's"] == (2000, 2500)
    assert "four" not in placed and len(CALL.words) == 10  # "four one five" is "415"


def test_a_redacted_word_is_timed_whole_even_in_part():
    assert intervals([span(CALL, "Maria")]) == [(700, 1000)]
    # "Lopez" is redacted inside "Lopez's": the whole word goes.
    assert intervals([span(CALL, "Lopez", occurrence=1)]) == [(2000, 2500)]
    assert intervals([span(CALL, "ari")]) == [(700, 1000)]


def test_a_span_over_several_words_covers_them_all():
    assert intervals([span(CALL, "Maria Lopez")]) == [(700, 1500)]


def test_text_without_a_placed_word_takes_its_neighbours():
    """'415' was said as 'four one five', which cannot be placed: from the start of the word
    before to the end of the word after."""
    assert intervals([span(CALL, "415", PHONE)]) == [(4000, 5500)]


def test_text_at_a_sentence_edge_without_a_word_takes_the_sentence_edge():
    document = build_document(
        [sentence("A", ("um", 100, 200), ("Okafor", 300, 900), text="Dr. Okafor")]
    )
    found = redacted_intervals(document, [span(document, "Dr. Okafor")], padding_ms=0)
    assert found == [Interval(100, 900)]  # "Dr" has no word: from the sentence's start


def test_withheld_sentence_is_silenced_whole():
    second = CALL.sentences[1]
    withheld = Span(second.start, second.end, WITHHELD)
    assert intervals([withheld]) == [(2000, 3600)]


def test_withheld_sentence_uses_its_own_times_when_words_fall_short():
    document = build_document(
        [
            TranscriptSentence(
                "Call Maria.", 1000, 3000, "A", (TranscriptWord("Call", 1200, 1400, "A"),)
            )
        ]
    )
    whole = Span(document.sentences[0].start, document.sentences[0].end, WITHHELD)
    assert redacted_intervals(document, [whole], padding_ms=0) == [Interval(1000, 3000)]


def test_padding_merges_neighbours_and_clamps_to_the_recording():
    spans = [span(CALL, "Hi"), span(CALL, "Maria"), span(CALL, "Lopez.")]
    assert intervals(spans, padding_ms=0) == [(0, 300), (700, 1000), (1100, 1500)]
    # 150 ms each side: Maria and Lopez now touch, Hi is clamped at 0.
    assert intervals(spans, padding_ms=150) == [(0, 450), (550, 1650)]
    assert intervals(spans, padding_ms=150, duration_ms=1200) == [(0, 450), (550, 1200)]


def test_merge_intervals_alone():
    merged = merge_intervals(
        [Interval(500, 600), Interval(0, 100), Interval(90, 200), Interval(700, 700)],
        padding_ms=0,
    )
    assert merged == [Interval(0, 200), Interval(500, 600)]


def test_nothing_redacted_needs_no_timings():
    untimed = build_document([TranscriptSentence("Hello there.", None, None, "A")])
    assert redacted_intervals(untimed, [], padding_ms=150) == []


def test_a_speaker_label_was_never_spoken():
    label = Span(0, len("Speaker A"), PERSON)
    assert intervals([label]) == []


def test_a_transcript_without_word_timings_cannot_be_bleeped():
    untimed = build_document([TranscriptSentence("Call Maria now.", 0, 2000, "A")])
    assert untimed.timed_words == 0
    with pytest.raises(TimingsUnavailable, match="no word timings"):
        redacted_intervals(untimed, [span(untimed, "Maria")], padding_ms=150)


def test_a_sentence_without_words_or_times_cannot_be_placed():
    document = build_document(
        [
            sentence("A", ("Hello", 0, 500)),
            TranscriptSentence("Call Maria now.", None, None, "A"),
        ]
    )
    with pytest.raises(TimingsUnavailable, match="no timing"):
        redacted_intervals(document, [span(document, "Maria")], padding_ms=0)
    whole = Span(document.sentences[1].start, document.sentences[1].end, WITHHELD)
    with pytest.raises(TimingsUnavailable, match="no timing"):
        redacted_intervals(document, [whole], padding_ms=0)


def test_a_sentence_with_times_but_no_words_is_bleeped_whole_where_redacted():
    document = build_document(
        [
            sentence("A", ("Hello", 0, 500)),
            TranscriptSentence("Call Maria now.", 1000, 2500, "A"),
        ]
    )
    assert redacted_intervals(document, [span(document, "Maria")], padding_ms=0) == [
        Interval(1000, 2500)
    ]


def test_intervals_keep_in_a_row_as_times_only() -> None:
    intervals = [Interval(0, 150), Interval(900, 2650)]
    text = intervals_to_json(intervals)
    assert text == "[[0,150],[900,2650]]"
    assert intervals_from_json(text) == intervals
    assert intervals_from_json("[]") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "null",
        "{}",
        "[[0]]",
        "[[0, 1, 2]]",
        "[[5, 5]]",
        "[[9, 3]]",
        "[[-1, 3]]",
        '[["0", 3]]',
        "[[0.5, 3]]",
        "[[true, 3]]",
        "[0, 3]",
    ],
)
def test_intervals_read_wrongly_are_refused(text: str) -> None:
    """A stretch misread would leave a word audible: anything but what was written fails."""
    with pytest.raises(ValueError):
        intervals_from_json(text)
