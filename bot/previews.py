"""`/redact` previews in the job database: the *redacted* text of a preview until it is
posted, discarded or pruned, and who may post it, once."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.store import Store


@dataclass(frozen=True)
class Preview:
    id: str
    team_id: str
    channel_id: str
    user_id: str
    redacted_text: str | None
    posted_at: float | None
    created_at: float


class PreviewRecords:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(
        self, preview_id: str, *, team_id: str, channel_id: str, user_id: str, redacted_text: str
    ) -> None:
        with self.store.transaction() as db:
            db.execute(
                """INSERT INTO previews (id, team_id, channel_id, user_id, redacted_text,
                   created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                (preview_id, team_id, channel_id, user_id, redacted_text, time.time()),
            )

    def get(self, preview_id: str) -> Preview | None:
        rows = self.store.read("SELECT * FROM previews WHERE id = ?", (preview_id,))
        return Preview(**rows[0]) if rows else None

    def claim(self, preview_id: str, user_id: str) -> Preview | None:
        """Mark a preview as being posted, once (one compare-and-set statement: across
        replicas too): None if it is unknown, not this user's, or already claimed (a double
        click). `finish` or `release` follows."""
        with self.store.transaction() as db:
            row = db.execute(
                """UPDATE previews SET posted_at = ?
                   WHERE id = ? AND user_id = ? AND posted_at IS NULL RETURNING *""",
                (time.time(), preview_id, user_id),
            ).fetchone()
        return Preview(**row) if row else None

    def finish(self, preview_id: str) -> None:
        """The preview was posted: its text is no longer needed."""
        with self.store.transaction() as db:
            db.execute("UPDATE previews SET redacted_text = NULL WHERE id = ?", (preview_id,))

    def release(self, preview_id: str) -> None:
        """Posting failed: the user may try again."""
        with self.store.transaction() as db:
            db.execute("UPDATE previews SET posted_at = NULL WHERE id = ?", (preview_id,))

    def delete(self, preview_id: str, user_id: str) -> bool:
        with self.store.transaction() as db:
            cursor = db.execute(
                "DELETE FROM previews WHERE id = ? AND user_id = ?", (preview_id, user_id)
            )
        return cursor.rowcount > 0

    def prune(self, older_than_seconds: float) -> int:
        """Delete previews older than the retention period."""
        cutoff = time.time() - older_than_seconds
        with self.store.transaction() as db:
            return db.execute("DELETE FROM previews WHERE created_at < ?", (cutoff,)).rowcount
