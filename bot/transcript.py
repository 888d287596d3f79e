"""A transcript as one document: speaker turns as lines, sentences and timed words as
ranges of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.alignment import align
from bot.clients.assemblyai import TranscriptSentence
from bot.redaction import Sentence, split_sentences


@dataclass(frozen=True)
class TimedWord:
    """A word AssemblyAI timed, placed in the document: the characters [start, end) were
    spoken from `start_ms` to `end_ms`."""

    start: int
    end: int
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Document:
    text: str
    sentences: list[Sentence]
    # The timed words that could be placed in the text, in document order.
    words: list[TimedWord] = field(default_factory=list)
    # How many timed words AssemblyAI gave, placed or not: 0 means no word timings at all.
    timed_words: int = 0


def speaker_prefix(speaker: str | None) -> str:
    return f"Speaker {speaker}: " if speaker else ""


def build_document(sentences: Sequence[TranscriptSentence]) -> Document:
    """Join sentences into lines, one per speaker turn ("Speaker A: ..."), keeping each
    sentence's range so the engine sends the model sentences, not labels, and each timed
    word's range so a redaction can be found in the audio."""
    parts: list[str] = []
    ranges: list[Sentence] = []
    placed: list[TimedWord] = []
    timed_words = 0
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
        timed_words += len(item.words)
        for word, where in zip(item.words, align(text, [w.text for w in item.words]), strict=True):
            if where is not None:
                start, end = where
                placed.append(TimedWord(length + start, length + end, word.start_ms, word.end_ms))
        parts.append(text)
        length += len(text)
    return Document("".join(parts), ranges, placed, timed_words)


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
