"""One measured run: what was sent, how long it took, what was left, how much memory."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bench.workload.cast import ORGANIZATION, PERSON, STRUCTURED

GUIDE = "guide"
ENGINE = "engine API"
FILE = "redact-bot file"


@dataclass
class Outcome:
    call_size: int
    condition: str
    algorithm: str
    sentences_per_request: int | None = None
    concurrency: int | None = None
    verify: bool | None = None  # the second look (NER_VERIFY); None for the guide
    call_seed: int | None = None  # the seed of the generated call
    requests: int = 0
    prompt_chars: int = 0  # characters of the messages' contents (a proxy for tokens)
    body_chars: int = 0  # characters of the whole request bodies (JSON schema included)
    by_pass: dict[str, int] = field(default_factory=dict)  # requests by prompt: find/exact/verify
    statuses: dict[str, int] = field(default_factory=dict)  # gateway answers by HTTP status
    faults: dict[str, int] = field(default_factory=dict)  # injected faults actually served
    wall_s: float = 0.0  # wall time to a finished redaction, on the (scaled) clock
    total_wall_s: float | None = None  # `redact-bot file`: the whole command
    gateway_s: float = 0.0  # of wall_s, the gateway phase: first request to last answer
    real_minutes: float | None = None  # real-time equivalent of wall_s (scaled conditions)
    lower_bound_minutes: float | None = None  # the least real time the algorithm could need
    occurrences: int = 0  # personal-data mentions in the call (the ground truth)
    left: dict[str, int] = field(default_factory=dict)  # personal data left, by type
    left_total: int = 0
    left_exact: int = 0  # the literal exact-string count
    left_items: dict[str, int] = field(default_factory=dict)  # "TYPE: text" -> occurrences
    destroyed: int = 0  # harmless strings ("$3.50") no longer readable
    destroyed_items: dict[str, int] = field(default_factory=dict)
    rss_mb: float | None = None  # peak resident set of the process that ran it
    heap_mb: float | None = None  # tracemalloc peak (separate traced run), in-process only
    sentences_done: int = 0
    sentences_total: int = 0
    withheld: int = 0
    hallucinations: int | None = None  # entities the engine counted as made up (ours only)
    made_up: int = 0  # entities the fake model made up in its answers
    asks: int | None = None  # requests the engine made, as it counts them (ours only)
    crashed: str | None = None  # the exception or exit status that ended the run early
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def miss_rate(self) -> float:
        """The share of personal-data occurrences still readable in the output."""
        return self.left_total / self.occurrences if self.occurrences else 0.0


def structured_left(row: Outcome) -> int:
    """Emails, phone numbers, card numbers and SSNs left readable."""
    return sum(row.left.get(t, 0) for t in STRUCTURED)


def names_left(row: Outcome) -> int:
    """People's and organisations' names left readable."""
    return row.left.get(PERSON, 0) + row.left.get(ORGANIZATION, 0)


def finished(row: Outcome) -> bool:
    """Ran to the end with every sentence checked."""
    return row.crashed is None and row.withheld == 0
