"""Progress for a person at a terminal: one line on standard error, rewritten in place."""

from __future__ import annotations

import sys
import threading
from typing import TextIO


class TerminalProgress:
    """Prints phases when `stream` is a terminal, and nothing otherwise (pipes, CI, logs)."""

    def __init__(self, stream: TextIO = sys.stderr, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self._lock = threading.Lock()
        self._last_upload_report = 0

    def show(self, line: str) -> None:
        if not self.enabled:
            return
        with self._lock:
            self.stream.write("\r\033[K" + line)
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def uploading(self, sent: int) -> None:
        if sent - self._last_upload_report >= 4 * 1024 * 1024 or sent < 1024 * 1024:
            self._last_upload_report = sent
            self.show(f"uploading… {sent / 1e6:.1f} MB sent")

    def status(self, status: str, elapsed: float) -> None:
        label = {"queued": "queued", "processing": "transcribing"}.get(status, status)
        self.show(f"{label}… {elapsed:.0f}s")

    def redacting(self, done: int, total: int) -> None:
        self.show(f"redacting… {done}/{total} sentences")
