"""Phone numbers: written in any national format (validated by `phonenumbers`), and said
in groups or digit by digit ("415, 555, 0132", "four one five, five five five…").

Context decides for bare numbers: ten digits after "ticket", "order" or "invoice" are an
identifier, not a phone number; a ten-digit number that no country could dial (a Unix
timestamp) is not one either.
"""

from __future__ import annotations

import re

import phonenumbers

from bot.redaction.detectors.base import NOT_PERSONAL_NUMBER, Scan, last_context, words
from bot.redaction.entities import PHONE
from bot.redaction.numbers import DigitRun
from bot.redaction.types import Span

PHONE_WORDS = words(
    "phone",
    "phones",
    "cell",
    "cellphone",
    "mobile",
    "number",
    "numbers",
    "call",
    "called",
    "calling",
    "reach",
    "text",
    "texted",
    "dial",
    "contact",
    "landline",
    "fax",
    "tel",
    "telephone",
    "whatsapp",
    "extension",
    "ext",
    "callback",
    "call back",
    "reached at",
)
# Numbers that are personal but not phone numbers: their own detectors find them.
NOT_A_PHONE = words(
    "account",
    "account number",
    "acct",
    "routing",
    "routing number",
    "aba",
    "sort code",
    "passport",
    "license",
    "licence",
    "ssn",
    "social security",
    "card",
    "cvv",
    "zip",
)
CONTEXT_CHARS = 40
# Countries whose national numbers are written with a leading trunk 0 and no country code.
_NATIONAL_REGIONS = ("GB", "DE", "FR", "IN", "AU", "NL", "IE", "ES", "IT")
# How people group a North American number when they say it.
_PHONE_GROUPINGS = frozenset({(3, 3, 4), (1, 3, 3, 4), (3, 7), (3, 3, 2, 2), (3, 4)})


def _key(value: str) -> str:
    return re.sub(r"\D", "", value)


def _context(scan: Scan, start: int) -> str | None:
    return last_context(
        scan,
        start,
        CONTEXT_CHARS,
        once=("other", "elsewhere"),  # "case 88 closed. Call …": "case" is about 88
        phone=PHONE_WORDS,
        other=NOT_PERSONAL_NUMBER,
        elsewhere=NOT_A_PHONE,
    )


def _written_is_phone(scan: Scan, match: phonenumbers.PhoneNumberMatch) -> bool:
    raw = match.raw_string
    digits = _key(raw)
    context = _context(scan, match.start)
    if context in ("other", "elsewhere"):
        return False
    if len(digits) < 10 and not re.search(r"\d[ .-]\d", raw):
        return False  # seven bare digits are more often a case or order number
    if raw.isdigit() and context is None:
        # Ten bare digits: a phone number only if some country could dial it.
        return phonenumbers.is_valid_number(match.number)
    return True


def _written(scan: Scan) -> list[Span]:
    found = [
        Span(m.start, m.end, PHONE, _key(m.raw_string))
        for m in phonenumbers.PhoneNumberMatcher(scan.text, "US", phonenumbers.Leniency.POSSIBLE)
        if _written_is_phone(scan, m)
    ]
    for region in _NATIONAL_REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(scan.text, region, phonenumbers.Leniency.VALID):
            national = m.raw_string.startswith("0") and len(_key(m.raw_string)) >= 9
            if national and _context(scan, m.start) in (None, "phone"):
                found.append(Span(m.start, m.end, PHONE, _key(m.raw_string)))
    return found


def _run_is_phone(scan: Scan, run: DigitRun) -> bool:
    digits = run.digits
    if len(run.groups) < 2 and not run.spoken:
        return False  # one written group: the written matcher above decides
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    context = _context(scan, run.start)
    if context in ("other", "elsewhere"):
        return False
    sizes = run.sizes
    if sizes[0] == 1 and len(run.digits) == 11:
        sizes = sizes[1:]
    if len(digits) == 10:
        return context == "phone" or run.spoken or sizes in _PHONE_GROUPINGS
    if len(digits) == 7:
        return context == "phone" and (run.spoken or sizes == (3, 4))
    return False


def _spoken_and_grouped(scan: Scan) -> list[Span]:
    return [
        Span(run.start, run.end, PHONE, run.digits[-10:])
        for run in scan.runs
        if _run_is_phone(scan, run)
    ]


def find_phones(scan: Scan) -> list[Span]:
    return _written(scan) + _spoken_and_grouped(scan)
