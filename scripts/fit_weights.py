"""Fit the look-alike model's points (``threadscope/data/weights.tsv``) on labelled real data.

    python scripts/fit_weights.py [--balance B --sigma S] [--dry-run]

The model (``threadscope/assessment/model.py``) describes each candidate match by its
features (technique, length, target, suffix class, and suffix use, shared and spread names
where they apply); this script fits one number of points per feature value by logistic
regression, at 10 points per unit of log-odds and flagged from a sum of 40:

    log-odds(look-alike) = (base + technique + length + target + suffix + … - 40) / 10

with a Gaussian prior centred on the hand-set points of the table's ``prior`` column (sigma
``--sigma`` points, or the table's ``sigma`` column where it has one): a feature value the
data says little about keeps about its prior. ``base`` is held at zero (sigma 1), so that
the points of techniques the data holds no example of (missing-dot) keep their meaning; the
points of ``shared``, ``spread``, ``crowded`` and ``dressed`` are kept at or below zero. The
table holds a tighter sigma for the few values whose positives the tuning data lacks though
public reporting shows them (same-suffix typos of outlets, brand plus a news word or an
article), with a note. The fit is a maximum a-posteriori estimate by Newton's method, on
rows grouped by their features.

Training rows come only from the tuning parts (``lookalike_sets.py``):

- positives: the Doppelganger pairs of the tuning outlets, judged with the outlets given as
  ``--brands`` and with the built-in registry, and the look-alikes of ``labelled.tsv``'s dev
  rows; each contributes the candidate naming the imitated outlet that scores best (chosen
  again after each of three rounds of fitting);
- negatives: every candidate of every domain of the news list's and the top-10k's tuning
  folds (each judged by a registry that does not list it), of the tuning hard negatives and of
  ``labelled.tsv``'s dev benign rows.

``--balance``: the positives' total weight as a share of the negatives' (the cost of a miss
against a false alarm); ``--sigma``: the prior's default width. Without them, both are chosen
from a small grid by 3-fold cross-validation on the tuning data: the highest recall among the
settings that flag at most ``LIMITS`` of each legitimate list. The points are rounded to
integers and written with their prior.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lookalike_sets as sets  # noqa: E402

from threadscope.assessment import BrandRegistry, load_registry, model, techniques  # noqa: E402
from threadscope.assessment.suffixes import split_plain  # noqa: E402
from threadscope.names import split_host  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "threadscope" / "data" / "weights.tsv"
THRESHOLD = 40
MAX_STEP = 50.0
"""Points any feature may move in one Newton step."""
WEAKENING = ("shared:", "spread:", "crowded:", "dressed:")
"""Features that say a name is common or its suffix crowded: kept at or below zero."""
SCALE = model.POINTS_PER_LOGIT

Features = tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    features: Features
    imitates: str
    brand: str


@dataclass(frozen=True)
class Table:
    names: list[str]
    prior: dict[str, float]
    sigma: dict[str, float]
    """A feature's own prior sigma, where the table sets one (else ``--sigma``)."""
    notes: dict[str, str]
    header: list[str]


def read_table(path: Path = TABLE) -> Table:
    table = Table([], {}, {}, {}, [])
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#"):
            table.header.append(line)
        elif line:
            feature, _, start, sigma, note = (line.split("\t") + ["", ""])[:5]
            table.names.append(feature)
            table.prior[feature] = float(start)
            if sigma:
                table.sigma[feature] = float(sigma)
            if note:
                table.notes[feature] = note
    return table


def candidates(domain: str, registry: BrandRegistry) -> list[Candidate]:
    """What ``assess`` weighs for a plain domain: nothing for a registry's own domain."""
    host = domain.lower().rstrip(".")
    if registry.official(host) is not None:
        return []
    split = split_plain(host)
    if split is None:
        parts = split_host(host)
        split = parts.subdomain, parts.name, parts.suffix
    subdomain, name, suffix = split
    if not name or not suffix:
        return []
    index = registry.index
    found = []
    for match in techniques.candidates(index, name, suffix, subdomain):
        features = model.features(match, suffix, index)
        found.append(Candidate(features, match.target.main, match.target.brand.name))
    return found


@dataclass(frozen=True)
class Example:
    """One labelled name: its candidates' features (for a look-alike, only the candidates
    naming the imitated outlet), its cross-validation group and where it comes from."""

    rows: tuple[Features, ...]
    group: int
    source: str


@dataclass
class Data:
    positives: list[Example]
    negatives: list[Example]
    unreachable: list[str]


CV_GROUPS = 3


def cv_group(text: str) -> int:
    """A cross-validation group by hash, other than the held-out split's (salted)."""
    return sets.bucket(f"cv:{text}", CV_GROUPS)


def collect(labelled: Path) -> Data:
    pairs = [p for p in sets.doppelganger() if not p.held]
    news = sets.negatives("news", sets.NEWS)
    top = sets.negatives("top", sets.TOP10K)
    registries = sets.Registries((news, top))
    shipped = load_registry()
    data = Data([], [], [])
    with tempfile.TemporaryDirectory() as directory:
        explicit = load_registry(sets.brands_file(pairs, Path(directory)))
        for registry, mode in ((explicit, "explicit"), (shipped, "built-in")):
            for pair in pairs:
                group = cv_group(sets.registrable(pair.imitated))
                _add_positive(data, pair.lookalike, pair.imitated, registry, group, mode)
    for listing, source in ((news, "news"), (top, "top")):
        for domain, fold in listing.part(held=False):
            found = candidates(domain, registries.for_fold(fold))
            data.negatives.append(Example(_distinct(found), fold - 1, source))
    hard = [d for d, held in sets.hard_negatives() if not held]
    hard_registry = load_registry(exclude=set(hard))
    for domain in hard:
        found = candidates(domain, hard_registry)
        data.negatives.append(Example(_distinct(found), cv_group(domain), "hard"))
    for domain, label, brand in _labelled(labelled):
        if label == "lookalike":
            _add_positive(data, domain, brand, shipped, cv_group(domain), "labelled")
        else:
            found = candidates(domain, shipped)
            data.negatives.append(Example(_distinct(found), cv_group(domain), "labelled"))
    return data


def _add_positive(
    data: Data, domain: str, imitated: str, registry: BrandRegistry, group: int, source: str
) -> None:
    found = _expected(candidates(domain, registry), imitated, registry)
    if found:
        data.positives.append(Example(_distinct(found), group, source))
    else:
        data.unreachable.append(domain)


def _distinct(found: Sequence[Candidate]) -> tuple[Features, ...]:
    return tuple(dict.fromkeys(c.features for c in found))


def _labelled(path: Path) -> Iterable[tuple[str, str, str]]:
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            domain, label, brand, split, _ = line.split("\t")
            if split == "dev":
                yield domain, label, brand


def _expected(
    found: Sequence[Candidate], imitated: str, registry: BrandRegistry
) -> list[Candidate]:
    owner = registry.official(imitated)
    return [
        c for c in found if c.imitates == imitated or (owner is not None and c.brand == owner.name)
    ]


# --------------------------------------------------------------------------- the fit


def total(features: Features, points: dict[str, float]) -> float:
    """The sum, raised to the verdict a pattern of ``model.FLOORS`` is at least."""
    raw = points["base"] + sum(points.get(f, 0.0) for f in features)
    floor = model.FLOORS.get(features[-1]) if features else None
    return raw if floor is None else max(raw, float(floor))


def fit(
    rows: dict[tuple[Features, int], float], table: Table, sigma: float
) -> dict[str, float]:
    """MAP logistic regression by Newton's method; rows are (features, label) → weight."""
    names, prior = table.names, table.prior
    position = {name: i for i, name in enumerate(names)}
    size = len(names)
    variance = [table.sigma.get(name, sigma) ** 2 for name in names]
    capped = [i for i, name in enumerate(names) if name.startswith(WEAKENING)]
    theta = [prior[name] for name in names]
    base = position["base"]
    for _ in range(200):
        gradient = [(theta[i] - table.prior[names[i]]) / variance[i] for i in range(size)]
        hessian = [[0.0] * size for _ in range(size)]
        for i in range(size):
            hessian[i][i] = 1.0 / variance[i]
        for (features, label), weight in rows.items():
            active = [base, *(position[f] for f in features if f in position)]
            z = (sum(theta[j] for j in active) - THRESHOLD) / SCALE
            p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else math.exp(z)
            g = weight * (p - label) / SCALE
            h = weight * p * (1.0 - p) / SCALE**2
            for j in active:
                gradient[j] += g
                for k in active:
                    hessian[j][k] += h
        step = _solve(hessian, gradient)
        largest = max(abs(s) for s in step)
        if largest > MAX_STEP:  # a trust region: Newton overshoots far from the optimum
            step = [s * MAX_STEP / largest for s in step]
        theta = [t - s for t, s in zip(theta, step, strict=True)]
        for i in capped:
            theta[i] = min(theta[i], 0.0)  # a shared or spread name never adds points
        if max(abs(s) for s in step) < 1e-3:
            break
    return dict(zip(names, theta, strict=True))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is small and positive definite)."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    solution = [0.0] * n
    for r in range(n - 1, -1, -1):
        solution[r] = (a[r][n] - sum(a[r][c] * solution[c] for c in range(r + 1, n))) / a[r][r]
    return solution


def training_rows(
    positives: Sequence[Example],
    negatives: Sequence[Example],
    points: dict[str, float],
    balance: float,
) -> dict[tuple[Features, int], float]:
    """Every candidate of a legitimate name is a negative row; a look-alike contributes its
    best-scoring candidate under ``points``, weighted so that all positives together weigh
    ``balance`` times all negatives."""
    rows: dict[tuple[Features, int], float] = defaultdict(float)
    negative_weight = 0.0
    for example in negatives:
        for features in example.rows:
            rows[(features, 0)] += 1.0
            negative_weight += 1.0
    each = balance * negative_weight / max(1, len(positives))
    for example in positives:
        best = max(example.rows, key=lambda f: total(f, points))
        rows[(best, 1)] += each
    return rows


def fitted(
    positives: Sequence[Example],
    negatives: Sequence[Example],
    table: Table,
    balance: float,
    sigma: float,
) -> dict[str, float]:
    """Three rounds: fit, choose each look-alike's best candidate again, fit."""
    points = dict(table.prior)
    for _ in range(3):
        rows = training_rows(positives, negatives, points, balance)
        points = fit(rows, table, sigma)
    return points


def flagged(example: Example, points: dict[str, float]) -> bool:
    return bool(example.rows) and max(total(f, points) for f in example.rows) >= THRESHOLD


@dataclass(frozen=True)
class Check:
    """Cross-validated figures of one setting: recall, and the share of legitimate names
    flagged per source."""

    balance: float
    sigma: float
    recall: float
    flagged: dict[str, float]

    def meets(self, limits: dict[str, float]) -> bool:
        return all(self.flagged.get(source, 0.0) <= limit for source, limit in limits.items())


def cross_validate(data: Data, table: Table, balance: float, sigma: float) -> Check:
    found = tried = 0
    hits: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for group in range(CV_GROUPS):
        points = fitted(
            [e for e in data.positives if e.group != group],
            [e for e in data.negatives if e.group != group],
            table, balance, sigma,
        )  # fmt: skip
        for example in data.positives:
            if example.group == group:
                tried += 1
                found += flagged(example, points)
        for example in data.negatives:
            if example.group == group:
                counts[example.source] += 1
                hits[example.source] += flagged(example, points)
    rates = {source: hits[source] / counts[source] for source in counts}
    return Check(balance, sigma, found / max(1, tried), rates)


LIMITS = {"news": 0.003, "top": 0.0012, "hard": 0.03}
"""What a setting may flag in cross-validation: 60 % of the issue's targets for the news list
and the ranking (a margin for names unlike the tuning data), the target for hard negatives."""
GRID = [(balance, sigma) for balance in (0.25, 0.5, 1.0, 2.0) for sigma in (4.0, 6.0, 10.0)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--balance", type=float, default=None, help="skip the search")
    parser.add_argument("--sigma", type=float, default=None, help="skip the search")
    parser.add_argument("--labelled", type=Path, default=sets.LABELLED)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args()
    table = read_table()
    data = collect(args.labelled)
    print(
        "reference levels (0 points, not in the table): suffix:legacy, no shared, no spread, "
        "suffix-use common\n"
        f"positives {len(data.positives)} (no candidate for the imitated outlet: "
        f"{len(data.unreachable)}: {', '.join(sorted(set(data.unreachable)))}); "
        f"negatives {len(data.negatives)} names, "
        f"{sum(len(e.rows) for e in data.negatives)} candidate rows"
    )
    if args.balance is not None and args.sigma is not None:
        balance, sigma = args.balance, args.sigma
    else:
        checks = []
        for balance, sigma in GRID:
            check = cross_validate(data, table, balance, sigma)
            checks.append(check)
            rates = "  ".join(f"{k} {v:.2%}" for k, v in sorted(check.flagged.items()))
            print(f"  balance {balance:<4} sigma {sigma:<4} recall {check.recall:.3f}  {rates}")
        allowed = [c for c in checks if c.meets(LIMITS)] or [
            min(checks, key=lambda c: c.flagged.get("news", 0.0))
        ]
        best = max(allowed, key=lambda c: (c.recall, -c.flagged.get("news", 0.0)))
        balance, sigma = best.balance, best.sigma
        print(f"chosen by 3-fold cross-validation: balance {balance}, sigma {sigma}")
    rounded = fitted_points(data, table, balance, sigma)
    found = sum(flagged(e, rounded) for e in data.positives)
    wrong = sum(flagged(e, rounded) for e in data.negatives)
    print(
        f"on the tuning data with the rounded points: look-alikes flagged {found}/"
        f"{len(data.positives)}, legitimate names flagged {wrong}/{len(data.negatives)}"
    )
    text = table_text(table, rounded, balance, sigma)
    for line in text.splitlines()[len(table.header) :]:
        print("  " + line.replace("\t", "  "))
    if not args.dry_run:
        TABLE.write_text(text, "utf-8")
        print(f"wrote {TABLE}")
    return 0


def fitted_points(data: Data, table: Table, balance: float, sigma: float) -> dict[str, int]:
    points = fitted(data.positives, data.negatives, table, balance, sigma)
    return {name: round(points[name]) for name in table.names}


def table_text(table: Table, rounded: dict[str, int], balance: float, sigma: float) -> str:
    """``weights.tsv`` as written: the header naming the settings, then one line a feature
    with its points, prior, sigma and note."""
    header = [line for line in table.header if not line.startswith("# fitted with")]
    header.insert(2, f"# fitted with --balance {balance:g} --sigma {sigma:g}")
    lines = [
        "\t".join(
            (name, str(rounded[name]), f"{table.prior[name]:g}",
             f"{table.sigma[name]:g}" if name in table.sigma else "", table.notes.get(name, ""))
        ).rstrip("\t")
        for name in table.names
    ]  # fmt: skip
    return "\n".join(header + lines) + "\n"


def fitted_with(table: Table) -> tuple[float, float] | None:
    """The ``--balance`` and ``--sigma`` the committed table says it was fitted with."""
    for line in table.header:
        words = line.split()
        if line.startswith("# fitted with") and "--balance" in words and "--sigma" in words:
            return (float(words[words.index("--balance") + 1]),
                    float(words[words.index("--sigma") + 1]))  # fmt: skip
    return None

if __name__ == "__main__":
    sys.exit(main())
