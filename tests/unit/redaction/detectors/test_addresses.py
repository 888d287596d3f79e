"""Street addresses (US, UK, Canada), PO boxes and postcodes; and what only looks like
one."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

FINDS = [
    ("Ship it to 169 Ridge Blvd. please.", "169 Ridge Blvd."),
    ("I live at 5578 Oak Lane,\n Boise, ID 83702 now.", "5578 Oak Lane,\n Boise, ID 83702"),
    (
        "my address is 1200 Market Street, Suite 400, San Francisco, CA 94103.",
        "1200 Market Street, Suite 400, San Francisco, CA 94103",
    ),
    ("we moved to 42 baker street last year", "42 baker street"),
    ("10 Downing Street, London SW1A 2AA", "10 Downing Street, London SW1A 2AA"),
    ("It's 123 Main St, Toronto, ON M5V 2T6", "123 Main St, Toronto, ON M5V 2T6"),
    ("she's at 2 Elm Ct. today", "2 Elm Ct."),
    ("send it to PO Box 1234, thanks", "PO Box 1234"),
    ("the office is in Boise, ID 83702 now", "Boise, ID 83702"),
    ("postcode LS1 4AP", "LS1 4AP"),
    ("zip code is 83702", "83702"),
    ("it's 77 W. Pine Road, Apt 4B", "77 W. Pine Road, Apt 4B"),
    ("we are at 350 Fifth Avenue", "350 Fifth Avenue"),
    ("drop it at 12B Station Road", "12B Station Road"),
]

KEEPS = [
    ("I have 3 good way to go", "3 good way"),
    ("the 3 main points are clear", "3 main points"),
    ("there were 5 different drive modes", "5 different drive"),
    ("we need 2 more court dates", "2 more court"),
    ("it costs $5 per street", "$5 per street"),
    ("in 2024 the street was quiet", "2024 the street"),
]


@pytest.mark.parametrize(("text", "value"), FINDS)
def test_finds(text: str, value: str) -> None:
    assert ("ADDRESS", value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
