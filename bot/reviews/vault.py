"""Where the original of a text review waits while its owner reviews it.

With REVIEW_ENCRYPTION_KEY set, it is sealed with Fernet (AES-128 and HMAC-SHA256, from
`cryptography`) into the review's row, bound to the review's id, so it survives a restart
and is readable by every replica sharing the database, and by nobody who has only the
database. Without a key it is kept in this process's memory only: a restart loses open text
reviews (the owner runs the shortcut again), and the database never holds it either way.
Recordings need no vault: their original is fetched again from AssemblyAI.
"""

from __future__ import annotations

import threading
import time

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SealBroken(Exception):
    """A sealed original cannot be opened (another key, another review, tampered)."""


class Vault:
    def __init__(self, keys: tuple[str, ...] = ()) -> None:
        # The first key seals; every key opens (so a key can be rotated).
        self._fernet = MultiFernet([Fernet(key) for key in keys]) if keys else None
        self._memory: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    @property
    def durable(self) -> bool:
        return self._fernet is not None

    def seal(self, review_id: str, text: str, ttl_seconds: float) -> str | None:
        """The sealed original for the review's row; None when it is kept in memory."""
        if self._fernet is None:
            with self._lock:
                self._memory[review_id] = (text, time.time() + ttl_seconds)
            return None
        return self._fernet.encrypt(f"review:{review_id}\n{text}".encode()).decode("ascii")

    def open(self, review_id: str, sealed: str | None) -> str | None:
        """The original, or None when it is gone (a restart, expiry)."""
        if sealed is None:
            with self._lock:
                kept = self._memory.get(review_id)
            return kept[0] if kept and kept[1] > time.time() else None
        if self._fernet is None:
            raise SealBroken("no REVIEW_ENCRYPTION_KEY to open it with")
        try:
            plain = self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeDecodeError) as exc:
            raise SealBroken(type(exc).__name__) from None
        head, _, text = plain.partition("\n")
        if head != f"review:{review_id}":
            raise SealBroken("sealed for another review")
        return text

    def forget(self, review_id: str) -> None:
        with self._lock:
            self._memory.pop(review_id, None)
