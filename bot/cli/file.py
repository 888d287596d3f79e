"""`redact-bot file PATH [--audio-out OUT]`: transcribe a recording, print it redacted, and
optionally write its audio with every redacted word bleeped. The phases are the job
runner's own (`bot.jobs.phases`); the transcript is deleted from AssemblyAI whatever
happens once it exists."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    report_withheld,
    say,
    settings_for,
    shared_budget,
)
from bot.config import Settings, SettingsError
from bot.logs import describe_exception
from bot.store import StoreError

if TYPE_CHECKING:
    from bot.cli.progress import TerminalProgress
    from bot.clients.ratelimit import Limiter
    from bot.jobs.phases import Notes
    from bot.pipeline import Pipeline, RedactedTranscript

log = logging.getLogger("bot.cli")


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
    args: argparse.Namespace,
    settings: Settings,
    result: RedactedTranscript,
    progress: TerminalProgress,
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
    say(f"the redacted audio could not be produced: {reason}; OUT was not written")
    return {"written": False, "reason": reason}


def _transcribe_and_redact(
    pipeline: Pipeline, path: Path, style: str | None, progress: TerminalProgress
) -> tuple[RedactedTranscript | None, Notes, int]:
    """The phases; (result, notes, exit code when there is no result)."""
    from bot.clients.assemblyai import AssemblyAIError, FileTooLarge, TranscriptionFailed
    from bot.jobs import phases

    notes = phases.Notes()
    try:
        transcript_id = phases.transcribe(
            pipeline,
            notes,
            lambda: pipeline.upload(path, on_bytes=progress.uploading),
            on_status=progress.status,
        )
        result = phases.redact(pipeline, transcript_id, style=style, progress=progress.redacting)
        return result, notes, EXIT_OK
    except (FileTooLarge, AssemblyAIError) as exc:
        progress.done()
        failed = isinstance(exc, TranscriptionFailed)
        say(f"transcription failed: {exc.message}" if failed else str(exc))
        return None, notes, EXIT_USAGE if isinstance(exc, FileTooLarge) else EXIT_FAILED
    finally:
        progress.done()


def _print(args: argparse.Namespace, result: RedactedTranscript, extra: dict[str, Any]) -> None:
    redaction = result.redaction
    if args.json:
        payload = {
            "transcript_id": result.transcript_id,
            "text": result.text,
            "sentences": result.sentences_json(),
            "counts": redaction.counts(),
            "withheld": len(redaction.withheld),
            **extra,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    elif result.text:
        sys.stdout.write(result.text + "\n")


def run(args: argparse.Namespace) -> int:
    from bot.media import local_file_problem

    settings = settings_for("ASSEMBLYAI_API_KEY")
    path = Path(args.path)
    problem = local_file_problem(path)
    if problem is None and args.audio_out is not None:
        problem = _audio_out_problem(path, args.audio_out, settings)
    if problem:
        say(problem)
        return EXIT_USAGE
    try:
        with shared_budget(settings) as limiter:
            return _run(args, settings, path, limiter)
    except StoreError as exc:
        say(str(exc))
        return EXIT_USAGE


def _run(args: argparse.Namespace, settings: Settings, path: Path, limiter: Limiter | None) -> int:
    from bot.cli.progress import TerminalProgress
    from bot.services import build_gateway, build_pipeline, build_redactor

    pipeline = build_pipeline(settings, build_redactor(settings, build_gateway(settings, limiter)))
    progress = TerminalProgress()
    result, notes, code = _transcribe_and_redact(pipeline, path, args.style, progress)
    # Whatever happened, the unredacted transcript does not stay at AssemblyAI.
    deleted = notes.transcript_id is None or pipeline.cleanup(notes.transcript_id)
    if not deleted:
        say(f"warning: could not delete transcript {notes.transcript_id} from AssemblyAI")
    if result is None:
        return code
    redaction = result.redaction
    if not redaction.complete and not args.allow_partial:
        report_withheld(redaction, printed=False)
        return EXIT_FAILED
    if not result.has_speech:
        say("no speech was found in the recording")
    extra: dict[str, Any] = {"transcript_deleted": deleted}
    if args.audio_out is not None:
        extra["audio"] = _write_audio(args, settings, result, progress)
    _print(args, result, extra)
    if redaction.withheld:
        report_withheld(redaction, printed=True)
    return EXIT_OK
