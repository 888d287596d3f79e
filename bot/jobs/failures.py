"""What can go wrong in a recording job: the exceptions the steps raise, and the policy that
decides whether trying again can help and what the thread is told (words from
`bot.messages`, never content or secrets)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot import messages
from bot.clients.assemblyai import AssemblyAIError, TranscriptionFailed, TranscriptionTimeout
from bot.clients.slack import SlackFileError


class PermanentFailure(Exception):
    """A failure that trying again cannot fix. `reason` is shown in the thread (or, when
    given, the whole `message` instead)."""

    def __init__(self, reason: str, *, message: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


class RedactionIncomplete(Exception):
    """No sentence could be checked, or the gateway failed for some and a later attempt may
    check them: nothing is posted yet. Retried later when the gateway was the cause."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.retryable = retryable


class Interrupted(Exception):
    """The process is shutting down; the job stays at its last durable phase."""


# Slack API errors that no retry can fix.
PERMANENT_SLACK_ERRORS = frozenset(
    {
        "file_not_found",
        "file_deleted",
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "missing_scope",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
    }
)


def slack_error(exc: BaseException) -> str | None:
    """The Slack API's error code of a failed call ("not_in_channel"), or None."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "error")
    return None


def reason(exc: BaseException) -> str:
    """What went wrong, in words fit for the thread: no content, no secrets."""
    if isinstance(exc, PermanentFailure | RedactionIncomplete):
        return str(exc)
    if isinstance(exc, SlackFileError) and exc.download:
        return messages.reason_download_refused(exc.status)
    if slack_error(exc):
        return messages.reason_slack_refused(slack_error(exc) or "error")
    if isinstance(exc, TranscriptionFailed):
        return messages.reason_transcription_failed(exc.message)
    if isinstance(exc, TranscriptionTimeout):
        return messages.REASON_TRANSCRIPTION_TIMEOUT
    if isinstance(exc, AssemblyAIError) and exc.status in (401, 403):
        return messages.REASON_ASSEMBLYAI_KEY
    if isinstance(exc, AssemblyAIError):
        return messages.REASON_ASSEMBLYAI_DOWN
    return messages.reason_temporary(type(exc).__name__)


def thread_text(exc: BaseException, file_name: str | None) -> str:
    """The failure message the thread gets for `exc`."""
    if isinstance(exc, PermanentFailure) and exc.message:
        return exc.message
    return messages.failed(file_name, reason(exc))


def is_permanent(exc: BaseException) -> bool:
    """Whether trying again cannot help."""
    if isinstance(exc, PermanentFailure | TranscriptionFailed | TranscriptionTimeout):
        return True
    if isinstance(exc, RedactionIncomplete):
        return not exc.retryable  # the same answer would come back: asking again is waste
    if isinstance(exc, SlackFileError):
        return exc.download and exc.status in (401, 403, 404, 410)
    if slack_error(exc) in PERMANENT_SLACK_ERRORS:
        return True
    return isinstance(exc, AssemblyAIError) and exc.status in (400, 401, 403, 404, 422)
