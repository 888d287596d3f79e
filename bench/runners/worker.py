"""Runs one algorithm once, in its own process, and prints what happened as JSON.

`python -m bench.runners.worker < job.json`. A process of its own keeps the fake servers' memory out
of the measurement: `heap_mb` is tracemalloc's peak during the redaction (Python allocations
of the algorithm), `rss_mb` the process's peak resident set (interpreter and imports too).
Imports and client construction happen before the clock starts, for both algorithms.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.runners.memory import vm_hwm_mb
from bench.workload import guide

MB = 1024 * 1024
Run = Callable[[], dict[str, Any]]


def prepare_guide(job: dict[str, Any]) -> Run:
    def run() -> dict[str, Any]:
        result = guide.redact(job["text"], job["base_url"], job["api_key"])
        return {
            "text": result.text,
            "error": result.error,
            "sentences_done": result.sentences_done,
            "sentences_total": result.sentences_total,
            "withheld": 0,
        }

    return run


def prepare_engine(job: dict[str, Any]) -> Run:
    """The engine through its public API, built as `bot.services` builds it from settings
    (`verify` is NER_VERIFY; the other settings at their defaults). Imported here so the
    guide's process does not carry the engine's imports."""
    from bot.clients.gateway import GatewayClient
    from bot.clients.ratelimit import RateLimiter
    from bot.redaction import Redactor
    from bot.redaction.ner import GatewayNer

    limit = job.get("rate_limit")
    client = GatewayClient(
        base_url=job["base_url"],
        api_key=job["api_key"],
        model=guide.MODEL,
        max_retries=job["max_retries"],
        concurrency=job["concurrency"],
        rate_limiter=RateLimiter(limit[0], limit[1]) if limit else None,
    )
    redactor = Redactor(
        GatewayNer(client),
        style="mask",
        sentences_per_request=job["sentences_per_request"],
        concurrency=job["concurrency"],
        verify=job["verify"],
    )

    def run() -> dict[str, Any]:
        redaction = redactor.redact(job["text"])
        return {
            "text": redaction.text,
            "error": None,
            "sentences_done": redaction.sentence_count - len(redaction.withheld),
            "sentences_total": redaction.sentence_count,
            "withheld": len(redaction.withheld),
            "hallucinations": redaction.hallucinations,
            "asks": redaction.asks,
        }

    return run


PREPARE = {"guide": prepare_guide, "engine": prepare_engine}


def main() -> None:
    job = json.load(sys.stdin)
    run = PREPARE[job["algorithm"]](job)
    if job.get("trace_memory", False):
        tracemalloc.start()
    started = time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] / MB if tracemalloc.is_tracing() else None
    result.update(wall_s=wall, heap_mb=heap, rss_mb=vm_hwm_mb())
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
