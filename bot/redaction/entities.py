"""The registry of entity types: one entry per type, from which the model's prompt, the
answer schema, the usage text and the summaries are all generated.

Adding a type means adding an `EntityType` here, plus its detector (if one finds it) or
nothing more (if only the model does), and its tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    name: str  # also the label: [PERSON]
    singular: str  # nouns for summaries: "1 name", "3 names"
    plural: str
    prompt: str | None  # what the model is asked to find; None: detectors only
    detected: bool = False  # a deterministic detector finds it too
    aliases: tuple[str, ...] = ()  # other names models give the type


REGISTRY: tuple[EntityType, ...] = (
    EntityType(
        "PERSON",
        "name",
        "names",
        "names of people, full or partial (first names, surnames, nicknames, initials with a "
        "surname), however they are written, lower case included",
        aliases=("PERSON_NAME", "NAME", "PER", "PEOPLE", "FULL_NAME", "FIRST_NAME", "LAST_NAME"),
    ),
    EntityType(
        "ORGANIZATION",
        "organisation",
        "organisations",
        "names of companies, institutions and other organisations",
        aliases=("ORGANISATION", "ORGANIZATION_NAME", "ORG", "COMPANY", "COMPANY_NAME"),
    ),
    EntityType(
        "EMAIL",
        "email address",
        "email addresses",
        "email addresses, also when spoken or spelled out (maria dot lopez at example dot com)",
        detected=True,
        aliases=("EMAIL_ADDRESS", "E_MAIL"),
    ),
    EntityType(
        "PHONE",
        "phone number",
        "phone numbers",
        "phone numbers in any format, also spoken as words or in groups",
        detected=True,
        aliases=("PHONE_NUMBER", "TELEPHONE", "TELEPHONE_NUMBER", "MOBILE", "CELL"),
    ),
    EntityType(
        "ADDRESS",
        "address",
        "addresses",
        "street addresses, full or partial (house number, street, unit, city with street, "
        "postcode)",
        detected=True,
        aliases=("STREET_ADDRESS", "FULL_ADDRESS", "LOCATION", "POSTAL_ADDRESS", "POSTCODE"),
    ),
    EntityType(
        "CREDIT_CARD",
        "card number",
        "card numbers",
        "credit or debit card numbers, also spoken or in groups",
        detected=True,
        aliases=("CREDIT_CARD_NUMBER", "CARD_NUMBER", "DEBIT_CARD", "CARD"),
    ),
    EntityType(
        "CARD_CVV",
        "card security code",
        "card security codes",
        "card security codes (CVV, CVC)",
        detected=True,
        aliases=("CVV", "CVC", "CVV2", "SECURITY_CODE", "CARD_SECURITY_CODE"),
    ),
    EntityType(
        "CARD_EXPIRY",
        "card expiry date",
        "card expiry dates",
        "card expiry dates",
        detected=True,
        aliases=("EXPIRY", "EXPIRATION", "EXPIRATION_DATE", "EXPIRY_DATE", "CARD_EXPIRATION"),
    ),
    EntityType(
        "BANK_ACCOUNT",
        "bank account",
        "bank accounts",
        "bank account, routing or sort-code numbers",
        detected=True,
        aliases=("BANK_ACCOUNT_NUMBER", "ACCOUNT_NUMBER", "ROUTING_NUMBER", "SORT_CODE"),
    ),
    EntityType(
        "SSN",
        "social security number",
        "social security numbers",
        "social security numbers and other national id numbers",
        detected=True,
        aliases=("SOCIAL_SECURITY_NUMBER", "US_SSN", "NATIONAL_ID", "TAX_ID"),
    ),
    EntityType(
        "PASSPORT",
        "passport number",
        "passport numbers",
        "passport numbers",
        detected=True,
        aliases=("PASSPORT_NUMBER", "US_PASSPORT"),
    ),
    EntityType(
        "DRIVERS_LICENSE",
        "driver's licence number",
        "driver's licence numbers",
        "driver's licence numbers",
        detected=True,
        aliases=("DRIVERS_LICENCE", "DRIVER_LICENSE", "DRIVING_LICENCE", "US_DRIVER_LICENSE"),
    ),
    EntityType(
        "DATE_OF_BIRTH",
        "date of birth",
        "dates of birth",
        "dates of birth",
        aliases=("DOB", "BIRTH_DATE", "BIRTHDATE", "BIRTHDAY"),
    ),
    EntityType(
        "IP_ADDRESS",
        "IP address",
        "IP addresses",
        None,
        detected=True,
        aliases=("IP", "IPV4", "IPV6"),
    ),
    EntityType("IBAN", "IBAN", "IBANs", None, detected=True),
    EntityType("PII", "other item", "other items", None, aliases=("OTHER",)),
    EntityType("WITHHELD", "withheld sentence", "withheld sentences", None),
)

BY_NAME = {entity_type.name: entity_type for entity_type in REGISTRY}

PERSON = "PERSON"
ORGANIZATION = "ORGANIZATION"
EMAIL = "EMAIL"
PHONE = "PHONE"
ADDRESS = "ADDRESS"
CREDIT_CARD = "CREDIT_CARD"
CARD_CVV = "CARD_CVV"
CARD_EXPIRY = "CARD_EXPIRY"
BANK_ACCOUNT = "BANK_ACCOUNT"
SSN = "SSN"
PASSPORT = "PASSPORT"
DRIVERS_LICENSE = "DRIVERS_LICENSE"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
IP_ADDRESS = "IP_ADDRESS"
IBAN = "IBAN"
OTHER = "PII"
WITHHELD = "WITHHELD"

# Types the model is asked for, in the order the prompt lists them.
MODEL_TYPES = tuple(t.name for t in REGISTRY if t.prompt)
# Types whose values are numbers: a model's reformatting of them is compared by digits.
NUMERIC_TYPES = frozenset(
    {PHONE, CREDIT_CARD, CARD_CVV, BANK_ACCOUNT, SSN, IBAN, PASSPORT, DRIVERS_LICENSE}
)

_ALIASES = {alias: t.name for t in REGISTRY for alias in (t.name, *t.aliases)}


def normalize_type(raw: object) -> str | None:
    """Map a model's type name ("Person name", "org", "E-mail") to ours; None when unknown."""
    if not isinstance(raw, str):
        return None
    key = re.sub(r"[^A-Z0-9]+", "_", raw.upper().replace("'", "")).strip("_")
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith("S") and key[:-1] in _ALIASES:  # "PERSON_NAMES", "PHONE_NUMBERS"
        return _ALIASES[key[:-1]]
    return None


def prompt_type_list() -> str:
    """The bullet list of types in the model's prompt."""
    return "\n".join(f"- {t.name}: {t.prompt}" for t in REGISTRY if t.prompt)


def redacted_kinds() -> str:
    """What the bot redacts, for the usage text: "names, organisations, … and IBANs"."""
    nouns = [t.plural for t in REGISTRY if (t.prompt or t.detected) and t.name != OTHER]
    return ", ".join(nouns[:-1]) + " and " + nouns[-1]


def describe_counts(counts: dict[str, int]) -> str:
    """'3 names, 1 phone number' in a stable order (most frequent first)."""
    parts = []
    for entity_type, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        known = BY_NAME.get(entity_type)
        singular, plural = (known.singular, known.plural) if known else ("item", "items")
        parts.append(f"{count} {singular if count == 1 else plural}")
    return ", ".join(parts)
