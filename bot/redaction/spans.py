"""Merging overlapping spans once, before a style is applied."""

from __future__ import annotations

from collections.abc import Iterable

from bot.redaction.entities import WITHHELD
from bot.redaction.types import Span


def merge(spans: Iterable[Span]) -> list[Span]:
    """Union overlapping spans once; the longest member gives the type and key,
    except that a withheld sentence always wins."""
    ordered = sorted(spans, key=lambda s: (s.start, -len(s)))
    merged: list[Span] = []
    group: list[Span] = []
    group_end = -1

    def close() -> None:
        if not group:
            return
        withheld = [s for s in group if s.type == WITHHELD]
        best = max(withheld or group, key=len)
        merged.append(Span(group[0].start, group_end, best.type, best.key))

    for span in ordered:
        if span.end <= span.start:
            continue
        if group and span.start < group_end:
            group.append(span)
            group_end = max(group_end, span.end)
            continue
        close()
        group, group_end = [span], span.end
    close()
    return merged
