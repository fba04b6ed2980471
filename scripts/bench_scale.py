"""Peak memory and CPU of ``audit`` by distinct links and of ``--brands`` by list size.

Two sizes that grow with what a researcher brings, each run as its own subprocess (peak RSS
is ``ru_maxrss`` of that child alone, from ``os.wait4``; CPU is its user+system seconds):

- ``threadscope audit FILE --offline --format json`` on a paste of N distinct links, one a
  line (``Lest das https://x<i>.example/artikel/<i>?utm_source=tw``), against a baseline
  measured in the same run: ``audit`` of a paste of ten links (the import, the registry,
  the writer), so that ``B/link`` is what each further link costs;
- ``threadscope check welt.ltd --offline --brands FILE`` and ``threadscope brands --brands
  FILE --format json`` with N generated domains (5–14 letters under common suffixes, seed
  7), against the same commands without ``--brands`` in the same run.

Peak RSS hardly depends on the machine's load; CPU does a little: read the ratios.
``--pythonpath DIR`` runs another copy of the package (``git worktree add DIR COMMIT``) for a
before/after comparison.

Run: ``python scripts/bench_scale.py [--links 10000,100000] [--brands 100000,1000000]``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

SUFFIXES = ("de", "com", "fr", "co.uk", "it", "es", "nl", "pl", "at", "ch", "net", "org",
            "info", "com.br")


def write_links(path: Path, count: int) -> None:
    """A paste of ``count`` distinct links, one a line."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(f"Lest das https://x{i}.example/artikel/{i}?utm_source=tw\n")


def write_brands(path: Path, count: int) -> None:
    """A ``--brands`` list of ``count`` distinct domains, one a line."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as handle:
        while len(seen) < count:
            name = "".join(rng.choice(letters) for _ in range(rng.randint(5, 14)))
            domain = f"{name}.{rng.choice(SUFFIXES)}"
            if domain not in seen:
                seen.add(domain)
                handle.write(domain + "\n")


ENV = dict(os.environ)


def run(args: list[str], folder: str) -> tuple[float, float, int]:
    """(peak RSS in MB, CPU seconds, exit status) of one ``threadscope`` run."""
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen([sys.executable, "-m", "threadscope", *args], cwd=folder,
                                 stdout=sink, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(child.pid, 0)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(
        status)


def bench_links(counts: list[int], folder: Path) -> None:
    base_file = folder / "links-10.txt"
    write_links(base_file, 10)
    base_mb, base_cpu, _ = run(["audit", str(base_file), "--offline", "--format", "json"],
                               str(folder))
    print(f"audit --offline --format json, 10 links (baseline): {base_mb:7.0f} MB "
          f"{base_cpu:6.2f} s CPU")
    for count in counts:
        path = folder / f"links-{count}.txt"
        write_links(path, count)
        mb, cpu, status = run(["audit", str(path), "--offline", "--format", "json"], str(folder))
        per_link = (mb - base_mb) * 1024 * 1024 / count
        print(f"audit, {count:>9,} distinct links: {mb:7.0f} MB ({mb / base_mb:5.1f}x, "
              f"{per_link:6.0f} B/link) {cpu:6.2f} s CPU ({cpu / base_cpu:5.1f}x) exit {status}")


def bench_brands(counts: list[int], folder: Path) -> None:
    commands = {"check welt.ltd --offline": ["check", "welt.ltd", "--offline"],
                "brands --format json": ["brands", "--format", "json"]}
    for label, args in commands.items():
        base_mb, base_cpu, _ = run(args, str(folder))
        print(f"{label} (baseline, no --brands): {base_mb:7.0f} MB {base_cpu:6.2f} s CPU")
        for count in counts:
            path = folder / f"brands-{count}.txt"
            if not path.exists():  # in a child: this process stays small, as forks copy it
                subprocess.run([sys.executable, __file__, "--write-brands", str(path),
                                str(count)], check=True)
            mb, cpu, status = run([*args, "--brands", str(path)], str(folder))
            print(f"{label} --brands {count:>9,}: {mb:7.0f} MB ({mb / base_mb:5.1f}x) "
                  f"{cpu:6.2f} s CPU ({cpu / base_cpu:5.1f}x) exit {status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--links", default="10000,100000", help="distinct links per paste")
    parser.add_argument("--brands", default="100000,1000000", help="--brands list sizes")
    parser.add_argument("--pythonpath", help="run the package found here instead")
    parser.add_argument("--write-brands", nargs=2, metavar=("FILE", "COUNT"),
                        help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write_brands:
        write_brands(Path(options.write_brands[0]), int(options.write_brands[1]))
        return 0
    if options.pythonpath:
        ENV["PYTHONPATH"] = os.path.abspath(options.pythonpath)
    with tempfile.TemporaryDirectory() as folder:  # not the repository root, on the path
        if options.links:
            bench_links([int(n) for n in options.links.split(",")], Path(folder))
        if options.brands:
            bench_brands([int(n) for n in options.brands.split(",")], Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
