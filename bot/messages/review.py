"""What review before sharing shows: the buttons on a result, the review modal, and the
replies around it. Item values appear only in the modal, which only the owner sees.

The modal keeps within Block Kit's limits whatever the text: at most 100 blocks, 10
checkboxes per group, 75 characters per option, 3,000 per section, 3,000 characters of
private metadata (which holds only the review's id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.messages import ResultMessage, escape, shared_text, summary, text_sections
from bot.redaction import Redaction
from bot.redaction.entities import BY_NAME

OPEN_ACTION = "review_open"
DISCARD_ACTION = "review_discard"
UPDATE_ACTION = "review_update"
SHARE_CALLBACK = "review_share"
KEEP_PREFIX = "keep_"
KEEP_ACTION = "keep"
PHRASES_BLOCK, PHRASES_ACTION = "also", "phrases"
TARGET_BLOCK, TARGET_ACTION = "share_to", "conversation"

MAX_BLOCKS = 100
OPTIONS_PER_GROUP = 10
OPTION_CHARS = 75
PREVIEW_SECTIONS = 4
# Blocks the modal needs besides the checkbox groups and their type headings.
FIXED_BLOCKS = 4 + PREVIEW_SECTIONS + 2
# Bytes the listed items may take (a view is at most 250 KB; an option appears twice when
# it starts checked, and the preview takes up to PREVIEW_SECTIONS x 3,000 characters).
ITEM_BYTES = 180_000
OPTION_OVERHEAD = 120


def actions(review_id: str, *, discard: bool) -> list[dict[str, Any]]:
    """The buttons under a result: review (and, for a private result, discard)."""
    elements: list[dict[str, Any]] = [
        {
            "type": "button",
            "action_id": OPEN_ACTION,
            "text": {"type": "plain_text", "text": "Review and share"},
            "style": "primary",
            "value": review_id,
        }
    ]
    if discard:
        elements.append(
            {
                "type": "button",
                "action_id": DISCARD_ACTION,
                "text": {"type": "plain_text", "text": "Discard"},
                "value": review_id,
            }
        )
    return [{"type": "actions", "block_id": "review", "elements": elements}]


def _modal(blocks: list[dict[str, Any]], *, submit: bool, review_id: str = "") -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": SHARE_CALLBACK,
        "title": {"type": "plain_text", "text": "Review and share"},
        "close": {"type": "plain_text", "text": "Cancel" if submit else "Close"},
        "private_metadata": json.dumps({"review": review_id}) if review_id else "",
        "blocks": blocks,
    }
    if submit:
        view["submit"] = {"type": "plain_text", "text": "Share"}
    return view


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def loading() -> dict[str, Any]:
    """Opened at once (a trigger lasts 3 seconds); the review replaces it when ready."""
    return _modal(
        [_section(":hourglass_flowing_sand: Getting your text ready to review…")], submit=False
    )


def notice(text: str) -> dict[str, Any]:
    """A modal with nothing to do but read `text`."""
    return _modal([_section(text)], submit=False)


REVIEW_GONE = (
    ":warning: This review is over: it was shared, discarded or has expired, so the original "
    "is gone and nothing can be changed. The redacted result stays as it was posted."
)
ORIGINAL_GONE = (
    ":warning: The original of this text is no longer available (the review expired, or "
    "the bot restarted without REVIEW_ENCRYPTION_KEY), so nothing can be un-redacted. "
    "Nothing unredacted was shared."
)
NOTHING_TO_REDACT = "There is no text in that message to redact."


def not_yours(owner: str) -> str:
    return f":lock: Only <@{owner}> can review this."


@dataclass(frozen=True)
class ReviewItem:
    id: str
    type: str
    text: str  # the value: shown to the owner in the modal only
    count: int


def shown_items(items: list[ReviewItem]) -> list[ReviewItem]:
    """The items the modal can list (most frequent first, within the block budget); those
    left out stay redacted — an item not shown cannot be un-redacted."""
    budget = MAX_BLOCKS - FIXED_BLOCKS
    room = ITEM_BYTES
    shown: list[ReviewItem] = []
    groups: dict[str, int] = {}
    for item in sorted(items, key=lambda i: -i.count):
        in_type = groups.get(item.type, 0)
        needed = (1 if in_type == 0 else 0) + (1 if in_type % OPTIONS_PER_GROUP == 0 else 0)
        size = 2 * (min(len(item.text.encode()), OPTION_CHARS * 4) + OPTION_OVERHEAD)
        if needed > budget or size > room:
            continue
        budget -= needed
        room -= size
        groups[item.type] = in_type + 1
        shown.append(item)
    order = {item.id: position for position, item in enumerate(items)}
    return sorted(shown, key=lambda i: order[i.id])


def _option(item: ReviewItem) -> dict[str, Any]:
    label = item.text if len(item.text) <= OPTION_CHARS else item.text[: OPTION_CHARS - 1] + "…"
    mentions = f"{item.count} mention{'s' if item.count != 1 else ''}"
    return {
        "text": {"type": "plain_text", "text": label or "(blank)"},
        "description": {"type": "plain_text", "text": mentions},
        "value": item.id,
    }


def _groups(items: list[ReviewItem], unkept: frozenset[str]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    by_type: dict[str, list[ReviewItem]] = {}
    for item in items:
        by_type.setdefault(item.type, []).append(item)
    for entity_type, members in by_type.items():
        known = BY_NAME.get(entity_type)
        noun = known.plural.capitalize() if known else entity_type
        blocks.append(_section(f"*{escape(noun)}* ({sum(m.count for m in members)})"))
        for start in range(0, len(members), OPTIONS_PER_GROUP):
            group = members[start : start + OPTIONS_PER_GROUP]
            element: dict[str, Any] = {
                "type": "checkboxes",
                "action_id": KEEP_ACTION,
                "options": [_option(item) for item in group],
            }
            kept = [_option(item) for item in group if item.id not in unkept]
            if kept:
                element["initial_options"] = kept
            blocks.append(
                {
                    "type": "input",
                    "block_id": f"{KEEP_PREFIX}{entity_type}_{start // OPTIONS_PER_GROUP}",
                    "optional": True,
                    "label": {"type": "plain_text", "text": "Keep redacted"},
                    "element": element,
                }
            )
    return blocks


def _preview(redaction: Redaction) -> list[dict[str, Any]]:
    sections = text_sections(redaction.text)
    note = "Preview of what will be shared."
    if len(sections) > PREVIEW_SECTIONS:
        note += " It shows the beginning; the whole text is shared."
    blocks: list[dict[str, Any]] = [
        {"type": "actions", "elements": [_update_button()]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]},
    ]
    return blocks + sections[:PREVIEW_SECTIONS]


def _update_button() -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": UPDATE_ACTION,
        "text": {"type": "plain_text", "text": "Update preview"},
    }


def _target(origin_channel: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": TARGET_ACTION,
        "placeholder": {"type": "plain_text", "text": "A channel or group you are in"},
        "filter": {"include": ["public", "private", "mpim"], "exclude_bot_users": True},
    }
    if origin_channel and origin_channel[:1] in "CG":
        element["initial_conversation"] = origin_channel
    return {
        "type": "input",
        "block_id": TARGET_BLOCK,
        "label": {"type": "plain_text", "text": "Share to"},
        "element": element,
    }


def modal(
    review_id: str,
    items: list[ReviewItem],
    unkept: frozenset[str],
    preview: Redaction,
    origin_channel: str | None,
) -> dict[str, Any]:
    """The review: what was redacted, by type, each item a "keep redacted" checkbox; what
    else to redact; the preview; where to share."""
    shown = shown_items(items)
    intro = f"{summary(preview)} Uncheck what is not personal data; add what was missed."
    if len(shown) < len(items):
        intro += f" ({len(items) - len(shown)} rarer items are not listed and stay redacted.)"
    phrases = {
        "type": "input",
        "block_id": PHRASES_BLOCK,
        "optional": True,
        "label": {"type": "plain_text", "text": "Also redact (one word or phrase per line)"},
        "element": {
            "type": "plain_text_input",
            "action_id": PHRASES_ACTION,
            "multiline": True,
            "max_length": 3000,
        },
    }
    blocks = [_section(intro), *_groups(shown, unkept), phrases, *_preview(preview)]
    blocks.append(_target(origin_channel))
    return _modal(blocks, submit=True, review_id=review_id)


@dataclass(frozen=True)
class Submitted:
    """What the owner chose, as the modal's state says."""

    kept: frozenset[str]  # item ids still checked, among the groups shown
    phrases: list[str]
    target: str | None


def read_state(values: dict[str, Any]) -> Submitted:
    kept: set[str] = set()
    phrases: list[str] = []
    target = None
    for block_id, elements in (values or {}).items():
        if block_id.startswith(KEEP_PREFIX):
            selected = (elements.get(KEEP_ACTION) or {}).get("selected_options") or []
            kept |= {option.get("value") for option in selected if option.get("value")}
        elif block_id == PHRASES_BLOCK:
            text = (elements.get(PHRASES_ACTION) or {}).get("value") or ""
            phrases = [line.strip() for line in text.splitlines() if line.strip()]
        elif block_id == TARGET_BLOCK:
            target = (elements.get(TARGET_ACTION) or {}).get("selected_conversation")
    return Submitted(frozenset(kept), phrases, target)


def review_id_of(view: dict[str, Any]) -> str:
    try:
        return str(json.loads(view.get("private_metadata") or "{}").get("review") or "")
    except (ValueError, AttributeError):
        return ""


# --- sharing ---

CHOOSE_TARGET = "Choose where to share it."


def target_problem(error: str, name: str | None = None) -> str:
    """Why the bot cannot post where the owner chose, and what to do about it."""
    where = f"#{name}" if name else "that conversation"
    if error in ("channel_not_found", "not_in_channel"):
        return (
            f"I am not in {where}. Add me there with /invite @redact-bot, then press Share again."
        )
    if error == "is_archived":
        return f"{where} is archived."
    return f"I cannot post in {where} ({error})."


def shared(user_id: str, redaction: Redaction) -> ResultMessage:
    """What the chosen conversation gets."""
    head = f"<@{user_id}> shared a redacted text. {summary(redaction)}"
    return shared_text(head, redaction.text, [])


def share_done(channel: str) -> str:
    return f":white_check_mark: Shared in <#{channel}>."


def share_failed(error: str) -> str:
    return (
        f":warning: I could not share it ({escape(error)}). Nothing was posted; you can try again."
    )


SHARE_UNCERTAIN = ":warning: I am not sure it was shared; please check the conversation."
DISCARDED = ":wastebasket: Discarded. The original is deleted; nothing was shared."


def private_intro(text: str) -> str:
    """Above a private result: only its owner sees it."""
    return f":lock: Only you can see this. {text}"


def shortcut_recordings(count: int) -> str:
    noun = "recording" if count == 1 else "recordings"
    return (
        f":studio_microphone: I am transcribing {count} {noun} from that message; the redacted "
        "result will come to you here, privately, with a button to review and share it."
    )
