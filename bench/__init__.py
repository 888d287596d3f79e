"""Benchmarks: redact-bot against the original AssemblyAI guide's algorithm, offline.

Run with `make bench` (or `.venv/bin/python -m bench`). Grouped by role: `workload` (the
calls, gateway conditions and the guide), `runners` (what runs them), `report` (outcomes,
targets, tables). Everything talks to the project's
own fake servers (`tests.fakes.gateway`, `tests.fakes.assemblyai`) on 127.0.0.1.
"""
