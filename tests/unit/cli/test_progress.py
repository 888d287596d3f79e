from __future__ import annotations

import io

from bot.cli.progress import TerminalProgress


def test_progress_shows_each_phase_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream, enabled=True)
    progress.uploading(512 * 1024)
    progress.status("queued", 1.2)
    progress.status("processing", 42.0)
    progress.redacting(25, 600)
    progress.done()
    shown = stream.getvalue()
    for expected in ("uploading… 0.5 MB sent", "queued… 1s", "transcribing… 42s", "25/600"):
        assert expected in shown
    assert shown.endswith("\r\033[K")


def test_progress_is_quiet_when_not_a_terminal() -> None:
    stream = io.StringIO()  # isatty() is False, as for a pipe or a log file
    progress = TerminalProgress(stream)
    progress.uploading(10)
    progress.status("processing", 3.0)
    progress.redacting(1, 2)
    progress.done()
    assert stream.getvalue() == ""
