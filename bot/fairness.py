"""Who may do what at once, so one person cannot hold up everyone: one `/redact` per person,
and a bound on the listeners that wait for a redaction to answer in the acknowledgement."""

from __future__ import annotations

import threading

# How many listeners may wait for a redaction at once. Each holds an HTTP thread meanwhile
# (the server has threads beyond these for everything else, see bot.server); more commands
# than this are acknowledged with "Redacting…" at once.
MAX_WAITING_ACKS = 8


class OnePerPerson:
    """Who has a `/redact` running. In memory: a restart forgets redactions in flight too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[tuple[str, str]] = set()

    def claim(self, key: tuple[str, str]) -> bool:
        with self._lock:
            if key in self._running:
                return False
            self._running.add(key)
            return True

    def release(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._running.discard(key)


class Fairness:
    """The long-lived gates of the `/redact` command."""

    def __init__(self, waiting_acks: int = MAX_WAITING_ACKS) -> None:
        self.running = OnePerPerson()
        self.waiting_acks = threading.BoundedSemaphore(waiting_acks)
