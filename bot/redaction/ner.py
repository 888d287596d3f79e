"""Named-entity extraction through the LLM Gateway: one request per window of sentences.

The prompts live in `prompts/` beside this module; their list of types and the answer
schema come from the entity registry. Answers are read by `bot.redaction.answers`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from bot.clients.gateway import GatewayClient, GatewayError, Priority
from bot.redaction.answers import AnswerError, parse_entities
from bot.redaction.entities import MODEL_TYPES, prompt_type_list
from bot.redaction.types import Doubt, FoundEntity, NerUnavailable, Pass

log = logging.getLogger(__name__)

MAX_TOKENS = 4000
# Models the gateway documents as honouring response_format json_schema.
_SCHEMA_MODEL_PREFIXES = ("claude", "gpt-4.1", "gpt-5", "gemini")


@cache
def _prompt_file(name: str) -> str:
    return resources.files("bot.redaction").joinpath(f"prompts/{name}.txt").read_text("utf-8")


@cache
def system_prompt(mode: Pass) -> str:
    """The system prompt of a pass, with the registry's list of types filled in."""
    types = prompt_type_list()
    if mode is Pass.VERIFY:
        return _prompt_file("verify").format(types=types)
    prompt = _prompt_file("find").format(types=types)
    if mode is Pass.EXACT:
        prompt += _prompt_file("exact")
    return prompt


def response_schema() -> dict[str, Any]:
    return {
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


_CLOSING_TAG = re.compile(r"<\s*/\s*transcript\s*>", re.IGNORECASE)


def build_user_message(sentences: Sequence[str]) -> str:
    lines = []
    for number, sentence in enumerate(sentences, start=1):
        # Keep the data from closing its own delimiter.
        safe = _CLOSING_TAG.sub("<\\/transcript>", sentence).replace("\n", " ")
        lines.append(f"[{number}] {safe}")
    return "<transcript>\n" + "\n".join(lines) + "\n</transcript>"


def _doubt(error: GatewayError) -> Doubt:
    """What a gateway failure means for the sentences asked about. The HTTP layer has
    already retried transient failures (429, 5xx, timeouts) with backoff."""
    if error.status in (401, 403):
        return Doubt.REFUSED
    if error.status in (400, 413, 422):
        return Doubt.REJECTED  # e.g. a prompt too long: fewer sentences may pass
    return Doubt.GATEWAY


class GatewayNer:
    """Finds the entities of a window of sentences. Raises NerUnavailable, saying why, when
    it cannot; an unreadable answer is asked again `answer_attempts` times (the Redactor
    asks again itself, and then about fewer sentences)."""

    def __init__(
        self,
        client: GatewayClient,
        *,
        answer_attempts: int = 1,
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
            "json_schema": {"name": "named_entities", "strict": True, "schema": response_schema()},
        }

    def find(self, sentences: Sequence[str], mode: Pass = Pass.FIND) -> list[FoundEntity]:
        messages = [
            {"role": "system", "content": system_prompt(mode)},
            {"role": "user", "content": build_user_message(sentences)},
        ]
        problem = "no attempt made"
        attempt = 0
        while attempt < self.answer_attempts:
            attempt += 1
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
                    attempt -= 1
                    continue
                raise NerUnavailable(_doubt(exc)) from None
            except AnswerError as exc:
                problem = str(exc)
            log.warning(
                "ner %s window of %d sentences unreadable (attempt %d/%d): %s",
                mode.value,
                len(sentences),
                attempt,
                self.answer_attempts,
                problem,
            )
        raise NerUnavailable(Doubt.UNREADABLE)
