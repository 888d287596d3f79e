"""A redaction's spans as marks: offsets, a type and an opaque item id per distinct value
(never the value), so they can be stored; and the text rendered again from them with the
owner's choices: items kept in clear, phrases added."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.redaction import (
    WITHHELD,
    Doubt,
    Redaction,
    Sentence,
    Span,
    apply_style,
    locate,
    merge,
)
from bot.redaction.entities import OTHER, REGISTRY

_ORDER = {entity_type.name: position for position, entity_type in enumerate(REGISTRY)}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    type: str
    item: str | None  # None: a withheld sentence, which no choice shows


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    count: int


def marks_of(text: str, redaction: Redaction) -> tuple[list[Mark], list[Item]]:
    """The redaction's spans as marks, and its distinct items (most frequent first within a
    type, types in the registry's order). Values that share a key are one item."""
    ids: dict[tuple[str, str], str] = {}
    counts: Counter[str] = Counter()
    types: dict[str, str] = {}
    marks = []
    for span in redaction.spans:
        if span.type == WITHHELD:
            marks.append(Mark(span.start, span.end, WITHHELD, None))
            continue
        key = (span.type, span.key or text[span.start : span.end].lower())
        item = ids.setdefault(key, f"i{len(ids) + 1}")
        counts[item] += 1
        types[item] = span.type
        marks.append(Mark(span.start, span.end, span.type, item))
    items = [Item(item, types[item], count) for item, count in counts.items()]
    items.sort(key=lambda i: (_ORDER.get(i.type, len(_ORDER)), -i.count, int(i.id[1:])))
    return marks, items


def item_texts(text: str, marks: list[Mark]) -> dict[str, str]:
    """What each item reads as: its longest mention. For the owner's eyes only."""
    shown: dict[str, str] = {}
    for mark in marks:
        if mark.item is None:
            continue
        value = " ".join(text[mark.start : mark.end].split())
        if len(value) > len(shown.get(mark.item, "")):
            shown[mark.item] = value
    return shown


def phrase_ranges(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Where the phrases the owner added stand in `text`, found like a model's entities
    (spacing; a name's parts too) and in any case: the owner asked for them, so an
    everyday word ("address") is redacted whatever its case."""
    wanted = [phrase.strip() for phrase in phrases if phrase.strip()]
    as_written = locate(text, [(p, OTHER) for p in wanted]).spans
    any_case = locate(text, [(p.lower(), OTHER) for p in wanted]).spans
    return [(span.start, span.end) for span in merge(as_written + any_case)]


@dataclass(frozen=True)
class Choices:
    unkept: frozenset[str] = frozenset()  # item ids the owner shows in clear
    added: tuple[tuple[int, int], ...] = ()  # ranges of the phrases the owner added


def render(
    text: str,
    marks: list[Mark],
    choices: Choices,
    style: str,
    *,
    doubts: dict[Doubt, int],
    sentence_count: int,
) -> Redaction:
    """The text with every mark but the unkept items, and every added phrase, redacted."""
    spans = [
        Span(m.start, m.end, m.type, m.item or "") for m in marks if m.item not in choices.unkept
    ]
    spans += [Span(a, b, OTHER, f"added-{n}") for n, (a, b) in enumerate(choices.added)]
    merged = merge(spans)
    styled = apply_style(text, merged, style)
    withheld = [Sentence(m.start, m.end, text[m.start : m.end]) for m in marks if m.item is None]
    return Redaction(
        text=styled.text,
        spans=merged,
        withheld=withheld,
        doubts=doubts,
        sentence_count=sentence_count,
        replaced=styled.replaced,
    )
