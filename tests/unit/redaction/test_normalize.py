from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.redaction.normalize import shadow


@pytest.mark.parametrize(
    ("original", "plain"),
    [
        ("Jos\u00e9 \u00c1lvarez", "Jose Alvarez"),
        ("Jose\u0301", "Jose"),
        ("\u0110\u1ed7 Minh", "Do Minh"),
        ("\u0141ukasz \u00d8sterg\u00e5rd", "Lukasz Ostergard"),
        ("Stra\u00dfe", "Strasse"),
        ("\u00c6sa", "AEsa"),
        ("\uff14\uff11\uff11\uff11", "4111"),
        ("maria@bluefin\uff0ecom", "maria@bluefin.com"),
        ("ma\u200bria\u2060@blue\u00adfin.com", "maria@bluefin.com"),
        ("123\u2013456\u2014789\u2212000", "123-456-789-000"),
        ("4111\u00a01111\u202f1111\u20091111", "4111 1111 1111 1111"),
        ("_maria@bluefin.com_", " maria@bluefin.com "),
        ("*Ann* and ~Bob~", " Ann  and  Bob "),
        ("maria_lopez@x.io", "maria_lopez@x.io"),
        ("maria%40bluefin.com", "maria@bluefin.com"),
        ("A &amp; B &lt;3", "A & B <3"),
        ("O\u2019Neil\u2019s", "O'Neil's"),
        ("Maria\u2122", "Maria\u2122"),
    ],
)
def test_shadow_is_plain(original: str, plain: str) -> None:
    assert shadow(original).text == plain


@pytest.mark.parametrize(
    ("original", "found", "expected"),
    [
        ("mail ma\u200bria@x.io now", "maria@x.io", "ma\u200bria@x.io"),
        ("link maria%40x.io now", "maria@x.io", "maria%40x.io"),
        ("call Jose\u0301 now", "Jose", "Jose\u0301"),
        ("\u00c6sa", "AE", "\u00c6"),
        ("a &amp; b", "&", "&amp;"),
    ],
)
def test_ranges_map_back_to_the_original(original: str, found: str, expected: str) -> None:
    normalised = shadow(original)
    start = normalised.text.index(found)
    a, b = normalised.to_original(start, start + len(found))
    assert original[a:b] == expected


@given(st.text(max_size=80))
def test_every_shadow_range_maps_inside_the_original(text: str) -> None:
    normalised = shadow(text)
    for start in range(len(normalised.text)):
        a, b = normalised.to_original(start, start + 1)
        assert 0 <= a < b <= len(text)
