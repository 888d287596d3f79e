"""The redaction engine: text (or sentences) in, redacted text and typed spans out.

Detection (gateway NER and deterministic detectors) is kept apart from anonymization (styles):
every finder returns spans with offsets; spans are merged once and the style is applied once.
"""

from bot.redaction.redactor import Redaction, Redactor
from bot.redaction.sentences import Sentence, split_sentences

__all__ = ["Redaction", "Redactor", "Sentence", "split_sentences"]
