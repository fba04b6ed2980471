from __future__ import annotations

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


def _print(text: str) -> minhash.Fingerprint | None:
    return minhash.fingerprint(_set(text))


def test_fingerprint_jaccard_equals_the_sets() -> None:
    left, right = _print(TEMPLATE), _print(SWAPPED)
    assert left is not None and right is not None
    assert left.jaccard(right) == minhash.jaccard(_set(TEMPLATE), _set(SWAPPED))
    assert minhash.fingerprint(()) is None


def test_similar_pairs_finds_the_swap_only() -> None:
    sets = [_print(TEMPLATE), _print(OTHER), _print(SWAPPED)]
    pairs = {(a, b) for a, b, _ in minhash.similar_pairs(sets)}
    assert pairs == {(0, 2)}


def test_large_bucket_is_checked_against_a_few_members_only() -> None:
    # 2,000 variants of one template: every one is found, with at most PER_BUCKET checks per band.
    sets = [_print(f"{TEMPLATE} variante{i} nummer{i}") for i in range(2000)]
    pairs = list(minhash.similar_pairs(sets))
    joined = {b for _, b, _ in pairs} | {a for a, _, _ in pairs}
    assert len(joined) == 2000
    assert len(pairs) <= 2000 * minhash.BANDS * minhash.PER_BUCKET
