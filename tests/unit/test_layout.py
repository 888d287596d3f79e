"""The house rules of bot/: small functions and classes, and arrows that point down."""

from __future__ import annotations

import ast
import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
MAX_FUNCTION_LINES = 60
MAX_CLASS_LINES = 200


def _definitions() -> list[tuple[str, ast.AST]]:
    found = []
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.append((f"{path.relative_to(BOT.parent)}:{node.lineno} {node.name}", node))
    return found


def _lines(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]


def test_no_function_is_over_60_lines_and_no_class_over_200() -> None:
    too_long = [
        f"{where} ({_lines(node)} lines)"
        for where, node in _definitions()
        if _lines(node)
        > (MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES)
    ]
    assert too_long == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_engine_and_the_clients_know_nothing_above_them() -> None:
    """Arrows point down: the clients know no other part of the bot; the engine knows no
    Slack, no jobs and no clients but the gateway finder's."""
    wrong = []
    for path in sorted((BOT / "clients").rglob("*.py")):
        wrong += [
            f"{path.name} → {m}"
            for m in _imports(path)
            if m.startswith("bot.") and not m.startswith("bot.clients")
        ]
    for path in sorted((BOT / "redaction").rglob("*.py")):
        allowed = (
            ("bot.redaction", "bot.clients.gateway")
            if path.name == "ner.py"
            else ("bot.redaction",)
        )
        wrong += [
            f"{path.name} → {m}"
            for m in _imports(path)
            if m.startswith("bot.") and not m.startswith(allowed)
        ]
    assert wrong == []


def _layout_map() -> str:
    readme = (BOT.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Where things live", 1)[1]
    return section.split("```", 2)[1]


def test_the_readme_layout_map_matches_the_tree() -> None:
    """Every module and folder of bot/ is on the map, and everything on it exists."""
    block = _layout_map()
    bot_part = block.split("tests/", 1)[0]
    named = set(re.findall(r"([\w.]+\.py|[\w]+/)", bot_part))
    present = {p.name for p in BOT.iterdir() if p.suffix == ".py" and p.name != "__init__.py"}
    present |= {f"{p.name}/" for p in BOT.iterdir() if p.is_dir() and p.name != "__pycache__"}
    redaction = BOT / "redaction"
    present |= {
        p.name for p in redaction.iterdir() if p.suffix == ".py" and p.name != "__init__.py"
    }
    missing = sorted(present - named - {"__main__.py"})
    assert missing == [], "not on the README's map"
    everything = {p.name for p in BOT.rglob("*.py")} | {
        f"{p.name}/" for p in BOT.rglob("*") if p.is_dir()
    }
    outside = {"bot/", "tools/", "common_words.py"}  # tools/common_words.py, named in passing
    stale = sorted(name for name in named if name not in everything and name not in outside)
    assert stale == [], "on the README's map but not in the tree"
