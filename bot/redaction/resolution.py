"""Establishing what the model claimed: each claim found in the sentence it was named in,
or looked for harder, asked about again, and finally judged.

A claim not found as written is found by its digits or as what a detector found there (a
number or address reformatted, an e-mail address assembled from speech), or pinned to a
near spelling in its sentence. Still missing, and the sentence might hold it (something
like it, an uncommon word, digits), that sentence is asked about again for exact copies.
Still missing: if what would be shown of the sentence holds something like it, the sentence
alone is withheld; otherwise the model made it up, and it is only counted.
"""

from __future__ import annotations

import logging
import re

from bot.redaction import resemblance
from bot.redaction.asking import Asker
from bot.redaction.draft import Draft
from bot.redaction.entities import ADDRESS, EMAIL
from bot.redaction.matching import Claim, Located, canonical
from bot.redaction.normalize import shadow
from bot.redaction.numbers import digits_of
from bot.redaction.types import Doubt, Pass

log = logging.getLogger(__name__)

_SPOKEN_CONNECTORS = re.compile(
    r"\b(?:dot|at|underscore|dash|hyphen|period|point|plus|sign|symbol)\b", re.IGNORECASE
)


def _letters(value: str) -> str:
    """An e-mail address said or written, reduced to its letters and digits."""
    return re.sub(r"[\W_]", "", _SPOKEN_CONNECTORS.sub(" ", shadow(value).text)).lower()


def equivalent_detected(draft: Draft, claim: Claim) -> bool:
    """A number or address the model reformatted, or an e-mail address it assembled from
    speech, counts as found when a detector found the same in its scope."""
    assert claim.scope is not None
    start, end = claim.scope
    digits = digits_of(shadow(claim.text).text)
    letters = _letters(claim.text) if claim.type == EMAIL or "@" in claim.text else None
    for span in draft.detected:
        if span.start >= end or span.end <= start:
            continue
        value = draft.text[span.start : span.end]
        if len(digits) >= 7:
            held = digits_of(shadow(value).text)
            if len(held) >= 7 and (digits.endswith(held) or held.endswith(digits)):
                return True
        if letters and span.type == EMAIL and _letters(value) == letters:
            return True
        both_addresses = claim.type == ADDRESS and span.type == ADDRESS
        if both_addresses and set(canonical(claim.text).split()) & set(canonical(value).split()):
            return True
    return False


def established(draft: Draft, claim: Claim, located: Located) -> bool:
    assert claim.scope is not None
    if located.within(claim.text, *claim.scope) or equivalent_detected(draft, claim):
        return True
    pins = draft.ledger.pins.get(canonical(claim.text), ())
    return any(located.within(pin, *claim.scope) for pin in pins)


def _pin(draft: Draft, claims: list[Claim]) -> None:
    """Add the near spellings the text holds of claims not found verbatim."""
    for claim in claims:
        assert claim.scope is not None
        start, end = claim.scope
        key = canonical(claim.text)
        for a, b in resemblance.pin(claim.text, draft.text[start:end]):
            spelling = draft.text[start + a : start + b]
            draft.ledger.claims.append(Claim(spelling, claim.type, claim.scope, key))
            draft.ledger.pins.setdefault(key, []).append(spelling)


def _reask(draft: Draft, asker: Asker, claims: list[Claim], located: Located, limit: int) -> None:
    """Ask again, one sentence at a time, where a missing claim might be; a sentence said
    several times word for word is asked about once (what the model names is located in
    every one of them)."""
    wanted: dict[str, int] = {}  # sentence text → the index asked about
    for claim in claims:
        assert claim.scope is not None
        for index in draft.sentences_in(claim.scope):
            text = draft.sentences[index].text
            if text in wanted or index in draft.ledger.doubts:
                continue
            if resemblance.might_hold(claim.text, draft.visible(index, located)):
                wanted[text] = index
    asker.each([([index], Pass.EXACT, None) for index in list(wanted.values())[:limit]])


def _settle(draft: Draft, claims: list[Claim], located: Located) -> None:
    """Withhold the sentences where a claim still missing may hide in what is still
    visible; count the rest as made up."""
    for claim in claims:
        assert claim.scope is not None
        doubtful = []
        for index in draft.sentences_in(claim.scope):
            sentence = draft.sentences[index]
            missing = located.missing_parts(claim.text, sentence.start, sentence.end)
            visible = draft.visible(index, located)
            if resemblance.resembles(missing or [claim.text], claim.text, visible):
                doubtful.append(index)
        if doubtful:
            draft.ledger.withhold(doubtful, Doubt.UNPINNED)
        else:
            draft.ledger.hallucinations += 1


def resolve(draft: Draft, asker: Asker | None, claims: list[Claim], *, max_reasks: int) -> Located:
    """Establish `claims` (see the module's docstring); `asker` None: ask nothing again."""
    located = draft.locate()
    missing = [c for c in claims if not established(draft, c, located)]
    if missing:
        _pin(draft, missing)
        located = draft.locate()
        missing = [c for c in missing if not established(draft, c, located)]
    if missing and asker is not None and max_reasks:
        _reask(draft, asker, missing, located, max_reasks)
        located = draft.locate()
        missing = [c for c in missing if not established(draft, c, located)]
    if missing:
        log.info("claims not found count=%d", len(missing))
        _settle(draft, missing, located)
    return located
