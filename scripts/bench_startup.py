"""Benchmark: start-up time of the command, against the interpreter's own in the same run.

Each command is started ``--repeat`` times in a fresh interpreter (bytecode cached, as after
an install); the best and the median wall times are printed with their ratio to the floor,
``python -c pass``. Run from the repository root, with the project installed:

    python scripts/bench_startup.py --repeat 15

``--pythonpath DIR`` times another copy of the package (``git archive REV | tar -x -C DIR``)
for a before/after comparison in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "python -c pass (floor)": ["-c", "pass"],
    "threadscope --version": ["-m", "threadscope", "--version"],
    "threadscope check welt.ltd --offline": ["-m", "threadscope", "check", "welt.ltd",
                                             "--offline"],
    "threadscope check welt.ltd --offline --format jsonl": [
        "-m", "threadscope", "check", "welt.ltd", "--offline", "--format", "jsonl"],
    "threadscope thread FILE --format json": ["-m", "threadscope", "thread", "{dump}",
                                              "--format", "json"],
}


def _times(args: list[str], repeat: int, env: dict[str, str], folder: Path) -> list[float]:
    """Wall times of ``repeat`` runs, started in ``folder``: ``python -m`` puts the working
    directory first on the path, and the repository root would shadow ``--pythonpath``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], env=env, stdin=subprocess.DEVNULL, cwd=folder,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pythonpath", action="append", default=[],
                        help="also time the package found in DIR (repeatable)")
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode written and reused
    copies = {"this checkout": env}
    for directory in args.pythonpath:
        copies[directory] = {**env, "PYTHONPATH": directory}
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.txt"
        dump.write_text("Erster Teil welt.ltd/a 1/2\n\nZweiter Teil 2/2\n", "utf-8")
        floor = None
        print(f"best and median of {args.repeat} runs each (shared machine: read the ranges)")
        for label, copy_env in copies.items():
            for name, command in COMMANDS.items():
                if floor is not None and name.endswith("(floor)"):
                    continue
                argv = [part.replace("{dump}", str(dump)) for part in command]
                _times(argv, 1, copy_env, Path(tmp))  # warm-up: bytecode, page cache
                times = _times(argv, args.repeat, copy_env, Path(tmp))
                best, median = min(times), statistics.median(times)
                if floor is None:
                    floor = best
                print(f"{label:>16} | {name:<54} best {best * 1000:6.0f} ms  "
                      f"median {median * 1000:6.0f} ms  ratio to floor {best / floor:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
