"""The redaction engine: text (or sentences) in, redacted text and typed spans out.

Detection (gateway NER and deterministic detectors) is kept apart from anonymization (styles):
every finder returns spans with offsets; spans are merged once and the style is applied once.
"""

from bot.redaction.detectors import detect
from bot.redaction.entities import WITHHELD, describe_counts, redacted_kinds
from bot.redaction.matching import locate
from bot.redaction.redactor import Progress, Redactor
from bot.redaction.sentences import split_sentences
from bot.redaction.spans import merge
from bot.redaction.styles import WITHHELD_PLACEHOLDER, apply_style
from bot.redaction.types import Doubt, Redaction, Sentence, Span


def mask_detected(text: str) -> str:
    """`text` with what the deterministic detectors find masked, for text the model is
    never asked about (a file's name repeated in a status message)."""
    return apply_style(text, merge(detect(text)), "mask").text


__all__ = [
    "WITHHELD",
    "WITHHELD_PLACEHOLDER",
    "Doubt",
    "Progress",
    "Redaction",
    "Redactor",
    "Sentence",
    "Span",
    "apply_style",
    "describe_counts",
    "locate",
    "mask_detected",
    "merge",
    "redacted_kinds",
    "split_sentences",
]
