"""Reviews and shares in the job database. A review row holds offsets, types and opaque item
ids of what was redacted, the owner's choices as item ids and ranges, and a hash of the
original text (to notice a changed source) — never the text or a value. A text review's
original is in the row only sealed (`bot.reviews.vault`)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from enum import StrEnum

from bot.redaction import Doubt
from bot.reviews.marks import Choices, Item, Mark
from bot.store import Store


class Kind(StrEnum):
    RECORDING = "recording"
    TEXT = "text"


class Status(StrEnum):
    OPEN = "open"
    SHARED = "shared"
    DISCARDED = "discarded"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Review:
    id: str
    team_id: str
    user_id: str
    kind: Kind
    origin_channel: str | None
    job_id: int | None
    transcript_id: str | None
    text_hash: str
    sealed: str | None
    marks: list[Mark]
    items: list[Item]
    doubts: dict[Doubt, int]
    sentence_count: int
    choices: Choices
    status: Status
    expires_at: float

    @property
    def open(self) -> bool:
        return self.status is Status.OPEN and self.expires_at > time.time()


def _review(row: object) -> Review:
    get = row.__getitem__  # type: ignore[attr-defined]
    return Review(
        id=get("id"),
        team_id=get("team_id"),
        user_id=get("user_id"),
        kind=Kind(get("kind")),
        origin_channel=get("origin_channel"),
        job_id=get("job_id"),
        transcript_id=get("transcript_id"),
        text_hash=get("text_hash"),
        sealed=get("sealed"),
        marks=[Mark(*mark) for mark in json.loads(get("marks"))],
        items=[Item(*item) for item in json.loads(get("items"))],
        doubts={Doubt[name]: count for name, count in json.loads(get("doubts")).items()},
        sentence_count=get("sentence_count"),
        choices=Choices(
            frozenset(json.loads(get("unkept"))),
            tuple(tuple(pair) for pair in json.loads(get("added"))),  # type: ignore[misc]
        ),
        status=Status(get("status")),
        expires_at=get("expires_at"),
    )


@dataclass(frozen=True)
class NewReview:
    id: str
    team_id: str
    user_id: str
    kind: Kind
    text_hash: str
    marks: list[Mark]
    items: list[Item]
    doubts: dict[Doubt, int]
    sentence_count: int
    ttl_seconds: float
    origin_channel: str | None = None
    job_id: int | None = None
    transcript_id: str | None = None
    sealed: str | None = None


# What a review stored again under the same id (a job resumed before it posted) replaces.
REPLACED = (
    "team_id",
    "user_id",
    "kind",
    "origin_channel",
    "job_id",
    "transcript_id",
    "text_hash",
    "sealed",
    "marks",
    "items",
    "doubts",
    "sentence_count",
    "created_at",
    "expires_at",
)
# …and what it starts afresh: choices name item ids, which a new redaction numbers anew, so
# an old "show i2 in clear" could fall on another entity. Its status stays: a review its
# owner shared or discarded is not reopened by a job run again.
RESET = "unkept = '[]', added = '[]'"


class ReviewRecords:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, new: NewReview) -> Review:
        """Store a review (again, for the same id: a job resumed before it posted)."""
        now = time.time()
        with self.store.transaction() as db:
            db.execute(
                f"""INSERT INTO reviews (id, {", ".join(REPLACED)})
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET
                   {", ".join(f"{name} = excluded.{name}" for name in REPLACED)},
                   {RESET}""",
                (
                    new.id,
                    new.team_id,
                    new.user_id,
                    new.kind,
                    new.origin_channel,
                    new.job_id,
                    new.transcript_id,
                    new.text_hash,
                    new.sealed,
                    json.dumps([[m.start, m.end, m.type, m.item] for m in new.marks]),
                    json.dumps([[i.id, i.type, i.count] for i in new.items]),
                    json.dumps({doubt.name: count for doubt, count in new.doubts.items()}),
                    new.sentence_count,
                    now,
                    now + new.ttl_seconds,
                ),
            )
        review = self.get(new.id)
        assert review is not None
        return review

    def get(self, review_id: str) -> Review | None:
        rows = self.store.read("SELECT * FROM reviews WHERE id = ?", (review_id,))
        return _review(rows[0]) if rows else None

    def save_choices(self, review_id: str, choices: Choices) -> None:
        with self.store.transaction() as db:
            db.execute(
                "UPDATE reviews SET unkept = ?, added = ? WHERE id = ? AND status = ?",
                (
                    json.dumps(sorted(choices.unkept)),
                    json.dumps([list(pair) for pair in choices.added]),
                    review_id,
                    Status.OPEN,
                ),
            )

    def close(self, review_id: str, status: Status) -> bool:
        """End an open review (shared, discarded, expired); its sealed original goes with
        it. False if it was not open."""
        with self.store.transaction() as db:
            cursor = db.execute(
                "UPDATE reviews SET status = ?, sealed = NULL WHERE id = ? AND status = ?",
                (status, review_id, Status.OPEN),
            )
        return cursor.rowcount == 1

    def expired(self) -> list[Review]:
        rows = self.store.read(
            "SELECT * FROM reviews WHERE status = ? AND expires_at <= ?",
            (Status.OPEN, time.time()),
        )
        return [_review(row) for row in rows]

    # --- shares: one post per submitted view, whatever Slack retries ---

    def claim_share(self, view_id: str, review_id: str, channel_id: str, user_id: str) -> bool:
        """Claim the share of a submitted view; False if that view was claimed already."""
        with self.store.transaction() as db:
            cursor = db.execute(
                """INSERT INTO shares (view_id, review_id, channel_id, user_id, created_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (view_id) DO NOTHING""",
                (view_id, review_id, channel_id, user_id, time.time()),
            )
        return cursor.rowcount == 1

    def share_claimed(self, view_id: str) -> bool:
        return bool(self.store.read("SELECT 1 FROM shares WHERE view_id = ?", (view_id,)))

    def finish_share(self, view_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE shares SET posted = 1 WHERE view_id = ?", (view_id,))

    def release_share(self, view_id: str) -> None:
        """Posting failed before anything reached Slack: the same view may be submitted again."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM shares WHERE view_id = ? AND posted = 0", (view_id,))

    def prune(self, older_than: float) -> int:
        with self.store.transaction() as db:
            reviews = db.execute(
                "DELETE FROM reviews WHERE status != ? AND created_at < ?",
                (Status.OPEN, older_than),
            ).rowcount
            shares = db.execute("DELETE FROM shares WHERE created_at < ?", (older_than,)).rowcount
        return reviews + shares
