"""The entity registry is the one place types are declared: the prompt, the schema, the
usage text and the summaries all come from it."""

from __future__ import annotations

import pytest

from bot.messages import usage
from bot.redaction.entities import MODEL_TYPES, REGISTRY, describe_counts, normalize_type
from bot.redaction.ner import response_schema, system_prompt
from bot.redaction.types import Pass


@pytest.mark.parametrize("mode", list(Pass))
def test_every_prompt_lists_every_model_type(mode: Pass) -> None:
    prompt = system_prompt(mode)
    for entity_type in REGISTRY:
        listed = f"- {entity_type.name}: " in prompt
        assert listed == bool(entity_type.prompt), entity_type.name


def test_the_schema_enumerates_the_model_types() -> None:
    items = response_schema()["properties"]["named_entities"]["items"]
    assert items["properties"]["type"]["enum"] == list(MODEL_TYPES)


def test_usage_names_what_is_redacted() -> None:
    for entity_type in REGISTRY:
        if (entity_type.prompt or entity_type.detected) and entity_type.name != "PII":
            assert entity_type.plural in usage(4000), entity_type.name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Person name", "PERSON"),
        ("org", "ORGANIZATION"),
        ("E-mail", "EMAIL"),
        ("CVV", "CARD_CVV"),
        ("Passport number", "PASSPORT"),
        ("driver's license", "DRIVERS_LICENSE"),
        ("PHONE_NUMBERS", "PHONE"),
        ("badge", None),
        (3, None),
    ],
)
def test_model_type_names_map_onto_ours(raw: object, expected: str | None) -> None:
    assert normalize_type(raw) == expected


def test_summaries_use_the_registry_nouns() -> None:
    assert describe_counts({"PERSON": 3, "CARD_CVV": 1, "UNKNOWN": 2}) == (
        "3 names, 2 items, 1 card security code"
    )
