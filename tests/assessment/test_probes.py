"""``candidates`` runs each technique only where a cheap probe says it can match: with every
probe, it must find exactly what every technique finds run without one (the full path)."""

from __future__ import annotations

import functools
import random
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.shared import shared_file
from threadscope.assessment import load_registry
from threadscope.assessment.index import BrandIndex
from threadscope.assessment.suffixes import split_plain
from threadscope.assessment.techniques import (
    COMBO_WORDS,
    GLUED_HEADS,
    GLUED_TAILS,
    Match,
    _fold,
    _homoglyphs,
    _symbol_separated,
    candidates,
    glued,
    glued_words,
    homoglyph,
    host_swap,
    hyphenated,
    missing_dot,
    tld_swap,
    typos,
)

SUFFIXES = ("com", "de", "net", "co.uk", "fr", "xyz", "com.ua", "gov.uk", "eu.com", "ltd")


def every_technique(index: BrandIndex, name: str, suffix: str, subdomain: str = "") -> list[Match]:
    """``candidates`` without its probes: every technique asked, in the same order.
    (``missing_dot`` reads a name from its fourth letter on, so only names starting with
    www are one; the techniques for other letters take the same path either way.)"""
    found: list[Match] = []
    if subdomain and subdomain != "www":
        found.extend(host_swap(index, subdomain, name, suffix))
    if not name.isascii():
        found.extend(tld_swap(index, name, suffix))
        found.extend(homoglyph(index, name, suffix))
        found.extend(_symbol_separated(index, name, suffix))
        return found
    found.extend(tld_swap(index, name, suffix))
    found.extend(_homoglyphs(index.folds.get(_fold(name), ()), name, suffix))
    found.extend(typos(index, name, suffix, index.near(name)))
    if name.startswith("www"):
        found.extend(missing_dot(index, name, suffix))
    found.extend(hyphenated(index, name, suffix))
    found.extend(glued(index, name, suffix))
    found.extend(glued_words(index, name, suffix))
    return found


def check(index: BrandIndex, name: str, suffix: str, subdomain: str = "") -> None:
    probed = candidates(index, name, suffix, subdomain)
    assert probed == every_technique(index, name, suffix, subdomain), (subdomain, name, suffix)


@functools.cache
def index() -> BrandIndex:
    registry = load_registry()
    registry.index.expect(1_000)  # the typo index, as in a bulk run
    return registry.index


@functools.cache
def real_keys() -> list[str]:
    return sorted(index().keys)


WORDS = sorted(GLUED_TAILS | GLUED_HEADS | COMBO_WORDS | {"de", "uk", "com", "ua", "gov"})
LETTERS = string.ascii_lowercase + string.digits + "-"


@st.composite
def names_near_keys(draw: st.DrawFn) -> str:
    """A real key dressed as look-alikes are (a word or number glued or hyphened before or
    after it, a letter edited, www before it), or random letters."""
    key = draw(st.sampled_from(real_keys()))
    word = draw(st.one_of(st.sampled_from(WORDS), st.integers(0, 999).map(str)))
    joint = draw(st.sampled_from(("", "-")))
    shape = draw(st.sampled_from(("after", "before", "edit", "www", "random", "key")))
    if shape == "after":
        return f"{key}{joint}{word}"
    if shape == "before":
        return f"{word}{joint}{key}"
    if shape == "www":
        return f"www{joint}{key}"
    if shape == "edit":
        i = draw(st.integers(0, len(key)))
        letter = draw(st.sampled_from(LETTERS))
        edits = (
            key[:i] + letter + key[i:],
            key[:i] + key[i + 1 :],
            key[:i] + letter + key[i + 1 :],
        )
        return draw(st.sampled_from(edits))
    if shape == "random":
        return draw(st.text(LETTERS, min_size=1, max_size=20))
    return key


@settings(max_examples=400, deadline=None)
@given(st.lists(names_near_keys(), min_size=1, max_size=8), st.sampled_from(SUFFIXES))
def test_probes_find_what_every_technique_finds(names: list[str], suffix: str) -> None:
    for name in names:
        name = name.strip("-") or "a"
        check(index(), name, suffix)


def test_probes_agree_on_every_listed_word_glued_to_keys() -> None:
    """Each word clone sites glue on, a number and each suffix label, before and after keys
    of every length, with and without a hyphen: no word may be left out of a probe."""
    keys = random.Random(3).sample(real_keys(), 60)
    for word in [*WORDS, "24", "7"]:
        for key in keys:
            for name in (f"{key}{word}", f"{word}{key}", f"{key}-{word}", f"{word}-{key}"):
                check(index(), name, "com")


def test_probes_agree_on_the_bench_mix_of_random_names() -> None:
    """Names as ``scripts/bench_domains.py`` makes the unrelated three quarters of its list."""
    rng = random.Random(5)
    for _ in range(3_000):
        first = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 14)))
        second = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8)))
        check(index(), first, rng.choice(SUFFIXES))
        check(index(), f"{first}-{second}", rng.choice(SUFFIXES))


def names_in(relative: str) -> list[tuple[str, str, str]]:
    lines = shared_file(relative).read_text("utf-8").splitlines()
    hosts = (line.split("\t")[0].strip().lower() for line in lines if line.strip())
    return [split for host in hosts if (split := split_plain(host)) and split[1]]


def test_probes_agree_on_the_eval_sets() -> None:
    """The look-alike and hard-negative sets, the news sources and the popular sites, each
    name also under other suffixes and written as a subdomain."""
    relatives = (
        "data/lookalikes/doppelganger-dev.tsv",
        "data/lookalikes/hard-negatives-dev.txt",
        "data/lookalikes/news-sources-google.txt",
        "data/popular-domains-top10k.txt",
    )
    for relative in relatives:
        for subdomain, name, suffix in names_in(relative):
            check(index(), name, suffix, subdomain)
            check(index(), name, "xyz", f"news.{name}")
