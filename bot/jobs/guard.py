"""Whether a job may go on: asked between phases, between chunks of a download, at every
transcript poll, and once more before the result is delivered.

With SQLite the only reason to stop is the process stopping (`Stopping`). With PostgreSQL a
job may also have passed to another replica (its lease lost or run out): then this replica
must stop before its next side effect (`bot.jobs.leased.LeaseGuard`).
"""

from __future__ import annotations

import threading
from typing import Protocol

from bot.jobs.failures import Interrupted
from bot.store import LeaseLost


class Guard(Protocol):
    def check(self) -> None:
        """Raise Interrupted when the process is stopping, LeaseLost when the job is no
        longer this process's to run. Cheap: no I/O."""
        ...

    def confirm(self) -> None:
        """`check`, made sure of before an effect that must happen once (the result)."""
        ...


class Stopping:
    """The guard of a process that owns its jobs outright (SQLite)."""

    def __init__(self, stopping: threading.Event) -> None:
        self.stopping = stopping

    def check(self) -> None:
        if self.stopping.is_set():
            raise Interrupted

    def confirm(self) -> None:
        self.check()


def still_ours(guard: Guard) -> bool:
    """`guard.check` as a question, for what is skipped rather than stopped: a progress
    edit, a failure that whoever runs the job next will meet again."""
    try:
        guard.check()
    except (Interrupted, LeaseLost):
        return False
    return True
