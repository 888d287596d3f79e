from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.redaction.sentences import MAX_SENTENCE_CHARS, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Email maria.lopez@bluefin.com. Then call.",
            ["Email maria.lopez@bluefin.com.", "Then call."],
        ),
        ("Dr. Okafor is here. Mr. Li too.", ["Dr. Okafor is here.", "Mr. Li too."]),
        (
            "It costs $3.50 today. Version v2.1 shipped.",
            ["It costs $3.50 today.", "Version v2.1 shipped."],
        ),
        ("We met at 12 Elm St. Boston office.", ["We met at 12 Elm St. Boston office."]),
        ("Acme Inc. Sales called. Fine.", ["Acme Inc. Sales called.", "Fine."]),
        ("Bring ids, e.g. Passports. Okay.", ["Bring ids, e.g. Passports.", "Okay."]),
        ("J. R. R. Tolkien wrote it. Yes.", ["J. R. R. Tolkien wrote it.", "Yes."]),
        ("Well... I think so. Right?", ["Well... I think so.", "Right?"]),
        ("Wait\u2026 Okay. Go!", ["Wait\u2026 Okay.", "Go!"]),
        ("See https://x.io/a.b?c=1. Next one.", ["See https://x.io/a.b?c=1.", "Next one."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Really?! Yes. no way.", ["Really?!", "Yes. no way."]),
        ("line one\nline two. Three\n\nfour", ["line one", "line two.", "Three", "four"]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_point_into_the_original() -> None:
    text = "  Hello there.   General Kenobi!\r\nYou are a bold one.  "
    sentences = split_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert [s.text for s in sentences] == ["Hello there.", "General Kenobi!", "You are a bold one."]


def test_run_on_transcript_is_cut_at_white_space() -> None:
    text = " ".join(["word"] * 1000)
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(not s.text.startswith(" ") and s.text.startswith("word") for s in sentences)


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n@$3\u2026'\"")), max_size=300))
def test_sentences_cover_all_visible_text_in_order(text: str) -> None:
    sentences = split_sentences(text)
    cursor = 0
    covered = set()
    for sentence in sentences:
        assert sentence.start >= cursor
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text
        covered.update(range(sentence.start, sentence.end))
        cursor = sentence.end
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
