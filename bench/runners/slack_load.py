"""The Slack surface under load: `redact-bot serve` in HTTP mode, driven like Slack drives it.

One real process (the test suite's `AppProcess`), the suite's fake Slack, AssemblyAI and LLM
Gateway, signed requests over real HTTP. The gateway is *not* on the scaled clock here: what
is measured is Slack's 3-second acknowledgement window and the time a person waits after a
click, both wall-clock quantities, so the gateway answers in a real 3 s and allows a real 30
requests per minute (sliding window, 429 beyond it).

The load: 20 recordings shared over the first ~20 s; meanwhile 16 people send `/redact` at
the same moment (a note of a few sentences each); each clicks *Post to channel* as soon as
their preview arrives, while recordings still compete for the gateway. Measured: every
acknowledgement (events, commands, clicks), the time from each Post click to the message in
the channel, the order in which the gateway served interactive and recording requests, and
then, on an idle gateway, the largest `/redact` a person can send and the requests it costs.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.workload.calls import generate
from tests.conftest import API_KEY, SUPPORT_CALL_ENTITIES
from tests.fakes.assemblyai import FakeAssemblyAI, marker
from tests.fakes.gateway import FakeGateway
from tests.fakes.slack import FakeSlack
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET, AppProcess
from tests.support.slack_requests import (
    message_file_share_event,
    send_block_action,
    send_command,
    send_event,
)

RECORDINGS = 20
PEOPLE = 16
GATEWAY_LATENCY = 3.0  # seconds, real
GATEWAY_PER_MINUTE = 30  # real
SHARE_SPACING = 1.0  # seconds between two shared recordings
LOAD_TIMEOUT = 240.0  # the load phase gives up after this long
CHANNEL = "C1"
NOTE = (
    "Notes from the call with Priya Patel of Bluefin Analytics: she wants the renewal quote "
    "by Friday. Her number is 415-555-0132. Ask {person} to send the revised plan."
)


@dataclass
class SlackLoadResult:
    acks: dict[str, list[float]] = field(default_factory=dict)  # kind -> seconds each
    post_after_click: list[float] = field(default_factory=list)  # seconds, click to post
    previews: int = 0
    posted: int = 0
    recordings_done: int = 0
    recordings_done_during_interactive: int = 0  # recordings finished before the last post
    gateway_order: str = ""  # "I"/"R" per gateway request, in order of arrival
    gateway_requests: int = 0
    gateway_429: int = 0
    load_seconds: float = 0.0
    largest: dict[str, Any] = field(default_factory=dict)  # the largest /redact and its cost
    errors: list[str] = field(default_factory=list)

    @property
    def all_acks(self) -> list[float]:
        return [t for times in self.acks.values() for t in times]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ack_summary"] = {kind: summary(times) for kind, times in self.acks.items()}
        data["ack_summary"]["all"] = summary(self.all_acks)
        data["post_summary"] = summary(self.post_after_click)
        return data


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: with fewer than 100 values, p99 is the largest."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p99": percentile(values, 0.99),
        "max": max(values),
    }


class _Load:
    def __init__(self, slack: FakeSlack, app: AppProcess, result: SlackLoadResult) -> None:
        self.slack = slack
        self.app = app
        self.result = result
        self.lock = threading.Lock()

    def record_ack(self, kind: str, started: float, status: int) -> None:
        took = time.monotonic() - started
        with self.lock:
            self.result.acks.setdefault(kind, []).append(took)
            if status != 200:
                self.result.errors.append(f"{kind} answered {status}")

    def share(self, number: int) -> None:
        file = self.slack.add_file(f"call{number}.mp3", "audio/mpeg", marker("support_call"))
        ts = f"{1700100000 + number}.000100"
        event = message_file_share_event(CHANNEL, "U0", ts, [file])
        started = time.monotonic()
        response = send_event(self.app.events_url, SIGNING_SECRET, event, timeout=30)
        self.record_ack("event", started, response.status_code)

    def redact_and_post(self, person: int, deadline: float) -> None:
        """One person: `/redact`, wait for the preview, click Post, see the post."""
        user = f"U{person + 1:03d}"
        response_url = self.slack.new_response_url()
        text = NOTE.format(person=f"Daniel {person}")
        started = time.monotonic()
        reply = send_command(
            self.app.events_url,
            SIGNING_SECRET,
            text,
            user_id=user,
            response_url=response_url,
            timeout=30,
        )
        self.record_ack("command", started, reply.status_code)
        preview = reply.json() if reply.ok else {}
        while "blocks" not in preview and time.monotonic() < deadline:
            with self.slack.lock:
                late = [body for url, body in self.slack.responses if url == response_url]
            if late:
                preview = late[-1]
                break
            time.sleep(0.05)
        if "blocks" not in preview:
            with self.lock:
                self.result.errors.append(f"{user}: no preview")
            return
        with self.lock:
            self.result.previews += 1
        preview_id = preview["blocks"][-1]["elements"][0]["value"]
        clicked = time.monotonic()
        click = send_block_action(
            self.app.events_url,
            SIGNING_SECRET,
            "redact_post",
            preview_id,
            user_id=user,
            response_url=response_url,
            timeout=30,
        )
        self.record_ack("click", clicked, click.status_code)
        prefix = f"<@{user}> shared:"
        while time.monotonic() < deadline:
            posts = [
                call
                for call in self.slack.calls_to("chat.postMessage")
                if str(call.params.get("text", "")).startswith(prefix)
            ]
            if posts:
                with self.lock:
                    self.result.posted += 1
                    self.result.post_after_click.append(posts[0].at - clicked)
                return
            time.sleep(0.02)
        with self.lock:
            self.result.errors.append(f"{user}: not posted")


def _recordings_done(slack: FakeSlack) -> int:
    with slack.lock:
        return sum(
            1
            for (channel, _), message in slack.messages.items()
            if channel == CHANNEL and "Redacted transcript" in (message.get("text") or "")
        )


def _classify(gateway: FakeGateway) -> str:
    """I for a `/redact` text, R for a recording's window, in order of arrival."""
    with gateway.lock:
        bodies = [json.dumps(request.body) for request in gateway.requests]
    return "".join("I" if "Notes from the call" in body else "R" for body in bodies)


def _largest_redact(workdir: Path) -> dict[str, Any]:
    """On an idle, instant gateway: the requests the largest `/redact` texts cost."""
    realistic = ""
    for _, sentence in generate(200, 7).sentences:
        if len(realistic) + len(sentence) + 1 > 4000:
            break
        realistic += sentence + " "
    realistic = realistic.strip()
    cases = {
        "realistic, at the character limit": realistic,
        "one-line sentences, at the sentence limit": "\n".join(
            f"Line {n} is short." for n in range(1, 101)
        ),
        "one character over the limit": "x" * 4001,
    }
    found: dict[str, Any] = {}
    with (
        FakeSlack(token=BOT_TOKEN) as slack,
        FakeAssemblyAI(api_key=API_KEY) as assemblyai,
        FakeGateway(api_key=API_KEY) as gateway,
    ):
        app = AppProcess(
            slack=slack,
            assemblyai=assemblyai,
            gateway=gateway,
            data_dir=workdir / "largest",
            log_path=workdir / "largest.log",
        )
        app.start()
        try:
            for name, text in cases.items():
                before = len(gateway.requests)
                response_url = slack.new_response_url()
                reply = send_command(
                    app.events_url, SIGNING_SECRET, text, response_url=response_url, timeout=30
                )
                answer = reply.json()
                deadline = time.monotonic() + 30
                while "Redacting your text" in answer.get("text", ""):
                    late = [body for url, body in slack.responses if url == response_url]
                    if late or time.monotonic() > deadline:
                        answer = late[-1] if late else {}
                        break
                    time.sleep(0.05)
                found[name] = {
                    "characters": len(text),
                    "sentences": len(_sentences(text)),
                    "requests": len(gateway.requests) - before,
                    "answer": "preview" if "blocks" in answer else answer.get("text", "")[:90],
                }
        finally:
            app.stop()
    return found


def _sentences(text: str) -> list[Any]:
    from bot.redaction import split_sentences

    return split_sentences(text)


def run_slack_load(report: Callable[[str], None] = print) -> SlackLoadResult:
    result = SlackLoadResult()
    with tempfile.TemporaryDirectory(prefix="redact-bot-load-") as tmp:
        workdir = Path(tmp)
        with (
            FakeSlack(token=BOT_TOKEN) as slack,
            FakeAssemblyAI(api_key=API_KEY) as assemblyai,
            FakeGateway(
                api_key=API_KEY,
                latency=GATEWAY_LATENCY,
                rate_limit=(GATEWAY_PER_MINUTE, 60.0),
            ) as gateway,
        ):
            for spelling, entity_type in SUPPORT_CALL_ENTITIES:
                gateway.add_entity(spelling, entity_type)
            gateway.add_entity("Priya Patel", "PERSON")
            app = AppProcess(
                slack=slack,
                assemblyai=assemblyai,
                gateway=gateway,
                data_dir=workdir / "data",
                log_path=workdir / "app.log",
                env={"LOG_LEVEL": "INFO", "TRANSCRIBE_POLL_INTERVAL": "0.2"},
            )
            app.start()
            load = _Load(slack, app, result)
            started = time.monotonic()
            deadline = started + LOAD_TIMEOUT
            try:
                with ThreadPoolExecutor(PEOPLE + 2) as pool:
                    sharing = pool.submit(_share_all, load)
                    time.sleep(2 * SHARE_SPACING)  # the first recordings are under way
                    people = [pool.submit(load.redact_and_post, n, deadline) for n in range(PEOPLE)]
                    for future in [sharing, *people]:
                        future.result()
                result.recordings_done_during_interactive = _recordings_done(slack)
                report(
                    f"  slack load: {result.posted}/{PEOPLE} posted, "
                    f"{result.recordings_done_during_interactive} recordings done meanwhile; "
                    "waiting for the rest of the recordings…"
                )
                while _recordings_done(slack) < RECORDINGS and time.monotonic() < deadline:
                    time.sleep(0.2)
                result.load_seconds = time.monotonic() - started
                result.recordings_done = _recordings_done(slack)
                result.gateway_order = _classify(gateway)
                result.gateway_requests = len(gateway.requests)
                result.gateway_429 = gateway.statuses.count(429)
            finally:
                app.stop()
        report("  slack load: the largest /redact on an idle gateway…")
        result.largest = _largest_redact(workdir)
    return result


def _share_all(load: _Load) -> None:
    for number in range(RECORDINGS):
        load.share(number)
        time.sleep(SHARE_SPACING)
