"""The rows of the report's tables, as strings, from the measured outcomes."""

from __future__ import annotations

from bench.report.outcome import FILE, GUIDE, Outcome
from bench.report.sweep import SweepVerdict
from bench.report.tables import Row
from bench.runners.suite import BIG_FILE_CALL, BIG_FILE_MB, SuiteResults

SHORT_TYPES = {
    "PERSON": "per",
    "ORGANIZATION": "org",
    "EMAIL": "email",
    "PHONE": "phone",
    "CREDIT_CARD": "card",
    "SSN": "ssn",
    "ADDRESS": "addr",
}


def num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def left_by_type(row: Outcome) -> str:
    parts = [f"{SHORT_TYPES[t]} {n}" for t, n in row.left.items() if n]
    return ", ".join(parts) or "-"


def _destroyed(row: Outcome) -> str:
    if not row.destroyed:
        return "0"
    return f"{row.destroyed} ({', '.join(row.destroyed_items)})"


def left_details(row: Outcome) -> str:
    """What one run left readable and what it masked needlessly, item by item."""
    left = ", ".join(f"{item} x{n}" for item, n in row.left_items.items()) or "nothing"
    lost = ", ".join(f"{item} x{n}" for item, n in row.destroyed_items.items()) or "nothing"
    return (
        f"{row.algorithm}, {row.call_size} sentences, {row.condition}: left {left}; masked {lost}"
    )


def result(row: Outcome) -> str:
    if row.crashed and row.algorithm == GUIDE:
        cause = next((s for s in ("429", "500") if row.statuses.get(s)), "error")
        text = f"crashed on {cause} after {row.sentences_done}/{row.sentences_total}"
        bad_json = sum(n for fault, n in row.faults.items() if fault in ("fenced", "invalid"))
        return text + (f", failed open on {bad_json} bad JSON" if bad_json else "")
    if row.crashed:
        return row.crashed
    text = f"{row.withheld} withheld" if row.withheld else "ok"
    served = row.faults or {s: n for s, n in row.statuses.items() if s != "200"}
    errors = [f"{n}x{fault}" for fault, n in served.items()]
    return text + (f", rode out {' '.join(errors)}" if errors else "")


def real(row: Outcome) -> str:
    if row.algorithm == GUIDE and row.lower_bound_minutes is not None:
        return f"≥{row.lower_bound_minutes:.1f}"
    return num(row.real_minutes)


MAIN_HEADERS = (
    "sentences",
    "condition",
    "algorithm",
    "requests",
    "prompt chars",
    "wall s",
    "real min",
    "left",
    "left by type",
    "harmless lost",
    "peak RSS MB",
    "result",
)


def main_rows(rows: list[Outcome]) -> list[Row]:
    table = []
    for row in rows:
        partial = "*" if row.crashed else ""
        table.append(
            (
                str(row.call_size),
                row.condition,
                row.algorithm,
                f"{row.requests:,}",
                f"{row.prompt_chars:,}",
                num(row.wall_s),
                real(row),
                f"{row.left_total}{partial}",
                left_by_type(row),
                "-" if row.crashed else _destroyed(row),
                num(row.rss_mb, 1),
                result(row),
            )
        )
    return table


MEMORY_HEADERS = ("sentences", "algorithm", "heap peak MB", "peak RSS MB", "wall s (traced)")


def memory_rows(results: SuiteResults) -> list[Row]:
    table: list[Row] = [
        (str(r.call_size), r.algorithm, num(r.heap_mb), num(r.rss_mb, 1), num(r.wall_s))
        for r in results.heap
    ]
    table += [
        (str(r.call_size), r.algorithm, "-", num(r.rss_mb, 1), num(r.total_wall_s))
        for r in results.main
        if r.algorithm == FILE and r.condition == "fast"
    ]
    if results.big_file is not None:
        big = results.big_file
        table.append(
            (
                f"{BIG_FILE_CALL} ({BIG_FILE_MB} MB file)",
                big.algorithm,
                "-",
                num(big.rss_mb, 1),
                num(big.total_wall_s),
            )
        )
    return table


SWEEP_HEADERS = (
    "sentences/request",
    "concurrency",
    "realistic requests",
    "realistic prompt chars",
    "realistic real min",
    "limited requests",
    "limited real min",
    "problems",
)


def sweep_rows(verdict: SweepVerdict) -> list[Row]:
    table = []
    for cell in verdict.cells:
        mark = " (recommended)" if cell.setting == verdict.recommended else ""
        table.append(
            (
                str(cell.setting[0]),
                str(cell.setting[1]),
                f"{cell.realistic.requests:,}",
                f"{cell.realistic.prompt_chars:,}",
                num(cell.realistic.real_minutes),
                f"{cell.limited.requests:,}",
                num(cell.limited.real_minutes),
                ("; ".join(cell.problems) or "none") + mark,
            )
        )
    return table


AUDIO_HEADERS = (
    "recording",
    "size MB",
    "minutes",
    "stretches",
    "bleeped s",
    "audio s",
    "x real time",
    "whole command s",
    "peak RSS MB",
    "output",
)


def audio_rows(results: SuiteResults) -> list[Row]:
    return [
        (
            r.recording,
            num(r.size_mb, 0),
            num(r.minutes, 1),
            str(r.intervals),
            num(r.bleeped_s, 0),
            num(r.audio_s, 1),
            num(r.speed, 0),
            num(r.total_s, 1),
            num(r.rss_mb, 1),
            f"{r.output_minutes:.2f} min, {r.output_mb:.0f} MB .m4a"
            if r.output_minutes
            else "; ".join(r.notes) or f"exit {r.exit_code}",
        )
        for r in results.audio
    ]
