"""IP addresses, unless the dotted number is a version or a section ("version 10.4.2.1",
"section 3.2.1.4")."""

from __future__ import annotations

import ipaddress
import re

from bot.redaction.detectors.base import Scan, has_context, words
from bot.redaction.entities import IP_ADDRESS
from bot.redaction.types import Span

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|:){2,7}(?::|[0-9A-Fa-f]{1,4})(?![\w:])")
NOT_AN_ADDRESS = words(
    "version",
    "versions",
    "ver",
    "v",
    "section",
    "sections",
    "sec",
    "§",
    "upgrade",
    "upgraded",
    "update",
    "updated",
    "release",
    "released",
    "build",
    "chapter",
    "clause",
    "firmware",
    "patch",
    "step",
    "item",
    "figure",
    "fig",
    "table",
    "paragraph",
    "article",
    "rule",
    "part",
    "appendix",
    "revision",
    "rev",
    "sdk",
    "api",
    "app",
    "os",
    "ios",
    "android",
    "release notes",
)
CONTEXT_CHARS = 25


def find_ip_addresses(scan: Scan) -> list[Span]:
    spans = []
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(scan.text):
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            start = match.start()
            if start and scan.lowered[start - 1] == "v":  # v10.4.2.1
                continue
            if pattern is _IPV4 and has_context(
                scan, start, NOT_AN_ADDRESS, CONTEXT_CHARS, once=True
            ):
                continue
            spans.append(Span(start, match.end(), IP_ADDRESS, match.group().lower()))
    return spans
