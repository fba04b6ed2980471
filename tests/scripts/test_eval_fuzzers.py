"""The dnstwist evaluation's sample, patterns and counting (dnstwist generates offline)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.support import scripts
from threadscope.assessment import BrandRegistry
from threadscope.assessment.model import length_bucket
from threadscope.assessment.registry import builtin_brands
from threadscope.models import Brand
from threadscope.names import split_host

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    return scripts.load_script("eval_fuzzers")


def test_the_sample_is_fixed_and_spans_lengths_and_countries() -> None:
    script = load_script()
    first = script.sample_brands(builtin_brands(), 3, seed=15)
    again = script.sample_brands(reversed(builtin_brands()), 3, seed=15)
    assert [b.domains[0] for b in first] == [b.domains[0] for b in again]
    lengths = [length_bucket(split_host(b.domains[0]).name) for b in first]
    assert lengths == [n for n in script.LENGTHS for _ in range(3)]
    assert len({b.country for b in first}) >= 4
    assert all(b.tier == 1 for b in first)


def test_patterns_name_what_was_done_to_the_name() -> None:
    pattern = load_script().pattern
    assert pattern("tld-swap", "welt.ltd", "welt.de") == ".ltd"
    assert pattern("omission", "wlt.de", "welt.de") == "-letter"
    assert pattern("addition", "welt7.de", "welt.de") == "+digit"
    assert pattern("homoglyph", "we1t.de", "welt.de") == "letter→digit"
    assert pattern("homoglyph", "we\u0142t.de", "welt.de") == "letter→Unicode"
    assert pattern("dictionary", "welt-login.de", "welt.de") == "word login"
    assert pattern("subdomain", "we.lt.de", "welt.de") == "dot inside the name"


def test_each_permutation_is_counted_once() -> None:
    """Known sites are left out, every other one is flagged or a miss of one kind."""
    script = load_script()
    registry = BrandRegistry.of(
        [Brand("Die Welt", ("welt.de",), "DE", "news"), Brand("Wel", ("wel.de",), "DE", "news")]
    )
    tallies, by_length = script.judge(list(registry.brands)[:1], registry, cap=30, seed=1)
    assert set(tallies) <= set(script.FUZZERS)
    assert {"omission", "tld-swap", "homoglyph"} <= set(tallies)
    for tally in tallies.values():
        assert tally.permutations <= 30  # the cap
        assert tally.known + tally.invalid + tally.flagged + tally.weak + tally.none == (
            tally.permutations)
        assert sum(tally.misses.values()) == tally.weak + tally.none
    assert tallies["omission"].known == 1  # wel.de is a listed site, not a miss
    assert sum(t.permutations for t in tallies.values()) == sum(
        t.permutations for t in by_length.values())
    assert any("| omission |" in row for row in script.table(tallies))
