"""The HTTP plumbing every client shares: sessions with timeouts, retries and typed errors."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from bot import USER_AGENT

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


class CappedRetry(Retry):
    """urllib3's Retry, but a server's Retry-After can never park a worker for longer than a cap."""

    retry_after_cap: float = 120.0

    def get_retry_after(self, response) -> float | None:  # type: ignore[no-untyped-def]
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.retry_after_cap)


def build_retry(max_retries: int, *, backoff_factor: float = 0.5) -> Retry:
    """Exponential backoff with jitter on connection errors, timeouts, 429 and 5xx; honours
    Retry-After. POST is retried too: every call we make is safe to repeat."""
    return CappedRetry(
        total=max_retries,
        connect=max_retries,
        read=max_retries,
        status=max_retries,
        other=0,
        backoff_factor=backoff_factor,
        backoff_jitter=backoff_factor,
        backoff_max=30.0,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )


def build_session(
    max_retries: int, *, backoff_factor: float = 0.5, pool_size: int = 10
) -> requests.Session:
    """One session per client: keep-alive, a User-Agent naming us, retries on every request."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(
        max_retries=build_retry(max_retries, backoff_factor=backoff_factor),
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
