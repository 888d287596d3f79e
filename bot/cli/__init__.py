"""`redact-bot serve | text | file`. Exit 0 ok, 1 could not finish, 2 usage or settings error.

Standard output carries only redacted results; every diagnostic goes to standard error. One
module per command: `bot.cli.text`, `bot.cli.file`, `bot.cli.serve`.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path

from bot.cli import file, serve, text
from bot.cli.common import EXIT_FAILED, EXIT_USAGE, say
from bot.config import REDACT_STYLES, SettingsError
from bot.logs import describe_exception

log = logging.getLogger("bot.cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="redact-bot",
        description="Redact personal data from text, call recordings and Slack threads.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="run the Slack app")

    def redaction_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--style", choices=REDACT_STYLES, help="overrides REDACT_STYLE")
        command.add_argument("--json", action="store_true", help="print JSON with entity spans")
        command.add_argument(
            "--allow-partial",
            action="store_true",
            help="print the result even if some sentences had to be withheld (exit 0)",
        )

    text_command = commands.add_parser("text", help="redact TEXT (or standard input)")
    text_command.add_argument(
        "text", nargs="*", metavar="TEXT", help="text to redact; stdin if none"
    )
    redaction_options(text_command)

    file_command = commands.add_parser("file", help="transcribe and redact an audio or video file")
    file_command.add_argument("path", metavar="PATH")
    file_command.add_argument(
        "--audio-out",
        metavar="OUT",
        type=Path,
        help="also write the recording's audio with every redacted word bleeped (.m4a or .mp3)",
    )
    redaction_options(file_command)
    return parser


COMMANDS = {"text": text.run, "file": file.run, "serve": serve.run}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SettingsError as exc:
        say(f"setting {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_FAILED
    except Exception as exc:
        # No message or traceback on the terminal: either may quote the text being redacted.
        log.error("unexpected failure: %s", describe_exception(exc))
        say(f"internal error ({type(exc).__name__}); nothing was printed")
        return EXIT_FAILED
