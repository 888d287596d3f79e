"""Named-entity extraction through the LLM Gateway: one request per window of sentences.

The prompt lives in `ner_prompt.txt` beside this module. The answer parser accepts what
models really return, not only what we asked for.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.clients.gateway import GatewayClient, GatewayError, Priority
from bot.redaction.entities import MODEL_TYPES, OTHER, normalize_type

log = logging.getLogger(__name__)

SYSTEM_PROMPT = resources.files("bot.redaction").joinpath("ner_prompt.txt").read_text("utf-8")
MAX_TOKENS = 4000
# Models the gateway documents as honouring response_format json_schema.
_SCHEMA_MODEL_PREFIXES = ("claude", "gpt-4.1", "gpt-5", "gemini")

RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "named_entities": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "type": {"type": "string", "enum": list(MODEL_TYPES)},
                    "sentence": {"type": "integer"},
                },
                "required": ["text", "type", "sentence"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["named_entities"],
    "additionalProperties": False,
}


class AnswerError(ValueError):
    """The model's answer held no entity list we could read. Never quotes the answer."""


class NerUnavailable(Exception):
    """The entities of a window could not be established; its sentences must be withheld."""


@dataclass(frozen=True)
class FoundEntity:
    text: str
    type: str | None  # None when the model gave a bare string


_CLOSING_TAG = re.compile(r"<\s*/\s*transcript\s*>", re.IGNORECASE)


def build_user_message(sentences: Sequence[str]) -> str:
    lines = []
    for number, sentence in enumerate(sentences, start=1):
        # Keep the data from closing its own delimiter.
        safe = _CLOSING_TAG.sub("<\\/transcript>", sentence).replace("\n", " ")
        lines.append(f"[{number}] {safe}")
    return "<transcript>\n" + "\n".join(lines) + "\n</transcript>"


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_ENTITY_LIST_KEYS = ("named_entities", "entities", "namedEntities", "NamedEntities")
_TEXT_KEYS = ("text", "entity", "value", "name")
_TYPE_KEYS = ("type", "label", "category")


def _parsed(text: str) -> tuple[bool, Any]:
    try:
        return True, json.loads(text)
    except (ValueError, RecursionError):
        return False, None


def _candidates(content: str) -> Iterator[tuple[Any, bool]]:
    """JSON values in an answer, each with whether it was the whole of its text. Fenced
    blocks come first; then the whole answer; then objects found inside prose."""
    texts = [m.group(1).strip() for m in _FENCE.finditer(content)] + [content.strip()]
    for text in texts:
        ok, value = _parsed(text)
        if ok:
            yield value, True
    decoder = json.JSONDecoder()
    for text in texts:
        for match in re.finditer(r"\{", text):
            try:
                value, _ = decoder.raw_decode(text, match.start())
            except (ValueError, RecursionError):
                continue
            yield value, False


def _entity_list(value: Any, whole: bool) -> list[Any] | None:
    """The list of entity items in a decoded value, or None if it is not an answer. A bare
    list counts only when it was the whole answer, never one found inside other text."""
    if isinstance(value, list):
        return value if whole else None
    if not isinstance(value, dict):
        return None
    for key in _ENTITY_LIST_KEYS:
        if key not in value:
            continue
        inner = value[key]
        if isinstance(inner, list):
            return inner
        if isinstance(inner, dict):  # {"PERSON": ["Ann"], "EMAIL": "ann@x.io"}
            items = []
            for type_name, group in inner.items():
                group = group if isinstance(group, list) else [group]
                items += [{"text": item, "type": type_name} for item in group]
            return items
        return None
    return None


def _entity(item: Any) -> FoundEntity | None:
    """One item as an entity; None for an empty one. Raises AnswerError for an item that
    cannot be read: skipping it could skip a name."""
    text: Any = None
    raw_type: Any = None
    if isinstance(item, str | int | float) and not isinstance(item, bool):
        text = item
    elif isinstance(item, dict):
        text = next((item[k] for k in _TEXT_KEYS if item.get(k) is not None), None)
        raw_type = next((item[k] for k in _TYPE_KEYS if item.get(k) is not None), None)
    elif isinstance(item, list) and 1 <= len(item) <= 3:  # ["Priya Patel", "PERSON"]
        text = item[0]
        raw_type = item[1] if len(item) > 1 else None
    if isinstance(text, int | float) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise AnswerError("an entity item has no readable text")
    if not text.strip():
        return None
    entity_type = normalize_type(raw_type) or (OTHER if raw_type else None)
    return FoundEntity(text, entity_type)


def parse_entities(content: str) -> list[FoundEntity]:
    """Entities from a model answer: `{"named_entities": [...]}` with string or object items,
    a bare list, inside ```json fences or after a line of prose. Anything unreadable raises
    AnswerError: an answer we cannot read in full is not an answer."""
    for value, whole in _candidates(content):
        items = _entity_list(value, whole)
        if items is not None:
            return [entity for entity in map(_entity, items) if entity is not None]
    raise AnswerError("the answer holds no readable named_entities list")


class GatewayNer:
    """Finds the entities of a window of sentences, asking again when an answer is unreadable."""

    def __init__(
        self,
        client: GatewayClient,
        *,
        answer_attempts: int = 3,
        priority: Priority = Priority.BACKGROUND,
    ) -> None:
        self.client = client
        self.answer_attempts = answer_attempts
        self.priority = priority  # whose turn first at the shared gateway client
        self._use_schema = client.model.lower().startswith(_SCHEMA_MODEL_PREFIXES)

    def _response_format(self) -> dict[str, Any] | None:
        if not self._use_schema:
            return None
        return {
            "type": "json_schema",
            "json_schema": {"name": "named_entities", "strict": True, "schema": RESPONSE_SCHEMA},
        }

    def find(self, sentences: Sequence[str]) -> list[FoundEntity]:
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": build_user_message(sentences)},
        ]
        problem = "no attempt made"
        for attempt in range(1, self.answer_attempts + 1):
            try:
                completion = self.client.complete(
                    messages,
                    max_tokens=MAX_TOKENS,
                    response_format=self._response_format(),
                    priority=self.priority,
                )
                if completion.truncated:
                    raise AnswerError("the answer was cut off at max_tokens")
                return parse_entities(completion.content)
            except GatewayError as exc:
                if exc.schema_refused and self._use_schema:
                    # This model refuses json_schema: ask again in plain JSON from now on.
                    log.warning("gateway refused response_format; continuing without it")
                    self._use_schema = False
                    continue
                # The HTTP layer has already retried transient failures with backoff.
                raise NerUnavailable(str(exc)) from None
            except AnswerError as exc:
                problem = str(exc)
            log.warning(
                "ner window of %d sentences failed (attempt %d/%d): %s",
                len(sentences),
                attempt,
                self.answer_attempts,
                problem,
            )
        raise NerUnavailable(problem)
