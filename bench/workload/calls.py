"""Generated two-speaker support calls with known personal data (fixed seed).

`generate(n, seed)` gives a `Call` of exactly `n` sentences (speaker A is the agent, B the
customer), the ground truth of every personal-data mention, the spellings the fake model is
taught (canonical ones only: "Maria Lopez", never "maria"; a number said aloud is answered
written out, as models do), and non-personal strings such as "$3.50", "v2.1", a ten-digit
ticket number or "grace period" (the colleague is a Grace) that a redaction must leave alone.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Protocol

from bench.workload import cast
from bench.workload.cast import Mention

OPENING = (
    ("A", "Thank you for calling {agent_org}, this is {agent.full}, how can I help you?"),
    ("B", "Hi {agent.first}, my name is {cust.full} and I'm calling from {cust_org}."),
    ("A", "Thanks {cust.first}, could you confirm the email address on the account?"),
    ("B", "Sure, it's {cust.email} and my phone number is {cust.phone}."),
)
CLOSING = (
    ("A", "Is there anything else I can help you with today, {cust.first}?"),
    ("B", "No, that's all, thanks {agent.first}!"),
)
# Exchanges with personal data; speaker A is the agent, B the customer.
PERSONAL = (
    (("A", "Can I get a good callback number, {cust.first}?"), ("B", "Sure, it's {cust.alt}.")),
    (("B", "You can also reach my manager {mgr.full} on {mgr.phone}."),),
    (("A", "I'll copy {mgr.first} on the email to {mgr.email} as well."),),
    (("A", "Could you read me the card number on file?"), ("B", "It's {cust.card}.")),
    (("B", "Sorry, the card is {cust.card_alt}, I read it too fast."),),
    (("A", "And your social security number, please."), ("B", "Sure, it's {cust.ssn}.")),
    (("B", "Let me repeat that, {cust.ssn_alt}."),),
    (("B", "My billing address is {cust.address}."),),
    (("A", "okay {cust.lower}, I've updated {cust.poss} billing details."),),
    (("B", "{doc.title} at {clinic} said the claim was filed in March."),),
    (("A", "Is {cust.title} the primary account holder?"), ("B", "Yes, that's me.")),
    (("B", "Please send the paperwork to {cust.email} rather than the old one."),),
    (("A", "I can see the account was opened by {mgr.full} in 2019."),),
    (("B", "{mgr.poss} direct line is {mgr.alt}, by the way."),),
    (("B", "We've been with {agent_org.short} for six years now."),),
    (("A", "The transfer to {bank} went through this morning."),),
    (("B", "My colleague {col.full} will join the next call."), ("A", "Great, thanks.")),
    (("A", "Please ask {col.first} to email {col.email} with the contract."),),
    (("A", "I can also text a code to {col.phone} while {col.first} is travelling."),),
    (("B", "{col.first} is on {col.alt} most days."),),
    (("A", "I spoke with {doc.title} yesterday about the referral."),),
    (("B", "thanks, {agent.lower} from {agent_org.short} helped me last time too."),),
    (("A", "thanks {cust.lower} I've got that down."),),
    (("B", "{col.lower} said she'd send the form over tonight."),),
    (("A", "Could you spell that for me, {col.lower}?"), ("B", "Sure, thanks {col.lower}.")),
    (("B", "The parcel can also go to {cust.address_alt} if that's easier."),),
)
# Exchanges without personal data: (speaker, text, strings that must survive).
NEUTRAL = (
    ("A", "Let me pull up the account.", ()),
    ("A", "One moment please.", ()),
    ("B", "The monthly fee went up from $2.75 to $3.50 per line.", ("$2.75", "$3.50")),
    ("A", "We pushed version v2.1 of the app on Tuesday, so please update.", ("v2.1",)),
    ("B", "The router is still on firmware 4.2.1, is that a problem?", ("4.2.1",)),
    ("A", "The refund of $129.99 should show up in three to five business days.", ("$129.99",)),
    ("A", "Your case number is 4821394.", ("4821394",)),
    ("B", "I'm seeing a balance of $1,250.40 on the statement!", ("$1,250.40",)),
    ("A", "The outage lasted about 45 minutes on Sunday.", ()),
    ("B", "Okay, got it.", ()),
    ("B", "Sorry, the line is a bit noisy, can you repeat that?", ()),
    ("A", "Of course, no problem at all.", ()),
    ("A", "The app crashed twice on v3.0.4 yesterday, we've logged it.", ("v3.0.4",)),
    ("B", "Is that the same plan I had last year?", ()),
    ("A", "Yes, the Pro plan is $49.00 a month with 20 GB of data.", ("$49.00",)),
    ("B", "Right, that makes sense!", ()),
    ("A", "Order 7731-2290 shipped on the 3rd and should arrive Friday.", ("7731-2290",)),
    ("B", "Great, thank you so much.", ()),
    ("A", "I'll escalate this to our billing team right away.", ()),
    ("A", "The discount is 15% for the first 6 months.", ()),
    ("A", "I've opened ticket 4155550298 for the outage.", ("4155550298",)),
    ("B", "Our PO number is 2125550243, it's on the invoice.", ("2125550243",)),
    ("A", "The fix ships in version 10.4.2.1 next week.", ("10.4.2.1",)),
    ("B", "Is there a grace period on the late fee?", ("grace period",)),
    ("A", "Yes, the grace period is ten days, so you're fine.", ("grace period",)),
    ("B", "The error page just says 1700000000, whatever that means.", ("1700000000",)),
)
PERSONAL_SHARE = 0.45
_SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?\}")


class Mentionable(Protocol):
    def mention(self, form: str) -> tuple[str, list[Mention]]: ...


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str
    mentions: tuple[Mention, ...] = ()
    keep: tuple[str, ...] = ()


# What the fake model knows: (spelling, type) or (spelling, type, how it answers it).
Taught = tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class Call:
    lines: list[Line]
    taught: list[Taught]
    seed: int

    @property
    def text(self) -> str:
        """The transcript as AssemblyAI's `text` gives it: sentences joined by spaces."""
        return " ".join(line.text for line in self.lines)

    @property
    def sentences(self) -> list[tuple[str, str]]:
        return [(line.speaker, line.text) for line in self.lines]

    @property
    def truth(self) -> list[Mention]:
        return [mention for line in self.lines for mention in line.mentions]

    @property
    def every_spelling(self) -> list[Taught]:
        """Every mention as it stands in the text: what a model that misses nothing knows."""
        return list(dict.fromkeys((m.text, m.type) for m in self.truth))

    @property
    def keep(self) -> list[str]:
        return [item for line in self.lines for item in line.keep]


@dataclass
class Contact:
    """A person with their own contact values: `{cust.email}`, `{cust.phone}`, `{cust.alt}`."""

    person: cast.Person
    values: dict[str, cast.Value] = field(default_factory=dict)

    def mention(self, form: str) -> tuple[str, list[Mention]]:
        if form == "alt":
            return self.values["phone"].mention("alt")
        if form.endswith("_alt"):
            return self.values[form[: -len("_alt")]].mention("alt")
        if form in self.values:
            return self.values[form].mention("canonical")
        return self.person.mention(form)


def _cast(rng: random.Random) -> dict[str, Mentionable]:
    firsts = rng.sample(cast.FIRST_NAMES, 5)
    lasts = rng.sample(cast.LAST_NAMES, 5)
    orgs = rng.sample(cast.ORGANIZATIONS, 4)
    people = [
        cast.Person(f, s, rng.choice(("Ms.", "Mr."))) for f, s in zip(firsts, lasts, strict=True)
    ]
    people[3] = cast.Person(firsts[3], lasts[3], "Dr.", titled=True)
    people[4] = cast.Person(cast.EVERYDAY_FIRST_NAME, lasts[4], "Ms.")
    customer, agent, manager, doctor, colleague = people
    customer_values = {
        "email": cast.email(customer, orgs[1][2]),
        "phone": cast.us_phone(rng),
        "card": cast.card(rng),
        "ssn": cast.ssn(rng),
        "address": cast.address(rng),
    }
    return {
        "agent": Contact(agent),
        "cust": Contact(customer, customer_values),
        "mgr": Contact(
            manager,
            {
                "email": cast.email(manager, orgs[1][2]),
                "phone": cast.us_phone(rng, said_first=True),
            },
        ),
        "doc": Contact(doctor),
        "col": Contact(
            colleague, {"email": cast.email(colleague, orgs[1][2]), "phone": cast.uk_phone(rng)}
        ),
        "agent_org": cast.Organization(orgs[0][0], orgs[0][1]),
        "cust_org": cast.Organization(orgs[1][0], orgs[1][1]),
        "clinic": cast.Organization(orgs[2][0], orgs[2][1]),
        "bank": cast.Organization(orgs[3][0], orgs[3][1]),
    }


def _taught(objects: dict[str, Mentionable]) -> list[Taught]:
    """What the fake model knows: full names, organisations' full names, and the canonical
    spelling of each value (a number said aloud it answers written out). It misses
    first-name repeats, lower case and other spellings."""
    taught: list[Taught] = []
    for item in objects.values():
        if isinstance(item, Contact):
            taught.append((item.person.full, cast.PERSON))
            for value in item.values.values():
                answer = () if value.answer is None else (value.answer,)
                taught.append((value.spellings[0], value.type, *answer))
        elif isinstance(item, cast.Organization):
            taught.append((item.full, cast.ORGANIZATION))
    return taught


def _fill(speaker: str, template: str, objects: dict[str, Mentionable]) -> Line:
    mentions: list[Mention] = []

    def substitute(match: re.Match[str]) -> str:
        shown, found = objects[match.group(1)].mention(match.group(2) or "full")
        mentions.extend(found)
        return shown

    text = _SLOT.sub(substitute, template)
    return Line(speaker, text, tuple(mentions))


def generate(n: int, seed: int = 20240601) -> Call:
    """A call of exactly `n` sentences; the same `n` and `seed` always give the same call."""
    rng = random.Random(seed * 1009 + n)
    objects = _cast(rng)
    lines = [_fill(speaker, template, objects) for speaker, template in OPENING]
    body_size = max(n - len(OPENING) - len(CLOSING), 0)
    body: list[Line] = []
    while len(body) < body_size:
        if rng.random() < PERSONAL_SHARE:
            body += [_fill(s, t, objects) for s, t in rng.choice(PERSONAL)]
        else:
            speaker, text, keep = rng.choice(NEUTRAL)
            body.append(Line(speaker, text, keep=keep))
    lines += body[:body_size]
    lines += [_fill(speaker, template, objects) for speaker, template in CLOSING]
    return Call(lines=lines[:n], taught=_taught(objects), seed=seed)
