"""Street-address detectors compared on one corpus: pyap, usaddress and our own patterns.

`python -m bench.runners.addresses [--markdown]`, with `pyap` (or its maintained fork `pyap2`, which
installs the same module) and `usaddress` importable. They are not project dependencies:
install them somewhere apart, e.g. `pip install --target /tmp/addr pyap usaddress` and
`PYTHONPATH=/tmp/addr .venv/bin/python -m bench.runners.addresses`. Without them this
prints one line and exits 0. `make test` never runs it; `make bench` does not either.

What is compared, on ~60 sentences that hold addresses and ~40 that hold none:
- ours: the engine's detectors (`bot.redaction.detectors.detect`, ADDRESS spans), on the
  text as the engine sees it (normalised shadow, offsets mapped back);
- pyap: `pyap.parse(text, country=...)` for US, CA and GB, each alone and all three
  together; spans from each match's `match_start`/`match_end`;
- usaddress: a parser of one address, not a finder in running text. It is used the only
  way it can find anything: `usaddress.parse(sentence)` labels every token of the
  sentence, and each maximal run of address labels (AddressNumber, StreetName, PlaceName,
  ZipCode, USPSBoxID…) that holds a number and a street name (or a PO box) is taken as an
  address.

Scored per address: found (at least 90% of its letters and digits covered by the finder's
spans), partly found (some covered), missed. False positives: sentences without an address
where anything was flagged, and the letters and digits flagged outside the addresses in
sentences that hold one (a span that runs on past the address into "with her sister").
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

Spans = list[tuple[int, int]]
Finder = Callable[[str], Spans]
FOUND = 0.9  # share of an address's letters and digits that must be covered

# (category, sentence, the addresses it holds, each as it stands in the sentence)
POSITIVES: list[tuple[str, str, tuple[str, ...]]] = [
    ("US street line", "I'm at 169 Ridge Blvd. until noon.", ("169 Ridge Blvd.",)),
    ("US street line", "Send it to 42 Elm St. please.", ("42 Elm St.",)),
    ("US street line", "We moved to 5578 Oak Lane last spring.", ("5578 Oak Lane",)),
    ("US street line", "The office is at 915 W. Oak Ave. now.", ("915 W. Oak Ave.",)),
    ("US street line", "Drop it off at 1200 Market Street.", ("1200 Market Street",)),
    ("US street line", "She lives at 8 Maple Court with her sister.", ("8 Maple Court",)),
    ("US street line", "Our store on 300 East 57th Street closed.", ("300 East 57th Street",)),
    ("US street line", "It's 77 Sunset Boulevard, the blue house.", ("77 Sunset Boulevard",)),
    ("US street line", "Mail it to 4021 N Lincoln Ave, thanks.", ("4021 N Lincoln Ave",)),
    ("US street line", "He's at 12 Cedar Drive most evenings.", ("12 Cedar Drive",)),
    ("US street line", "Deliver to 250 Harbor Way before five.", ("250 Harbor Way",)),
    ("US street line", "My billing address is 1200 Market St #400.", ("1200 Market St #400",)),
    (
        "US full",
        "Ship to 5578 Oak Lane, Boise, ID 83702 by Friday.",
        ("5578 Oak Lane, Boise, ID 83702",),
    ),
    (
        "US full",
        "My billing address is 1200 Market Street, San Francisco, CA 94103.",
        ("1200 Market Street, San Francisco, CA 94103",),
    ),
    (
        "US full",
        "It's 42 Elm St., Springfield, IL 62704, the old one.",
        ("42 Elm St., Springfield, IL 62704",),
    ),
    (
        "US full",
        "Send the forms to 915 W. Oak Ave., Austin, TX 78704.",
        ("915 W. Oak Ave., Austin, TX 78704",),
    ),
    (
        "US full",
        "We're at 1600 Pennsylvania Avenue NW, Washington, DC 20500 now.",
        ("1600 Pennsylvania Avenue NW, Washington, DC 20500",),
    ),
    (
        "US full",
        "The lab is 350 Fifth Avenue, Suite 3300, New York, NY 10118.",
        ("350 Fifth Avenue, Suite 3300, New York, NY 10118",),
    ),
    (
        "US full",
        "Use 88 Colin P Kelly Jr St, San Francisco, CA 94107 for returns.",
        ("88 Colin P Kelly Jr St, San Francisco, CA 94107",),
    ),
    (
        "US full",
        "I rent 221 Baker Road Apt 4B, Denver, CO 80203.",
        ("221 Baker Road Apt 4B, Denver, CO 80203",),
    ),
    (
        "US full",
        "Her address: 19 Lakeview Terrace, Madison, Wisconsin 53703.",
        ("19 Lakeview Terrace, Madison, Wisconsin 53703",),
    ),
    (
        "US full",
        "It went to 700 Pine Street, Unit 12, Seattle, WA 98101-1820 by mistake.",
        ("700 Pine Street, Unit 12, Seattle, WA 98101-1820",),
    ),
    (
        "UK",
        "I'm at 77 Harbour Road, Leeds LS1 4AP most days.",
        ("77 Harbour Road, Leeds LS1 4AP",),
    ),
    (
        "UK",
        "Write to 10 Downing Street, London SW1A 2AA.",
        ("10 Downing Street, London SW1A 2AA",),
    ),
    (
        "UK",
        "The flat is 22 Baker Street, London NW1 6XE, second floor.",
        ("22 Baker Street, London NW1 6XE",),
    ),
    ("UK", "We're on 14 Church Lane in the village.", ("14 Church Lane",)),
    (
        "UK",
        "Post it to Flat 3, 48 Queen's Road, Brighton BN1 3XE.",
        ("Flat 3, 48 Queen's Road, Brighton BN1 3XE",),
    ),
    (
        "UK",
        "Her parents live at 5 Mill Close, York YO10 5DD.",
        ("5 Mill Close, York YO10 5DD",),
    ),
    ("UK", "The postcode is M1 1AE for the Manchester office.", ("M1 1AE",)),
    (
        "UK",
        "Deliveries go to 3 Station Approach, Guildford GU1 4AR.",
        ("3 Station Approach, Guildford GU1 4AR",),
    ),
    (
        "Canada",
        "Send it to 123 Main St, Toronto, ON M5V 2T6.",
        ("123 Main St, Toronto, ON M5V 2T6",),
    ),
    (
        "Canada",
        "The clinic is 789 Granville Street, Vancouver, BC V6Z 1K3.",
        ("789 Granville Street, Vancouver, BC V6Z 1K3",),
    ),
    (
        "Canada",
        "We're at 456 Rue Sainte-Catherine Ouest, Montreal, QC H3B 1A7.",
        ("456 Rue Sainte-Catherine Ouest, Montreal, QC H3B 1A7",),
    ),
    (
        "Canada",
        "My address is 10 Elm Avenue, Unit 5, Calgary, AB T2P 1J9.",
        ("10 Elm Avenue, Unit 5, Calgary, AB T2P 1J9",),
    ),
    ("Canada", "It's 55 Bay Street in Ottawa.", ("55 Bay Street",)),
    (
        "Canada",
        "Use 2000 Barrington St, Halifax, NS B3J 3K1 for the invoice.",
        ("2000 Barrington St, Halifax, NS B3J 3K1",),
    ),
    ("Canada", "The postal code is K1A 0B1 there.", ("K1A 0B1",)),
    ("lower-case ASR", "yeah it's 169 ridge boulevard in boise.", ("169 ridge boulevard",)),
    (
        "lower-case ASR",
        "send it to 42 elm street springfield illinois 62704 okay.",
        ("42 elm street springfield illinois 62704",),
    ),
    ("lower-case ASR", "i live at 5578 oak lane apartment 2.", ("5578 oak lane apartment 2",)),
    (
        "lower-case ASR",
        "my address is 77 harbour road leeds ls1 4ap.",
        ("77 harbour road leeds ls1 4ap",),
    ),
    (
        "lower-case ASR",
        "uh the address is 915 west oak avenue austin texas.",
        ("915 west oak avenue austin texas",),
    ),
    ("lower-case ASR", "it's 300 east 57th street.", ("300 east 57th street",)),
    (
        "lower-case ASR",
        "my address is twelve hundred market street san francisco.",
        ("twelve hundred market street san francisco",),
    ),
    (
        "lower-case ASR",
        "we're at 8 maple court, unit 3, denver colorado.",
        ("8 maple court, unit 3, denver colorado",),
    ),
    ("PO box", "Mail it to PO Box 1234 instead.", ("PO Box 1234",)),
    (
        "PO box",
        "Our address is P.O. Box 77, Austin, TX 78701.",
        ("P.O. Box 77, Austin, TX 78701",),
    ),
    ("PO box", "send it to post office box 55 please.", ("post office box 55",)),
    ("PO box", "It's P O Box 9021, Boise, ID 83702.", ("P O Box 9021, Boise, ID 83702",)),
    ("PO box", "Use po box 300 for the refund.", ("po box 300",)),
    (
        "multi-line",
        "Ship to:\n1200 Market Street\nSan Francisco, CA 94103",
        ("1200 Market Street\nSan Francisco, CA 94103",),
    ),
    (
        "multi-line",
        "Address:\nFlat 3\n22 Baker Street\nLondon NW1 6XE",
        ("Flat 3\n22 Baker Street\nLondon NW1 6XE",),
    ),
    (
        "multi-line",
        "Billing:\n5578 Oak Lane,\n Boise, ID 83702",
        ("5578 Oak Lane,\n Boise, ID 83702",),
    ),
    (
        "multi-line",
        "Send to\n123 Main St\nToronto, ON M5V 2T6\nthanks",
        ("123 Main St\nToronto, ON M5V 2T6",),
    ),
    (
        "multi-line",
        "c/o Maria\n350 Fifth Avenue\nSuite 3300\nNew York, NY 10118",
        ("350 Fifth Avenue\nSuite 3300\nNew York, NY 10118",),
    ),
    (
        "two in one sentence",
        "Not 42 Elm St. but 169 Ridge Blvd., Boise, ID 83702.",
        ("42 Elm St.", "169 Ridge Blvd., Boise, ID 83702"),
    ),
    (
        "two in one sentence",
        "From 10 Downing Street, London SW1A 2AA to 77 Harbour Road, Leeds LS1 4AP.",
        ("10 Downing Street, London SW1A 2AA", "77 Harbour Road, Leeds LS1 4AP"),
    ),
]

NEGATIVES: list[str] = [
    "There are 3 main points to cover today.",
    "It's a 2 way street, you know.",
    "The car has 5 different drive modes.",
    "We need 4 court dates next month.",
    "She finished in 1st place again.",
    "Our team scored 7 points in the second half.",
    "I'll go for a 30 minute walk after lunch.",
    "The test run took 45 minutes.",
    "We did 2 long trail runs this week.",
    "Please upgrade to version 10.4.2.1 tonight.",
    "See section 4.2.1 of the contract.",
    "Take the 5 North freeway to get there.",
    "He lives 3 doors down from us.",
    "Call me at 415-555-0132 after lunch.",
    "Order 7731-2290 shipped on the 3rd.",
    "The balance is $1,250.40 this month.",
    "We grew 20% in Texas last year.",
    "I'm in California until the 14th.",
    "Meet me at the park at 10.",
    "There were 300 people at the plaza.",
    "Give me 2 minutes to check the account.",
    "Room 404 is on the 4th floor.",
    "The 49ers beat the Rams 24 to 10.",
    "It costs 15 dollars per user per month.",
    "We met 2 times in Boston, MA last year.",
    "Route 9 is closed today.",
    "Press 1 for sales or 2 for support.",
    "Here are our 10 best ways to save money.",
    "There are 2 lanes closed on the bridge.",
    "She ran 5 laps around the track.",
    "We shipped 3 boxes today.",
    "I have 2 cats and 1 dog.",
    "It's 5 degrees in Toronto, ON today.",
    "Ticket ID 83702 is still open.",
    "The model SW1A is discontinued.",
    "We're 3 hours ahead of Denver.",
    "Our 6 green options are in the deck.",
    "Grace said the 2 crossing guards were late.",
    "Version 2 of the Oak app ships in 12 days.",
    "They held 4 town hall meetings in Ohio.",
    "We have 12 circle charts in the report.",
]


@dataclass
class Score:
    found: int = 0
    partly: int = 0
    missed: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)  # category -> [found, of]
    negative_hits: int = 0  # sentences without an address where something was flagged
    overshoot: int = 0  # letters and digits flagged outside the addresses of a sentence
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)  # what it missed or flagged wrongly

    @property
    def addresses(self) -> int:
        return self.found + self.partly + self.missed


_ALNUM = re.compile(r"[^\W_]")


def _covered(text: str, start: int, end: int, spans: Spans) -> float:
    """The share of the letters and digits of text[start:end] that `spans` cover."""
    positions = [start + m.start() for m in _ALNUM.finditer(text[start:end])]
    if not positions:
        return 1.0
    hit = sum(1 for p in positions if any(a <= p < b for a, b in spans))
    return hit / len(positions)


def _outside(text: str, spans: Spans, truths: Spans) -> list[str]:
    """The parts of `spans` that lie outside every address, with their letters and digits."""
    parts = []
    for start, end in spans:
        outside = "".join(
            char
            for position, char in enumerate(text[start:end], start=start)
            if not any(a <= position < b for a, b in truths)
        )
        if _ALNUM.search(outside):
            parts.append(outside.strip())
    return parts


def _truth_spans(sentence: str, addresses: tuple[str, ...]) -> Spans:
    spans, position = [], 0
    for address in addresses:
        start = sentence.index(address, position)
        spans.append((start, start + len(address)))
        position = start + len(address)
    return spans


def score(finder: Finder) -> Score:
    result = Score()
    started = time.perf_counter()
    for category, sentence, addresses in POSITIVES:
        spans = finder(sentence)
        truths = _truth_spans(sentence, addresses)
        tally = result.by_category.setdefault(category, [0, 0])
        for (start, end), address in zip(truths, addresses, strict=True):
            share = _covered(sentence, start, end, spans)
            tally[1] += 1
            if share >= FOUND:
                result.found += 1
                tally[0] += 1
            elif share > 0:
                result.partly += 1
                result.examples.append(f"partly {address!r} ({share:.0%})")
            else:
                result.missed += 1
                result.examples.append(f"missed {address!r}")
        for part in _outside(sentence, spans, truths):
            result.overshoot += len(_ALNUM.findall(part))
            result.examples.append(f"flagged {part!r} beside an address")
    for sentence in NEGATIVES:
        spans = finder(sentence)
        if spans:
            result.negative_hits += 1
            result.examples += [f"flagged {sentence[a:b]!r}" for a, b in spans]
    result.seconds = time.perf_counter() - started
    return result


# --- the finders ---


def ours(text: str) -> Spans:
    from bot.redaction.detectors import detect

    return sorted({(s.start, s.end) for s in detect(text) if s.type == "ADDRESS"})


def _pyap_spans(pyap: ModuleType, text: str, countries: tuple[str, ...]) -> Spans:
    spans = []
    for country in countries:
        for address in pyap.parse(text, country=country):
            start, end = address.match_start, address.match_end
            if start is None or text[start:end].split() != address.full_address.split():
                start = text.find(address.full_address)  # offsets of a cleaned text: find it
                end = start + len(address.full_address)
            if start >= 0:
                spans.append((start, end))
    return spans


_USADDRESS_LABELS = frozenset(
    "AddressNumber AddressNumberPrefix AddressNumberSuffix StreetName StreetNamePreDirectional "
    "StreetNamePreModifier StreetNamePreType StreetNamePostDirectional StreetNamePostModifier "
    "StreetNamePostType OccupancyType OccupancyIdentifier SubaddressType SubaddressIdentifier "
    "BuildingName PlaceName StateName ZipCode USPSBoxType USPSBoxID USPSBoxGroupType "
    "USPSBoxGroupID CornerOf IntersectionSeparator LandmarkName".split()
)


def _usaddress_spans(usaddress: ModuleType, text: str) -> Spans:
    """Maximal runs of tokens usaddress labels as parts of an address, kept when they hold
    a house number and a street name, or a PO box number."""
    spans: Spans = []
    position, run, labels = 0, [], set()

    def close() -> None:
        street = {"AddressNumber", "StreetName"} <= labels
        if run and (street or "USPSBoxID" in labels):
            spans.append((run[0][0], run[-1][1]))

    for token, label in usaddress.parse(text):
        start = text.find(token, position)
        if start < 0:
            continue
        end = position = start + len(token)
        if label in _USADDRESS_LABELS:
            run.append((start, end))
            labels.add(label)
        else:
            close()
            run, labels = [], set()
    close()
    return spans


def finders() -> dict[str, Finder] | None:
    """Every finder to compare; None when pyap or usaddress cannot be imported."""
    try:
        pyap = importlib.import_module("pyap")
        usaddress = importlib.import_module("usaddress")
    except ImportError:
        return None
    # pyap2, the maintained fork, installs the same `pyap` module.
    pyap_name = next(
        (f"{name} {version}" for name in ("pyap2", "pyap") if (version := _version(name))),
        "pyap",
    )
    found: dict[str, Finder] = {"ours (bot/redaction/detectors)": ours}
    for countries in (("US",), ("CA",), ("GB",), ("US", "CA", "GB")):
        label = "+".join(countries)
        found[f"{pyap_name} {label}"] = lambda t, c=countries: _pyap_spans(pyap, t, c)
    usaddress_name = f"usaddress {_version('usaddress') or ''}".strip()
    found[f"{usaddress_name} (labels over the sentence)"] = lambda t: _usaddress_spans(usaddress, t)
    return found


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


# --- the report ---

CATEGORIES = list(dict.fromkeys(category for category, _, _ in POSITIVES))


def table(scores: dict[str, Score]) -> list[list[str]]:
    header = [
        "finder",
        "found",
        "partly",
        "missed",
        *CATEGORIES,
        f"false alarms ({len(NEGATIVES)} sentences without one)",
        "letters and digits flagged beside addresses",
        "ms per sentence",
    ]
    rows = [header]
    sentences = len(POSITIVES) + len(NEGATIVES)
    for name, result in scores.items():
        rows.append(
            [
                name,
                f"{result.found}/{result.addresses}",
                str(result.partly),
                str(result.missed),
                *(
                    "{}/{}".format(*result.by_category.get(category, [0, 0]))
                    for category in CATEGORIES
                ),
                str(result.negative_hits),
                str(result.overshoot),
                f"{result.seconds * 1000 / sentences:.2f}",
            ]
        )
    return rows


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
        lines += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows[1:]
        ]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runners.addresses", description=__doc__)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    parser.add_argument("--examples", action="store_true", help="list what each one got wrong")
    args = parser.parse_args(argv)
    available = finders()
    if available is None:
        print(
            "bench.runners.addresses: skipped: pyap and usaddress are not installed (not project "
            "dependencies; see this module's docstring)"
        )
        return 0
    scores = {name: score(finder) for name, finder in available.items()}
    print(
        f"{sum(len(a) for _, _, a in POSITIVES)} addresses in {len(POSITIVES)} sentences, "
        f"{len(NEGATIVES)} sentences without an address; found = at least {FOUND:.0%} of an "
        "address's letters and digits covered"
    )
    print(render(table(scores), args.markdown))
    if args.examples:
        for name, result in scores.items():
            print(f"\n{name}:")
            for example in result.examples:
                print(f"  {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
