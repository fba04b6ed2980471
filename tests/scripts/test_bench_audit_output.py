"""``scripts/bench_audit_output.py`` runs end to end on a small dump and reports every writer
against its floor (the figures themselves are the README's, measured, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_audit_output.py"


def test_the_bench_reports_each_writer_and_mode_against_its_floor_and_the_dump() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--rows", "800", "--repeat", "1"],
                          check=True, capture_output=True, text=True, timeout=300)
    figures = {match["key"]: float(match["mb"]) for match in re.finditer(
        r"^  (?P<key>\w+ (?:all|first)) +[\d.]+ s +[\d.]+x floor +(?P<mb>[\d.]+) MB +[\d.]+x dump$",
        done.stdout, re.MULTILINE)}
    assert set(figures) == {f"{fmt} {mode}" for fmt in ("csv", "jsonl", "json")
                            for mode in ("all", "first")}, done.stdout
    # One row per link is smaller than a row per post that holds one, whatever the format.
    assert all(figures[f"{fmt} first"] < figures[f"{fmt} all"] for fmt in ("csv", "jsonl", "json"))
