"""Single measured runs: one algorithm, one call, one gateway condition, one fresh fake."""

from __future__ import annotations

import json
from collections import Counter

from bench.report.leaks import count_destroyed, count_left
from bench.report.outcome import ENGINE, FILE, GUIDE, Outcome
from bench.runners.filecmd import run_file
from bench.runners.inprocess import run_worker
from bench.workload.calls import Call
from bench.workload.conditions import API_KEY, RATE_LIMIT, REAL_LATENCY, Condition, real_minutes
from tests.fakes.assemblyai import FakeAssemblyAI
from tests.fakes.gateway import FIND, FakeGateway

MAX_RETRIES = 5  # LLM_GATEWAY_MAX_RETRIES's default
# Each prompt asks for its own answer shape: the guide an array of strings, ours objects.
SHAPES = {GUIDE: "strings", ENGINE: "objects", FILE: "objects"}


def _measure_output(outcome: Outcome, text: str, call: Call) -> None:
    outcome.occurrences = len(call.truth)
    left = count_left(text, call.truth, call.keep)
    outcome.left = left.by_type
    outcome.left_total = left.total
    outcome.left_exact = left.exact
    outcome.left_items = {f"{m.type}: {m.text}": n for m, n in left.items.most_common()}
    destroyed = count_destroyed(text, call.keep)
    outcome.destroyed = sum(destroyed.values())
    outcome.destroyed_items = dict(destroyed.most_common())


def _measure_gateway(outcome: Outcome, fake: FakeGateway, condition: Condition, seed: int) -> None:
    """What the fake received and the faults it served; the gateway phase from its arrival
    times (plus one answer)."""
    served = list(condition.script(seed))[: len(fake.requests)]
    outcome.faults = dict(Counter(action for action in served if action != "ok").most_common())
    arrivals = [request.at for request in fake.requests]
    if arrivals:
        outcome.gateway_s = max(arrivals) - min(arrivals) + fake.latency
    outcome.requests = len(fake.requests)
    outcome.by_pass = dict(Counter(request.mode for request in fake.requests))
    outcome.made_up = _made_up(fake)
    outcome.prompt_chars = fake.prompt_chars()
    outcome.body_chars = sum(len(json.dumps(request.body)) for request in fake.requests)
    outcome.statuses = {str(k): v for k, v in sorted(Counter(fake.statuses).items())}


def _made_up(fake: FakeGateway) -> int:
    """How many entities the fake made up in its answers: one per sentence whose seeded draw
    says so, in every answer to a find prompt (as `FakeGateway.find` decides)."""
    noise = fake.noise
    if not noise.hallucinate:
        return 0
    return sum(
        1
        for request in fake.requests
        if request.mode == FIND
        for sentence in request.sentences
        if noise.draw("hallucinate", sentence) < noise.hallucinate
    )


def _guide_lower_bound(pieces: int, condition: Condition) -> float | None:
    """The least real time the guide's sequential loop needs, in minutes."""
    if condition.rate_limit is not None:
        return pieces / RATE_LIMIT
    if condition.scaled:
        return pieces * REAL_LATENCY / 60
    return None


def run_inprocess(
    call: Call,
    condition: Condition,
    algorithm: str,
    *,
    seed: int,
    sentences_per_request: int = 25,
    concurrency: int = 4,
    verify: bool = True,
    poison: str | None = None,
    trace_memory: bool = False,
) -> Outcome:
    """The guide or the engine API on `call`, in a worker process, against a fresh fake.
    `verify`: the engine's second look (NER_VERIFY, on by default); `poison`: a string whose
    sentence the fake always answers unreadably."""
    fake = condition.start_gateway(call, seed, SHAPES[algorithm], poison)
    try:
        limit = condition.rate_limit
        result = run_worker(
            {
                "algorithm": "guide" if algorithm == GUIDE else "engine",
                "base_url": fake.base_url,
                "api_key": API_KEY,
                "text": call.text,
                "sentences_per_request": sentences_per_request,
                "concurrency": concurrency,
                "verify": verify,
                "max_retries": MAX_RETRIES,
                "rate_limit": list(limit) if limit else None,
                "trace_memory": trace_memory,
            }
        )
    finally:
        fake.stop()
    engine = algorithm != GUIDE
    outcome = Outcome(
        call_size=len(call.lines),
        condition=condition.name,
        algorithm=algorithm,
        call_seed=call.seed,
        sentences_per_request=sentences_per_request if engine else 1,
        concurrency=concurrency if engine else 1,
        verify=verify if engine else None,
        wall_s=result["wall_s"],
        rss_mb=result["rss_mb"],
        heap_mb=result["heap_mb"],
        sentences_done=result["sentences_done"],
        sentences_total=result["sentences_total"],
        withheld=result["withheld"],
        hallucinations=result.get("hallucinations"),
        asks=result.get("asks"),
        crashed=result["error"],
    )
    _measure_gateway(outcome, fake, condition, seed)
    _measure_output(outcome, result["text"], call)
    if condition.scaled:
        outcome.real_minutes = real_minutes(outcome.wall_s, outcome.gateway_s)
    if not engine:
        outcome.lower_bound_minutes = _guide_lower_bound(outcome.sentences_total, condition)
        if outcome.crashed:
            outcome.notes.append(
                f"crashed ({outcome.crashed}) after {outcome.sentences_done} of "
                f"{outcome.sentences_total} pieces"
            )
    return outcome


def run_cli_file(
    call: Call,
    condition: Condition,
    assemblyai: FakeAssemblyAI,
    *,
    seed: int,
    sentences_per_request: int = 25,
    concurrency: int = 4,
    verify: bool = True,
    poison: str | None = None,
    size: int = 0,
) -> Outcome:
    """`redact-bot file` on a recording of `call` against a fresh fake gateway."""
    fake = condition.start_gateway(call, seed, SHAPES[FILE], poison)
    try:
        run = run_file(
            call,
            fake,
            assemblyai,
            sentences_per_request=sentences_per_request,
            concurrency=concurrency,
            verify=verify,
            size=size,
        )
    finally:
        fake.stop()
    outcome = Outcome(
        call_size=len(call.lines),
        condition=condition.name,
        algorithm=FILE,
        call_seed=call.seed,
        sentences_per_request=sentences_per_request,
        concurrency=concurrency,
        verify=verify,
        wall_s=run.redaction_s if run.redaction_s is not None else run.wall_s,
        total_wall_s=run.wall_s,
        rss_mb=run.rss_mb,
        sentences_done=run.sentences - run.withheld,
        sentences_total=run.sentences,
        withheld=run.withheld,
        hallucinations=run.hallucinations,
        asks=run.asks,
        crashed=None if run.exit_code == 0 else f"exit {run.exit_code}",
    )
    if run.exit_code != 0:
        outcome.notes.append(f"exit {run.exit_code}: {run.stderr_tail}")
    if run.redaction_s is None:
        outcome.notes.append("no 'redacted ... took=' log line: wall_s is the whole command")
    _measure_gateway(outcome, fake, condition, seed)
    _measure_output(outcome, run.text, call)
    if condition.scaled:
        outcome.real_minutes = real_minutes(outcome.wall_s, outcome.gateway_s)
    return outcome
