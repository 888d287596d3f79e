"""Replicas sharing PostgreSQL: throughput of 1, 2 and 4 `redact-bot serve` processes, and
what the shared gateway budget costs per request.

Throughput: 16 recordings shared round-robin to the replicas (real processes, real HTTP,
the suite's fakes) against a slow AssemblyAI (each transcript takes about 3 s to complete),
JOB_CONCURRENCY=2 per replica, a fast gateway with no limit. Measured from the first share
to the last result in Slack, on a fresh schema each time. This is wall time: waiting for
AssemblyAI is what a recording job mostly does, and what replicas multiply.

The limiter's cost: one `try_acquire` of the in-process limiter against one of the shared
limiter (a statement on 30 slot rows, the default budget), with a window so short that
nobody waits: the price of the round trip alone, one caller, then 2 "replicas" x 4 threads.

Needs PostgreSQL: TEST_DATABASE_URL or the machine's own at 127.0.0.1:5432 (database
`test`); without it this part is skipped with one line.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.runners.slack_load import summary
from tests.conftest import API_KEY, SUPPORT_CALL_ENTITIES
from tests.fakes.assemblyai import FakeAssemblyAI, marker
from tests.fakes.gateway import FakeGateway
from tests.fakes.slack import FakeSlack
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, AppProcess
from tests.support.postgres import fresh_schema
from tests.support.slack_requests import message_file_share_event, send_event

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/test"
REPLICA_COUNTS = (1, 2, 4)
RECORDINGS = 16  # 8 rounds of two for one replica, 2 for four
PER_REPLICA = 2  # JOB_CONCURRENCY
POLLS = 6  # AssemblyAI answers "processing" this many times, 0.5 s apart: ~3 s a transcript
RUN_TIMEOUT = 180.0
LIMITER_RUNS = 2000
CHANNEL = "C1"


@dataclass
class ReplicaRun:
    replicas: int
    recordings_done: int
    seconds: float
    per_minute: float
    jobs_per_replica: list[int]
    uploads: int
    status_posts: int


@dataclass
class ReplicasResult:
    runs: list[ReplicaRun] = field(default_factory=list)
    limiter_ms: dict[str, dict[str, float]] = field(default_factory=dict)  # name -> summary
    skipped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def database() -> str | None:
    import psycopg

    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_DATABASE
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error:
        return None
    return url


def _share(app: AppProcess, slack: FakeSlack, number: int) -> str:
    ts = f"{1700200000 + number}.000100"
    file = slack.add_file(f"call{number}.mp3", "audio/mpeg", marker("support_call"))
    event = message_file_share_event(CHANNEL, "U0", ts, [file])
    send_event(app.events_url, SIGNING_SECRET, event, timeout=30)
    return ts


def _results(slack: FakeSlack, threads: list[str]) -> int:
    done = 0
    for ts in threads:
        messages = slack.thread(CHANNEL, ts)
        if messages and "Redacted transcript" in (messages[0].get("text") or ""):
            done += 1
    return done


def _throughput(count: int, base_url: str, workdir: Path) -> ReplicaRun:
    with (
        fresh_schema(base_url) as url,
        FakeSlack(token=BOT_TOKEN) as slack,
        FakeAssemblyAI(api_key=API_KEY, polls_processing=POLLS) as assemblyai,
        FakeGateway(api_key=API_KEY) as gateway,
    ):
        for spelling, entity_type in SUPPORT_CALL_ENTITIES:
            gateway.add_entity(spelling, entity_type)
        env = {
            "DATABASE_URL": url,
            "LOG_LEVEL": "INFO",
            "JOB_CONCURRENCY": str(PER_REPLICA),
            "TRANSCRIBE_POLL_INTERVAL": "0.5",
            "TRANSCRIBE_POLL_MAX_INTERVAL": "0.5",
            "LLM_GATEWAY_REQUESTS_PER_MINUTE": "0",
        }
        apps = []
        for n in range(count):
            (workdir / f"r{count}-{n}").mkdir()
            apps.append(
                AppProcess(
                    slack=slack,
                    assemblyai=assemblyai,
                    gateway=gateway,
                    data_dir=workdir / f"r{count}-{n}" / "data",
                    log_path=workdir / f"r{count}-{n}.log",
                    env=env,
                )
            )
        try:
            for app in apps:
                app.start()
            started = time.monotonic()
            threads = [_share(apps[n % count], slack, n) for n in range(RECORDINGS)]
            while (
                _results(slack, threads) < RECORDINGS and time.monotonic() - started < RUN_TIMEOUT
            ):
                time.sleep(0.1)
            seconds = time.monotonic() - started
            done = _results(slack, threads)
        finally:
            for app in apps:
                app.stop()
        return ReplicaRun(
            replicas=count,
            recordings_done=done,
            seconds=seconds,
            per_minute=done / seconds * 60,
            jobs_per_replica=[app.logs().count("job done job=") for app in apps],
            uploads=len(assemblyai.uploads),
            status_posts=len(slack.calls_to("chat.postMessage")),
        )


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _limiter_cost(base_url: str) -> dict[str, dict[str, float]]:
    from bot.clients.ratelimit import RateLimiter
    from bot.config import load_settings
    from bot.store.postgres import PostgresStore

    local = RateLimiter(30, 0.001)
    costs = {"in-process limiter": summary(_timed(local.try_acquire, LIMITER_RUNS))}
    with fresh_schema(base_url) as url:
        settings = load_settings({"DATABASE_URL": url}, dotenv=False)
        stores = [PostgresStore.connect(settings) for _ in range(2)]
        try:
            limiters = [store.rate_limiter("bench", 30, 0.001) for store in stores]
            costs["shared limiter, one caller"] = summary(
                _timed(limiters[0].try_acquire, LIMITER_RUNS)
            )
            contended: list[float] = []
            lock = threading.Lock()

            def caller(limiter: Any) -> None:
                times = _timed(limiter.try_acquire, LIMITER_RUNS // 8)
                with lock:
                    contended.extend(times)

            threads = [threading.Thread(target=caller, args=(lim,)) for lim in limiters * 4]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            costs["shared limiter, 2 replicas x 4 threads"] = summary(contended)
        finally:
            for store in stores:
                store.close()
    return costs


def run_replicas(say: Callable[[str], None] = print) -> ReplicasResult:
    base_url = database()
    if base_url is None:
        line = "replicas skipped: no PostgreSQL (set TEST_DATABASE_URL, e.g. " + DEFAULT_DATABASE
        say(f"  {line})")
        return ReplicasResult(skipped=line + ")")
    result = ReplicasResult()
    with tempfile.TemporaryDirectory(prefix="redact-bot-replicas-") as tmp:
        for count in REPLICA_COUNTS:
            run = _throughput(count, base_url, Path(tmp))
            say(
                f"  replicas {count}: {run.recordings_done}/{RECORDINGS} in {run.seconds:.1f} s "
                f"({run.per_minute:.1f}/min), jobs per replica {run.jobs_per_replica}"
            )
            result.runs.append(run)
    result.limiter_ms = _limiter_cost(base_url)
    for name, cost in result.limiter_ms.items():
        say(f"  {name}: p50 {cost['p50']:.3f} ms, p99 {cost['p99']:.3f} ms")
    return result
