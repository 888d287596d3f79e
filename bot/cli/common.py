"""What the commands share: exit codes, settings and logging, the withheld report."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bot.clients.ratelimit import Limiter
from bot.config import Settings, load_settings, url_password
from bot.logs import configure_logging
from bot.redaction import Redaction

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def settings_for(*required: str) -> Settings:
    """The settings (naming the first missing one of `required`), logging set up."""
    settings = load_settings(require=required)
    configure_logging(
        settings.log_level,
        secrets=(
            settings.assemblyai_api_key,
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            *settings.review_encryption_key,
            *url_password(settings.database_url),
        ),
    )
    return settings


@contextmanager
def shared_budget(settings: Settings) -> Iterator[Limiter | None]:
    """With DATABASE_URL, the gateway budget the replicas share (the limit is the account's,
    whoever sends); else None: the command's own. Raises StoreError naming DATABASE_URL."""
    if not settings.database_url:
        yield None
        return
    from bot.services import build_limiter
    from bot.store.postgres import PostgresStore

    store = PostgresStore.connect(settings)
    try:
        yield build_limiter(settings, store)
    finally:
        store.close()


def say(line: str) -> None:
    """One diagnostic line on standard error."""
    print(f"redact-bot: {line}", file=sys.stderr)


def report_withheld(redaction: Redaction, *, printed: bool) -> None:
    what = (
        "were withheld"
        if printed
        else "could not be checked, so nothing was printed (--allow-partial prints the rest)"
    )
    say(
        f"{len(redaction.withheld)} of {redaction.sentence_count} sentences {what}: "
        f"{redaction.withheld_reason or 'no reason known'}."
    )
