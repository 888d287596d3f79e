"""Which NER_SENTENCES_PER_REQUEST / NER_CONCURRENCY settings the sweep's numbers support.

A setting qualifies when, on the longest call, it keeps the issue's targets: at least 20x fewer
requests and 5x fewer prompt characters than the guide, nothing withheld and no structured
item left under the realistic gateway, and under 2 real-time-equivalent minutes at 30
requests per minute. Among the qualifying settings within 25% of the fastest (realistic plus
rate-limited minutes), the recommended one has the smallest windows (less withheld when one
window fails, shorter answers) and then the lowest concurrency (gentler on the shared limit).
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.report.outcome import Outcome, structured_left
from bench.report.thresholds import MAX_RATE_LIMITED_MINUTES, MIN_PROMPT_RATIO, MIN_REQUEST_RATIO
from bench.workload.conditions import RATE_LIMITED, REALISTIC

Setting = tuple[int, int]  # (sentences per request, concurrency)
NEAR_FASTEST = 1.25


@dataclass(frozen=True)
class Cell:
    setting: Setting
    realistic: Outcome
    limited: Outcome
    problems: tuple[str, ...]

    @property
    def minutes(self) -> float:
        return (self.realistic.real_minutes or 0.0) + (self.limited.real_minutes or 0.0)


@dataclass(frozen=True)
class SweepVerdict:
    cells: list[Cell]
    qualifying: list[Setting]
    recommended: Setting | None
    summary: str


def _problems(realistic: Outcome, limited: Outcome, guide: Outcome | None) -> tuple[str, ...]:
    problems = []
    if realistic.crashed or realistic.withheld:
        problems.append(f"realistic: {realistic.withheld} withheld")
    if structured_left(realistic) or structured_left(limited):
        problems.append("structured items left")
    if limited.crashed or limited.withheld:
        problems.append(f"rate-limited: {limited.withheld} withheld")
    if (limited.real_minutes or 0.0) >= MAX_RATE_LIMITED_MINUTES:
        problems.append(f"rate-limited {limited.real_minutes:.2f} min")
    if guide is not None:
        if guide.requests / max(limited.requests, 1) < MIN_REQUEST_RATIO:
            problems.append(f"requests only {guide.requests / max(limited.requests, 1):.1f}x")
        if guide.prompt_chars / max(limited.prompt_chars, 1) < MIN_PROMPT_RATIO:
            problems.append(f"prompt characters under {MIN_PROMPT_RATIO:.0f}x")
    return tuple(problems)


def cells(rows: list[Outcome], guide: Outcome | None) -> list[Cell]:
    by_setting: dict[Setting, dict[str, Outcome]] = {}
    for row in rows:
        setting = (row.sentences_per_request or 0, row.concurrency or 0)
        by_setting.setdefault(setting, {})[row.condition] = row
    result = []
    for setting, runs in sorted(by_setting.items()):
        realistic, limited = runs[REALISTIC.name], runs[RATE_LIMITED.name]
        result.append(Cell(setting, realistic, limited, _problems(realistic, limited, guide)))
    return result


def _name(setting: Setting) -> str:
    return f"{setting[0]}/{setting[1]}"


def supported(rows: list[Outcome], guide: Outcome | None) -> SweepVerdict:
    table = cells(rows, guide)
    good = [cell for cell in table if not cell.problems]
    if not good:
        return SweepVerdict(table, [], None, "no setting qualifies")
    fastest = min(good, key=lambda cell: cell.minutes)
    near = [cell for cell in good if cell.minutes <= fastest.minutes * NEAR_FASTEST]
    recommended = min(near, key=lambda cell: cell.setting).setting
    summary = (
        f"qualifying (sentences/concurrency): {', '.join(_name(c.setting) for c in good)}; "
        f"fastest {_name(fastest.setting)} ({fastest.minutes:.2f} min realistic + limited); "
        f"recommended {_name(recommended)}"
    )
    return SweepVerdict(table, [c.setting for c in good], recommended, summary)
