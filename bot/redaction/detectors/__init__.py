"""Deterministic detectors that run on every text whatever the model says.

One module per kind of data, each a function `Scan -> list[Span]`; validation comes from
libraries made for it (`phonenumbers`, `python-stdnum`) where one exists. Every detector
reads the normalised shadow of the text, and `detect` maps what they find back to the
original's offsets.
"""

from __future__ import annotations

from bot.redaction.detectors.addresses import find_addresses
from bot.redaction.detectors.banking import find_bank_accounts, find_ibans
from bot.redaction.detectors.base import Detector, Scan
from bot.redaction.detectors.cards import find_card_security_codes, find_cards
from bot.redaction.detectors.dates import find_card_expiry_dates, find_dates_of_birth
from bot.redaction.detectors.emails import find_emails, find_spoken_emails
from bot.redaction.detectors.ids import find_drivers_licenses, find_passports, find_ssns
from bot.redaction.detectors.network import find_ip_addresses
from bot.redaction.detectors.phones import find_phones
from bot.redaction.normalize import Shadow, shadow
from bot.redaction.types import Span

DETECTORS: tuple[Detector, ...] = (
    find_emails,
    find_spoken_emails,
    find_phones,
    find_cards,
    find_card_security_codes,
    find_card_expiry_dates,
    find_ssns,
    find_passports,
    find_drivers_licenses,
    find_bank_accounts,
    find_ibans,
    find_ip_addresses,
    find_addresses,
    find_dates_of_birth,
)


def detect_in(normalised: Shadow) -> list[Span]:
    """All spans every detector finds, in offsets of the shadow's original text."""
    scan = Scan(normalised.text)
    spans = []
    for detector in DETECTORS:
        for span in detector(scan):
            start, end = normalised.to_original(span.start, span.end)
            spans.append(Span(start, end, span.type, span.key))
    return spans


def detect(text: str) -> list[Span]:
    """All spans every detector finds in `text` (possibly overlapping)."""
    return detect_in(shadow(text))


__all__ = ["DETECTORS", "Scan", "detect", "detect_in"]
