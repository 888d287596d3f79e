"""`redact-bot text` end to end, as a subprocess, against the fake gateway over real HTTP."""

from __future__ import annotations

import json

from tests.conftest import API_KEY
from tests.fakes.gateway import SHAPES

CALL = (
    "Hi, this is Dr. Okafor from Bluefin Capital. "
    "Please email maria.lopez@bluefin.com or call (415) 555-0132. "
    "The fee is $3.50 per minute, see v2.1 of the terms... Thanks! "
    "Later priya patel said Priya Patel would call back."
)


def test_redacts_what_the_guide_leaks(run_cli, gateway):
    gateway.add_entity("Okafor", "PERSON")
    gateway.add_entity("Bluefin Capital", "ORGANIZATION")
    gateway.add_entity("maria.lopez@bluefin.com", "EMAIL")
    gateway.add_entity("(415) 555-0132", "PHONE", answer="415-555-0132")
    gateway.add_entity("Priya Patel", "PERSON")

    result = run_cli("text", CALL)

    assert result.code == 0, result.stderr
    out = result.stdout
    for leaked in ("Okafor", "Bluefin", "maria", "lopez", "555", "0132", "priya", "Priya"):
        assert leaked not in out
    # Text outside the entities survives exactly, punctuation included.
    assert out.startswith("Hi, this is Dr. ###### from ############### . ".replace(" . ", ". "))
    assert "The fee is $3.50 per minute, see v2.1 of the terms... Thanks! " in out
    assert out == out.rstrip("\n") + "\n"
    assert len(out) == len(CALL) + 1  # mask keeps length
    assert gateway.requests, "the gateway was asked"


def test_windows_sentences_into_few_requests(run_cli, gateway):
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    result = run_cli("text", text, NER_SENTENCES_PER_REQUEST="25")
    assert result.code == 0, result.stderr
    finds = [request for request in gateway.requests if request.mode == "find"]
    assert len(finds) == 3  # 25 + 25 + 10
    verifies = [request for request in gateway.requests if request.mode == "verify"]
    assert len(verifies) == 1  # the second look: 60 sentences in one request
    assert result.stdout.strip() == text


def test_request_format_and_auth(run_cli, gateway):
    run_cli("text", "Nothing personal here.", NER_VERIFY="false")
    (request,) = gateway.requests
    assert request.headers["authorization"] == API_KEY  # raw key, no Bearer
    assert request.headers["User-Agent"].startswith("redact-bot/")
    body = request.body
    assert body["model"] == "claude-sonnet-4-5-20250929"
    assert body["response_format"]["type"] == "json_schema"
    user = body["messages"][-1]["content"]
    assert user.startswith("<transcript>\n[1] Nothing personal here.")


def test_stdin_and_json_output(run_cli, gateway):
    gateway.add_entity("Ann Lee", "PERSON")
    text = "Ann Lee called about card 4111 1111 1111 1111.\n"
    result = run_cli("text", "--json", "--style", "label", stdin=text)
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["text"] == "[PERSON] called about card [CREDIT_CARD].\n"
    spans = [(e["type"], text[e["start"] : e["end"]]) for e in payload["entities"]]
    assert spans == [("PERSON", "Ann Lee"), ("CREDIT_CARD", "4111 1111 1111 1111")]
    assert set(payload["entities"][0]) == {"type", "start", "end"}


def test_pseudonym_style_from_settings(run_cli, gateway):
    gateway.add_entity("Priya Patel", "PERSON")
    gateway.add_entity("Tom Reyes", "PERSON")
    text = "Priya Patel met Tom Reyes. Then Priya left and tom reyes stayed."
    result = run_cli("text", text, REDACT_STYLE="pseudonym")
    assert result.code == 0, result.stderr
    assert result.stdout == (
        "[PERSON_1] met [PERSON_2]. Then [PERSON_1] left and [PERSON_2] stayed.\n"
    )


def test_every_answer_shape_is_understood(run_cli, gateway):
    gateway.add_entity("Grace Hopper", "PERSON")
    for shape in SHAPES:
        gateway.shape = shape
        result = run_cli("text", "Grace Hopper wrote it. You may need grace.")
        assert result.code == 0, (shape, result.stderr)
        assert result.stdout == "############ wrote it. You may need grace.\n", shape


def test_invalid_json_is_asked_again(run_cli, gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.script.extend(["invalid"])
    result = run_cli("text", "Zed Quinn paid.")
    assert result.code == 0, result.stderr
    assert result.stdout == "######### paid.\n"
    assert [request.mode for request in gateway.requests] == ["find"] * 2 + ["verify"]


def test_invalid_json_every_time_fails_closed(run_cli, gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.always = "invalid"
    result = run_cli("text", "Zed Quinn paid. Then he left.")
    assert result.code == 1
    assert result.stdout == ""
    assert "Zed" not in result.stderr and "Quinn" not in result.stderr


def test_gateway_outage_prints_nothing_and_exits_1(run_cli, gateway):
    gateway.always = "500"
    result = run_cli("text", "Call Zed Quinn at zed@example.com today.")
    assert result.code == 1
    assert result.stdout == ""
    assert "could not be checked" in result.stderr
    assert "Zed" not in result.stderr and "zed@" not in result.stderr
    assert len(gateway.requests) == 3  # the first try and LLM_GATEWAY_MAX_RETRIES=2 retries


def test_gateway_unreachable_exits_1(run_cli):
    result = run_cli("text", "Call Zed Quinn today.", LLM_GATEWAY_BASE_URL="http://127.0.0.1:9/v1")
    assert result.code == 1
    assert result.stdout == ""
    assert "Zed" not in result.stderr


def test_allow_partial_withholds_only_the_failed_window(run_cli, gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.script.extend(["ok", "500", "500", "500"])
    text = "Zed Quinn called. He is fine. Zed Quinn again. Email zed@example.com now."
    result = run_cli(
        "text", "--allow-partial", text, NER_SENTENCES_PER_REQUEST="2", NER_CONCURRENCY="1"
    )
    assert result.code == 0, result.stderr
    withheld = "[sentence withheld: could not be checked]"
    assert result.stdout == f"######### called. He is fine. {withheld} {withheld}\n"
    assert "withheld" in result.stderr


def test_retries_429_honouring_retry_after(run_cli, gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.script.append("429")
    result = run_cli("text", "Zed Quinn paid.", NER_VERIFY="false")
    assert result.code == 0, result.stderr
    assert result.stdout == "######### paid.\n"
    assert gateway.statuses == [429, 200]
    gap = gateway.requests[1].at - gateway.requests[0].at
    assert gap >= 0.9  # Retry-After: 1


def test_model_without_schema_support_falls_back(run_cli, gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.always = "400-schema"
    result = run_cli("text", "Zed Quinn paid.")
    assert result.code == 0, result.stderr
    assert result.stdout == "######### paid.\n"
    assert "response_format" in gateway.requests[0].body
    assert "response_format" not in gateway.requests[-1].body


def test_missing_key_names_the_variable(run_cli):
    result = run_cli("text", "hello", ASSEMBLYAI_API_KEY="")
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        "redact-bot: setting ASSEMBLYAI_API_KEY: is required but not set (see .env.example)"
    ]
    assert "Traceback" not in result.stderr


def test_malformed_setting_names_the_variable(run_cli):
    result = run_cli("text", "hello", NER_SENTENCES_PER_REQUEST="lots")
    assert result.code == 2
    assert "NER_SENTENCES_PER_REQUEST" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_prints_usage(run_cli):
    result = run_cli("text", "--style", "shout", "hi")
    assert result.code == 2
    assert "usage:" in result.stderr


def test_logs_hold_no_text_entities_or_key(run_cli, gateway):
    gateway.add_entity("Zed Quinn", "PERSON")
    gateway.script.extend(["invalid", "500"])
    result = run_cli("text", "Zed Quinn lives at 12 Elm Street, zed@example.com.")
    assert result.code == 0, result.stderr
    assert "DEBUG" in result.stderr or "INFO" in result.stderr  # logging really is on
    for secret in ("Zed", "Quinn", "Elm", "zed@", API_KEY):
        assert secret not in result.stderr


def test_with_database_url_it_spends_the_budget_the_replicas_share(run_cli, gateway, database_url):
    """The gateway's limit is the account's: a command run beside the replicas counts too."""
    from tests.support.postgres import connect

    gateway.add_entity("Priya Patel", "PERSON")
    result = run_cli("text", CALL, DATABASE_URL=database_url)
    assert result.code == 0, result.stderr
    with connect(database_url) as db:
        row = db.execute("SELECT count(*) AS n FROM rate_slots WHERE sent_at > 'epoch'").fetchone()
    assert row["n"] == len(gateway.requests) > 0


def test_an_unreachable_database_url_is_named_without_its_password(run_cli):
    result = run_cli("text", "hello", DATABASE_URL="postgresql://u:pw-s3cret@127.0.0.1:9/db")
    assert result.code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "redact-bot: DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:9/db "
        "(OperationalError)"
    )
    assert "pw-s3cret" not in result.stderr and "Traceback" not in result.stderr
