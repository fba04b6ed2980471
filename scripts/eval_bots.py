"""Cluster-membership precision and recall of ``threadscope bots`` on generated reply sets.

Account level: the accounts in a ``coordinated`` cluster are the prediction, the generator's
bot handles are the truth. Offline (names only), over several seeds and sizes, one campaign of
``--bots`` accounts (a dozen by default) hidden among organic replies, plus a row with three
campaigns, and a row with one *stealth* campaign (bought accounts with human handles and old
creation dates, replies spread over a day, each link behind its own short link): offline only
its text remains, which by design is not enough to flag anyone.

Run: ``python scripts/eval_bots.py [--seeds 10] [--sizes 1000,5000,20000]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_replies import generate  # noqa: E402

from threadscope.bots import detect  # noqa: E402
from threadscope.models import ClusterVerdict  # noqa: E402


def measure(
    seed: int, organic: int, bots: int, campaigns: int, stealth: bool = False
) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over accounts."""
    made = generate(seed, organic=organic, bots=bots, campaigns=campaigns, stealth=stealth)
    report = detect(made.replies)
    flagged = {
        handle
        for cluster in report.clusters
        if cluster.verdict is ClusterVerdict.COORDINATED
        for handle in cluster.accounts
    }
    return len(flagged & made.bots), len(flagged - made.bots), len(made.bots - flagged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--bots", type=int, default=12)
    args = parser.parse_args()
    rows = [(size, 1, False) for size in map(int, args.sizes.split(","))]
    rows.append((rows[0][0], 3, False))
    rows.append((rows[0][0], 1, True))
    print(f"{'organic':>8} {'campaigns':>9} {'seeds':>5} {'bots':>6} {'TP':>6} {'FP':>5} "
          f"{'FN':>5} {'precision':>9} {'recall':>7} {'perfect':>7}")
    for organic, campaigns, stealth in rows:
        tp = fp = fn = perfect = 0
        for seed in range(1, args.seeds + 1):
            t, f, n = measure(seed, organic, args.bots, campaigns, stealth)
            tp, fp, fn = tp + t, fp + f, fn + n
            perfect += f == 0 and n == 0
        precision = f"{tp / (tp + fp):.3f}" if tp + fp else "n/a"
        recall = tp / (tp + fn) if tp + fn else 1.0
        label = f"{campaigns} stealth" if stealth else str(campaigns)
        print(f"{organic:>8} {label:>9} {args.seeds:>5} {tp + fn:>6} {tp:>6} {fp:>5} "
              f"{fn:>5} {precision:>9} {recall:>7.3f} {perfect:>4}/{args.seeds}")


if __name__ == "__main__":
    main()
