"""MinHash signatures and LSH banding: near-identical texts without comparing all pairs.

Two texts are *near-identical* when the Jaccard similarity of their shingle sets (words and
word pairs, see ``normalise.shingles``) is at least ``JACCARD_THRESHOLD`` = 0.5. A template of
20 words in which a bot swaps a synonym into every third word keeps 0.5–0.75 against its
siblings; unrelated replies on the same topic stay below 0.25 (measured on the generator's sets,
``scripts/eval_bots.py``). Texts must be informative first (``normalise.informative``), so short
generic replies never get here.

Each shingle is hashed once with SHAKE-128 (stdlib, stable across runs, unlike ``hash()``),
whose digest gives ``PERMUTATIONS`` = 60 independent 32-bit hash values; a signature is the
element-wise minimum over the shingles. The signature is cut into ``BANDS`` = 20 bands of
``ROWS`` = 3 values; texts sharing any band land in the same bucket. The chance that two texts
with Jaccard *s* share a bucket is ``1 - (1 - s**3)**20``: 0.93 at s = 0.5, 0.99 at s = 0.6,
0.15 at s = 0.2. Candidates from a bucket are verified with the exact Jaccard, and each text is
verified against at most ``PER_BUCKET`` earlier members of each bucket, so a bucket holding
10,000 copies of one template costs 30,000 comparisons, not 50 million: the cost grows
linearly with the number of replies.
"""

from __future__ import annotations

import array
import functools
import hashlib
import struct
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

JACCARD_THRESHOLD = 0.5
PERMUTATIONS = 60
BANDS = 20
ROWS = PERMUTATIONS // BANDS
PER_BUCKET = 3
"""Earlier bucket members a text is verified against; union-find joins the rest."""

_UNPACK = struct.Struct(f"<{PERMUTATIONS}I").unpack
_SEED = b"threadscope-bots-1"


@functools.lru_cache(maxsize=1 << 16)
def _digest(shingle: str) -> bytes:
    """Common words recur across replies; each is hashed once (bounded cache of 240-byte
    digests: a cache of unpacked tuples of Python ints took a quarter of a gigabyte)."""
    return hashlib.shake_128(_SEED + shingle.encode("utf-8", "surrogatepass")).digest(
        PERMUTATIONS * 4
    )


@functools.lru_cache(maxsize=1 << 14)
def _hashes(shingle: str) -> tuple[int, ...]:
    """The most frequent shingles unpacked once (16,384 tuples of 60 ints: about 40 MB)."""
    return _UNPACK(_digest(shingle))


def signature(shingles: Iterable[str]) -> tuple[int, ...]:
    """The MinHash signature of a non-empty shingle set."""
    rows = [_hashes(s) for s in shingles]
    return tuple(map(min, zip(*rows, strict=True)))


def bands(sig: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """The LSH band keys of a signature, each prefixed with its band number."""
    for band in range(BANDS):
        yield (band, *sig[band * ROWS : (band + 1) * ROWS])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What LSH keeps of one text: its shingles as sorted 64-bit ids (the first two hash values
    of each shingle) and its band keys. A frozenset of shingle strings took ten times
    the memory; collisions of 64-bit ids are too rare to change a Jaccard figure."""

    shingles: array.array[int]
    bands: array.array[int]

    def jaccard(self, other: Fingerprint) -> float:
        mine, theirs = set(self.shingles), set(other.shingles)
        common = len(mine & theirs)
        return common / (len(mine) + len(theirs) - common)


def fingerprint(shingles: Iterable[str]) -> Fingerprint | None:
    """The fingerprint of a shingle set; None when it is empty."""
    rows = [_hashes(s) for s in dict.fromkeys(shingles)]
    if not rows:
        return None
    ids = array.array("Q", sorted({(row[0] << 32) | row[1] for row in rows}))
    sig = tuple(map(min, zip(*rows, strict=True)))
    keys = array.array("Q", (hash(key) & 0xFFFFFFFFFFFFFFFF for key in bands(sig)))
    return Fingerprint(ids, keys)


def similar_pairs(
    sets: Sequence[Fingerprint | None],
    threshold: float = JACCARD_THRESHOLD,
    joined: Callable[[int, int], bool] | None = None,
) -> Iterator[tuple[int, int, float]]:
    """Pairs ``(i, j, jaccard)`` of near-identical texts, found through LSH buckets.

    Identical texts should be collapsed by the caller first (they share every band anyway).
    ``joined(j, i)``: True when the caller has joined the two already (a union-find): such
    candidates are not verified, which spares most comparisons inside large groups of alike
    texts.
    """
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(sets):
        if item is None:
            continue
        seen: set[int] = set()  # earlier texts already compared with this one
        for key in item.bands:
            bucket = buckets[key]
            for j in bucket:
                if j in seen:
                    continue
                seen.add(j)
                other = sets[j]
                assert other is not None
                small, large = sorted((len(other.shingles), len(item.shingles)))
                if small < threshold * large:  # Jaccard is at most small / large
                    continue
                if joined is not None and joined(j, i):
                    continue
                score = item.jaccard(other)
                if score >= threshold:
                    yield j, i, score
            bucket.append(i)
            if len(bucket) > PER_BUCKET:  # only the last few are ever read
                del bucket[0]
