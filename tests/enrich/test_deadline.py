"""``--deadline`` bounds the whole run, CPU work on hostile pages included, and leaves no
"Task exception was never retrieved" behind: the run as a user starts it, in a subprocess,
against a loopback server playing hostile hosts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.server import LoopbackServer, Reply, Request
from tests.support.web import HTML
from threadscope.enrich.page import scan_page_now

ROOT = Path(__file__).resolve().parents[2]
# Quadratic bait for a backtracking regex or html.parser: tags that never close. 120 KB of
# "<a " took 87 s with --deadline 5, 384 KB of "<meta " 310 s (ISSUE 13).
BAIT = {
    "/a": b"<html><head><title>a</title>" + b"<a " * 40_000,
    "/meta": b"<html><head>" + b"<meta " * 64_000,
    "/refresh": b"<html><head>" + b'<meta http-equiv="refresh" ' * 40_000,
    "/nested": b"<title>deep</title>" + b"<div><span>" * 180_000,
}


def _hostile(request: Request) -> Reply:
    if request.path == "/hang":
        return Reply(hang=True)
    if request.path.startswith("/slow/"):
        return Reply(200, list(HTML), b"<title>slow</title>", delay=8)
    body = BAIT.get(request.path, b"<title>plain</title>")
    return Reply(200, list(HTML), body)


def _check(urls: list[str], deadline: str, cache: Path) -> tuple[subprocess.CompletedProcess[str],
                                                                  float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "check", *urls, "--format", "jsonl",
         "--allow-private", "--deadline", deadline, "--timeout", "20", "--cache", str(cache)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONASYNCIODEBUG": "0"},
    )
    return done, time.monotonic() - started


def test_deadline_ends_a_run_on_hostile_pages(tmp_path: Path) -> None:
    with LoopbackServer(_hostile) as server:
        # More slow pages than the per-host limit lets run at once: some are still queued
        # when the deadline passes and must end quietly, not meet a closed client.
        paths = [*BAIT, "/hang", *(f"/slow/{n}" for n in range(10))]
        urls = [f"http://127.0.0.1:{server.port}{path}" for path in paths]
        done, took = _check(urls, "5", tmp_path / "cache.sqlite3")
    assert took < 40, f"--deadline 5 took {took:.0f} s"
    assert "Task exception was never retrieved" not in done.stderr
    assert "Traceback" not in done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["input"] for r in results] == urls  # every link reported, in input order
    by_path = {r["input"].rsplit("/", 1)[-1]: r for r in results}
    assert by_path["hang"]["error"] == "deadline"
    assert {by_path[str(n)]["error"] for n in range(10)} == {"deadline"}
    # The hostile pages were read and parsed, unless the deadline came first (on a loaded
    # machine it may): then they are reported as such, like any other link.
    for name, title in (("a", "a"), ("nested", "deep"), ("meta", None), ("refresh", None)):
        result = by_path[name]
        assert result["error"] in (None, "deadline")
        if result["error"] is None:
            assert result["page"]["title"] == title


@pytest.mark.parametrize("path", list(BAIT))
def test_the_bait_is_parsed_in_one_pass(path: str) -> None:
    """The same pages, parsed without a deadline: html.parser and the old meta-refresh regex
    took minutes on each; the linear parse returns what the page says."""
    scanned = scan_page_now(BAIT[path], "http://bait.example/", "utf-8", truncated=False)
    assert scanned.page.title == {"/a": "a", "/nested": "deep"}.get(path)
    assert scanned.refresh is None
