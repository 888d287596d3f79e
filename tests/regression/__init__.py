"""The regression suite: texts as speech recognisers and Slack write them, answers as real
models give them, each case saying what must be masked *and* what must stay.

Every case runs the real engine with the real gateway client against the fake LLM Gateway
over HTTP (`test_regression.py`); the cases live one class per module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.fakes.gateway import Noise

Taught = tuple[str, str] | tuple[str, str, str]  # spelling, type[, what the model answers]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    # Every occurrence must be hidden (masked) or stay visible (kept); "thanks [grace]" means
    # the bracketed part where it stands in that context.
    masked: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    teach: tuple[Taught, ...] = ()  # what the fake model knows
    raw: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word-for-word answers
    shape: str = "objects"
    noise: Noise = field(default_factory=Noise)
    poison: str | None = None
    script: tuple[str, ...] = ()
    withheld: int = 0  # sentences that must be withheld (no more, no fewer)
    window: int = 25  # sentences per request
    verify: bool = True
