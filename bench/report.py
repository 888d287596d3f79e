"""The benchmark's report: tables (terminal and Markdown), the targets, and the JSON file."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.conditions import CONDITIONS, SCALE
from bench.outcome import FILE, GUIDE, Outcome
from bench.suite import BIG_FILE_CALL, BIG_FILE_MB, SuiteResults
from bench.sweep import SweepVerdict
from bench.tables import Row, markdown_table, text_table
from bench.targets import Target

Render = Callable[[Row, list[Row]], str]
SHORT_TYPES = {
    "PERSON": "per",
    "ORGANIZATION": "org",
    "EMAIL": "email",
    "PHONE": "phone",
    "CREDIT_CARD": "card",
    "SSN": "ssn",
    "ADDRESS": "addr",
}


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _left_by_type(row: Outcome) -> str:
    parts = [f"{SHORT_TYPES[t]} {n}" for t, n in row.left.items() if n]
    return ", ".join(parts) or "-"


def _result(row: Outcome) -> str:
    if row.crashed and row.algorithm == GUIDE:
        cause = next((s for s in ("429", "500") if row.statuses.get(s)), "error")
        return f"crashed on {cause} after {row.sentences_done}/{row.sentences_total}"
    if row.crashed:
        return row.crashed
    result = f"{row.withheld} withheld" if row.withheld else "ok"
    errors = [f"{n}x{status}" for status, n in row.statuses.items() if status != "200"]
    return result + (f", rode out {' '.join(errors)}" if errors else "")


def _real(row: Outcome) -> str:
    if row.algorithm == GUIDE and row.lower_bound_minutes is not None:
        return f"≥{row.lower_bound_minutes:.1f}"
    return _num(row.real_minutes)


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
                _num(row.wall_s),
                _real(row),
                f"{row.left_total}{partial}",
                _left_by_type(row),
                "-" if row.crashed else str(row.destroyed),
                _num(row.rss_mb, 1),
                _result(row),
            )
        )
    return table


MEMORY_HEADERS = ("sentences", "algorithm", "heap peak MB", "peak RSS MB", "wall s (traced)")


def memory_rows(results: SuiteResults) -> list[Row]:
    table: list[Row] = [
        (str(r.call_size), r.algorithm, _num(r.heap_mb), _num(r.rss_mb, 1), _num(r.wall_s))
        for r in results.heap
    ]
    table += [
        (str(r.call_size), r.algorithm, "-", _num(r.rss_mb, 1), _num(r.total_wall_s))
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
                _num(big.rss_mb, 1),
                _num(big.total_wall_s),
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
                _num(cell.realistic.real_minutes),
                f"{cell.limited.requests:,}",
                _num(cell.limited.real_minutes),
                ("; ".join(cell.problems) or "none") + mark,
            )
        )
    return table


def target_lines(targets: list[Target], bullet: str) -> list[str]:
    return [f"{bullet}{t.verdict}  {t.name}: {t.evidence}" for t in targets]


def conditions_lines() -> list[str]:
    lines = [
        f"Clock scale {SCALE:.4f} (1/{1 / SCALE:.0f}): 1 s of wall time stands for 1 real minute; "
        "'real min' = scaled wall time / scale. Local CPU time is multiplied too, and the "
        "fake's whole-second Retry-After / X-RateLimit-Reset count as full minutes, so ours "
        "are upper bounds. For the guide, 'real min' is the least time its sequential "
        "requests need (1 s each, or 30 per minute when rate-limited)."
    ]
    lines += [f"- {c.name}: {c.description}" for c in CONDITIONS]
    return lines


def render(
    results: SuiteResults,
    targets: list[Target],
    verdict: SweepVerdict | None,
    table: Render,
    heading: Callable[[str], str],
    bullet: str = "",
) -> str:
    parts = [heading("Runs"), table(MAIN_HEADERS, main_rows(results.main))]
    parts.append(
        "* partial: the output the guide printed before it crashed. 'left' counts personal-data "
        "mentions still readable (case, spacing and punctuation ignored); 'harmless lost' "
        "counts strings such as $3.50, v2.1 or a case number that were masked or are gone. "
        "For redact-bot file, 'wall s' is the redaction phase (the engine's own log line); the "
        "whole command, with start-up, upload and the fake transcription, is `total_wall_s` "
        "in the JSON."
    )
    if results.sensitivity:
        parts += [
            heading("If the model found every spelling"),
            table(MAIN_HEADERS, main_rows(results.sensitivity)),
            "The fake model here knows every mention as written (first names, lower case, "
            "other formats). What the guide still leaks comes from its own splitting (emails "
            "and dotted numbers cut at '.', so no piece holds the whole entity).",
        ]
    parts += [heading("Memory"), table(MEMORY_HEADERS, memory_rows(results))]
    if verdict is not None:
        parts += [
            heading("Sweep (600 sentences, engine API)"),
            table(SWEEP_HEADERS, sweep_rows(verdict)),
        ]
        parts.append(verdict.summary)
    parts += [heading("Conditions"), "\n".join(conditions_lines())]
    parts += [heading("Targets"), "\n".join(target_lines(targets, bullet))]
    return "\n\n".join(parts) + "\n"


def render_text(results: SuiteResults, targets: list[Target], verdict: SweepVerdict | None) -> str:
    return render(results, targets, verdict, text_table, lambda title: f"== {title} ==")


def render_markdown(
    results: SuiteResults, targets: list[Target], verdict: SweepVerdict | None
) -> str:
    info = machine()
    intro = (
        f"# Benchmark results\n\nMeasured {info['date']} on {info['nproc']} cores "
        f"({info['cpu']}), Python {info['python']}, seed {results.seed}; the whole run took "
        f"{results.seconds:.0f} s. Reproduce with `make bench`."
    )
    body = render(results, targets, verdict, markdown_table, lambda t: f"## {t}", bullet="- ")
    return intro + "\n\n" + body


def write_json(
    path: Path, results: SuiteResults, targets: list[Target], verdict: SweepVerdict | None
) -> None:
    payload: dict[str, Any] = {
        "meta": {
            **machine(),
            "argv": sys.argv[1:],
            "seed": results.seed,
            "scale": SCALE,
            "seconds": results.seconds,
            "conditions": {c.name: c.description for c in CONDITIONS},
        },
        "runs": [r.as_dict() for r in results.main],
        "heap_runs": [r.as_dict() for r in results.heap],
        "all_spellings_runs": [r.as_dict() for r in results.sensitivity],
        "sweep": [r.as_dict() for r in results.sweep],
        "big_file": results.big_file.as_dict() if results.big_file else None,
        "sweep_verdict": None
        if verdict is None
        else {
            "qualifying": verdict.qualifying,
            "recommended": verdict.recommended,
            "summary": verdict.summary,
        },
        "targets": [{"name": t.name, "passed": t.passed, "evidence": t.evidence} for t in targets],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
