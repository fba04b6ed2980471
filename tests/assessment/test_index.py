"""The brand index answers by dictionary probes; ``near`` misses nothing one edit away."""

from __future__ import annotations

import functools
import random
import string
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.assessment import load_registry
from threadscope.assessment.index import (
    SHORT_KEY,
    SLIP_KEY,
    BrandIndex,
    TypoIndex,
    deletions,
    doubled,
    slips_of,
)
from threadscope.assessment.techniques import SLIP_TYPOS
from threadscope.assessment.typos import Typo, classify
from threadscope.models import Brand


def one_edit_variants(key: str, alphabet: str) -> set[str]:
    found = set(deletions(key))
    for i in range(len(key) + 1):
        found.update(key[:i] + c + key[i:] for c in alphabet)
    for i in range(len(key)):
        found.update(key[:i] + c + key[i + 1 :] for c in alphabet)
    for i in range(len(key) - 1):
        found.add(key[:i] + key[i + 1] + key[i] + key[i + 2 :])
    found.discard(key)
    return found


def found_by_near(key: str, variant: str) -> bool:
    """What ``near`` must answer: every one-edit variant, but of a four-letter key only its
    slips."""
    return len(key) != SLIP_KEY or variant in slips_of(key)


def test_near_finds_every_one_edit_variant() -> None:
    rng = random.Random(5)
    keys = {"".join(rng.choices("abcdefr", k=rng.randint(4, 11))) for _ in range(120)}
    index = BrandIndex.build(Brand(k, (f"{k}.com",)) for k in keys)
    for key in keys:
        for variant in one_edit_variants(key, "abcfz"):
            assert (key in index.near(variant)) == found_by_near(key, variant), (key, variant)


def test_slips_are_the_typos_that_score_on_four_letter_names() -> None:
    scoring = SLIP_TYPOS
    assert scoring == {Typo.REPETITION, Typo.TRANSPOSITION, Typo.KEYBOARD}
    for key in ("bild", "welt", "taz1", "ntv-", "zeit", "kyiv"):
        slipped = slips_of(key)
        for variant in one_edit_variants(key, string.ascii_lowercase + string.digits + "-"):
            found = classify(variant, key)
            assert found is not None
            assert (variant in slipped) == (found[0] in scoring), (key, variant, found)
    assert {"bildd", "bidl", "bilf"} <= slips_of("bild")
    assert not {"bil", "bilk", "bald"} & slips_of("bild")


def test_near_ignores_distant_names() -> None:
    index = BrandIndex.build([Brand("Die Welt", ("welt.de",))])
    assert index.near("wxyz") == set()
    assert index.near(string.ascii_lowercase) == set()


def test_keys_are_name_labels_of_every_domain() -> None:
    index = BrandIndex.build([Brand("BBC", ("bbc.co.uk", "bbc.com")), Brand("Pravda",
                                                                          ("pravda.com.ua",))])
    assert [t.domain for t in index.names["bbc"]] == ["bbc.co.uk", "bbc.com"]
    assert index.names["pravda"][0].suffix == "com.ua"
    assert all(t.main == "bbc.co.uk" for t in index.names["bbc"])


def test_three_letter_keys_are_near_only_by_a_doubled_letter() -> None:
    index = BrandIndex.build([Brand("ZDF", ("zdf.de",))])
    assert index.near("zdff") == {"zdf"}  # fazz for faz, as Doppelganger registered
    assert index.near("zzdf") == {"zdf"}
    for other in ("zdg", "zd", "zdfx", "zfd", "xzdf"):
        assert index.near(other) == set(), other
    assert "zdf" in index.names


def test_near_misses_nothing_in_a_registry_dense_with_short_names() -> None:
    """Thousands of four- to six-letter keys make nearly every short name pass the probes;
    the exact lookup behind them must still find every neighbour, and only neighbours."""
    rng = random.Random(9)
    keys = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 6))) for _ in range(4000)}
    index = BrandIndex.build(Brand(k, (f"{k}.com",)) for k in keys)
    for key in rng.sample(sorted(keys), 150):
        for variant in one_edit_variants(key, "aqwz"):
            assert (key in index.near(variant)) == found_by_near(key, variant), (key, variant)
    assert index.near("qqqqqqqqqqqqqqqqqqqq") == set()


def test_probes_turn_away_unrelated_names_in_a_sparse_registry() -> None:
    index = BrandIndex.build(Brand(k, (f"{k}.de",)) for k in ("spiegel", "welt", "tagesschau"))
    assert not index.may_be_near("zzzzzzz")
    assert not index.may_be_near("qwertyuiop")
    assert index.may_be_near("spiegl")


def test_scanning_and_the_typo_index_agree() -> None:
    """The first names are answered by a scan, the rest by the index: the same keys once
    the index's superset is classified (as ``techniques.typos`` does)."""
    rng = random.Random(3)
    keys = {"".join(rng.choices("abcdeilr", k=rng.randint(3, 9))) for _ in range(600)}
    brands = [Brand(k, (f"{k}.com",)) for k in keys]
    scanned, indexed = BrandIndex.build(brands), BrandIndex.build(brands).complete()
    names = [v for k in sorted(keys)[:60] for v in sorted(one_edit_variants(k, "aerz"))[:8]]
    for name in names:
        scanned._scans[0] = 0  # keep answering by scan
        exact = {k for k in indexed.near(name) if classify(name, k) is not None}
        assert scanned.near(name) == exact, name
        assert scanned._built.typos is None


def test_shared_counts_agree_scanned_and_counted() -> None:
    keys = ["abc", "abc15", "abcnews", "newsabc", "state", "thestate", "statenews", "xabcx", "ab"]
    index = BrandIndex.build(Brand(k, (f"{k}.com",)) for k in keys)
    scanned = {k: index.shared(k) for k in keys}
    assert scanned["abc"] == 3 and scanned["state"] == 2 and scanned["ab"] == 0
    assert {k: index.shared_counts.get(k, 0) if len(k) >= 3 else 0 for k in keys} == scanned


def one_edit_apart(name: str, key: str) -> bool:
    """Damerau–Levenshtein distance exactly 1, by brute force (not ``classify``)."""
    if len(name) == len(key):
        diffs = [i for i, (a, b) in enumerate(zip(name, key, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and (name[diffs[0]], name[diffs[1]]) == (key[diffs[1]], key[diffs[0]])
        )
    longer, shorter = (name, key) if len(name) > len(key) else (key, name)
    if len(longer) != len(shorter) + 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def expected_near(keys: Iterable[str], name: str) -> set[str]:
    """What ``near`` must find among ``keys``: every key one edit away, but a four-letter key
    only by a slip and a three-letter key only by a doubled letter."""
    return {
        key
        for key in keys
        if abs(len(key) - len(name)) < 2
        and one_edit_apart(name, key)
        and (
            len(key) > SLIP_KEY
            or (len(key) == SLIP_KEY and name in slips_of(key))
            or (len(key) == SHORT_KEY and name in doubled(key))
        )
    }


def check_near(typos: TypoIndex, keys: Iterable[str], name: str) -> None:
    """``near`` may answer a superset (``techniques`` classifies each key); once classified
    it is exactly the brute-force answer, and the screen passes every name it must."""
    expected = expected_near(keys, name)
    assert {key for key in typos.near(name) if one_edit_apart(name, key)} == expected, name
    if any(len(key) > SLIP_KEY for key in expected):
        assert typos.may_be_near(name), name


@st.composite
def edited(draw: st.DrawFn, words: list[str], alphabet: str) -> str:
    """A word with up to two edits (insert, delete, replace, swap neighbours)."""
    name = draw(st.sampled_from(words))
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.integers(0, len(name)))
        letter = draw(st.sampled_from(alphabet))
        kind = draw(st.sampled_from(("insert", "delete", "replace", "swap")))
        if kind == "insert":
            name = name[:i] + letter + name[i:]
        elif kind == "delete":
            name = name[:i] + name[i + 1 :]
        elif kind == "replace":
            name = name[:i] + letter + name[i + 1 :]
        elif i + 1 < len(name):
            name = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name


SMALL = "abcde-1"
"""Few letters: keys and names that share pieces everywhere, the screens' hard case."""


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(SMALL, min_size=3, max_size=13), min_size=1, max_size=40, unique=True),
    st.data(),
)
def test_near_is_the_brute_force_answer_over_random_keys(
    keys: list[str], data: st.DataObject
) -> None:
    typos = TypoIndex.build(keys)
    names = data.draw(
        st.lists(st.one_of(edited(keys, SMALL), st.text(SMALL, max_size=15)), max_size=30)
    )
    for name in [*names, *keys]:
        check_near(typos, set(keys), name)


REAL = string.ascii_lowercase + string.digits + "-"


@functools.cache
def real_keys() -> list[str]:
    return sorted(load_registry().index.keys)


@st.composite
def near_real_keys(draw: st.DrawFn) -> str:
    return draw(st.one_of(edited(real_keys(), REAL), st.text(REAL, min_size=1, max_size=20)))


@functools.cache
def real_keys_by_length() -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for key in load_registry().index.keys:
        grouped.setdefault(len(key), []).append(key)
    return grouped


@settings(max_examples=150, deadline=None)
@given(st.lists(near_real_keys(), min_size=1, max_size=5))
def test_near_is_the_brute_force_answer_over_the_real_keys(names: list[str]) -> None:
    typos, grouped = load_registry().index.typos, real_keys_by_length()
    for name in names:
        size = len(name)
        check_near(typos, [k for n in (size - 1, size, size + 1) for k in grouped.get(n, ())], name)


def _random_index(seed: int) -> BrandIndex:
    """Keys over few letters (many share starts and ends), curated, platform and tier 2."""
    rng = random.Random(seed)
    keys = {"".join(rng.choices("abc-", k=rng.randint(1, 9))).strip("-") for _ in range(2500)}
    kinds = [("news", 1), ("platform", 1), ("popular", 2)]
    brands = []
    for key in sorted(k for k in keys if k):
        category, tier = rng.choice(kinds)
        brands.append(Brand(key, (f"{key}.{rng.choice(('com', 'de'))}",), None, category, tier))
    return BrandIndex.build(brands)


def test_shared_counted_by_search_agrees_with_a_loop_over_the_keys() -> None:
    index = _random_index(5)
    for key in [*list(index.names)[:400], "abc", "zzz", "abcabc", "aaaa"]:
        if len(key) < 3:
            continue
        expected = sum(
            1 for other in index.names if other != key and (
                other.startswith(key) or other.endswith(key)
            )
        )  # fmt: skip
        assert index._count_sharing(key) == expected, key


def test_glued_keys_searched_and_mapped_agree() -> None:
    """The first probes search the keys, the rest read ``glue_ends``: the same keys, in the
    same order, for every probe (including ones too short or with no key)."""
    scanned, mapped = _random_index(6), _random_index(6).complete()
    starts, ends = mapped.glue_ends
    probes = sorted({k[:4] for k in scanned.names} | {k[-4:] for k in scanned.names}) + ["zz"]
    for probe in probes:
        scanned._scans[2] = 0  # keep answering by search
        assert scanned.glue_starts(probe) == starts.get(probe, ()) == mapped.glue_starts(probe)
        assert scanned.glue_ends_with(probe) == ends.get(probe, ()), probe
    assert scanned._built.glue_ends is None
    assert any(starts.values()) and any(ends.values())
