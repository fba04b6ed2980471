"""``scripts/bench_scale.py`` runs end to end on small sizes and reports each run against its
baseline (the figures themselves are the README's, measured, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_scale.py"


def test_the_bench_reports_each_size_against_its_baseline() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--links", "50", "--brands", "30"],
                          check=True, capture_output=True, text=True, timeout=300)
    assert re.search(r"^audit, +50 distinct links: +\d+ MB \( *[\d.]+x, +-?\d+ B/link\) "
                     r"+[\d.]+ s CPU \( *[\d.]+x\) exit 0$", done.stdout, re.MULTILINE), done.stdout
    # welt.ltd imitates a curated brand: flagged, exit 1, with or without the list
    assert re.search(r"^check welt.ltd --offline --brands +30: .* exit 1$", done.stdout,
                     re.MULTILINE), done.stdout
    assert re.search(r"^brands --format json --brands +30: .* exit 0$", done.stdout,
                     re.MULTILINE), done.stdout
