"""The progress bar of ``domains`` and ``audit``: done of total, rate, time left."""

from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console

from threadscope.cli.progress import progress_bar, rate
from threadscope.ingest.targets import count_targets as _count


def test_the_bar_shows_total_rate_and_time_left() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=140, color_system=None)
    with progress_bar("assessing", 40, True, console=console) as tick:
        for _ in range(12):
            tick()
            time.sleep(0.01)
        tick.flush()
    shown = screen.getvalue()
    assert "assessing" in shown and "12/40" in shown
    assert "/s" in shown and "left" in shown and "elapsed" in shown


def test_rate_reads_as_items_per_second() -> None:
    assert rate(None) == "– /s"
    assert rate(1234.4) == "1,234/s"


def test_a_silent_ticker_takes_the_same_calls() -> None:
    with progress_bar("assessing", None, False) as tick:
        tick.total(5)
        tick()
        tick.advance(3)


def test_the_total_counts_targets_as_the_run_reads_them(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_bytes(b"welt.ltd\n\n# note\n  \nspiegel.ltd\r\nxx")
    table = tmp_path / "export.csv"
    table.write_text('url,note\nwelt.ltd,"two\nlines"\n,empty\nbild.eu.com,x\n', "utf-8")
    assert _count(str(listing), None) == 3
    assert _count(str(table), "url") == 2
    assert _count("-", None) is None
    assert _count(str(tmp_path / "missing.txt"), None) is None
