"""Dates made personal by what is said before them: card expiry, date of birth."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

FINDS = [
    ("CVV is 123 and it expires oh four twenty seven", "CARD_EXPIRY", "oh four twenty seven"),
    ("exp 04/27 on the front", "CARD_EXPIRY", "04/27"),
    ("expiration date is 04/2027.", "CARD_EXPIRY", "04/2027"),
    ("valid thru April 2027", "CARD_EXPIRY", "April 2027"),
    ("it expires 0427", "CARD_EXPIRY", "0427"),
    ("born on April 12, 1985 in Ohio", "DATE_OF_BIRTH", "April 12, 1985"),
    (
        "date of birth is april twelfth nineteen eighty five",
        "DATE_OF_BIRTH",
        "april twelfth nineteen eighty five",
    ),
    ("my DOB: 04/12/1985", "DATE_OF_BIRTH", "04/12/1985"),
    ("birthday is the 12th of April 1985", "DATE_OF_BIRTH", "12th of April 1985"),
    ("date of birth 1985-04-12.", "DATE_OF_BIRTH", "1985-04-12"),
]

KEEPS = [
    ("the trial expires in two weeks", "two weeks"),
    ("the meeting is on April 12", "April 12"),
    ("we were born ready", "ready"),
    ("the offer expires soon, call 12 people", "12"),
]


@pytest.mark.parametrize(("text", "kind", "value"), FINDS)
def test_finds(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
