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
    r"(?<![\w.%+-])\w[\w.%+'-]*@\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\.[^\W\d_]{2,}(?![\w-])"
)
# Not part of a longer number: no digit or dash before, no "digit." (a decimal) before.
_START = r"(?<![\d-])(?<!\d\.)"
_END = r"(?![\d-]|\.\d)"
_CARD = re.compile(_START + r"\d(?:[ .-]?\d){12,18}" + _END)
_SSN = re.compile(_START + r"(\d{3})([- .])(\d{2})\2(\d{4})" + _END)
_NINE_DIGITS = re.compile(_START + r"\d{9}" + _END)
# Words that make an unformatted number personal even when no checksum says so.
_SSN_CONTEXT = re.compile(r"\b(?:ssn|social security|social|tax id|taxpayer)\b", re.IGNORECASE)
_CARD_CONTEXT = re.compile(
    r"\b(?:card|credit|debit|visa|mastercard|amex|american express|discover)\b", re.IGNORECASE
)
CONTEXT_CHARS = 40
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|:){2,7}(?::|[0-9A-Fa-f]{1,4})(?![\w:])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", re.IGNORECASE)
# Countries whose national numbers are written with a leading trunk 0 and no country code.
_NATIONAL_REGIONS = ("GB", "DE", "FR", "IN", "AU", "NL", "IE", "ES", "IT")


def _key(value: str) -> str:
    return re.sub(r"\W", "", value).lower()


def find_emails(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), EMAIL, _key(m.group())) for m in _EMAIL.finditer(text)]


def _looks_dialable(raw: str) -> bool:
    """A short local number counts when written like one ("555-0132"); seven bare digits
    are more often a case or order number."""
    return len(re.sub(r"\D", "", raw)) >= 10 or bool(re.search(r"\d[ .-]\d", raw))


def find_phones(text: str) -> list[Span]:
    found = [
        Span(m.start, m.end, PHONE, _key(m.raw_string))
        for m in phonenumbers.PhoneNumberMatcher(text, "US", phonenumbers.Leniency.POSSIBLE)
        if _looks_dialable(m.raw_string)
    ]
    for region in _NATIONAL_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID):
            digits = re.sub(r"\D", "", match.raw_string)
            if match.raw_string.startswith("0") and len(digits) >= 9:
                found.append(Span(match.start, match.end, PHONE, _key(match.raw_string)))
    return found


def _after_words(text: str, start: int, words: re.Pattern[str]) -> bool:
    return bool(words.search(text, max(0, start - CONTEXT_CHARS), start))


def find_cards(text: str) -> list[Span]:
    """Luhn-valid card numbers; after a word like "card", any 13-19 digits (a transcript
    may have one digit wrong, and a wrong digit does not make the rest less personal)."""
    spans = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if not 13 <= len(digits) <= 19:
            continue
        if luhn.is_valid(digits) or _after_words(text, match.start(), _CARD_CONTEXT):
            spans.append(Span(match.start(), match.end(), CREDIT_CARD, digits))
    return spans


def _issued_ssn(area: str, group: str, serial: str) -> bool:
    return not (area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000")


def find_ssns(text: str) -> list[Span]:
    """SSNs written 123-45-6789, 123 45 6789 or 123.45.6789; nine bare digits only after a
    word like "SSN"."""
    spans = []
    for match in _SSN.finditer(text):
        area, _, group, serial = match.groups()
        if _issued_ssn(area, group, serial):
            spans.append(Span(match.start(), match.end(), SSN, area + group + serial))
    for match in _NINE_DIGITS.finditer(text):
        digits = match.group()
        if _issued_ssn(digits[:3], digits[3:5], digits[5:]) and _after_words(
            text, match.start(), _SSN_CONTEXT
        ):
            spans.append(Span(match.start(), match.end(), SSN, digits))
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
    position = 0
    while match := _IBAN.search(text, position):
        candidate = match.group()
        position = match.start() + 1
        # The pattern may run on into the words after it (or into a second IBAN): shorten
        # it until it validates, and look again right after the part that did.
        while len(candidate.replace(" ", "")) >= 15:
            if stdnum_iban.is_valid(candidate.upper()):
                end = match.start() + len(candidate)
                spans.append(Span(match.start(), end, IBAN, candidate.replace(" ", "").upper()))
                position = end
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
