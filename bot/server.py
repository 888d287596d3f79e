"""`redact-bot serve`: start the app, resume unfinished jobs, stop gracefully on a signal."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.app import EVENTS_PATH, build_app, wsgi_app
from bot.config import Settings
from bot.services import Services, build_services
from bot.store import StoreError

log = logging.getLogger(__name__)
PRUNE_EVERY = 6 * 3600.0


def _prune_periodically(services: Services, stop: threading.Event) -> None:
    retention = services.settings.data_retention_days * 86400
    while True:
        removed = services.store.prune(retention)
        if removed:
            log.info("pruned rows=%d", removed)
        if stop.wait(PRUNE_EVERY):
            return


def serve(settings: Settings) -> int:
    try:
        services = build_services(settings)
    except StoreError as exc:
        print(f"redact-bot: {exc}", file=sys.stderr)
        return 2
    try:
        app = build_app(services)
    except (BoltError, SlackApiError) as exc:
        print(
            f"redact-bot: Slack refused the bot token; check SLACK_BOT_TOKEN "
            f"({type(exc).__name__})",
            file=sys.stderr,
        )
        return 2

    stop = threading.Event()

    def on_signal(number: int, _frame: object) -> None:
        log.info("signal %s received: stopping", signal.Signals(number).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    threading.Thread(target=_prune_periodically, args=(services, stop), daemon=True).start()
    resumed = services.runner.resume_unfinished()
    log.info("resumed unfinished jobs=%d", resumed)

    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings.slack_app_token)
        handler.connect()
        log.info("listening in Socket Mode")
        stop.wait()
        handler.close()
    else:
        from waitress.server import create_server

        server = create_server(wsgi_app(app), host="0.0.0.0", port=settings.port, threads=8)
        threading.Thread(target=server.run, name="http", daemon=True).start()
        log.info("listening on port %d at %s and /healthz", settings.port, EVENTS_PATH)
        stop.wait()
        server.close()  # stop accepting; the serving thread ends with the process

    clean = services.runner.shutdown(settings.job_shutdown_grace)
    services.close()
    log.info("stopped clean=%s", clean)
    if not clean:
        # Jobs still running are at a durable phase in the store and resume on the next
        # start; the executors' threads would otherwise keep the process alive past the grace.
        logging.shutdown()
        os._exit(0)
    return 0
