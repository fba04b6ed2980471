"""CPU time of the terminal table (``--format table``, the default), with colour and without.

Colour is decided as the CLI decides it: on for a terminal, off for a file or a pipe
(``NO_COLOR`` unset). Each command runs as its own process whose standard output is either a
pseudo-terminal (colour on; the script reads it) or a pipe (colour off), 100 columns wide, and
the child's CPU seconds (user + system, from ``os.wait4``) are reported with a hash of what it
wrote, so that two versions of the code can be compared byte for byte:

- ``thread`` on the CSV and plain-text dumps of ``bench_memory.py`` (its generators, ``--mb``);
- ``audit --offline`` on the CSV dump;
- ``domains --offline`` on ``bench_domains.py``'s mixed list (``--domains`` names).

Run: ``python scripts/bench_table.py [--mb 20] [--domains 100000] [--only thread]``; to compare
with other code, run it with ``--root`` pointing at a checkout of that code (its package is run
from there). The machine is shared: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pty
import random
import subprocess
import sys
import tempfile
import tty
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_memory import SHAPES, tweets  # noqa: E402  (the same dumps as the memory bench)


def run(argv: list[str], root: Path, folder: str, color: bool) -> tuple[float, int, str]:
    """(CPU seconds, exit status, hash of the output) of one child writing to a pseudo-terminal
    (``color``) or a pipe. It runs in ``folder``, where its input is, so that the name it
    prints is the same from run to run."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(root)}
    env.pop("NO_COLOR", None)
    reader, writer = pty.openpty() if color else os.pipe()
    if color:
        tty.setraw(writer)  # no newline translation: the bytes as written
    child = subprocess.Popen([sys.executable, "-m", "threadscope", *argv], stdout=writer,
                             stderr=subprocess.DEVNULL, cwd=folder, env=env)
    os.close(writer)
    digest = hashlib.sha256()
    while True:
        try:
            data = os.read(reader, 1 << 16)
        except OSError:  # a pseudo-terminal whose writer closed
            break
        if not data:
            break
        digest.update(data)
    os.close(reader)
    _, status, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), digest.hexdigest()


def domain_list(count: int) -> str:
    from bench_domains import make_domains

    from threadscope.assessment.registry import load_registry
    from threadscope.names import split_host

    registry = load_registry()
    names = [n for b in registry.brands if b.tier == 1 and (n := split_host(b.domains[0]).name)]
    return "\n".join(make_domains(count, names or ["welt"], random.Random(20240601))) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of each dump, MB")
    parser.add_argument("--domains", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="thread,audit,domains")
    parser.add_argument("--root", type=Path, default=ROOT, help="the code to run")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        inputs: list[tuple[str, list[str]]] = []
        for shape in ("csv", "text"):
            path = Path(tmp) / f"dump.{shape}"
            with path.open("w", encoding="utf-8") as out:
                out.writelines(SHAPES[shape](tweets(args.seed), int(args.mb * 1e6)))
            inputs.append((f"thread, {shape}", ["thread", path.name]))
            if shape == "csv":
                inputs.append((f"audit --offline, {shape}", ["audit", "--offline", path.name]))
        if "domains" in only:
            path = Path(tmp) / "domains.txt"
            path.write_text(domain_list(args.domains), "utf-8")
            inputs.append((f"domains --offline, {args.domains:,}",
                           ["domains", "--offline", path.name]))
        print(f"{'command, input':<32}{'colour CPU s':>13}{'plain CPU s':>13}  output hashes")
        for label, argv in inputs:
            if argv[0] not in only:
                continue
            coloured = run(argv, args.root.resolve(), tmp, color=True)
            plain = run(argv, args.root.resolve(), tmp, color=False)
            print(f"{label:<32}{coloured[0]:>13.2f}{plain[0]:>13.2f}  "
                  f"{coloured[2][:12]} {plain[2][:12]}", flush=True)


if __name__ == "__main__":
    main()
