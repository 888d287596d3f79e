"""A transcript as one document: speaker turns as lines, sentences as ranges of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.clients.assemblyai import TranscriptSentence
from bot.redaction import Sentence, split_sentences


@dataclass(frozen=True)
class Document:
    text: str
    sentences: list[Sentence]


def speaker_prefix(speaker: str | None) -> str:
    return f"Speaker {speaker}: " if speaker else ""


def build_document(sentences: Sequence[TranscriptSentence]) -> Document:
    """Join sentences into lines, one per speaker turn ("Speaker A: ..."), keeping each
    sentence's range so the engine sends the model sentences, not labels."""
    parts: list[str] = []
    ranges: list[Sentence] = []
    length = 0
    previous_speaker: object = object()
    for item in sentences:
        text = item.text.strip()
        if not text:
            continue
        if item.speaker != previous_speaker:
            separator = ("\n" if parts else "") + speaker_prefix(item.speaker)
            previous_speaker = item.speaker
        else:
            separator = " "
        parts.append(separator)
        length += len(separator)
        ranges.append(
            Sentence(
                start=length,
                end=length + len(text),
                text=text,
                speaker=item.speaker,
                start_ms=item.start_ms,
                end_ms=item.end_ms,
            )
        )
        parts.append(text)
        length += len(text)
    return Document("".join(parts), ranges)


def fallback_sentences(transcript: dict) -> list[TranscriptSentence]:
    """Sentences from the transcript object itself when `/sentences` is unavailable: each
    utterance (speaker turn) split by the engine's splitter, else the whole text."""
    utterances = transcript.get("utterances") or []
    turns = [
        (u.get("speaker"), u.get("text") or "", u.get("start"), u.get("end")) for u in utterances
    ]
    if not turns:
        turns = [(None, transcript.get("text") or "", None, None)]
    result = []
    for speaker, text, start_ms, end_ms in turns:
        for sentence in split_sentences(text):
            result.append(TranscriptSentence(sentence.text, start_ms, end_ms, speaker))
    return result
