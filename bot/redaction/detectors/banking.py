"""Bank data: IBANs (validated by `python-stdnum`), and account, routing and sort-code
numbers right after words that name them."""

from __future__ import annotations

import re

from stdnum import iban as stdnum_iban

from bot.redaction.detectors.base import NOT_PERSONAL_NUMBER, Scan, words
from bot.redaction.entities import BANK_ACCOUNT, IBAN
from bot.redaction.numbers import DigitRun
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
# Words that name the account but not its number: they reach no further than their sentence
# ("Let me pull up the account. Order 7731-2290 shipped." holds no account number).
_BARE_WORDS = frozenset({"account", "bank account", "checking account", "savings account"})
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_CURRENCY_BEFORE = re.compile(r"[$£€¥]\s?$")
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})*\.\d{2}")  # 1,250.40
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


def _names_account(scan: Scan, context: re.Match[str], run: DigitRun) -> bool:
    """Whether the account word `context` is about the number `run` after it: not an amount
    of money, no identifier's own word between them ("account for ticket 4155550298"), and a
    bare "account" only within its sentence."""
    if _CURRENCY_BEFORE.search(scan.text[max(0, run.start - 2) : run.start]):
        return False
    if _AMOUNT.fullmatch(scan.text[run.start : run.end]):
        return False
    between = scan.lowered[context.end() : run.start]
    if NOT_PERSONAL_NUMBER.search(between):
        return False
    bare = " ".join(context.group().split()) in _BARE_WORDS
    return not (bare and _SENTENCE_END.search(between))


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
            if (
                run.start <= position + CONTEXT_CHARS
                and 6 <= len(run.digits) <= 17
                and _names_account(scan, context, run)
            ):
                spans.append(Span(run.start, run.end, BANK_ACCOUNT, run.digits))
            break
    return spans
