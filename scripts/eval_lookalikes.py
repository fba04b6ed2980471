"""Measure look-alike detection: precision and recall on the labelled set, false positives on
a popularity ranking.

    python scripts/eval_lookalikes.py [--labelled FILE] [--popular PATH] [--brands FILE]

A labelled domain counts as *flagged* when its verdict is lookalike or suspicious; a flagged
look-alike is a true positive only if it names the expected brand. The popular list
(``../shared/data/popular-domains-top10k.txt`` from the repository root by default) holds real,
widely used domains: every one flagged is a false positive, and each is listed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from threadscope.assessment import BrandRegistry, assess, load_registry
from threadscope.models import Assessment, Verdict

ROOT = Path(__file__).resolve().parent.parent
FLAGGED = (Verdict.LOOKALIKE, Verdict.SUSPICIOUS)


@dataclass(frozen=True)
class Row:
    domain: str
    label: str
    brand: str | None
    split: str
    note: str


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def read_labelled(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, label, brand, split, note = line.split("\t")
        rows.append(Row(domain, label, None if brand == "-" else brand, split, note))
    return rows


def score(
    rows: Iterable[Row], results: dict[str, Assessment], registry: BrandRegistry | None = None
) -> tuple[Scores, list[str]]:
    """A look-alike counts as found when flagged as imitating the expected brand (named by any
    of its official domains)."""
    tp = fp = fn = tn = 0
    misses: list[str] = []
    for row in rows:
        result = results[row.domain]
        flagged = result.verdict in FLAGGED
        if row.label == "lookalike":
            if flagged and _same_brand(result, row.brand, registry):
                tp += 1
                continue
            fn += 1
            misses.append(f"missed  {row.domain}: {_why(result)} (expected {row.brand})")
        elif flagged:
            fp += 1
            misses.append(f"flagged {row.domain}: {_why(result)}")
        else:
            tn += 1
    return Scores(tp, fp, fn, tn), misses


def _same_brand(result: Assessment, expected: str | None, registry: BrandRegistry | None) -> bool:
    if result.imitates == expected:
        return True
    owner = registry.official(expected) if registry and expected else None
    return owner is not None and owner.name == result.brand


def _why(result: Assessment) -> str:
    top = result.reasons[0].detail if result.reasons else result.error or "no reason"
    return f"{result.verdict.value} {result.score}, imitates {result.imitates}: {top}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=ROOT / "fixtures/lookalikes/labelled.tsv")
    parser.add_argument(
        "--popular", type=Path, default=ROOT.parent / "shared/data/popular-domains-top10k.txt"
    )
    parser.add_argument("--brands", type=Path, default=None)
    args = parser.parse_args()
    registry = load_registry(args.brands)

    rows = read_labelled(args.labelled)
    results = {row.domain: assess(row.domain, registry) for row in rows}
    for split in ("dev", "held", "all"):
        chosen = [r for r in rows if split == "all" or r.split == split]
        scores, misses = score(chosen, results, registry)
        print(
            f"labelled {split:<4} n={len(chosen):<4} precision {scores.precision:.3f}  "
            f"recall {scores.recall:.3f}  (tp {scores.tp}, fp {scores.fp}, fn {scores.fn}, "
            f"tn {scores.tn})"
        )
        if split == "all":
            for miss in misses:
                print(f"  {miss}")

    if not args.popular.exists():
        print(f"popular list not found: {args.popular}", file=sys.stderr)
        return 2
    popular = [
        line.strip()
        for line in args.popular.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    flagged = [a for a in (assess(d, registry) for d in popular) if a.verdict in FLAGGED]
    tier2 = {b.domains[0] for b in registry.brands if b.tier > 1}
    outside = [d for d in popular if d not in tier2]
    flagged_outside = [a for a in flagged if a.input not in tier2]
    print(
        f"popular  n={len(popular)}  flagged {len(flagged)} = {len(flagged) / len(popular):.2%}"
        f"  (of the {len(outside)} not in the popular tier: {len(flagged_outside)} = "
        f"{len(flagged_outside) / max(1, len(outside)):.2%})"
    )
    for result in flagged:
        print(f"  {result.input}: {_why(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
