"""Asking the model about a draft's sentences, and turning its answers into claims.

Windows of `sentences_per_request` sentences, each with the sentence before it as context;
several at once. A window whose answer cannot be read is asked once more, then about in
halves, down to single sentences (each asked twice): only a sentence the model cannot
answer about is withheld. A window the gateway cannot answer after its retries is withheld;
a refused key stops all asking.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot.redaction.detectors import detect_in
from bot.redaction.draft import Draft
from bot.redaction.entities import OTHER
from bot.redaction.matching import MIN_DIGITS, Claim, clean_entity
from bot.redaction.normalize import shadow
from bot.redaction.types import Doubt, EntityFinder, FoundEntity, NerUnavailable, Pass

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_TAG = re.compile(r"\[[A-Z_]+(?:_\d+)?\]")


def _infer_type(entity: str) -> str:
    """A type for a bare string answer: what a detector says it is, else generic."""
    whole = [
        span
        for span in detect_in(shadow(entity))
        if span.end - span.start >= len(entity.strip()) - 2
    ]
    return whole[0].type if whole else OTHER


def _short_number(value: str) -> bool:
    stripped = value.strip()
    return stripped.isdigit() and len(stripped) < MIN_DIGITS


@dataclass
class Window:
    """Sentences asked about together: `own` are this window's; `context` (the sentence
    before) is sent along so nothing is cut in halves, and belongs to the window before."""

    own: list[int]  # sentence indices
    context: int | None = None
    tries: int = 1  # times to ask before asking about halves

    @property
    def asked(self) -> list[int]:
        return ([self.context] if self.context is not None else []) + self.own


class Asker:
    def __init__(
        self, finder: EntityFinder, draft: Draft, *, sentences_per_request: int, concurrency: int
    ) -> None:
        self.finder = finder
        self.draft = draft
        self.sentences_per_request = sentences_per_request
        self.concurrency = concurrency
        self.refused = False

    def ask(
        self, indices: Sequence[int], mode: Pass, texts: Sequence[str] | None = None
    ) -> list[FoundEntity]:
        """The model's entities for these sentences (or `texts` standing for them)."""
        if self.refused:
            raise NerUnavailable(Doubt.REFUSED)
        ledger = self.draft.ledger
        with ledger.lock:
            ledger.asks += 1
        asked = texts if texts is not None else [self.draft.sentences[i].text for i in indices]
        try:
            return self.finder.find(asked, mode)
        except NerUnavailable as exc:
            if exc.doubt is Doubt.REFUSED:
                self.refused = True  # the same key would be refused again: stop asking
            raise

    def claims(self, found: list[FoundEntity], indices: Sequence[int]) -> list[Claim]:
        """Claims from an answer about `indices`, each scoped to its sentence (or, when the
        model did not say which, to all of them)."""
        draft = self.draft
        window = draft.scope(indices[0], indices[-1])
        claims = []
        for entity in found:
            text = _TAG.sub(" ", entity.text).strip()
            if clean_entity(text) is None:
                continue
            number = entity.sentence
            if number is not None and 1 <= number <= len(indices):
                index = indices[number - 1]
                scope = draft.scope(index, index)
            elif _short_number(text):
                continue  # "12" with no sentence: too short to be a pattern of its own
            else:
                scope = window
            claims.append(Claim(text, entity.type or _infer_type(text), scope))
        return claims

    def windows(self) -> list[Window]:
        size = self.sentences_per_request
        count = len(self.draft.sentences)
        return [
            Window(list(range(i, min(i + size, count))), i - 1 if i else None, tries=2)
            for i in range(0, count, size)
        ]

    def find(self, window: Window) -> None:
        """Ask about a window; see the module's docstring for what follows a failure."""
        try:
            found = self.ask(window.asked, Pass.FIND)
        except NerUnavailable as exc:
            own = window.own
            if exc.doubt.splittable and window.tries > 1:
                self.find(Window(own, window.context, window.tries - 1))
            elif exc.doubt.splittable and len(own) > 1:
                middle = len(own) // 2
                self.find(Window(own[:middle], tries=1 if middle > 1 else 2))
                self.find(Window(own[middle:], tries=1 if len(own) - middle > 1 else 2))
            else:
                log.warning("sentences withheld count=%d reason=%s", len(own), exc.doubt.name)
                self.draft.ledger.withhold(own, exc.doubt)
            return
        self.draft.ledger.add(self.claims(found, window.asked))

    def find_all(self, progress: Progress | None) -> None:
        windows = self.windows()
        total = len(self.draft.sentences)
        done = 0
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="ner") as pool:
            for window, _ in zip(windows, pool.map(self.find, windows), strict=True):
                done += len(window.own)
                if progress is not None:
                    progress(done, total)

    def each(self, jobs: Sequence[tuple[list[int], Pass, list[str] | None]]) -> None:
        """Ask several questions at once; the claims go to the ledger, failures are left
        to the caller's later checks (a sentence still in doubt stays in doubt)."""

        def one(job: tuple[list[int], Pass, list[str] | None]) -> None:
            indices, mode, texts = job
            try:
                found = self.ask(indices, mode, texts)
            except NerUnavailable as exc:
                log.warning(
                    "%s failed sentences=%d reason=%s", mode.value, len(indices), exc.doubt.name
                )
                return
            self.draft.ledger.add(self.claims(found, indices))

        if jobs:
            with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="ask") as pool:
                list(pool.map(one, jobs))
