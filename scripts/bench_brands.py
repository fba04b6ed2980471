"""Benchmark: CPU of ``threadscope brands`` into a file, against ``--format json`` (the floor) in
the same run; best of ``--repeat`` user+system seconds of each child. ``--pythonpath DIR`` times
another copy of the package (``git worktree add DIR main``) for a before/after comparison.

    python scripts/bench_brands.py --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile

RUNS = {"json (floor)": ({}, ["--format", "json"]), "table": ({}, []),
        "table COLUMNS=200": ({"COLUMNS": "200"}, [])}


def _cpu(env: dict[str, str], args: list[str], folder: str) -> float:
    """The CPU seconds of one ``threadscope brands`` run, its output to a file."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as out:
        subprocess.run([sys.executable, "-m", "threadscope", "brands", *args], env=env,
                       cwd=folder, stdout=out, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pythonpath", help="time the package found here instead")
    options = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    if options.pythonpath:
        env["PYTHONPATH"] = os.path.abspath(options.pythonpath)
    floor = 0.0
    with tempfile.TemporaryDirectory() as folder:  # not the repository root, on the path
        for name, (extra, args) in RUNS.items():
            best = min(_cpu({**env, **extra}, args, folder) for _ in range(options.repeat))
            floor = floor or best
            print(f"{name:<20} {best:6.2f} s CPU  {best / floor:5.1f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
