"""Review before sharing: the review modal (opened from a result's button), its "Update
preview" button, its Share submit, the Discard button of a private result.

Every listener acknowledges at once. A modal is opened on the buttons' executor right away
(a trigger lasts 3 seconds) with a "Loading…" view, and filled on the reviews' executor
once the original is fetched again. Only a review's owner can open, change or share it.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.jobs.failures import slack_error
from bot.logs import describe_exception
from bot.messages import review as layouts
from bot.reviews.desk import Shared
from bot.reviews.records import Kind, Status
from bot.services import Services
from bot.transcript import Document

log = logging.getLogger(__name__)


def on_open(
    services: Services, ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond
) -> None:
    ack()
    user_id, trigger_id = body["user"]["id"], body["trigger_id"]
    services.buttons.submit(
        open_review, services, action["value"], user_id, trigger_id, client, respond
    )


def open_review(
    services: Services,
    review_id: str,
    user_id: str,
    trigger_id: str,
    client: WebClient,
    respond: Respond,
) -> None:
    review = services.reviews.records.get(review_id)
    if review is not None and review.user_id != user_id:
        respond(
            text=layouts.not_yours(review.user_id),
            response_type="ephemeral",
            replace_original=False,
        )
        return
    if review is None or not review.open:
        client.views_open(trigger_id=trigger_id, view=layouts.notice(layouts.REVIEW_GONE))
        return
    view = client.views_open(trigger_id=trigger_id, view=layouts.loading())["view"]
    services.review_work.submit(fill, services, review_id, user_id, view["id"], client)


def fill(services: Services, review_id: str, user_id: str, view_id: str, client: WebClient) -> None:
    """Put the review in its modal, or say why it cannot be."""
    try:
        review = services.reviews.owned(review_id, user_id)
        text = services.reviews.originals.text_of(review) if review else None
        if review is None or text is None:
            view = layouts.notice(layouts.REVIEW_GONE if review is None else layouts.ORIGINAL_GONE)
        else:
            view = services.reviews.view(review, text)
        client.views_update(view_id=view_id, view=view)
    except Exception as exc:
        log.warning("review not shown: %s", describe_exception(exc))


def on_update(services: Services, ack: Ack, body: dict, client: WebClient) -> None:
    """ "Update preview": the choices so far are kept, and the preview shows them."""
    ack()
    view = body.get("view") or {}
    services.review_work.submit(update, services, body["user"]["id"], view, client)


def update(services: Services, user_id: str, view: dict[str, Any], client: WebClient) -> None:
    review = services.reviews.owned(layouts.review_id_of(view), user_id)
    text = services.reviews.originals.text_of(review) if review else None
    if review is None or text is None:
        return
    submitted = layouts.read_state((view.get("state") or {}).get("values") or {})
    choices = services.reviews.choices(review, text, submitted)
    services.reviews.records.save_choices(review.id, choices)
    try:
        client.views_update(
            view_id=view["id"],
            hash=view.get("hash"),
            view=services.reviews.view(review, text, choices),
        )
    except SlackApiError as exc:
        if slack_error(exc) != "hash_conflict":  # else a newer update is on its way
            log.warning("review preview not updated error=%s", slack_error(exc))


def on_share(services: Services, ack: Ack, body: dict, view: dict, client: WebClient) -> None:
    """Share: checked here, within Slack's 3 seconds (an answer with errors keeps the modal
    open and says what to do); posted afterwards, once per submitted view."""
    user_id = body["user"]["id"]
    if services.reviews.records.share_claimed(view["id"]):
        ack()  # this very view was submitted before (and may be shared by now): nothing new
        _submitted_again(view["id"])
        return
    review = services.reviews.owned(layouts.review_id_of(view), user_id)
    if review is None:
        ack(response_action="errors", errors={layouts.TARGET_BLOCK: layouts.REVIEW_GONE})
        return
    submitted = layouts.read_state((view.get("state") or {}).get("values") or {})
    problem = _target_problem(client, submitted.target)
    if problem:
        ack(response_action="errors", errors={layouts.TARGET_BLOCK: problem})
        return
    assert submitted.target
    if not services.reviews.records.claim_share(view["id"], review.id, submitted.target, user_id):
        ack()  # this very view was submitted before: nothing new is posted
        _submitted_again(view["id"])
        return
    ack()
    services.review_work.submit(share, services, review.id, user_id, view["id"], submitted)


def _submitted_again(view_id: str) -> None:
    log.info("review share submitted again; nothing new posted view=%s", view_id)


def _target_problem(client: WebClient, target: str | None) -> str | None:
    if not target:
        return layouts.CHOOSE_TARGET
    try:
        info = client.conversations_info(channel=target)["channel"]
    except SlackApiError as exc:
        return layouts.target_problem(slack_error(exc) or "error")
    if info.get("is_archived"):
        return layouts.target_problem("is_archived", info.get("name"))
    if not info.get("is_member") and not info.get("is_im"):
        return layouts.target_problem("not_in_channel", info.get("name"))
    return None


def share(
    services: Services, review_id: str, user_id: str, view_id: str, submitted: layouts.Submitted
) -> None:
    desk = services.reviews
    review = desk.owned(review_id, user_id)
    document = None
    if review is not None and review.kind is Kind.RECORDING:
        document = desk.originals.document_of(review)  # its words are timed for the audio
        text = document.text if document is not None else None
    else:
        text = desk.originals.text_of(review) if review else None
    if review is None or text is None:
        services.slack.post(user_id, None, layouts.ORIGINAL_GONE)
        return
    assert submitted.target
    choices = desk.choices(review, text, submitted)
    desk.records.save_choices(review.id, choices)
    try:
        shared = desk.share(review, text, choices, services.slack, submitted.target)
    except SlackApiError as exc:  # Slack said no: nothing was posted
        desk.records.release_share(view_id)
        log.warning("review share refused error=%s", slack_error(exc))
        services.slack.post(user_id, None, layouts.share_failed(slack_error(exc) or "error"))
        return
    except Exception as exc:  # it may have been posted: never twice
        log.warning("review share uncertain: %s", describe_exception(exc))
        services.slack.post(user_id, None, layouts.SHARE_UNCERTAIN)
        return
    desk.records.finish_share(view_id)
    if document is not None and review.job_id is not None:  # before the transcript is deleted
        _share_audio(services, review.job_id, document, shared, submitted.target, user_id)
    desk.end(review, Status.SHARED)
    services.slack.post(user_id, None, layouts.share_done(submitted.target))


def _share_audio(
    services: Services,
    job_id: int,
    document: Document,
    shared: Shared,
    channel: str,
    user_id: str,
) -> None:
    """The recording's audio, bleeped as reviewed, follows the shared transcript."""
    try:
        services.runner.share_audio(
            services.store.job(job_id),
            document,
            shared.redaction.spans,
            channel=channel,
            thread_ts=shared.ts,
            user_id=user_id,
        )
    except Exception as exc:  # the transcript is shared: this is the audio's failure alone
        log.error("review audio not queued: %s", describe_exception(exc))
        with contextlib.suppress(Exception):  # best effort: the notice is all that is left
            notice = messages.audio_unavailable(None, "internal error")
            services.slack.post(channel, shared.ts, notice)


def on_discard(services: Services, ack: Ack, body: dict, action: dict, respond: Respond) -> None:
    ack()
    services.buttons.submit(discard, services, action["value"], body["user"]["id"], respond)


def discard(services: Services, review_id: str, user_id: str, respond: Respond) -> None:
    review = services.reviews.records.get(review_id)
    if review is None or review.user_id != user_id:
        owner = review.user_id if review else ""
        text = layouts.not_yours(owner) if owner else layouts.REVIEW_GONE
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    services.reviews.end(review, Status.DISCARDED)
    respond(text=layouts.DISCARDED, response_type="ephemeral", replace_original=False)
