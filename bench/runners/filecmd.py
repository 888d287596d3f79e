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

from bench.runners.memory import PeakWatcher
from bench.workload.calls import Call
from bench.workload.conditions import API_KEY
from tests.fakes.assemblyai import FakeAssemblyAI, Script, audio_file
from tests.fakes.gateway import FakeGateway

TIMEOUT = 240.0
_OWN_PREFIXES = ("SLACK_", "ASSEMBLYAI_", "LLM_", "NER_", "REDACT_", "JOB_", "TRANSCRIBE_")
# The engine's one log line per redaction: "redacted sentences=600 ... withheld=0 ... took=0.41s"
_REDACTED_LOG = re.compile(r"\bredacted((?: \w+=[\d.]+s?)+)")
_FIELD = re.compile(r"(\w+)=([\d.]+)")


@dataclass(frozen=True)
class FileRun:
    exit_code: int
    text: str  # the redacted transcript ("Speaker A: ..." lines); empty when it failed
    wall_s: float  # the whole command: start-up, upload, transcription, redaction
    redaction_s: float | None  # the redaction alone, from the engine's own log line
    sentences: int
    withheld: int
    hallucinations: int | None
    asks: int | None
    rss_mb: float | None  # None where /proc is not available
    stderr_tail: str


def _logged(stderr: str) -> dict[str, float]:
    """The fields of the engine's last "redacted ..." log line (empty if there is none)."""
    lines = _REDACTED_LOG.findall(stderr)
    return {k: float(v) for k, v in _FIELD.findall(lines[-1])} if lines else {}


def _environment(
    gateway: FakeGateway,
    assemblyai: FakeAssemblyAI,
    sentences_per_request: int,
    concurrency: int,
    verify: bool,
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    env.update(
        ASSEMBLYAI_API_KEY=API_KEY,
        ASSEMBLYAI_BASE_URL=assemblyai.url,
        LLM_GATEWAY_BASE_URL=gateway.base_url,
        LLM_GATEWAY_REQUESTS_PER_MINUTE="0",  # the gateway's own 429s and headers still apply
        NER_SENTENCES_PER_REQUEST=str(sentences_per_request),
        NER_CONCURRENCY=str(concurrency),
        NER_VERIFY="true" if verify else "false",
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
    verify: bool,
    size: int = 0,
) -> FileRun:
    """Transcribe and redact a recording of `call` (`size` bytes, sparse) with the CLI.
    `--allow-partial`: a run that withholds sentences still prints the rest, to be measured
    (without it the command prints nothing and exits 1, as documented)."""
    name = f"bench-call-{len(call.lines)}"
    assemblyai.scripts[name] = Script(sentences=call.sentences)
    env = _environment(gateway, assemblyai, sentences_per_request, concurrency, verify)
    with tempfile.TemporaryDirectory(prefix="redact-bench-") as workdir:
        path = audio_file(Path(workdir) / "call.mp3", name, size)
        out_path, err_path = Path(workdir) / "stdout", Path(workdir) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "file", str(path), "--json", "--allow-partial"],
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
    logged = _logged(stderr)
    payload = json.loads(stdout) if exit_code == 0 and stdout.strip() else {}
    hallucinations, asks = logged.get("hallucinations"), logged.get("asks")
    return FileRun(
        exit_code=exit_code,
        text=payload.get("text", ""),
        wall_s=wall,
        redaction_s=logged.get("took"),
        sentences=len(payload.get("sentences", ())),
        withheld=int(payload.get("withheld", 0)),
        hallucinations=None if hallucinations is None else int(hallucinations),
        asks=None if asks is None else int(asks),
        rss_mb=watcher.peak_mb or None,
        stderr_tail=" | ".join(stderr.strip().splitlines()[-2:]),
    )
