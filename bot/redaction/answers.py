"""Reading a model's answer: every entity list in it, whatever shape it came in.

Models answer `{"named_entities": [...]}` as asked, but also fenced, after prose, grouped by
type, grouped per sentence (`{"sentences": [{"sentence": 1, "named_entities": [...]}]}`),
keyed by sentence number (`{"1": [...], "2": [...]}`), or as two objects, the first a quoted
example. The entities are the union of every list found; an answer that contradicts itself
counts every entity it names. An answer that holds an entity list we cannot read in full is
not an answer: skipping a list could skip a name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from bot.redaction.entities import OTHER, normalize_type
from bot.redaction.types import FoundEntity


class AnswerError(ValueError):
    """The model's answer held no entity list we could read in full. Never quotes it."""


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_LIST_KEYS = frozenset(
    "namedentities entities entitylist pii piientities personaldata personalinformation "
    "sensitivedata detected detectedentities found foundentities results matches items "
    "remaining visible stillvisible".split()
)
_SENTENCE_KEYS = ("sentence", "sentence_number", "sentence_index", "sentence_id", "line")
_TEXT_KEYS = ("text", "entity", "value", "name", "span", "string", "word", "values", "texts")
_TYPE_KEYS = ("type", "label", "category", "entity_type", "kind", "tag")
_NUMBERED_KEY = re.compile(r"^\s*(?:sentence[\s_-]*)?\[?(\d{1,4})\]?\s*$", re.IGNORECASE)
# Where an answer's text declares an entity list: each must be read for the answer to count.
_LIST_DECLARATION = re.compile(r'"([A-Za-z_ ]{2,30}|\[?\d{1,4}\]?)"\s*:\s*[\[{]')


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _sentence_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and (match := _NUMBERED_KEY.match(value)):
        return int(match.group(1))
    return None


class _Reader:
    """Walks decoded JSON values, collecting entities and counting the lists it read."""

    def __init__(self) -> None:
        self.entities: list[FoundEntity] = []
        self.lists_read = 0

    def value(self, value: Any, sentence: int | None, whole: bool) -> None:
        if isinstance(value, list):
            if whole:
                self.items(value, sentence)
            else:
                for item in value:
                    if isinstance(item, dict | list):
                        self.value(item, sentence, whole=False)
            return
        if not isinstance(value, dict):
            return
        own = next(
            (n for k in _SENTENCE_KEYS if (n := _sentence_number(value.get(k))) is not None),
            None,
        )
        sentence = own if own is not None else sentence
        for name, inner in value.items():
            if not isinstance(name, str):
                continue
            if _key(name) in _LIST_KEYS:
                self.items(inner, sentence)
            elif (number := _sentence_number(name)) is not None and isinstance(inner, list | dict):
                self.items(inner, number)
            elif normalize_type(name) and isinstance(inner, list):  # {"PERSON": ["Ann"]}
                self.lists_read += 1
                for item in inner:
                    self.entity({"text": item, "type": name}, sentence)
            elif isinstance(inner, dict | list):
                self.value(inner, sentence, whole=False)

    def items(self, inner: Any, sentence: int | None) -> None:
        """An entity list: items, or a mapping of type (or sentence number) to items."""
        self.lists_read += 1
        if inner is None:
            return
        if isinstance(inner, dict):
            for name, group in inner.items():
                number = _sentence_number(name)
                if number is not None:
                    self.items(group, number)
                    continue
                if isinstance(group, list | dict):
                    self.lists_read += 1
                for item in group if isinstance(group, list) else [group]:
                    self.entity({"text": item, "type": name}, sentence)
            return
        if not isinstance(inner, list):
            inner = [inner]
        for item in inner:
            if isinstance(item, dict) and any(_key(k) in _LIST_KEYS for k in item):
                self.value(item, sentence, whole=False)  # a group inside the list
            else:
                self.entity(item, sentence)

    def entity(self, item: Any, sentence: int | None) -> None:
        """One item as entities; raises AnswerError for one that cannot be read."""
        text: Any = None
        raw_type: Any = None
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            text = item
        elif isinstance(item, dict):
            text = next((item[k] for k in _TEXT_KEYS if item.get(k) is not None), None)
            raw_type = next((item[k] for k in _TYPE_KEYS if item.get(k) is not None), None)
            number = next(
                (n for k in _SENTENCE_KEYS if (n := _sentence_number(item.get(k))) is not None),
                None,
            )
            sentence = number if number is not None else sentence
        elif isinstance(item, list) and 1 <= len(item) <= 3:  # ["Priya Patel", "PERSON"]
            text = item[0]
            raw_type = item[1] if len(item) > 1 else None
        texts = text if isinstance(text, list) else [text]
        entity_type = normalize_type(raw_type) or (OTHER if raw_type else None)
        for one in texts:
            if isinstance(one, int | float) and not isinstance(one, bool):
                one = str(one)
            if not isinstance(one, str):
                raise AnswerError("an entity item has no readable text")
            if one.strip():
                self.entities.append(FoundEntity(one, entity_type, sentence))


def _decoded(content: str) -> Iterator[tuple[Any, bool]]:
    """Each JSON value in an answer, with whether it was the whole of its text: fenced
    blocks, the whole answer, else every object standing in prose."""
    blocks = [m.group(1).strip() for m in _FENCE.finditer(content)]
    prose = _FENCE.sub(" ", content).strip()
    for text in [*blocks, prose]:
        try:
            yield json.loads(text), True
            continue
        except (ValueError, RecursionError):
            pass
        decoder = json.JSONDecoder()
        position = 0
        while (start := text.find("{", position)) >= 0:
            try:
                value, end = decoder.raw_decode(text, start)
            except (ValueError, RecursionError):
                position = start + 1
                continue
            yield value, False
            position = end


def _declared_lists(content: str) -> int:
    """How many entity lists the answer's text declares (`"named_entities": [`, `"1": [`)."""
    count = 0
    for match in _LIST_DECLARATION.finditer(content):
        name = match.group(1)
        if _key(name) in _LIST_KEYS or _sentence_number(name) is not None or normalize_type(name):
            count += 1
    return count


def parse_entities(content: str) -> list[FoundEntity]:
    """Every entity in a model's answer (see the module's docstring). Raises AnswerError
    when no entity list can be read, or when one the answer declares could not be."""
    reader = _Reader()
    found_any = False
    for value, whole in _decoded(content):
        before = reader.lists_read
        reader.value(value, None, whole)
        found_any = found_any or reader.lists_read > before or (whole and isinstance(value, list))
    if not found_any:
        raise AnswerError("the answer holds no readable entity list")
    if reader.lists_read < _declared_lists(content):
        raise AnswerError("the answer holds an entity list that could not be read")
    return reader.entities
