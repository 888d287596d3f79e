"""A text being redacted, and what is known about it so far: the model's claims, the
sentences in doubt, the detectors' spans; and how it looks with all of that applied."""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from dataclasses import dataclass, field

from bot.redaction.detectors import Scan, detect_in
from bot.redaction.entities import WITHHELD
from bot.redaction.matching import Claim, Located, Scope, locate_in
from bot.redaction.normalize import shadow
from bot.redaction.spans import merge
from bot.redaction.styles import apply_style
from bot.redaction.types import Doubt, Redaction, Sentence, Span


@dataclass
class Ledger:
    """What the model said and what is still in doubt; shared by the threads that ask."""

    claims: list[Claim] = field(default_factory=list)
    pins: dict[str, list[str]] = field(default_factory=dict)  # claim → its near spellings
    doubts: dict[int, Doubt] = field(default_factory=dict)  # sentence index → why withheld
    hallucinations: int = 0
    asks: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, claims: list[Claim]) -> None:
        with self.lock:
            self.claims += claims

    def withhold(self, indices: list[int], doubt: Doubt) -> None:
        with self.lock:
            for index in indices:
                self.doubts.setdefault(index, doubt)


class Draft:
    """The text, its sentences and its normalised shadow, read once; the ledger."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.sentences = sentences
        self.normalised = shadow(text)
        self.runs = Scan(self.normalised.text).runs
        self.detected = detect_in(self.normalised)
        self.ledger = Ledger()
        self._starts = [sentence.start for sentence in sentences]

    def scope(self, first: int, last: int) -> Scope:
        """The range of sentences first..last (indices)."""
        return self.sentences[first].start, self.sentences[last].end

    def sentences_in(self, scope: Scope) -> list[int]:
        start, end = scope
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_right(self._starts, end - 1)
        return [i for i in range(first, last) if self.sentences[i].end <= end]

    def checked(self) -> list[int]:
        """The sentences not withheld."""
        return [i for i in range(len(self.sentences)) if i not in self.ledger.doubts]

    def locate(self) -> Located:
        return locate_in(self.normalised, self.ledger.claims, self.runs)

    def visible(self, index: int, located: Located) -> str:
        """A sentence as it would be shown: what is already redacted blanked out."""
        sentence = self.sentences[index]
        chars = list(sentence.text)
        for span in [*self.detected, *located.spans]:
            for position in range(max(span.start, sentence.start), min(span.end, sentence.end)):
                chars[position - sentence.start] = " "
        return "".join(chars)

    def spans(self, located: Located) -> list[Span]:
        withheld = [
            Span(self.sentences[i].start, self.sentences[i].end, WITHHELD)
            for i in sorted(self.ledger.doubts)
        ]
        return merge(self.detected + located.spans + withheld)

    def redaction(self, located: Located, style: str) -> Redaction:
        spans = self.spans(located)
        styled = apply_style(self.text, spans, style)
        ledger = self.ledger
        return Redaction(
            text=styled.text,
            spans=spans,
            withheld=[self.sentences[i] for i in sorted(ledger.doubts)],
            doubts=dict(Counter(ledger.doubts.values())),
            sentence_count=len(self.sentences),
            replaced=styled.replaced,
            hallucinations=ledger.hallucinations,
            asks=ledger.asks,
        )
