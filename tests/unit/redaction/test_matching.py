"""Locating the entities a model named: tolerant of case, spacing, accents and look-alike
letters; name parts and short names; the rules for names that are everyday words."""

from __future__ import annotations

import pytest

from bot.redaction.entities import PERSON, WITHHELD
from bot.redaction.matching import Claim, locate, locate_in
from bot.redaction.normalize import shadow
from bot.redaction.numbers import digit_runs
from bot.redaction.spans import merge
from bot.redaction.styles import apply_style
from bot.redaction.types import Span


def redacted(text: str, entities: list[tuple[str, str]], style: str = "mask") -> str:
    return apply_style(text, merge(locate(text, entities).spans), style).text


def redacted_claims(text: str, claims: list[Claim]) -> str:
    normalised = shadow(text)
    located = locate_in(normalised, claims, digit_runs(normalised.text))
    return apply_style(text, merge(located.spans), "mask").text


def sentence_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_tolerates_case_spacing_and_punctuation() -> None:
    text = "Call (415) 555-0132. JOHN  smith answered; John Smith hung up."
    out = redacted(text, [("415-555-0132", "PHONE"), ("John Smith", PERSON)])
    assert out == "Call (#############. ########### answered; ########## hung up."


def test_name_found_once_is_redacted_everywhere() -> None:
    text = "Priya Patel joined. Later priya said Patel's plan works. PRIYA agreed."
    out = redacted(text, [("Priya Patel", PERSON)], "pseudonym")
    assert (
        out
        == "[PERSON_1] joined. Later [PERSON_1] said [PERSON_1]'s plan works. [PERSON_1] agreed."
    )


def test_possessive_answers_keep_the_s_visible() -> None:
    text = "Priya's laptop and Priya both."
    assert redacted(text, [("Priya's", PERSON)]) == "#####'s laptop and ##### both."


def test_everyday_word_names_need_their_capital() -> None:
    text = "May called. You may need a will. Will said so. Mark the date, Mark. May I? Ask Will."
    named_in = sentence_of(text, "May called.")
    claims = [Claim(name, PERSON, named_in) for name in ("May", "Will", "Mark")]
    assert redacted_claims(text, claims) == (
        "### called. You may need a will. #### said so. #### the date, ####. May I? Ask ####."
    )


def test_filler_and_function_word_answers_are_ignored() -> None:
    text = "The customer asked the support team, and I said yes to the plan."
    answers = [("the customer", PERSON), ("support team", "ORGANIZATION"), ("I", PERSON)]
    answers += [("the", PERSON), ("and", "ORGANIZATION"), ("it is", PERSON)]
    assert redacted(text, answers) == text


def test_a_short_number_is_redacted_only_in_its_sentence() -> None:
    text = "I live at 12 Elm Row. We have 12 seats and 12 chairs."
    claims = [Claim("12", "ADDRESS", sentence_of(text, "I live at 12 Elm Row."))]
    assert redacted_claims(text, claims) == "I live at ## Elm Row. We have 12 seats and 12 chairs."


def test_words_inside_other_words_are_not_matched() -> None:
    assert (
        redacted("Ann filed the annual report.", [("Ann", PERSON)])
        == "### filed the annual report."
    )


def test_merge_takes_the_union_and_the_longest_type() -> None:
    spans = [Span(0, 5, "PERSON", "a"), Span(3, 12, "ADDRESS", "b"), Span(20, 25, "EMAIL", "c")]
    assert merge(spans) == [Span(0, 12, "ADDRESS", "b"), Span(20, 25, "EMAIL", "c")]


def test_withheld_sentence_wins_a_merge() -> None:
    spans = [Span(0, 30, "ADDRESS", "a"), Span(5, 10, WITHHELD)]
    assert merge(spans) == [Span(0, 30, WITHHELD, "")]


def test_accents_and_compatibility_forms_are_folded() -> None:
    text = "José Álvarez called; Maria López too. Jose\u0301 again."
    out = redacted(text, [("Jose Alvarez", PERSON), ("Maria Lopez", PERSON)])
    assert out == "############ called; ########### too. ##### again."


@pytest.mark.parametrize(
    ("text", "answer", "expected"),
    [
        ("Đỗ Minh called, then Đỗ left.", "Do Minh", "####### called, then ## left."),
        ("Łukasz wrote; łukasz agreed.", "Lukasz", "###### wrote; ###### agreed."),
        ("Søren Østergaard joined.", "Soren Ostergaard", "################ joined."),
        ("Ma\u200bria Lopez called.", "Maria Lopez", "############ called."),
        ("*Maria Lopez* called.", "Maria Lopez", "*###########* called."),
        ("Ｍａｒｉａ called.", "Maria Lopez", "##### called."),
    ],
)
def test_look_alike_letters_match(text: str, answer: str, expected: str) -> None:
    assert redacted(text, [(answer, PERSON)]) == expected


def test_scripts_without_spaces() -> None:
    assert redacted("王小明说他明天来。", [("王小明", PERSON)]) == "###说他明天来。"
    assert redacted("我叫Maria Lopez。", [("Maria Lopez", PERSON)]) == "我叫###########。"


def test_an_everyday_name_given_in_lower_case_is_matched_in_any_case() -> None:
    assert redacted("call grace tomorrow", [("grace", PERSON)]) == "call ##### tomorrow"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grace Park joined. thanks grace, see you.", "########## joined. thanks #####, see you."),
        ("Grace Park joined. grace said it works.", "########## joined. ##### said it works."),
        ("Grace Park joined. I told grace about it.", "########## joined. I told ##### about it."),
        ("Grace Park joined. Is that right, grace?", "########## joined. Is that right, #####?"),
        ("Grace Park joined. grace's team agreed.", "########## joined. #####'s team agreed."),
        ("Grace Park joined. The grace period ends.", "########## joined. The grace period ends."),
        (
            "Grace Park joined. Say grace before dinner.",
            "########## joined. Say grace before dinner.",
        ),
        ("Grace Park joined. We park here.", "########## joined. We park here."),
    ],
)
def test_lower_case_everyday_names_where_they_stand_as_names(text: str, expected: str) -> None:
    assert redacted(text, [("Grace Park", PERSON)]) == expected


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "Minh Do",
            "Minh Do called. What do you do? Do it now. Ask Ms. Do.",
            "####### called. What do you do? Do it now. Ask Ms. ##.",
        ),
        (
            "Sandra Oh",
            "Sandra Oh wrote. Oh, I see, oh well. Thanks, Oh.",
            "######### wrote. Oh, I see, oh well. Thanks, ##.",
        ),
        (
            "Tom Baker",
            "Tom Baker called. The baker sold bread. told baker hi.",
            "######### called. The baker sold bread. told ##### hi.",
        ),
    ],
)
def test_name_parts_that_are_common_words(name: str, text: str, expected: str) -> None:
    assert redacted(text, [(name, PERSON)]) == expected


@pytest.mark.parametrize(
    ("org", "text", "expected"),
    [
        ("Target", "Target called. We hit the target.", "###### called. We hit the target."),
        ("Zoom", "Join on Zoom. Zoom in on the chart.", "Join on ####. #### in on the chart."),
        ("Square", "Square paid. A square table.", "###### paid. A square table."),
    ],
)
def test_one_word_organisations_that_are_everyday_words(org: str, text: str, expected: str) -> None:
    assert redacted(text, [(org, "ORGANIZATION")]) == expected


def test_an_everyday_word_is_matched_in_any_case_in_the_sentence_the_model_named() -> None:
    text = "we bought it at target. Later we hit the target."
    claims = [Claim("target", "ORGANIZATION", sentence_of(text, "we bought it at target."))]
    assert redacted_claims(text, claims) == "we bought it at ######. Later we hit the target."


def test_hyphenated_and_possessive_extensions_of_a_name() -> None:
    text = "Maria Lopez-Garcia wrote. lopez-garcia's note. Maria's too."
    assert redacted(text, [("Maria Lopez", PERSON)]) == (
        "################## wrote. ############'s note. #####'s too."
    )


@pytest.mark.parametrize(
    ("text", "answer", "expected"),
    [
        (
            "My number is four one five, five five five, oh one three two.",
            "415-555-0132",
            "My number is ###############################################.",
        ),
        ("Call (415) 555-0132.", "+1 415 555 0132", "Call (#############."),
        (
            "It's 415, 555, 0132. Again 4155550132.",
            "(415) 555-0132",
            "It's ##############. Again ##########.",
        ),
        ("Card 4532 0151 1283 0366 ok", "4532015112830366", "Card ################### ok"),
    ],
)
def test_numbers_are_compared_by_their_digits(text: str, answer: str, expected: str) -> None:
    assert redacted(text, [(answer, "PHONE")]) == expected


def test_short_and_particle_like_name_parts() -> None:
    text = "Li Na and Al Gore met Ludwig van Beethoven. Na said yes, Al agreed, van left."
    out = redacted(text, [("Li Na", PERSON), ("Al Gore", PERSON), ("Ludwig van Beethoven", PERSON)])
    assert out == ("##### and ####### met ####################. ## said yes, ## agreed, van left.")


def test_a_shared_surname_gets_its_own_pseudonym() -> None:
    text = "Priya Patel and Raj Patel came. Raj said Patel left, then Priya."
    out = redacted(text, [("Priya Patel", PERSON), ("Raj Patel", PERSON)], "pseudonym")
    assert out == (
        "[PERSON_1] and [PERSON_2] came. [PERSON_2] said [PERSON_3] left, then [PERSON_1]."
    )


def test_an_organisation_is_also_redacted_by_its_short_name() -> None:
    text = "Bluefin Analytics called. Bluefin said the bluefin tuna is off. First National Bank too, first."
    out = redacted(
        text, [("Bluefin Analytics", "ORGANIZATION"), ("First National Bank", "ORGANIZATION")]
    )
    assert out == (
        "################# called. ####### said the bluefin tuna is off. "
        "################### too, first."
    )


def test_a_lower_case_entity_the_model_named_is_not_narrowed_by_a_short_name() -> None:
    out = redacted(
        "Bluefin Analytics wrote. Write to the bluefin team.",
        [("Bluefin Analytics", "ORGANIZATION"), ("bluefin", "ORGANIZATION")],
    )
    assert out == "################# wrote. Write to the ####### team."


def test_symbols_do_not_fold_into_letters() -> None:
    assert redacted("Maria Lopez wrote Maria™ here.", [("Maria Lopez", PERSON)]) == (
        "########### wrote #####™ here."
    )


def test_name_parts_that_are_ordinary_words_need_their_capital() -> None:
    text = "He Jun called; he said Ana De La Cruz is de facto in charge."
    out = redacted(text, [("He Jun", PERSON), ("Ana De La Cruz", PERSON)])
    assert out == "###### called; he said ############## is de facto in charge."
