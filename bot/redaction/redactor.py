"""The engine's public face: `Redactor(...).redact(text) -> Redaction`.

How a text is redacted, and what is withheld when:

1. Sentences go to the model in windows of `sentences_per_request`, each window with the
   sentence before it as context, so nothing said across a boundary reaches the model in
   halves. A window whose answer cannot be read is asked about in halves, down to single
   sentences: only a sentence whose entities the model cannot give is withheld (so is a
   window the gateway cannot answer after its retries).
2. Detectors run over the whole text; every entity the model named is located everywhere.
3. An entity the model named that is not in its sentence verbatim is looked for harder
   (by digits, spoken digits, near spellings); if still missing, that one sentence is asked
   about again, asking for exact copies. If still missing: when the sentence holds something
   like it, that sentence alone is withheld; when it holds nothing like it, the model made it
   up and nothing is withheld (it is counted).
4. Optionally, a second look: the redacted sentences go back to the model, which names what
   is still visible; that is redacted everywhere too.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.redaction import resemblance
from bot.redaction.detectors import Scan, detect_in
from bot.redaction.entities import ADDRESS, EMAIL, OTHER, WITHHELD
from bot.redaction.matching import (
    MIN_DIGITS,
    Claim,
    Located,
    Scope,
    canonical,
    clean_entity,
    locate_in,
)
from bot.redaction.normalize import Shadow, shadow
from bot.redaction.numbers import digits_of
from bot.redaction.sentences import split_sentences
from bot.redaction.spans import merge
from bot.redaction.styles import apply_style
from bot.redaction.types import (
    Doubt,
    EntityFinder,
    FoundEntity,
    NerUnavailable,
    Pass,
    Redaction,
    Sentence,
    Span,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_TAG = re.compile(r"\[[A-Z_]+(?:_\d+)?\]")
_SPOKEN_CONNECTORS = re.compile(
    r"\b(?:dot|at|underscore|dash|hyphen|period|point|plus|sign|symbol)\b", re.IGNORECASE
)


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


def _letters(value: str) -> str:
    """An e-mail address said or written, reduced to its letters and digits."""
    return re.sub(r"[\W_]", "", _SPOKEN_CONNECTORS.sub(" ", shadow(value).text)).lower()


@dataclass
class _Window:
    """Sentences asked about together: `own` are this window's; `context` (the sentence
    before) is sent along so nothing is cut in halves, and belongs to the window before."""

    own: list[int]  # sentence indices
    context: int | None = None

    @property
    def asked(self) -> list[int]:
        return ([self.context] if self.context is not None else []) + self.own


@dataclass
class _State:
    claims: list[Claim] = field(default_factory=list)
    pins: dict[str, list[str]] = field(default_factory=dict)  # claim → its near spellings
    doubts: dict[int, Doubt] = field(default_factory=dict)  # sentence index → why withheld
    hallucinations: int = 0
    asks: int = 0
    refused: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class Redactor:
    """Redacts texts window by window (see the module's docstring)."""

    def __init__(
        self,
        finder: EntityFinder,
        *,
        style: str = "mask",
        sentences_per_request: int = 25,
        concurrency: int = 4,
        verify: bool = False,
        verify_sentences_per_request: int = 50,
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
        if sentences is None:
            sentences = split_sentences(text)
        run = _Run(self, text, list(sentences), progress)
        redaction = run.result(style or self.style)
        log.info(
            "redacted sentences=%d claims=%d spans=%d withheld=%d hallucinations=%d asks=%d "
            "took=%.2fs",
            len(sentences),
            len(run.state.claims),
            len(redaction.entity_spans),
            len(redaction.withheld),
            redaction.hallucinations,
            redaction.asks,
            time.monotonic() - started,
        )
        return redaction


class _Run:
    """One redaction: the text, what the model said about it, and what is still in doubt."""

    def __init__(
        self, redactor: Redactor, text: str, sentences: list[Sentence], progress: Progress | None
    ) -> None:
        self.redactor = redactor
        self.text = text
        self.sentences = sentences
        self.progress = progress
        self.normalised: Shadow = shadow(text)
        self.scan = Scan(self.normalised.text)
        self.detected = detect_in(self.normalised)
        self.state = _State()
        self._starts = [sentence.start for sentence in sentences]

    # --- asking the model ---

    def _ask(self, indices: Sequence[int], mode: Pass, texts: Sequence[str] | None = None):
        """The model's entities for these sentences (NerUnavailable when it cannot say)."""
        if self.state.refused:
            raise NerUnavailable(Doubt.REFUSED)
        with self.state.lock:
            self.state.asks += 1
        asked = texts if texts is not None else [self.sentences[i].text for i in indices]
        try:
            return self.redactor.finder.find(asked, mode)
        except NerUnavailable as exc:
            if exc.doubt is Doubt.REFUSED:
                self.state.refused = True
            raise

    def _claims(self, found: list[FoundEntity], indices: Sequence[int]) -> list[Claim]:
        """Claims from an answer about `indices`, each scoped to its sentence (or, when the
        model did not say which, to all of them)."""
        window = self._scope(indices[0], indices[-1])
        claims = []
        for entity in found:
            text = _TAG.sub(" ", entity.text).strip()
            if clean_entity(text) is None:
                continue
            number = entity.sentence
            if number is not None and 1 <= number <= len(indices):
                index = indices[number - 1]
                scope = self._scope(index, index)
            elif _short_number(text):
                continue  # "12" with no sentence: too short to be a pattern of its own
            else:
                scope = window
            claims.append(Claim(text, entity.type or _infer_type(text), scope))
        return claims

    def _scope(self, first: int, last: int) -> Scope:
        return self.sentences[first].start, self.sentences[last].end

    def _windows(self) -> list[_Window]:
        size = self.redactor.sentences_per_request
        count = len(self.sentences)
        return [
            _Window(list(range(i, min(i + size, count))), i - 1 if i else None)
            for i in range(0, count, size)
        ]

    def _find(self, window: _Window, last_try: bool = False) -> None:
        """Ask about a window; on an answer that cannot be read, ask about its halves, and
        about a single sentence once more."""
        try:
            found = self._ask(window.asked, Pass.FIND)
        except NerUnavailable as exc:
            own = window.own
            if exc.doubt.splittable and len(own) > 1:
                middle = len(own) // 2
                self._find(_Window(own[:middle]))
                self._find(_Window(own[middle:]))
                return
            if exc.doubt.splittable and not last_try:
                self._find(_Window(own), last_try=True)
                return
            log.warning("sentences withheld count=%d reason=%s", len(own), exc.doubt.name)
            with self.state.lock:
                for index in own:
                    self.state.doubts.setdefault(index, exc.doubt)
            return
        claims = self._claims(found, window.asked)
        with self.state.lock:
            self.state.claims += claims

    def _find_all(self) -> None:
        windows = self._windows()
        total = len(self.sentences)
        done = 0
        workers = self.redactor.concurrency
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ner") as pool:
            for window, _ in zip(windows, pool.map(self._find, windows), strict=True):
                done += len(window.own)
                if self.progress is not None:
                    self.progress(done, total)

    # --- establishing what the model said ---

    def _equivalent_detected(self, claim: Claim) -> bool:
        """A number or address the model reformatted, or an e-mail address it assembled
        from speech, counts as found when a detector found the same in its scope."""
        assert claim.scope is not None
        start, end = claim.scope
        digits = digits_of(shadow(claim.text).text)
        letters = _letters(claim.text) if claim.type == EMAIL or "@" in claim.text else None
        for span in self.detected:
            if span.start >= end or span.end <= start:
                continue
            value = self.text[span.start : span.end]
            if len(digits) >= 7:
                held = digits_of(shadow(value).text)
                if len(held) >= 7 and (digits.endswith(held) or held.endswith(digits)):
                    return True
            if letters and span.type == EMAIL and _letters(value) == letters:
                return True
            if claim.type == ADDRESS and span.type == ADDRESS:
                shared = set(canonical(claim.text).split()) & set(canonical(value).split())
                if shared:
                    return True
        return False

    def _established(self, claim: Claim, located: Located) -> bool:
        assert claim.scope is not None
        if located.within(claim.text, *claim.scope) or self._equivalent_detected(claim):
            return True
        pins = self.state.pins.get(canonical(claim.text), ())
        return any(located.within(pin, *claim.scope) for pin in pins)

    def _locate(self) -> Located:
        return locate_in(self.normalised, self.state.claims, self.scan.runs)

    def _pin(self, claims: list[Claim]) -> None:
        """Add the near spellings the text holds of claims not found verbatim."""
        for claim in claims:
            assert claim.scope is not None
            start, end = claim.scope
            for a, b in resemblance.pin(claim.text, self.text[start:end]):
                spelling = self.text[start + a : start + b]
                key = canonical(claim.text)
                self.state.claims.append(Claim(spelling, claim.type, claim.scope, key))
                self.state.pins.setdefault(key, []).append(spelling)

    def _sentences_in(self, scope: Scope) -> list[int]:
        start, end = scope
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_right(self._starts, end - 1)
        return [i for i in range(first, last) if self.sentences[i].end <= end]

    def _reask(self, claims: list[Claim]) -> None:
        """Ask again, sentence by sentence, where claims are still missing."""
        wanted: list[int] = []
        for claim in claims:
            assert claim.scope is not None
            indices = self._sentences_in(claim.scope)
            if len(indices) > 1:  # the model did not say which sentence: where it may be
                indices = [
                    i
                    for i in indices
                    if resemblance.resembles([claim.text], claim.text, self.sentences[i].text)
                ]
            wanted += [i for i in indices if i not in wanted and i not in self.state.doubts]
        wanted = wanted[: self.redactor.max_reasks]

        def reask(index: int) -> None:
            try:
                found = self._ask([index], Pass.EXACT)
            except NerUnavailable:
                return  # the resemblance check below decides, as if nothing came back
            claims = self._claims(found, [index])
            with self.state.lock:
                self.state.claims += claims

        if wanted:
            workers = self.redactor.concurrency
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reask") as pool:
                list(pool.map(reask, wanted))

    def _visible(self, sentence: Sentence, located: Located) -> str:
        """The sentence as it would be shown: what is already redacted blanked out."""
        chars = list(sentence.text)
        for span in [*self.detected, *located.spans]:
            for position in range(max(span.start, sentence.start), min(span.end, sentence.end)):
                chars[position - sentence.start] = " "
        return "".join(chars)

    def _settle(self, claims: list[Claim], located: Located) -> None:
        """Withhold the sentences where a claim still missing may hide in what is still
        visible; count the rest as made up."""
        for claim in claims:
            assert claim.scope is not None
            doubtful = []
            for index in self._sentences_in(claim.scope):
                sentence = self.sentences[index]
                missing = located.missing_parts(claim.text, sentence.start, sentence.end)
                visible = self._visible(sentence, located)
                if resemblance.resembles(missing or [claim.text], claim.text, visible):
                    doubtful.append(index)
            if not doubtful:
                self.state.hallucinations += 1
            for index in doubtful:
                self.state.doubts.setdefault(index, Doubt.UNPINNED)

    def _resolve(self, claims: list[Claim], *, reask: bool) -> Located:
        """Establish `claims` (see the module's docstring, step 3)."""
        located = self._locate()
        missing = [c for c in claims if not self._established(c, located)]
        if missing:
            self._pin(missing)
            located = self._locate()
            missing = [c for c in missing if not self._established(c, located)]
        if missing and reask:
            self._reask(missing)
            located = self._locate()
            missing = [c for c in missing if not self._established(c, located)]
        if missing:
            log.info("claims not found count=%d", len(missing))
            self._settle(missing, located)
        return located

    # --- a second look ---

    def _verify(self, located: Located) -> Located:
        """Send the redacted sentences back; redact what the model says is still visible."""
        current = self._styled(located, "label")
        checked = [i for i in range(len(self.sentences)) if i not in self.state.doubts]
        size = self.redactor.verify_sentences_per_request
        batches = [checked[i : i + size] for i in range(0, len(checked), size)]
        before = len(self.state.claims)

        def look(batch: list[int]) -> None:
            texts = [current.slice(self.sentences[i].start, self.sentences[i].end) for i in batch]
            try:
                found = self._ask(batch, Pass.VERIFY, texts)
            except NerUnavailable as exc:
                log.warning("second look failed sentences=%d reason=%s", len(batch), exc.doubt.name)
                return
            claims = self._claims(found, batch)
            with self.state.lock:
                self.state.claims += claims

        workers = self.redactor.concurrency
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="verify") as pool:
            list(pool.map(look, batches))
        added = self.state.claims[before:]
        log.info("second look claims=%d", len(added))
        if not added:
            return located
        return self._resolve(added, reask=False)

    # --- the result ---

    def _spans(self, located: Located) -> list[Span]:
        withheld = [
            Span(self.sentences[i].start, self.sentences[i].end, WITHHELD)
            for i in sorted(self.state.doubts)
        ]
        return merge(self.detected + located.spans + withheld)

    def _styled(self, located: Located, style: str) -> Redaction:
        spans = self._spans(located)
        styled = apply_style(self.text, spans, style)
        doubts = Counter(self.state.doubts.values())
        return Redaction(
            text=styled.text,
            spans=spans,
            withheld=[self.sentences[i] for i in sorted(self.state.doubts)],
            doubts=dict(doubts),
            sentence_count=len(self.sentences),
            replaced=styled.replaced,
            hallucinations=self.state.hallucinations,
            asks=self.state.asks,
        )

    def result(self, style: str) -> Redaction:
        self._find_all()
        located = self._resolve(list(self.state.claims), reask=True)
        if self.redactor.verify and len(self.state.doubts) < len(self.sentences):
            located = self._verify(located)
        return self._styled(located, style)
