"""Benchmark: 1,000 links with two redirects each against a loopback server answering in 50 ms.

Every link costs three requests (two redirects and the page), so the ideal wall time for the
configured concurrency is ceil(3 * links / concurrency) * 50 ms; the run passes when it stays
within 1.2x of that. The server is asyncio and answers many requests at once, so it is not
the bottleneck. Run from the repository root:

    /work/venv/bin/python scripts/bench_resolve.py --concurrency 16
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import tempfile
import time
from multiprocessing import connection, synchronize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.server import LoopbackServer, Reply, Request  # noqa: E402
from threadscope.assessment.registry import load_registry  # noqa: E402
from threadscope.enrich import EnrichSettings, enrich_stream  # noqa: E402
from threadscope.models import Assessment, NetworkOptions, Verdict  # noqa: E402

DELAY = 0.05
HOPS = 3


def _handler(request: Request) -> Reply:
    """``/l/ID/2`` → ``/l/ID/1`` → ``/l/ID/0`` (a small page), each after 50 ms."""
    parts = request.path.strip("/").split("/")
    left = int(parts[-1]) if parts[-1].isdigit() else 0
    if left > 0:
        location = "/" + "/".join([*parts[:-1], str(left - 1)])
        return Reply(302, [("Location", location)], delay=DELAY)
    page = f"<html><head><title>{request.path}</title></head><body>ok</body></html>"
    return Reply(200, [("Content-Type", "text/html")], page.encode(), delay=DELAY)


def _serve(port_out: connection.Connection,
           stop: synchronize.Event) -> None:
    """The server in its own process: it must not share the client's interpreter lock."""
    with LoopbackServer(_handler) as server:
        port_out.send(server.port)
        stop.wait()


def _links(base: str, count: int) -> list[Assessment]:
    return [
        Assessment(input=f"{base}/l/{n}/2", url=f"{base}/l/{n}/2", domain="127.0.0.1",
                   registrable_domain="127.0.0.1", verdict=Verdict.BENIGN, score=0)
        for n in range(count)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--cache", action="store_true", help="write results to a temp cache")
    args = parser.parse_args()

    receive, send = multiprocessing.Pipe(duplex=False)
    stop = multiprocessing.Event()
    process = multiprocessing.Process(target=_serve, args=(send, stop), daemon=True)
    process.start()
    base = f"http://127.0.0.1:{receive.recv()}"
    with tempfile.TemporaryDirectory() as tmp:
        options = NetworkOptions(
            concurrency=args.concurrency, per_host=args.concurrency, timeout=10,
            deadline=600, allow_private=True, use_cache=args.cache,
            cache_path=Path(tmp) / "bench.sqlite3",
        )
        links = _links(base, args.links)
        started = time.perf_counter()
        results = list(enrich_stream(links, options, load_registry(), None,
                                     EnrichSettings(registration=False)))
        elapsed = time.perf_counter() - started
    stop.set()
    process.join(10)
    failed = [r for r in results if r.error or len(r.chain) != HOPS]
    requests = HOPS * args.links
    ideal = math.ceil(requests / args.concurrency) * DELAY
    ratio = elapsed / ideal
    print(f"links={args.links} requests={requests} concurrency={args.concurrency} "
          f"cache={'on' if args.cache else 'off'}")
    print(f"wall {elapsed:.2f} s   ideal {ideal:.2f} s   ratio {ratio:.2f}x (target <= 1.20x)   "
          f"{requests / elapsed:.0f} req/s   failed {len(failed)}")
    return 0 if ratio <= 1.2 and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
