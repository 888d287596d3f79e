"""AssemblyAI's LLM Gateway: OpenAI-style chat completions, rate-limited across all callers."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import requests

from bot.clients.admission import Admission, Priority
from bot.clients.http import DEFAULT_CONNECT_TIMEOUT, ApiError, build_session
from bot.clients.ratelimit import Limiter, LimiterUnavailable, RateLimiter

__all__ = ["Completion", "GatewayClient", "GatewayError", "Priority"]

log = logging.getLogger(__name__)
SERVICE = "LLM Gateway"


class GatewayError(ApiError):
    """The gateway could not give an answer (after retries)."""

    def __init__(self, status: int | None, message: str, *, schema_refused: bool = False) -> None:
        super().__init__(SERVICE, status, message)
        self.schema_refused = schema_refused


@dataclass(frozen=True)
class Completion:
    content: str
    truncated: bool  # the model stopped at max_tokens: the answer is incomplete


class GatewayClient:
    """One shared instance per process: its slots and rate limiter bound every job at once,
    because the gateway's limit is per account and model, not per caller. Requests wait for
    their turn by priority (`bot.clients.admission`): interactive before background."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        timeout: float = 90.0,
        max_retries: int = 5,
        concurrency: int = 4,
        rate_limiter: Limiter | None = None,
        backoff_factor: float = 1.0,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self._api_key = api_key
        self._timeout = (min(DEFAULT_CONNECT_TIMEOUT, timeout), timeout)
        self._limiter: Limiter = rate_limiter or RateLimiter(0)
        self._admission = Admission(concurrency, self._limiter)
        self._session = build_session(
            max_retries,
            backoff_factor=backoff_factor,
            pool_size=max(concurrency, 4),
            limiter=self._limiter,
        )

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        response_format: dict[str, Any] | None = None,
        priority: Priority = Priority.BACKGROUND,
    ) -> Completion:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": 0.0,
        }
        if response_format is not None:
            body["response_format"] = response_format
        prompt_chars = sum(len(m["content"]) for m in messages)
        try:
            response, waited, took = self._send(body, priority)
        except LimiterUnavailable:
            raise GatewayError(None, "rate limiter unavailable") from None
        log.debug(
            "gateway status=%s waited=%.2fs took=%.2fs prompt_chars=%d",
            response.status_code,
            waited,
            took,
            prompt_chars,
        )
        status = response.status_code
        if status in (401, 403):
            raise GatewayError(status, "check ASSEMBLYAI_API_KEY")
        if not response.ok:
            # The body is never quoted: a provider error may echo the prompt (personal data).
            body = response.text.lower()
            refused = status == 400 and ("schema" in body or "response_format" in body)
            raise GatewayError(status, response.reason or "error", schema_refused=refused)
        try:
            choice = response.json()["choices"][0]
            content = choice["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise GatewayError(status, "malformed response") from None
        if not isinstance(content, str):
            raise GatewayError(status, "answer has no text content")
        return Completion(content=content, truncated=choice.get("finish_reason") == "length")

    def _send(
        self, body: dict[str, Any], priority: Priority
    ) -> tuple[requests.Response, float, float]:
        """One request, once it is its turn and the rate limit allows it: the response, the
        seconds it waited, the seconds it took."""
        with self._admission.slot(priority) as waited:
            started = time.monotonic()
            try:
                response = self._session.post(
                    self.url,
                    json=body,
                    headers={"authorization": self._api_key},
                    timeout=self._timeout,
                )
            except requests.RequestException as exc:
                raise GatewayError(None, type(exc).__name__) from None
            self._limiter.observe(response.headers)
        return response, waited, time.monotonic() - started

    def rate_limit_wait(self) -> float:
        """Seconds a request asking now would wait for the rate limit (0 if none)."""
        return self._limiter.wait_time()

    def close(self) -> None:
        self._session.close()
