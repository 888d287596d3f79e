"""The engine's public face: `Redactor(...).redact(text) -> Redaction`.

1. The model is asked about the sentences in windows (`bot.redaction.asking`).
2. Detectors run over the whole text; every entity the model named is located everywhere
   (`bot.redaction.matching`), and what is not found as written is looked for harder,
   asked about again and judged (`bot.redaction.resolution`): only a sentence that may hide
   something we cannot pin down is withheld.
3. Optionally, a second look (`bot.redaction.second_look`).
4. Spans merged once, the style applied once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from bot.redaction.asking import Asker, Progress
from bot.redaction.draft import Draft
from bot.redaction.resolution import resolve
from bot.redaction.second_look import second_look
from bot.redaction.sentences import split_sentences
from bot.redaction.types import EntityFinder, Redaction, Sentence

log = logging.getLogger(__name__)

__all__ = ["Progress", "Redactor"]


class Redactor:
    def __init__(
        self,
        finder: EntityFinder,
        *,
        style: str = "mask",
        sentences_per_request: int = 25,
        concurrency: int = 4,
        verify: bool = True,
        verify_sentences_per_request: int = 100,
        max_reasks: int = 20,
    ) -> None:
        self.finder = finder
        self.style = style
        self.sentences_per_request = sentences_per_request
        self.concurrency = concurrency
        self.verify = verify
        self.verify_sentences_per_request = verify_sentences_per_request
        self.max_reasks = max_reasks

    def redact(
        self,
        text: str,
        sentences: Sequence[Sentence] | None = None,
        *,
        style: str | None = None,
        progress: Progress | None = None,
    ) -> Redaction:
        """Redact `text`. `sentences` (ranges of `text`) default to the built-in splitter's."""
        started = time.monotonic()
        draft = Draft(text, list(split_sentences(text) if sentences is None else sentences))
        asker = Asker(
            self.finder,
            draft,
            sentences_per_request=self.sentences_per_request,
            concurrency=self.concurrency,
        )
        asker.find_all(progress)
        located = resolve(draft, asker, list(draft.ledger.claims), max_reasks=self.max_reasks)
        if self.verify and draft.checked():
            located = second_look(
                draft, asker, located, sentences_per_request=self.verify_sentences_per_request
            )
        redaction = draft.redaction(located, style or self.style)
        log.info(
            "redacted sentences=%d claims=%d spans=%d withheld=%d hallucinations=%d asks=%d "
            "took=%.2fs",
            len(draft.sentences),
            len(draft.ledger.claims),
            len(redaction.entity_spans),
            len(redaction.withheld),
            redaction.hallucinations,
            redaction.asks,
            time.monotonic() - started,
        )
        return redaction
