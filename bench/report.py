"""The benchmark's report: tables (terminal and Markdown), the targets, and the JSON file."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.conditions import CONDITIONS, SCALE
from bench.headline import headline
from bench.machine import machine
from bench.method import METHOD
from bench.outcome import ENGINE
from bench.rows import (
    AUDIO_HEADERS,
    MAIN_HEADERS,
    MEMORY_HEADERS,
    SWEEP_HEADERS,
    audio_rows,
    left_details,
    main_rows,
    memory_rows,
    sweep_rows,
)
from bench.suite import SuiteResults
from bench.sweep import SweepVerdict
from bench.tables import Row, markdown_table, text_table
from bench.targets import Target

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
    parts = [heading("Headline"), table(*headline(results))]
    parts += [heading("Runs"), table(MAIN_HEADERS, main_rows(results.main))]
    parts.append(
        "`*` partial: the output the guide printed before it crashed. 'left' counts personal-data "
        "mentions still readable (case, spacing and punctuation ignored); 'harmless lost' "
        "counts strings such as $3.50, v2.1 or a case number that were masked or are gone. "
        "For redact-bot file, 'wall s' is the redaction phase (the engine's own log line); the "
        "whole command, with start-up, upload and the fake transcription, is `total_wall_s` "
        "in the JSON."
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
        f"({info['cpu']}), Python {info['python']}, commit {info['revision']}, "
        f"seed {results.seed}; the whole run took "
        f"{results.seconds:.0f} s. Reproduce with `make bench`."
    )
    body = render(results, targets, verdict, markdown_table, lambda t: f"## {t}", bullet="- ")
    return intro + "\n\n" + body + "\n## How it is measured\n\n" + METHOD


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
