"""Benchmark: the online path through the whole command, against a loopback server.

``threadscope domains LINKS --format jsonl`` follows 2,000 links with two redirects each (three
requests a link) from a loopback server that answers every request after 50 ms; the server runs
in its own process, so it does not share the command's interpreter lock. Measured from the
command's start to its exit (start-up, reading, assessing, following, parsing each landing page,
writing JSON lines), in the same run as:

- **ideal**: ceil(3 x links / concurrency) x 50 ms, what the network alone takes when
  ``concurrency`` requests are always in flight (the target: the command within 1.5x of it);
- **httpx floor**: the same redirects followed by a bare ``httpx.AsyncClient`` loop at the same
  concurrency in this process, no assessment, no page parsing: what any httpx-based tool pays.

The links all name one host (127.0.0.1), so ``--per-host`` is set to the concurrency. Run from
the repository root, with the project installed (``pip install -e .``):

    python scripts/bench_resolve.py --links 2000 --concurrency 64 --repeat 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from multiprocessing import connection, synchronize
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server import LoopbackServer, Reply, Request  # noqa: E402

DELAY = 0.05
HOPS = 3


def _handler(request: Request) -> Reply:
    """``/l/ID/2`` → ``/l/ID/1`` → ``/l/ID/0`` (a small page), each after 50 ms."""
    parts = request.path.strip("/").split("/")
    left = int(parts[-1]) if parts[-1].isdigit() else 0
    if left > 0:
        location = "/" + "/".join([*parts[:-1], str(left - 1)])
        return Reply(302, [("Location", location)], delay=DELAY)
    page = (
        f"<html><head><title>Page {request.path}</title>"
        f'<meta property="og:site_name" content="Local news {parts[1] if len(parts) > 1 else ""}">'
        f'<link rel="canonical" href="http://127.0.0.1{request.path}"></head>'
        "<body><p>ok</p></body></html>"
    )
    return Reply(200, [("Content-Type", "text/html; charset=utf-8")], page.encode(), delay=DELAY)


def _serve(port_out: connection.Connection, stop: synchronize.Event) -> None:
    with LoopbackServer(_handler) as server:
        port_out.send(server.port)
        stop.wait()


def _command(links_file: Path, output: Path, concurrency: int) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of the whole command."""
    command = [
        sys.executable, "-m", "threadscope", "domains", str(links_file), "--format", "jsonl",
        "--allow-private", "--no-cache", "--concurrency", str(concurrency),
        "--per-host", str(concurrency), "--timeout", "30", "--deadline", "600",
        "-o", str(output),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the links name a bare IP
        print(f"the command failed: {os.waitstatus_to_exitcode(status)}", file=sys.stderr)
    return elapsed, usage.ru_utime + usage.ru_stime


async def _httpx_floor(urls: list[str], concurrency: int) -> tuple[float, float]:
    """The same chains with a bare client: GET, follow Location, read the page (wall and
    CPU seconds)."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30, trust_env=False) as client:
        gate = asyncio.Semaphore(concurrency)

        async def follow(url: str) -> None:
            while True:
                async with gate:
                    response = await client.get(url)
                location = response.headers.get("location")
                if not location:
                    return
                url = str(response.url.join(location))

        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(follow(url) for url in urls))
        return time.perf_counter() - started, time.process_time() - cpu


def _check(output: Path, links: int) -> int:
    """Lines whose link was not followed through all its hops."""
    bad = 0
    lines = output.read_text("utf-8").splitlines()
    for line in lines:
        item = json.loads(line)
        if item["error"] or len(item["chain"]) != HOPS:
            bad += 1
    return bad + max(0, links - len(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each (the machine is shared)")
    args = parser.parse_args()

    receive, send = multiprocessing.Pipe(duplex=False)
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(send, stop), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{receive.recv()}"
    urls = [f"{base}/l/{n}/2" for n in range(args.links)]
    requests = HOPS * args.links
    ideal = math.ceil(requests / args.concurrency) * DELAY
    walls: list[float] = []
    cpus: list[float] = []
    floors: list[float] = []
    floor_cpus: list[float] = []
    failed = 0
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # start-up as installed: bytecode cached
    with tempfile.TemporaryDirectory() as tmp:
        links_file = Path(tmp) / "links.txt"
        links_file.write_text("\n".join(urls) + "\n", "utf-8")
        output = Path(tmp) / "out.jsonl"
        for _ in range(args.repeat):
            floor, floor_cpu = asyncio.run(_httpx_floor(urls, args.concurrency))
            floors.append(floor)
            floor_cpus.append(floor_cpu)
            wall, cpu = _command(links_file, output, args.concurrency)
            walls.append(wall)
            cpus.append(cpu)
            failed = max(failed, _check(output, args.links))
    stop.set()
    server.join(10)

    def spread(values: list[float]) -> str:
        return f"{min(values):.2f}–{max(values):.2f} s"

    best = min(walls)
    print(f"links={args.links} requests={requests} concurrency={args.concurrency} "
          f"runs={args.repeat} (shared machine: read the ranges)")
    print(f"ideal (network only)          {ideal:.2f} s   ratio 1.00")
    print(f"httpx floor (bare client)     {spread(floors)}   ratio "
          f"{min(floors) / ideal:.2f}–{max(floors) / ideal:.2f}   CPU {spread(floor_cpus)}")
    print(f"threadscope domains (command) {spread(walls)}   ratio "
          f"{best / ideal:.2f}–{max(walls) / ideal:.2f} (target <= 1.50)   CPU {spread(cpus)}   "
          f"{requests / best:.0f} req/s   links not followed {failed}")
    print(f"CPU per request: command {1000 * min(cpus) / requests:.2f} ms, bare httpx "
          f"{1000 * min(floor_cpus) / requests:.2f} ms (the wall time cannot fall below the "
          "CPU time of the busier process)")
    return 0 if best / ideal <= 1.5 and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
