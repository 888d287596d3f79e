"""Entity types, their labels, and how model-given type names map onto them."""

from __future__ import annotations

import re

PERSON = "PERSON"
ORGANIZATION = "ORGANIZATION"
EMAIL = "EMAIL"
PHONE = "PHONE"
ADDRESS = "ADDRESS"
CREDIT_CARD = "CREDIT_CARD"
BANK_ACCOUNT = "BANK_ACCOUNT"
SSN = "SSN"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
IP_ADDRESS = "IP_ADDRESS"
IBAN = "IBAN"
OTHER = "PII"
WITHHELD = "WITHHELD"

MODEL_TYPES = (
    PERSON,
    ORGANIZATION,
    EMAIL,
    PHONE,
    ADDRESS,
    CREDIT_CARD,
    BANK_ACCOUNT,
    SSN,
    DATE_OF_BIRTH,
)

# Singular and plural nouns for summaries such as "Redacted 4 items: 3 names, 1 email address".
NOUNS: dict[str, tuple[str, str]] = {
    PERSON: ("name", "names"),
    ORGANIZATION: ("organisation", "organisations"),
    EMAIL: ("email address", "email addresses"),
    PHONE: ("phone number", "phone numbers"),
    ADDRESS: ("address", "addresses"),
    CREDIT_CARD: ("card number", "card numbers"),
    BANK_ACCOUNT: ("bank account", "bank accounts"),
    SSN: ("social security number", "social security numbers"),
    DATE_OF_BIRTH: ("date of birth", "dates of birth"),
    IP_ADDRESS: ("IP address", "IP addresses"),
    IBAN: ("IBAN", "IBANs"),
    OTHER: ("other item", "other items"),
    WITHHELD: ("withheld sentence", "withheld sentences"),
}

_ALIASES = {
    "PERSON": PERSON,
    "PERSON_NAME": PERSON,
    "NAME": PERSON,
    "PER": PERSON,
    "PEOPLE": PERSON,
    "ORGANIZATION": ORGANIZATION,
    "ORGANISATION": ORGANIZATION,
    "ORGANIZATION_NAME": ORGANIZATION,
    "ORG": ORGANIZATION,
    "COMPANY": ORGANIZATION,
    "EMAIL": EMAIL,
    "EMAIL_ADDRESS": EMAIL,
    "E_MAIL": EMAIL,
    "PHONE": PHONE,
    "PHONE_NUMBER": PHONE,
    "TELEPHONE": PHONE,
    "TELEPHONE_NUMBER": PHONE,
    "ADDRESS": ADDRESS,
    "STREET_ADDRESS": ADDRESS,
    "FULL_ADDRESS": ADDRESS,
    "LOCATION": ADDRESS,
    "CREDIT_CARD": CREDIT_CARD,
    "CREDIT_CARD_NUMBER": CREDIT_CARD,
    "CARD_NUMBER": CREDIT_CARD,
    "BANK_ACCOUNT": BANK_ACCOUNT,
    "BANK_ACCOUNT_NUMBER": BANK_ACCOUNT,
    "ACCOUNT_NUMBER": BANK_ACCOUNT,
    "SSN": SSN,
    "SOCIAL_SECURITY_NUMBER": SSN,
    "US_SSN": SSN,
    "DATE_OF_BIRTH": DATE_OF_BIRTH,
    "DOB": DATE_OF_BIRTH,
    "BIRTH_DATE": DATE_OF_BIRTH,
    "BIRTHDATE": DATE_OF_BIRTH,
    "IP": IP_ADDRESS,
    "IP_ADDRESS": IP_ADDRESS,
    "IBAN": IBAN,
}


def normalize_type(raw: object) -> str | None:
    """Map a model's type name ("Person name", "org", "E-mail") to ours; None when unknown."""
    if not isinstance(raw, str):
        return None
    key = re.sub(r"[^A-Z0-9]+", "_", raw.upper()).strip("_")
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith("S") and key[:-1] in _ALIASES:  # "PERSON_NAMES", "PHONE_NUMBERS"
        return _ALIASES[key[:-1]]
    return None


def describe_counts(counts: dict[str, int]) -> str:
    """'3 names, 1 phone number' in a stable order (most frequent first)."""
    parts = []
    for entity_type, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        singular, plural = NOUNS.get(entity_type, ("item", "items"))
        parts.append(f"{count} {singular if count == 1 else plural}")
    return ", ".join(parts)
