"""Every text and Block Kit layout the bot shows in Slack, in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from bot.redaction import Redaction, describe_counts, mask_detected, redacted_kinds

SECTION_LIMIT = 3000  # characters in one section block
INLINE_LIMIT = 2900  # transcripts up to this many characters go in the message itself
PREVIEW_CHARS = 600


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of text it sends us (slash command text)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def text_sections(text: str, limit: int = SECTION_LIMIT) -> list[dict[str, Any]]:
    """Section blocks holding `text`, cut at line ends where possible."""
    blocks = []
    while text:
        piece = text[:limit]
        if len(text) > limit and "\n" in piece:
            piece = piece[: piece.rindex("\n") + 1]
        blocks.append({"type": "section", "text": {"type": "plain_text", "text": piece}})
        text = text[len(piece) :]
    return blocks


def usage(max_chars: int) -> str:
    return (
        f"*Usage:* `/redact <text>` shows you the text with personal data ({redacted_kinds()}) "
        f"redacted; up to {max_chars:,} characters at a time. Only you see the preview; *Post "
        "to channel* shares it, *Discard* drops it.\nShare an audio or video file in a "
        "channel I am in and I will reply in its thread with a redacted transcript."
    )


def _name(file_name: str | None) -> str:
    """A file's name as the bot repeats it: what the detectors find in it (a phone number in
    "call 415-555-0132.m4a") is masked; the model is not asked about file names."""
    if not file_name:
        return "the recording"
    return f"*{escape(mask_detected(file_name))}*"


def _elapsed(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"


def queued(file_name: str | None, ahead: int) -> str:
    waiting = f" ({ahead} ahead of it)" if ahead else ""
    return f":hourglass_flowing_sand: {_name(file_name)} is queued{waiting}…"


def uploading(file_name: str | None) -> str:
    return f":arrow_up: Transcribing {_name(file_name)}… uploading"


def transcribing(file_name: str | None, status: str, elapsed: float) -> str:
    if status == "queued":
        return f":studio_microphone: Transcribing {_name(file_name)}… queued at AssemblyAI"
    return f":studio_microphone: Transcribing {_name(file_name)}… {_elapsed(elapsed)} elapsed"


def retrying(file_name: str | None, attempt: int, limit: int) -> str:
    return (
        f":repeat: {_name(file_name)} hit a temporary problem; trying again "
        f"(attempt {attempt + 1} of {limit})…"
    )


def withheld_note(redaction: Redaction) -> str:
    """Why some sentences show a placeholder instead of their text ("" when none do)."""
    if not redaction.withheld:
        return ""
    count = len(redaction.withheld)
    return (
        f":warning: {count} of {redaction.sentence_count} sentences could not be checked for "
        f"personal data and {'is' if count == 1 else 'are'} withheld "
        f"({redaction.withheld_reason})."
    )


def summary(redaction: Redaction) -> str:
    counts = redaction.counts()
    total = sum(counts.values())
    if not total:
        text = "No personal data found."
    else:
        noun = "item" if total == 1 else "items"
        text = f"Redacted {total} {noun}: {describe_counts(counts)}."
    note = withheld_note(redaction)
    return f"{text} {note}" if note else text


@dataclass(frozen=True)
class ResultMessage:
    """A recording's finished status message: `text` and `blocks`, and the whole transcript
    to attach to the thread as a file when it is too long to show (else None)."""

    text: str
    blocks: list[dict[str, Any]]
    attachment: str | None


ATTACHMENT_TITLE = "Redacted transcript"


def attachment_name(job_id: int) -> str:
    return f"redacted-transcript-{job_id}.txt"


def result(
    file_name: str | None,
    redaction: Redaction,
    transcript: str,
    extra_blocks: list[dict[str, Any]] | None = None,
) -> ResultMessage:
    """The finished status message: a summary and the transcript itself if it fits; if not,
    a preview, and the transcript as an attachment. `extra_blocks` (buttons) go last."""
    head = f":white_check_mark: Redacted transcript of {_name(file_name)}. {summary(redaction)}"
    return shared_text(head, transcript, extra_blocks or [], noun="transcript")


def shared_text(
    head: str, text: str, extra_blocks: list[dict[str, Any]], *, noun: str = "text"
) -> ResultMessage:
    """`head` (mrkdwn) over `text` (plain) when it fits the message, else over a preview with
    the whole text as an attachment."""
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": head}}]
    if len(text) <= INLINE_LIMIT:
        return ResultMessage(f"{head}\n{text}", blocks + text_sections(text) + extra_blocks, None)
    preview = text[:PREVIEW_CHARS].rsplit(" ", 1)[0] + " …"
    head += f" The full {noun} is attached below."
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": head}}]
    return ResultMessage(head, blocks + text_sections(preview) + extra_blocks, text)


AUDIO_TITLE = "Redacted audio"
_UNSAFE_IN_FILE_NAMES = re.compile(r"[\x00-\x1f\x7f/\\]+")


def audio_file_name(file_name: str | None) -> str:
    """`<name>-redacted.m4a`: the recording's name without its extension, with what the
    detectors find in it masked (as every message repeats it), nothing like a path."""
    stem = PurePath(file_name).stem if file_name else ""
    stem = _UNSAFE_IN_FILE_NAMES.sub("_", mask_detected(stem)).strip(" .")[:120]
    return f"{stem or 'recording'}-redacted.m4a"


def audio_unavailable(file_name: str | None, reason: str) -> str:
    """The one line a thread gets when its recording's redacted audio cannot be made."""
    return (
        f":mute: The redacted audio of {_name(file_name)} could not be produced: "
        f"{escape(reason.rstrip('.'))}. Only the transcript is shared."
    )


def no_speech(file_name: str | None) -> str:
    return f":mute: No speech was found in {_name(file_name)}, so there is nothing to share."


def failed(file_name: str | None, reason: str) -> str:
    return (
        f":warning: Could not redact {_name(file_name)}: {escape(reason)} "
        "Nothing unredacted was posted."
    )


# Why a recording failed: sentences for `failed()`, with no content and no secrets.
REASON_CANNOT_READ = "the bot cannot read this file — reinstall it with the files:read scope."
REASON_NOT_ON_SLACK = (
    "the bot cannot read this file: it is not stored on Slack, and the bot sends its Slack "
    "token to nobody else."
)
REASON_TRANSCRIPTION_TIMEOUT = "AssemblyAI did not finish the transcript in time."
REASON_ASSEMBLYAI_KEY = "AssemblyAI refused the API key (check ASSEMBLYAI_API_KEY)."
REASON_ASSEMBLYAI_DOWN = "AssemblyAI is not answering properly right now."


def reason_download_refused(status: int | None) -> str:
    return f"Slack would not let me download the file (HTTP {status})."


def reason_slack_refused(error: str) -> str:
    return f"Slack refused a request ({error})."


def reason_transcription_failed(message: str) -> str:
    return f"AssemblyAI could not transcribe it ({message})."


def reason_temporary(kind: str) -> str:
    return f"a temporary problem kept happening ({kind})."


def reason_unchecked(redaction: Redaction) -> str:
    return (
        f"{len(redaction.withheld)} of {redaction.sentence_count} sentences could not be "
        f"checked for personal data ({redaction.withheld_reason})."
    )


def too_large(file_name: str | None, limit_mb: int) -> str:
    return (
        f":warning: {_name(file_name)} is larger than {limit_mb:,} MB, the most I can "
        "transcribe. Please share a shorter recording."
    )


def preview(preview_id: str, redaction: Redaction) -> dict[str, Any]:
    """The ephemeral `/redact` preview with its two buttons."""
    intro = "Here is your text with personal data redacted. Only you can see this. "
    intro += summary(redaction)
    sections = text_sections(redaction.text)[:45]
    buttons = {
        "type": "actions",
        "block_id": "redact_preview",
        "elements": [
            {
                "type": "button",
                "action_id": "redact_post",
                "text": {"type": "plain_text", "text": "Post to channel"},
                "style": "primary",
                "value": preview_id,
            },
            {
                "type": "button",
                "action_id": "redact_discard",
                "text": {"type": "plain_text", "text": "Discard"},
                "value": preview_id,
            },
        ],
    }
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": intro}}, *sections, buttons]
    return {"text": intro, "blocks": blocks, "response_type": "ephemeral"}


def shared_by(user_id: str, redacted_text: str) -> str:
    return f"<@{user_id}> shared:\n{escape(redacted_text)}"


# --- the preview's buttons ---

PREVIEW_GONE = "This preview was already posted or has expired."
POST_UNCERTAIN = ":warning: I am not sure the text was posted; please check the channel."


def post_refused(error: str) -> str:
    """Slack refused to post a preview (nothing was posted; the user may try again)."""
    hint = " Invite me to the channel first." if error == "not_in_channel" else ""
    return f":warning: I could not post it ({error}).{hint}"


# --- `/redact` refusals and failures ---


def redact_too_long(chars: int, sentences: int, max_chars: int, max_sentences: int) -> str:
    if chars > max_chars:
        size = f"{chars:,} characters; the most is {max_chars:,}"
    else:
        size = f"{sentences:,} sentences or lines; the most is {max_sentences:,}"
    return (
        f":warning: That is too long for `/redact` ({size}). Please split it and redact "
        "each part on its own."
    )


def redact_busy() -> str:
    return (
        ":hourglass_flowing_sand: I am still redacting your previous text; you will get its "
        "preview in a moment. Send the next one after that."
    )


def redacting_later() -> str:
    return ":hourglass_flowing_sand: Redacting your text…"


def redact_unchecked(reason: str | None) -> str:
    """Nothing of the text could be checked: no preview, no button, the reason instead."""
    why = escape(reason or "no reason known")
    return (
        f":warning: I could not check your text for personal data ({why}), so I am not "
        "showing it and nothing can be posted. Please try again later; if this keeps "
        "happening, tell whoever runs redact-bot."
    )


def redact_failed() -> str:
    return ":warning: Sorry, I could not redact that text."


# --- what a recording's status message says while it is being checked ---


def checking(
    file_name: str | None, progress: tuple[int, int] | None, *, waiting_for_gateway: bool
) -> str:
    """Redacting: how far it got, and whether it is waiting for the gateway's rate limit
    (AssemblyAI is done by then; saying "queued at AssemblyAI" would be untrue)."""
    done = f"{progress[0]}/{progress[1]} sentences checked" if progress else "checking it"
    text = f":mag: Redacting {_name(file_name)}… {done}"
    if waiting_for_gateway and not (progress and progress[0] == progress[1]):
        text += " — waiting for the LLM Gateway's rate limit"
    return text
