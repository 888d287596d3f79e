"""The three gateway conditions, played by the project's fake LLM Gateway on a scaled clock.

Every gateway duration of the real world is multiplied by `SCALE` so the benchmark stays short:
with 1/60, one second of wall time stands for one real minute, a 1 s model answer takes
1/60 s, and the gateway's 30 requests per minute become 30 requests per second. Durations
the fake or the client fix in whole real seconds are not scaled (the fake's `Retry-After: 1`
and `X-RateLimit-Reset`, urllib3's backoff): on the scaled clock each counts as a full
minute, which makes our scaled times pessimistic, never flattering.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, replace

from bench.report.thresholds import NOISY_DROP
from bench.workload.calls import Call
from tests.fakes.gateway import FakeGateway, Noise

SCALE = 1 / 60
API_KEY = "bench-key-0123456789"
REAL_LATENCY = 1.0  # seconds a real model takes to answer one request
RATE_LIMIT = 30  # requests per real minute, the gateway's limit per model
SCRIPT_LENGTH = 20_000  # faults drawn in advance; later requests are answered normally


@dataclass(frozen=True)
class Condition:
    name: str
    description: str
    latency: float  # seconds per answer, already scaled
    faults: tuple[tuple[str, float], ...] = ()  # (fault, probability per request)
    rate_limit: tuple[int, float] | None = None  # (requests, scaled seconds)
    scaled: bool = False  # whether wall times stand for SCALE-times-longer real times
    every_spelling: bool = False  # the model knows every mention, not only canonical ones
    noise: Noise | None = None  # the model drops, lower-cases, normalises, makes up entities

    def script(self, seed: int) -> deque[str]:
        """The fault (or "ok") of each request in arrival order, from a seeded RNG."""
        if not self.faults:
            return deque()
        rng = random.Random(seed)
        script: deque[str] = deque()
        for _ in range(SCRIPT_LENGTH):
            draw, action = rng.random(), "ok"
            for fault, probability in self.faults:
                if draw < probability:
                    action = fault
                    break
                draw -= probability
            script.append(action)
        return script

    def start_gateway(
        self, call: Call, seed: int, shape: str, poison: str | None = None
    ) -> FakeGateway:
        """A fresh fake gateway that knows the call's taught entities; caller stops it.
        `poison`: every request holding this text gets an unreadable answer."""
        fake = FakeGateway(
            api_key=API_KEY,
            shape=shape,
            latency=self.latency,
            rate_limit=self.rate_limit,
            script=self.script(seed),
            noise=replace(self.noise, seed=seed) if self.noise else Noise(),
            poison=poison,
        )
        for taught in call.every_spelling if self.every_spelling else call.taught:
            fake.add_entity(*taught)
        fake.start()
        return fake


FAST = Condition("fast", "fast and perfect: no latency, no faults", latency=0.0)
REALISTIC = Condition(
    "realistic",
    "1 s per answer; per request 5% 429, 3% 500, 5% fenced JSON, 3% invalid JSON",
    latency=REAL_LATENCY * SCALE,
    faults=(("429", 0.05), ("500", 0.03), ("fenced", 0.05), ("invalid", 0.03)),
    scaled=True,
)
RATE_LIMITED = Condition(
    "rate-limited",
    f"{RATE_LIMIT} requests per minute (sliding window, 429 beyond it), 1 s per answer",
    latency=REAL_LATENCY * SCALE,
    rate_limit=(RATE_LIMIT, 60 * SCALE),
    scaled=True,
)
CONDITIONS = (FAST, REALISTIC, RATE_LIMITED)
# A model as unreliable as real ones: per entity it finds, seeded draws drop it (12%), give
# it in lower case (10%) or "normalised" (10%: digits regrouped, +1 added, title case); per
# sentence it makes one up (4%: "Support Team", "Jordan Whitfield", a phone or e-mail that
# is nowhere in the call). Answers take 1 s, as in the realistic condition, with no faults.
NOISE = Noise(drop=NOISY_DROP, lower=0.10, normalise=0.10, hallucinate=0.04)
NOISY = Condition(
    "noisy",
    "the model drops 12% of the entities it would find, lower-cases 10%, normalises 10% "
    "and makes one up in 4% of sentences (seeded per request and entity); 1 s per answer",
    latency=REAL_LATENCY * SCALE,
    scaled=True,
    noise=NOISE,
)
# A sensitivity check: how much of the guide's leaking is down to the model missing repeats?
ALL_SPELLINGS = Condition(
    "fast, all spellings",
    "as fast, but the model finds every mention in every spelling (first names, lower case, "
    "other formats)",
    latency=0.0,
    every_spelling=True,
)


def real_minutes(wall_s: float, gateway_s: float) -> float:
    """The real-time equivalent, in minutes, of a run on the scaled clock: the gateway phase
    (first request to last answer, waits and retries included) stretched back by 1/SCALE,
    the local work before and after it (splitting, detectors, styling) at face value."""
    gateway_s = min(gateway_s, wall_s)
    return ((wall_s - gateway_s) + gateway_s / SCALE) / 60
