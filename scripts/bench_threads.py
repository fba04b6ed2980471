"""Time and memory of ``threadscope.reassemble`` on a generated plain-text dump of 1M lines.

The dump is what researchers paste, scaled up: threads back to back with closing markers
(``… text 3/22``, or the marker alone on its line), posts missing or pasted twice, link lines,
prose with dates, fractions and percentages that are not markers, blank lines between some
threads. Each measurement runs in a fresh process that reads the file from disk:

- baseline: split the text into lines and normalise each line once (whitespace folded,
  casefolded): the least any reader of the dump must do;
- reassemble: ``threadscope.reassemble(text)``, the whole library path of ``threadscope thread``;
- peak RSS: the process's peak resident memory minus its size before the dump was read,
  over the dump's size in bytes.

Targets (issue 11): reassembly of 1M lines ≤ 8 s on the 2-core development machine, peak
memory ≤ 4× the dump. The machine is shared: run it a few times and report the range.

Run: ``python scripts/bench_threads.py [--lines 1000000] [--seed 1] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = (
    "Die Quelle nennt keinen Beleg für die Behauptung der Regierung und die Seite wirkt echt "
    "aber die Domain gehört nicht dem Verlag sondern einem Registrar in Island der Artikel "
    "wurde am selben Tag von vierzig Konten geteilt the source gives no evidence for the claim "
    "and the outlet denies any involvement while the clone copies layout fonts and logo"
).split()
PROSE = (
    "Die Wahlbeteiligung lag bei 3/4 der Berechtigten.",
    "Das war zwei Jahre vor 9/11",
    "Erschienen am 12/03/2023, gelöscht am 14/03/2023.",
    "Das Spiel endete 3/1 nach Verlängerung.",
    "Zustimmung 1/2% höher als im Vorjahr.",
    "Rund 24/7 erreichbar, sagt die Pressestelle.",
)
LINKS = ("https://t.co/AbCdEfGhIj", "de.wikipedia.org/wiki/Logan_Act",
         "https://www.zeit.de/politik/2024-05/klone", "https://t.co/cykVk0lJUJWelt.de")


def sentence(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 22))).capitalize() + "."


def generate(lines: int, seed: int) -> str:
    """Threads of 2–30 posts until ``lines`` lines are written."""
    rnd = random.Random(seed)
    out: list[str] = []
    while len(out) < lines:
        total = rnd.randint(2, 30)
        posts = list(range(1, total + 1))
        if rnd.random() < 0.3:
            posts = [i for i in posts if rnd.random() > 0.15]  # posts lost in the paste
        if rnd.random() < 0.1:
            posts.insert(rnd.randrange(len(posts) + 1), rnd.choice(posts or [1]))  # twice
        for index in posts:
            body = [sentence(rnd) for _ in range(rnd.randint(1, 4))]
            if rnd.random() < 0.1:
                body.append(rnd.choice(PROSE))
            if rnd.random() < 0.5:
                out.extend(body)
                out.append(f"{index}/{total}")
            else:
                out.extend(body[:-1])
                out.append(f"{body[-1]} {index}/{total}")
            if rnd.random() < 0.1:
                out.append(rnd.choice(LINKS))
        if rnd.random() < 0.3:
            out.append("")
        if rnd.random() < 0.05:
            out.append(rnd.choice(PROSE))
    return "\n".join(out[:lines]) + "\n"


_SPACE = re.compile(r"\s+")


def child(path: str, what: str) -> None:
    """Run one measurement in this process and print it as JSON."""
    import resource

    if what == "reassemble":
        from threadscope.threads import reassemble  # import before the memory baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    text = Path(path).read_text("utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    if what == "baseline":
        lines = text.splitlines()
        normalised = [_SPACE.sub(" ", line).strip().casefold() for line in lines]
        summary = {"lines": len(lines), "distinct": len(set(normalised))}
    else:
        result = reassemble(text)
        summary = {"threads": len(result.threads),
                   "posts": sum(len(t.posts) for t in result.threads),
                   "unthreaded": len(result.unthreaded)}
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "peak_over_before": peak - before,
                      **summary}))


def measure(path: Path, what: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", what, str(path)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of N (the machine is shared)")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[1], args.child[0])
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.txt"
        path.write_text(generate(args.lines, args.seed), "utf-8")
        size = path.stat().st_size
        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "reassemble": []}
        for _ in range(max(1, args.repeat)):  # alternate, so both see the same neighbours
            for what in runs:
                runs[what].append(measure(path, what))
    best = min(runs["reassemble"], key=lambda r: r["seconds"])
    print(f"dump: {args.lines:,} lines, {size / 1e6:.1f} MB; "
          f"{best['threads']:,} threads, {best['posts']:,} posts, "
          f"{best['unthreaded']:,} unthreaded texts")
    print(f"{'':<36}{'wall s (best)':>14}{'CPU s (best)':>14}{'ratio wall':>12}{'ratio CPU':>11}")
    base = {key: min(r[key] for r in runs["baseline"]) for key in ("seconds", "cpu")}
    for what, label in (("baseline", "baseline: split + normalise lines"),
                        ("reassemble", "reassemble")):
        wall = min(r["seconds"] for r in runs[what])
        cpu = min(r["cpu"] for r in runs[what])
        print(f"{label:<36}{wall:>14.2f}{cpu:>14.2f}{wall / base['seconds']:>12.2f}"
              f"{cpu / base['cpu']:>11.2f}")
    walls = [r["seconds"] for r in runs["reassemble"]]
    memory = [r["peak_over_before"] / size for r in runs["reassemble"]]
    print(f"reassemble wall, all runs: {min(walls):.2f} … {max(walls):.2f} s "
          "(target ≤ 8 s on the development machine)")
    print(f"peak RSS over dump size: {min(memory):.2f} … {max(memory):.2f} (target ≤ 4)")


if __name__ == "__main__":
    main()
