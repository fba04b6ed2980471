"""Benchmark: how soon does a run with no network stop, and does a run of dead hosts go on?

``Reachability`` judges a run by its first failures (``reachability.SAMPLE`` of them, with
nothing answered yet). Played on loopback, direct connections pinned to 127.0.0.1:

- ``silent``: every host drops the connection attempt (a listening socket whose accept
  queue is full: the kernel drops the SYN, as a network with no way out drops packets);
  the time until the run stops with ``NetworkUnreachable`` and the requests made by then;
- ``no-dns``: no name resolves, not even ``REFERENCE_HOST``;
- ``dead-first K``: the list starts with K hosts that drop connections (campaign domains
  whose servers are gone), then live hosts: a run that stops here stopped wrongly.

Each for the samples given (``--samples 8 4 3``) and the concurrencies given; SAMPLE is set
on the module for the run, nothing else changes.

    python scripts/bench_no_network.py --timeout 1 --samples 8 4 3 --concurrency 16 4 1
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server import LoopbackServer, Reply, dropping_port  # noqa: E402
from threadscope.assessment import assess  # noqa: E402
from threadscope.assessment.registry import load_registry  # noqa: E402
from threadscope.enrich import EnrichSettings, enrich_many, reachability  # noqa: E402
from threadscope.enrich.client import ClientPool, make_client, pin  # noqa: E402
from threadscope.errors import FetchError, NetworkUnreachable  # noqa: E402
from threadscope.models import Assessment, NetworkOptions  # noqa: E402


async def _loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


async def _no_dns(host: str, port: int) -> list[str]:
    raise FetchError("dns failure") from socket.gaierror(socket.EAI_AGAIN, "no DNS")


REGISTRY = load_registry()


def _run(urls: Sequence[str], timeout: float, concurrency: int,
         dns: bool = True) -> tuple[float, str, int]:
    """(seconds, "stopped" or "went on", results before the end)."""
    options = NetworkOptions(timeout=timeout, concurrency=concurrency, use_cache=False,
                             allow_private=True)
    lookup = _loopback if dns else _no_dns
    reference = "ok" if dns else None

    async def resolves(host: str, port: int) -> list[str]:
        if host == reachability.REFERENCE_HOST and reference is None:
            raise socket.gaierror(socket.EAI_AGAIN, "no DNS")
        return ["192.0.2.1"]

    async def go(items: list[Assessment]) -> tuple[str, int]:
        client = make_client(options)
        pin(client._transport, lookup)
        pool = ClientPool([client], resolves)  # the reference check asks ``resolves``
        seen = 0
        try:
            stream = enrich_many(items, pool, options,
                                 REGISTRY, settings=EnrichSettings(registration=False))
            async for _ in stream:
                seen += 1
        except NetworkUnreachable:
            return "stopped", seen
        finally:
            await client.aclose()
        return "went on", seen

    items = [assess(url) for url in urls]
    start = time.perf_counter()
    outcome, seen = asyncio.run(go(items))
    return time.perf_counter() - start, outcome, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--links", type=int, default=40)
    parser.add_argument("--samples", type=int, nargs="+", default=[8, 4, 3])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 4, 1])
    parser.add_argument("--dead-first", type=int, nargs="+", default=[3, 5, 8])
    args = parser.parse_args()
    assess("http://warm-up.example/")  # the default registry, loaded before any timing
    page = Reply(200, [("Content-Type", "text/html")], b"<title>live</title>")
    with dropping_port() as dead, LoopbackServer(lambda request: page) as live:
        silent = [f"http://dead-{n}.com:{dead}/" for n in range(args.links)]
        print(f"timeout {args.timeout:g} s, {args.links} links; SAMPLE was "
              f"{reachability.SAMPLE}, MIN_HOSTS {reachability.MIN_HOSTS}")
        print("| scenario | concurrency | SAMPLE | seconds | outcome | results before |")
        print("| --- | ---: | ---: | ---: | --- | ---: |")
        original = reachability.SAMPLE
        try:
            for concurrency in args.concurrency:
                for sample in args.samples:
                    reachability.SAMPLE = sample
                    rows = [("silent", silent, True), ("no-dns", silent, False)]
                    rows += [(f"dead-first {k}",
                              silent[:k] + [f"http://live-{n}.com:{live.port}/"
                                            for n in range(args.links - k)], True)
                             for k in args.dead_first]
                    for name, urls, dns in rows:
                        seconds, outcome, seen = _run(urls, args.timeout, concurrency, dns)
                        print(f"| {name} | {concurrency} | {sample} | {seconds:.2f} | "
                              f"{outcome} | {seen} |", flush=True)
        finally:
            reachability.SAMPLE = original


if __name__ == "__main__":
    main()
