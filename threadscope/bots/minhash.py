"""MinHash signatures and LSH banding: near-identical texts without comparing all pairs.

Two texts are *near-identical* when the Jaccard similarity of their shingle sets (words and
word pairs, see ``normalise.shingles``) is at least ``JACCARD_THRESHOLD`` = 0.5. A template of
20 words in which a bot swaps a synonym into every third word keeps 0.5–0.75 against its
siblings; unrelated replies on the same topic stay below 0.25 (measured on the generator's sets,
``scripts/eval_bots.py``). Texts must be informative first (``normalise.informative``), so short
generic replies never get here.

Each distinct shingle gets a stable 64-bit id (BLAKE2b, unlike ``hash()`` the same in every
run). ``PERMUTATIONS`` = 60 multiply-shift hash functions of that id, a row of fixed odd
multipliers derived from a seed, give each shingle 60 values of 32 bits; a signature is their
element-wise minimum over the text's shingles. The arithmetic runs in numpy over all texts at
once: in pure Python the 60 minima cost 100–600 µs per text, a third of ``bots`` on 100k
replies. The signature is cut into ``BANDS`` = 20 bands of ``ROWS`` = 3 values; texts sharing a
band land in the same bucket. The chance that two texts with Jaccard *s* share a bucket is
``1 - (1 - s**3)**20``: 0.93 at s = 0.5, 0.99 at s = 0.6, 0.15 at s = 0.2. Candidates from a
bucket are verified with the exact Jaccard of the shingle ids, and each text is verified against
at most ``PER_BUCKET`` earlier members of each bucket, so a bucket holding 10,000 copies of one
template costs 30,000 comparisons, not 50 million: the cost grows linearly with the number of
replies.
"""

from __future__ import annotations

import array
import functools
import hashlib
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

JACCARD_THRESHOLD = 0.5
PERMUTATIONS = 60
BANDS = 20
ROWS = PERMUTATIONS // BANDS
PER_BUCKET = 3
"""Earlier bucket members a text is verified against; union-find joins the rest."""

_SEED = b"threadscope-bots-2"
_CHUNK_SHINGLES = 1 << 14
"""Shingles hashed per numpy step: 16,384 × 60 values of 8 bytes, 8 MB at a time."""

U64 = npt.NDArray[np.uint64]


def _parameters() -> tuple[U64, U64]:
    """Odd multipliers and offsets of the hash functions, the same on every machine."""
    raw = hashlib.shake_128(_SEED).digest(PERMUTATIONS * 16)
    values = np.frombuffer(raw, dtype="<u8").astype(np.uint64)
    return values[:PERMUTATIONS] | np.uint64(1), values[PERMUTATIONS:]


_MULTIPLY, _ADD = _parameters()


def shingle_id(shingle: str) -> int:
    """The stable 64-bit id of a shingle."""
    digest = hashlib.blake2b(shingle.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def jaccard(a: AbstractSet[object], b: AbstractSet[object]) -> float:
    return _ratio(len(a & b), len(a), len(b))


def _ratio(common: int, left: int, right: int) -> float:
    """Jaccard from the size of the intersection and of each set (0 when one is empty)."""
    if not left or not right:
        return 0.0
    return common / (left + right - common)


@dataclass(frozen=True, eq=False)
class Fingerprints:
    """What LSH keeps of many texts: the sorted shingle ids of each, end to end in one array
    (a frozenset of shingle strings per text took ten times the memory; collisions of 64-bit
    ids are too rare to change a Jaccard figure), and their MinHash signatures."""

    ids: U64
    offsets: npt.NDArray[np.int64]
    """Text ``i`` owns ``ids[offsets[i]:offsets[i + 1]]``."""
    signatures: npt.NDArray[np.uint32]
    """One row of ``PERMUTATIONS`` values per text (a text without shingles has zeros)."""

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def sizes(self) -> npt.NDArray[np.int64]:
        return np.diff(self.offsets)

    def shingle_ids(self, text: int) -> set[int]:
        return set(self.ids[self.offsets[text] : self.offsets[text + 1]].tolist())

    def jaccard(self, left: int, right: int) -> float:
        return self.jaccard_with(self.shingle_ids(left), right)

    def jaccard_with(self, ids: set[int], text: int) -> float:
        """``jaccard(ids, self.shingle_ids(text))`` without making a set of the text's ids
        (they are distinct already): each verified candidate pair goes this way."""
        theirs = self.ids[self.offsets[text] : self.offsets[text + 1]].tolist()
        return _ratio(len(ids.intersection(theirs)), len(ids), len(theirs))


def fingerprints(texts: Iterable[Iterable[str]]) -> Fingerprints:
    """The fingerprints of shingle sets, in order."""
    ids = array.array("Q")
    ends = array.array("q", [0])
    # common words recur: each is hashed once, in a cache that goes when the texts are done
    id_of = functools.lru_cache(maxsize=1 << 15)(shingle_id)
    for shingles in texts:
        ids.extend(sorted({id_of(s) for s in shingles}))
        ends.append(len(ids))
    flat = np.frombuffer(ids, dtype=np.uint64) if ids else np.zeros(0, dtype=np.uint64)
    offsets = np.frombuffer(ends, dtype=np.int64)
    return Fingerprints(flat, offsets, _signatures(flat, offsets))


def _signatures(ids: U64, offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.uint32]:
    count = len(offsets) - 1
    result = np.zeros((count, PERMUTATIONS), dtype=np.uint32)
    start = 0
    while start < count:
        end = start + 1  # at least one text per step, however long
        while end < count and offsets[end + 1] - offsets[start] <= _CHUNK_SHINGLES:
            end += 1
        _sign_chunk(ids, offsets, start, end, result)
        start = end
    return result


def _sign_chunk(
    ids: U64, offsets: npt.NDArray[np.int64], start: int, end: int,
    out: npt.NDArray[np.uint32],
) -> None:
    """Signatures of texts ``start``–``end`` (exclusive) into ``out``."""
    low, high = int(offsets[start]), int(offsets[end])
    if low == high:
        return
    values = ids[low:high, None] * _MULTIPLY  # wraps modulo 2**64: the hash family's modulus
    values += _ADD
    values >>= np.uint64(32)
    starts = offsets[start:end] - low
    filled = np.flatnonzero(np.diff(offsets[start : end + 1]) > 0)
    # reduceat over non-empty texts only: each runs up to the next one's start
    out[start + filled] = np.minimum.reduceat(values, starts[filled], axis=0)


def signature(shingles: Iterable[str]) -> tuple[int, ...]:
    """The MinHash signature of one shingle set."""
    return tuple(fingerprints([shingles]).signatures[0].tolist())


def _band_keys(signatures: npt.NDArray[np.uint32]) -> U64:
    """One 64-bit key per band and text; a rare collision only adds a verified candidate."""
    # Widened a column at a time, in place: widening all rows at once held the signatures
    # twice over in 64 bits (a third of the peak of ``bots`` on 100k replies).
    rows = signatures.reshape(len(signatures), BANDS, ROWS)
    keys: U64 = rows[:, :, 0].astype(np.uint64)
    keys <<= np.uint64(32)
    keys |= rows[:, :, 1]
    mixed = rows[:, :, 2].astype(np.uint64)
    mixed *= np.uint64(0x9E3779B97F4A7C15)
    keys ^= mixed
    return keys


def candidates(prints: Fingerprints, threshold: float) -> npt.NDArray[np.int64]:
    """Candidate pairs as ``later * len(prints) + earlier``, sorted, each once.

    Per band, a text meets the ``PER_BUCKET`` earlier texts of its bucket: the texts sorted
    stably by band key stand in bucket order, so those are its ``PER_BUCKET`` predecessors.
    Pairs whose sizes alone rule out ``threshold`` are dropped.
    """
    count = len(prints)
    sizes = prints.sizes()
    texts = np.flatnonzero(sizes > 0)
    if len(texts) < 2:
        return np.zeros(0, dtype=np.int64)
    # every text has shingles, as a rule: then no copy of the signatures is needed
    keys = _band_keys(prints.signatures if len(texts) == count else prints.signatures[texts])
    pairs = np.zeros(0, dtype=np.int64)
    found: list[npt.NDArray[np.int64]] = []
    for band in range(BANDS):
        order = np.argsort(keys[:, band], kind="stable")
        ranked, members = keys[order, band], texts[order]
        for step in range(1, PER_BUCKET + 1):
            same = ranked[step:] == ranked[:-step]
            later, earlier = members[step:][same], members[:-step][same]
            small = np.minimum(sizes[later], sizes[earlier])
            large = np.maximum(sizes[later], sizes[earlier])
            fits = small >= threshold * large  # Jaccard is at most small / large
            found.append(later[fits] * count + earlier[fits])
        if band % 4 == 3 or band == BANDS - 1:  # most pairs recur in other bands: merge often
            pairs = _distinct(np.concatenate([pairs, *found]))
            found.clear()
    return pairs


def _distinct(pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    if not len(pairs):  # no text shared a bucket: the mask below would be one too long
        return pairs
    pairs.sort()
    return pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]


def similar_pairs(
    prints: Fingerprints,
    threshold: float = JACCARD_THRESHOLD,
    join_at: float | None = None,
) -> Iterator[tuple[int, int, float]]:
    """Pairs ``(earlier, later, jaccard)`` of near-identical texts, found through LSH buckets,
    in the order of the later text.

    Identical texts should be collapsed by the caller first (they share every band anyway).
    ``join_at``: pairs at or above it are joined as they are found (a union-find kept here),
    and a later candidate pair inside one joined set is not verified nor yielded: most
    candidates fall inside large groups of alike texts, and the caller joins those pairs
    anyway.
    """
    count = len(prints)
    parent = list(range(count))
    pairs = candidates(prints, threshold)
    step = 1 << 14  # a list of a million ints is 40 MB: converted a slice at a time
    # The later text being verified and the root of its set: pairs come in the order of the
    # later text, which is alone in its set when its first pair comes (every earlier pair
    # joined texts before it) and whose root changes only by its own joins.
    current = root = -1
    current_ids: set[int] = set()
    for start in range(0, len(pairs), step):
        chunk = pairs[start : start + step]
        laters = chunk // count
        earliers = chunk - laters * count
        for later, earlier in zip(laters.tolist(), earliers.tolist(), strict=True):
            if later != current:
                current = root = later
                current_ids = prints.shingle_ids(later)
            left = earlier
            while parent[left] != left:  # path halving, inline: a million candidates
                parent[left] = left = parent[parent[left]]
            if left == root:
                continue
            score = prints.jaccard_with(current_ids, earlier)
            if score < threshold:
                continue
            if join_at is not None and score >= join_at:
                parent[root] = left
                root = left
            yield earlier, later, score
