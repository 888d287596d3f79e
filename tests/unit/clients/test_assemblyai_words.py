"""The AssemblyAI client keeps each sentence's timed words, typed, and trusts no shape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.clients.assemblyai import AssemblyAIClient, AssemblyAIError, TranscriptWord
from tests.fakes.assemblyai import FakeAssemblyAI, marker

KEY = "test-key-words"


@pytest.fixture
def fake() -> Iterator[FakeAssemblyAI]:
    with FakeAssemblyAI(api_key=KEY, polls_queued=0, polls_processing=0) as server:
        yield server


def transcribed(fake: FakeAssemblyAI, script: str = "support_call") -> tuple[AssemblyAIClient, str]:
    client = AssemblyAIClient(base_url=fake.url, api_key=KEY, max_retries=0)
    transcript_id = client.create_transcript(client.upload(iter([marker(script)])))
    client.wait(transcript_id, timeout=5)
    return client, transcript_id


def test_sentences_carry_their_timed_words(fake: FakeAssemblyAI):
    client, transcript_id = transcribed(fake)
    sentences = client.sentences(transcript_id)
    second = sentences[1]
    assert second.text.startswith("Hi Daniel, my name is Maria Lopez")
    assert all(isinstance(word, TranscriptWord) for word in second.words)
    # As the real API gives them: punctuation stays on the word.
    assert [w.text for w in second.words[:3]] == ["Hi", "Daniel,", "my"]
    assert {w.speaker for w in second.words} == {"B"}
    assert second.words[0].start_ms == second.start_ms == 1600
    assert second.words[-1].end_ms == second.end_ms == 3100
    starts = [w.start_ms for w in second.words]
    assert starts == sorted(starts) and all(w.end_ms > w.start_ms for w in second.words)
    phone = next(s for s in sentences if "555-0132" in s.text)
    assert [w.text for w in phone.words if "555" in w.text or "415" in w.text] == [
        "(415)",
        "555-0132.",
    ]


def test_unusable_words_are_left_out_not_guessed(fake: FakeAssemblyAI):
    good = {"text": "Maria", "start": 100.4, "end": 500, "confidence": 0.9, "speaker": "A"}
    fake.sentences_answer = {
        "sentences": [
            {
                "text": "Call Maria now please thanks okay",
                "start": 0,
                "end": 2000,
                "speaker": "A",
                "words": [
                    good,
                    {"text": "Call", "start": None, "end": 90},
                    {"text": "now", "start": 600, "end": 550},  # ends before it starts
                    {"text": "please", "start": -5, "end": 700},
                    {"text": "thanks", "start": True, "end": 800},
                    {"text": 42, "start": 800, "end": 900},
                    "okay",
                ],
            },
            {"text": "Bye.", "start": "soon", "end": 2600, "speaker": 7, "words": "none"},
        ]
    }
    client, transcript_id = transcribed(fake)
    first, second = client.sentences(transcript_id)
    assert first.words == (TranscriptWord("Maria", 100, 500, "A"),)
    assert (second.start_ms, second.end_ms, second.speaker, second.words) == (None, 2600, None, ())


@pytest.mark.parametrize(
    "answer",
    [{"sentences": "none"}, {"sentences": [["Call", 0, 10]]}, ["not", "an", "object"]],
)
def test_an_answer_of_another_shape_is_an_error(fake: FakeAssemblyAI, answer: object):
    fake.sentences_answer = answer
    client, transcript_id = transcribed(fake)
    with pytest.raises(AssemblyAIError, match="unexpected shape"):
        client.sentences(transcript_id)


def test_a_script_can_turn_word_timings_off(fake: FakeAssemblyAI):
    fake.scripts["one_speaker"].word_timings = False
    client, transcript_id = transcribed(fake, "one_speaker")
    assert all(s.words == () for s in client.sentences(transcript_id))
