"""The package shows its pipeline: data moves one way, and no module imports a later stage.

ingest → threads → links → assessment → enrich → report, one subpackage (or module) each, as
docs/STYLE lays out. A module may import its own stage, any earlier stage and the shared
modules; never a later stage, not even lazily inside a function or for type checking only,
because then the earlier stage cannot be read, tested or reused without the later one.
Imports are read from the source with ``ast``, so the test costs nothing to run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "threadscope"

STAGES: tuple[tuple[str, ...], ...] = (
    ("ingest",),  # bytes → posts
    ("threads",),  # posts → threads
    ("links",),  # text → links
    ("assessment",),  # names → reasons
    ("enrich",),  # network → reasons
    # Each distinct link once → assess → enrich: the one object every command drives, and the
    # counts of what it could not check (``outcomes``, also counted by worker processes).
    ("outcomes", "auditor"),
    ("bots",),  # replies → clusters; its links are assessed by the auditor
    ("report",),  # one module per format: may show anything upstream
    # The whole runs a script calls: reassemble + audit, and the offline bulk run on every
    # core, whose workers format their own chunk (so after report).
    ("pipeline", "parallel"),
    ("cli", "__main__", "__init__"),  # the thin layer over all of it, and the public API
)
"""The one place of the stage order; each name is a top-level module or subpackage."""

SHARED = frozenset({
    "models",  # the frozen dataclasses passed from stage to stage: every stage speaks them
    "errors",  # one hierarchy, raised anywhere, mapped to exit statuses by the CLI
    "names",  # registrable domain / public suffix: links, assessment, enrich, bots, report
    "textsafe",  # attacker text made safe to show: wherever text reaches a terminal
    "authors",  # how an author is named: a reader records the kind, bots and report show it
    "gcpause",  # a context manager around bulk steps: no logic, no data
    "data",  # the bundled files (brands, suffixes, RDAP bootstrap), read by whoever needs them
})
"""Modules any stage may import: they hold no stage's logic and import no stage themselves."""

VERSION = "__version__"
"""``from threadscope import __version__`` is allowed everywhere: the version lives in the
package root (pyproject.toml reads it there) and is a constant, not the API facade."""


def _rank(top: str) -> int:
    for rank, stage in enumerate(STAGES):
        if top in stage:
            return rank
    raise AssertionError(f"threadscope.{top} is in no stage and not shared: add it to STAGES")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every ``threadscope`` module ``path`` imports, with its line, relative imports resolved."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if module == "threadscope":  # ``from threadscope import names``: the submodule
                for alias in node.names:
                    if alias.name != VERSION:
                        yield node.lineno, f"threadscope.{alias.name}"
            else:
                yield node.lineno, module


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _upstream_violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _module_name(path)
        source_top = "__init__" if source == "threadscope" else _top(source)
        for line, target in _imports(path):
            if target.split(".")[0] != "threadscope":
                continue
            target_top = _top(target)
            if source_top in SHARED or target_top in SHARED:
                continue
            if _rank(target_top) > _rank(source_top):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    return found


def test_no_module_imports_a_later_stage() -> None:
    assert _upstream_violations() == []


def test_shared_modules_import_no_stage() -> None:
    for name in SHARED:
        paths = [PACKAGE / f"{name}.py"] if (PACKAGE / f"{name}.py").exists() else sorted(
            (PACKAGE / name).rglob("*.py"))
        for path in paths:
            stages = {_top(t) for _, t in _imports(path) if t.split(".")[0] == "threadscope"}
            assert stages <= SHARED, f"{path.name} imports {sorted(stages - SHARED)}"


def test_every_module_has_a_place() -> None:
    tops = {_top(_module_name(path)) for path in PACKAGE.rglob("*.py")}
    for top in tops - SHARED:
        _rank(top)
