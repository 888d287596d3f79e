"""Placing AssemblyAI's timed words in their sentence's text, as messy as they come."""

from __future__ import annotations

import itertools

import pytest

from bot.alignment import align


def placed(text: str, words: list[str]) -> list[str | None]:
    return [None if where is None else text[where[0] : where[1]] for where in align(text, words)]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        pytest.param(
            "Hi, this is Maria Lopez, from Bluefin.",
            ["Hi,", "this", "is", "Maria", "Lopez,", "from", "Bluefin."],
            ["Hi", "this", "is", "Maria", "Lopez", "from", "Bluefin"],
            id="punctuation attached to the words",
        ),
        pytest.param(
            "Call Maria Lopez",
            ["call", "MARIA", "lopez."],
            ["Call", "Maria", "Lopez"],
            id="casing and punctuation only in the words",
        ),
        pytest.param(
            "My number is (415) 555-0132.",
            ["My", "number", "is", "415-555-0132."],
            ["My", "number", "is", "415) 555-0132"],
            id="a number that is one word but spaced in the text",
        ),
        pytest.param(
            "Reach me at maria.lopez@bluefin.com today.",
            ["Reach", "me", "at", "maria.lopez@bluefin.com", "today."],
            ["Reach", "me", "at", "maria.lopez@bluefin.com", "today"],
            id="an email address as one word",
        ),
        pytest.param(
            "I'm José's friend",
            ["I'm", "Jose's", "friend"],
            ["I'm", "José's", "friend"],
            id="apostrophes and accents",
        ),
        pytest.param(
            "Call 415 now",
            ["Call", "four", "one", "five", "now"],
            ["Call", None, None, None, "now"],
            id="digits spoken as words are left unplaced, the words after them found",
        ),
        pytest.param(
            "It was four hundred dollars",
            ["It", "was", "400", "dollars"],
            ["It", "was", None, "dollars"],
            id="a number written as words in the text",
        ),
        pytest.param(
            "so - um - yes",
            ["so", "-", "um", "—", "yes"],
            ["so", None, "um", None, "yes"],
            id="words with no letters are not placed",
        ),
        pytest.param(
            "no no no",
            ["no", "no", "no"],
            ["no", "no", "no"],
            id="repeated words each in turn",
        ),
    ],
)
def test_words_are_placed_in_order(text: str, words: list[str], expected: list[str | None]):
    assert placed(text, words) == expected


def test_a_word_is_not_matched_inside_another():
    assert placed("Maria arrived", ["a", "Maria", "arrived"]) == [None, "Maria", "arrived"]


def test_an_unmatched_word_does_not_drag_the_next_onto_a_later_repeat():
    """The words say 'Lopes the question' where the text says 'Lopez a question': 'the' must
    not jump to the far 'the' of 'the manager', unplacing everything between."""
    text = "Ask Lopez a question and then ask the manager"
    words = ["Ask", "Lopes", "the", "question", "and", "then", "ask", "the", "manager"]
    assert placed(text, words) == [
        "Ask",
        None,
        None,
        "question",
        "and",
        "then",
        "ask",
        "the",
        "manager",
    ]


def test_a_word_far_from_its_place_stays_unplaced():
    text = "one two three four five six seven Maria"
    # ASR text and words disagree entirely at the start: "Maria" would be 34 letters on.
    assert align(text, ["Maria"]) == [None]


def test_ranges_never_overlap_and_keep_their_order():
    text = "Speaker said it, it said speaker"
    ranges = [r for r in align(text, text.split()) if r]
    assert ranges == sorted(ranges)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))
