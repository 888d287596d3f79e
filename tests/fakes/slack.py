"""A fake Slack Web API, file server and response_url endpoint for tests.

Point slack_sdk at it with `WebClient(token=fake.token, base_url=fake.api_url)`. Methods answer
at `POST /api/<method>` (GET with query parameters works too); query, form, multipart and JSON
parameters are merged into one dict and every call is recorded in `fake.calls` as a `Call`.
A missing or wrong bearer token answers 200 `{"ok": false, "error": "invalid_auth"}`, as Slack
does. Implemented (what the bot calls): auth.test, chat.postMessage, chat.update, chat.delete
(a user deleting a message), files.info, files.getUploadURLExternal, the upload URL it
returns (`POST /upload/<file_id>`, raw bytes as slack_sdk sends them, or multipart) and
files.completeUploadExternal, so `client.files_upload_v2(...)` works end to end, and
apps.connections.open (it checks the app-level token `app_token`; behind the URL it returns,
`fake.socket_mode` serves Socket Mode: see `tests.fakes.socket_mode`). Anything else answers `unknown_method`. `fail_next(method, ...)` queues a
fault such as a 429 with Retry-After; `hold(method)` keeps calls waiting until released, and
`hold("upload")` the upload URL's POSTs, once their bytes are read (`upload_requests` lists
the file ids whose bytes arrived): a held call is carried out when released, even if its
client has gone meanwhile, as Slack carries out a request whose sender died.

A file shared by files.completeUploadExternal gets `shares` (`public` for C… channels,
`private` otherwise) and `channels`/`groups`/`ims` in files.info, as Slack's have. Completing
an upload a second time shares it a second time (the pessimistic reading of Slack's docs,
which do not say); to files.info an upload never completed is `file_not_found`.

Files to download are registered with `add_file`, which returns the file object an event
carries. Its `url_private_download` streams the content to a request bearing the bot token and
answers 200 with an HTML sign-in page to any other (what Slack does); `html_instead=True` always
answers the page (a missing `files:read` scope) and `redirect_host="localhost"` answers 302 to
the same server under another host name, which serves the content without a token, like
Slack's pre-signed CDN links, so a test can check the token was not sent there
(`fake.downloads`). `new_response_url()` issues a `response_url`; what is POSTed to it is
recorded in `fake.responses`.

Run it by hand: `python -m tests.fakes.slack --port 8092 --token xoxb-test [--file rec.m4a]`,
then create `WebClient(token="xoxb-test", base_url="http://127.0.0.1:8092/api/")`.
"""

from __future__ import annotations

import argparse
import contextlib
import email.parser
import email.policy
import json
import mimetypes
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from tests.fakes.base import FakeServer, QuietHandler
from tests.fakes.slack_views import ViewsAndConversations
from tests.fakes.socket_mode import SocketMode

T = TypeVar("T")

TEAM_ID = "T1"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
CHUNK = 64 * 1024
FIRST_TS = 1700000100
LOGIN_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en-US"><head><meta charset="utf-8"><title>Slack</title>'
    b"</head><body><h1>Sign in to Test</h1><p>test.slack.com</p>"
    b'<form action="/signin" method="post"><input type="email" name="email">'
    b'<button type="submit">Sign in with email</button></form></body></html>\n'
)
FILETYPES = {"txt": "text", "jpg": "jpg", "jpeg": "jpg", "md": "markdown", "py": "python"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]  # names lower-cased
    at: float


@dataclass
class Download:
    path: str  # with the query string, e.g. "/files-pri/T1-F00000001/download/a.m4a"
    headers: dict[str, str]  # names lower-cased; "host" says which host name was used
    at: float
    served: str  # "content", "html", "redirect" or "missing"


@dataclass
class Fault:
    status: int
    error: str
    retry_after: int | None


def ts_key(ts: str) -> tuple[int, int]:
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


def parse_multipart(content_type: str, raw: bytes) -> dict[str, str | bytes]:
    """Form fields as str, file parts as bytes."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    fields: dict[str, str | bytes] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        fields[str(name)] = payload if part.get_filename() is not None else payload.decode()
    return fields


def json_field(value: Any) -> Any:
    """Blocks, attachments and files arrive as JSON strings in form bodies."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


@dataclass
class FakeSlack(ViewsAndConversations, FakeServer):
    token: str = "xoxb-test"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    history: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> file object
    contents: dict[str, bytes | Path] = field(default_factory=dict)  # id -> content
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> filename, length
    uploaded: dict[str, bytes] = field(default_factory=dict)  # id -> bytes POSTed
    upload_requests: list[str] = field(default_factory=list)  # ids whose bytes arrived
    shared_files: list[dict[str, Any]] = field(default_factory=list)
    file_options: dict[str, tuple[bool, str | None]] = field(default_factory=dict)
    downloads: list[Download] = field(default_factory=list)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    response_urls: list[str] = field(default_factory=list)
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    held: dict[str, threading.Event] = field(default_factory=dict)
    app_token: str = "xapp-test"
    socket_mode: SocketMode = field(default_factory=SocketMode)

    def __post_init__(self) -> None:
        FakeServer.__init__(self, self.port)
        self._ts_count = 0
        self._file_count = 0

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    @property
    def port_number(self) -> int:
        return int(self._server.server_address[1])

    def stop(self) -> None:
        self.socket_mode.close()  # ends a connected app's WebSocket loop with the fake
        FakeServer.stop(self)

    # ---- set-up by tests ------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        error: str = "ratelimited",
        retry_after: int | None = 1,
        times: int = 1,
    ) -> None:
        """The next `times` calls to `method` answer `status` and `{"ok": false, "error"}`.

        A 429 carries `Retry-After: retry_after`. `status=200, error="not_in_channel"` plays
        an ordinary API error."""
        with self.lock:
            queue = self.faults.setdefault(method, deque())
            queue.extend(Fault(status, error, retry_after) for _ in range(times))

    def add_file(
        self,
        name: str,
        mimetype: str,
        content: bytes | Path,
        *,
        filetype: str | None = None,
        subtype: str | None = None,
        html_instead: bool = False,
        redirect_host: str | None = None,
        user: str = "U1",
        title: str | None = None,
    ) -> dict[str, Any]:
        """Registers a file to download; returns its Slack file object (a copy)."""
        size = len(content) if isinstance(content, bytes) else Path(content).stat().st_size
        if not isinstance(content, bytes):
            content = Path(content)
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        file = self._file_object(
            self._new_file_id(),
            name,
            title or name,
            mimetype,
            filetype or FILETYPES.get(extension, extension or "binary"),
            size,
            user,
        )
        if subtype is not None:
            file["subtype"] = subtype
            if subtype in ("slack_audio", "slack_video"):
                file["media_display_type"] = subtype.removeprefix("slack_")
        with self.lock:
            self.files[file["id"]] = file
            self.contents[file["id"]] = content
            self.file_options[file["id"]] = (html_instead, redirect_host)
        return json.loads(json.dumps(file))

    def hold(self, method: str) -> threading.Event:
        """Calls to `method` wait (recorded, unanswered) until the returned event is set, as
        a slow or rate-limited Slack would keep them; at most 60 s."""
        with self.lock:
            return self.held.setdefault(method, threading.Event())

    def set_file_fields(self, file_id: str, **fields: Any) -> dict[str, Any]:
        """Change what files.info says about a file (e.g. a download URL on another host, as a
        tampered or external file has); returns the new file object (a copy)."""
        with self.lock:
            self.files[file_id].update(fields)
            return json.loads(json.dumps(self.files[file_id]))

    def new_response_url(self) -> str:
        with self.lock:
            url = f"{self.url}/response/{len(self.response_urls) + 1}"
            self.response_urls.append(url)
        return url

    # ---- reading what happened -------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [call for call in self.calls if call.method == method]

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """Messages whose thread_ts is `thread_ts`, oldest first, as they stand now."""
        with self.lock:
            found = [
                dict(m)
                for (c, _), m in self.messages.items()
                if c == channel and m.get("thread_ts") == thread_ts
            ]
        return sorted(found, key=lambda m: ts_key(m["ts"]))

    def texts(self, channel: str, thread_ts: str) -> list[str]:
        return [m.get("text") or "" for m in self.thread(channel, thread_ts)]

    def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 30.0,
        interval: float = 0.05,
        message: str = "",
    ) -> T:
        """Polls `predicate` until it returns something true, and returns that."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                break
            time.sleep(interval)
        name = getattr(predicate, "__qualname__", repr(predicate))
        with self.lock:
            methods = [call.method for call in self.calls][-20:]
            posted = [
                (m["channel"], m.get("thread_ts"), m.get("text")) for m in self.messages.values()
            ]
        raise AssertionError(
            f"{message or 'condition'} not met within {timeout:g}s ({name} last returned "
            f"{value!r}); last Slack calls: {methods}; messages: {posted[-10:]}; "
            f"shared files: {len(self.shared_files)}, responses: {len(self.responses)}"
        )

    # ---- the Web API -----------------------------------------------------------------------

    def next_ts(self) -> str:
        with self.lock:
            self._ts_count += 1
            return f"{FIRST_TS + self._ts_count - 1}.000100"

    def _new_file_id(self) -> str:
        with self.lock:
            self._file_count += 1
            return f"F{self._file_count:08d}"

    def _file_object(
        self,
        file_id: str,
        name: str,
        title: str,
        mimetype: str,
        filetype: str,
        size: int,
        user: str,
    ) -> dict[str, Any]:
        quoted = quote(name)
        now = int(time.time())
        return {
            "id": file_id,
            "created": now,
            "timestamp": now,
            "name": name,
            "title": title,
            "mimetype": mimetype,
            "filetype": filetype,
            "pretty_type": filetype.upper(),
            "user": user,
            "user_team": TEAM_ID,
            "editable": False,
            "size": size,
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": True,
            "public_url_shared": False,
            "display_as_bot": False,
            "username": "",
            "url_private": f"{self.url}/files-pri/{TEAM_ID}-{file_id}/{quoted}",
            "url_private_download": f"{self.url}/files-pri/{TEAM_ID}-{file_id}/download/{quoted}",
            "permalink": f"{self.url}/files/{user}/{file_id}/{quoted}",
            "permalink_public": f"{self.url}/{TEAM_ID}-{file_id}-0000000000",
            "has_rich_preview": False,
            "file_access": "visible",
        }

    def _shares(self, channel: str, thread_ts: str | None) -> dict[str, Any]:
        """Where a shared file is, as files.info tells it."""
        if not channel:
            return {}
        kind = "public" if channel.startswith("C") else "private"
        listed = {"C": "channels", "G": "groups", "D": "ims"}.get(channel[:1], "groups")
        entry = {"ts": self.next_ts(), "channel_name": "general", "team_id": TEAM_ID}
        if thread_ts:
            entry.update(thread_ts=thread_ts, reply_count=0)
        return {"shares": {kind: {channel: [entry]}}, listed: [channel]}

    def take_fault(self, method: str) -> Fault | None:
        with self.lock:
            queue = self.faults.get(method)
            return queue.popleft() if queue else None

    def call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Runs one authenticated Web API method; returns the JSON answer."""
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(params)

    def api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"{self.url}/",
            "team": "Test",
            "user": "redact-bot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel.startswith("U"):  # a user's id: the bot's DM with them
            channel = "D" + channel[1:]
        if not self.bot_may_post(channel):
            return {"ok": False, "error": "not_in_channel"}
        blocks = json_field(params.get("blocks"))
        attachments = json_field(params.get("attachments"))
        if not (params.get("text") or blocks or attachments):
            return {"ok": False, "error": "no_text"}
        ts = self.next_ts()
        message = {
            "type": "message",
            "channel": channel,
            "ts": ts,
            "text": params.get("text") or "",
            "blocks": blocks,
            "attachments": attachments,
            "thread_ts": params.get("thread_ts") or None,
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
        }
        with self.lock:
            self.messages[(channel, ts)] = message
            self.history[(channel, ts)] = [{"text": message["text"], "blocks": blocks}]
            return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (params.get("channel") or "", params.get("ts") or "")
        with self.lock:
            message = self.messages.get(key)
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            if "text" in params:
                message["text"] = params["text"] or ""
            for name in ("blocks", "attachments"):
                if name in params:
                    message[name] = json_field(params[name])
            message["edited"] = {"user": BOT_USER_ID, "ts": f"{time.time():.6f}"}
            self.history[key].append({"text": message["text"], "blocks": message["blocks"]})
            return {
                "ok": True,
                "channel": key[0],
                "ts": key[1],
                "text": message["text"],
                "message": dict(message),
            }

    def api_chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (params.get("channel") or "", params.get("ts") or "")
        with self.lock:
            message = self.messages.pop(key, None)
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            self.deleted.append(message)
        return {"ok": True, "channel": key[0], "ts": key[1]}

    def api_files_info(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            file = self.files.get(params.get("file") or "")
            if file is None:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": json.loads(json.dumps(file)), "comments": []}

    def api_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        filename, length = params.get("filename"), params.get("length")
        if not filename or length is None:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._new_file_id()
        with self.lock:
            self.uploads[file_id] = {"filename": filename, "length": int(length)}
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        items = json_field(params.get("files"))
        if not isinstance(items, list) or not items:
            return {"ok": False, "error": "invalid_arguments"}
        if params.get("channel_id") and not self.bot_may_post(params["channel_id"]):
            return {"ok": False, "error": "not_in_channel"}
        with self.lock:
            if any(item.get("id") not in self.uploaded for item in items):
                return {"ok": False, "error": "file_not_found"}
        done = []
        for item in items:
            file_id = item["id"]
            with self.lock:
                upload, content = self.uploads[file_id], self.uploaded[file_id]
            name = upload["filename"]
            title = item.get("title") or name
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            file = self._file_object(
                file_id,
                name,
                title,
                mimetype,
                FILETYPES.get(extension, extension or "binary"),
                len(content),
                BOT_USER_ID,
            )
            channel = params.get("channel_id") or params.get("channels")
            file.update(self._shares(str(channel or ""), params.get("thread_ts")))
            share = {
                "file_id": file_id,
                "title": title,
                "filename": name,
                "channel_id": params.get("channel_id") or params.get("channels"),
                "thread_ts": params.get("thread_ts") or None,
                "initial_comment": params.get("initial_comment") or None,
                "content": content,
            }
            with self.lock:
                self.files[file_id] = file
                self.contents[file_id] = content
                self.shared_files.append(share)
            done.append({"id": file_id, "title": title, "name": name})
        return {"ok": True, "files": done}


class SlackHandler(QuietHandler):
    fake: FakeSlack

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/api/"):
            self.api(parts.path.removeprefix("/api/").strip("/"), parts.query, b"")
        elif parts.path.startswith("/files-pri/"):
            self.download(parts.path, parts.query)
        elif parts.path == "/socket":
            self.fake.socket_mode.serve(self)
        else:
            self.send_json(404, {"ok": False, "error": "not_found"})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        raw = self.read_body()
        if parts.path.startswith("/api/"):
            self.api(parts.path.removeprefix("/api/").strip("/"), parts.query, raw)
        elif parts.path.startswith("/upload/"):
            self.upload(parts.path.removeprefix("/upload/"), raw)
        elif parts.path.startswith("/response/"):
            self.response_url(raw)
        else:
            self.send_json(404, {"ok": False, "error": "not_found"})

    def lower_headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def bearer_ok(self) -> bool:
        return self.headers.get("Authorization", "") == f"Bearer {self.fake.token}"

    def api(self, method: str, query: str, raw: bytes) -> None:
        fake = self.fake
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        content_type = self.headers.get("Content-Type", "")
        try:
            if raw and content_type.startswith("application/json"):
                body = json.loads(raw)
                params.update(body if isinstance(body, dict) else {})
            elif raw and content_type.startswith("multipart/form-data"):
                params.update(parse_multipart(content_type, raw))
            elif raw:
                params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        except ValueError:
            self.send_json(200, {"ok": False, "error": "invalid_json"})
            return
        token = params.pop("token", None)
        with fake.lock:
            fake.calls.append(Call(method, params, self.lower_headers(), time.monotonic()))
        with fake.lock:
            gate = fake.held.get(method)
        if gate is not None:
            gate.wait(60)
        if method == "apps.connections.open":  # authenticated by the app-level token
            ok = self.headers.get("Authorization", "") == f"Bearer {fake.app_token}"
            answer = {"ok": True, "url": f"ws://127.0.0.1:{fake.port_number}/socket"}
            self.reply(200, answer if ok else {"ok": False, "error": "invalid_auth"})
            return
        fault = fake.take_fault(method)
        if fault is not None:
            headers = {}
            if fault.status == 429 and fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            self.reply(fault.status, {"ok": False, "error": fault.error}, headers)
            return
        if not (self.bearer_ok() or token == fake.token):
            self.reply(200, {"ok": False, "error": "invalid_auth"})
            return
        self.reply(200, fake.call(method, params))

    def upload(self, file_id: str, raw: bytes) -> None:
        fake = self.fake
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            parts = [v for v in parse_multipart(content_type, raw).values() if isinstance(v, bytes)]
            raw = parts[0] if parts else b""
        with fake.lock:
            known = file_id in fake.uploads
            if known:
                fake.upload_requests.append(file_id)
            gate = fake.held.get("upload")
        if known and gate is not None:
            gate.wait(60)
        with fake.lock:
            if known:
                fake.uploaded[file_id] = raw
        if known:
            self.send_bytes(200, f"OK - {len(raw)}".encode(), "text/plain; charset=utf-8")
        else:
            self.send_bytes(404, b"Not Found", "text/plain; charset=utf-8")

    def response_url(self, raw: bytes) -> None:
        fake = self.fake
        url = fake.url + urlsplit(self.path).path
        with fake.lock:
            issued = url in fake.response_urls
        if not issued:
            self.reply(404, {"ok": False, "error": "expired_url"})
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self.reply(400, {"ok": False, "error": "invalid_payload"})
            return
        with fake.lock:
            fake.responses.append((url, body))
        self.reply(200, {"ok": True})

    def download(self, path: str, query: str) -> None:
        fake = self.fake
        # /files-pri/T1-<id>/download/<name> or /files-pri/T1-<id>/<name>
        owner = unquote(path).removeprefix("/files-pri/").split("/", 1)[0]
        file_id = owner.removeprefix(f"{TEAM_ID}-")
        redirected = ("redirected", "1") in parse_qsl(query)
        with fake.lock:
            file = fake.files.get(file_id)
            content = fake.contents.get(file_id)
            html_instead, redirect_host = fake.file_options.get(file_id, (False, None))
        if file is None or content is None:
            served = "missing"
        elif html_instead or not (redirected or self.bearer_ok()):
            served = "html"
        elif redirect_host and not redirected:
            served = "redirect"
        else:
            served = "content"
        full = f"{path}?{query}" if query else path
        with fake.lock:
            fake.downloads.append(Download(full, self.lower_headers(), time.monotonic(), served))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if served == "missing":
                self.send_bytes(404, LOGIN_PAGE, "text/html; charset=utf-8")
            elif served == "html":
                self.send_bytes(200, LOGIN_PAGE, "text/html; charset=utf-8")
            elif served == "redirect":
                separator = "&" if query else "?"
                location = f"http://{redirect_host}:{fake.port_number}{full}{separator}redirected=1"
                self.send_bytes(302, b"", "text/plain", {"Location": location})
            else:
                assert file is not None and content is not None
                self.stream(content, file["mimetype"], file["name"])

    def stream(self, content: bytes | Path, mimetype: str, name: str) -> None:
        size = len(content) if isinstance(content, bytes) else content.stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", mimetype)
        self.send_header("Content-Length", str(size))
        self.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
        self.end_headers()
        if isinstance(content, bytes):
            for start in range(0, size, CHUNK):
                self.wfile.write(content[start : start + CHUNK])
            return
        with content.open("rb") as readable:
            while chunk := readable.read(CHUNK):
                self.wfile.write(chunk)

    def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.send_json(status, body, headers)


FakeSlack.handler_class = SlackHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8092)
    parser.add_argument("--token", default="xoxb-test")
    parser.add_argument("--file", type=Path, action="append", default=[], help="a file to serve")
    args = parser.parse_args()
    fake = FakeSlack(token=args.token, port=args.port)
    for path in args.file:
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        print(json.dumps(fake.add_file(path.name, mimetype, path.resolve()), indent=2))
    fake.serve_until_interrupted(f"fake Slack Web API on {fake.api_url} (token {args.token!r})")


if __name__ == "__main__":
    main()
