from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings


def test_defaults() -> None:
    settings = load_settings({})
    assert settings.llm_gateway_base_url == "https://llm-gateway.assemblyai.com/v1"
    assert settings.llm_gateway_model == "claude-sonnet-4-5-20250929"
    assert settings.assemblyai_base_url == "https://api.assemblyai.com"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.redact_style == "mask"
    assert settings.port == 3000
    assert settings.data_dir == Path("data")
    assert settings.transcribe_speech_models == ("universal-3-pro", "universal-2")
    assert settings.delete_transcript_after is True
    assert settings.redacted_audio is True
    assert settings.redacted_audio_style == "beep"
    assert settings.redacted_audio_padding_ms == 150
    assert settings.redacted_audio_tone_hz == 1000


def test_values_are_parsed() -> None:
    settings = load_settings(
        {
            "NER_SENTENCES_PER_REQUEST": " 10 ",
            "DELETE_TRANSCRIPT_AFTER": "no",
            "TRANSCRIBE_SPEECH_MODELS": "",
            "REDACT_STYLE": "Pseudonym",
            "SLACK_APP_TOKEN": "xapp-1-abc",
            "REDACTED_AUDIO": "Off",
            "REDACTED_AUDIO_STYLE": " Silence ",
            "REDACTED_AUDIO_PADDING_MS": "0",
        }
    )
    assert settings.redacted_audio is False
    assert settings.redacted_audio_style == "silence"
    assert settings.redacted_audio_padding_ms == 0
    assert settings.ner_sentences_per_request == 10
    assert settings.delete_transcript_after is False
    assert settings.transcribe_speech_models == ()
    assert settings.redact_style == "pseudonym"


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("NER_CONCURRENCY", "0", "at least 1"),
        ("NER_SENTENCES_PER_REQUEST", "many", "whole number"),
        ("PORT", "70000", "TCP port"),
        ("LLM_GATEWAY_TIMEOUT", "inf", "greater than 0"),
        ("SLACK_API_URL", "slack.com/api", "http(s) URL"),
        ("DELETE_TRANSCRIPT_AFTER", "maybe", "true or false"),
        ("REDACT_STYLE", "blur", "mask, label, pseudonym"),
        ("SLACK_BOT_TOKEN", "secret-value-123", "xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-secret-value-123", "xapp-"),
        ("REDACTED_AUDIO", "sometimes", "true or false (or on / off)"),
        ("REDACTED_AUDIO_STYLE", "bloop", "beep, silence"),
        ("REDACTED_AUDIO_PADDING_MS", "-150", "at least 0"),
        ("REDACTED_AUDIO_TONE_HZ", "20000", "between 100 and 3500"),
        ("DATABASE_URL", "mysql://root:hunter2@db/jobs", "a postgresql://… URL"),
        ("DATABASE_URL", "/var/lib/redact-bot.sqlite3", "empty (SQLite in DATA_DIR)"),
        ("DATABASE_URL", "postgresql://bot:hunter2@db:port/jobs", "host and port"),
        ("JOB_LEASE_SECONDS", "-30", "greater than 0"),
        ("JOB_POLL_SECONDS", "soon", "a number"),
        ("LLM_GATEWAY_RATE_WINDOW_SECONDS", "-60", "greater than 0"),
    ],
)
def test_malformed_settings_name_the_variable_not_the_value(variable, value, problem) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({variable: value})
    assert caught.value.variable == variable
    assert str(caught.value).startswith(f"{variable}: ")
    assert problem in str(caught.value)
    assert value not in str(caught.value)


def test_required_settings() -> None:
    with pytest.raises(SettingsError, match=r"^SLACK_SIGNING_SECRET: is required"):
        load_settings(
            {"ASSEMBLYAI_API_KEY": "k", "SLACK_BOT_TOKEN": "xoxb-1"},
            require=("ASSEMBLYAI_API_KEY", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
        )


def test_repr_hides_secrets() -> None:
    settings = load_settings(
        {
            "ASSEMBLYAI_API_KEY": "sk-very-secret",
            "SLACK_BOT_TOKEN": "xoxb-s3",
            "DATABASE_URL": "postgresql://bot:pg-pass-1@db/jobs",
        }
    )
    assert "sk-very-secret" not in repr(settings)
    assert "xoxb-s3" not in repr(settings)
    assert "pg-pass-1" not in repr(settings)
    assert "assemblyai_api_key='***'" in repr(settings)


def test_a_database_url_is_postgresql_or_nothing() -> None:
    assert load_settings({"DATABASE_URL": ""}).database_url is None  # SQLite in DATA_DIR
    url = "postgres://bot@127.0.0.1:5432/jobs?options=-csearch_path%3Dbot"
    assert load_settings({"DATABASE_URL": f" {url} "}).database_url == url


def test_the_database_password_is_kept_out_of_logs(capsys) -> None:
    import logging

    from bot.config import url_password
    from bot.logs import configure_logging

    url = "postgresql://bot:p%40ss-w0rd@db/jobs"
    assert url_password(url) == ("p%40ss-w0rd", "p@ss-w0rd")
    assert url_password("postgresql://bot@db/jobs") == ()
    configure_logging("INFO", secrets=url_password(url))
    logging.getLogger("bot.test").warning("connect failed: %s and %s", url, "p@ss-w0rd")
    err = capsys.readouterr().err
    assert "p%40ss-w0rd" not in err and "p@ss-w0rd" not in err
    assert "connect failed" in err


def test_base_env_clears_every_setting_the_bot_reads(monkeypatch) -> None:
    from dataclasses import fields

    from bot.config import Settings
    from tests.conftest import base_env

    names = [f.metadata["env"] for f in fields(Settings)]
    for name in names:
        monkeypatch.setenv(name, "from-the-developer-shell")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    env = base_env()
    assert [name for name in names if env.get(name) == "from-the-developer-shell"] == []
    assert "HTTPS_PROXY" not in env


def test_dotenv_is_read_from_the_working_directory_only(run_cli, gateway, tmp_path) -> None:
    gateway.add_entity("Zed Quinn", "PERSON")
    (tmp_path / ".env").write_text("REDACT_STYLE=label\n")
    inner = tmp_path / "project"
    inner.mkdir()
    # A parent directory's .env (a home folder's, another project's) is not ours.
    result = run_cli("text", "Zed Quinn paid.", cwd=inner)
    assert result.code == 0, result.stderr
    assert result.stdout == "######### paid.\n"
    # The working directory's own .env is.
    (inner / ".env").write_text("REDACT_STYLE=label\n")
    result = run_cli("text", "Zed Quinn paid.", cwd=inner)
    assert result.stdout == "[PERSON] paid.\n"


def test_env_example_lists_every_setting() -> None:
    from dataclasses import fields

    from bot.config import Settings

    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    listed = {line.split("=", 1)[0] for line in example.splitlines() if not line.startswith("#")}
    missing = [f.metadata["env"] for f in fields(Settings) if f.metadata["env"] not in listed]
    assert missing == []
