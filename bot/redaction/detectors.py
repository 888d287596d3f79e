"""Deterministic detectors that run on every text whatever the model says.

Each detector is a function `text -> list[Span]`; validation comes from libraries made for it
(`phonenumbers`, `python-stdnum`), not home-made rules.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn

from bot.redaction.entities import CREDIT_CARD, EMAIL, IBAN, IP_ADDRESS, PHONE, SSN
from bot.redaction.spans import Span

Detector = Callable[[str], list[Span]]

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_SSN = re.compile(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|:){2,7}(?::|[0-9A-Fa-f]{1,4})(?![\w:])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
# Countries whose national numbers are written with a leading trunk 0 and no country code.
_NATIONAL_REGIONS = ("GB", "DE", "FR", "IN", "AU", "NL", "IE", "ES", "IT")


def _key(value: str) -> str:
    return re.sub(r"\W", "", value).lower()


def find_emails(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), EMAIL, _key(m.group())) for m in _EMAIL.finditer(text)]


def find_phones(text: str) -> list[Span]:
    found = [
        Span(m.start, m.end, PHONE, _key(m.raw_string))
        for m in phonenumbers.PhoneNumberMatcher(text, "US", phonenumbers.Leniency.POSSIBLE)
    ]
    for region in _NATIONAL_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID):
            digits = re.sub(r"\D", "", match.raw_string)
            if match.raw_string.startswith("0") and len(digits) >= 9:
                found.append(Span(match.start, match.end, PHONE, _key(match.raw_string)))
    return found


def find_cards(text: str) -> list[Span]:
    spans = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
            spans.append(Span(match.start(), match.end(), CREDIT_CARD, digits))
    return spans


def find_ssns(text: str) -> list[Span]:
    spans = []
    for match in _SSN.finditer(text):
        area, _, group, serial = match.groups()
        if area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000":
            continue
        spans.append(Span(match.start(), match.end(), SSN, area + group + serial))
    return spans


def find_ip_addresses(text: str) -> list[Span]:
    spans = []
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            spans.append(Span(match.start(), match.end(), IP_ADDRESS, match.group().lower()))
    return spans


def find_ibans(text: str) -> list[Span]:
    spans = []
    for match in _IBAN.finditer(text):
        candidate = match.group()
        # The pattern may run on into a following word in capitals: shorten until it validates.
        while len(candidate.replace(" ", "")) >= 15:
            if stdnum_iban.is_valid(candidate):
                end = match.start() + len(candidate)
                spans.append(Span(match.start(), end, IBAN, candidate.replace(" ", "")))
                break
            candidate = candidate[:-1].rstrip()
    return spans


DETECTORS: tuple[Detector, ...] = (
    find_emails,
    find_phones,
    find_cards,
    find_ssns,
    find_ip_addresses,
    find_ibans,
)


def detect(text: str) -> list[Span]:
    """All spans every deterministic detector finds in `text` (possibly overlapping)."""
    return [span for detector in DETECTORS for span in detector(text)]
