"""A transcript as one document: its timed words placed as ranges of the document's text."""

from __future__ import annotations

from bot.clients.assemblyai import TranscriptSentence, TranscriptWord
from bot.transcript import build_document


def words(speaker: str, *timed: tuple[str, int, int]) -> tuple[TranscriptWord, ...]:
    return tuple(TranscriptWord(text, start, end, speaker) for text, start, end in timed)


def test_each_placed_word_knows_its_range_of_the_document_and_its_times():
    document = build_document(
        [
            TranscriptSentence(
                "Hi, I'm Maria Lopez.",
                0,
                1500,
                "A",
                words(
                    "A",
                    ("Hi,", 0, 300),
                    ("I'm", 400, 600),
                    ("Maria", 700, 1000),
                    ("Lopez.", 1100, 1500),
                ),
            ),
            TranscriptSentence(
                "  Call 415 now.  ",
                2000,
                3500,
                "B",
                words(
                    "B",
                    ("call", 2000, 2200),
                    ("four", 2300, 2500),
                    ("one", 2600, 2800),
                    ("five", 2900, 3100),
                    ("now.", 3200, 3500),
                ),
            ),
            TranscriptSentence("Okay.", 4000, 4400, "B"),
        ]
    )
    assert document.text == "Speaker A: Hi, I'm Maria Lopez.\nSpeaker B: Call 415 now. Okay."
    assert document.timed_words == 9  # given by AssemblyAI, placed or not
    placed = [(document.text[w.start : w.end], w.start_ms, w.end_ms) for w in document.words]
    assert placed == [
        ("Hi", 0, 300),
        ("I'm", 400, 600),
        ("Maria", 700, 1000),
        ("Lopez", 1100, 1500),
        ("Call", 2000, 2200),  # casing differs, placed all the same
        ("now", 3200, 3500),  # "four one five" is "415": not placed, never guessed
    ]


def test_sentences_without_words_still_make_the_document():
    document = build_document([TranscriptSentence("Hello there.", 0, 900, "A")])
    assert document.text == "Speaker A: Hello there."
    assert (document.words, document.timed_words) == ([], 0)
