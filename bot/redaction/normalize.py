"""A normalised shadow of a text, for finding things in it, with a map back to the original.

People and programs write the same value many ways: full-width or accented letters, a
zero-width space inside an e-mail address, an en dash or a non-breaking space between the
groups of a card number, Slack's `_italics_` or `&amp;` escapes, `maria%40bluefin.com`.
Detectors and entity matching look at the shadow, where all of these are plain, and report
ranges of the original, so what is masked is exactly what the reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTER_FOLDS = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ß": "ss",
    "ẞ": "SS",
    "þ": "th",
    "Þ": "Th",
    "\u0131": "i",  # dotless i
    "ħ": "h",
    "Ħ": "H",
    "ŀ": "l",
    "Ŀ": "L",
    "ŧ": "t",
    "Ŧ": "T",
}
# Cyrillic and Greek letters drawn like Latin ones: "Maria" with a Cyrillic "a" must still
# found as "Maria". Both the text and the model's entities are read through this map.
_CONFUSABLES = dict(
    zip(
        "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u04bb\u0501"
        "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406"
        "\u0408\u0405\u03bf\u03b1\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c"
        "\u039d\u039f\u03a1\u03a4\u03a5\u03a7",
        "aeopcyxijshdABEKMHOPCTXIJSoaABEZHIKMNOPTYX",
        strict=True,
    )
)
_REMOVED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f")
_SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009")
_SPACES |= frozenset("\u200a\u202f\u205f\u3000")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
_ESCAPES = (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"))
# Percent-encoded characters that turn up inside addresses: @ . _ + - and space.
_PERCENT = re.compile(r"%(40|2[eE]|5[fF]|2[bB]|2[dD]|20)")
_MARKUP = frozenset("_*~`")


def _fold_char(char: str) -> str:
    """One character as the shadow holds it (possibly several, possibly none)."""
    if char in _REMOVED:
        return ""
    if char in _SPACES:
        return " "
    if char in _DASHES:
        return "-"
    if char in _QUOTES:
        return _QUOTES[char]
    if char in _LETTER_FOLDS:
        return _LETTER_FOLDS[char]
    if char in _CONFUSABLES:
        return _CONFUSABLES[char]
    if "\uff01" <= char <= "\uff5e":  # full-width forms of ASCII (U+FF0E is ".")
        return chr(ord(char) - 0xFEE0)
    if char.isascii():
        return char
    if not char.isalnum():
        return char  # symbols stay: "™" must not become letters glued to a name
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(part for part in decomposed if not unicodedata.combining(part))
    return "".join(_LETTER_FOLDS.get(part, part) for part in folded)


def _is_word(char: str) -> bool:
    return char.isalnum()


@dataclass(frozen=True)
class Shadow:
    """`text` is the normalised shadow of `original`; `starts[i]`/`ends[i]` give the range of
    the original that shadow character i came from (None when nothing changed)."""

    original: str
    text: str
    starts: list[int] | None
    ends: list[int] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original range that the shadow range [start, end) stands for."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()


def _markup_positions(text: str) -> set[int]:
    """Slack's emphasis marks at the edge of a word (`_maria@bluefin.com_`, `*Ann*`): they
    are formatting, not part of the value. A mark inside a word (maria_lopez) stays."""
    positions = set()
    for index, char in enumerate(text):
        if char not in _MARKUP:
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opening = not _is_word(before) and before not in _MARKUP and _is_word(after)
        closing = _is_word(before) and not _is_word(after) and after not in _MARKUP
        if opening or closing or (before in _MARKUP or after in _MARKUP):
            positions.add(index)
    return positions


def _simple(text: str) -> bool:
    return text.isascii() and not any(
        mark in text for mark in ("&amp;", "&lt;", "&gt;", "%", "_", "*", "~", "`")
    )


def shadow(text: str) -> Shadow:
    """The normalised shadow of `text` (see the module's docstring)."""
    if _simple(text):
        return Shadow(text, text, None, None)
    markup = _markup_positions(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        consumed = 1
        if char == "&":
            for escape, plain in _ESCAPES:
                if text.startswith(escape, position):
                    char, consumed = plain, len(escape)
                    break
        elif char == "%" and (match := _PERCENT.match(text, position)):
            char, consumed = chr(int(match.group(1), 16)), 3
        if consumed == 1 and position in markup:
            replacement = " "
        elif consumed == 1 and unicodedata.combining(char) and out:
            ends[-1] = position + 1  # an accent belongs to the letter before it
            position += 1
            continue
        else:
            replacement = _fold_char(char) if consumed == 1 else char
        if not replacement and out:
            ends[-1] = position + consumed  # a removed character joins its neighbour
        for part in replacement:
            out.append(part)
            starts.append(position)
            ends.append(position + consumed)
        position += consumed
    return Shadow(text, "".join(out), starts, ends)
