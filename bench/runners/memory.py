"""Peak memory: a process's high-water resident set (VmHWM), read from /proc."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

MB = 1024 * 1024


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """The peak resident set of a live process in MB, or None once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / MB
    return None  # a zombie has no memory lines


class PeakWatcher:
    """Polls a child's VmHWM while it runs (a zombie has none); `peak_mb` is the highest seen."""

    def __init__(self, process: subprocess.Popen[bytes], interval: float = 0.01) -> None:
        self.process = process
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            value = vm_hwm_mb(self.process.pid)
            if value is not None:
                self.peak_mb = max(self.peak_mb, value)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
