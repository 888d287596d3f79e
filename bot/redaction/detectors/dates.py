"""Dates that are personal by what is said before them: a card's expiry ("expires oh four
twenty seven", "exp 04/27") and a date of birth ("born on April 12, 1985")."""

from __future__ import annotations

import re

from bot.redaction.detectors.base import Scan, words
from bot.redaction.entities import CARD_EXPIRY, DATE_OF_BIRTH
from bot.redaction.types import Span

EXPIRY_WORDS = words(
    "exp",
    "expiry",
    "expires",
    "expire",
    "expiring",
    "expiration",
    "expiration date",
    "expiry date",
    "valid thru",
    "valid through",
    "good thru",
    "good through",
    "valid until",
)
BIRTH_WORDS = words(
    "date of birth",
    "dob",
    "d.o.b",
    "born on",
    "born",
    "birthday",
    "birth date",
    "birthdate",
)
_MONTHS = (
    "(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})"
# A written date right where the context points: 04/27, 04/2027, 2027-04, April 2027,
# April 12, 1985, 12 April 1985, 1985-04-12.
_WRITTEN_DATE = re.compile(
    rf"(?:(?:{_MONTHS})\.?\s+(?:{_ORDINAL},?\s+)?{_YEAR}"
    rf"|{_ORDINAL}\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+{_YEAR}"
    rf"|\d{{4}}[-/.]\d{{1,2}}(?:[-/.]\d{{1,2}})?"
    rf"|\d{{1,2}}\s*[-/.]\s*(?:\d{{4}}|\d{{1,2}}(?:\s*[-/.]\s*{_YEAR})?)(?!\d)"
    rf"|(?:{_MONTHS})\.?\s+{_ORDINAL})",
    re.IGNORECASE,
)
_NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth|\d+(?:st|nd|rd|th)?)(?![a-z0-9])"
)
# A month said with its day and year in words: "april twelfth nineteen eighty five".
_SPOKEN_DATE = re.compile(
    rf"(?:{_MONTHS})(?:[\s,-]+(?:the\s+|of\s+)?{_NUMBER_WORD})+", re.IGNORECASE
)
_GAP = re.compile(r"[\s:,\-]*(?:(?:is|was|on|of|in|the|date|it's|it|at|uh|um)[\s:,\-]+)*")
WINDOW = 30


def _after_context(
    scan: Scan, pattern: re.Pattern[str], entity_type: str, digit_range: tuple[int, int]
) -> list[Span]:
    """The date right after each context phrase: written, or a run of spoken digits."""
    spans = []
    for context in pattern.finditer(scan.lowered):
        gap = _GAP.match(scan.lowered, context.end())
        position = gap.end() if gap else context.end()
        written = _SPOKEN_DATE.match(scan.text, position) or _WRITTEN_DATE.match(
            scan.text, position
        )
        if written:
            spans.append(Span(written.start(), written.end(), entity_type, written.group()))
            continue
        low, high = digit_range
        for run in scan.runs:
            if position <= run.start <= context.end() + WINDOW and low <= len(run.digits) <= high:
                spans.append(Span(run.start, run.end, entity_type, run.digits))
                break
    return spans


def find_card_expiry_dates(scan: Scan) -> list[Span]:
    return _after_context(scan, EXPIRY_WORDS, CARD_EXPIRY, (3, 6))


def find_dates_of_birth(scan: Scan) -> list[Span]:
    return _after_context(scan, BIRTH_WORDS, DATE_OF_BIRTH, (4, 8))
