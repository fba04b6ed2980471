"""What the CLI and the reports say counts in words (``1 piece``, ``8 pieces``, ``1 day``):
``piece(s)``, ``day(s)`` read as unfinished text (session 18 made the reports' counts words,
``common.plural``; these two stderr lines of ``thread`` and ``cache prune`` were left)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "threadscope"
_HEDGED = re.compile(r"[a-z]\((?:s|es)\)")


def _said(path: Path) -> list[str]:
    """The string literals of a module but its docstrings (which may quote an old form)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


@pytest.mark.parametrize("package", ["cli", "report"])
def test_no_message_hedges_a_plural(package: str) -> None:
    hedged = [f"{path.name}: {text!r}" for path in sorted((ROOT / package).glob("*.py"))
              for text in _said(path) if _HEDGED.search(text)]
    assert hedged == []
