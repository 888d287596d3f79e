"""National identity numbers: US social security numbers, passport and driver's licence
numbers (the last two only right after words that name them)."""

from __future__ import annotations

import re

from bot.redaction.detectors.base import Scan, has_context, words
from bot.redaction.entities import DRIVERS_LICENSE, PASSPORT, SSN
from bot.redaction.types import Span

_START = r"(?<![\d-])(?<!\d\.)"
_END = r"(?![\d-]|\.\d)"
_SSN = re.compile(_START + r"(\d{3})([- .])(\d{2})\2(\d{4})" + _END)
_NINE_DIGITS = re.compile(_START + r"\d{9}" + _END)
SSN_WORDS = words(
    "ssn",
    "social security",
    "social",
    "tax id",
    "taxpayer",
    "tin",
    "itin",
    "national id",
    "national insurance",
    "sin",
)
PASSPORT_WORDS = words("passport", "passport number", "passport no", "passport #")
LICENSE_WORDS = words(
    "driver's license",
    "drivers license",
    "driver license",
    "driver's licence",
    "drivers licence",
    "driving licence",
    "driving license",
    "license number",
    "licence number",
    "dl number",
    "dl",
    "license no",
    "licence no",
)
CONTEXT_CHARS = 40
# A document number right after its context: letters and digits, at least two digits.
_DOCUMENT_NUMBER = re.compile(
    r"(?<![\w-])(?=(?:[A-Za-z-]*\d){2})[A-Za-z0-9][A-Za-z0-9-]{4,15}(?![\w-])"
)
_LEAD = re.compile(r"[\s:#,\-]*(?:(?:is|was|number|no|num|it's|it|uh|um)\.?[\s:#,\-]+)*")


def _issued_ssn(area: str, group: str, serial: str) -> bool:
    return not (area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000")


def find_ssns(scan: Scan) -> list[Span]:
    """SSNs written 123-45-6789, 123 45 6789 or 123.45.6789; nine digits only after a word
    like "SSN", whether written in one piece, in groups or spoken."""
    spans = []
    for match in _SSN.finditer(scan.text):
        area, _, group, serial = match.groups()
        if _issued_ssn(area, group, serial):
            spans.append(Span(match.start(), match.end(), SSN, area + group + serial))
    for run in scan.runs:
        digits = run.digits
        if len(digits) != 9 or not has_context(scan, run.start, SSN_WORDS, CONTEXT_CHARS):
            continue
        if _issued_ssn(digits[:3], digits[3:5], digits[5:]):
            spans.append(Span(run.start, run.end, SSN, digits))
    return spans


def _document_numbers(
    scan: Scan, context: re.Pattern[str], entity_type: str, digits: tuple[int, int]
) -> list[Span]:
    spans = []
    for match in context.finditer(scan.lowered):
        lead = _LEAD.match(scan.text, match.end())
        position = lead.end() if lead else match.end()
        written = _DOCUMENT_NUMBER.match(scan.text, position)
        if written:
            spans.append(Span(written.start(), written.end(), entity_type, written.group()))
            continue
        low, high = digits
        for run in scan.runs:  # spoken: "passport number is five four two…"
            if position <= run.start <= match.end() + CONTEXT_CHARS:
                if low <= len(run.digits) <= high:
                    spans.append(Span(run.start, run.end, entity_type, run.digits))
                break
    return spans


def find_passports(scan: Scan) -> list[Span]:
    return _document_numbers(scan, PASSPORT_WORDS, PASSPORT, (6, 10))


def find_drivers_licenses(scan: Scan) -> list[Span]:
    return _document_numbers(scan, LICENSE_WORDS, DRIVERS_LICENSE, (5, 16))
