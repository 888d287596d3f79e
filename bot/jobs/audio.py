"""The redacted audio of a recording job, once its redacted transcript is in the thread.

Durable steps, each written to the job's row before the next begins:

1. The transcript is posted → AUDIO, with the stretches to bleep (`audio_intervals`: times
   in ms, nothing else), or with why there can be no audio (`audio_problem`: no word
   timings). Nothing more of the transcript is needed: AssemblyAI's copy is deleted next.
2. The recording is downloaded from Slack again into a private copy in DATA_DIR/audio,
   bleeped into `job-<id>-<file id>-redacted.m4a` beside it (written under a temporary name
   and renamed when complete), and the copy is deleted → AUDIO_READY. A restart from here
   does not bleep again.
3. The upload is reserved and its Slack file id recorded (`audio_file_id`) before the bytes
   are sent and the file is shared into the thread → POSTED, and the redacted file is
   deleted. A restart with a recorded file id first asks Slack whether the file is shared
   already (the process may have died after Slack took the share), then finishes that
   upload or makes a new one: the audio is shared once.

When the audio cannot be made (a file FFmpeg cannot decode, no word timings, the recording
gone from Slack, or a temporary failure that outlasted JOB_MAX_ATTEMPTS) the reason is
recorded, the thread gets one line saying so (`messages.audio_unavailable`), and the job
ends POSTED: the transcript stands, and the original recording is never posted.

Why the recording is downloaded again instead of kept from the transcription's download: a
kept copy would sit on disk, unredacted, from the first download until the transcript is
posted — through AssemblyAI's queue, the transcription (TRANSCRIBE_TIMEOUT allows 3 hours)
and every retry — up to JOB_MAX_FILE_MB for each job, including those that fail, find no
speech or run with REDACTED_AUDIO off; and a restart would need the download anyway (a job
resumed after its upload has no copy, a copy from a killed process may be partial). One
path instead of two. A second download from Slack's file servers costs seconds, and the
copy lives only while the audio is made (about a minute for an hour of audio). It is a file,
not a stream, because FFmpeg must seek in MP4/M4A/MOV recordings whose index is at the end.
A recording deleted from Slack meanwhile is not brought back: its audio is not made.

A reviewed transcript shared elsewhere gets its own audio, bleeped as reviewed: a job row of
its own keyed by the share message, inserted at AUDIO with its stretches
(`JobAudio.follow_share`), then the steps above.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath
from typing import IO, TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot import messages
from bot.audio import AudioUnavailable
from bot.audio.redacted import bleep_intervals, intervals_for
from bot.audio.timings import Interval, intervals_from_json, intervals_to_json
from bot.clients.slack import CannotReadFile, NotOnSlack, SlackFileError, SlackIO
from bot.config import Settings
from bot.jobs.guard import Guard, Stopping
from bot.jobs.limits import too_large
from bot.jobs.phase import Phase
from bot.logs import describe_exception
from bot.redaction import Span
from bot.store import Job, NewJob, Store
from bot.transcript import Document

if TYPE_CHECKING:
    from bot.audio.bleep import BleepResult

log = logging.getLogger(__name__)

WORK_FOLDER = "audio"  # in DATA_DIR: private copies while the audio is made, and its output
GONE_FROM_SLACK = frozenset({"file_not_found", "file_deleted"})
REFUSED_DOWNLOAD = frozenset({401, 403, 404, 410})
TOO_LARGE = "the recording is larger than JOB_MAX_FILE_MB"


def make_redacted_audio(
    slack: SlackIO,
    file_id: str,
    intervals: Sequence[Interval],
    destination: Path,
    settings: Settings,
    *,
    check: Callable[[], None] = lambda: None,
) -> BleepResult:
    """Write the audio of the Slack file `file_id` to `destination` (`.m4a`) with
    `intervals` bleeped (REDACTED_AUDIO_STYLE). The recording is downloaded, streamed, into a
    private temporary copy beside `destination`, deleted whatever happens. `check` runs for
    every chunk downloaded and every minute of audio bleeped, and may raise to stop.

    Raises AudioUnavailable when the audio cannot be made (a recording FFmpeg cannot decode,
    one gone from Slack or over JOB_MAX_FILE_MB); `destination` is then absent. Other errors
    (Slack unreachable) may pass if tried again."""
    file = _file_info(slack, file_id)
    if too_large(file.get("size"), settings):
        raise AudioUnavailable(TOO_LARGE)
    handle, name = tempfile.mkstemp(
        prefix=".recording-", suffix=_suffix(file), dir=destination.parent
    )
    source = Path(name)  # mode 0600: it holds the unredacted recording
    try:
        with os.fdopen(handle, "wb") as copy:
            _download(slack, file, copy, settings.job_max_file_mb * 1_000_000, check)
        return bleep_intervals(
            source, destination, intervals, settings, on_progress=lambda _seconds: check()
        )
    finally:
        source.unlink(missing_ok=True)


def _file_info(slack: SlackIO, file_id: str) -> dict[str, Any]:
    try:
        return slack.file_info(file_id)
    except SlackApiError as exc:
        if exc.response.get("error") in GONE_FROM_SLACK:
            raise AudioUnavailable("the recording is no longer on Slack") from None
        raise


def _suffix(file: dict[str, Any]) -> str:
    """The recording's own extension (a hint for FFmpeg's probe), if it is a plain one."""
    suffix = PurePath(str(file.get("name") or "")).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _download(
    slack: SlackIO,
    file: dict[str, Any],
    copy: IO[bytes],
    limit: int,
    check: Callable[[], None],
) -> None:
    """Stream the file into `copy`, never more than `limit` bytes, whatever Slack says."""
    written = 0
    try:
        for chunk in slack.download(file):
            check()
            written += len(chunk)
            if written > limit:
                raise AudioUnavailable(TOO_LARGE)
            copy.write(chunk)
    except (CannotReadFile, NotOnSlack):
        raise AudioUnavailable("the recording can no longer be read from Slack") from None
    except SlackFileError as exc:
        if exc.status in REFUSED_DOWNLOAD:
            reason = f"Slack refused to send the recording again (HTTP {exc.status})"
            raise AudioUnavailable(reason) from None
        raise


class JobAudio:
    """The audio steps of recording jobs (see the module's docstring)."""

    def __init__(
        self, store: Store, slack: SlackIO, settings: Settings, stopping: threading.Event
    ) -> None:
        self.store = store
        self.slack = slack
        self.settings = settings
        self.stopping = stopping
        self.folder = settings.data_dir / WORK_FOLDER

    def begin(self, job: Job, document: Document | None, spans: Sequence[Span]) -> Job:
        """The transcript of `document` redacted by `spans` is posted: move the job to AUDIO
        with the stretches to bleep (or why there are none), or end it when there is no
        audio to make (REDACTED_AUDIO off; `document` None: no speech)."""
        if document is None or not self.settings.redacted_audio:
            return self.store.update_job(job.id, phase=Phase.POSTED)
        intervals, problem = self._plan(document, spans)
        return self.store.update_job(
            job.id,
            phase=Phase.AUDIO,
            attempts=0,
            audio_intervals=intervals,
            audio_problem=problem,
            audio_file_id=None,
        )

    def follow_share(
        self,
        source: Job,
        document: Document,
        spans: Sequence[Span],
        *,
        channel: str,
        thread_ts: str,
        user_id: str,
    ) -> Job | None:
        """A reviewed transcript of `source`'s recording was shared as the message
        `thread_ts` in `channel`: a job of its own, at AUDIO with the stretches of the
        reviewed `spans`, shares the audio bleeped as reviewed under it (once: the share
        message is its key). None when REDACTED_AUDIO is off or the job exists already."""
        if not self.settings.redacted_audio:
            return None
        intervals, problem = self._plan(document, spans)
        job = self.store.add_job(
            NewJob(
                team_id=source.team_id,
                channel_id=channel,
                message_ts=thread_ts,
                file_id=source.file_id,
                thread_ts=thread_ts,
                user_id=user_id,
                file_name=source.file_name,
                phase=Phase.AUDIO,
                status_ts=thread_ts,  # the share message: never a status message of its own
                audio_intervals=intervals,
                audio_problem=problem,
            )
        )
        if job is not None:
            log.info("audio follows a review share job=%s source=%s", job.id, source.id)
        return job

    def _plan(self, document: Document, spans: Sequence[Span]) -> tuple[str | None, str | None]:
        """The stretches to bleep as JSON, or why there can be none."""
        try:
            return intervals_to_json(intervals_for(document, spans, self.settings)), None
        except AudioUnavailable as exc:
            return None, str(exc)
        except Exception as exc:  # the transcript is posted: whatever fails here is the audio's
            log.error("audio timings failed: %s", describe_exception(exc))
            return None, f"internal error ({type(exc).__name__})"

    def run(self, job: Job, guard: Guard | None = None) -> None:
        """From AUDIO or AUDIO_READY to POSTED: the redacted audio shared in the thread once,
        or one line saying why it could not be made. Errors that trying again may fix (Slack
        unreachable) propagate: the runner tries again later, and at last calls `give_up`.
        `guard` is asked while the audio is made and before each post (see `bot.jobs.guard`)."""
        guard = guard or Stopping(self.stopping)
        if not self.settings.redacted_audio:  # turned off since the transcript was posted
            self._end(job)
            return
        if job.audio_problem is None and not self._shared_before(job, guard):
            try:
                path = self._redacted_file(job, guard)
                guard.confirm()  # shared once: only while the job is still ours
                self._upload(job, path, guard)
            except AudioUnavailable as exc:
                log.warning("redacted audio unavailable job=%s: %s", job.id, exc)
                job = self.store.update_job(job.id, audio_problem=str(exc)[:300])
        if job.audio_problem is not None:
            guard.confirm()
            self._tell(job)
        self._end(job)

    def give_up(self, job: Job, reason: str) -> None:
        """A failure that trying again did not fix: the thread is told in one line (best
        effort), and the job ends POSTED."""
        if job.audio_problem is None:
            job = self.store.update_job(job.id, audio_problem=reason[:300])
        if self.settings.redacted_audio:
            try:
                self._tell(job)
            except Exception as exc:
                log.warning("audio notice not posted job=%s error=%s", job.id, type(exc).__name__)
        self._end(job)

    def sweep(self, unfinished: Iterable[Job]) -> int:
        """At start, before any job runs: delete what a killed process left in the work
        folder (private copies of recordings, half-written output, and redacted audio no job
        waits to share). Returns how many files were deleted."""
        if not self.folder.is_dir():
            return 0
        keep = {self._path(job).name for job in unfinished if job.phase == Phase.AUDIO_READY}
        removed = 0
        for path in self.folder.iterdir():
            if path.is_file() and path.name not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        if removed:
            log.info("deleted files a stopped process left in the audio folder count=%d", removed)
        return removed

    # --- the steps ---

    def _path(self, job: Job) -> Path:
        file_id = re.sub(r"[^A-Za-z0-9]", "", job.file_id)[:40]
        return self.folder / f"job-{job.id}-{file_id}-redacted.m4a"

    def _redacted_file(self, job: Job, guard: Guard) -> Path:
        """The job's redacted audio: made before a restart (AUDIO_READY), or made now."""
        path = self._path(job)
        if job.phase == Phase.AUDIO_READY and path.exists():
            log.info("redacted audio was made before the restart job=%s", job.id)
            return path
        try:
            intervals = intervals_from_json(job.audio_intervals or "")
        except ValueError:  # never bleep nothing for want of the stretches
            raise AudioUnavailable("the stretches to bleep were not recorded") from None
        self.folder.mkdir(parents=True, exist_ok=True)
        make_redacted_audio(
            self.slack, job.file_id, intervals, path, self.settings, check=guard.check
        )
        self.store.update_job(job.id, phase=Phase.AUDIO_READY)
        return path

    def _upload(self, job: Job, path: Path, guard: Guard) -> None:
        name = messages.audio_file_name(job.file_name)
        file_id, upload_url = self.slack.start_upload(name, path)
        self.store.update_job(job.id, audio_file_id=file_id)
        self.slack.send_upload(upload_url, path)
        # The upload may have outlasted the lease: whoever holds the job now shares this
        # recorded upload (`_shared_before`), so this replica shares only while it is ours.
        # When stopping, the bytes are at Slack already: sharing them is a moment of the grace.
        if not self.stopping.is_set():
            guard.confirm()
        self._share(job, file_id)
        log.info("audio shared job=%s bytes=%d", job.id, path.stat().st_size)

    @staticmethod
    def _thread(job: Job) -> tuple[str, str]:
        """Where the job's audio and its notice go: the thread its transcript is in (a
        private job's: its owner's DM, under its status message)."""
        thread_ts = job.reply_thread_ts or job.status_ts
        assert thread_ts
        return job.reply_channel_id, thread_ts

    def _share(self, job: Job, file_id: str) -> None:
        channel, thread_ts = self._thread(job)
        self.slack.share_upload(
            file_id, title=messages.AUDIO_TITLE, channel=channel, thread_ts=thread_ts
        )

    def _shared_before(self, job: Job, guard: Guard) -> bool:
        """Whether an upload recorded before a restart is shared now: it was already (Slack
        took the share, the process died before writing it down), or it is finished now."""
        if job.phase != Phase.AUDIO_READY or not job.audio_file_id:
            return False
        if self.slack.is_shared(job.audio_file_id, self._thread(job)[0]):
            log.info("redacted audio was shared before the restart job=%s", job.id)
            return True
        guard.confirm()
        try:
            self._share(job, job.audio_file_id)
        except SlackApiError:
            log.info("earlier audio upload not shareable; uploading again job=%s", job.id)
            return False
        log.info("audio shared job=%s (an upload made before the restart)", job.id)
        return True

    def _tell(self, job: Job) -> None:
        assert job.audio_problem is not None
        text = messages.audio_unavailable(job.file_name, job.audio_problem)
        self.slack.post(*self._thread(job), text)

    def _end(self, job: Job) -> None:
        self.store.update_job(job.id, phase=Phase.POSTED)
        self._path(job).unlink(missing_ok=True)
