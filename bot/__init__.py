"""redact-bot: share call recordings and notes in Slack without leaking personal data."""

__version__ = "0.1.0"
