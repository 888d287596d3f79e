"""The original guide's redaction algorithm, re-implemented faithfully, for comparison only.

From AssemblyAI's "Redact PII from Text Using LLM Gateway" (Python tab): split the transcript
on `[.!?]+`, send one request per piece, sequentially, with the guide's prompt
(`guide_prompt.txt`, byte for byte), replace each returned entity with `str.replace`, and
treat an unreadable answer as "no entities" (fail open). Like the guide, it does not check the
HTTP status: an error answer has no `choices`, so the first 429 or 500 raises and ends the run.
Only the gateway URL and key are parameters, and the printed sentences are collected instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

PROMPT = Path(__file__).with_name("guide_prompt.txt").read_text(encoding="utf-8")
MODEL = "claude-sonnet-4-5-20250929"


@dataclass(frozen=True)
class GuideRun:
    text: str  # what the guide printed before it finished or crashed
    sentences_done: int
    sentences_total: int
    error: str | None  # the exception that ended the run early, if any


def split(transcript_text: str) -> list[str]:
    """The pieces the guide sends, one request each."""
    return [piece.strip() for piece in re.split(r"[.!?]+", transcript_text) if piece.strip()]


def generate_ner(url: str, api_key: str, transcript_text: str) -> list[Any]:
    llm_gateway_data = {
        "model": MODEL,
        "messages": [{"role": "user", "content": f"{PROMPT}\n\nTranscript: {transcript_text}"}],
        "max_tokens": 1000,
        "temperature": 0.0,
    }
    response = requests.post(url, headers={"authorization": api_key}, json=llm_gateway_data)
    result = response.json()["choices"][0]["message"]["content"]
    try:
        res_json = json.loads(result)
    except Exception:  # the guide's bare `except:`
        res_json = {"named_entities": []}
    return res_json.get("named_entities", [])


def redact(transcript_text: str, base_url: str, api_key: str) -> GuideRun:
    url = base_url.rstrip("/") + "/chat/completions"
    sentences = re.split(r"[.!?]+", transcript_text)
    total = len(split(transcript_text))
    redacted_transcript = ""
    done = 0
    try:
        for sentence in sentences:
            sentence = sentence.strip()
            if not sentence:
                continue
            generated_entities = generate_ner(url, api_key, sentence)
            redacted_sentence = sentence
            for entity in generated_entities:
                redacted_sentence = redacted_sentence.replace(entity, "#" * len(entity))
            redacted_transcript += redacted_sentence + ". "
            done += 1
    except Exception as exc:  # the guide has no handler: the script would stop here
        return GuideRun(redacted_transcript, done, total, type(exc).__name__)
    return GuideRun(redacted_transcript, done, total, None)
