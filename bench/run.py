"""Entry point of `make bench`: `.venv/bin/python bench/run.py [--help]`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    # Run as a script: import from the project root (bench/, tests/), not from bench/ itself.
    sys.path[0] = str(ROOT)
    from bench.main import main

    sys.exit(main())
