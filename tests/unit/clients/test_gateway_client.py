"""The gateway client and NER layer against the fake gateway, in process, over real HTTP."""

from __future__ import annotations

import pytest

from bot.clients.gateway import GatewayClient
from bot.clients.ratelimit import RateLimiter
from bot.redaction.ner import GatewayNer
from bot.redaction.types import Doubt, NerUnavailable
from tests.conftest import API_KEY


def client(gateway, **kwargs) -> GatewayClient:
    return GatewayClient(
        base_url=gateway.base_url, api_key=API_KEY, model="claude-sonnet-4-5-20250929", **kwargs
    )


def test_retries_pass_the_shared_rate_limiter(gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.script.extend(["500", "500"])
    limited = client(gateway, backoff_factor=0.0, rate_limiter=RateLimiter(2, 1.0))
    assert [e.text for e in GatewayNer(limited).find(["Zed Quinn paid."])] == ["Zed Quinn"]
    assert gateway.statuses == [500, 500, 200]
    # Two requests fit in the limiter's window; the third (a retry) had to wait for it.
    # (Arrival times at the fake include connection set-up, hence the margin below 1 s.)
    assert gateway.requests[2].at - gateway.requests[0].at >= 0.75


def test_server_says_the_window_is_used_up(gateway):
    gateway.rate_limit = (2, 1.0)
    shared = client(gateway, max_retries=3, concurrency=1, rate_limiter=RateLimiter(0))
    ner = GatewayNer(shared)
    for _ in range(4):
        ner.find(["Nothing here."])
    # X-RateLimit-Remaining: 0 pauses us until the reset instead of earning 429s.
    assert gateway.statuses.count(429) == 0
    assert gateway.statuses.count(200) == 4


def test_a_cut_off_answer_is_no_answer(gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.add_entity("Ann Lee", "PERSON")
    gateway.script.extend(["cut", "cut"])
    with pytest.raises(NerUnavailable) as raised:
        GatewayNer(client(gateway)).find(["Zed Quinn met Ann Lee."])
    assert raised.value.doubt is Doubt.UNREADABLE  # the Redactor asks again, then halves
    found = GatewayNer(client(gateway), answer_attempts=2).find(["Zed Quinn met Ann Lee."])
    assert sorted(e.text for e in found) == ["Ann Lee", "Zed Quinn"]
    assert len(gateway.requests) == 3


def test_only_a_schema_refusal_turns_the_schema_off(gateway):
    gateway.script.append("400")  # a 400 about something else
    ner = GatewayNer(client(gateway, max_retries=0))
    with pytest.raises(NerUnavailable):
        ner.find(["Hello."])
    gateway.script.append("400-schema")
    ner.find(["Hello."])
    bodies = [r.body for r in gateway.requests]
    assert ["response_format" in body for body in bodies] == [True, True, False]


def test_only_listed_statuses_are_retried() -> None:
    from bot.clients.http import build_retry

    create = build_retry(3, statuses=frozenset({429}), retry_reads=False)
    assert not create.is_retry("POST", 503, has_retry_after=True)
    assert create.is_retry("POST", 429, has_retry_after=True)
    assert build_retry(3).is_retry("POST", 503)
