"""Every setting the bot reads, validated once into a typed, immutable object."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

REDACT_STYLES = ("mask", "label", "pseudonym")
REDACTED_AUDIO_STYLES = ("beep", "silence")
# A tone that stays below the Nyquist frequency of 8 kHz telephone recordings.
TONE_HZ_RANGE = (100, 3500)


class SettingsError(Exception):
    """A setting is missing or malformed. The message names the variable, never its value."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


def _text(value: str) -> str:
    return value.strip()


def _token(prefix: str, kind: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        value = value.strip()
        if not value.startswith(prefix):
            raise ValueError(f"must be {kind} (starting with {prefix})")
        return value

    return parse


def _url(value: str) -> str:
    value = value.strip()
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("must be an http(s) URL")
    return value


def _int(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise ValueError("must be a whole number") from None


def _positive_int(value: str) -> int:
    number = _int(value)
    if number < 1:
        raise ValueError("must be a whole number of at least 1")
    return number


def _non_negative_int(value: str) -> int:
    number = _int(value)
    if number < 0:
        raise ValueError("must be a whole number of at least 0")
    return number


def _positive_float(value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise ValueError("must be a number") from None
    if not 0 < number < float("inf"):
        raise ValueError("must be a number greater than 0")
    return number


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be true or false (or on / off)")


def _style(value: str) -> str:
    value = value.strip().lower()
    if value not in REDACT_STYLES:
        raise ValueError(f"must be one of {', '.join(REDACT_STYLES)}")
    return value


def _audio_style(value: str) -> str:
    value = value.strip().lower()
    if value not in REDACTED_AUDIO_STYLES:
        raise ValueError(f"must be one of {', '.join(REDACTED_AUDIO_STYLES)}")
    return value


def _tone_hz(value: str) -> int:
    number = _int(value)
    low, high = TONE_HZ_RANGE
    if not low <= number <= high:
        raise ValueError(f"must be a frequency in Hz between {low} and {high}")
    return number


def _port(value: str) -> int:
    number = _int(value)
    if not 0 < number < 65536:
        raise ValueError("must be a TCP port between 1 and 65535")
    return number


def _host(value: str) -> str:
    value = value.strip()
    if not value or any(ch.isspace() or ch in "/@[]" for ch in value):
        raise ValueError("must be an IP address or host name to listen on, e.g. 127.0.0.1")
    return value


def _log_level(value: str) -> str:
    value = value.strip().upper()
    if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
    return value


def _models(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _fernet_keys(value: str) -> tuple[str, ...]:
    """Fernet keys, comma-separated (the first seals, all open): 32 url-safe base64 bytes."""
    from cryptography.fernet import Fernet

    keys = tuple(part.strip() for part in value.split(",") if part.strip())
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ValueError(
                'must be Fernet keys, comma-separated (make one with: python -c "from '
                'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")'
            ) from None
    return keys


def _non_negative_float(value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        raise ValueError("must be a number") from None
    if not 0 <= number < float("inf"):
        raise ValueError("must be a number of at least 0")
    return number


def _database_url(value: str) -> str:
    value = value.strip()
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in ("postgresql", "postgres"):
        raise ValueError("must be empty (SQLite in DATA_DIR) or a postgresql://… URL")
    try:
        urlparse(value).port  # noqa: B018 - parsing the port raises on a malformed one
    except ValueError:
        raise ValueError("is not a valid URL (look at the host and port)") from None
    return value


def url_password(url: str | None) -> tuple[str, ...]:
    """The password in a database URL, as written and decoded: kept out of every log."""
    password = urlparse(url).password if url else None
    return (password, unquote(password)) if password else ()


def _setting(env: str, parse: Callable[[str], Any], default: Any = None, secret: bool = False):
    return field(default=default, metadata={"env": env, "parse": parse, "secret": secret})


@dataclass(frozen=True)
class Settings:
    assemblyai_api_key: str | None = _setting("ASSEMBLYAI_API_KEY", _text, secret=True)
    assemblyai_base_url: str = _setting("ASSEMBLYAI_BASE_URL", _url, "https://api.assemblyai.com")
    assemblyai_max_retries: int = _setting("ASSEMBLYAI_MAX_RETRIES", _non_negative_int, 5)
    llm_gateway_base_url: str = _setting(
        "LLM_GATEWAY_BASE_URL", _url, "https://llm-gateway.assemblyai.com/v1"
    )
    llm_gateway_model: str = _setting("LLM_GATEWAY_MODEL", _text, "claude-sonnet-4-5-20250929")
    llm_gateway_timeout: float = _setting("LLM_GATEWAY_TIMEOUT", _positive_float, 90.0)
    llm_gateway_max_retries: int = _setting("LLM_GATEWAY_MAX_RETRIES", _non_negative_int, 5)
    llm_gateway_requests_per_minute: int = _setting(
        "LLM_GATEWAY_REQUESTS_PER_MINUTE", _non_negative_int, 30
    )
    llm_gateway_rate_window_seconds: float = _setting(
        "LLM_GATEWAY_RATE_WINDOW_SECONDS", _positive_float, 60.0
    )
    redact_style: str = _setting("REDACT_STYLE", _style, "mask")
    redact_ack_seconds: float = _setting("REDACT_ACK_SECONDS", _positive_float, 2.0)
    redact_max_chars: int = _setting("REDACT_MAX_CHARS", _positive_int, 4000)
    redact_max_sentences: int = _setting("REDACT_MAX_SENTENCES", _positive_int, 100)
    ner_sentences_per_request: int = _setting("NER_SENTENCES_PER_REQUEST", _positive_int, 25)
    ner_concurrency: int = _setting("NER_CONCURRENCY", _positive_int, 4)
    ner_verify: bool = _setting("NER_VERIFY", _boolean, True)
    ner_verify_sentences_per_request: int = _setting(
        "NER_VERIFY_SENTENCES_PER_REQUEST", _positive_int, 100
    )
    ner_max_reasks: int = _setting("NER_MAX_REASKS", _non_negative_int, 20)
    redacted_audio: bool = _setting("REDACTED_AUDIO", _boolean, True)
    redacted_audio_style: str = _setting("REDACTED_AUDIO_STYLE", _audio_style, "beep")
    redacted_audio_padding_ms: int = _setting("REDACTED_AUDIO_PADDING_MS", _non_negative_int, 150)
    redacted_audio_tone_hz: int = _setting("REDACTED_AUDIO_TONE_HZ", _tone_hz, 1000)
    transcribe_speaker_labels: bool = _setting("TRANSCRIBE_SPEAKER_LABELS", _boolean, True)
    transcribe_language_detection: bool = _setting("TRANSCRIBE_LANGUAGE_DETECTION", _boolean, False)
    transcribe_speech_models: tuple[str, ...] = _setting(
        "TRANSCRIBE_SPEECH_MODELS", _models, ("universal-3-pro", "universal-2")
    )
    transcribe_timeout: float = _setting("TRANSCRIBE_TIMEOUT", _positive_float, 3 * 3600.0)
    transcribe_poll_interval: float = _setting("TRANSCRIBE_POLL_INTERVAL", _positive_float, 1.0)
    transcribe_poll_max_interval: float = _setting(
        "TRANSCRIBE_POLL_MAX_INTERVAL", _positive_float, 15.0
    )
    delete_transcript_after: bool = _setting("DELETE_TRANSCRIPT_AFTER", _boolean, True)
    slack_bot_token: str | None = _setting(
        "SLACK_BOT_TOKEN", _token("xoxb-", "a bot token"), secret=True
    )
    slack_signing_secret: str | None = _setting("SLACK_SIGNING_SECRET", _text, secret=True)
    slack_app_token: str | None = _setting(
        "SLACK_APP_TOKEN", _token("xapp-", "an app-level token"), secret=True
    )
    slack_api_url: str = _setting("SLACK_API_URL", _url, "https://slack.com/api/")
    host: str = _setting("HOST", _host, "127.0.0.1")
    port: int = _setting("PORT", _port, 3000)
    data_dir: Path = _setting("DATA_DIR", Path, Path("data"))  # noqa: RUF009 - immutable
    database_url: str | None = _setting("DATABASE_URL", _database_url, secret=True)
    job_concurrency: int = _setting("JOB_CONCURRENCY", _positive_int, 2)
    job_max_attempts: int = _setting("JOB_MAX_ATTEMPTS", _positive_int, 3)
    job_retry_delay: float = _setting("JOB_RETRY_DELAY", _positive_float, 30.0)
    job_max_file_mb: int = _setting("JOB_MAX_FILE_MB", _positive_int, 2200)
    job_shutdown_grace: float = _setting("JOB_SHUTDOWN_GRACE", _positive_float, 30.0)
    job_lease_seconds: float = _setting("JOB_LEASE_SECONDS", _positive_float, 30.0)
    job_poll_seconds: float = _setting("JOB_POLL_SECONDS", _positive_float, 1.0)
    data_retention_days: float = _setting("DATA_RETENTION_DAYS", _positive_float, 30.0)
    review_ttl_hours: float = _setting("REVIEW_TTL_HOURS", _non_negative_float, 24.0)
    review_encryption_key: tuple[str, ...] = _setting(
        "REVIEW_ENCRYPTION_KEY", _fernet_keys, (), secret=True
    )
    log_level: str = _setting("LOG_LEVEL", _log_level, "INFO")

    def require(self, *names: str) -> None:
        """Raise SettingsError naming the first of these environment variables that is unset."""
        by_env = {f.metadata["env"]: f.name for f in fields(self)}
        for env_name in names:
            if not getattr(self, by_env[env_name]):
                raise SettingsError(env_name, "is required but not set (see .env.example)")

    def __repr__(self) -> str:  # never print secrets, even by accident
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata["secret"] and value:
                value = "***"
            shown.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(shown)})"


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    require: Iterable[str] = (),
    dotenv: bool = True,
) -> Settings:
    """Read settings from the environment (and `.env`), validating every value once."""
    if environ is None:
        if dotenv:
            from dotenv import load_dotenv

            # Only the working directory's `.env`: never one found in a parent directory (a
            # home folder's, another project's), nor one beside the installed package.
            dotenv_path = Path.cwd() / ".env"
            if dotenv_path.is_file():
                load_dotenv(dotenv_path, override=False)
        environ = os.environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env_name = f.metadata["env"]
        raw = environ.get(env_name)
        if raw is None or (raw.strip() == "" and env_name != "TRANSCRIBE_SPEECH_MODELS"):
            continue
        try:
            values[f.name] = f.metadata["parse"](raw)
        except ValueError as exc:
            problem = str(exc)  # parsers never quote the value
            raise SettingsError(env_name, problem) from None
    settings = Settings(**values)
    settings.require(*require)
    return settings
