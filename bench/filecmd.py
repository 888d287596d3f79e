"""Runs `redact-bot file PATH --json` as a subprocess against the fake AssemblyAI and gateway.

The recording is a sparse file whose first line selects the generated call as the fake
AssemblyAI's script; the command runs from an empty temporary directory (no `.env`) with a
clean environment. Its peak memory is its own VmHWM, polled from /proc while it runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.calls import Call
from bench.conditions import API_KEY
from bench.memory import PeakWatcher
from tests.fake_assemblyai import FakeAssemblyAI, Script, audio_file
from tests.fake_gateway import FakeGateway

TIMEOUT = 240.0
_OWN_PREFIXES = ("SLACK_", "ASSEMBLYAI_", "LLM_", "NER_", "REDACT_", "JOB_", "TRANSCRIBE_")
_REDACTED_LOG = re.compile(
    r"redacted sentences=(\d+) windows=(\d+) .*withheld=(\d+) took=([\d.]+)s"
)


@dataclass(frozen=True)
class FileRun:
    exit_code: int
    text: str  # the redacted transcript ("Speaker A: ..." lines); empty when it failed
    wall_s: float  # the whole command: start-up, upload, transcription, redaction
    redaction_s: float | None  # the redaction alone, from the engine's own log line
    sentences: int
    withheld: int
    rss_mb: float | None  # None where /proc is not available
    stderr_tail: str


def _environment(
    gateway: FakeGateway, assemblyai: FakeAssemblyAI, sentences_per_request: int, concurrency: int
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    env.update(
        ASSEMBLYAI_API_KEY=API_KEY,
        ASSEMBLYAI_BASE_URL=assemblyai.url,
        LLM_GATEWAY_BASE_URL=gateway.base_url,
        LLM_GATEWAY_REQUESTS_PER_MINUTE="0",  # the gateway's own 429s and headers still apply
        NER_SENTENCES_PER_REQUEST=str(sentences_per_request),
        NER_CONCURRENCY=str(concurrency),
        TRANSCRIBE_POLL_INTERVAL="0.05",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_file(
    call: Call,
    gateway: FakeGateway,
    assemblyai: FakeAssemblyAI,
    *,
    sentences_per_request: int,
    concurrency: int,
    size: int = 0,
) -> FileRun:
    """Transcribe and redact a recording of `call` (`size` bytes, sparse) with the CLI."""
    name = f"bench-call-{len(call.lines)}"
    assemblyai.scripts[name] = Script(sentences=call.sentences)
    env = _environment(gateway, assemblyai, sentences_per_request, concurrency)
    with tempfile.TemporaryDirectory(prefix="redact-bench-") as workdir:
        path = audio_file(Path(workdir) / "call.mp3", name, size)
        out_path, err_path = Path(workdir) / "stdout", Path(workdir) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "file", str(path), "--json"],
                cwd=workdir,
                env=env,
                stdout=out,
                stderr=err,
            )
            with PeakWatcher(process) as watcher:
                exit_code = process.wait(timeout=TIMEOUT)
            wall = time.perf_counter() - started
        stdout = out_path.read_text(encoding="utf-8")
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
    logged = _REDACTED_LOG.search(stderr)
    text = json.loads(stdout)["text"] if exit_code == 0 and stdout.strip() else ""
    return FileRun(
        exit_code=exit_code,
        text=text,
        wall_s=wall,
        redaction_s=float(logged.group(4)) if logged else None,
        sentences=int(logged.group(1)) if logged else 0,
        withheld=int(logged.group(3)) if logged else 0,
        rss_mb=watcher.peak_mb or None,
        stderr_tail=" | ".join(stderr.strip().splitlines()[-2:]),
    )
