"""E-mail addresses spoken, spelled, or dressed in Slack's and the web's formatting."""

from __future__ import annotations

import pytest

from tests.unit.redaction.detectors import covered, found

FINDS = [
    ("email is maria dot lopez at bluefin dot com ok", "maria dot lopez at bluefin dot com"),
    ("spell it m a r i a at gmail dot com", "m a r i a at gmail dot com"),
    (
        "it's maria underscore lopez at blue dash fin dot co dot uk",
        "maria underscore lopez at blue dash fin dot co dot uk",
    ),
    ("my email is maria lopez at gmail", "maria lopez at gmail"),
    ("write to maria.lopez at bluefin.com today", "maria.lopez at bluefin.com"),
    ("send it to maria [at] bluefin [dot] com", "maria [at] bluefin [dot] com"),
    ("j dot doe at example dot org", "j dot doe at example dot org"),
    ("mail ma\u200bria@bluefin.com now", "ma\u200bria@bluefin.com"),
    ("mail _maria@bluefin.com_ now", "maria@bluefin.com"),
    ("mail *maria@bluefin.com* now", "maria@bluefin.com"),
    ("link maria%40bluefin.com now", "maria%40bluefin.com"),
    ("<mailto:maria@bluefin.com|maria@bluefin.com>", "maria@bluefin.com"),
    ("mail maria@bluefin\uff0ecom now", "maria@bluefin\uff0ecom"),
]

KEEPS = [
    ("look at the dot com bubble", "look at the dot com bubble"),
    ("meet at noon, dot the i's", "meet at noon"),
    ("we are at capacity", "at capacity"),
    ("the file is at bluefin", "bluefin"),
]


@pytest.mark.parametrize(("text", "value"), FINDS)
def test_finds(text: str, value: str) -> None:
    assert ("EMAIL", value) in found(text)


@pytest.mark.parametrize(("text", "value"), KEEPS)
def test_leaves(text: str, value: str) -> None:
    assert not covered(text, value), found(text)
