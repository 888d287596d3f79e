"""E-mail addresses: written (`maria.lopez@bluefin.com`) and spoken or spelled out
("maria dot lopez at bluefin dot com", "m a r i a at gmail")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.redaction import words
from bot.redaction.detectors.base import Scan
from bot.redaction.entities import EMAIL
from bot.redaction.types import Span

_EMAIL = re.compile(
    r"(?<![\w.%+-])\w[\w.%+'-]*@\w(?:[\w-]*\w)?(?:\.\w(?:[\w-]*\w)?)*\.[^\W\d_]{2,}(?![\w-])"
)


def _key(value: str) -> str:
    return re.sub(r"\W", "", value).lower()


def find_emails(scan: Scan) -> list[Span]:
    return [Span(m.start(), m.end(), EMAIL, _key(m.group())) for m in _EMAIL.finditer(scan.text)]


_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_AT = frozenset({"at", "@"})
_AT_SUFFIX = frozenset({"sign", "symbol"})
_DOT = frozenset({"dot", ".", "period", "point"})
_LOCAL_CONNECTORS = _DOT | frozenset({"underscore", "_", "dash", "-", "hyphen", "plus", "+"})
_DOMAIN_CONNECTORS = frozenset({"dash", "-", "hyphen"})
_BRACKETS = frozenset("[]()<>{}")
TLDS = frozenset(
    "com org net edu gov mil io co uk us ca de fr es it nl be ch at au nz in ie eu ai app "
    "dev info biz me tv ly gg xyz tech cloud email online site shop store mx br jp cn".split()
)
PROVIDERS = frozenset(
    "gmail googlemail yahoo hotmail outlook icloud aol protonmail proton live msn comcast "
    "verizon yandex gmx zoho fastmail".split()
)
FUNCTION_WORDS = words.load("function_words")
# Words after which the next few words are the address itself: "my email is maria lopez…"
_INTRODUCERS = frozenset({"email", "e-mail", "mail", "address"})
_INTRODUCER_LINKS = frozenset({"is", "it's", "its", ":", "was", "me"})


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _atom(token: _Token | None) -> bool:
    return token is not None and token.text.isalnum() and token.text not in _AT


def _domain_end(tokens: list[_Token], index: int) -> int | None:
    """The index after the domain starting at `index`, or None if none starts there."""
    if not _atom(tokens[index] if index < len(tokens) else None):
        return None
    if tokens[index].text in FUNCTION_WORDS:  # "look at the dot com bubble"
        return None
    end = None
    provider = tokens[index].text in PROVIDERS
    position = index + 1
    while position + 1 < len(tokens):
        connector, atom = tokens[position].text, tokens[position + 1]
        if (connector not in _DOT and connector not in _DOMAIN_CONNECTORS) or not _atom(atom):
            break
        position += 2
        if connector in _DOT and atom.text in TLDS:
            end = position
    if end is None and provider:
        end = index + 1
    return end


def _local_start(tokens: list[_Token], at: int) -> int | None:
    """The index where the local part before the `at` token starts, or None."""
    position = at - 1
    if not _atom(tokens[position] if position >= 0 else None):
        return None
    spelled = len(tokens[position].text) == 1
    while position >= 1:
        previous = tokens[position - 1]
        if previous.text in _LOCAL_CONNECTORS and _atom(
            tokens[position - 2] if position >= 2 else None
        ):
            position -= 2
            spelled = False
            continue
        if spelled and _atom(previous) and len(previous.text) == 1:  # "m a r i a at"
            position -= 1
            continue
        break
    # "my email is maria lopez at …": everything after the introducer is the address.
    for back in range(1, 4):
        link = position - back
        if link < 1:
            break
        if tokens[link].text in _INTRODUCER_LINKS and tokens[link - 1].text in _INTRODUCERS:
            return link + 1
        if tokens[link].text in _INTRODUCERS:
            return link + 1
        if not _atom(tokens[link]):
            break
    return position


def find_spoken_emails(scan: Scan) -> list[Span]:
    tokens = [
        _Token(m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(scan.lowered)
        if m.group() not in _BRACKETS
    ]
    spans = []
    for index, token in enumerate(tokens):
        if token.text not in _AT:
            continue
        domain = index + 1
        if domain < len(tokens) and tokens[domain].text in _AT_SUFFIX:
            domain += 1
        end = _domain_end(tokens, domain)
        start = _local_start(tokens, index) if end is not None else None
        if end is None or start is None:
            continue
        first, last = tokens[start], tokens[end - 1]
        value = scan.text[first.start : last.end]
        spans.append(Span(first.start, last.end, EMAIL, _key(value)))
    return spans
