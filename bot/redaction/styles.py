"""Anonymization operators: turn merged spans into replacement text, applied once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.redaction.entities import WITHHELD
from bot.redaction.types import Span

WITHHELD_PLACEHOLDER = "[sentence withheld: could not be checked]"


@dataclass(frozen=True)
class Styled:
    text: str
    replaced: list[tuple[int, int]]  # where each span's replacement stands in `text`


def apply_style(text: str, spans: Sequence[Span], style: str) -> Styled:
    """Rebuild `text` with each of the sorted, non-overlapping `spans` replaced.

    mask: every character becomes '#'; label: [PERSON]; pseudonym: [PERSON_1], the same value
    getting the same tag throughout the text. Text outside the spans is kept byte for byte.
    """
    pieces: list[str] = []
    replaced: list[tuple[int, int]] = []
    out_length = 0
    tags: dict[tuple[str, str], str] = {}
    per_type: dict[str, int] = {}
    cursor = 0
    for span in spans:
        if span.start < cursor:
            raise ValueError("spans must be merged before a style is applied")
        kept = text[cursor : span.start]
        if span.type == WITHHELD:
            replacement = WITHHELD_PLACEHOLDER
        elif style == "mask":
            replacement = "#" * (span.end - span.start)
        elif style == "label":
            replacement = f"[{span.type}]"
        elif style == "pseudonym":
            tag_key = (span.type, span.key or text[span.start : span.end].lower())
            if tag_key not in tags:
                per_type[span.type] = per_type.get(span.type, 0) + 1
                tags[tag_key] = f"[{span.type}_{per_type[span.type]}]"
            replacement = tags[tag_key]
        else:
            raise ValueError(f"unknown redaction style {style!r}")
        pieces += [kept, replacement]
        out_length += len(kept)
        replaced.append((out_length, out_length + len(replacement)))
        out_length += len(replacement)
        cursor = span.end
    pieces.append(text[cursor:])
    return Styled("".join(pieces), replaced)
