"""Runs the guide or the engine API once in a worker process against a fake gateway."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORKER_TIMEOUT = 240.0


class WorkerFailed(RuntimeError):
    pass


def run_worker(job: dict[str, Any]) -> dict[str, Any]:
    """Run `bench.runners.worker` with `job`; return its JSON answer (see its module)."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.runners.worker"],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=WORKER_TIMEOUT,
        check=False,
    )
    if completed.returncode != 0 or not completed.stdout:
        tail = completed.stderr.strip().splitlines()[-3:]
        raise WorkerFailed(f"worker exited {completed.returncode}: {' | '.join(tail)}")
    return json.loads(completed.stdout)
