"""Benchmarks: redact-bot against the original AssemblyAI guide's algorithm, offline.

Run with `make bench` (or `.venv/bin/python bench/run.py`). Everything talks to the project's
own fake servers (`tests.fake_gateway`, `tests.fake_assemblyai`) on 127.0.0.1.
"""
