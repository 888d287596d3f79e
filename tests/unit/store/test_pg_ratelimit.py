"""One gateway budget in PostgreSQL: replicas together never send more than the limit in any
window, a pause one of them learns holds for all, and an unreachable database sends nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from bot.clients.gateway import GatewayClient, GatewayError
from bot.clients.ratelimit import LimiterUnavailable
from bot.config import load_settings
from bot.store.pg_ratelimit import SharedRateLimiter
from bot.store.postgres import PostgresStore
from tests.conftest import API_KEY

LIMIT, PERIOD = 6, 1.5
# Send times are taken here, after each acquire returns: a loaded machine may record a send
# up to this late, so windows are checked this much shorter than the limiter's.
LATENESS = 0.25


@pytest.fixture
def stores(database_url: str) -> Iterator[list[PostgresStore]]:
    settings = load_settings({"DATABASE_URL": database_url}, dotenv=False)
    opened = [PostgresStore.connect(settings) for _ in range(2)]
    yield opened
    for store in opened:
        store.close()


def most_in_any_window(times: list[float], period: float) -> int:
    times = sorted(times)
    return max(
        sum(1 for other in times[i:] if other - start < period) for i, start in enumerate(times)
    )


def test_two_replicas_together_stay_within_the_limit(stores: list[PostgresStore]) -> None:
    limiters = [store.rate_limiter("model-a", LIMIT, PERIOD) for store in stores]
    sent: list[float] = []
    lock = threading.Lock()
    until = time.monotonic() + 2 * PERIOD + 0.2

    def send(limiter: SharedRateLimiter) -> None:
        while time.monotonic() < until:
            limiter.acquire()
            with lock:
                sent.append(time.monotonic())

    threads = [threading.Thread(target=send, args=(limiter,)) for limiter in limiters * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most_in_any_window(sent, PERIOD - LATENESS) <= LIMIT
    assert len(sent) >= 2 * LIMIT  # and the budget was used, not starved


def test_a_pause_one_replica_is_told_of_holds_for_all(stores: list[PostgresStore]) -> None:
    told, other = (store.rate_limiter("model-a", LIMIT, PERIOD) for store in stores)
    assert other.try_acquire() == 0.0
    told.observe({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"})
    wait = other.try_acquire()
    assert 0.7 < wait <= 1.0
    assert 0.7 < other.wait_time() <= 1.0
    time.sleep(wait)
    assert other.try_acquire() == 0.0


def test_buckets_of_other_models_do_not_share(stores: list[PostgresStore]) -> None:
    one = stores[0].rate_limiter("model-a", 1, 30.0)
    two = stores[1].rate_limiter("model-b", 1, 30.0)
    assert one.try_acquire() == 0.0
    assert two.try_acquire() == 0.0
    assert one.try_acquire() > 25


def test_without_a_limit_of_our_own_only_a_pause_holds_requests(
    stores: list[PostgresStore],
) -> None:
    unlimited = stores[0].rate_limiter("model-a", 0, PERIOD)
    assert [unlimited.try_acquire() for _ in range(20)] == [0.0] * 20
    unlimited.observe({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"})
    assert unlimited.try_acquire() > 0.8


def test_an_unreachable_limiter_sends_nothing(stores: list[PostgresStore], gateway) -> None:
    limiter = stores[0].rate_limiter("model-a", LIMIT, PERIOD)
    stores[0].close()  # the database is gone
    with pytest.raises(LimiterUnavailable):
        limiter.try_acquire()
    assert limiter.wait_time() == 0.0
    client = GatewayClient(
        base_url=gateway.base_url, api_key=API_KEY, model="m", rate_limiter=limiter
    )
    with pytest.raises(GatewayError, match="rate limiter unavailable"):
        client.complete([{"role": "user", "content": "hello"}], max_tokens=10)
    assert gateway.requests == []
