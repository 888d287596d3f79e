"""IP addresses, and dotted numbers that are versions or sections."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

FINDS = [
    ("server 10.4.2.1 is down", "10.4.2.1"),
    ("from 192.168.10.4 ok", "192.168.10.4"),
    ("my IP is 8.8.4.4", "8.8.4.4"),
    # "section" and "version" name the number after them, not the address that follows.
    ("See section 4. The server is 10.1.2.3 now", "10.1.2.3"),
    ("Version 2. My IP is 10.1.2.3", "10.1.2.3"),
]

KEEPS = [
    ("upgrade to version 10.4.2.1 now", "10.4.2.1"),
    ("see section 10.4.2.1 of the contract", "10.4.2.1"),
    ("we upgraded to 10.4.2.1 last week", "10.4.2.1"),
    ("running v10.4.2.1 in production", "10.4.2.1"),
    ("release 2.0.0.1 is out", "2.0.0.1"),
]


@pytest.mark.parametrize(("text", "value"), FINDS)
def test_finds(text: str, value: str) -> None:
    assert ("IP_ADDRESS", value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
