from __future__ import annotations

from bot.redaction import Doubt, Redaction, Span, apply_style, merge
from bot.reviews.marks import Choices, item_texts, marks_of, phrase_ranges, render

TEXT = "Priya Patel called. Later Priya said Acme pays. Call 415-555-0132."


def redaction() -> Redaction:
    spans = merge(
        [
            Span(0, 11, "PERSON", "priya patel"),
            Span(26, 31, "PERSON", "priya patel"),  # a part shares its owner's key
            Span(37, 41, "ORGANIZATION", "acme"),
            Span(53, 65, "PHONE", "4155550132"),
        ]
    )
    styled = apply_style(TEXT, spans, "mask")
    return Redaction(styled.text, spans, sentence_count=3, replaced=styled.replaced)


def test_values_sharing_a_key_are_one_item_and_marks_hold_no_values() -> None:
    marks, items = marks_of(TEXT, redaction())
    assert [(i.type, i.count) for i in items] == [("PERSON", 2), ("ORGANIZATION", 1), ("PHONE", 1)]
    assert all(m.item and m.item.startswith("i") for m in marks)
    assert "Priya" not in repr(marks) + repr(items)
    assert item_texts(TEXT, marks)[items[0].id] == "Priya Patel"


def test_an_unkept_item_is_shown_in_clear_everywhere_and_the_rest_stays() -> None:
    marks, items = marks_of(TEXT, redaction())
    person = items[0].id
    out = render(TEXT, marks, Choices(frozenset({person})), "label", doubts={}, sentence_count=3)
    assert out.text == "Priya Patel called. Later Priya said [ORGANIZATION] pays. Call [PHONE]."


def test_added_phrases_are_found_in_any_case_and_withheld_sentences_stay_withheld() -> None:
    text = "The renewal is due. RENEWAL terms attached."
    spans = [Span(20, 43, "WITHHELD")]
    styled = apply_style(text, spans, "mask")
    marks, _ = marks_of(
        text, Redaction(styled.text, spans, sentence_count=2, replaced=styled.replaced)
    )
    added = tuple(phrase_ranges(text, ["renewal"]))
    out = render(
        text, marks, Choices(added=added), "label", doubts={Doubt.UNPINNED: 1}, sentence_count=2
    )
    assert out.text == "The [PII] is due. [sentence withheld: could not be checked]"
    assert len(out.withheld) == 1
