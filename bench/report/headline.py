"""The headline table: the longest call, the guide against redact-bot, one line per question."""

from __future__ import annotations

from collections.abc import Callable

from bench.report.noisy import guide_requests, percent, ratio, requests_cell
from bench.report.outcome import ENGINE, FILE, GUIDE, Outcome, structured_left
from bench.report.rows import num, real
from bench.report.tables import Row
from bench.runners.suite import SuiteResults

ALGORITHMS = (GUIDE, ENGINE, FILE)


def _pick(results: SuiteResults, size: int, condition: str) -> list[Outcome | None]:
    by_key = {(r.call_size, r.condition, r.algorithm): r for r in results.main}
    return [by_key.get((size, condition, algorithm)) for algorithm in ALGORITHMS]


def _timed(row: Outcome | None) -> str:
    if row is None:
        return "-"
    if row.crashed and row.algorithm == GUIDE:
        status = next((s for s in ("429", "500") if row.statuses.get(s)), "an error")
        need = f"; needs ≥ {row.lower_bound_minutes:.1f} min" if row.lower_bound_minutes else ""
        return (
            f"crashes on the first {status}, {row.sentences_done}/{row.sentences_total} done{need}"
        )
    if row.crashed:
        return row.crashed
    withheld = f", {row.withheld} withheld" if row.withheld else ", nothing withheld"
    return f"{num(row.real_minutes)} min{withheld}"


def _line(label: str, rows: list[Outcome | None], cell: Callable[[Outcome], str]) -> Row:
    return (label, *("-" if r is None else cell(r) for r in rows))


def headline(results: SuiteResults) -> tuple[Row, list[Row]]:
    size = max(r.call_size for r in results.main)
    fast = _pick(results, size, "fast")
    headers = (f"{size}-sentence call", "the guide", "engine API", "redact-bot file")
    table = [
        _line("gateway requests", fast, lambda r: f"{r.requests:,}"),
        _line("prompt characters", fast, lambda r: f"{r.prompt_chars:,}"),
        _line(
            "personal data left (structured)",
            fast,
            lambda r: f"{r.left_total} ({structured_left(r)})",
        ),
        _line("harmless strings masked", fast, lambda r: str(r.destroyed)),
        _line("wall time, instant gateway", fast, lambda r: f"{r.wall_s:.2f} s"),
        ("realistic gateway", *(_timed(r) for r in _pick(results, size, "realistic"))),
        ("30 requests per minute", *(_timed(r) for r in _pick(results, size, "rate-limited"))),
        _line("peak RSS", fast, lambda r: f"{num(r.rss_mb, 1)} MB"),
    ]
    if results.big_file is not None:
        big = num(results.big_file.rss_mb, 1)
        table.append(("peak RSS, 500 MB recording", "-", "-", f"{big} MB"))
    return headers, table


def noisy_headline(results: SuiteResults) -> tuple[Row, list[Row]] | None:
    """The longest call under the noisy model: the guide, and ours with the second look off
    and on."""
    size = max((r.call_size for r in results.noisy), default=None)
    if size is None:
        return None
    by_key = {(r.algorithm, r.verify): r for r in results.noisy if r.call_size == size}
    keys = [(GUIDE, None), (ENGINE, False), (ENGINE, True), (FILE, False), (FILE, True)]
    rows = [by_key.get(key) for key in keys]
    guide = guide_requests(results, size)
    headers = (
        f"{size}-sentence call, noisy model",
        "the guide",
        "engine API, second look off",
        "engine API, second look on",
        "redact-bot file, off",
        "redact-bot file, on",
    )
    table = [
        _line("gateway requests (find+exact+verify)", rows, requests_cell),
        _line("fewer requests than the guide", rows, lambda r: ratio(guide, r)),
        _line(
            "personal data missed (miss rate)",
            rows,
            lambda r: f"{r.left_total} of {r.occurrences} ({percent(r.miss_rate)})",
        ),
        _line("harmless strings masked", rows, lambda r: str(r.destroyed)),
        _line("sentences withheld", rows, lambda r: str(r.withheld)),
        _line(
            "made up by the model / counted as made up",
            rows,
            lambda r: f"{r.made_up} / {'-' if r.hallucinations is None else r.hallucinations}",
        ),
        _line("real-time equivalent", rows, lambda r: f"{real(r)} min"),
    ]
    return headers, table
