"""Plain-text and Markdown tables from rows of cells."""

from __future__ import annotations

from collections.abc import Sequence

Row = Sequence[str]


def _numeric(cell: str) -> bool:
    stripped = cell.replace(",", "").replace(".", "").replace("*", "").lstrip("≥<>~-")
    return stripped.isdigit() or cell == "-"


def _right_aligned(rows: Sequence[Row], width: int) -> list[bool]:
    """A column is right-aligned when every cell in it is a number (or '-')."""
    return [bool(rows) and all(_numeric(row[i]) for row in rows) for i in range(width)]


def text_table(headers: Row, rows: Sequence[Row]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    right = _right_aligned(rows, len(headers))

    def line(cells: Row) -> str:
        parts = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def markdown_table(headers: Row, rows: Sequence[Row]) -> str:
    def line(cells: Row) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    aligns = ["---:" if r else "---" for r in _right_aligned(rows, len(headers))]
    return "\n".join([line(headers), "| " + " | ".join(aligns) + " |", *(line(r) for r in rows)])
