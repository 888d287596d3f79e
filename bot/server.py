"""`redact-bot serve`: start the app, resume unfinished jobs, stop gracefully on a signal."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.app import build_app
from bot.config import Settings
from bot.datadir import DataDirInUse, lock_data_dir
from bot.fairness import MAX_WAITING_ACKS
from bot.http_front import EVENTS_PATH, WsgiApp, build_server, front_door
from bot.logs import describe_exception
from bot.services import Services, build_services
from bot.store import StoreError

log = logging.getLogger(__name__)
PRUNE_EVERY = 6 * 3600.0
EXPIRE_EVERY = 300.0
EXIT_OK, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2
# A `/redact` listener may hold its thread for up to the acknowledgement budget, and at most
# MAX_WAITING_ACKS do at once; every other listener answers in milliseconds. The rest of the
# threads are for those, so a burst of commands never queues an event or a click behind them.
HTTP_THREADS = MAX_WAITING_ACKS + 16


class StartupFailed(Exception):
    """Serving cannot start. The message is one line naming the variable or the host."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _prune_periodically(services: Services, stop: threading.Event) -> None:
    """End reviews past REVIEW_TTL_HOURS (their originals are deleted) every few minutes;
    delete rows past DATA_RETENTION_DAYS every few hours."""
    retention = services.settings.data_retention_days * 86400
    last_prune = 0.0
    while True:
        try:
            expired = services.reviews.expire()
            if expired:
                log.info("reviews expired count=%d", expired)
            if time.monotonic() - last_prune >= PRUNE_EVERY or not last_prune:
                last_prune = time.monotonic()
                removed = services.store.prune(retention) + services.previews.prune(retention)
                removed += services.reviews.records.prune(time.time() - retention)
                if removed:
                    log.info("pruned rows=%d", removed)
        except Exception as exc:  # the next round tries again
            log.warning("pruning failed: %s", describe_exception(exc))
        if stop.wait(EXPIRE_EVERY):
            return


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _slack_refused(variable: str, exc: SlackApiError) -> StartupFailed:
    data = exc.response.data
    error = data.get("error") if isinstance(data, dict) else None
    if not error:  # not an answer of the Slack API at all: e.g. a web page
        return StartupFailed(
            f"the server at SLACK_API_URL did not answer like Slack's Web API ({variable})",
            EXIT_SETTINGS,
        )
    return StartupFailed(f"Slack refused {variable} ({error})", EXIT_SETTINGS)


def _check_bot_token(services: Services) -> None:
    """Ask Slack who we are before anything else, so a bad token or an unreachable Slack is
    one clear line rather than a library's traceback."""
    settings = services.settings
    try:
        services.client.auth_test()
    except SlackApiError as exc:
        raise _slack_refused("SLACK_BOT_TOKEN", exc) from None
    except (OSError, SlackClientError) as exc:
        raise StartupFailed(
            f"cannot reach Slack at {_host_of(settings.slack_api_url)} (SLACK_API_URL): "
            f"{type(exc).__name__}",
            EXIT_FAILED,
        ) from None


def _connect_socket_mode(app: App, settings: Settings) -> SocketModeHandler:

    handler = SocketModeHandler(app, settings.slack_app_token)
    try:
        handler.connect()
    except SlackApiError as exc:
        raise _slack_refused("SLACK_APP_TOKEN", exc) from None
    except (OSError, SlackClientError) as exc:
        raise StartupFailed(
            f"cannot open Slack's Socket Mode connection via {_host_of(settings.slack_api_url)}"
            f" (SLACK_APP_TOKEN, SLACK_API_URL): {type(exc).__name__}",
            EXIT_FAILED,
        ) from None
    return handler


def serve(settings: Settings) -> int:
    try:
        return _serve(settings)
    except StartupFailed as exc:
        print(f"redact-bot: {exc}", file=sys.stderr)
        return exc.code


def wsgi_app(app: App, signing_secret: str, healthy: Callable[[], bool] = lambda: True) -> WsgiApp:
    """Bolt's single endpoint `/slack/events` behind the front door, plus `GET /healthz`
    (503 while `healthy` says no: the job database cannot be reached)."""
    return front_door(SlackRequestHandler(app, path=EVENTS_PATH), signing_secret, healthy)


def _start(settings: Settings) -> tuple[Services, App]:
    """The services and the app, or StartupFailed naming what is wrong."""
    try:
        services = build_services(settings)
    except StoreError as exc:
        raise StartupFailed(str(exc), EXIT_SETTINGS) from None
    _check_bot_token(services)
    try:
        return services, build_app(services)
    except (BoltError, SlackApiError):
        raise StartupFailed("Slack refused SLACK_BOT_TOKEN", EXIT_SETTINGS) from None


def _listen(app: App, services: Services) -> Callable[[], None]:
    """Start taking requests (Socket Mode, or HTTP); return what stops it."""
    settings = services.settings
    if settings.slack_app_token:
        handler = _connect_socket_mode(app, settings)
        log.info("listening in Socket Mode")
        return handler.close
    assert settings.slack_signing_secret, "HTTP mode requires SLACK_SIGNING_SECRET"
    try:
        server = build_server(
            wsgi_app(app, settings.slack_signing_secret, services.store.ping),
            host=settings.host,
            port=settings.port,
            threads=HTTP_THREADS,
        )
    except OSError as exc:
        raise StartupFailed(
            f"cannot listen on {settings.host} port {settings.port} (HOST, PORT): "
            f"{type(exc).__name__}",
            EXIT_SETTINGS,
        ) from None
    threading.Thread(target=server.run, name="http", daemon=True).start()
    log.info(
        "listening on %s port %d at %s and /healthz", settings.host, settings.port, EVENTS_PATH
    )
    return server.close  # stop accepting; the serving thread ends with the process


def _lock(settings: Settings) -> TextIO:
    """DATA_DIR, taken for this process (the file stays open while it serves). Replicas
    sharing PostgreSQL take theirs too: each makes its redacted audio in DATA_DIR/audio and
    sweeps what it finds there at start, so two must never share one."""
    try:
        return lock_data_dir(settings.data_dir)
    except DataDirInUse as exc:
        raise StartupFailed(str(exc), EXIT_SETTINGS) from None
    except OSError as exc:
        raise StartupFailed(
            f"DATA_DIR {settings.data_dir} cannot be used ({type(exc).__name__})", EXIT_SETTINGS
        ) from None


def _serve(settings: Settings) -> int:
    lock = _lock(settings)
    services, app = _start(settings)
    stop = threading.Event()

    def on_signal(number: int, _frame: object) -> None:
        log.info("signal %s received: stopping", signal.Signals(number).name)
        stop.set()

    # Resume before taking new work, so a job is never both resumed and freshly queued.
    services.runner.start()
    close = _listen(app, services)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    threading.Thread(target=_prune_periodically, args=(services, stop), daemon=True).start()
    stop.wait()
    close()
    deadline = time.monotonic() + settings.job_shutdown_grace
    clean = services.runner.shutdown(settings.job_shutdown_grace)
    log.info("stopping: finishing the listeners' work in hand")
    # At least a second for them, however long the jobs took of the grace.
    clean = services.close(max(1.0, deadline - time.monotonic())) and clean
    log.info("stopped clean=%s", clean)
    if not clean:
        # Jobs still running are at a durable phase in the store and resume on the next
        # start; the executors' threads would otherwise keep the process alive past the grace.
        logging.shutdown()
        os._exit(0)
    lock.close()
    return EXIT_OK
