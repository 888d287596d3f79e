from __future__ import annotations

import pytest

from bot.redaction.numbers import digit_runs, digits_of


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("(415) 555-0132", "4155550132"),
        ("four one five five five five oh one three two", "4155550132"),
        ("four fifteen, five five five, zero one three two", "4155550132"),
        ("forty two", "42"),
        ("double five", "55"),
        ("triple seven", "777"),
        ("five hundred twelve", "512"),
        ("twenty twenty seven", "2027"),
        ("nineteen eighty five", "1985"),
        ("4532, uh, 0151, 1283, and then 0366", "4532015112830366"),
        ("415. 555. 0132.", "4155550132"),
    ],
)
def test_digits_of(text: str, digits: str) -> None:
    assert digits_of(text) == digits


def test_oh_is_zero_only_between_digits() -> None:
    assert digits_of("oh, I see") == ""
    assert digits_of("one oh one") == "101"


def test_words_end_a_run_and_fillers_do_not() -> None:
    runs = digit_runs("I have 2 kids and 3 dogs, call 415, um, 555")
    assert [run.digits for run in runs] == ["2", "3", "415555"]


def test_runs_keep_group_sizes_and_ranges() -> None:
    text = "call 415, 555, 0132 now"
    (run,) = digit_runs(text)
    assert run.sizes == (3, 3, 4)
    assert text[run.start : run.end] == "415, 555, 0132"
    start, end = run.range_of(3, 10)
    assert text[start:end] == "555, 0132"
