"""Word lists kept as plain text beside this module, one file per list."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> frozenset[str]:
    """Words of `name`.txt: blank lines and `#` comments skipped; filler.txt has one entry a
    line (entries may hold spaces), the others any number of words a line."""
    text = resources.files(__name__).joinpath(f"{name}.txt").read_text("utf-8")
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if name == "filler":
        return frozenset(line.lower() for line in lines)
    return frozenset(word.lower() for line in lines for word in line.split())


@cache
def everyday() -> frozenset[str]:
    """Words that are ordinary words more often than names: the hand-made list of names that
    are also words, the generated list of common words, and the function words."""
    return load("everyday_names") | load("common_words") | load("function_words")
