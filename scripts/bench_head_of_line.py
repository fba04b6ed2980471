"""Benchmark: do slow links at the head of the input hold the fast ones behind them?

``enrich_stream`` (the path of ``check``, ``domains`` and ``audit``) follows links through a
loopback proxy that plays made-up hosts: ``slow-N.com`` never answers (each such link ends at
``--timeout``), ``fast-N.com`` answers a small page at once. Printed per layout: the wall
time to the last result, when the last fast link's request reached the server, how many
fast links were asked while the first slow ones stalled (within ``--timeout`` of the start),
and the CPU time of the process. Output stays in input order in every case (checked).

    python scripts/bench_head_of_line.py --timeout 2
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server import LoopbackServer, Reply, Request  # noqa: E402
from threadscope.assessment import assess  # noqa: E402
from threadscope.assessment.registry import load_registry  # noqa: E402
from threadscope.enrich import EnrichSettings  # noqa: E402
from threadscope.enrich.stream import enrich_stream  # noqa: E402
from threadscope.models import NetworkOptions  # noqa: E402

PAGE = b"<html><head><title>fast</title></head><body>ok</body></html>"


class Web:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.fast_seen: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        if request.host.startswith("slow-"):
            return Reply(hang=True)
        with self._lock:
            self.fast_seen.append(time.perf_counter() - self.started)
        return Reply(200, [("Content-Type", "text/html")], PAGE)


def layouts(fast_after: int) -> dict[str, list[str]]:
    slow = [f"http://slow-{i}.com/" for i in range(5)]
    fast = [f"http://fast-{i}.com/" for i in range(fast_after)]
    spread = [f"http://fast-{i}.com/" for i in range(500)]
    for n, url in enumerate(slow):
        spread.insert(n * 100, url)
    return {"5 slow, then 50 fast": slow + fast[:50],
            f"5 slow, then {fast_after} fast": slow + fast,
            "500 fast, a slow one every 100": spread}


def run(urls: list[str], timeout: float) -> tuple[float, float, int, float]:
    registry = load_registry()
    items = [assess(url, registry) for url in urls]
    web = Web()
    with LoopbackServer(web) as server:
        options = NetworkOptions(proxy=server.url, timeout=timeout, use_cache=False,
                                 deadline=600)
        web.started = started = time.perf_counter()
        cpu = time.process_time()
        results = list(enrich_stream(items, options, registry,
                                     settings=EnrichSettings(registration=False)))
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert [r.input for r in results] == urls, "output left input order"
    early = sum(seen < timeout for seen in web.fast_seen)
    return wall, max(web.fast_seen), early, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--fast", type=int, default=300, help="fast links after 5 slow ones")
    args = parser.parse_args()
    for name, urls in layouts(args.fast).items():
        wall, last_fast, early, cpu = run(urls, args.timeout)
        print(f"{name:32} wall {wall:6.2f} s  last fast link asked at {last_fast:6.2f} s"
              f"  fast asked within the timeout {early:3}  cpu {cpu:5.2f} s")


if __name__ == "__main__":
    main()
