"""The house rules of bot/: small functions and classes, and arrows that point down."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
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
