"""A fake AssemblyAI LLM Gateway: `POST /v1/chat/completions`.

It plays a model that knows the entities the test registered (`add_entity`) and finds them,
case-sensitively, in the numbered sentences it is sent, like a model that misses lower-case
repeats. It tells our three prompts apart (find, the exact second ask about one sentence, and
the second look at redacted text) and answers each as a model would.

Messy like a real model:
- `shape`: the answer's form, from the ones real models use: "objects", "strings", "fenced",
  "prose", "by_type", "per_sentence" (`{"sentences": [{"sentence": 1, ...}]}`), "keyed"
  (`{"1": [...]}`), "quoted_first" (prose quoting an empty answer first), "split" (one
  object per sentence in prose).
- `noise`: per entity, with a seeded draw: drop it, lower-case it, normalise it (digits
  regrouped, an `answer` spelling the test gave), and per sentence hallucinate one that is
  not there. The exact second ask copies what it finds verbatim (but may still drop).
- a `script` of faults consumed one per request: "429", "500", "400", "400-schema",
  "timeout", "invalid", "cut" (finish_reason "length"), "prose", "fenced", "ok", or any shape
  name; `always` applies one to every request; `latency` slows every answer;
  `rate_limit=(n, seconds)` enforces a sliding window like the real gateway's 30/min;
  `raw[mode]` holds answers to give word for word; `poison` makes every request whose
  sentences hold it unreadable, `down_for` answers every such request with a 500.

Run it by hand: `python -m tests.fakes.gateway --port 8090 --key test-key`, then set
LLM_GATEWAY_BASE_URL=http://127.0.0.1:8090/v1 and ASSEMBLYAI_API_KEY=test-key.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.base import FakeServer, QuietHandler

SHAPES = (
    "objects",
    "strings",
    "fenced",
    "prose",
    "by_type",
    "per_sentence",
    "keyed",
    "quoted_first",
    "split",
)
FIND, EXACT, VERIFY = "find", "exact", "verify"
HALLUCINATIONS = (
    ("Support Team", "ORGANIZATION"),
    ("Jordan Whitfield", "PERSON"),
    ("Acme Holdings", "ORGANIZATION"),
    ("+1 202-555-0173", "PHONE"),
    ("j.whitfield@example.org", "EMAIL"),
)
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
    def mode(self) -> str:
        """Which of our prompts this is: find, exact (second ask) or verify (second look)."""
        system = self.body["messages"][0].get("content", "") if self.body.get("messages") else ""
        if "already been redacted" in system:
            return VERIFY
        if "second look at a single sentence" in system:
            return EXACT
        return FIND

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
    answer: str  # what the model returns for it when it normalises


@dataclass(frozen=True)
class Noise:
    """How often (0..1) the model drops, lower-cases or normalises an entity it found, and
    how often it names one that is not in a sentence. Draws are seeded by the request and
    the entity, so the same question gets the same answer; another prompt another draw."""

    drop: float = 0.0
    lower: float = 0.0
    normalise: float = 0.0
    hallucinate: float = 0.0
    seed: int = 0

    def draw(self, *parts: object) -> float:
        digest = hashlib.sha256("|".join(map(str, (self.seed, *parts))).encode()).digest()
        return random.Random(digest).random()


def normalised(entity: Entity) -> str:
    """What a model that "helpfully" standardises returns: the test's `answer`, or digits
    regrouped (+1 415-555-0132), or a name in title case."""
    if entity.answer != entity.spelling:
        return entity.answer
    digits = re.sub(r"\D", "", entity.spelling)
    if len(digits) == 10:
        return f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) >= 12:
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return entity.spelling.title() if entity.spelling.islower() else entity.spelling


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
    noise: Noise = field(default_factory=Noise)
    # Answers given word for word, per prompt ("find", "exact", "verify"), one per request.
    raw: dict[str, deque[str]] = field(default_factory=dict)
    poison: str | None = None  # a request holding this text always gets an unreadable answer
    down_for: str | None = None  # a request holding this text always gets a 500
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

    def find(self, sentences: list[str], mode: str = FIND) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        seen: set[tuple[str, int]] = set()
        noise = self.noise
        for number, sentence in enumerate(sentences, start=1):
            hits = [
                (self._answer(e, mode, sentence), e.type)
                for e in self.entities
                if e.spelling in sentence
                and noise.draw("drop", mode, sentence, e.spelling) >= noise.drop
            ]
            if self.heuristics:
                hits += [(m.group(), t) for p, t in _HEURISTICS for m in p.finditer(sentence)]
            if mode == FIND and noise.draw("hallucinate", sentence) < noise.hallucinate:
                made_up = HALLUCINATIONS[int(noise.draw("which", sentence) * len(HALLUCINATIONS))]
                hits.append(made_up)
            for text, entity_type in hits:
                if (text, number) not in seen:
                    seen.add((text, number))
                    found.append({"text": text, "type": entity_type, "sentence": number})
        return found

    def _answer(self, entity: Entity, mode: str, sentence: str) -> str:
        if mode == EXACT:
            return entity.spelling  # asked to copy exactly, it does
        noise = self.noise
        text = entity.answer  # the test's own spelling of the answer, if it gave one
        if noise.draw("normalise", mode, sentence, entity.spelling) < noise.normalise:
            text = normalised(entity)
        if noise.draw("lower", mode, sentence, entity.spelling) < noise.lower:
            text = text.lower()
        return text

    def render(self, found: list[dict[str, Any]], shape: str) -> str:
        if shape == "strings":
            return json.dumps({"named_entities": [item["text"] for item in found]})
        if shape == "by_type":
            grouped: dict[str, list[str]] = {}
            for item in found:
                grouped.setdefault(item["type"], []).append(item["text"])
            return json.dumps({"named_entities": grouped})
        by_sentence: dict[int, list[dict[str, Any]]] = {}
        for item in found:
            by_sentence.setdefault(item["sentence"], []).append(
                {"text": item["text"], "type": item["type"]}
            )
        if shape == "per_sentence":
            groups = [{"sentence": n, "named_entities": items} for n, items in by_sentence.items()]
            return json.dumps({"sentences": groups})
        if shape == "keyed":
            return json.dumps({str(n): items for n, items in by_sentence.items()})
        if shape == "split":
            return "\n".join(
                f"Sentence {n}: " + json.dumps({"named_entities": items})
                for n, items in by_sentence.items()
            ) or json.dumps({"named_entities": []})
        body = json.dumps({"named_entities": found}, indent=2)
        if shape == "quoted_first":
            return (
                'An answer with nothing would be {"named_entities": []}. '
                f"Here is what I found:\n{body}"
            )
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
        if fake.down_for and any(fake.down_for in sentence for sentence in request.sentences):
            self.reply(500, {"error": {"message": "injected"}}, headers)
            return
        if action == "timeout":
            time.sleep(fake.timeout_sleep)
        found = fake.find(request.sentences, request.mode)
        with fake.lock:
            scripted = fake.raw.get(request.mode)
            raw_answer = scripted.popleft() if scripted else None
        if fake.poison and any(fake.poison in sentence for sentence in request.sentences):
            action = "invalid"
        if raw_answer is not None:
            content = raw_answer
        elif action == "invalid":
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
