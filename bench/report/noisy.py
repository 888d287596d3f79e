"""The noisy model's tables and the verdict on the second look (NER_VERIFY)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.report.outcome import ENGINE, FILE, GUIDE, Outcome
from bench.report.rows import left_by_type, num, real, result
from bench.report.tables import Row
from bench.report.thresholds import MAX_MISS_RATE, MIN_REQUEST_RATIO, TARGET_CALL
from bench.runners.suite import SuiteResults

PASSES = ("find", "exact", "verify")


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def second_look(row: Outcome) -> str:
    return "-" if row.verify is None else ("on" if row.verify else "off")


def requests_cell(row: Outcome) -> str:
    """Requests, split by prompt when there is more than one: "36 (23+1+12)"."""
    if row.algorithm == GUIDE or set(row.by_pass) <= {"find"}:
        return f"{row.requests:,}"
    split = "+".join(str(row.by_pass.get(p, 0)) for p in PASSES)
    return f"{row.requests:,} ({split})"


def guide_requests(results: SuiteResults, size: int) -> int | None:
    """What the guide sends for a call of `size` sentences: one request per piece."""
    for row in results.main + results.noisy:
        if row.algorithm == GUIDE and row.call_size == size and not row.crashed:
            return row.requests
    return None


def ratio(guide: int | None, row: Outcome) -> str:
    if guide is None or row.algorithm == GUIDE:
        return "-"
    return f"{guide / max(row.requests, 1):.1f}x"


def _hallucinations(row: Outcome) -> str:
    return "-" if row.hallucinations is None else str(row.hallucinations)


def _destroyed(row: Outcome) -> str:
    return "-" if row.crashed else str(row.destroyed)


NOISY_HEADERS = (
    "sentences",
    "algorithm",
    "second look",
    "requests (find+exact+verify)",
    "x fewer than the guide",
    "prompt chars",
    "real min",
    "occurrences",
    "left",
    "miss rate",
    "left by type",
    "harmless lost",
    "withheld",
    "made up by the model",
    "counted as made up",
    "result",
)


def noisy_rows(results: SuiteResults, rows: list[Outcome]) -> list[Row]:
    table = []
    for row in rows:
        table.append(
            (
                str(row.call_size),
                row.algorithm,
                second_look(row),
                requests_cell(row),
                ratio(guide_requests(results, row.call_size), row),
                f"{row.prompt_chars:,}",
                real(row),
                str(row.occurrences),
                str(row.left_total),
                percent(row.miss_rate),
                left_by_type(row),
                _destroyed(row),
                str(row.withheld),
                str(row.made_up),
                _hallucinations(row),
                "; ".join([result(row), *row.notes]),
            )
        )
    return table


SEED_HEADERS = (
    "call seed",
    "second look",
    "requests (find+exact+verify)",
    "x fewer than the guide",
    "occurrences",
    "left",
    "miss rate",
    "what was left",
    "withheld",
    "made up / counted",
)


def seed_rows(results: SuiteResults) -> list[Row]:
    guide = guide_requests(results, TARGET_CALL)
    table = []
    for row in results.noisy_seeds:
        left = ", ".join(f"{item} x{n}" for item, n in row.left_items.items()) or "-"
        table.append(
            (
                str(row.call_seed),
                second_look(row),
                requests_cell(row),
                ratio(guide, row),
                str(row.occurrences),
                str(row.left_total),
                percent(row.miss_rate),
                left,
                str(row.withheld),
                f"{row.made_up} / {_hallucinations(row)}",
            )
        )
    return table


def noisy_runs(results: SuiteResults, size: int, algorithm: str, verify: bool) -> list[Outcome]:
    """The noisy runs of one algorithm and setting on calls of `size`, every seed."""
    rows = [*results.noisy, *results.noisy_seeds]
    return [
        r
        for r in rows
        if (r.call_size, r.algorithm, r.verify) == (size, algorithm, verify) and not r.crashed
    ]


def pooled_miss_rate(rows: list[Outcome]) -> float:
    """Occurrences left over occurrences, pooled over runs."""
    occurrences = sum(r.occurrences for r in rows)
    return sum(r.left_total for r in rows) / occurrences if occurrences else 0.0


@dataclass(frozen=True)
class VerifyVerdict:
    keep_on: bool
    summary: str


def _worst_ratio(guide: int, rows: list[Outcome]) -> float:
    return min(guide / max(r.requests, 1) for r in rows)


def verify_verdict(results: SuiteResults) -> VerifyVerdict | None:
    """Whether the second look pays, from the engine API on the longest call: fewer misses
    (pooled over every seed), at what cost in requests and time. It is recommended when it
    lowers the misses and is not what breaks the request target (the re-asks may break it
    with or without the second look)."""
    on = noisy_runs(results, TARGET_CALL, ENGINE, True)
    off = noisy_runs(results, TARGET_CALL, ENGINE, False)
    guide = guide_requests(results, TARGET_CALL)
    if not on or not off or guide is None:
        return None
    miss_on, miss_off = pooled_miss_rate(on), pooled_miss_rate(off)
    worst_on, worst_off = _worst_ratio(guide, on), _worst_ratio(guide, off)
    extra = sum(r.requests for r in on) / len(on) - sum(r.requests for r in off) / len(off)
    minutes = [r.real_minutes or 0.0 for r in (on[0], off[0])]
    files = {r.verify: r for r in results.noisy if r.algorithm == FILE}
    file_note = ""
    if True in files and False in files:
        file_note = (
            f"; redact-bot file on the first call: {percent(files[True].miss_rate)} with it, "
            f"{percent(files[False].miss_rate)} without"
        )
    breaks_target = worst_on < MIN_REQUEST_RATIO <= worst_off
    keep_on = miss_on < miss_off and not breaks_target
    if keep_on:
        advice = "keep NER_VERIFY on (the default): it lowers the misses"
        if worst_on < MIN_REQUEST_RATIO:
            advice += (
                f"; the {MIN_REQUEST_RATIO:.0f}x request target is missed with or without it "
                "(the exact second asks do that, see the table above)"
            )
    elif miss_on < miss_off:
        advice = (
            f"the second look lowers the misses but alone breaks the {MIN_REQUEST_RATIO:.0f}x "
            "request target: keep it on only where recall matters more than requests"
        )
    else:
        advice = "turn NER_VERIFY off: the second look did not lower the misses here"
    summary = (
        f"{len(on)} calls of {TARGET_CALL} sentences under the noisy model (engine API): "
        f"missed {percent(miss_on)} of occurrences with the second look, {percent(miss_off)} "
        f"without (target <= {percent(MAX_MISS_RATE)}){file_note}. It costs "
        f"{extra:.1f} more requests per call on average (worst {worst_on:.1f}x fewer than the "
        f"guide with it, {worst_off:.1f}x without) and {minutes[0] - minutes[1]:.2f} more "
        f"real minutes on the first call ({num(minutes[0])} vs {num(minutes[1])}). "
        f"Recommendation: {advice}."
    )
    return VerifyVerdict(keep_on, summary)
