"""Logging set up once by the entry point (never at import time).

Our own loggers carry ids, counts and timings only. Third-party loggers are held at WARNING or
above because at DEBUG they print request bodies, which hold message text.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable

# psycopg's pool logs every connection it hands out at INFO.
QUIET_LIBRARIES = ("slack_bolt", "slack_sdk", "requests", "websocket", "psycopg")
# urllib3's retry warnings quote URL paths, and a Slack file's path holds its file name.
SILENT_LIBRARIES = ("urllib3",)


class SecretFilter(logging.Filter):
    """Belt and braces: replace any known secret value that reaches a log record."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


def configure_logging(level: str = "INFO", secrets: Iterable[str | None] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    library_level = max(logging.getLevelName(level), logging.WARNING)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(library_level)
    for name in SILENT_LIBRARIES:
        logging.getLogger(name).setLevel(logging.ERROR)


def describe_exception(exc: BaseException) -> str:
    """An exception's type and where it was raised, without its message: messages of
    library exceptions can quote URLs, file names or text."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if "/bot/" in frame.filename] or frames
    if not ours:
        return type(exc).__name__
    where = ours[-1]
    path = where.filename.split("/bot/", 1)[-1]
    return f"{type(exc).__name__} at bot/{path}:{where.lineno}"
