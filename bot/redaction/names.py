"""What we know about how names are written and said.

A person named once is redacted everywhere with the parts of their name ("Priya Patel" →
"Priya", "Patel"); an organisation with its short name ("Bluefin Analytics" → "Bluefin").
A part that is also an everyday word ("Grace", "Will", "Do" in "Minh Do", "Target") is
matched alone only with its capital letter, so "grace period" and "what do you do" stay
readable. Speech recognisers often write names in lower case, so a lower-case everyday-word
name is still redacted where it stands as a name: addressed ("thanks grace", "hi will"),
as the subject of speech ("grace said") or as a possessive ("grace's"). Function words
("Do", "Oh") are never matched at the start of a sentence, where every word is capitalised.
"""

from __future__ import annotations

import re

from bot.redaction import words

_TOKEN = re.compile(r"[^\W_]+")

TITLES = words.load("titles")
NAME_PARTICLES = words.load("name_particles")
FILLER = words.load("filler")
ORG_GENERIC = words.load("org_generic")
FUNCTION_WORDS = words.load("function_words")
EVERYDAY = words.everyday()

# A lower-case everyday word is a name after these words ("thanks grace", "told will")…
_ADDRESSING = (
    "hi|hey|hello|thanks|thank you|bye|goodbye|dear|ask|asked|asking|tell|told|telling|"
    "call|called|calling|email|emailed|text|texted|ping|pinged|cc|cc'd|meet|met|"
    "ask for|speak to|spoke to|spoke with|talk to|talked to|talking to|sorry"
)
# …or before these ("grace said", "will's team").
_ACTING = (
    "said|says|asked|told|called|mentioned|wants|wanted|thinks|thought|agreed|replied|"
    "confirmed|wrote|emailed|texted|explained|suggested|noted|added|joined|left"
)
_ADDRESSING_BEFORE = re.compile(rf"(?:^|[^\w'])(?:{_ADDRESSING})[\s,]+$", re.IGNORECASE)
_ACTING_AFTER = re.compile(rf"^(?:'s\b|[\s,]+(?:{_ACTING})\b)", re.IGNORECASE)
_VOCATIVE_BEFORE = re.compile(r",\s*$")
_VOCATIVE_AFTER = re.compile(r"^\s*(?:[.?!,]|$)")
_DETERMINER_BEFORE = re.compile(
    r"(?:^|\W)(?:the|a|an|this|that|my|your|his|her|our|their|its|some|any|no)\s+$",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.?!:]\s*|\n\s*|[\"'(]\s*)$")
_TITLE_BEFORE = re.compile(r"(?:^|\W)(?:mr|mrs|ms|mx|dr|prof|rev|st|sr|jr)\.\s*$", re.IGNORECASE)
CONTEXT_CHARS = 30


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def name_parts(person: str) -> list[str]:
    """The parts of a person's name worth finding alone: "Dr. Priya Patel" → Priya, Patel.
    Lower-case particles inside a name ("van", "de") are not parts; "Al" in "Al Gore" is."""
    found = tokens(person)
    if len(found) < 2:
        return []
    return [
        token
        for position, token in enumerate(found)
        if len(token) >= 2
        and not token.isdigit()
        and token.lower() not in TITLES
        and not (position and token.islower() and token in NAME_PARTICLES)
    ]


def short_name(organisation: str) -> str | None:
    """The first word of an organisation's name when it names it alone: "Bluefin" in
    "Bluefin Analytics", "Juniper" in "Juniper Health Partners", but not "First" in "First
    National Bank"."""
    found = tokens(organisation)
    if len(found) < 2:
        return None
    first = found[0]
    # An everyday word ("Juniper", "Harbor") still names it, with its capital letter (which
    # a short name always needs); a generic first word ("First", "National") does not.
    distinctive = first.lower() not in ORG_GENERIC and first.lower() not in FUNCTION_WORDS
    if first[0].isupper() and first.isalpha() and len(first) >= 4 and distinctive:
        return first
    return None


def looks_like_name(entity: str) -> bool:
    """Two to four capitalised words: how an untyped answer that is a name usually looks."""
    parts = entity.split()
    return 2 <= len(parts) <= 4 and all(w[:1].isupper() and w.isalpha() for w in parts)


def is_everyday(word: str) -> bool:
    return word.lower() in EVERYDAY or word.lower() in NAME_PARTICLES or word.lower() in FILLER


def is_function_word(word: str) -> bool:
    return word.lower() in FUNCTION_WORDS


def only_function_words(entity: str) -> bool:
    """An answer such as "the", "and" or "it is": never a pattern of its own. (Written with
    a capital, "May" or "Will" may be a name: that is kept, with its capital required.)"""
    found = tokens(entity)
    return bool(found) and all(t.lower() in FUNCTION_WORDS and t.islower() for t in found)


def stands_as_name(text: str, start: int, end: int) -> bool:
    """Whether a lower-case everyday word at [start, end) stands where a name stands:
    addressed, subject of speech, possessive or vocative; never after a determiner."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if _DETERMINER_BEFORE.search(before):
        return False
    if _ADDRESSING_BEFORE.search(before) or _ACTING_AFTER.match(after):
        return True
    return bool(_VOCATIVE_BEFORE.search(before) and _VOCATIVE_AFTER.match(after))


def acts_after(text: str, end: int) -> bool:
    """Whether a word at `end` is followed by what a person does ("said", "'s")."""
    return bool(_ACTING_AFTER.match(text[end : end + CONTEXT_CHARS]))


def at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start]
    if re.search(r"Speaker [A-Z0-9]{1,3}: $", before):
        return True
    if _TITLE_BEFORE.search(before):  # "Ms. Do": the period ends a title, not a sentence
        return False
    return bool(_SENTENCE_START.search(before))
