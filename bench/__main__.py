"""`make bench`: run everything, print the tables and targets, write the JSON (and Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.report.noisy import verify_verdict
from bench.report.outcome import GUIDE, Outcome
from bench.report.report import render_markdown, render_text, write_json
from bench.report.sweep import supported
from bench.report.targets import evaluate
from bench.report.thresholds import TARGET_CALL
from bench.runners.audio import AudioRun
from bench.runners.suite import SIZES, run_suite

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20240601


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--sizes",
        type=lambda v: tuple(int(x) for x in v.split(",")),
        default=SIZES,
        help="call sizes in sentences, e.g. 50,200,600",
    )
    parser.add_argument("--no-sweep", action="store_true", help="skip the settings sweep")
    parser.add_argument("--no-big-file", action="store_true", help="skip the 500 MB recording")
    parser.add_argument(
        "--no-slack-load", action="store_true", help="skip the Slack surface under load"
    )
    parser.add_argument(
        "--slack-load-only", action="store_true", help="only the Slack surface under load"
    )
    parser.add_argument(
        "--no-replicas",
        action="store_true",
        help="skip the replicas sharing PostgreSQL (throughput of 1, 2, 4; the limiter's cost)",
    )
    parser.add_argument(
        "--no-audio",
        action="store_true",
        help="skip the redacted-audio runs (60-minute recordings)",
    )
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--markdown", type=Path, default=HERE / "results" / "latest.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    return parser


def _progress(row: Outcome) -> None:
    print(
        f"  {row.call_size:>4} {row.condition:<12} {row.algorithm:<15} "
        f"spr={row.sentences_per_request} c={row.concurrency}"
        f"{'' if row.verify is None else ' verify=' + ('on' if row.verify else 'off')}: "
        f"{row.requests} requests, "
        f"{row.wall_s:.2f} s, {row.left_total} left{' (crashed)' if row.crashed else ''}",
        file=sys.stderr,
        flush=True,
    )


def _audio_progress(run: AudioRun) -> None:
    print(
        f"  audio {run.recording}: {run.audio_s or 0:.1f} s for {run.minutes:.0f} min, "
        f"peak {run.rss_mb or 0:.1f} MB, exit {run.exit_code}",
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    print("running the benchmark (progress on stderr)…", file=sys.stderr, flush=True)
    results = run_suite(
        args.seed,
        args.sizes,
        sweep=not args.no_sweep,
        big_file=not args.no_big_file,
        engine=not args.slack_load_only,
        slack_load=not args.no_slack_load,
        replicas=not args.no_replicas and not args.slack_load_only,
        audio=not args.no_audio and not args.slack_load_only,
        report=_progress,
        report_audio=_audio_progress,
        say=lambda line: print(line, file=sys.stderr, flush=True),
    )
    guide = next(
        (
            r
            for r in results.main
            if (r.call_size, r.condition, r.algorithm) == (max(args.sizes), "fast", GUIDE)
        ),
        None,
    )
    verdict = supported(results.sweep, guide) if results.sweep else None
    verify = verify_verdict(results)
    targets = evaluate(results, verdict, verify)
    print(render_text(results, targets, verdict, verify))
    write_json(args.json, results, targets, verdict, verify)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(render_markdown(results, targets, verdict, verify), encoding="utf-8")
    print(f"wrote {args.json} and {args.markdown}", file=sys.stderr)
    if max(args.sizes) != TARGET_CALL and not args.slack_load_only:
        print(f"note: the targets are defined on the {TARGET_CALL}-sentence call", file=sys.stderr)
    return 1 if args.strict and not all(t.passed for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
