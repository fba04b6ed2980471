"""Posts → groups of posts that belong together, without comparing all pairs.

Two posts are joined when
- their informative texts are near-identical (``minhash``: LSH buckets, verified Jaccard), or
- they carry the same *dubious* link (``links.dubious``: flagged, any reason against it, or a
  shortener; after redirects where the network was used), or a dubious link on the same
  registrable domain, or links imitating the same brand (blocking by key: each key joins its
  replies in one pass).
- a group of the coordination network (``network``) is a cluster of its own: the posts with
  which its accounts co-acted, and any text-or-link group whose accounts are mostly its own
  (the same campaign seen twice). A network group is never merged into a larger text group:
  bots writing like ordinary people would otherwise lend their co-action to everyone.
Posts are not joined merely for sharing an author: one prolific account would chain every
topic it touched into one group. An account may so appear in more than one group.
Plain news links (tagesschau.de, or any domain without a reason against it) never join anyone:
many real people quote the same article. A group is a candidate cluster when it spans at least two
accounts; whether it is coordinated is for ``score`` to say. A plain repost has no text or link
of its own and joins only through the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from threadscope.authors import Account
from threadscope.bots import minhash, signals
from threadscope.bots.links import LinkedReplies, dubious, landing_domain
from threadscope.bots.network import NetworkGroup
from threadscope.bots.normalise import informative, normalise, shingles, words
from threadscope.ingest.accounts import instant
from threadscope.models import Assessment, Post, PostKind

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
    """Candidate groups (post positions, ≥ 2 accounts) and each post's near-identical-text set."""

    groups: tuple[tuple[int, ...], ...]
    text_group: tuple[int, ...]
    """Root of the post's text-similarity set; equal roots mean near-identical text."""
    informative: tuple[bool, ...]
    exact: tuple[int, ...]
    """Number of the post's exact (normalised) text, -1 for texts that are not informative."""
    network: tuple[int | None, ...] = ()
    """Per group: the index of the network group it is, or None for a text-or-link group."""

    def network_of(self, number: int) -> int | None:
        return self.network[number] if number < len(self.network) else None


def account_of(post: Post, position: int) -> Account:
    """The post's author, or a stand-in for posts whose author the dump does not show."""
    if post.author:
        return Account(post.author, post.author_kind, post.author_id)
    return Account(f"unknown-{position}")


def accounts_of(posts: Sequence[Post]) -> list[Account]:
    """Each post's account (``account_of``), made once per run rather than at each of the
    half-dozen places that ask, and one ``Account`` shared by all posts of an account.

    An account with a stable id (``Post.author_id``) is one account under its latest handle
    however many it went by (``latest_names``), and two ids are two accounts whatever their
    handles: a handle given up and taken over is two accounts, a renamed one is one. The
    readers that see renames settle them already (``ingest.accounts``); a CSV with an id
    column (the QUT toolkit's ``user_id``) is settled here."""
    latest = latest_names(posts)
    shared: dict[Account, Account] = {}
    found = []
    for position, post in enumerate(posts):
        account = account_of(post, position)
        if account.id is not None:
            account = latest.get(account.id, account)
        found.append(shared.setdefault(account, account))
    return found


def latest_names(posts: Sequence[Post]) -> dict[str, Account]:
    """Each author id's account under the handle of its latest post: by ``created_at``,
    ties to the later post in the input; a post with no time (or one that does not parse)
    never outranks one with a time, and where none has one the later post names it."""
    latest: dict[str, tuple[tuple[bool, datetime | None, int], Account]] = {}
    for position, post in enumerate(posts):
        if post.author_id is None or not post.author:
            continue
        when = instant(post.created_at)
        rank = (when is not None, when, position)
        kept = latest.get(post.author_id)
        if kept is None or _outranks(rank, kept[0]):
            latest[post.author_id] = (rank, Account(post.author, post.author_kind,
                                                    post.author_id))
    return {author_id: account for author_id, (_, account) in latest.items()}


def _outranks(rank: tuple[bool, datetime | None, int],
              kept: tuple[bool, datetime | None, int]) -> bool:
    timed, when, _ = rank
    kept_timed, kept_when, _ = kept
    if timed != kept_timed:
        return timed
    return when is None or kept_when is None or when >= kept_when


def traits(post: Post, position: int, times: signals.PostTimes) -> int:
    """How many account traits a post shows: machine-made handle, young account, fast reply."""
    found = (
        signals.machine_handle(*account_of(post, position)[:2], post.platform),
        times.young_account(position),
        times.fast_reply(post, position),
    )
    return sum(reason is not None for reason in found)


@dataclass(frozen=True)
class TextSets:
    found: UnionFind
    informative: tuple[bool, ...]
    exact: tuple[int, ...]
    """Number of the post's exact normalised text (-1: not informative)."""



def text_sets(
    posts: Sequence[Post],
    times: signals.PostTimes | None = None,
    skip: frozenset[int] = frozenset(),
) -> TextSets:
    """Union-find over posts joined by near-identical informative text.

    Texts at ``minhash.JACCARD_THRESHOLD`` or above join outright. Texts that are merely alike
    (``WEAK_THRESHOLD`` up to that) join only when both sides have a post showing at least
    ``WEAK_TRAITS`` account traits: a bot whose synonym swaps went further than its siblings'
    still has the handle, the age and the timing of one. Reposts (someone else's text) and the
    posts in ``skip`` take no part. ``times``: the posts' times (no original post when None).
    """
    times = times or signals.PostTimes.of(posts)
    found = UnionFind(len(posts))
    by_text: dict[str, list[int]] = {}
    flags: list[bool] = []
    for i, post in enumerate(posts):
        ok = False
        if i not in skip and post.kind is not PostKind.REPOST:
            normal = normalise(post.text)
            members = by_text.get(normal)
            if members is not None:  # a text seen before: informative, once judged so
                members.append(i)
                ok = True
            elif ok := informative(words(normal)):
                by_text[normal] = [i]
        flags.append(ok)
    texts = list(by_text)
    exact = [-1] * len(posts)
    for number, members in enumerate(by_text.values()):
        found.join(members)
        for i in members:
            exact[i] = number
    sets = minhash.fingerprints(shingles(words(text)) for text in texts)
    marked: dict[int, int | None] = {}

    def marked_of(text: int) -> int | None:
        """The first post of this text showing the traits (once per distinct text)."""
        if text not in marked:
            members = by_text[texts[text]]
            marked[text] = next(
                (i for i in members if traits(posts[i], i, times) >= WEAK_TRAITS), None
            )
        return marked[text]

    for a, b, similarity in minhash.similar_pairs(
        sets, WEAK_THRESHOLD, join_at=minhash.JACCARD_THRESHOLD
    ):
        if similarity >= minhash.JACCARD_THRESHOLD:
            found.union(by_text[texts[a]][0], by_text[texts[b]][0])
            continue
        left = marked_of(a)
        right = marked_of(b) if left is not None else None
        if left is not None and right is not None:  # identical texts are one set already
            found.union(left, right)
    return TextSets(found, tuple(flags), tuple(exact))


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


ABSORB_SHARE = 0.8
"""A text-or-link group joins a network group when this share of its accounts is the group's."""


def group(
    posts: Sequence[Post],
    linked: LinkedReplies,
    texts: TextSets,
    network: Sequence[NetworkGroup] = (),
    skip: frozenset[int] = frozenset(),
    accounts: Sequence[Account] = (),
    min_repeats: int = 2,
    owners: Sequence[Account] | None = None,
) -> Grouping:
    """Join posts by text and link; network groups as their own clusters; keep groups spanning
    two or more accounts. ``accounts``: account number → account (``actions.Actions``);
    ``owners``: each post's account (``accounts_of``; made here when not given). Only a
    network group that acted together as a team (``min_repeats``), or came as one inside
    crowds (``NetworkGroup.team_in_crowd``), takes in the text-or-link groups that are
    mostly its own."""
    owners = accounts_of(posts) if owners is None else owners
    found, components = _by_text_and_link(len(posts), linked, texts, skip)
    network_groups, absorbed = _network_groups(network, found, components, accounts, owners,
                                               min_repeats)
    content = [
        tuple(members)
        for root, members in components.items()
        if root not in absorbed and len({owners[i] for i in members}) >= 2
    ]
    text_group = tuple(texts.found.find(i) for i in range(len(posts)))
    return Grouping(
        tuple(content) + tuple(network_groups),
        text_group,
        texts.informative,
        texts.exact,
        (None,) * len(content) + tuple(range(len(network_groups))),
    )


def _by_text_and_link(
    count: int, linked: LinkedReplies, texts: TextSets, skip: frozenset[int]
) -> tuple[UnionFind, dict[int, list[int]]]:
    """The posts joined by alike text and by a shared link key, and the components this
    makes (root → posts, in order; ``skip``'s posts in none)."""
    found = UnionFind(count)
    for i in range(count):
        found.union(i, texts.found.find(i))
    keys = [link_keys(a) for a in linked.assessments]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in range(count):
        if i in skip:
            continue
        for position in linked.per_reply[i]:
            for key in keys[position]:
                by_key[key].append(i)
    for members in by_key.values():
        found.join(members)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(count):
        if i not in skip:
            components[found.find(i)].append(i)
    return found, components


def _network_groups(
    network: Sequence[NetworkGroup],
    found: UnionFind,
    components: dict[int, list[int]],
    accounts: Sequence[Account],
    owners: Sequence[Account],
    min_repeats: int,
) -> tuple[list[tuple[int, ...]], set[int]]:
    """Each network group's posts, with the text-or-link components it absorbs (those whose
    accounts are ``ABSORB_SHARE`` its own, when it acted together as a team), and the roots of
    the components absorbed."""
    absorbed: set[int] = set()
    network_groups: list[tuple[int, ...]] = []
    owners_of: dict[int, set[Account]] = {}
    for item in network:
        handles = {accounts[a] for a in item.accounts}
        joined = set(item.posts)
        if not (item.acted_together(min_repeats) or item.team_in_crowd(min_repeats)):
            # no team: its posts stay where they are
            network_groups.append(tuple(sorted(joined)))
            continue
        for root in {found.find(i) for i in item.posts}:
            component = components[root]
            if root not in owners_of:
                owners_of[root] = {owners[i] for i in component}
            held = owners_of[root]
            if len(held & handles) >= ABSORB_SHARE * len(held):
                joined.update(component)
                absorbed.add(root)
        network_groups.append(tuple(sorted(joined)))
    return network_groups, absorbed
