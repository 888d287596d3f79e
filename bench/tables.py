"""Plain-text and Markdown tables from rows of cells."""

from __future__ import annotations

from collections.abc import Sequence

Row = Sequence[str]


def _numeric(cell: str) -> bool:
    stripped = cell.replace(",", "").replace(".", "").lstrip("≥<>~-")
    return stripped.isdigit()


def text_table(headers: Row, rows: Sequence[Row]) -> str:
    """Columns padded to width; numbers right-aligned, words left-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Row) -> str:
        parts = [
            c.rjust(w) if _numeric(c) else c.ljust(w) for c, w in zip(cells, widths, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def markdown_table(headers: Row, rows: Sequence[Row]) -> str:
    def line(cells: Row) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    aligns = ["---:" if rows and _numeric(rows[0][i]) else "---" for i in range(len(headers))]
    return "\n".join([line(headers), "| " + " | ".join(aligns) + " |", *(line(r) for r in rows)])
