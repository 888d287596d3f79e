"""The engine end to end, with scripted finders standing in for the model: what is found,
what is asked again, what is withheld (only the sentence in doubt) and what is not."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.redaction import WITHHELD_PLACEHOLDER, Redactor
from bot.redaction.entities import PERSON
from bot.redaction.types import Doubt, FoundEntity, NerUnavailable, Pass

Answer = Callable[[Sequence[str], Pass], list[FoundEntity]]


class ScriptedFinder:
    """A finder that answers with a function of the sentences and the pass; records calls."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.calls: list[tuple[Pass, list[str]]] = []

    def find(self, sentences: Sequence[str], mode: Pass = Pass.FIND) -> list[FoundEntity]:
        self.calls.append((mode, list(sentences)))
        return self.answer(sentences, mode)

    def asked(self, mode: Pass) -> list[list[str]]:
        return [sentences for called, sentences in self.calls if called is mode]


def naming(entities: dict[str, list[tuple[str, str]]], modes=(Pass.FIND,)) -> Answer:
    """Answers: for each sentence holding a marker, its (text, type) entities."""

    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        if mode not in modes:
            return []
        found = []
        for number, sentence in enumerate(sentences, start=1):
            for marker, named in entities.items():
                if marker in sentence:
                    found += [FoundEntity(text, kind, number) for text, kind in named]
        return found

    return answer


class ListFinder:
    """A finder that knows a fixed list and reports those of its entities that occur in the
    window, in any case, for engine properties."""

    def __init__(self, entities: list[str]) -> None:
        self.entities = entities

    def find(self, sentences: Sequence[str], mode: Pass = Pass.FIND) -> list[FoundEntity]:
        window = " ".join(sentences).lower()
        return [FoundEntity(e, PERSON) for e in self.entities if e.lower() in window]


def test_a_hallucinated_entity_withholds_nothing_and_is_counted() -> None:
    finder = ScriptedFinder(naming({"Thanks": [("Acme Corp", "ORGANIZATION")]}))
    result = Redactor(finder, sentences_per_request=5).redact("Thanks for calling. Bye now.")
    assert result.complete and result.text == "Thanks for calling. Bye now."
    assert result.hallucinations == 1
    # a sentence of everyday words only could not hold it: not worth asking again
    assert finder.asked(Pass.EXACT) == []


def test_a_sentence_that_might_hold_a_respelled_name_is_asked_about_again() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        if "Shivawn" not in sentences[-1]:
            return []
        text = "Shivawn" if mode is Pass.EXACT else "Siobhan"  # corrected, then copied
        return [FoundEntity(text, PERSON, len(sentences))]

    finder = ScriptedFinder(answer)
    result = Redactor(finder).redact("Hello. Hi, this is Shivawn from billing.")
    assert finder.asked(Pass.EXACT) == [["Hi, this is Shivawn from billing."]]
    assert result.complete and result.text == "Hello. Hi, this is ####### from billing."


def test_a_sentence_said_twice_is_asked_about_once() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        text = "Shivawn" if mode is Pass.EXACT else "Siobhan"
        return [
            FoundEntity(text, PERSON, number)
            for number, sentence in enumerate(sentences, start=1)
            if "Shivawn" in sentence
        ]

    finder = ScriptedFinder(answer)
    text = "This is Shivawn from billing. Okay. This is Shivawn from billing."
    result = Redactor(finder, sentences_per_request=1).redact(text)
    assert finder.asked(Pass.EXACT) == [["This is Shivawn from billing."]]
    assert result.text == "This is ####### from billing. Okay. This is ####### from billing."


def test_a_made_up_number_is_not_asked_about_for_an_order_number_beside_it() -> None:
    finder = ScriptedFinder(naming({"Order": [("+1 202-555-0173", "PHONE")]}))
    result = Redactor(finder).redact("Order 7731-2290 shipped in 2019.")
    assert finder.asked(Pass.EXACT) == []
    assert result.complete and result.hallucinations == 1
    assert result.text == "Order 7731-2290 shipped in 2019."


def test_a_corrected_spelling_is_pinned_not_withheld() -> None:
    finder = ScriptedFinder(naming({"Catherine": [("Katherine Smyth", PERSON)]}))
    result = Redactor(finder).redact("I spoke with Catherine Smith today. Catherine agreed.")
    assert result.complete
    assert result.text == "I spoke with ############### today. ######### agreed."


def test_an_entity_found_on_asking_again_is_redacted() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        if "number" not in " ".join(sentences):
            return []
        # first normalised beyond recognition, then copied exactly when asked again
        text = (
            "4155550199" if mode is Pass.FIND else "four one five, five five five, oh one three two"
        )
        return [FoundEntity(text, "PHONE", 1 if mode is Pass.EXACT else 2)]

    finder = ScriptedFinder(answer)
    text = "Hi there. My number is four one five, five five five, oh one three two. Bye."
    result = Redactor(finder, sentences_per_request=5).redact(text, style="label")
    assert result.complete
    assert result.text == "Hi there. My number is [PHONE]. Bye."


def test_something_like_the_entity_that_cannot_be_pinned_withholds_only_its_sentence() -> None:
    finder = ScriptedFinder(naming({"Marisol": [("Maria Solis", PERSON)]}))
    text = "Hello. Talk to Marisol about it. Then call me. Bye."
    result = Redactor(finder, sentences_per_request=10).redact(text)
    assert [s.text for s in result.withheld] == ["Talk to Marisol about it."]
    assert result.doubts == {Doubt.UNPINNED: 1}
    assert result.text == f"Hello. {WITHHELD_PLACEHOLDER} Then call me. Bye."
    assert not result.retryable


def test_a_spoken_email_the_model_assembled_counts_as_found() -> None:
    finder = ScriptedFinder(naming({"dot com": [("john.doe@example.com", "EMAIL")]}))
    result = Redactor(finder).redact(
        "Write to john dot doe at example dot com. Thanks.", style="label"
    )
    assert result.complete
    assert result.text == "Write to [EMAIL]. Thanks."


def test_an_unreadable_window_is_asked_about_in_halves_down_to_the_sentence() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        if any("POISON" in s for s in sentences):
            raise NerUnavailable(Doubt.UNREADABLE)
        return naming({"Priya": [("Priya Patel", PERSON)]})(sentences, mode)

    sentences = [f"Line {i} with Priya Patel." for i in range(8)]
    sentences[5] = "Line 5 is POISON."
    finder = ScriptedFinder(answer)
    result = Redactor(finder, sentences_per_request=8).redact(" ".join(sentences))
    assert [s.text for s in result.withheld] == ["Line 5 is POISON."]
    assert result.doubts == {Doubt.UNREADABLE: 1}
    # the window twice, then 0-3, 4-7, 4-5, 6-7, 4 and sentence 5 twice
    assert len(finder.asked(Pass.FIND)) == 9
    assert "Priya" not in result.text and result.text.count("###########") == 7


def test_a_gateway_that_fails_withholds_its_windows_and_may_be_retried() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        if "second" in sentences[-1]:  # the window before it holds it only as context
            raise NerUnavailable(Doubt.GATEWAY)
        return []

    text = "The first one. The second one. The third one."
    result = Redactor(ScriptedFinder(answer), sentences_per_request=1).redact(text)
    assert [s.text for s in result.withheld] == ["The second one."]
    assert result.retryable and not result.checked_nothing


def test_a_refused_key_stops_asking() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        raise NerUnavailable(Doubt.REFUSED)

    finder = ScriptedFinder(answer)
    text = " ".join(f"Sentence {i}." for i in range(20))
    result = Redactor(finder, sentences_per_request=2, concurrency=1).redact(text)
    assert result.checked_nothing and result.doubts == {Doubt.REFUSED: 20}
    assert len(finder.calls) == 1
    assert "check ASSEMBLYAI_API_KEY" in (result.withheld_reason or "")


def test_windows_carry_the_sentence_before_them() -> None:
    finder = ScriptedFinder(lambda sentences, mode: [])
    text = "One. Two. Three. Four. Five."
    Redactor(finder, sentences_per_request=2).redact(text)
    assert finder.asked(Pass.FIND) == [
        ["One.", "Two."],
        ["Two.", "Three.", "Four."],
        ["Four.", "Five."],
    ]


def test_the_second_look_redacts_what_the_first_missed_everywhere() -> None:
    def answer(sentences: Sequence[str], mode: Pass) -> list[FoundEntity]:
        if mode is Pass.VERIFY:
            # it sees the already-redacted text: the name it missed is still there
            assert all("Okafor" not in s for s in sentences)
            return [
                FoundEntity("grace", PERSON, n) for n, s in enumerate(sentences, 1) if "grace" in s
            ]
        return naming({"Okafor": [("Okafor", PERSON)]})(sentences, mode)

    finder = ScriptedFinder(answer)
    text = "Dr. Okafor joined. thanks grace, bye. Grace left early."
    result = Redactor(finder, verify=True).redact(text, style="label")
    assert result.text == "Dr. [PERSON] joined. thanks [PERSON], bye. [PERSON] left early."
    assert len(finder.asked(Pass.VERIFY)) == 1
    assert finder.asked(Pass.VERIFY)[0][0] == "Dr. [PERSON] joined. thanks grace, bye."


def test_without_the_second_look_nothing_more_is_asked() -> None:
    finder = ScriptedFinder(lambda sentences, mode: [])
    Redactor(finder, verify=False).redact("One. Two.")
    assert finder.asked(Pass.VERIFY) == []


filler_words = st.text(alphabet="abcdefghijklm", min_size=1, max_size=8)
entity_words = st.text(alphabet="nopqrstuvwxyz", min_size=2, max_size=8)
entities_strategy = st.lists(
    st.lists(entity_words, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4
)


@given(
    entities=entities_strategy,
    pieces=st.lists(
        st.tuples(filler_words, st.integers(0, 3), st.sampled_from(["lower", "upper", "title"]))
    ),
    separator=st.sampled_from([" ", ". ", ", ", "\n", "  "]),
)
def test_no_returned_entity_survives_in_any_case(entities, pieces, separator) -> None:
    from bot.redaction.matching import canonical_key
    from bot.redaction.names import EVERYDAY

    # Everyday words need their capital and filler answers ("us", "me") are ignored by design.
    assume(not any(word in EVERYDAY for e in entities for word in e.split()))
    assume(all(canonical_key(e) is not None for e in entities))
    parts = []
    for filler, index, case in pieces:
        entity = entities[index % len(entities)]
        parts += [filler, getattr(entity, case)()]
    text = separator.join(parts)
    result = Redactor(ListFinder(entities), sentences_per_request=3).redact(text)
    shown = result.text.replace(WITHHELD_PLACEHOLDER, "#").lower()
    for entity in entities:
        assert entity.lower() not in shown


@given(
    text=st.text(max_size=200),
    cuts=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 12)), max_size=4),
    style=st.sampled_from(["mask", "label", "pseudonym"]),
)
def test_text_outside_spans_is_byte_identical(text, cuts, style) -> None:
    entities = [text[a : a + n] for a, n in cuts if text[a : a + n].strip()]
    result = Redactor(ListFinder(entities)).redact(text, style=style)
    cursor = 0
    out = result.text
    position = 0
    for span in result.spans:
        kept = text[cursor : span.start]
        assert out[position : position + len(kept)] == kept
        position += len(kept)
        assert out[position] in "#["
        replacement_end = (
            out.find("]", position) + 1 if out[position] == "[" else position + len(span)
        )
        position = replacement_end
        cursor = span.end
    assert out[position:] == text[cursor:]


@given(
    text=st.text(alphabet="abc XYZ.,'", max_size=120),
    cuts=st.lists(st.tuples(st.integers(0, 120), st.integers(1, 10)), max_size=4),
    style=st.sampled_from(["mask", "label", "pseudonym"]),
    point=st.integers(0, 120),
)
def test_slices_of_a_redaction_add_up_to_the_output(text, cuts, style, point) -> None:
    entities = [text[a : a + n] for a, n in cuts if len(text[a : a + n].strip()) >= 2]
    result = Redactor(ListFinder(entities)).redact(text, style=style)
    point = min(point, len(text))
    assert result.slice(0, len(text)) == result.text
    assert result.slice(0, point) + result.slice(point, len(text)) == result.text
