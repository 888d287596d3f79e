"""Street addresses (US, UK and Canada): a house number, a street name and a suffix, with
an optional unit and an optional city, state and ZIP or postcode line; PO boxes; and a
"City, ST 12345", UK postcode or Canadian postal code standing alone.

Evaluated against pyap and usaddress on our corpus (see README, "How redaction works"):
pyap finds only complete addresses with a city and postcode, so it misses the street lines
people say most ("169 Ridge Blvd."), and usaddress parses an address it is given but does
not find one in running text. These patterns find both.
"""

from __future__ import annotations

import re

from bot.redaction.detectors.base import Scan, has_context, words
from bot.redaction.entities import ADDRESS
from bot.redaction.types import Span

_SUFFIXES = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    "terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|crescent|cres|close|"
    "grove|gardens|gdns|mews|row|walk|alley|plaza|plz|loop|pike|expressway|expy|freeway|fwy|"
    "crossing|xing|point|pt|ridge|heights|hts|commons|cove|run|path|landing|green"
)
_DIRECTION = (
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|n|s|e|w|ne|nw|se|sw)\.?"
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_US_STATE_NAMES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|"
    "hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|"
    "massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|"
    "new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|"
    "oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|"
    "vermont|virginia|washington|west virginia|wisconsin|wyoming"
)
_CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_ZIP = r"\d{5}(?:-\d{4})?"
_CA_POSTAL = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
_CITY = r"[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2}"
_STREET_WORD = r"(?:[A-Za-z][A-Za-z'-]*|\d{1,3}(?:st|nd|rd|th))"
_UNIT_WORDS = r"apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building|#"
_UNIT = rf"(?:,? (?:{_UNIT_WORDS})\.? ?#? ?[A-Za-z0-9-]{{1,6}})"
# The line after the street: ", Boise, ID 83702", ", Toronto, ON M5V 2T6", ", London SW1A 2AA".
_LOCALITY = (
    rf"(?:,?\s{{1,3}}{_CITY},? (?:(?-i:{_US_STATES})|{_US_STATE_NAMES})\.?(?:,? {_ZIP})?"
    rf"|,?\s{{1,3}}{_CITY},? (?-i:{_CA_PROVINCES}) (?-i:{_CA_POSTAL})"
    rf"|,?\s{{1,3}}{_CITY},? (?-i:{_UK_POSTCODE}))"
)
_STREET = re.compile(
    rf"(?<![\w$.,-])(?P<number>\d{{1,6}}[A-Za-z]?(?:-\d{{1,6}})?) "
    rf"(?:{_DIRECTION} )?(?P<name>(?:{_STREET_WORD} ){{1,4}}?)(?P<suffix>{_SUFFIXES})\b\.?"
    rf"(?: {_DIRECTION}(?![\w]))?(?P<unit>{_UNIT})?(?P<locality>{_LOCALITY})?",
    re.IGNORECASE,
)
_PO_BOX = re.compile(r"\b(?:p\.? ?o\.?|post office) ?box \d{1,7}\b", re.IGNORECASE)
_CITY_STATE_ZIP = re.compile(rf"\b{_CITY},? (?:{_US_STATES}) {_ZIP}\b")
_POSTCODE = re.compile(rf"(?<![\w-])(?:{_UK_POSTCODE}|{_CA_POSTAL})(?![\w-])")
_ZIP_AFTER_WORD = re.compile(
    rf"\b(?:zip|zip code|postcode|postal code)\b[\s:#,-]*(?:is )?({_ZIP})\b", re.IGNORECASE
)
ADDRESS_WORDS = words(
    "address",
    "live at",
    "lives at",
    "living at",
    "located at",
    "based at",
    "ship to",
    "send to",
    "deliver to",
    "delivered to",
    "mail to",
    "moved to",
    "move to",
    "office at",
    "office is at",
    "house at",
    "home at",
    "apartment at",
    "come to",
    "over at",
    "reside at",
)
_FUNCTION_WORDS = frozenset(
    "a an the of and or to for in on at with my our your their his her its is are was be "
    "i we you they he she it this that these those than then so".split()
)
CONTEXT_CHARS = 30


def _plausible_street(scan: Scan, match: re.Match[str]) -> bool:
    """Whether a "number words suffix" match is an address, not "3 good way to do it"."""
    name_words = match.group("name").split()
    if any(word.lower() in _FUNCTION_WORDS for word in name_words):
        return False
    if match.group("unit") or match.group("locality"):
        return True
    if has_context(scan, match.start(), ADDRESS_WORDS, CONTEXT_CHARS):
        return True
    written_as_name = all(word[0].isupper() or word[0].isdigit() for word in name_words)
    return written_as_name and match.group("suffix")[0].isupper()


def find_addresses(scan: Scan) -> list[Span]:
    text = scan.text
    spans = [
        Span(m.start(), m.end(), ADDRESS, m.group().lower())
        for m in _STREET.finditer(text)
        if _plausible_street(scan, m)
    ]
    for pattern in (_PO_BOX, _CITY_STATE_ZIP, _POSTCODE):
        spans += [
            Span(m.start(), m.end(), ADDRESS, m.group().lower()) for m in pattern.finditer(text)
        ]
    spans += [
        Span(m.start(1), m.end(1), ADDRESS, m.group(1)) for m in _ZIP_AFTER_WORD.finditer(text)
    ]
    return spans
