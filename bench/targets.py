"""The issue's targets, each checked against the measured outcomes: PASS or FAIL, with numbers."""

from __future__ import annotations

from dataclasses import dataclass

from bench.outcome import ENGINE, FILE, GUIDE, Outcome, finished, names_left, structured_left
from bench.suite import DEFAULTS, SuiteResults
from bench.sweep import SweepVerdict
from bench.thresholds import (
    GUIDE_RATE_LIMITED_MINUTES,
    MAX_AUDIO_LENGTH_ERROR_MS,
    MAX_AUDIO_MB,
    MAX_BENCH_SECONDS,
    MAX_BIG_FILE_MB,
    MAX_RATE_LIMITED_MINUTES,
    MIN_AUDIO_SPEED,
    MIN_PROMPT_RATIO,
    MIN_REQUEST_RATIO,
    TARGET_CALL,
)

OURS = (ENGINE, FILE)


@dataclass(frozen=True)
class Target:
    name: str
    passed: bool
    evidence: str

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"


def _find(rows: list[Outcome], size: int, condition: str, algorithm: str) -> Outcome | None:
    for row in rows:
        if (row.call_size, row.condition, row.algorithm) == (size, condition, algorithm):
            return row
    return None


def _ratios(guide: Outcome, ours: list[Outcome]) -> list[Target]:
    request_ratios = [guide.requests / max(row.requests, 1) for row in ours]
    prompt_ratios = [guide.prompt_chars / max(row.prompt_chars, 1) for row in ours]
    return [
        Target(
            f">= {MIN_REQUEST_RATIO:.0f}x fewer gateway requests ({TARGET_CALL} sentences, fast)",
            min(request_ratios) >= MIN_REQUEST_RATIO,
            f"guide {guide.requests}; "
            + ", ".join(
                f"{r.algorithm} {r.requests} ({x:.1f}x)"
                for r, x in zip(ours, request_ratios, strict=True)
            ),
        ),
        Target(
            f">= {MIN_PROMPT_RATIO:.0f}x fewer prompt characters ({TARGET_CALL} sentences, fast)",
            min(prompt_ratios) >= MIN_PROMPT_RATIO,
            f"guide {guide.prompt_chars:,}; "
            + ", ".join(
                f"{r.algorithm} {r.prompt_chars:,} ({x:.1f}x)"
                for r, x in zip(ours, prompt_ratios, strict=True)
            )
            + f"; whole request bodies, JSON schema included: guide {guide.body_chars:,}, "
            + ", ".join(
                f"{r.algorithm} {r.body_chars:,} ({guide.body_chars / max(r.body_chars, 1):.1f}x)"
                for r in ours
            ),
        ),
    ]


def _safety(rows: list[Outcome], guide: Outcome, ours: list[Outcome]) -> list[Target]:
    all_ours = [r for r in rows if r.call_size == TARGET_CALL and r.algorithm in OURS]
    worst = max(structured_left(r) for r in all_ours)
    return [
        Target(
            f"zero structured items left ({TARGET_CALL} sentences, every condition, API and CLI)",
            worst == 0 and all(r.crashed is None for r in all_ours),
            f"most left in one run: {worst} (emails, phones, cards, SSNs); "
            f"guide, fast: {structured_left(guide)}",
        ),
        Target(
            f"no more person/organisation leaks than the guide ({TARGET_CALL} sentences, fast)",
            all(names_left(r) <= names_left(guide) for r in ours),
            f"guide {names_left(guide)}; "
            + ", ".join(f"{r.algorithm} {names_left(r)}" for r in ours),
        ),
    ]


def _rate_limited(rows: list[Outcome]) -> list[Target]:
    ours = [_find(rows, TARGET_CALL, "rate-limited", a) for a in OURS]
    ours_found = [r for r in ours if r is not None]
    guide = _find(rows, TARGET_CALL, "rate-limited", GUIDE)
    ok = bool(ours_found) and all(
        finished(r) and (r.real_minutes or 0) < MAX_RATE_LIMITED_MINUTES for r in ours_found
    )
    targets = [
        Target(
            f"30 req/min: {TARGET_CALL} sentences redacted in < {MAX_RATE_LIMITED_MINUTES:.0f} "
            "real-time-equivalent minutes",
            ok,
            ", ".join(f"{r.algorithm} {r.real_minutes or 0:.2f} min" for r in ours_found),
        )
    ]
    if guide is not None:
        bound = guide.lower_bound_minutes or 0.0
        crashed_on_429 = guide.crashed is not None and guide.statuses.get("429", 0) > 0
        targets.append(
            Target(
                f"30 req/min: the guide needs > {GUIDE_RATE_LIMITED_MINUTES:.0f} min "
                "(or crashes on the first 429)",
                bound > GUIDE_RATE_LIMITED_MINUTES or crashed_on_429,
                f"{guide.sentences_total} sequential requests >= {bound:.1f} min; "
                + (
                    f"crashed ({guide.crashed}) on the first 429 after {guide.sentences_done}"
                    if crashed_on_429
                    else "did not crash"
                ),
            )
        )
    return targets


def _audio(results: SuiteResults) -> list[Target]:
    runs = results.audio
    if not runs:
        return []
    written = [r for r in runs if r.exit_code == 0 and r.output_minutes and not r.notes]
    length_errors = [abs(r.output_minutes - r.minutes) * 60_000 for r in written]
    return [
        Target(
            f"redacted audio >= {MIN_AUDIO_SPEED:.0f}x faster than real time",
            len(written) == len(runs) and all((r.speed or 0) >= MIN_AUDIO_SPEED for r in runs),
            "; ".join(
                f"{r.recording}: {r.minutes:.0f} min in {r.audio_s or 0:.0f} s "
                f"({r.speed or 0:.0f}x), {r.intervals} stretches"
                for r in runs
            ),
        ),
        Target(
            f"peak memory of redact-bot file --audio-out < {MAX_AUDIO_MB:.0f} MB, "
            "a 550 MB recording included",
            all(r.rss_mb is not None and r.rss_mb < MAX_AUDIO_MB for r in runs),
            "; ".join(
                f"{r.recording} ({r.size_mb:.0f} MB): VmHWM {r.rss_mb or 0:.1f} MB" for r in runs
            ),
        ),
        Target(
            f"redacted audio as long as the recording (within {MAX_AUDIO_LENGTH_ERROR_MS:.0f} ms)",
            len(written) == len(runs)
            and all(e <= MAX_AUDIO_LENGTH_ERROR_MS for e in length_errors),
            ", ".join(f"{e:.0f} ms" for e in length_errors) or "no audio written",
        ),
    ]


def evaluate(results: SuiteResults, verdict: SweepVerdict | None) -> list[Target]:
    rows = results.main
    targets: list[Target] = []
    guide = _find(rows, TARGET_CALL, "fast", GUIDE)
    ours = [r for r in (_find(rows, TARGET_CALL, "fast", a) for a in OURS) if r is not None]
    if guide is not None and ours:
        targets += _ratios(guide, ours)
        targets += _safety(rows, guide, ours)
    targets += _rate_limited(rows)
    if results.big_file is not None:
        big = results.big_file
        targets.append(
            Target(
                f"peak memory of redact-bot file on a 500 MB file < {MAX_BIG_FILE_MB:.0f} MB",
                finished(big) and big.rss_mb is not None and big.rss_mb < MAX_BIG_FILE_MB,
                f"VmHWM {big.rss_mb or 0:.1f} MB; " + "; ".join(big.notes),
            )
        )
    targets += _audio(results)
    targets.append(
        Target(
            f"whole benchmark < {MAX_BENCH_SECONDS / 60:.0f} minutes",
            results.seconds < MAX_BENCH_SECONDS,
            f"{results.seconds:.0f} s (excluding `make`'s install step)",
        )
    )
    if verdict is not None:
        targets.append(
            Target(
                f"defaults NER_SENTENCES_PER_REQUEST={DEFAULTS[0]}, NER_CONCURRENCY={DEFAULTS[1]}"
                " are supported by the sweep",
                DEFAULTS in verdict.qualifying,
                verdict.summary,
            )
        )
    return targets
