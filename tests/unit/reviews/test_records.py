"""Reviews and shares in the job database, on both backends (PostgreSQL with
TEST_DATABASE_URL): each promise one statement, so it holds across replicas too."""

from __future__ import annotations

from bot.redaction import Doubt
from bot.reviews.marks import Choices, Item, Mark
from bot.reviews.records import Kind, NewReview, ReviewRecords, Status
from tests.support.race import race
from tests.unit.conftest import Opener


def new(review_id: str = "j1", ttl: float = 60) -> NewReview:
    return NewReview(
        review_id, "T1", "U1", Kind.RECORDING, "hash", [Mark(0, 5, "PERSON", "i1")],
        [Item("i1", "PERSON", 1)], {Doubt.UNPINNED: 1}, 3, ttl, transcript_id="tr1",
    )  # fmt: skip


def test_a_review_keeps_choices_and_ends_once(open_store: Opener) -> None:
    records = ReviewRecords(open_store())
    review = records.add(new())
    assert review.open and review.marks == [Mark(0, 5, "PERSON", "i1")]
    records.save_choices("j1", Choices(frozenset({"i1"}), ((7, 9),)))
    assert records.get("j1").choices == Choices(frozenset({"i1"}), ((7, 9),))
    assert records.close("j1", Status.SHARED) is True
    assert records.close("j1", Status.DISCARDED) is False
    assert records.get("j1").status is Status.SHARED


def test_a_view_is_shared_once_unless_nothing_reached_slack(open_store: Opener) -> None:
    records = ReviewRecords(open_store())
    assert records.claim_share("V1", "j1", "C2", "U1") is True
    assert records.claim_share("V1", "j1", "C2", "U1") is False
    records.release_share("V1")
    assert records.claim_share("V1", "j1", "C2", "U1") is True
    records.finish_share("V1")
    records.release_share("V1")  # too late: it was posted
    assert records.claim_share("V1", "j1", "C2", "U1") is False


def test_expired_reviews_are_listed(open_store: Opener) -> None:
    records = ReviewRecords(open_store())
    records.add(new("j1", ttl=-1))
    records.add(new("j2", ttl=60))
    assert [r.id for r in records.expired()] == ["j1"]


def test_a_review_stored_again_replaces_its_marks_and_forgets_its_choices(
    open_store: Opener,
) -> None:
    """A job resumed before it posted opens its review again under the same id: the old
    choices name item ids of the old redaction, so they must not carry over."""
    records = ReviewRecords(open_store())
    records.add(new())
    records.save_choices("j1", Choices(frozenset({"i1"}), ((7, 9),)))
    again = NewReview(**{**new().__dict__, "marks": [Mark(2, 6, "EMAIL", "i1")]})
    stored = ReviewRecords(open_store()).add(again)
    assert stored.marks == [Mark(2, 6, "EMAIL", "i1")]
    assert stored.choices == Choices() and stored.status is Status.OPEN


def test_a_review_its_owner_ended_is_not_reopened_by_a_job_run_again(open_store: Opener) -> None:
    records = ReviewRecords(open_store())
    records.add(new())
    records.close("j1", Status.DISCARDED)
    assert records.add(new()).status is Status.DISCARDED


def test_a_view_submitted_on_two_replicas_at_once_is_claimed_once(open_store: Opener) -> None:
    one, other = ReviewRecords(open_store()), ReviewRecords(open_store())
    claims = race(
        *[lambda r=records: r.claim_share("V1", "j1", "C2", "U1") for records in (one, other) * 4]
    )
    assert sum(claims) == 1
