"""The message shortcut "Redact and share", on any message: its text is redacted into a
review modal (the same review and share steps as a recording's), and its audio or video
files become private recording jobs, whose results come to the person privately."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot import messages
from bot.jobs.phase import Phase
from bot.listeners.commands import too_long
from bot.logs import describe_exception
from bot.media import is_partial, is_recording
from bot.messages import review as layouts
from bot.services import Services
from bot.store import NewJob

CALLBACK_ID = "redact_message"  # manifest.yml: features.shortcuts


def on_redact_message(services: Services, ack: Ack, shortcut: dict, client: WebClient) -> None:
    ack()
    services.buttons.submit(start, services, shortcut, client)


def start(services: Services, shortcut: dict, client: WebClient) -> None:
    """Open the modal at once (the trigger lasts 3 seconds); fill it when the text is ready."""
    log = logging.getLogger(__name__)
    jobs = _recording_jobs(services, shortcut)
    text = message_text(shortcut.get("message") or {})
    if not text:
        notice = layouts.shortcut_recordings(len(jobs)) if jobs else layouts.NOTHING_TO_REDACT
        client.views_open(trigger_id=shortcut["trigger_id"], view=layouts.notice(notice))
        return
    try:
        view = client.views_open(trigger_id=shortcut["trigger_id"], view=layouts.loading())["view"]
    except Exception as exc:
        log.warning("shortcut modal not opened: %s", describe_exception(exc))
        return
    services.review_work.submit(fill, services, shortcut, text, view["id"], client)


def fill(services: Services, shortcut: dict, text: str, view_id: str, client: WebClient) -> None:
    log = logging.getLogger(__name__)
    user_id = shortcut["user"]["id"]
    try:
        refusal = too_long(services.settings, text)
        if refusal:
            client.views_update(view_id=view_id, view=layouts.notice(refusal))
            return
        redaction = services.redactor.redact(text)
        if redaction.checked_nothing:
            notice = messages.redact_unchecked(redaction.withheld_reason)
            client.views_update(view_id=view_id, view=layouts.notice(notice))
            return
        review = services.reviews.open_for_text(
            team_id=(shortcut.get("team") or {}).get("id", ""),
            user_id=user_id,
            origin_channel=(shortcut.get("channel") or {}).get("id"),
            text=text,
            redaction=redaction,
        )
        client.views_update(view_id=view_id, view=services.reviews.view(review, text))
        log.info("shortcut review opened review=%s chars=%d", review.id, len(text))
    except Exception as exc:
        log.error("shortcut review failed: %s", describe_exception(exc))
        client.views_update(view_id=view_id, view=layouts.notice(messages.redact_failed()))


def _recording_jobs(services: Services, shortcut: dict) -> list[int]:
    """Private jobs for the message's recordings, queued; one per file and person."""
    message = shortcut.get("message") or {}
    user_id = shortcut["user"]["id"]
    channel_id = (shortcut.get("channel") or {}).get("id", "")
    message_ts = message.get("ts") or shortcut.get("message_ts") or ""
    queued = []
    for file in message.get("files") or []:
        partial = is_partial(file)
        if not file.get("id") or (not partial and not is_recording(file)):
            continue
        job = services.store.add_job(
            NewJob(
                team_id=(shortcut.get("team") or {}).get("id", ""),
                channel_id=channel_id,
                # Its own key: the same file may also be the channel's job, or someone else's.
                message_ts=f"{message_ts}/{user_id}",
                file_id=file["id"],
                thread_ts=message_ts,
                user_id=user_id,
                file_name=file.get("name") or file.get("title"),
                phase=Phase.PENDING if partial else Phase.RECEIVED,
                private=True,
                reply_channel=user_id,  # the person's DM with the bot; never the channel
            )
        )
        if job is None:
            continue
        (services.runner.resolve if partial else services.runner.enqueue)(job.id)
        queued.append(job.id)
    return queued


def message_text(message: dict[str, Any]) -> str:
    """A message's text as its reader sees it: its text, and what its blocks and
    attachments say that the text does not (a bot's summary may keep everything there)."""
    parts = [message.get("text") or ""]
    for piece in [*_block_texts(message.get("blocks") or []), *_attachment_texts(message)]:
        if piece.strip() and piece.strip() not in "\n".join(parts):
            parts.append(piece)
    return messages.unescape("\n".join(part for part in parts if part.strip()).strip())


def _block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict) and isinstance(text.get("text"), str):
            found.append(text["text"])
        for field in block.get("fields") or []:
            if isinstance(field, dict) and isinstance(field.get("text"), str):
                found.append(field["text"])
        for element in block.get("elements") or []:
            if isinstance(element, dict):
                found.append(_rich_text(element))
    return found


def _rich_text(element: dict[str, Any]) -> str:
    if isinstance(element.get("text"), str):
        return element["text"]
    if element.get("type") == "user":
        return f"<@{element.get('user_id', '')}>"
    if element.get("type") == "link":
        return str(element.get("text") or element.get("url") or "")
    return "".join(
        _rich_text(child) for child in element.get("elements") or [] if isinstance(child, dict)
    )


def _attachment_texts(message: dict[str, Any]) -> list[str]:
    found = []
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            found += [str(attachment.get(key) or "") for key in ("pretext", "title", "text")]
            found += [
                str(f.get("value") or "")
                for f in attachment.get("fields") or []
                if isinstance(f, dict)
            ]
    return found
