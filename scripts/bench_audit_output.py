"""CPU time and size of ``audit``'s CSV, JSON Lines and JSON on dumps of replies that share links.

A dump of replies (``gen_replies.py --activity``: a day of posts, news links shared by crowds,
retweets, planted campaigns) names every reply that posted a link: the CSV has a row per link
in each post that holds it, JSON and jsonl a ``found_in`` entry. Each dump is audited offline
once per process; then each writer is timed on that report (CPU seconds, best of
``--repeat``, the cycle collector paused as the CLI pauses it), against a floor measured in
the same process on the same report:

- CSV: the stdlib ``csv.writer`` writing the same rows, every value ``str()``-ed, nothing
  made safe and nothing shared between rows (the rows are built before the clock starts);
- jsonl and JSON: ``json.dumps`` of the same shapes in one line (the C encoder; the shapes are
  built before the clock starts).

Sizes are given against the dump's own size. ``--found-in first`` (one CSV row per link) is
timed too where the code has it. ``--root`` runs another checkout's package in the child
processes, so that two versions can be compared in the same run (``--root`` first, then this
checkout, alternating ``--rounds`` times).

Run: ``python scripts/bench_audit_output.py [--rows 30000,100000] [--repeat 3] [--root DIR]``.
The machine is shared: read the ratios, compare runs made back to back.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("csv", "jsonl", "json")


def make_dump(rows: int, seed: int, path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_replies import generate_activity, to_csv

    day = generate_activity(seed, rows=rows)
    path.write_text(to_csv(day.posts), "utf-8")


def _best(repeat: int, work: Callable[[], str]) -> tuple[float, int]:
    """Best CPU seconds of ``repeat`` runs of ``work``, and the UTF-8 size of what it gave."""
    best, size = float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.process_time()
        text = work()
        best = min(best, time.process_time() - start)
        gc.enable()
        size = len(text.encode("utf-8"))
        del text
    return best, size


def child(path: str, repeat: int) -> None:
    """Audit the dump, time each writer and its floor, print the figures as JSON."""
    import csv
    import inspect
    import io

    from threadscope.pipeline import audit
    from threadscope.report import Format, formatter, shapes
    from threadscope.report.csv_format import assessment_cells

    text = Path(path).read_text("utf-8")
    start = time.process_time()
    report = audit(text, source=Path(path).name)
    result: dict[str, Any] = {"audit": time.process_time() - start, "dump": len(text.encode()),
                              "links": len(report.links)}
    modes = ["all"]
    if "found_in" in inspect.signature(formatter).parameters:
        modes.append("first")
    for fmt in FORMATS:
        for mode in modes:
            options = {"found_in": mode} if mode != "all" else {}
            render = formatter(Format(fmt), **options)
            result[f"{fmt} {mode}"] = _best(
                repeat, lambda render=render: "".join(render.audit_chunks(report)))
    # The floors, on the same report.
    threads = {thread.id: thread for thread in report.threads}
    placed = [(threads[t], threads[t].posts[p], indices) for (t, p), indices in
              sorted(report.post_links.items())]
    placed += [(None, post, indices) for post, indices in report.outside_post_links]
    rows = [[str(value) for value in (
        thread and thread.id, thread and thread.author, post.index, post.line, index,
        *assessment_cells(report.links[index]), thread and thread.author_kind, post.author,
        post.author_kind, False, post.post_id, index + 1, "; ".join(post.author_labels))]
        for thread, post, indices in placed for index in indices]
    result["rows"] = len(rows)

    def plain_csv() -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue()

    result["csv floor"] = _best(repeat, plain_csv)
    document = shapes.audit_data(report)
    result["json floor"] = _best(repeat, lambda: json.dumps(document, ensure_ascii=False))
    print(json.dumps(result))


def measure(root: Path, dump: Path, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, __file__, "--child", str(dump), "--repeat",
                           str(repeat)], check=True, capture_output=True, text=True, env=env,
                          cwd=dump.parent)
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def report_lines(label: str, figures: dict[str, Any]) -> list[str]:
    dump = figures["dump"]
    floors = {"csv": figures["csv floor"][0], "jsonl": figures["json floor"][0],
              "json": figures["json floor"][0]}
    lines = [f"{label}: audit {figures['audit']:.2f} s CPU, {figures['rows']:,} rows of a link "
             f"in a post, {figures['links']:,} links; floors: csv.writer "
             f"{floors['csv']:.3f} s, json.dumps {floors['json']:.3f} s"]
    for key, value in figures.items():
        fmt, _, mode = key.partition(" ")
        if fmt not in FORMATS or mode not in ("all", "first"):
            continue
        seconds, size = value
        lines.append(f"  {key:<12}{seconds:>8.3f} s{seconds / floors[fmt]:>8.2f}x floor"
                     f"{size / 1e6:>9.2f} MB{size / dump:>8.2f}x dump")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="30000,100000", help="posts of each dump")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of N per writer")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each code, alternating")
    parser.add_argument("--root", type=Path, default=None, help="other code to compare")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return
    roots = [(f"code at {args.root}", args.root.resolve())] if args.root else []
    roots.append(("this checkout", ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (int(n) for n in args.rows.split(",")):
            dump = Path(tmp) / f"activity-{rows}.csv"
            make_dump(rows, args.seed, dump)
            print(f"dump: {rows:,} posts (gen_replies.py --activity {rows} --seed {args.seed}),"
                  f" {dump.stat().st_size / 1e6:.1f} MB", flush=True)
            print(f"  {'writer':<12}{'CPU':>10}{'vs floor':>14}{'size':>12}{'vs dump':>9}")
            for _ in range(max(1, args.rounds)):
                for label, root in roots:
                    print("\n".join(report_lines(label, measure(root, dump, args.repeat))),
                          flush=True)


if __name__ == "__main__":
    main()
