"""A fake AssemblyAI LLM Gateway: `POST /v1/chat/completions` and `GET /v1/models`.

It plays a model that knows the entities the test registered (`add_entity`) and finds them,
case-sensitively, in the numbered sentences it is sent, like a model that misses lower-case
repeats. It answers in any of the shapes real models use (`shape`), and a `script` of faults
is consumed one per request: "429", "500", "400", "400-schema", "timeout", "invalid", "cut"
(finish_reason "length"), "prose", "fenced", "ok". `rate_limit=(n, seconds)` enforces a sliding window like the real gateway's 30/min.

Run it by hand: `python -m tests.fake_gateway --port 8090 --key test-key`, then set
LLM_GATEWAY_BASE_URL=http://127.0.0.1:8090/v1 and ASSEMBLYAI_API_KEY=test-key.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.httpfake import FakeServer, QuietHandler

SHAPES = ("objects", "strings", "fenced", "prose", "by_type")
_NUMBERED = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)
# Used only when run by hand with --heuristics, so a newcomer sees something redacted.
_HEURISTICS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "EMAIL"),
    (re.compile(r"(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}"), "PHONE"),
    (re.compile(r"\b(?:Dr|Mr|Mrs|Ms)\. [A-Z][a-z]+(?: [A-Z][a-z]+)?"), "PERSON"),
    (re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b"), "PERSON"),
)


@dataclass
class Request:
    body: dict[str, Any]
    headers: dict[str, str]
    at: float

    @property
    def prompt_chars(self) -> int:
        return sum(len(m.get("content", "")) for m in self.body.get("messages", []))

    @property
    def sentences(self) -> list[str]:
        content = self.body["messages"][-1]["content"]
        numbered = [m.group(2) for m in _NUMBERED.finditer(content)]
        if numbered:
            return numbered
        return [content.rsplit("Transcript:", 1)[-1].strip()]


@dataclass
class Entity:
    spelling: str  # as it stands in the text (found case-sensitively)
    type: str
    answer: str  # what the model returns for it


@dataclass
class FakeGateway(FakeServer):
    api_key: str = "test-key"
    port: int = 0
    shape: str = "objects"
    latency: float = 0.0
    timeout_sleep: float = 5.0
    rate_limit: tuple[int, float] | None = None
    heuristics: bool = False
    entities: list[Entity] = field(default_factory=list)
    script: deque[str] = field(default_factory=deque)
    always: str | None = None  # a fault applied to every request, e.g. "500"
    requests: list[Request] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        FakeServer.__init__(self, self.port)
        self._window: deque[float] = deque()

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def add_entity(self, spelling: str, entity_type: str, answer: str | None = None) -> None:
        self.entities.append(Entity(spelling, entity_type, answer or spelling))

    def prompt_chars(self) -> int:
        return sum(request.prompt_chars for request in self.requests)

    def find(self, sentences: list[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, sentence in enumerate(sentences, start=1):
            hits = [(e.answer, e.type) for e in self.entities if e.spelling in sentence]
            if self.heuristics:
                hits += [(m.group(), t) for p, t in _HEURISTICS for m in p.finditer(sentence)]
            for text, entity_type in hits:
                if text not in seen:
                    seen.add(text)
                    found.append({"text": text, "type": entity_type, "sentence": number})
        return found

    def render(self, found: list[dict[str, Any]], shape: str) -> str:
        if shape == "strings":
            return json.dumps({"named_entities": [item["text"] for item in found]})
        if shape == "by_type":
            grouped: dict[str, list[str]] = {}
            for item in found:
                grouped.setdefault(item["type"], []).append(item["text"])
            return json.dumps({"named_entities": grouped})
        body = json.dumps({"named_entities": found}, indent=2)
        if shape == "fenced":
            return f"```json\n{body}\n```"
        if shape == "prose":
            return f"Here are the named entities I found in the transcript:\n\n{body}"
        return body

    def admit(self) -> tuple[bool, dict[str, str]]:
        """Apply the rate limit; return (allowed, headers)."""
        if self.rate_limit is None:
            return True, {}
        limit, period = self.rate_limit
        with self.lock:
            now = time.monotonic()
            while self._window and now - self._window[0] >= period:
                self._window.popleft()
            allowed = len(self._window) < limit
            if allowed:
                self._window.append(now)
            reset = self._window[0] + period - now if self._window else 0.0
            headers = {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": str(max(limit - len(self._window), 0)),
                "X-RateLimit-Reset": str(math.ceil(reset)),
            }
            if not allowed:
                headers["Retry-After"] = str(max(math.ceil(reset), 1))
        return allowed, headers


class GatewayHandler(QuietHandler):
    fake: FakeGateway

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self.send_json(200, {"data": [{"id": "claude-sonnet-4-5-20250929"}]})
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self) -> None:
        fake = self.fake
        raw = self.read_body()
        if self.path.rstrip("/") != "/v1/chat/completions":
            self.send_json(404, {"error": "not found"})
            return
        with fake.lock:
            action = fake.script.popleft() if fake.script else (fake.always or "ok")
        try:
            body = json.loads(raw)
        except ValueError:
            self.reply(400, {"error": {"message": "body is not JSON"}})
            return
        request = Request(body=body, headers=dict(self.headers), at=time.monotonic())
        with fake.lock:
            fake.requests.append(request)
        if self.headers.get("authorization") != fake.api_key:
            self.reply(401, {"error": {"message": "Invalid API key"}})
            return
        allowed, headers = fake.admit()
        if not allowed:
            self.reply(429, {"error": {"message": "rate limit exceeded"}}, headers)
            return
        if fake.latency:
            time.sleep(fake.latency)
        if action in ("429", "500", "502", "503"):
            retry = {"Retry-After": "1"} if action == "429" else {}
            self.reply(int(action), {"error": {"message": "injected"}}, {**headers, **retry})
            return
        if action == "400":
            self.reply(400, {"error": {"message": "prompt is too long"}}, headers)
            return
        if action == "400-schema" and "response_format" in body:
            message = "model does not support JSON schema output mode"
            self.reply(400, {"error": {"message": message}}, headers)
            return
        if action == "timeout":
            time.sleep(fake.timeout_sleep)
        found = fake.find(request.sentences)
        if action == "invalid":
            content = '{"named_entities": ["' + (found[0]["text"] if found else "x") + '", '
        elif action == "cut":  # stopped at max_tokens: an answer that looks whole but is not
            content = fake.render(found[:1], fake.shape)
        elif action in SHAPES:
            content = fake.render(found, action)
        else:
            content = fake.render(found, fake.shape)
        completion = {
            "id": f"chatcmpl-{len(fake.requests)}",
            "object": "chat.completion",
            "model": body.get("model"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "length" if action == "cut" else "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {
                "prompt_tokens": request.prompt_chars // 4,
                "completion_tokens": len(content) // 4,
            },
        }
        self.reply(200, completion, headers)

    def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        with self.fake.lock:
            self.fake.statuses.append(status)
        self.send_json(status, body, headers)


FakeGateway.handler_class = GatewayHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--key", default="test-key")
    parser.add_argument("--shape", choices=SHAPES, default="objects")
    args = parser.parse_args()
    fake = FakeGateway(api_key=args.key, port=args.port, shape=args.shape, heuristics=True)
    fake.serve_until_interrupted(f"fake LLM Gateway on {fake.base_url} (key {args.key!r})")


if __name__ == "__main__":
    main()
