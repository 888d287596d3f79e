"""redact-bot: share call recordings and notes in Slack without leaking personal data."""

__version__ = "0.1.0"
USER_AGENT = f"redact-bot/{__version__}"
