"""The benchmark's report: tables (terminal and Markdown), the targets, and the JSON file."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report.headline import headline, noisy_headline
from bench.report.machine import machine
from bench.report.method import METHOD
from bench.report.noisy import NOISY_HEADERS, SEED_HEADERS, VerifyVerdict, noisy_rows, seed_rows
from bench.report.outcome import ENGINE
from bench.report.rows import (
    AUDIO_HEADERS,
    MAIN_HEADERS,
    MEMORY_HEADERS,
    SWEEP_HEADERS,
    audio_rows,
    left_details,
    main_rows,
    memory_rows,
    num,
    sweep_rows,
)
from bench.report.sweep import SweepVerdict
from bench.report.tables import Row, markdown_table, text_table
from bench.report.targets import Target
from bench.runners.replicas import RECORDINGS as REPLICA_RECORDINGS
from bench.runners.replicas import ReplicasResult
from bench.runners.slack_load import SlackLoadResult, percentile
from bench.runners.suite import SuiteResults
from bench.workload.conditions import CONDITIONS, NOISY, SCALE

Render = Callable[[Row, list[Row]], str]


def target_lines(targets: list[Target], bullet: str) -> list[str]:
    return [f"{bullet}{t.verdict}  {t.name}: {t.evidence}" for t in targets]


def conditions_lines() -> list[str]:
    lines = [
        f"Clock scale {SCALE:.4f} (1/{1 / SCALE:.0f}): on the gateway, 1 s of wall time stands "
        "for 1 real minute. 'real min' = the gateway phase (first request to last answer, "
        "retries and waits included) / scale + the local work before and after it at face "
        "value. The fake's whole-second Retry-After and X-RateLimit-Reset are not scaled, so "
        "each counts as a full minute: ours are upper bounds. For the guide, 'real min' is "
        "the least time its sequential requests need (1 s each; 30 per minute when "
        "rate-limited)."
    ]
    lines += [f"- {c.name}: {c.description}" for c in (*CONDITIONS, NOISY)]
    return lines


def noisy_parts(
    results: SuiteResults,
    verify: VerifyVerdict | None,
    table: Render,
    heading: Callable[[str], str],
) -> list[str]:
    """The noisy model: every call, the always-unreadable sentence, the other seeds, and
    whether the second look pays."""
    if not results.noisy:
        return []
    parts = [heading("Noisy model")]
    top = noisy_headline(results)
    if top is not None:
        parts.append(table(*top))
    parts.append(table(NOISY_HEADERS, noisy_rows(results, results.noisy + results.poisoned)))
    parts.append(
        f"{NOISY.description}. 'miss rate' = personal-data occurrences still readable / all "
        "occurrences in the call. 'made up by the model' counts the entities the fake invented "
        "in its answers (generic ones such as 'Support Team' included, which the engine "
        "ignores outright); 'counted as made up' is the engine's own count of entities it "
        "could not find and that nothing in their sentence resembles (nothing withheld for "
        "them). The last rows hold one sentence the fake never answers readably, whatever "
        "is asked. redact-bot file runs with --allow-partial so a partial transcript can be "
        "measured."
    )
    for row in results.noisy:
        if row.call_size == max(r.call_size for r in results.noisy) and row.algorithm == ENGINE:
            look = "second look on" if row.verify else "second look off"
            parts.append(f"Item by item ({look}): " + left_details(row) + ".")
    if results.noisy_seeds:
        parts += [
            heading("Noisy model, other calls"),
            table(SEED_HEADERS, seed_rows(results)),
            f"The engine API on {max(r.call_size for r in results.noisy_seeds)}-sentence calls "
            "generated from other seeds (other people, numbers, sentence order and noise "
            "draws); 'x fewer than the guide' divides the guide's requests on the first call "
            "(it sends one per piece, about as many on these calls).",
        ]
    if verify is not None:
        parts += [heading("The second look (NER_VERIFY)"), verify.summary]
    return parts


def render(
    results: SuiteResults,
    targets: list[Target],
    verdict: SweepVerdict | None,
    verify: VerifyVerdict | None,
    table: Render,
    heading: Callable[[str], str],
    bullet: str = "",
) -> str:
    parts: list[str] = []
    if results.main:
        parts += engine_parts(results, verdict, verify, table, heading)
    if results.slack_load is not None:
        parts += [heading("Slack surface under load"), *slack_load_parts(results.slack_load, table)]
    if results.replicas is not None:
        parts += [heading("Replicas sharing PostgreSQL"), *replicas_parts(results.replicas, table)]
    parts += [heading("Targets"), "\n".join(target_lines(targets, bullet))]
    return "\n\n".join(parts) + "\n"


def slack_load_parts(load: SlackLoadResult, table: Render) -> list[str]:
    rows = [
        [
            kind,
            str(len(times)),
            num(percentile(times, 0.5), 3),
            num(percentile(times, 0.99), 3),
            num(max(times), 3),
        ]
        for kind, times in [*load.acks.items(), ("post after click", load.post_after_click)]
        if times
    ]
    largest = [
        [
            name,
            f"{case['characters']:,}",
            str(case["sentences"]),
            str(case["requests"]),
            case["answer"] if case["answer"] == "preview" else "refused",
        ]
        for name, case in load.largest.items()
    ]
    return [
        SLACK_LOAD_SETUP,
        table(["measured", "n", "p50 s", "p99 s", "max s"], rows),
        f"Recordings done before the last post: {load.recordings_done_during_interactive} of "
        f"{load.recordings_done}; the whole load took {load.load_seconds:.0f} s. Gateway "
        f"requests in order of arrival (I = /redact, R = recording): `{load.gateway_order}`.",
        "The largest `/redact` (idle, instant gateway; REDACT_MAX_CHARS=4000, "
        "REDACT_MAX_SENTENCES=100, NER_SENTENCES_PER_REQUEST=25):",
        table(["text", "characters", "sentences", "gateway requests", "answer"], largest),
    ]


def replicas_parts(result: ReplicasResult, table: Render) -> list[str]:
    if result.skipped:
        return [result.skipped]
    base = result.runs[0].per_minute if result.runs else 0.0
    runs = [
        [
            str(run.replicas),
            f"{run.recordings_done}/{REPLICA_RECORDINGS}",
            num(run.seconds, 1),
            num(run.per_minute, 1),
            f"{run.per_minute / base:.2f}x" if base else "-",
            " ".join(map(str, run.jobs_per_replica)),
        ]
        for run in result.runs
    ]
    costs = [
        [name, num(cost["p50"], 3), num(cost["p99"], 3), num(cost["max"], 3)]
        for name, cost in result.limiter_ms.items()
    ]
    return [
        REPLICAS_SETUP,
        table(["replicas", "results", "wall s", "per minute", "speedup", "jobs each"], runs),
        "What one gateway request's turn costs (`try_acquire`, 2,000 times, nobody waits):",
        table(["limiter", "p50 ms", "p99 ms", "max ms"], costs),
    ]


REPLICAS_SETUP = (
    "`redact-bot serve` replicas sharing one PostgreSQL database (a fresh schema per run), "
    f"{REPLICA_RECORDINGS} recordings shared round-robin to them, JOB_CONCURRENCY=2 each, "
    "against a slow fake AssemblyAI (about 3 s per transcript) and a fast gateway; wall time "
    "from the first share to the last result in Slack."
)


SLACK_LOAD_SETUP = (
    "`redact-bot serve` in HTTP mode with its default settings, driven by signed requests. "
    "The fake gateway answers in a real 3 s and allows a real 30 requests per minute (this "
    "part is not on the scaled clock: Slack's 3-second acknowledgement window is wall "
    "time). 20 recordings are shared one a second; after 2 s, 16 people send `/redact` at "
    "once and each clicks Post as soon as their preview arrives. Times are measured by the "
    "client (acknowledgements) and by the fake Slack (the post)."
)


def engine_parts(
    results: SuiteResults,
    verdict: SweepVerdict | None,
    verify: VerifyVerdict | None,
    table: Render,
    heading: Callable[[str], str],
) -> list[str]:
    parts = [heading("Headline"), table(*headline(results))]
    parts += [heading("Runs"), table(MAIN_HEADERS, main_rows(results.main))]
    parts.append(
        "`*` partial: the output the guide printed before it crashed. 'left' counts personal-data "
        "mentions still readable (case, spacing and punctuation ignored); 'harmless lost' "
        "counts strings such as $3.50, v2.1 or a case number that were masked or are gone. "
        "For redact-bot file, 'wall s' is the redaction phase (the engine's own log line); the "
        "whole command, with start-up, upload and the fake transcription, is `total_wall_s` "
        "in the JSON. redact-bot runs with the second look (NER_VERIFY) on, as shipped."
    )
    ours = [r for r in results.main if r.algorithm == ENGINE and r.condition == "fast"]
    if ours:
        parts.append("Item by item: " + left_details(max(ours, key=lambda r: r.call_size)) + ".")
    if results.sensitivity:
        parts += [
            heading("If the model found every spelling"),
            table(MAIN_HEADERS, main_rows(results.sensitivity)),
            "The fake model here knows every mention as written (first names, lower case, "
            "other formats). What the guide still leaks comes from its own splitting (emails "
            "and dotted numbers cut at '.', so no piece holds the whole entity).",
        ]
    parts += noisy_parts(results, verify, table, heading)
    parts += [heading("Memory"), table(MEMORY_HEADERS, memory_rows(results))]
    if results.audio:
        parts += [
            heading("Redacted audio (redact-bot file --audio-out)"),
            table(AUDIO_HEADERS, audio_rows(results)),
            "The fake AssemblyAI times the 600-sentence call's words over the hour and the fake "
            "model knows every entity, so every mention is bleeped (150 ms padding). 'audio s' "
            "is the bleeping phase alone (decode, paint, encode to AAC), from the bleeper's log "
            "line; the whole command adds start-up, upload, transcription and redaction. "
            "Generating the recordings is not counted.",
        ]
    if verdict is not None:
        parts += [
            heading("Sweep (600 sentences, engine API)"),
            table(SWEEP_HEADERS, sweep_rows(verdict)),
        ]
        parts.append(
            verdict.summary + ". The fake answers in the same time whatever the window holds; "
            "a real model takes longer to list the entities of a larger window, so large "
            "windows look better here than they are."
        )
    parts += [heading("Conditions"), "\n".join(conditions_lines())]
    return parts


def render_text(
    results: SuiteResults,
    targets: list[Target],
    verdict: SweepVerdict | None,
    verify: VerifyVerdict | None = None,
) -> str:
    return render(results, targets, verdict, verify, text_table, lambda title: f"== {title} ==")


def render_markdown(
    results: SuiteResults,
    targets: list[Target],
    verdict: SweepVerdict | None,
    verify: VerifyVerdict | None = None,
) -> str:
    info = machine()
    intro = (
        f"# Benchmark results\n\nMeasured {info['date']} on {info['nproc']} cores "
        f"({info['cpu']}), Python {info['python']}, commit {info['revision']}, "
        f"seed {results.seed}; the whole run took "
        f"{results.seconds:.0f} s. Reproduce with `make bench`."
    )
    body = render(
        results, targets, verdict, verify, markdown_table, lambda t: f"## {t}", bullet="- "
    )
    return intro + "\n\n" + body + "\n## How it is measured\n\n" + METHOD


def write_json(
    path: Path,
    results: SuiteResults,
    targets: list[Target],
    verdict: SweepVerdict | None,
    verify: VerifyVerdict | None = None,
) -> None:
    payload: dict[str, Any] = {
        "meta": {
            **machine(),
            "argv": sys.argv[1:],
            "seed": results.seed,
            "scale": SCALE,
            "seconds": results.seconds,
            "conditions": {c.name: c.description for c in (*CONDITIONS, NOISY)},
        },
        "runs": [r.as_dict() for r in results.main],
        "heap_runs": [r.as_dict() for r in results.heap],
        "all_spellings_runs": [r.as_dict() for r in results.sensitivity],
        "sweep": [r.as_dict() for r in results.sweep],
        "noisy_runs": [r.as_dict() for r in results.noisy],
        "noisy_unreadable_sentence_runs": [r.as_dict() for r in results.poisoned],
        "noisy_other_seeds_runs": [r.as_dict() for r in results.noisy_seeds],
        "verify_verdict": None
        if verify is None
        else {"keep_on": verify.keep_on, "summary": verify.summary},
        "big_file": results.big_file.as_dict() if results.big_file else None,
        "slack_load": results.slack_load.as_dict() if results.slack_load else None,
        "replicas": results.replicas.as_dict() if results.replicas else None,
        "audio_runs": [r.as_dict() for r in results.audio],
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
