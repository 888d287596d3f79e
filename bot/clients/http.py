"""The HTTP plumbing every client shares: sessions with timeouts, retries and typed errors."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from bot.clients.ratelimit import Limiter


def _user_agent() -> str:
    try:
        return f"redact-bot/{version('redact-bot')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "redact-bot"


USER_AGENT = _user_agent()
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_CONNECT_TIMEOUT = 10.0


class ApiError(Exception):
    """A remote API answered with an error. Carries the status code, never request content."""

    def __init__(self, service: str, status: int | None, message: str) -> None:
        where = f"HTTP {status}" if status is not None else "no response"
        super().__init__(f"{service}: {message} ({where})")
        self.service = service
        self.status = status
        self.message = message


class PacedRetry(Retry):
    """urllib3's Retry with two additions: a server's Retry-After cannot park a worker for
    longer than a cap, and every retry passes the shared rate limiter first, so retries
    count against the account's limit like first attempts do."""

    retry_after_cap: float = 120.0
    limiter: Limiter | None = None

    def new(self, **kw: Any) -> PacedRetry:
        retry = super().new(**kw)
        retry.limiter = self.limiter
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        # urllib3 also retries 413 and 503 whenever they carry Retry-After; only the
        # statuses we listed may be retried (a 503 may follow a transcript created anyway).
        if status_code not in (self.status_forcelist or ()):
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.retry_after_cap)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        if response is not None and self.limiter is not None:
            self.limiter.observe(response.headers)
        super().sleep(response)
        if self.limiter is not None:
            self.limiter.acquire()


def build_retry(
    max_retries: int,
    *,
    backoff_factor: float = 0.5,
    statuses: frozenset[int] = RETRY_STATUSES,
    retry_reads: bool = True,
    limiter: Limiter | None = None,
) -> Retry:
    """Exponential backoff with jitter on connection errors, timeouts (`retry_reads`) and
    `statuses`, honouring Retry-After. POST is retried too, so a caller whose POST must not
    be repeated once the server may have acted on it passes `retry_reads=False` and
    statuses={429}."""
    retry = PacedRetry(
        total=max_retries,
        connect=max_retries,
        read=max_retries if retry_reads else 0,
        status=max_retries,
        other=0,
        backoff_factor=backoff_factor,
        backoff_jitter=backoff_factor,
        backoff_max=30.0,
        status_forcelist=statuses,
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.limiter = limiter
    return retry


def build_session(
    max_retries: int,
    *,
    backoff_factor: float = 0.5,
    pool_size: int = 10,
    statuses: frozenset[int] = RETRY_STATUSES,
    retry_reads: bool = True,
    limiter: Limiter | None = None,
) -> requests.Session:
    """One session per client: keep-alive, a User-Agent naming us, retries on every request."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    retry = build_retry(
        max_retries,
        backoff_factor=backoff_factor,
        statuses=statuses,
        retry_reads=retry_reads,
        limiter=limiter,
    )
    adapter = HTTPAdapter(
        max_retries=retry,
        pool_connections=pool_size,
        pool_maxsize=pool_size,
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def error_message(response: requests.Response) -> str:
    """The service's error text, from `{"error": "..."}` or `{"error": {"message": "..."}}`."""
    try:
        body = response.json()
    except ValueError:
        return response.reason or "error"
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            error = error.get("message")
        if isinstance(error, str) and error:
            return error[:300]
    return response.reason or "error"
