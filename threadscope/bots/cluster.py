"""Replies → groups of replies that belong together, without comparing all pairs.

Two replies are joined when
- their informative texts are near-identical (``minhash``: LSH buckets, verified Jaccard), or
- they carry the same *dubious* link (``links.dubious``: flagged, any reason against it, or a
  shortener; after redirects where the network was used), or a dubious link on the same
  registrable domain, or links imitating the same brand (blocking by key: each key joins its
  replies in one pass).
Replies are not joined merely for sharing an author: one prolific account would chain every
topic it touched into one group. An account may so appear in more than one group.
Plain news links (tagesschau.de, or any domain without a reason against it) never join anyone:
many real people quote the same article. A group is a candidate cluster when it spans at least two
accounts; whether it is coordinated is for ``score`` to say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from threadscope.bots import minhash, signals
from threadscope.bots.links import LinkedReplies, dubious, landing_domain
from threadscope.bots.normalise import informative, normalise, shingles, words
from threadscope.models import Assessment, Reply

WEAK_THRESHOLD = 0.35
"""Texts this alike join only replies that show ``WEAK_TRAITS`` account traits each."""
WEAK_TRAITS = 2


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.size = [1] * size

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if self.size[root_a] < self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]

    def join(self, items: Iterable[int]) -> None:
        first = None
        for item in items:
            if first is None:
                first = item
            else:
                self.union(first, item)


@dataclass(frozen=True)
class Grouping:
    """Candidate groups (reply indices, ≥ 2 accounts) and each reply's near-identical-text group."""

    groups: tuple[tuple[int, ...], ...]
    text_group: tuple[int, ...]
    """Root of the reply's text-similarity set; equal roots mean near-identical text."""
    informative: tuple[bool, ...]


def account_of(reply: Reply) -> str:
    """The handle, or a stand-in for replies whose author the dump does not show."""
    return reply.author or f"unknown-{reply.index}"


def traits(reply: Reply, original: datetime | None) -> int:
    """How many account traits a reply shows: machine-made handle, young account, fast reply."""
    found = (
        signals.machine_handle(account_of(reply)),
        signals.young_account(reply),
        signals.fast_reply(reply, original),
    )
    return sum(reason is not None for reason in found)


def text_sets(
    replies: Sequence[Reply], original: datetime | None = None
) -> tuple[UnionFind, tuple[bool, ...]]:
    """Union-find over replies joined by near-identical informative text.

    Texts at ``minhash.JACCARD_THRESHOLD`` or above join outright. Texts that are merely alike
    (``WEAK_THRESHOLD`` up to that) join only when both sides have a reply showing at least
    ``WEAK_TRAITS`` account traits: a bot whose synonym swaps went further than its siblings'
    still has the handle, the age and the timing of one.
    """
    found = UnionFind(len(replies))
    by_text: dict[str, list[int]] = defaultdict(list)
    flags: list[bool] = []
    for i, reply in enumerate(replies):
        normal = normalise(reply.text)
        ok = informative(words(normal))
        flags.append(ok)
        if ok:
            by_text[normal].append(i)
    texts = list(by_text)
    for members in by_text.values():
        found.join(members)
    sets = [shingles(words(text)) for text in texts]
    marked: dict[int, list[int]] = {}

    def marked_of(text: int) -> list[int]:
        if text not in marked:  # once per distinct text, not once per pair
            members = by_text[texts[text]]
            marked[text] = [i for i in members if traits(replies[i], original) >= WEAK_TRAITS]
        return marked[text]

    for a, b, similarity in minhash.similar_pairs(sets, WEAK_THRESHOLD):
        if similarity >= minhash.JACCARD_THRESHOLD:
            found.union(by_text[texts[a]][0], by_text[texts[b]][0])
            continue
        left, right = marked_of(a), marked_of(b)
        if left and right:  # identical texts are one set already: one union joins both
            found.union(left[0], right[0])
    return found, tuple(flags)


def link_keys(assessment: Assessment) -> tuple[str, ...]:
    """Blocking keys of one dubious link: where it leads, that domain, the brand it imitates.

    A shortener is official (bit.ly is bit.ly), but one short link posted by several accounts
    is one campaign link, so short links keep their URL key; their domain joins no one.
    """
    if not dubious(assessment):
        return ()
    keys = [f"url:{assessment.final_url or assessment.url}"]
    domain = landing_domain(assessment)
    if domain:
        keys.append(f"domain:{domain}")
    if assessment.verdict.flagged and assessment.imitates:
        keys.append(f"brand:{assessment.imitates}")
    return tuple(keys)


def group(
    replies: Sequence[Reply], linked: LinkedReplies, original: datetime | None = None
) -> Grouping:
    """Join replies by text and link; keep groups spanning two or more accounts."""
    text_found, flags = text_sets(replies, original)
    found = UnionFind(len(replies))
    for i in range(len(replies)):
        found.union(i, text_found.find(i))
    keys = [link_keys(a) for a in linked.assessments]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in range(len(replies)):
        for position in linked.per_reply[i]:
            for key in keys[position]:
                by_key[key].append(i)
    for members in by_key.values():
        found.join(members)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(replies)):
        components[found.find(i)].append(i)
    groups = tuple(
        tuple(members)
        for members in components.values()
        if len({account_of(replies[i]) for i in members}) >= 2
    )
    text_group = tuple(text_found.find(i) for i in range(len(replies)))
    return Grouping(groups, text_group, flags)
