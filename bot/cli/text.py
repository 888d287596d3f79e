"""`redact-bot text [TEXT]`: redact its arguments or standard input."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    report_withheld,
    say,
    settings_for,
    shared_budget,
)
from bot.store import StoreError


def run(args: argparse.Namespace) -> int:
    from bot.services import build_gateway, build_redactor

    settings = settings_for("ASSEMBLYAI_API_KEY")
    text = " ".join(args.text) if args.text else sys.stdin.read()
    try:
        with shared_budget(settings) as limiter:
            redactor = build_redactor(settings, build_gateway(settings, limiter))
            redaction = redactor.redact(text, style=args.style)
    except StoreError as exc:
        say(str(exc))
        return EXIT_USAGE
    if not redaction.complete and not args.allow_partial:
        report_withheld(redaction, printed=False)
        return EXIT_FAILED
    if args.json:
        entities = [
            {"type": span.type, "start": span.start, "end": span.end}
            for span in redaction.entity_spans
        ]
        withheld = [{"start": s.start, "end": s.end} for s in redaction.withheld]
        payload = {"text": redaction.text, "entities": entities, "withheld": withheld}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(redaction.text if redaction.text.endswith("\n") else redaction.text + "\n")
    if redaction.withheld:
        report_withheld(redaction, printed=True)
    return EXIT_OK
