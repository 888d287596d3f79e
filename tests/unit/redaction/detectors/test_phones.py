"""Phone numbers as speech recognisers and people write them, and numbers that only look
like phone numbers."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

FINDS = [
    ("call me at 415, 555, 0132 tomorrow", "415, 555, 0132"),
    ("it's 415. 555. 0132. Thanks", "415. 555. 0132"),
    (
        "my number is four one five, five five five, oh one three two.",
        "four one five, five five five, oh one three two",
    ),
    (
        "reach me on four fifteen, five five five, zero one three two",
        "four fifteen, five five five, zero one three two",
    ),
    ("it's 415, uh, 555, um, 0132", "415, uh, 555, um, 0132"),
    ("call 1, 415, 555, 0132 anytime", "1, 415, 555, 0132"),
    (
        "my cell is four one five, double five five, oh one three two",
        "four one five, double five five, oh one three two",
    ),
    ("call 415\u2013555\u20130132 now", "415\u2013555\u20130132"),
    ("call 415\u00a0555\u00a00132 now", "415\u00a0555\u00a00132"),
    ("call \uff14\uff11\uff15-555-0132 now", "\uff14\uff11\uff15-555-0132"),
    ("the number is 4155550132", "4155550132"),
    ("yeah it's 4155550132 ok", "4155550132"),
    ("call (415) 555-0132 now", "(415) 555-0132"),
    ("ring 020 7946 0958 from London", "020 7946 0958"),
    ("phone: five five five, oh one three two", "five five five, oh one three two"),
    # A word that names an identifier names the number right after it, not the next one.
    ("Order 7731-2290 shipped. Priya is on (415) 555-0132 most days.", "(415) 555-0132"),
    ("Your case number is 4821394. Priya is on 020 7946 0887 most days.", "020 7946 0887"),
    (
        "Case 88 closed. Priya is on four one five, five five five, oh one three two.",
        "four one five, five five five, oh one three two",
    ),
    ("Card 4532 0151 1283 0366; Priya on 415-555-0132.", "415-555-0132"),
]

KEEPS = [
    ("ticket 4155550132 is open", "4155550132"),
    ("PO 4155550132 was approved", "4155550132"),
    ("order number 4155550132 shipped", "4155550132"),
    ("invoice #4155550132 is due", "4155550132"),
    ("timestamp 1700000000 in the log", "1700000000"),
    ("the event fired at 1700000000", "1700000000"),
    ("case 123-4567 was closed", "123-4567"),
    ("see case 415-555-0132 for details", "415-555-0132"),
    ("we sold 415, 555 and 132 units", "415, 555 and 132"),
    ("in 2019, 2020, 2021 and 2022 we grew", "2019, 2020, 2021 and 2022"),
    ("the account number is 12345678", "12345678"),
]


@pytest.mark.parametrize(("text", "value"), FINDS)
def test_finds(text: str, value: str) -> None:
    assert ("PHONE", value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_is_not_a_phone(text: str, value: str) -> None:
    assert not any(kind == "PHONE" for kind, _ in found(text)), found(text)
    if "account" not in text:
        assert not covered(text, value)
