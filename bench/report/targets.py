"""The issue's targets, each checked against the measured outcomes: PASS or FAIL, with numbers."""

from __future__ import annotations

from dataclasses import dataclass

from bench.report.noisy import VerifyVerdict, guide_requests, noisy_runs, percent, pooled_miss_rate
from bench.report.outcome import ENGINE, FILE, GUIDE, Outcome, finished, names_left, structured_left
from bench.report.sweep import SweepVerdict
from bench.report.thresholds import (
    GUIDE_RATE_LIMITED_MINUTES,
    MAX_ACK_P99_SECONDS,
    MAX_AUDIO_LENGTH_ERROR_MS,
    MAX_AUDIO_MB,
    MAX_BENCH_SECONDS,
    MAX_BIG_FILE_MB,
    MAX_LIMITER_P50_MS,
    MAX_MISS_RATE,
    MAX_POST_AFTER_CLICK_SECONDS,
    MAX_RATE_LIMITED_MINUTES,
    MAX_REDACT_REQUESTS,
    MIN_AUDIO_SPEED,
    MIN_PROMPT_RATIO,
    MIN_REQUEST_RATIO,
    MIN_SPEEDUP,
    NOISY_DROP,
    TARGET_CALL,
)
from bench.runners.replicas import RECORDINGS as REPLICA_RECORDINGS
from bench.runners.replicas import ReplicasResult
from bench.runners.slack_load import PEOPLE, RECORDINGS, SlackLoadResult, percentile
from bench.runners.suite import DEFAULTS, SuiteResults

OURS = (ENGINE, FILE)


@dataclass(frozen=True)
class Target:
    name: str
    passed: bool
    evidence: str

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"


def _find(rows: list[Outcome], size: int, condition: str, algorithm: str) -> Outcome | None:
    for row in rows:
        if (row.call_size, row.condition, row.algorithm) == (size, condition, algorithm):
            return row
    return None


def _ratios(guide: Outcome, ours: list[Outcome]) -> list[Target]:
    request_ratios = [guide.requests / max(row.requests, 1) for row in ours]
    prompt_ratios = [guide.prompt_chars / max(row.prompt_chars, 1) for row in ours]
    return [
        Target(
            f">= {MIN_REQUEST_RATIO:.0f}x fewer gateway requests ({TARGET_CALL} sentences, fast)",
            min(request_ratios) >= MIN_REQUEST_RATIO,
            f"guide {guide.requests}; "
            + ", ".join(
                f"{r.algorithm} {r.requests} ({x:.1f}x)"
                for r, x in zip(ours, request_ratios, strict=True)
            ),
        ),
        Target(
            f">= {MIN_PROMPT_RATIO:.0f}x fewer prompt characters ({TARGET_CALL} sentences, fast)",
            min(prompt_ratios) >= MIN_PROMPT_RATIO,
            f"guide {guide.prompt_chars:,}; "
            + ", ".join(
                f"{r.algorithm} {r.prompt_chars:,} ({x:.1f}x)"
                for r, x in zip(ours, prompt_ratios, strict=True)
            )
            + f"; whole request bodies, JSON schema included: guide {guide.body_chars:,}, "
            + ", ".join(
                f"{r.algorithm} {r.body_chars:,} ({guide.body_chars / max(r.body_chars, 1):.1f}x)"
                for r in ours
            ),
        ),
    ]


def _safety(rows: list[Outcome], guide: Outcome, ours: list[Outcome]) -> list[Target]:
    all_ours = [r for r in rows if r.call_size == TARGET_CALL and r.algorithm in OURS]
    worst = max(structured_left(r) for r in all_ours)
    return [
        Target(
            f"zero structured items left ({TARGET_CALL} sentences, every condition, API and CLI)",
            worst == 0 and all(r.crashed is None for r in all_ours),
            f"most left in one run: {worst} (emails, phones, cards, SSNs); "
            f"guide, fast: {structured_left(guide)}",
        ),
        Target(
            f"no more person/organisation leaks than the guide ({TARGET_CALL} sentences, fast)",
            all(names_left(r) <= names_left(guide) for r in ours),
            f"guide {names_left(guide)}; "
            + ", ".join(f"{r.algorithm} {names_left(r)}" for r in ours),
        ),
    ]


def _rate_limited(rows: list[Outcome]) -> list[Target]:
    ours = [_find(rows, TARGET_CALL, "rate-limited", a) for a in OURS]
    ours_found = [r for r in ours if r is not None]
    guide = _find(rows, TARGET_CALL, "rate-limited", GUIDE)
    ok = bool(ours_found) and all(
        finished(r) and (r.real_minutes or 0) < MAX_RATE_LIMITED_MINUTES for r in ours_found
    )
    targets = [
        Target(
            f"30 req/min: {TARGET_CALL} sentences redacted in < {MAX_RATE_LIMITED_MINUTES:.0f} "
            "real-time-equivalent minutes",
            ok,
            ", ".join(f"{r.algorithm} {r.real_minutes or 0:.2f} min" for r in ours_found),
        )
    ]
    if guide is not None:
        bound = guide.lower_bound_minutes or 0.0
        crashed_on_429 = guide.crashed is not None and guide.statuses.get("429", 0) > 0
        targets.append(
            Target(
                f"30 req/min: the guide needs > {GUIDE_RATE_LIMITED_MINUTES:.0f} min "
                "(or crashes on the first 429)",
                bound > GUIDE_RATE_LIMITED_MINUTES or crashed_on_429,
                f"{guide.sentences_total} sequential requests >= {bound:.1f} min; "
                + (
                    f"crashed ({guide.crashed}) on the first 429 after {guide.sentences_done}"
                    if crashed_on_429
                    else "did not crash"
                ),
            )
        )
    return targets


def _times(values: list[float]) -> str:
    if not values:
        return "none measured"
    return (
        f"p50 {percentile(values, 0.5):.3f} s, p99 {percentile(values, 0.99):.3f} s, "
        f"max {max(values):.3f} s (n={len(values)})"
    )


def _slack_load(load: SlackLoadResult) -> list[Target]:
    acks = load.all_acks
    by_kind = "; ".join(f"{kind}s {_times(times)}" for kind, times in load.acks.items())
    largest = load.largest
    within = [case for case in largest.values() if case["answer"] == "preview"]
    refused = [case for case in largest.values() if case["answer"] != "preview"]
    cost = ", ".join(
        f"{name}: {case['characters']:,} characters, {case['sentences']} sentences, "
        f"{case['requests']} requests"
        for name, case in largest.items()
    )
    return [
        Target(
            f"Slack acknowledgements p99 < {MAX_ACK_P99_SECONDS} s ({RECORDINGS} recordings, "
            f"{PEOPLE} concurrent /redact and their Post clicks; 3 s gateway at 30 requests/min)",
            bool(acks) and percentile(acks, 0.99) < MAX_ACK_P99_SECONDS and not load.errors,
            f"all {_times(acks)}; {by_kind}"
            + (f"; errors: {', '.join(load.errors[:5])}" if load.errors else ""),
        ),
        Target(
            f"Post click to the post in the channel < {MAX_POST_AFTER_CLICK_SECONDS} s, "
            "under that load",
            load.posted == PEOPLE
            and bool(load.post_after_click)
            and max(load.post_after_click) < MAX_POST_AFTER_CLICK_SECONDS,
            f"{load.posted}/{PEOPLE} posted; {_times(load.post_after_click)}",
        ),
        Target(
            "recordings progress while /redact goes first at the gateway",
            load.recordings_done == RECORDINGS and load.recordings_done_during_interactive > 0,
            f"{load.recordings_done_during_interactive} of {RECORDINGS} recordings done before "
            f"the last post, all {load.recordings_done} in {load.load_seconds:.0f} s; gateway "
            f"order (I /redact, R recording): {load.gateway_order}; "
            f"{load.gateway_429} answers 429",
        ),
        Target(
            f"the largest /redact costs at most {MAX_REDACT_REQUESTS} gateway requests (4 "
            "windows, 1 second look, 2 asked again); longer is refused",
            bool(within)
            and all(case["requests"] <= MAX_REDACT_REQUESTS for case in within)
            and all(case["requests"] == 0 for case in refused),
            cost,
        ),
    ]


def _replicas(result: ReplicasResult) -> list[Target]:
    if result.skipped or not result.runs:
        return []
    one = result.runs[0]
    targets = []
    for run in result.runs[1:]:
        speedup = run.per_minute / max(one.per_minute, 1e-9)
        wanted = MIN_SPEEDUP.get(run.replicas, 1.0)
        targets.append(
            Target(
                f"{run.replicas} replicas >= {wanted}x the recordings per minute of one "
                "(slow AssemblyAI), each recording once",
                speedup >= wanted
                and run.uploads == run.status_posts == run.recordings_done == REPLICA_RECORDINGS,
                f"{run.per_minute:.1f}/min against {one.per_minute:.1f}/min ({speedup:.2f}x); "
                f"jobs per replica {run.jobs_per_replica}; {run.uploads} uploads, "
                f"{run.status_posts} status messages for {run.recordings_done} recordings",
            )
        )
    shared = result.limiter_ms.get("shared limiter, one caller", {})
    targets.append(
        Target(
            f"the shared gateway budget costs a request < {MAX_LIMITER_P50_MS} ms (p50)",
            bool(shared) and shared["p50"] < MAX_LIMITER_P50_MS,
            "; ".join(
                f"{name}: p50 {cost['p50']:.3f} ms, p99 {cost['p99']:.3f} ms"
                for name, cost in result.limiter_ms.items()
            ),
        )
    )
    return targets


def _audio(results: SuiteResults) -> list[Target]:
    runs = results.audio
    if not runs:
        return []
    written = [r for r in runs if r.exit_code == 0 and r.output_minutes and not r.notes]
    length_errors = [abs(r.output_minutes - r.minutes) * 60_000 for r in written]
    return [
        Target(
            f"redacted audio >= {MIN_AUDIO_SPEED:.0f}x faster than real time",
            len(written) == len(runs) and all((r.speed or 0) >= MIN_AUDIO_SPEED for r in runs),
            "; ".join(
                f"{r.recording}: {r.minutes:.0f} min in {r.audio_s or 0:.0f} s "
                f"({r.speed or 0:.0f}x), {r.intervals} stretches"
                for r in runs
            ),
        ),
        Target(
            f"peak memory of redact-bot file --audio-out < {MAX_AUDIO_MB:.0f} MB, "
            "a 550 MB recording included",
            all(r.rss_mb is not None and r.rss_mb < MAX_AUDIO_MB for r in runs),
            "; ".join(
                f"{r.recording} ({r.size_mb:.0f} MB): VmHWM {r.rss_mb or 0:.1f} MB" for r in runs
            ),
        ),
        Target(
            f"redacted audio as long as the recording (within {MAX_AUDIO_LENGTH_ERROR_MS:.0f} ms)",
            len(written) == len(runs)
            and all(e <= MAX_AUDIO_LENGTH_ERROR_MS for e in length_errors),
            ", ".join(f"{e:.0f} ms" for e in length_errors) or "no audio written",
        ),
    ]


def _miss(row: Outcome) -> str:
    items = ", ".join(f"{item} x{n}" for item, n in row.left_items.items())
    detail = f": {items}" if items else ""
    return f"{percent(row.miss_rate)} ({row.left_total} of {row.occurrences}{detail})"


def _noisy(results: SuiteResults) -> list[Target]:
    """Under the noisy model, on the longest call: misses and requests with the second look
    on (as shipped), on this seed's call and on the other seeds' calls."""
    guide = guide_requests(results, TARGET_CALL)
    shipped = {a: noisy_runs(results, TARGET_CALL, a, True) for a in (ENGINE, FILE)}
    without = {a: noisy_runs(results, TARGET_CALL, a, False) for a in (ENGINE, FILE)}
    if guide is None or not shipped[ENGINE] or not shipped[FILE]:
        return []
    first = {a: rows[0] for a, rows in shipped.items()}
    seeds_on, seeds_off = shipped[ENGINE][1:], without[ENGINE][1:]
    spread = ""
    if seeds_on:
        spread = (
            f"; engine API on {len(seeds_on)} calls of other seeds: "
            + ", ".join(percent(r.miss_rate) for r in seeds_on)
            + f" (pooled {percent(pooled_miss_rate(seeds_on))}; without the second look "
            + f"{percent(pooled_miss_rate(seeds_off))})"
        )
    every_on = [*shipped[ENGINE], *shipped[FILE]]
    misses = Target(
        f"model-miss <= {percent(MAX_MISS_RATE)} of occurrences against a model that drops "
        f"{NOISY_DROP:.0%} of entities ({TARGET_CALL} sentences, noisy, second look on)",
        all(r.miss_rate <= MAX_MISS_RATE for r in every_on),
        f"engine API {_miss(first[ENGINE])}; redact-bot file {_miss(first[FILE])}"
        + spread
        + "; second look off: "
        + ", ".join(f"{a} {percent(rows[0].miss_rate)}" for a, rows in without.items() if rows),
    )
    ratios = [guide / max(r.requests, 1) for r in every_on]
    requests = Target(
        f">= {MIN_REQUEST_RATIO:.0f}x fewer gateway requests than the guide under the noisy "
        f"model ({TARGET_CALL} sentences, second look on)",
        min(ratios) >= MIN_REQUEST_RATIO,
        f"guide {guide}; engine API {first[ENGINE].requests} "
        f"({guide / max(first[ENGINE].requests, 1):.1f}x), redact-bot file "
        f"{first[FILE].requests} ({guide / max(first[FILE].requests, 1):.1f}x); worst over "
        f"{len(every_on)} runs {min(ratios):.1f}x"
        + "; second look off: "
        + ", ".join(
            f"{a} {rows[0].requests} ({guide / max(rows[0].requests, 1):.1f}x)"
            for a, rows in without.items()
            if rows
        ),
    )
    return [misses, requests]


def _lost(row: Outcome) -> str:
    crashed = f", {row.crashed}" if row.crashed else ""
    return f"{row.call_size} {row.condition} {row.algorithm}: {row.withheld}{crashed}"


def _withheld(results: SuiteResults) -> list[Target]:
    """No run loses more than the sentences the fake never answered readably."""
    runs = [*results.main, *results.sweep, *results.noisy, *results.noisy_seeds]
    ours = [r for r in runs if r.algorithm in OURS]
    if not ours:
        return []
    lost = [r for r in ours if r.crashed or r.withheld]
    poisoned_ok = all(r.crashed is None and r.withheld == 1 for r in results.poisoned)
    detail = f" ({'; '.join(_lost(r) for r in lost)})" if lost else ""
    evidence = (
        f"{len(ours)} runs where the fake answers every sentence in the end (fast, realistic, "
        f"rate-limited, sweep, noisy; API and CLI): {sum(r.withheld for r in ours)} sentences "
        f"withheld{detail}; one sentence always unreadable: "
        + ", ".join(f"{r.algorithm} withheld {r.withheld}" for r in results.poisoned)
    )
    return [
        Target(
            "no run withholds more than the sentences the model could not answer (0 under "
            "noise, faults and rate limits; exactly the one always-unreadable sentence)",
            not lost and poisoned_ok,
            evidence,
        )
    ]


def evaluate(
    results: SuiteResults, verdict: SweepVerdict | None, verify: VerifyVerdict | None = None
) -> list[Target]:
    rows = results.main
    targets: list[Target] = []
    guide = _find(rows, TARGET_CALL, "fast", GUIDE)
    ours = [r for r in (_find(rows, TARGET_CALL, "fast", a) for a in OURS) if r is not None]
    if guide is not None and ours:
        targets += _ratios(guide, ours)
        targets += _safety(rows, guide, ours)
    targets += _rate_limited(rows)
    if results.slack_load is not None:
        targets += _slack_load(results.slack_load)
    if results.replicas is not None:
        targets += _replicas(results.replicas)
    targets += _noisy(results)
    targets += _withheld(results)
    if verify is not None:
        targets.append(
            Target(
                "default NER_VERIFY=true is supported by the noisy runs",
                verify.keep_on,
                verify.summary,
            )
        )
    if results.big_file is not None:
        big = results.big_file
        targets.append(
            Target(
                f"peak memory of redact-bot file on a 500 MB file < {MAX_BIG_FILE_MB:.0f} MB",
                finished(big) and big.rss_mb is not None and big.rss_mb < MAX_BIG_FILE_MB,
                f"VmHWM {big.rss_mb or 0:.1f} MB; " + "; ".join(big.notes),
            )
        )
    targets += _audio(results)
    targets.append(
        Target(
            f"whole benchmark < {MAX_BENCH_SECONDS / 60:.0f} minutes",
            results.seconds < MAX_BENCH_SECONDS,
            f"{results.seconds:.0f} s (excluding `make`'s install step)",
        )
    )
    if verdict is not None:
        targets.append(
            Target(
                f"defaults NER_SENTENCES_PER_REQUEST={DEFAULTS[0]}, NER_CONCURRENCY={DEFAULTS[1]}"
                " are supported by the sweep",
                DEFAULTS in verdict.qualifying,
                verdict.summary,
            )
        )
    return targets
