"""A bulk run killed with ``kill -9`` and started again loses nothing and fetches nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support.server import LoopbackServer
from tests.support.web import FakeWeb

ROOT = Path(__file__).resolve().parents[2]
COUNT = 40
SCRIPT = """
import sys
from pathlib import Path
from threadscope.assessment.registry import load_registry
from threadscope.enrich import EnrichSettings, enrich_stream
from threadscope.models import Assessment, NetworkOptions, Verdict

proxy, cache, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
items = [
    Assessment(input=f"http://slow-pages.net/{n}", url=f"http://slow-pages.net/{n}",
               domain="slow-pages.net", registrable_domain="slow-pages.net",
               verdict=Verdict.BENIGN, score=0)
    for n in range(count)
]
options = NetworkOptions(proxy=proxy, timeout=10, concurrency=2, per_host=2, cache_path=cache)
for result in enrich_stream(items, options, load_registry(), None,
                            EnrichSettings(registration=False)):
    print(result.input, result.error, result.page.title if result.page else None, flush=True)
"""


def _committed(cache: Path) -> set[str]:
    if not cache.exists():
        return set()
    try:
        with sqlite3.connect(cache, timeout=5) as db:
            return {row[0] for row in db.execute("SELECT url FROM resolution")}
    except sqlite3.OperationalError:  # the table is not there yet
        return set()


def _start(proxy: str, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, proxy, str(cache), str(COUNT)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_kill_9_then_rerun(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    with LoopbackServer(FakeWeb(slow_delay=0.25)) as web:
        first = _start(web.url, cache)
        waited = time.monotonic()
        while len(_committed(cache)) < 6 and time.monotonic() - waited < 60:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        printed, _ = first.communicate(timeout=10)
        assert first.returncode == -signal.SIGKILL
        before = _committed(cache)
        assert 6 <= len(before) < COUNT
        # Nothing the killed run reported as finished is missing from the cache.
        assert {line.split()[0] for line in printed.splitlines()} <= before

        second = _start(web.url, cache)
        out, _ = second.communicate(timeout=120)
        assert second.returncode == 0
        lines = out.splitlines()
        assert [line.split()[0] for line in lines] == [
            f"http://slow-pages.net/{n}" for n in range(COUNT)
        ]
        assert all(line.split()[1] == "None" for line in lines)
        for url in before:
            assert web.count("slow-pages.net", url.removeprefix("http://slow-pages.net")) == 1, url
        assert len(_committed(cache)) == COUNT
