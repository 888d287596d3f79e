"""The texts the bot shows: summaries, withheld notes, the result message."""

from __future__ import annotations

import pytest

from bot import messages
from bot.redaction import Doubt, Redaction, Sentence, Span


def redaction(withheld: int = 0, sentences: int = 10) -> Redaction:
    spans = [Span(0, 4, "PERSON"), Span(10, 20, "PHONE"), Span(30, 34, "PERSON")]
    return Redaction(
        text="#### said ########## to ####",
        spans=spans,
        withheld=[Sentence(40 + i, 41 + i, "x") for i in range(withheld)],
        doubts={Doubt.UNPINNED: withheld} if withheld else {},
        sentence_count=sentences,
        replaced=[(0, 4), (10, 20), (24, 28)],
    )


def test_summary_counts_items_by_type() -> None:
    assert messages.summary(redaction()) == "Redacted 3 items: 2 names, 1 phone number."


def test_summary_says_how_many_sentences_were_withheld_and_why() -> None:
    text = messages.summary(redaction(withheld=2, sentences=40))
    assert text.startswith("Redacted 3 items: 2 names, 1 phone number. :warning: 2 of 40 sentences")
    assert Doubt.UNPINNED.value in text


def test_a_result_with_withheld_sentences_still_shows_the_transcript() -> None:
    message = messages.result("call.mp3", redaction(withheld=1), "Speaker A: hello")
    assert "1 of 10 sentences could not be checked" in message.text
    assert "Speaker A: hello" in message.text
    assert message.attachment is None


def test_a_long_transcript_is_attached_and_previewed() -> None:
    transcript = "Speaker A: " + "word " * 1000
    message = messages.result("call.mp3", redaction(), transcript)
    assert message.attachment == transcript
    assert "attached below" in message.text
    assert len(message.text) < len(transcript)


def test_file_names_repeat_only_what_detectors_leave() -> None:
    text = messages.queued("call 415-555-0132.m4a", 0)
    assert "415-555-0132" not in text and "############.m4a" in text


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("call.mp3", "call-redacted.m4a"),
        ("Weekly sync.final.mp4", "Weekly sync.final-redacted.m4a"),
        ("call 415-555-0132.m4a", "call ############-redacted.m4a"),  # as every message shows it
        ("../../etc/passwd", "passwd-redacted.m4a"),
        ("a\\b\nc.wav", "a_b_c-redacted.m4a"),
        (".mp3", "mp3-redacted.m4a"),
        (None, "recording-redacted.m4a"),
        ("", "recording-redacted.m4a"),
    ],
)
def test_the_redacted_audio_is_named_after_the_recording(file_name, expected) -> None:
    assert messages.audio_file_name(file_name) == expected


def test_the_audio_notice_is_one_line_with_the_reason() -> None:
    text = messages.audio_unavailable("call <1>.mp3", "the transcript has no word timings")
    assert text == (
        ":mute: The redacted audio of *call &lt;1&gt;.mp3* could not be produced: the "
        "transcript has no word timings. Only the transcript is shared."
    )
    assert "\n" not in text
