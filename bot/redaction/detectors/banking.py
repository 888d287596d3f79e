"""Bank data: IBANs (validated by `python-stdnum`), and account, routing and sort-code
numbers right after words that name them."""

from __future__ import annotations

import re

from stdnum import iban as stdnum_iban

from bot.redaction.detectors.base import Scan, words
from bot.redaction.entities import BANK_ACCOUNT, IBAN
from bot.redaction.types import Span

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", re.IGNORECASE)
ACCOUNT_WORDS = words(
    "account number",
    "account no",
    "account #",
    "acct",
    "acct number",
    "bank account",
    "checking account",
    "savings account",
    "routing number",
    "routing",
    "aba",
    "sort code",
    "account",
)
CONTEXT_CHARS = 40
_GAP = re.compile(r"[\s:#,\-]*(?:(?:is|was|number|no|it's|it|ending in|uh|um)\.?[\s:#,\-]+)*")


def find_ibans(scan: Scan) -> list[Span]:
    spans = []
    text = scan.text
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


def find_bank_accounts(scan: Scan) -> list[Span]:
    """Six to seventeen digits (written, grouped or spoken) right after "account number",
    "routing number" or "sort code"."""
    spans = []
    for context in ACCOUNT_WORDS.finditer(scan.lowered):
        gap = _GAP.match(scan.lowered, context.end())
        position = gap.end() if gap else context.end()
        for run in scan.runs:
            if run.end <= position:
                continue
            if run.start <= position + CONTEXT_CHARS and 6 <= len(run.digits) <= 17:
                spans.append(Span(run.start, run.end, BANK_ACCOUNT, run.digits))
            break
    return spans
