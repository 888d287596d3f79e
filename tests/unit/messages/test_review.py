"""The review modal keeps within Block Kit's limits whatever the call."""

from __future__ import annotations

import json
import random

from bot.messages import review as layouts
from bot.redaction import Redaction, Span, apply_style, merge
from bot.reviews.marks import Choices, marks_of, render
from tests.fakes.slack_views import view_problems

TYPES = ("PERSON", "ORGANIZATION", "EMAIL", "PHONE", "ADDRESS", "CREDIT_CARD", "SSN")


def big_call(sentences: int = 400, distinct: int = 150) -> tuple[str, Redaction]:
    """A call of `sentences` sentences naming `distinct` different values, some often."""
    rng = random.Random(7)
    values = [
        (f"Value{n:03d} " + "x" * rng.randint(0, 90), TYPES[n % len(TYPES)])
        for n in range(distinct)
    ]
    parts, spans, cursor = [], [], 0
    for n in range(sentences):
        value, kind = values[n % distinct] if n < distinct else rng.choice(values)
        sentence = f"Speaker A: about {value} and the plan. "
        start = cursor + sentence.index(value)
        spans.append(Span(start, start + len(value), kind, value.lower()))
        parts.append(sentence)
        cursor += len(sentence)
    text = "".join(parts)
    merged = merge(spans)
    styled = apply_style(text, merged, "mask")
    return text, Redaction(styled.text, merged, sentence_count=sentences, replaced=styled.replaced)


def test_a_400_sentence_call_with_150_items_fits_a_modal() -> None:
    text, redaction = big_call()
    marks, items = marks_of(text, redaction)
    assert len(items) == 150
    texts = {m.item: text[m.start : m.end] for m in marks if m.item}
    review_items = [layouts.ReviewItem(i.id, i.type, texts[i.id], i.count) for i in items]
    preview = render(text, marks, Choices(), "mask", doubts={}, sentence_count=400)
    view = layouts.modal("j1", review_items, frozenset(), preview, "C1")
    assert view_problems(view) == []
    assert len(view["blocks"]) <= 100
    assert len(json.dumps(view)) < 250_000
    listed = {
        o["value"]
        for b in view["blocks"]
        if b.get("block_id", "").startswith("keep_")
        for o in b["element"]["options"]
    }
    assert listed == {i.id for i in items}  # all 150 fit, none is left out


def test_past_the_block_budget_the_rarest_items_stay_redacted_unlisted() -> None:
    text, redaction = big_call(sentences=1200, distinct=900)
    marks, items = marks_of(text, redaction)
    texts = {m.item: text[m.start : m.end] for m in marks if m.item}
    review_items = [layouts.ReviewItem(i.id, i.type, texts[i.id], i.count) for i in items]
    preview = render(text, marks, Choices(), "mask", doubts={}, sentence_count=1200)
    view = layouts.modal("j1", review_items, frozenset(), preview, None)
    assert view_problems(view) == []
    assert "rarer items are not listed and stay redacted" in view["blocks"][0]["text"]["text"]


def test_the_state_of_a_submitted_modal_is_read_back() -> None:
    values = {
        "keep_PERSON_0": {"keep": {"selected_options": [{"value": "i1"}, {"value": "i3"}]}},
        "also": {"phrases": {"value": " renewal \n\n  Acme "}},
        "share_to": {"conversation": {"selected_conversation": "C9"}},
    }
    submitted = layouts.read_state(values)
    assert submitted == layouts.Submitted(frozenset({"i1", "i3"}), ["renewal", "Acme"], "C9")
