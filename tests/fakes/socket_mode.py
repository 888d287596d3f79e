"""The WebSocket behind the fake Slack's `apps.connections.open`: a small RFC 6455 server
(text, ping/pong and close frames; no extensions) that speaks Socket Mode.

On connect it says `hello`; `push(type, payload)` sends an envelope (`events_api`,
`slash_commands`, `interactive`) to the connected app and returns its `envelope_id`; what
the app acknowledges is recorded in `acks` (envelope id → the ack's payload, `{}` if none).
Pings are answered with pongs, as Slack does, so slack_sdk's client stays connected.
As Slack does, it can also ask the app to reconnect (`disconnect`: a `refresh_requested`
message; the app opens a new connection and the old one gets nothing more) and redeliver
an envelope (`push(..., retry_attempt=1, retry_reason="timeout")`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import queue
import struct
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from typing import Any, BinaryIO

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455's fixed key suffix
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def frame(opcode: int, payload: bytes) -> bytes:
    """A final, unmasked frame (a server's)."""
    head = bytes([0x80 | opcode])
    if len(payload) < 126:
        return head + bytes([len(payload)]) + payload
    if len(payload) < 1 << 16:
        return head + bytes([126]) + struct.pack("!H", len(payload)) + payload
    return head + bytes([127]) + struct.pack("!Q", len(payload)) + payload


def read_frame(stream: BinaryIO) -> tuple[int, bytes] | None:
    """The next frame's opcode and unmasked payload; None when the connection ended."""
    head = stream.read(2)
    if len(head) < 2:
        return None
    opcode, length = head[0] & 0x0F, head[1] & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", stream.read(2))
    elif length == 127:
        (length,) = struct.unpack("!Q", stream.read(8))
    mask = stream.read(4) if head[1] & 0x80 else b"\0\0\0\0"
    data = stream.read(length)
    return opcode, bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))


class SocketMode:
    """Socket Mode as the fake Slack serves it: one connected app at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.connected = threading.Event()
        self.connections = 0
        self.acks: dict[str, Any] = {}
        self._outbox: queue.Queue[bytes] = queue.Queue()
        self._closed = threading.Event()

    def push(self, kind: str, payload: dict[str, Any], **envelope: Any) -> str:
        """Send an envelope of `kind` to the app; its envelope id."""
        envelope_id = str(uuid.uuid4())
        message = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            "payload": payload,
            **envelope,
        }
        self._outbox.put(frame(TEXT, json.dumps(message).encode()))
        return envelope_id

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to open a new connection, as Slack does every few hours."""
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}}
        self._outbox.put(frame(TEXT, json.dumps(message).encode()))

    def acked(self, envelope_id: str) -> Any:
        """The ack of that envelope ({} for an ack without payload), or None: not yet."""
        with self.lock:
            return self.acks.get(envelope_id)

    def close(self) -> None:
        self._closed.set()

    # --- the connection (on the fake HTTP server's handler thread) ---

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        """Upgrade `handler`'s request to a WebSocket and serve it until either side closes."""
        handler.close_connection = True
        key = handler.headers.get("Sec-WebSocket-Key", "")
        handler.send_response(101, "Switching Protocols")
        handler.send_header("Upgrade", "websocket")
        handler.send_header("Connection", "Upgrade")
        handler.send_header("Sec-WebSocket-Accept", accept_key(key))
        handler.end_headers()
        handler.wfile.flush()
        send_lock = threading.Lock()
        ended = threading.Event()

        def send(data: bytes) -> None:
            with send_lock:
                handler.wfile.write(data)
                handler.wfile.flush()

        send(frame(TEXT, json.dumps({"type": "hello", "num_connections": 1}).encode()))
        with self.lock:
            self.connections += 1
            mine = self.connections
        self.connected.set()
        reader = threading.Thread(
            target=self._read, args=(handler.rfile, send, ended), name="fake-socket", daemon=True
        )
        reader.start()
        try:
            while not ended.is_set() and not self._closed.is_set():
                try:
                    data = self._outbox.get(timeout=0.05)
                except queue.Empty:
                    continue
                if not self._send_if_newest(mine, send, data):
                    self._outbox.put(data)  # for the newer connection, or the next one
                    break
        finally:
            with self.lock:
                if mine == self.connections:
                    self.connected.clear()

    def _send_if_newest(self, connection: int, send: Any, data: bytes) -> bool:
        """Envelopes go to the newest connection only: an older one gets nothing more. Under
        the lock a new connection registers with, so none slips past it."""
        with self.lock:
            if connection != self.connections:
                return False
            try:
                send(data)
            except OSError:  # the app went away
                return False
        return True

    def _read(self, stream: BinaryIO, send: Any, ended: threading.Event) -> None:
        try:
            while (message := read_frame(stream)) is not None:
                opcode, data = message
                if opcode == PING:
                    send(frame(PONG, data))
                elif opcode == CLOSE:
                    send(frame(CLOSE, data[:2]))
                    break
                elif opcode == TEXT:
                    self._record_ack(json.loads(data))
        except (OSError, ValueError, struct.error):  # a broken connection ends it like a close
            pass
        finally:
            ended.set()

    def _record_ack(self, message: dict[str, Any]) -> None:
        envelope_id = message.get("envelope_id")
        if envelope_id:
            with self.lock:
                self.acks[envelope_id] = message.get("payload") or {}
