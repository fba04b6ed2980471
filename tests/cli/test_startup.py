"""Each command imports what it needs: ``--version`` nothing heavy, offline runs no HTTP stack.

Start-up time itself is measured by ``scripts/bench_startup.py`` (no timed tests); this says
why it stays low, in a form that cannot flake: which modules a run loads.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from threadscope.cli import main
sys.argv = ["threadscope", *{args!r}]
try:
    main()
except SystemExit:
    pass
loaded = set(sys.modules)
print("LOADED", " ".join(sorted(m for m in {heavy!r} if m in loaded)))
"""
HEAVY = ("httpx", "httpcore", "rich", "bs4", "tldextract", "stix2", "threadscope.enrich",
         "threadscope.assessment", "lxml", "threadscope.ingest.parse")


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args), heavy=HEAVY)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED"))
    return set(line.split()[1:])


def test_version_loads_nothing_heavy() -> None:
    assert _loaded("--version") == set()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_offline_check_loads_no_http_stack_and_no_tables(fmt: str) -> None:
    loaded = _loaded("check", "welt.ltd", "--offline", "--format", fmt)
    assert "threadscope.assessment" in loaded
    assert not loaded & {"httpx", "httpcore", "threadscope.enrich", "rich", "bs4", "stix2"}
    assert not loaded & {"lxml", "threadscope.ingest.parse"}  # a target list, not a dump


def test_the_table_loads_rich_only_when_asked() -> None:
    assert "rich" in _loaded("check", "welt.ltd", "--offline")
