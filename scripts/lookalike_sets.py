"""The real look-alike data sets and their fixed split into a tuning part and a held-out part.

Shared by ``fit_weights.py`` (which sees only the tuning parts) and ``eval_lookalikes.py``
(which reports both). Every split is a hash of a domain (SHA-256, first byte), so it is the
same on every machine and does not depend on file order:

- Doppelganger pairs are split **by imitated outlet** (its registrable domain): byte % 3 == 0
  is held out, so held-out outlets were never seen while tuning, as the lead's own reserve;
- the news list (Google News' sources) and the top-10k ranking are split into four buckets by
  byte % 4: bucket 0 is held out, buckets 1–3 are tuning folds. A legitimate domain is always
  judged by a registry that does not list it (the shipped registry minus its own bucket, and
  minus the held-out bucket), so "not flagged because it is in the registry" never counts;
  domains of the curated tier are left out of these sets (they are official by construction);
- the hard negatives: byte % 3 == 0 held out;
- ``fixtures/lookalikes/labelled.tsv`` (ours) keeps its own ``split`` column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from threadscope.assessment import BrandRegistry, load_registry
from threadscope.assessment.registry import builtin_brands
from threadscope.names import split_host

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
LOOKALIKES = DATA / "lookalikes"
DOPPELGANGER = LOOKALIKES / "doppelganger-dev.tsv"
HARD_NEGATIVES = LOOKALIKES / "hard-negatives-dev.txt"
NEWS = LOOKALIKES / "news-sources-google.txt"
TOP10K = DATA / "popular-domains-top10k.txt"
LABELLED = ROOT / "fixtures" / "lookalikes" / "labelled.tsv"
FOLDS = 4
"""Buckets of the news and top-10k lists: 0 is held out, the others are tuning folds."""


def bucket(domain: str, count: int) -> int:
    return hashlib.sha256(domain.encode("utf-8")).digest()[0] % count


def registrable(host: str) -> str:
    return split_host(host.strip().lower().removeprefix("www.")).registrable


@dataclass(frozen=True)
class Pair:
    lookalike: str
    imitated: str
    held: bool


def doppelganger(path: Path = DOPPELGANGER) -> list[Pair]:
    pairs = []
    for line in path.read_text("utf-8").splitlines()[1:]:
        if line.strip():
            lookalike, imitated, _ = line.split("\t")
            held = bucket(registrable(imitated), 3) == 0
            pairs.append(Pair(lookalike.strip().lower(), imitated.strip().lower(), held))
    return pairs


def domain_list(path: Path) -> list[str]:
    """Distinct registrable domains of a one-a-line list (the news list repeats most lines
    three times and lists some subdomains)."""
    seen: dict[str, None] = {}
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            seen.setdefault(registrable(line))
    return [d for d in seen if d]


def curated_domains() -> frozenset[str]:
    return frozenset(d for brand in builtin_brands() for d in brand.domains)


@dataclass(frozen=True)
class Negatives:
    """A legitimate list split into folds, each fold with the registry it is judged by."""

    name: str
    folds: dict[int, list[str]]

    def part(self, held: bool) -> list[tuple[str, int]]:
        """(domain, fold) of the held-out bucket or of the tuning folds."""
        return [
            (d, fold) for fold, ds in sorted(self.folds.items()) if (fold == 0) == held for d in ds
        ]


def negatives(name: str, path: Path) -> Negatives:
    curated = curated_domains()
    folds: dict[int, list[str]] = {fold: [] for fold in range(FOLDS)}
    for domain in domain_list(path):
        if domain not in curated:
            folds[bucket(domain, FOLDS)].append(domain)
    return Negatives(name, folds)


class Registries:
    """The shipped registry without the held-out buckets of the legitimate lists, and
    without one tuning fold: ``for_fold(f)`` judges the domains of fold f; ``for_fold(0)``
    judges the held-out ones. Built once each."""

    def __init__(self, lists: Iterable[Negatives]) -> None:
        self.lists = tuple(lists)
        self._built: dict[int, BrandRegistry] = {}

    def for_fold(self, fold: int) -> BrandRegistry:
        if fold not in self._built:
            left_out = {
                d for n in self.lists for f in {0, fold} for d in n.folds.get(f, ())
            }
            self._built[fold] = load_registry(exclude=left_out)
        return self._built[fold]


def hard_negatives(path: Path = HARD_NEGATIVES) -> list[tuple[str, bool]]:
    """(domain, held out?)"""
    return [(d, bucket(d, 3) == 0) for d in domain_list(path)]


def brands_file(pairs: Iterable[Pair], directory: Path) -> Path:
    """A ``--brands`` file naming the imitated outlets, as a user would give them."""
    path = directory / "doppelganger-brands.txt"
    path.write_text("\n".join(sorted({p.imitated for p in pairs})) + "\n", "utf-8")
    return path
