"""The one status message of a job's thread: posted when the job is announced, edited in
place through each phase (throttled), and edited into the result. If the user deletes it,
the next edit posts it again."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot import messages
from bot.clients.slack import SlackIO
from bot.jobs.failures import slack_error
from bot.jobs.guard import Guard, still_ours
from bot.store import Job, Store

log = logging.getLogger(__name__)
STATUS_INTERVAL = 3.0  # seconds between progress edits of a status message
# A rate-limit wait shorter than this is not worth telling anyone about.
GATEWAY_WAIT_WORTH_SAYING = 1.0


class StatusMessage:
    """The one status message of a job's thread, edited in place and throttled. If the user
    deleted it, the next edit posts it again (and the store learns the new ts)."""

    def __init__(
        self,
        slack: SlackIO,
        store: Store,
        job: Job,
        guard: Guard,
        gateway_wait: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.slack = slack
        self.store = store
        self.job = job
        self.guard = guard
        self.gateway_wait = gateway_wait
        self._last = 0.0
        self._shown: str | None = None
        self._progress: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def show(self, text: str, *, force: bool = True) -> None:
        """Edit the message to `text` (throttled unless `force`); not once the job stops
        being this process's: a late progress line must not cover another replica's result."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last < STATUS_INTERVAL:
                return
            self._last = now
            if self.job.status_ts is None or not still_ours(self.guard):
                return
            try:
                self.slack.update(
                    self.job.reply_channel_id, self.job.status_ts, text, progress=True
                )
                self._shown = text
            except Exception as exc:  # progress is best effort; the final edit is not
                if slack_error(exc) == "message_not_found":
                    self._post_again(text)
                    return
                log.warning("status update failed job=%s error=%s", self.job.id, type(exc).__name__)

    def _post_again(self, text: str) -> None:
        """The user deleted the status message: post a new one in the thread."""
        old_ts = self.job.status_ts
        assert old_ts is not None
        try:
            ts = self.slack.post(self.job.reply_channel_id, self.job.reply_thread_ts, text)
        except Exception as exc:
            log.warning("status repost failed job=%s error=%s", self.job.id, type(exc).__name__)
            return
        self.slack.replaced(self.job.reply_channel_id, old_ts, ts)
        self.job = self.store.update_job(self.job.id, status_ts=ts)
        self._shown = text
        log.info("status message was deleted; posted again job=%s", self.job.id)

    def transcribing(self, status: str, elapsed: float) -> None:
        self.guard.check()  # at every poll: stopping, or the job passed to another replica
        self.show(messages.transcribing(self.job.file_name, status, elapsed), force=False)

    def _redacting_text(self) -> str:
        waiting = self.gateway_wait() >= GATEWAY_WAIT_WORTH_SAYING
        return messages.checking(self.job.file_name, self._progress, waiting_for_gateway=waiting)

    def redacting(self, done: int, total: int) -> None:
        self._progress = (done, total)
        self.show(self._redacting_text(), force=done == total)

    @contextmanager
    def while_redacting(self) -> Iterator[None]:
        """Say at once that the transcript is being checked, then keep the message true while
        the redaction runs: a wait for the gateway's rate limit is shown as such (edits only
        when what is shown changes)."""
        self.show(self._redacting_text())
        done = threading.Event()

        def refresh() -> None:
            # Progress edits: one that comes too late never covers the result (SlackIO).
            while not done.wait(STATUS_INTERVAL):
                text = self._redacting_text()
                if text != self._shown:
                    self.show(text)

        thread = threading.Thread(target=refresh, name=f"status-{self.job.id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
