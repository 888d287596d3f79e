"""`redact-bot serve | text | file`. Exit 0 ok, 1 could not finish, 2 usage or settings error.

Standard output carries only redacted results; every diagnostic goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import REDACT_STYLES, Settings, SettingsError, load_settings
from bot.logs import configure_logging, describe_exception
from bot.redaction import Redaction

if TYPE_CHECKING:
    from bot.pipeline import RedactedTranscript
    from bot.progress import TerminalProgress as Progress

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
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

    text = commands.add_parser("text", help="redact TEXT (or standard input)")
    text.add_argument("text", nargs="*", metavar="TEXT", help="text to redact; stdin if none")
    redaction_options(text)

    file = commands.add_parser("file", help="transcribe and redact an audio or video file")
    file.add_argument("path", metavar="PATH")
    file.add_argument(
        "--audio-out",
        metavar="OUT",
        type=Path,
        help="also write the recording's audio with every redacted word bleeped (.m4a or .mp3)",
    )
    redaction_options(file)
    return parser


def _settings(*required: str) -> Settings:
    settings = load_settings(require=required)
    configure_logging(
        settings.log_level,
        secrets=(
            settings.assemblyai_api_key,
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
        ),
    )
    return settings


def _report_withheld(redaction: Redaction, *, printed: bool) -> None:
    what = (
        "were withheld"
        if printed
        else "could not be checked, so nothing was printed (--allow-partial prints the rest)"
    )
    print(
        f"redact-bot: {len(redaction.withheld)} of {redaction.sentence_count} sentences {what}: "
        f"{redaction.withheld_reason or 'no reason known'}.",
        file=sys.stderr,
    )


def _text_command(args: argparse.Namespace) -> int:
    from bot.factory import build_redactor

    settings = _settings("ASSEMBLYAI_API_KEY")
    text = " ".join(args.text) if args.text else sys.stdin.read()
    redactor = build_redactor(settings)
    redaction = redactor.redact(text, style=args.style)
    if not redaction.complete and not args.allow_partial:
        _report_withheld(redaction, printed=False)
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
        _report_withheld(redaction, printed=True)
    return EXIT_OK


def _audio_out_problem(path: Path, audio_out: Path, settings: Settings) -> str | None:
    """Why `--audio-out OUT` cannot be written, in one line; or None (SettingsError when
    REDACTED_AUDIO is off). Checked before the upload: a typo must not cost a transcription."""
    from bot.audio.bleep import OUTPUT_FORMATS

    if not settings.redacted_audio:
        raise SettingsError("REDACTED_AUDIO", "is off, so --audio-out cannot be used")
    if audio_out.suffix.lower() not in OUTPUT_FORMATS:
        return f"--audio-out must end in {' or '.join(OUTPUT_FORMATS)}"
    if not audio_out.parent.is_dir():
        return "the folder of --audio-out does not exist"
    if audio_out.is_dir():
        return "--audio-out is a folder"
    if audio_out.exists() and audio_out.resolve() == path.resolve():
        return "--audio-out must not be the recording itself"
    return None


def _write_audio(
    args: argparse.Namespace, settings: Settings, result: RedactedTranscript, progress: Progress
) -> dict[str, object]:
    """Write the redacted audio; on failure, say so in one line. Never raises: the
    redacted transcript is printed whatever happens to the audio."""
    from bot.audio import AudioUnavailable
    from bot.audio.redacted import write_redacted_audio

    def bleeping(seconds: float) -> None:
        progress.show(f"redacting audio… {seconds / 60:.0f} min done")

    progress.show("redacting audio…")
    try:
        written = write_redacted_audio(
            Path(args.path),
            args.audio_out,
            result.document,
            result.redaction.spans,
            settings,
            on_progress=bleeping,
        )
    except AudioUnavailable as exc:
        reason = str(exc)
    except Exception as exc:
        log.error("redacted audio failed: %s", describe_exception(exc))
        args.audio_out.unlink(missing_ok=True)
        reason = f"internal error ({type(exc).__name__})"
    else:
        progress.done()
        return {"written": True, "duration_ms": written.duration_ms}
    progress.done()
    print(
        f"redact-bot: the redacted audio could not be produced: {reason}; OUT was not written",
        file=sys.stderr,
    )
    return {"written": False, "reason": reason}


def _file_command(args: argparse.Namespace) -> int:
    from bot.clients.assemblyai import AssemblyAIError, FileTooLarge, TranscriptionFailed
    from bot.factory import build_pipeline
    from bot.media import local_file_problem
    from bot.progress import TerminalProgress

    settings = _settings("ASSEMBLYAI_API_KEY")
    path = Path(args.path)
    problem = local_file_problem(path)
    if problem is None and args.audio_out is not None:
        problem = _audio_out_problem(path, args.audio_out, settings)
    if problem:
        print(f"redact-bot: {problem}", file=sys.stderr)
        return EXIT_USAGE
    pipeline = build_pipeline(settings)
    progress = TerminalProgress()
    transcript_id: str | None = None
    try:
        transcript_id = pipeline.start_transcript(
            pipeline.upload(path, on_bytes=progress.uploading)
        )
        transcript = pipeline.wait(transcript_id, on_status=progress.status)
        result = pipeline.redact(
            transcript_id, transcript, style=args.style, progress=progress.redacting
        )
    except (FileTooLarge, AssemblyAIError) as exc:
        progress.done()
        failed = isinstance(exc, TranscriptionFailed)
        print(
            f"redact-bot: {f'transcription failed: {exc.message}' if failed else exc}",
            file=sys.stderr,
        )
        return EXIT_USAGE if isinstance(exc, FileTooLarge) else EXIT_FAILED
    finally:
        progress.done()
        # Whatever happened, the unredacted transcript does not stay at AssemblyAI.
        deleted = transcript_id is None or pipeline.cleanup(transcript_id)
        if not deleted:
            print(
                f"redact-bot: warning: could not delete transcript {transcript_id} from AssemblyAI",
                file=sys.stderr,
            )
    redaction = result.redaction
    if not redaction.complete and not args.allow_partial:
        _report_withheld(redaction, printed=False)
        return EXIT_FAILED
    if not result.has_speech:
        print("redact-bot: no speech was found in the recording", file=sys.stderr)
    audio = None if args.audio_out is None else _write_audio(args, settings, result, progress)
    if args.json:
        payload = {
            "transcript_id": transcript_id,
            "text": result.text,
            "sentences": result.sentences_json(),
            "counts": redaction.counts(),
            "withheld": len(redaction.withheld),
            "transcript_deleted": deleted,
        }
        if audio is not None:
            payload["audio"] = audio
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    elif result.text:
        sys.stdout.write(result.text + "\n")
    if redaction.withheld:
        _report_withheld(redaction, printed=True)
    return EXIT_OK


def _serve_command(args: argparse.Namespace) -> int:
    from bot.server import serve

    settings = _settings("ASSEMBLYAI_API_KEY", "SLACK_BOT_TOKEN")
    if not settings.slack_app_token:  # HTTP mode: requests are verified with the secret
        settings.require("SLACK_SIGNING_SECRET")
    return serve(settings)


COMMANDS = {"text": _text_command, "file": _file_command, "serve": _serve_command}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SettingsError as exc:
        print(f"redact-bot: setting {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("redact-bot: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        # No message or traceback on the terminal: either may quote the text being redacted.
        log.error("unexpected failure: %s", describe_exception(exc))
        print(
            f"redact-bot: internal error ({type(exc).__name__}); nothing was printed",
            file=sys.stderr,
        )
        return EXIT_FAILED
