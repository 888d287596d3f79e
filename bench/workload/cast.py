"""The people, organisations and personal values of a generated call, with every mention kept.

Each object hands out mentions of itself (`mention(form)`) and remembers whether it has been
introduced: a short form ("Maria", "Dr. Okafor", a phone number in another format) is only
used after the canonical one has appeared, as in a real conversation. Numbers come written
in several formats and as a speech recogniser writes them said aloud ("415, 555, 0132",
"four one five, five five five, oh one three two", "4532, uh, 0151, 1283, and then 0366").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

PERSON = "PERSON"
ORGANIZATION = "ORGANIZATION"
EMAIL = "EMAIL"
PHONE = "PHONE"
CREDIT_CARD = "CREDIT_CARD"
SSN = "SSN"
ADDRESS = "ADDRESS"
STRUCTURED = (EMAIL, PHONE, CREDIT_CARD, SSN)
TYPES = (PERSON, ORGANIZATION, EMAIL, PHONE, CREDIT_CARD, SSN, ADDRESS)

FIRST_NAMES = (
    "Maria Daniel Priya Tomasz Aisha Kenji Sofia Rahul Ingrid Mateo Leila Oskar Amara Yusuf"
).split()
LAST_NAMES = (
    "Lopez Kowalski Patel Nowak Okafor Tanaka Rossi Mehta Larsen Alvarez Haddad Lindqvist"
).split()
# (full name, short name, mail domain)
ORGANIZATIONS = (
    ("Bluefin Analytics", "Bluefin", "bluefin.com"),
    ("Northwind Telecom", "Northwind", "northwind-telecom.com"),
    ("Harbor Credit Union", "Harbor", "harborcu.org"),
    ("Keystone Logistics", "Keystone", "keystone-logistics.com"),
    ("Juniper Health Partners", "Juniper", "juniperhealth.org"),
)
# (full address, the street line said alone)
ADDRESSES = (
    ("1200 Market Street, San Francisco, CA 94103", "1200 Market Street"),
    ("42 Elm St., Springfield, IL 62704", "42 Elm St."),
    ("77 Harbour Road, Leeds LS1 4AP", "77 Harbour Road"),
    ("915 W. Oak Ave., Austin, TX 78704", "915 W. Oak Ave."),
)
US_AREAS = ("415", "212", "617", "303", "206")
# A colleague whose first name is an everyday word, so the call can hold "grace period".
EVERYDAY_FIRST_NAME = "Grace"
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


@dataclass(frozen=True)
class Mention:
    """One occurrence of personal data: the exact string that must not survive, and its type."""

    text: str
    type: str


@dataclass
class Person:
    first: str
    last: str
    honorific: str
    titled: bool = False  # always spoken with the honorific ("Dr. Okafor")
    introduced: bool = False

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    def mention(self, form: str) -> tuple[str, list[Mention]]:
        if not self.introduced or form == "full":
            self.introduced = True
            shown = f"{self.honorific} {self.full}" if self.titled else self.full
            suffix = "'s" if form == "poss" else ""
            return shown + suffix, [Mention(self.full, PERSON)]
        if form == "first":
            return self.first, [Mention(self.first, PERSON)]
        if form == "lower":
            return self.first.lower(), [Mention(self.first.lower(), PERSON)]
        if form == "poss":
            return f"{self.first}'s", [Mention(self.first, PERSON)]
        if form == "title":
            return f"{self.honorific} {self.last}", [Mention(self.last, PERSON)]
        raise ValueError(f"unknown person form {form!r}")


@dataclass
class Organization:
    full: str
    short: str
    introduced: bool = False

    def mention(self, form: str) -> tuple[str, list[Mention]]:
        if not self.introduced or form != "short":
            self.introduced = True
            return self.full, [Mention(self.full, ORGANIZATION)]
        return self.short, [Mention(self.short, ORGANIZATION)]


@dataclass
class Value:
    """A structured value (email, phone, card, SSN, address) with its possible spellings;
    the first spelling is the canonical one. `answer`: how the model writes the canonical
    spelling when it finds it, if not as it stands (a spoken number, normalised)."""

    type: str
    spellings: tuple[str, ...]
    answer: str | None = None
    introduced: bool = False
    _next_alt: int = field(default=0, repr=False)

    def mention(self, form: str) -> tuple[str, list[Mention]]:
        if not self.introduced or form != "alt" or len(self.spellings) == 1:
            self.introduced = True
            text = self.spellings[0]
        else:
            text = self.spellings[1 + self._next_alt % (len(self.spellings) - 1)]
            self._next_alt += 1
        return text, [Mention(text, self.type)]


def spoken_digits(digits: str) -> str:
    """Digits said one by one, zero as "oh" the way people say it in phone numbers."""
    return " ".join("oh" if d == "0" else DIGIT_WORDS[int(d)] for d in digits)


def us_phone(rng: random.Random, *, said_first: bool = False) -> Value:
    """A US number in four written formats, grouped with pauses, and said digit by digit.
    `said_first`: introduced said aloud; the model then answers it written out."""
    area, line = rng.choice(US_AREAS), f"01{rng.randrange(100):02d}"
    written = (
        f"({area}) 555-{line}",
        f"{area}-555-{line}",
        f"{area}.555.{line}",
        f"+1 {area} 555 {line}",
        f"{area}, 555, {line}",
    )
    said = f"{spoken_digits(area)}, five five five, {spoken_digits(line)}"
    if said_first:
        return Value(PHONE, (said, *written), answer=written[0])
    return Value(PHONE, (*written, said))


def uk_phone(rng: random.Random) -> Value:
    line = f"0{rng.randrange(1000):03d}"
    return Value(PHONE, (f"+44 20 7946 {line}", f"020 7946 {line}"))


def luhn_digits(rng: random.Random, prefix: str) -> str:
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(15 - len(prefix)))
    total = 0
    for index, char in enumerate(reversed(digits)):  # the check digit will sit to the right
        number = int(char) * (2 if index % 2 == 0 else 1)
        total += number - 9 if number > 9 else number
    return digits + str((10 - total % 10) % 10)


def card(rng: random.Random) -> Value:
    digits = luhn_digits(rng, rng.choice(("4", "51", "55")))
    groups = [digits[i : i + 4] for i in range(0, 16, 4)]
    said = f"{groups[0]}, uh, {groups[1]}, {groups[2]}, and then {groups[3]}"
    return Value(CREDIT_CARD, (" ".join(groups), "-".join(groups), said))


def ssn(rng: random.Random) -> Value:
    area = rng.choice([a for a in range(100, 900) if a != 666])
    group, serial = rng.randrange(1, 100), rng.randrange(1, 10000)
    return Value(SSN, (f"{area}-{group:02d}-{serial:04d}", f"{area} {group:02d} {serial:04d}"))


def address(rng: random.Random) -> Value:
    return Value(ADDRESS, rng.choice(ADDRESSES))


def email(person: Person, domain: str) -> Value:
    return Value(EMAIL, (f"{person.first}.{person.last}@{domain}".lower(),))
