"""Payment cards: their numbers (Luhn-checked, or any 13 to 19 digits after a word like
"card"), written, grouped or spoken, and the security code said near them."""

from __future__ import annotations

import re

from stdnum import luhn

from bot.redaction.detectors.base import NOT_PERSONAL_NUMBER, Scan, last_context, words
from bot.redaction.entities import CARD_CVV, CREDIT_CARD
from bot.redaction.types import Span

# Not part of a longer number: no digit or dash before, no "digit." (a decimal) before.
_START = r"(?<![\d-])(?<!\d\.)"
_END = r"(?![\d-]|\.\d)"
_CARD = re.compile(_START + r"\d(?:[ .-]?\d){12,18}" + _END)
CARD_WORDS = words(
    "card",
    "cards",
    "credit",
    "debit",
    "visa",
    "mastercard",
    "master card",
    "amex",
    "american express",
    "discover",
    "card number",
    "long number",
    "pan",
)
SECURITY_CODE_WORDS = words(
    "cvv",
    "cvv2",
    "cvc",
    "cvc2",
    "csc",
    "cid",
    "security code",
    "verification code",
    "card code",
    "code on the back",
    "digits on the back",
    "three digit code",
    "three-digit code",
    "four digit code",
)
CONTEXT_CHARS = 60
CODE_CONTEXT_CHARS = 25


def _is_card(scan: Scan, start: int, digits: str, *, grouped: bool) -> bool:
    if not 13 <= len(digits) <= 19:
        return False
    context = last_context(
        scan, start, CONTEXT_CHARS, once=("other",), card=CARD_WORDS, other=NOT_PERSONAL_NUMBER
    )
    if context == "card":
        return True  # a misheard digit does not make the rest less personal
    if context == "other":
        return False
    # Grouped by pauses, with no word about a card: only a valid checksum tells.
    return luhn.is_valid(digits) and (not grouped or len(digits) in (15, 16))


def find_cards(scan: Scan) -> list[Span]:
    spans = []
    for match in _CARD.finditer(scan.text):
        digits = re.sub(r"\D", "", match.group())
        if _is_card(scan, match.start(), digits, grouped=False):
            spans.append(Span(match.start(), match.end(), CREDIT_CARD, digits))
    for run in scan.runs:
        if (len(run.groups) > 1 or run.spoken) and _is_card(
            scan, run.start, run.digits, grouped=True
        ):
            spans.append(Span(run.start, run.end, CREDIT_CARD, run.digits))
    return spans


def find_card_security_codes(scan: Scan) -> list[Span]:
    """The three or four digits said right after "CVV", "security code" and the like."""
    spans = []
    for context in SECURITY_CODE_WORDS.finditer(scan.lowered):
        for run in scan.runs:
            if run.start < context.end():
                continue
            if run.start - context.end() <= CODE_CONTEXT_CHARS and len(run.digits) in (3, 4):
                spans.append(Span(run.start, run.end, CARD_CVV, run.digits))
            break
    return spans
