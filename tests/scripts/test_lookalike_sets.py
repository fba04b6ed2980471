"""The real data sets' splits, the fit and the evaluation's counting."""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import scripts

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"


def load(name: str) -> ModuleType:
    return scripts.load_script(name)


def test_split_is_a_fixed_hash_of_the_domain() -> None:
    sets = load("lookalike_sets")
    assert sets.bucket("welt.de", 4) == sets.bucket("welt.de", 4)
    spread = [sets.bucket(f"name{i}.com", 4) for i in range(2000)]
    assert all(400 <= spread.count(b) <= 600 for b in range(4))


def test_doppelganger_pairs_split_by_imitated_outlet(tmp_path: Path) -> None:
    sets = load("lookalike_sets")
    data = tmp_path / "pairs.tsv"
    lines = ["lookalike\timitated\tconfidence"]
    lines += [f"{name}.{tld}\t{name}.de\thigh" for name in ("welt", "spiegel", "faz", "bild",
              "zeit", "taz", "stern") for tld in ("ltd", "pm", "top")]  # fmt: skip
    data.write_text("\n".join(lines) + "\n", "utf-8")
    pairs = sets.doppelganger(data)
    held = {p.imitated for p in pairs if p.held}
    tuned = {p.imitated for p in pairs if not p.held}
    assert held and tuned and not held & tuned  # an outlet is never on both sides


def test_negatives_are_judged_by_a_registry_without_them(tmp_path: Path) -> None:
    sets = load("lookalike_sets")
    listing = tmp_path / "news.txt"
    listing.write_text("thestate.com\r\nthestate.com\r\nwww.cbs8.com\r\nspiegel.de\r\n", "utf-8")
    news = sets.negatives("news", listing)
    domains = [d for ds in news.folds.values() for d in ds]
    assert sorted(domains) == ["cbs8.com", "thestate.com"]  # distinct, curated left out
    registries = sets.Registries([news])
    for fold, listed in news.folds.items():
        for domain in listed:
            assert registries.for_fold(fold).official(domain) is None


def test_the_fit_recovers_a_known_logistic_rule() -> None:
    fit_weights = load("fit_weights")
    table = fit_weights.Table(
        ["base", "technique:a", "technique:b"], {"base": 0.0, "technique:a": 0.0,
        "technique:b": 0.0}, {"base": 1.0}, {}, [],
    )  # fmt: skip
    # technique a is a look-alike 9 times in 10, b once in 10: log-odds ±2.2 → ±22 points
    rows = {
        (("technique:a",), 1): 90.0, (("technique:a",), 0): 10.0,
        (("technique:b",), 1): 10.0, (("technique:b",), 0): 90.0,
    }  # fmt: skip
    points = fit_weights.fit(rows, table, sigma=100.0)
    expected = 10 * math.log(9)
    assert points["technique:a"] - 40 == pytest.approx(expected, abs=1.0)
    assert points["technique:b"] - 40 == pytest.approx(-expected, abs=1.0)


def test_gaussian_elimination() -> None:
    fit_weights = load("fit_weights")
    solution = fit_weights._solve([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0])
    assert solution == pytest.approx([1 / 11, 7 / 11])
