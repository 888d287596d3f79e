"""Runs every regression case: the real engine and gateway client against the fake LLM
Gateway over HTTP; each case checks what is masked, what stays and what is withheld."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

import pytest

from bot.clients.gateway import GatewayClient
from bot.redaction import Redactor
from bot.redaction.ner import GatewayNer
from tests.fakes.gateway import FakeGateway, Noise
from tests.regression import Case, answers, injection, look_alikes, slack_text, spoken, unicode

KEY = "regression-key-0123456789"
CASES: list[Case] = [
    *spoken.CASES,
    *slack_text.CASES,
    *unicode.CASES,
    *answers.CASES,
    *injection.CASES,
    *look_alikes.CASES,
]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGateway]:
    with FakeGateway(api_key=KEY) as server:
        yield server


def _prepare(fake: FakeGateway, case: Case) -> None:
    with fake.lock:
        fake.entities.clear()
        fake.requests.clear()
        fake.statuses.clear()
        fake.script = deque(case.script)
        fake.raw = {mode: deque(answers) for mode, answers in case.raw.items()}
        fake.shape = case.shape
        fake.noise = case.noise if case.noise is not None else Noise()
        fake.poison = case.poison
    for taught in case.teach:
        fake.add_entity(*taught)


def _occurrences(text: str, value: str) -> list[tuple[int, int]]:
    """Every range of `value` in `text`; "thanks [grace]" means only the bracketed part, where
    it stands in that context."""
    marked = re.fullmatch(r"(.*)\[(.+)\](.*)", value, re.DOTALL)
    before, target, _ = marked.groups() if marked else ("", value, "")
    context = value.replace("[", "").replace("]", "") if marked else value
    found, start = [], text.find(context)
    while start >= 0:
        found.append((start + len(before), start + len(before) + len(target)))
        start = text.find(context, start + 1)
    assert found, f"the case's text does not hold {context!r}"
    return found


def test_the_suite_is_large_enough() -> None:
    assert len(CASES) >= 120
    assert len({case.id for case in CASES}) == len(CASES)
    assert all(case.masked or case.kept for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(fake: FakeGateway, case: Case) -> None:
    _prepare(fake, case)
    client = GatewayClient(
        base_url=fake.base_url,
        api_key=KEY,
        model="claude-sonnet-4-5-20250929",
        max_retries=2,
        backoff_factor=0.01,
    )
    redactor = Redactor(GatewayNer(client), sentences_per_request=case.window, verify=case.verify)
    result = redactor.redact(case.text)
    client.close()

    def hidden(start: int, end: int) -> bool:
        return any(s.start < end and s.end > start for s in result.spans)

    for value in case.masked:
        for start, end in _occurrences(case.text, value):
            assert hidden(start, end), f"{value!r} is visible in: {result.text!r}"
    for value in case.kept:
        for start, end in _occurrences(case.text, value):
            assert not hidden(start, end), f"{value!r} was masked in: {result.text!r}"
    assert len(result.withheld) == case.withheld, result.text
