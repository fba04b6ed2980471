from __future__ import annotations

import pytest

from threadscope.bots import minhash
from threadscope.bots.normalise import normalise, shingles, words


def _set(text: str) -> frozenset[str]:
    return shingles(words(normalise(text)))


TEMPLATE = (
    "Endlich zeigt ein Bericht, was die Regierung verschweigt. Die Sanktionen schaden uns selbst"
)
SWAPPED = (
    "Endlich beweist ein Bericht, was die Regierung verheimlicht. Die Sanktionen schaden uns"
    " selbst"
)
OTHER = "Bei uns im Landkreis warten drei Dörfer seit Jahren auf Glasfaser, niemand stellt Anträge"


def test_signature_is_stable_and_of_fixed_length() -> None:
    first = minhash.signature(_set(TEMPLATE))
    assert len(first) == minhash.PERMUTATIONS
    assert first == minhash.signature(_set(TEMPLATE))


def test_jaccard_of_synonym_swap_passes_threshold_and_unrelated_does_not() -> None:
    assert minhash.jaccard(_set(TEMPLATE), _set(SWAPPED)) >= minhash.JACCARD_THRESHOLD
    assert minhash.jaccard(_set(TEMPLATE), _set(OTHER)) < 0.2
    assert minhash.jaccard(frozenset(), _set(OTHER)) == 0.0


def test_fingerprint_jaccard_equals_the_sets() -> None:
    prints = minhash.fingerprints([_set(TEMPLATE), _set(SWAPPED), ()])
    assert prints.jaccard(0, 1) == minhash.jaccard(_set(TEMPLATE), _set(SWAPPED))
    assert prints.jaccard(0, 2) == 0.0


def test_signature_is_the_minimum_of_each_hash_function_over_the_shingles() -> None:
    words_only = frozenset({"regierung", "bericht", "sanktionen"})
    whole = minhash.signature(words_only)
    parts = [minhash.signature({word}) for word in words_only]
    assert whole == tuple(map(min, zip(*parts, strict=True)))


def test_a_text_without_shingles_is_never_paired() -> None:
    prints = minhash.fingerprints([(), _set(TEMPLATE), (), _set(TEMPLATE), ()])
    assert [(a, b) for a, b, _ in minhash.similar_pairs(prints)] == [(1, 3)]


def test_similar_pairs_finds_the_swap_only() -> None:
    prints = minhash.fingerprints([_set(TEMPLATE), _set(OTHER), _set(SWAPPED)])
    pairs = {(a, b) for a, b, _ in minhash.similar_pairs(prints)}
    assert pairs == {(0, 2)}


def test_texts_sharing_no_bucket_give_no_pairs() -> None:
    prints = minhash.fingerprints([{"alpha beta", "beta gamma"}, {"delta eps", "eps zeta"}])
    assert len(minhash.candidates(prints, 0.5)) == 0
    assert list(minhash.similar_pairs(prints, 0.5)) == []


def test_signatures_do_not_depend_on_how_the_texts_are_chunked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(minhash, "_CHUNK_SHINGLES", 50)  # a few texts per numpy step
    texts = [_set(f"{TEMPLATE} variante{i} nummer{i}") for i in range(300)] + [(), _set(OTHER)]
    together = minhash.fingerprints(texts).signatures
    alone = [minhash.signature(text) for text in texts]
    assert [tuple(row) for row in together.tolist()] == alone


def test_large_bucket_is_checked_against_a_few_members_only() -> None:
    # 2,000 variants of one template: every one is found, with at most PER_BUCKET checks per band.
    prints = minhash.fingerprints(_set(f"{TEMPLATE} variante{i} nummer{i}") for i in range(2000))
    pairs = list(minhash.similar_pairs(prints))
    joined = {b for _, b, _ in pairs} | {a for a, _, _ in pairs}
    assert len(joined) == 2000
    assert len(pairs) <= 2000 * minhash.BANDS * minhash.PER_BUCKET
    assert [b for _, b, _ in pairs] == sorted(b for _, b, _ in pairs)
