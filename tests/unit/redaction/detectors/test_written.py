"""Values written the usual way: each detector's plain cases."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import found


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("write to maria.lopez@bluefin.com.", "maria.lopez@bluefin.com", "EMAIL"),
        ("write to o'neil+tag@mail.co.uk now", "o'neil+tag@mail.co.uk", "EMAIL"),
        ("call (415) 555-0132 now", "(415) 555-0132", "PHONE"),
        ("call 415-555-0132 now", "415-555-0132", "PHONE"),
        ("call 415.555.0132 now", "415.555.0132", "PHONE"),
        ("call +1 415 555 0132 now", "+1 415 555 0132", "PHONE"),
        ("call +44 20 7946 0958 now", "+44 20 7946 0958", "PHONE"),
        ("call 020 7946 0958 now", "020 7946 0958", "PHONE"),
        ("call +49 30 901820 now", "+49 30 901820", "PHONE"),
        ("call 555-0132 now", "555-0132", "PHONE"),
        ("card 4111 1111 1111 1111 ok", "4111 1111 1111 1111", "CREDIT_CARD"),
        ("card 5500-0000-0000-0004 ok", "5500-0000-0000-0004", "CREDIT_CARD"),
        ("ssn 123-45-6789 ok", "123-45-6789", "SSN"),
        ("from 192.168.10.4 ok", "192.168.10.4", "IP_ADDRESS"),
        ("from 2001:db8::8a2e:370:7334 ok", "2001:db8::8a2e:370:7334", "IP_ADDRESS"),
        ("iban GB82 WEST 1234 5698 7654 32 OK", "GB82 WEST 1234 5698 7654 32", "IBAN"),
        ("iban DE89370400440532013000.", "DE89370400440532013000", "IBAN"),
        ("iban gb82 west 1234 5698 7654 32 ok", "gb82 west 1234 5698 7654 32", "IBAN"),
        ("ssn 123.45.6789 ok", "123.45.6789", "SSN"),
        ("my SSN is 123456789 ok", "123456789", "SSN"),
        ("card 4111.1111.1111.1111 ok", "4111.1111.1111.1111", "CREDIT_CARD"),
        ("my card is 4111 1111 1111 1112 ok", "4111 1111 1111 1112", "CREDIT_CARD"),
        ("mail _maria@bluefin.com ok", "maria@bluefin.com", "EMAIL"),
        ("mail josé@exämple.com ok", "josé@exämple.com", "EMAIL"),
        ("mail MARIA.LOPEZ@BLUEFIN.COM ok", "MARIA.LOPEZ@BLUEFIN.COM", "EMAIL"),
        ("Card no.4111111111111111 ok", "4111111111111111", "CREDIT_CARD"),
        ("SSN no.123-45-6789 ok", "123-45-6789", "SSN"),
        (
            "DE89 3704 0044 0532 0130 00 or else GB82 WEST 1234 5698 7654 32",
            "GB82 WEST 1234 5698 7654 32",
            "IBAN",
        ),
    ],
)
def test_finds(text: str, value: str, kind: str) -> None:
    assert (kind, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "It costs $3.50 and v2.1.4 ships in 2024.",
        "Order 4111 1111 1111 1112 failed the Luhn check.",
        "Order 123456789 shipped on time.",
        "Your case number is 4821394.",
        "Pi is 3.14159265358979 roughly.",
        "SSN 000-12-3456 and 666-12-3456 are never issued.",
        "Version 999.1.1.1 is not an address.",
        "Call me in 15 minutes or at 3:30.",
        "Page 12, paragraph 4, line 7.",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert found(text) == []
