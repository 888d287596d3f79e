"""Bank account, routing and sort-code numbers; IBANs."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

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
        "Could you read me the account number? Sure, it's 12345678.",
        "BANK_ACCOUNT",
        "12345678",
    ),
    (
        "iban GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032 OK",
        "IBAN",
        "GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032",
    ),
]

KEEPS = [
    ("my account was locked for 3 days", "3"),
    ("the account has 12 users", "12"),
    # A bare "account" does not reach into the next sentence, past an identifier's own
    # word, or into an amount of money.
    ("Let me pull up the account. Order 7731-2290 shipped on the 3rd.", "7731-2290"),
    ("Let me pull up the account. Your case number is 4821394.", "4821394"),
    ("Let me pull up the account. The error page just says 1700000000.", "1700000000"),
    ("Let me pull up the account. I'm seeing a balance of $1,250.40 on it!", "1,250.40"),
    ("the account balance is $125,040 today", "125,040"),
    ("the account balance is 1,250.40 today", "1,250.40"),
    ("the account for ticket 4155550298 is closed", "4155550298"),
]


@pytest.mark.parametrize(("text", "kind", "value"), FINDS)
def test_finds(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
