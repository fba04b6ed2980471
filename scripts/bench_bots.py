"""Time ``threadscope bots`` detection at 10k, 50k and 100k generated replies.

The cost should grow linearly: LSH buckets and blocking keys, never all pairs. The last column
is the time per reply relative to the smallest size (≈ 1.0 everywhere means linear). Offline
(links judged by name), reading excluded: this is ``detect`` alone.

Run: ``python scripts/bench_bots.py [--sizes 10000,50000,100000] [--seed 1] [--repeat 2]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_replies import generate  # noqa: E402

from threadscope.bots import detect  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2, help="best of N (the machine is shared)")
    args = parser.parse_args()
    base: float | None = None
    print(f"{'replies':>8} {'seconds':>8} {'µs/reply':>9} {'ratio':>6} {'clusters':>8} "
          f"{'flagged':>7}")
    for size in map(int, args.sizes.split(",")):
        made = generate(args.seed, organic=size - 12 * max(1, size // 10000), bots=12,
                        campaigns=max(1, size // 10000))
        elapsed = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            report = detect(made.replies)
            elapsed = min(elapsed, time.perf_counter() - start)
        per_reply = elapsed / len(made.replies)
        base = base or per_reply
        flagged = sum(c.verdict.value == "coordinated" for c in report.clusters)
        print(f"{len(made.replies):>8} {elapsed:>8.2f} {per_reply * 1e6:>9.1f} "
              f"{per_reply / base:>6.2f} {len(report.clusters):>8} {flagged:>7}")


if __name__ == "__main__":
    main()
