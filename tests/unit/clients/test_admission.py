"""Who sends the next gateway request (`bot.clients.admission`): priority, with background
work still getting its turns, and the rate limiter respected."""

from __future__ import annotations

import threading
import time

from bot.clients.admission import Admission, Priority
from bot.clients.ratelimit import RateLimiter

INT, BG = Priority.INTERACTIVE, Priority.BACKGROUND


def queued(admission: Admission) -> int:
    with admission._cond:
        return sum(len(tickets) for tickets in admission._waiting.values())


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        time.sleep(0.005)


def run_in_order(admission: Admission, arrivals: list[Priority]) -> list[Priority]:
    """Queue `arrivals` (in that order) behind a held slot, release it; the order served."""
    served: list[Priority] = []
    admission.acquire(BG)  # the only slot is busy while everyone queues

    def request(priority: Priority) -> None:
        with admission.slot(priority):
            served.append(priority)

    threads = []
    for number, priority in enumerate(arrivals, start=1):
        threads.append(threading.Thread(target=request, args=(priority,)))
        threads[-1].start()
        wait_until(lambda n=number: queued(admission) == n)  # arrival order is known
    admission.release()
    for thread in threads:
        thread.join(10)
    return served


def test_interactive_first_yet_background_gets_every_fourth_turn() -> None:
    admission = Admission(1, background_every=4)
    served = run_in_order(admission, [BG] * 6 + [INT] * 6)
    assert served == [INT, INT, INT, BG, INT, INT, INT, BG, BG, BG, BG, BG]


def test_one_priority_alone_is_first_come_first_served() -> None:
    admission = Admission(1)
    assert run_in_order(admission, [BG] * 5) == [BG] * 5


def test_the_rate_limit_holds_for_every_priority() -> None:
    admission = Admission(4, RateLimiter(2, 0.5))
    started = time.monotonic()
    for priority in (INT, BG, INT):
        with admission.slot(priority):
            pass
    # Two requests per half second: the third waited for the window.
    assert time.monotonic() - started >= 0.45
