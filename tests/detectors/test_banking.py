"""Bank account, routing and sort-code numbers; IBANs."""

from __future__ import annotations

import pytest

from tests.detectors import covered, found

FINDS = [
    ("account number 12345678, routing 021000021", "BANK_ACCOUNT", "12345678"),
    ("account number 12345678, routing 021000021", "BANK_ACCOUNT", "021000021"),
    (
        "my account number is one two three four five six seven eight",
        "BANK_ACCOUNT",
        "one two three four five six seven eight",
    ),
    ("sort code 12-34-56", "BANK_ACCOUNT", "12-34-56"),
    ("acct #000123456789", "BANK_ACCOUNT", "000123456789"),
    (
        "iban GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032 OK",
        "IBAN",
        "GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032",
    ),
]

KEEPS = [
    ("my account was locked for 3 days", "3"),
    ("the account has 12 users", "12"),
]


@pytest.mark.parametrize(("text", "kind", "value"), FINDS)
def test_finds(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
