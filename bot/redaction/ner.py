"""Named-entity extraction through the LLM Gateway: one request per window of sentences.

The prompt lives in `ner_prompt.txt` beside this module. The answer parser accepts what
models really return, not only what we asked for.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.clients.gateway import GatewayClient, GatewayError
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


def build_user_message(sentences: Sequence[str]) -> str:
    lines = []
    for number, sentence in enumerate(sentences, start=1):
        # Keep the data from closing its own delimiter.
        safe = sentence.replace("</transcript>", "<\\/transcript>").replace("\n", " ")
        lines.append(f"[{number}] {safe}")
    return "<transcript>\n" + "\n".join(lines) + "\n</transcript>"


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


def _json_candidates(content: str):  # type: ignore[no-untyped-def]
    decoder = json.JSONDecoder()
    texts = [content.strip()] + [m.group(1).strip() for m in _FENCE.finditer(content)]
    for text in texts:
        try:
            yield json.loads(text)
            continue
        except ValueError:
            pass
        for match in re.finditer(r"[\[{]", text):
            try:
                value, _ = decoder.raw_decode(text, match.start())
            except ValueError:
                continue
            yield value


def _items(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        return None
    for key in ("named_entities", "entities", "NamedEntities", "namedEntities"):
        if key not in value:
            continue
        inner = value[key]
        if isinstance(inner, list):
            return inner
        if isinstance(inner, dict):  # {"PERSON": ["Ann"], "EMAIL": [...]}
            return [
                {"text": item, "type": type_name}
                for type_name, group in inner.items()
                if isinstance(group, list)
                for item in group
            ]
    return None


def _entity(item: Any) -> FoundEntity | None:
    if isinstance(item, str):
        return FoundEntity(item, None) if item.strip() else None
    if isinstance(item, dict):
        text = next(
            (item[k] for k in ("text", "entity", "value", "name") if isinstance(item.get(k), str)),
            None,
        )
        if text and text.strip():
            raw_type = item.get("type", item.get("label", item.get("category")))
            entity_type = normalize_type(raw_type) or (OTHER if raw_type else None)
            return FoundEntity(text, entity_type)
    return None


def parse_entities(content: str) -> list[FoundEntity]:
    """Entities from a model answer: `{"named_entities": [...]}` with string or object items,
    a bare list, inside ```json fences or after a line of prose."""
    for value in _json_candidates(content):
        items = _items(value)
        if items is not None:
            return [entity for entity in map(_entity, items) if entity is not None]
    raise AnswerError("the answer holds no readable named_entities list")


class GatewayNer:
    """Finds the entities of a window of sentences, asking again when an answer is unreadable."""

    def __init__(self, client: GatewayClient, *, answer_attempts: int = 3) -> None:
        self.client = client
        self.answer_attempts = answer_attempts
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
                    messages, max_tokens=MAX_TOKENS, response_format=self._response_format()
                )
                return parse_entities(completion.content)
            except GatewayError as exc:
                if exc.status == 400 and self._use_schema:
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
