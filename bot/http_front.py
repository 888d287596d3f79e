"""HTTP mode's front door: what a request must pass before Bolt sees it, and the server.

Bolt parses a request's body before it checks the signature, so an unsigned body of any size
or shape would be read and parsed (and a malformed one answered 500 with a traceback). Here a
body is capped (413) before it is read, the signature headers are checked for shape and then
verified over the raw bytes (401), and only a request Slack signed reaches Bolt.

The server stamps each request with the moment its first bytes arrived, so a listener knows
how much of Slack's 3-second acknowledgement window is left after any wait for a thread.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_sdk.signature import SignatureVerifier
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, create_server
from waitress.task import WSGITask

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1024 * 1024  # Slack's events, commands and clicks are a few kB
# Set on every request by the front door (a client's own value is overwritten); Bolt passes
# headers on to listeners, which read it with `received_at(request)`.
RECEIVED_AT_HEADER = "x-redact-bot-received-at"
_RECEIVED_AT_ENVIRON = "redact_bot.received_at"
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _answer(
    start_response: Callable[..., Any], status: str, body: bytes, content_type: str
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _refuse(start_response: Callable[..., Any], status: str) -> list[bytes]:
    return _answer(start_response, status, b'{"error": "invalid request"}', "application/json")


def front_door(
    bolt: WsgiApp, signing_secret: str, healthy: Callable[[], bool] = lambda: True
) -> WsgiApp:
    """`POST /slack/events` for signed requests (handed to `bolt`), and `GET /healthz`:
    200 while `healthy()` (the job database answers), else 503."""
    verifier = SignatureVerifier(signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]):
        received_at = environ.get(_RECEIVED_AT_ENVIRON) or time.monotonic()
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method == "GET":
            if healthy():
                return _answer(start_response, "200 OK", b"ok\n", "text/plain")
            log.warning("health check: the job database cannot be reached")
            return _answer(
                start_response,
                "503 Service Unavailable",
                b"database unreachable\n",
                "text/plain",
            )
        if path != EVENTS_PATH or method != "POST":
            return _answer(start_response, "404 Not Found", b"Not Found\n", "text/plain")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            log.info("request refused: body of %d bytes (limit %d)", length, MAX_BODY_BYTES)
            return _answer(
                start_response, "413 Payload Too Large", b"Payload Too Large\n", "text/plain"
            )
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not (_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature)):
            log.info("request refused: missing or malformed signature headers")
            return _refuse(start_response, "401 Unauthorized")
        body = environ["wsgi.input"].read(length) if length else b""
        if not verifier.is_valid(body, timestamp, signature):
            log.info("request refused: bad or stale signature")
            return _refuse(start_response, "401 Unauthorized")
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["HTTP_" + RECEIVED_AT_HEADER.upper().replace("-", "_")] = f"{received_at:.6f}"
        return bolt(environ, start_response)

    return application


def received_at(headers: dict[str, Any]) -> float | None:
    """When a request's first bytes arrived (time.monotonic), from Bolt's request headers."""
    value = headers.get(RECEIVED_AT_HEADER)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class _StampedParser(HTTPRequestParser):
    """Created when a request's first bytes arrive: remembers that moment."""

    def __init__(self, adj: Any) -> None:
        super().__init__(adj)
        self.received_at = time.monotonic()


class _StampedTask(WSGITask):
    def get_environment(self) -> dict[str, Any]:
        environ = super().get_environment()
        environ[_RECEIVED_AT_ENVIRON] = getattr(self.request, "received_at", None)
        return environ


class _StampedChannel(HTTPChannel):
    parser_class = _StampedParser
    task_class = _StampedTask


def build_server(application: WsgiApp, *, host: str, port: int, threads: int) -> BaseWSGIServer:
    server = create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        # waitress answers 413 itself for a larger Content-Length, without reading the body.
        max_request_body_size=MAX_BODY_BYTES + 1,
        ident="redact-bot",
    )
    server.channel_class = _StampedChannel
    return server
