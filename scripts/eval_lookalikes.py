"""Measure look-alike detection on real data first, then on our own labelled set.

    python scripts/eval_lookalikes.py [--markdown] [--verbose]

Data sets (``../shared/data`` from the repository root; splits in ``lookalike_sets.py``):

- Doppelganger pairs, with the imitated outlets given as ``--brands`` ("explicit") and with
  the built-in registry alone ("built-in"): recall (found *and* named the imitated outlet),
  and the look-alikes flagged for another brand;
- hard negatives, the Google News source list, the top-10k ranking: legitimate domains, each
  judged by a registry that does not list it; every one flagged is a false positive;
- ``fixtures/lookalikes/labelled.tsv`` (ours): precision and recall.

Each set is reported for its tuning part ("dev", what ``fit_weights.py`` saw) and its held-out
part ("held"). A domain counts as *flagged* when its verdict is lookalike or suspicious.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lookalike_sets as sets  # noqa: E402

from threadscope.assessment import BrandRegistry, assess, load_registry  # noqa: E402
from threadscope.models import Assessment, Verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLAGGED = (Verdict.LOOKALIKE, Verdict.SUSPICIOUS)
LISTED = 25
"""False positives and misses are listed in full up to this many."""


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


@dataclass
class Line:
    """One reported line: a data set's part."""

    name: str
    part: str
    n: int
    tp: int = 0
    fp: int = 0
    fn: int = 0
    positives: bool = True
    listed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.positives and self.tp + self.fn else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def fp_rate(self) -> float:
        negatives = self.n - (self.tp + self.fn if self.positives else 0)
        return self.fp / negatives if negatives else 0.0


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
            if flagged and same_brand(result, row.brand, registry):
                tp += 1
                continue
            fn += 1
            misses.append(f"missed  {row.domain}: {why(result)} (expected {row.brand})")
        elif flagged:
            fp += 1
            misses.append(f"flagged {row.domain}: {why(result)}")
        else:
            tn += 1
    return Scores(tp, fp, fn, tn), misses


def same_brand(result: Assessment, expected: str | None, registry: BrandRegistry | None) -> bool:
    """The imitated domain, another of its brand's domains, or its registrable domain (a
    look-alike of news.walla.co.il named as one of walla.co.il is found)."""
    if result.imitates == expected:
        return True
    if expected and result.imitates and sets.registrable(expected) == result.imitates:
        return True
    owner = registry.official(expected) if registry and expected else None
    return owner is not None and owner.name == result.brand


def why(result: Assessment) -> str:
    top = result.reasons[0].detail if result.reasons else result.error or "no reason"
    points = " ".join(f"{r.code}{r.points:+d}" for r in result.reasons)
    return f"{result.verdict.value} {result.score} [{points}], imitates {result.imitates}: {top}"


# --------------------------------------------------------------------------- the data sets


def doppelganger(
    pairs: Sequence[sets.Pair], registry: BrandRegistry, mode: str, held: bool
) -> Line:
    chosen = [p for p in pairs if p.held == held]
    line = Line(f"Doppelganger, {mode}", "held" if held else "dev", len(chosen))
    for pair in chosen:
        result = assess(pair.lookalike, registry)
        if result.verdict in FLAGGED and same_brand(result, pair.imitated, registry):
            line.tp += 1
            continue
        line.fn += 1
        if result.verdict in FLAGGED:
            line.fp += 1  # flagged, but as another brand's look-alike
        line.listed.append(f"missed  {pair.lookalike} ({pair.imitated}): {why(result)}")
    return line


def legitimate(name: str, part: str, judged: Sequence[tuple[str, BrandRegistry]]) -> Line:
    """``judged``: each domain with the registry it is judged by (one that does not list it)."""
    line = Line(name, part, len(judged), positives=False)
    for domain, registry in judged:
        result = assess(domain, registry)
        if result.verdict in FLAGGED:
            line.fp += 1
            line.listed.append(f"flagged {domain}: {why(result)}")
    return line


def labelled(rows: Sequence[Row], registry: BrandRegistry, part: str) -> Line:
    chosen = [r for r in rows if r.split == part]
    results = {r.domain: assess(r.domain, registry) for r in chosen}
    scores, misses = score(chosen, results, registry)
    line = Line("labelled (ours)", part, len(chosen), scores.tp, scores.fp, scores.fn)
    line.listed = misses
    return line


def evaluate(labelled_path: Path = sets.LABELLED) -> list[Line]:
    pairs = sets.doppelganger()
    news = sets.negatives("Google News sources", sets.NEWS)
    top = sets.negatives("top-10k ranking", sets.TOP10K)
    hard = sets.hard_negatives()
    registries = sets.Registries((news, top))
    shipped = load_registry()
    lines: list[Line] = []
    with tempfile.TemporaryDirectory() as directory:
        explicit = load_registry(sets.brands_file(pairs, Path(directory)))
        for held in (False, True):
            lines.append(doppelganger(pairs, explicit, "explicit --brands", held))
        for held in (False, True):
            lines.append(doppelganger(pairs, shipped, "built-in registry", held))
    hard_registry = load_registry(exclude={d for d, _ in hard})
    for held in (False, True):
        judged = [(d, hard_registry) for d, h in hard if h == held]
        lines.append(legitimate("hard negatives", "held" if held else "dev", judged))
    for listing in (news, top):
        for held in (False, True):
            judged = [(d, registries.for_fold(f)) for d, f in listing.part(held)]
            lines.append(legitimate(listing.name, "held" if held else "dev", judged))
    rows = read_labelled(labelled_path)
    for part in ("dev", "held"):
        lines.append(labelled(rows, shipped, part))
    return lines


# --------------------------------------------------------------------------- output


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def print_text(lines: Sequence[Line], verbose: bool) -> None:
    for line in lines:
        head = f"{line.name:<32} {line.part:<4} n={line.n:<5}"
        if line.positives:
            head += (
                f" recall {_figure(line.recall)}  precision {_figure(line.precision)}"
                f"  (tp {line.tp}, fn {line.fn}, flagged for another brand or benign "
                f"{line.fp})"
            )
        else:
            head += f" flagged {line.fp} = {line.fp_rate:.2%}"
        print(head)
        shown = line.listed if verbose or len(line.listed) <= LISTED else line.listed[:LISTED]
        for item in shown:
            print(f"    {item}")
        if len(shown) < len(line.listed):
            print(f"    … {len(line.listed) - len(shown)} more (--verbose lists all)")


def print_markdown(lines: Sequence[Line]) -> None:
    print("| data set | part | n | recall | precision | flagged (false positives) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for line in lines:
        fps = f"{line.fp} = {line.fp_rate:.2%}" if not line.positives else f"{line.fp}"
        if line.positives and line.name.startswith("Doppelganger"):
            fps = "–"
        print(
            f"| {line.name} | {line.part} | {line.n} | {_figure(line.recall)} | "
            f"{_figure(line.precision) if line.name.startswith('labelled') else '–'} | {fps} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=sets.LABELLED)
    parser.add_argument("--markdown", action="store_true", help="the README's table")
    parser.add_argument("--verbose", action="store_true", help="list every miss and flag")
    args = parser.parse_args()
    for path in (sets.DOPPELGANGER, sets.NEWS, sets.TOP10K, sets.HARD_NEGATIVES):
        if not path.exists():
            print(f"data set not found: {path}", file=sys.stderr)
            return 2
    lines = evaluate(args.labelled)
    if args.markdown:
        print_markdown(lines)
    else:
        print_text(lines, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
