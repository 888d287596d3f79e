"""Slack I/O for jobs: stream a shared file, post and update messages, upload a file."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clients.file_hosts import TokenPolicy, describe_host
from bot.clients.http import DEFAULT_CONNECT_TIMEOUT, build_session

log = logging.getLogger(__name__)
DOWNLOAD_CHUNK = 1024 * 1024
MAX_REDIRECTS = 5
OUTCOMES_REMEMBERED = 10_000
MESSAGE_LIMIT = 40000  # chat.postMessage truncates text beyond this


class CannotReadFile(Exception):
    """Slack answered a file download with a web page: the token lacks files:read."""


class NotOnSlack(Exception):
    """The file is not served by Slack (an external file, or a download URL on another host):
    the bot token is not sent there, so the file cannot be read."""

    def __init__(self, host: str) -> None:
        super().__init__(f"the file is not served by Slack (host {host})")
        self.host = host


class SlackFileError(Exception):
    """A file download or upload answered with an HTTP error."""

    def __init__(self, status: int | None, *, download: bool) -> None:
        what = "download" if download else "upload"
        super().__init__(f"Slack file {what} failed (HTTP {status})")
        self.status = status
        self.download = download


class SlackIO:
    def __init__(
        self,
        client: WebClient,
        bot_token: str,
        *,
        api_url: str = "https://slack.com/api/",
        download_timeout: float = 120.0,
    ):
        self.client = client
        self._bot_token = bot_token
        self._token_policy = TokenPolicy(api_url)
        self._session = build_session(3)
        self._timeout = (DEFAULT_CONNECT_TIMEOUT, download_timeout)
        self._moved: dict[tuple[str, str], str] = {}  # (channel, deleted ts) -> its replacement
        self._moved_lock = threading.Lock()
        # Messages that show an outcome, and locks that keep a message's edits in order.
        self._outcomes: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._message_locks = [threading.Lock() for _ in range(64)]

    def file_info(self, file_id: str) -> dict[str, Any]:
        return dict(self.client.files_info(file=file_id)["file"])

    def _get(self, url: str) -> requests.Response:
        """GET `url`, following redirects ourselves: the token goes with a hop only when that
        hop's URL is one of Slack's (`bot.clients.file_hosts`), whatever the hop before it was."""
        for _ in range(MAX_REDIRECTS + 1):
            headers = {}
            if self._token_policy.allows(url):
                headers["Authorization"] = f"Bearer {self._bot_token}"
            response = self._session.get(
                url, headers=headers, stream=True, timeout=self._timeout, allow_redirects=False
            )
            location = response.headers.get("Location")
            if not (response.is_redirect and location):
                return response
            response.close()
            url = requests.compat.urljoin(url, location)
        raise SlackFileError(None, download=True)

    def download(self, file: dict[str, Any]) -> Iterator[bytes]:
        """Stream a file's bytes. The bot token is sent only to Slack's own hosts; a file whose
        download URL is elsewhere (an external file, a tampered event) is refused unread."""
        url = file.get("url_private_download") or file.get("url_private")
        if file.get("is_external") or file.get("mode") == "external":
            raise NotOnSlack(describe_host(str(file.get("external_url") or url or "")))
        if not url:
            raise CannotReadFile("the file has no download URL")
        if not self._token_policy.allows(url):
            raise NotOnSlack(describe_host(url))
        response = self._get(url)
        if response.status_code != 200:
            response.close()
            raise SlackFileError(response.status_code, download=True)
        content_type = response.headers.get("Content-Type", "").lower()
        if content_type.startswith("text/html"):
            response.close()
            raise CannotReadFile("Slack sent a web page instead of the file")
        return self._chunks(response)

    @staticmethod
    def _chunks(response: requests.Response) -> Iterator[bytes]:
        with response:
            first = True
            for chunk in response.iter_content(DOWNLOAD_CHUNK):
                if first and chunk.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
                    raise CannotReadFile("Slack sent a web page instead of the file")
                first = False
                yield chunk

    def post(
        self, channel: str, thread_ts: str | None, text: str, blocks: list | None = None
    ) -> str:
        return self.post_in(channel, thread_ts, text, blocks)[1]

    def post_in(
        self, channel: str, thread_ts: str | None, text: str, blocks: list | None = None
    ) -> tuple[str, str]:
        """Post; return (channel id, ts). Posting to a user's id lands in the bot's DM with
        them, whose channel id later edits need."""
        response = self.client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=text[:MESSAGE_LIMIT], blocks=blocks
        )
        return str(response["channel"]), str(response["ts"])

    def update(
        self,
        channel: str,
        ts: str,
        text: str,
        blocks: list | None = None,
        *,
        progress: bool = False,
    ) -> None:
        """Edit a message; one that was replaced (`replaced`) is edited in its new place.

        A `progress` edit (a status) never lands after an ordinary one (a result or a
        failure): once a message shows its outcome, late progress edits are dropped."""
        with self._moved_lock:
            ts = self._moved.get((channel, ts), ts)
            lock = self._message_locks[hash((channel, ts)) % len(self._message_locks)]
        with lock:
            if progress and (channel, ts) in self._outcomes:
                return
            self.client.chat_update(
                channel=channel, ts=ts, text=text[:MESSAGE_LIMIT], blocks=blocks
            )
            if not progress:
                self._outcomes[(channel, ts)] = None
                while len(self._outcomes) > OUTCOMES_REMEMBERED:
                    self._outcomes.popitem(last=False)

    def replaced(self, channel: str, old_ts: str, new_ts: str) -> None:
        """A message someone deleted was posted again as `new_ts`: edits of `old_ts` go there."""
        with self._moved_lock:
            for key, value in list(self._moved.items()):
                if value == old_ts and key[0] == channel:
                    self._moved[key] = new_ts
            self._moved[(channel, old_ts)] = new_ts

    def start_upload(self, filename: str, content: bytes | Path) -> tuple[str, str]:
        """Reserve an upload: (file_id, upload_url). The three steps of an upload are apart
        so a job can record the file id before the file is shared, and never share twice.
        `content` is the bytes, or a file that is sent streamed (memory stays flat)."""
        length = len(content) if isinstance(content, bytes) else content.stat().st_size
        response = self.client.files_getUploadURLExternal(filename=filename, length=length)
        return str(response["file_id"]), str(response["upload_url"])

    def send_upload(self, upload_url: str, content: bytes | Path) -> None:
        if isinstance(content, bytes):
            response = self._session.post(upload_url, data=content, timeout=self._timeout)
        else:
            with content.open("rb") as readable:  # streamed, with its Content-Length
                response = self._session.post(upload_url, data=readable, timeout=self._timeout)
        if response.status_code != 200:
            raise SlackFileError(response.status_code, download=False)

    def share_upload(self, file_id: str, *, title: str, channel: str, thread_ts: str) -> None:
        self.client.files_completeUploadExternal(
            files=[{"id": file_id, "title": title}], channel_id=channel, thread_ts=thread_ts
        )

    def is_shared(self, file_id: str, channel: str) -> bool:
        """Whether a file the bot uploaded is shared in `channel` (False when Slack does not
        know the file: an upload that was never completed). For a share whose answer was lost
        (the process was killed while Slack took it): sharing it again would post it twice."""
        try:
            file = self.file_info(file_id)
        except SlackApiError as exc:
            if exc.response.get("error") in ("file_not_found", "file_deleted"):
                return False
            raise
        shares = file.get("shares")
        if isinstance(shares, dict):
            for where in (shares.get("public"), shares.get("private")):
                if isinstance(where, dict) and channel in where:
                    return True
        listed = [file.get(key) for key in ("channels", "groups", "ims")]
        return any(isinstance(ids, list) and channel in ids for ids in listed)
