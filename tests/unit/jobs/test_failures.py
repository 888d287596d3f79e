"""What each failure of a recording job means: retried or not, and what the thread is told."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.clients.assemblyai import AssemblyAIError, TranscriptionFailed, TranscriptionTimeout
from bot.clients.slack import SlackFileError
from bot.jobs import failures
from bot.jobs.failures import PermanentFailure, RedactionIncomplete


def slack_refusal(error: str) -> SlackApiError:
    data = {"ok": False, "error": error}
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="",
        req_args={},
        data=data,
        headers={},
        status_code=200,
    )
    return SlackApiError("refused", response)


@pytest.mark.parametrize(
    ("exc", "permanent", "told"),
    [
        (PermanentFailure("the bot cannot read this file."), True, "cannot read this file"),
        (RedactionIncomplete("2 of 9 sentences…", retryable=True), False, "2 of 9 sentences"),
        (RedactionIncomplete("9 of 9 sentences…", retryable=False), True, "9 of 9 sentences"),
        (
            TranscriptionFailed("AssemblyAI", 200, "no audio"),
            True,
            "could not transcribe it (no audio)",
        ),
        (TranscriptionTimeout("AssemblyAI", None, "slow"), True, "did not finish the transcript"),
        (SlackFileError(404, download=True), True, "download the file (HTTP 404)"),
        (SlackFileError(503, download=True), False, "download the file (HTTP 503)"),
        (SlackFileError(403, download=False), False, "temporary problem"),
        (slack_refusal("not_in_channel"), True, "Slack refused a request (not_in_channel)"),
        (slack_refusal("ratelimited"), False, "Slack refused a request (ratelimited)"),
        (
            AssemblyAIError("AssemblyAI", 401, "check ASSEMBLYAI_API_KEY"),
            True,
            "ASSEMBLYAI_API_KEY",
        ),
        (AssemblyAIError("AssemblyAI", 503, "busy"), False, "not answering properly"),
        (AssemblyAIError("AssemblyAI", 422, "bad audio_url"), True, "not answering properly"),
        (ValueError("Maria Lopez"), False, "temporary problem kept happening (ValueError)"),
    ],
)
def test_failure_policy(exc: Exception, permanent: bool, told: str) -> None:
    assert failures.is_permanent(exc) is permanent
    text = failures.thread_text(exc, "call.mp3")
    assert told in text
    assert "Nothing unredacted was posted" in text
    assert "Maria" not in text  # an exception's own message is never repeated


def test_a_failure_with_its_own_message_says_only_that() -> None:
    exc = PermanentFailure("too large", message=":warning: *call.mp3* is larger than 2 MB.")
    assert failures.thread_text(exc, "call.mp3") == ":warning: *call.mp3* is larger than 2 MB."
