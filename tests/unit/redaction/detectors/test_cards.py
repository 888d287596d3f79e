"""Card numbers grouped, spoken and oddly spaced; security codes said near them."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

FINDS = [
    (
        "the card is 4532, uh, 0151, 1283, and then 0366 ok",
        "CREDIT_CARD",
        "4532, uh, 0151, 1283, and then 0366",
    ),
    (
        "card number four one one one, one one one one, one one one one, one one one one",
        "CREDIT_CARD",
        "four one one one, one one one one, one one one one, one one one one",
    ),
    (
        "card 4111\u20131111\u20131111\u20131111 ok",
        "CREDIT_CARD",
        "4111\u20131111\u20131111\u20131111",
    ),
    (
        "card 4111\u00a01111\u00a01111\u00a01111 ok",
        "CREDIT_CARD",
        "4111\u00a01111\u00a01111\u00a01111",
    ),
    (
        "card 4111\u202f1111\u202f1111\u202f1111 ok",
        "CREDIT_CARD",
        "4111\u202f1111\u202f1111\u202f1111",
    ),
    (
        "card \uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 ok",
        "CREDIT_CARD",
        "\uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11",
    ),
    ("visa 4111. 1111. 1111. 1111. thanks", "CREDIT_CARD", "4111. 1111. 1111. 1111"),
    ("4111, 1111, 1111, 1111 is the one", "CREDIT_CARD", "4111, 1111, 1111, 1111"),
    ("the CVV is 123", "CARD_CVV", "123"),
    ("security code, uh, 4 5 6", "CARD_CVV", "4 5 6"),
    ("and the cvc is seven eight nine", "CARD_CVV", "seven eight nine"),
    ("the three digit code on the back is 321", "CARD_CVV", "321"),
    # "case" and "ticket" name the number after them, not the card in the next sentence.
    (
        "Your case number is 4821394. It's 4532 0151 1283 0366.",
        "CREDIT_CARD",
        "4532 0151 1283 0366",
    ),
    ("Ticket 12 is open. Sure, it's 4532-0151-1283-0366.", "CREDIT_CARD", "4532-0151-1283-0366"),
]

KEEPS = [
    ("we shipped 4532, 0151, 1283 and 0367 units", "4532, 0151, 1283 and 0367"),
    ("order 4111 1111 1111 1112 failed the check", "4111 1111 1111 1112"),
    ("it costs 123 dollars", "123"),
    ("the code review took 45 minutes", "45"),
]


@pytest.mark.parametrize(("text", "kind", "value"), FINDS)
def test_finds(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
