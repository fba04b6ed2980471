"""Coordination networks as the field builds them (QUT coordination-network-toolkit, CooRTweet).

Two accounts are linked when they do the same thing to the same object within a time window:

- ``co-retweet``: repost the same post (X ``retweeted``, the QUT CSV's ``repost_id``);
- ``co-reply``: reply to the same post;
- ``co-link``: post the same link (the URL the platform expanded, or where it led online);
- ``co-text``: post near-identical text (the QUT toolkit's co-tweet and co-similarity in one:
  the same MinHash groups as ``cluster``).

A repost does nothing else: its text and links are someone else's (the QUT toolkit excludes
reposts from every other network for the same reason). The edge weight of a pair is the number
of *occasions* on which it co-acted: an object, counted again when the pair returns to it after
a pause longer than the window (a text posted in five rounds is five occasions). The QUT
toolkit counts A's messages instead; on retweets and links the two agree.

What the toolkit leaves to the analyst is done here, and said in the reasons. Pairs are joined
into groups (connected components of the edges). A group's *joint occasion* is a window in
which at least ``max(3, half the group)`` of its accounts acted on the same object *and* made up
at least half of all accounts acting on it in that window.

- **Repeated co-action by the same group is coordinated**: a group with ``min_repeats`` joint
  occasions or more, which are at least ``MIN_TOGETHER`` (a third) of the episodes two or more
  of its accounts took part in, is a coordinated candidate. The share keeps out news junkies
  who retweet everything a broadcaster posts: over a hundred posts, three of them land in the
  same minute now and then, but they do not act *together*.
- **One burst of a popular post is organic**: a news post retweeted by hundreds of followers
  (or fans) within minutes links many pairs, and, over a day of such posts, links them again
  and again (the QUT toolkit reports them at any edge weight). But such a crowd never acts as
  a group: in its busiest minute a pair or a clique is a sliver of the crowd. A group that never
  acted together is split along its stronger edges, one weight step at a time, to find a team
  hidden in it, and otherwise reported as organic, with the reason.

The actions on one object are cut into *episodes* wherever nothing happened for longer than the
window; an account reaches ``min_repeats`` with another only if it took part in that many
episodes of the kind, so accounts below that are left out before any pair is formed (the QUT
toolkit prunes users the same way). Everyone in a dump of replies to one post replied to that
post, in one long episode: co-reply counts only where people return to the same posts.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

KINDS = ("co-retweet", "co-reply", "co-link", "co-text")
"""Indices into this tuple are the ``kind`` of an action."""
RETWEET, REPLY, LINK, TEXT = range(4)
DEFAULT_WINDOW = 60.0
"""Seconds. The QUT toolkit documents 60 s as its default for every network type."""
DEFAULT_MIN_REPEATS = 2
"""The QUT toolkit's default ``--min_edge_weight``."""
MAX_PAIRED = 500
"""Accounts within one window beyond which pairs are not formed (memory bound, documented)."""
MIN_GROUP = 3
MIN_TOGETHER = 1 / 3
"""Joint occasions as a share of the episodes two or more of the group's accounts took part in."""
SAMPLE = 5


Action = tuple[float, int, int]
"""(Unix seconds, account number, post position)."""
Seen = tuple[int, int]
"""(episode number, index of the action in the episode)."""
Describe = Callable[[int, str], str]
"""(kind, object key) → how the object is named in a reason (a post id, a URL, a text)."""


@dataclass(frozen=True)
class Episode:
    kind: int
    key: str
    actions: tuple[Action, ...]
    """Sorted by time."""

    @functools.cached_property
    def times(self) -> tuple[float, ...]:
        return tuple(t for t, _, _ in self.actions)


@dataclass
class Pair:
    weights: list[int] = field(default_factory=lambda: [0] * len(KINDS))
    objects: list[list[str]] = field(default_factory=lambda: [[] for _ in KINDS])


@dataclass(frozen=True)
class Occasion:
    """An episode in which a group acted together."""

    kind: int
    key: str
    members: int
    """Accounts of the group within one window."""
    crowd: int
    """Accounts that acted on the object in that window, the group's included."""


@dataclass(frozen=True)
class NetworkGroup:
    accounts: frozenset[int]
    occasions: tuple[Occasion, ...]
    posts: tuple[int, ...]
    """Every post of the group's accounts that took part in a co-action among them."""
    strongest: int
    """The heaviest edge weight among the group's pairs."""
    in_crowds: tuple[Occasion, ...] = ()
    """Windows where enough of the group acted together, but as a sliver of a crowd."""
    shared: int = 0
    """Episodes in which two or more of the group's accounts acted (at any distance in time)."""

    @property
    def repeats(self) -> int:
        return len(self.occasions)

    def acted_together(self, min_repeats: int) -> bool:
        """Repeated joint occasions, and not as a rare coincidence among many shared objects."""
        return self.repeats >= min_repeats and self.repeats >= MIN_TOGETHER * self.shared


@dataclass(frozen=True)
class Network:
    pairs: dict[tuple[int, int], Pair]
    """Pairs (lower account number first) with some weight reaching ``min_repeats``."""
    groups: tuple[NetworkGroup, ...]
    window: tuple[float, ...]
    """Seconds, per kind."""
    min_repeats: int


def windows(window: float | Mapping[str, float] | None) -> tuple[float, ...]:
    """One window for every kind, or a window per kind (others keep the default)."""
    if window is None:
        return (DEFAULT_WINDOW,) * len(KINDS)
    if isinstance(window, int | float):
        return (float(window),) * len(KINDS)
    base = float(window.get("*", DEFAULT_WINDOW))
    return tuple(float(window.get(kind, base)) for kind in KINDS)


def episodes(
    actions: Mapping[tuple[int, str], list[Action]], window: Sequence[float]
) -> list[Episode]:
    """Each object's actions cut wherever a pause is longer than the kind's window."""
    found: list[Episode] = []
    for (kind, key), items in actions.items():
        if len(items) < 2:
            continue
        items.sort()
        span = window[kind]
        start = 0
        for i in range(1, len(items) + 1):
            if i == len(items) or items[i][0] - items[i - 1][0] > span:
                if i - start >= 2:
                    found.append(Episode(kind, key, tuple(items[start:i])))
                start = i
    return found


def _together(mine: Sequence[Action], episode: Episode, span: float) -> tuple[int, int]:
    """The window with the most distinct accounts of ``mine`` (the group's actions in the
    episode, in time order): (the group's accounts in it, all accounts in it).

    Only the group's own actions are walked; the crowd is counted in the best window alone, so
    a group costs its own actions, not the size of every crowd it touched.
    """
    ours = [(t, a) for t, a, _ in mine]
    best = (0, 0.0)
    start = 0
    inside: dict[int, int] = defaultdict(int)
    for moment, account in ours:
        inside[account] += 1
        while moment - ours[start][0] > span:
            gone = ours[start][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            start += 1
        if len(inside) > best[0]:
            best = (len(inside), ours[start][0])
    if not best[0]:
        return 0, 0
    first = bisect.bisect_left(episode.times, best[1])
    last = bisect.bisect_right(episode.times, best[1] + span)
    return best[0], len({a for _, a, _ in episode.actions[first:last]})


def pairs(
    found: Sequence[Episode], window: Sequence[float], min_repeats: int, describe: Describe
) -> dict[tuple[int, int], Pair]:
    """Pair weights per kind over the episodes; pairs below ``min_repeats`` in every kind are
    dropped.

    An account can reach ``min_repeats`` with another only if it took part in that many
    episodes of the kind, so accounts below that are left out before any pair is formed (the
    QUT toolkit prunes users the same way).
    """
    occasions: dict[tuple[int, int], int] = defaultdict(int)
    for episode in found:
        for account in {a for _, a, _ in episode.actions}:
            occasions[(episode.kind, account)] += 1
    counts: dict[tuple[int, int, int], int] = defaultdict(int)
    for episode in found:
        kind = episode.kind
        eligible = [x for x in episode.actions if occasions[(kind, x[1])] >= min_repeats]
        for a, b in _met(eligible, window[kind]):
            counts[(a, b, kind)] += 1
    kept: dict[tuple[int, int], Pair] = {}
    for (a, b, _), weight in counts.items():
        if weight >= min_repeats:
            kept.setdefault((a, b), Pair())
    for (a, b, kind), weight in counts.items():
        pair = kept.get((a, b))
        if pair is not None:
            pair.weights[kind] = weight
    _sample_objects(found, kept, window, describe)
    return kept


def _met(actions: Sequence[Action], span: float) -> set[tuple[int, int]]:
    """Pairs of accounts (lower number first) acting within ``span`` of each other."""
    met: set[tuple[int, int]] = set()
    start = 0
    for end, (moment, account, _) in enumerate(actions):
        while moment - actions[start][0] > span:
            start += 1
        if end - start > MAX_PAIRED:
            continue
        for other in range(start, end):
            partner = actions[other][1]
            if partner != account:
                met.add((partner, account) if partner < account else (account, partner))
    return met


def _sample_objects(
    found: Sequence[Episode], kept: dict[tuple[int, int], Pair], window: Sequence[float],
    describe: Describe,
) -> None:
    """Up to ``SAMPLE`` objects per pair and kind, for the reasons on the edges."""
    accounts = {a for pair in kept for a in pair}
    for episode in found:
        inside = [x for x in episode.actions if x[1] in accounts]
        if len(inside) < 2:
            continue
        label: str | None = None
        for key in _met(inside, window[episode.kind]):
            pair = kept.get(key)
            if pair is None:
                continue
            objects = pair.objects[episode.kind]
            if len(objects) < SAMPLE:
                label = label or describe(episode.kind, episode.key)
                if label not in objects:
                    objects.append(label)


def build(
    actions: Mapping[tuple[int, str], list[Action]],
    *,
    window: float | Mapping[str, float] | None = None,
    min_repeats: int = DEFAULT_MIN_REPEATS,
    describe: Describe | None = None,
) -> Network:
    """The account network and its groups, from actions keyed by (kind, object)."""
    span = windows(window)
    found = episodes(actions, span)
    kept = pairs(found, span, min_repeats, describe or (lambda kind, key: key))
    groups = _groups(found, kept, span, min_repeats)
    return Network(kept, tuple(groups), span, min_repeats)


def _groups(
    found: Sequence[Episode], kept: dict[tuple[int, int], Pair], span: Sequence[float],
    min_repeats: int,
) -> list[NetworkGroup]:
    by_account: dict[int, list[Seen]] = defaultdict(list)
    for number, episode in enumerate(found):
        for index, (_, account, _) in enumerate(episode.actions):
            by_account[account].append((number, index))
    weighted = {key: sum(pair.weights) for key, pair in kept.items()}
    groups: list[NetworkGroup] = []
    for component, edges in _components(weighted):
        groups.extend(_split(component, edges, found, by_account, span, min_repeats))
    return groups


def _split(
    accounts: frozenset[int], edges: dict[tuple[int, int], int],
    found: Sequence[Episode], by_account: Mapping[int, list[Seen]],
    span: Sequence[float],
    min_repeats: int,
) -> list[NetworkGroup]:
    """The component as a group if it acted together, else its stronger parts that did."""
    group = _group(accounts, edges, found, by_account, span)
    if group.acted_together(min_repeats) or len(accounts) < MIN_GROUP:
        return [group]
    floor = min(edges.values(), default=0)
    stronger = {k: w for k, w in edges.items() if w > floor}
    parts = [
        found_group
        for part, inner in _components(stronger)
        for found_group in _split(part, inner, found, by_account, span, min_repeats)
        if found_group.acted_together(min_repeats)
    ]
    return parts or [group]


def _components(
    weighted: Mapping[tuple[int, int], int],
) -> list[tuple[frozenset[int], dict[tuple[int, int], int]]]:
    """Connected components, each with its own edges."""
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in weighted:
        neighbours[a].append(b)
        neighbours[b].append(a)
    component: dict[int, int] = {}
    found: list[tuple[frozenset[int], dict[tuple[int, int], int]]] = []
    for start in sorted(neighbours):
        if start in component:
            continue
        number = len(found)
        stack, members = [start], {start}
        component[start] = number
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in members:
                    members.add(other)
                    component[other] = number
                    stack.append(other)
        found.append((frozenset(members), {}))
    for (a, b), weight in weighted.items():
        found[component[a]][1][(a, b)] = weight
    return found


def _group(
    accounts: frozenset[int], edges: Mapping[tuple[int, int], int],
    found: Sequence[Episode], by_account: Mapping[int, list[Seen]],
    span: Sequence[float],
) -> NetworkGroup:
    need = max(MIN_GROUP, math.ceil(len(accounts) / 2))
    per_episode: dict[int, list[int]] = defaultdict(list)
    for account in accounts:
        for number, index in by_account.get(account, ()):
            per_episode[number].append(index)
    occasions: list[Occasion] = []
    in_crowds: list[Occasion] = []
    posts: set[int] = set()
    shared = 0
    for number in sorted(per_episode):
        episode = found[number]
        mine = [episode.actions[i] for i in sorted(per_episode[number])]
        distinct = len({a for _, a, _ in mine})
        if distinct < 2:
            continue
        shared += 1
        posts.update(p for _, _, p in mine)
        if distinct < need:
            continue
        members, crowd = _together(mine, episode, span[episode.kind])
        if members >= need:
            occasion = Occasion(episode.kind, episode.key, members, crowd)
            (occasions if members * 2 >= crowd else in_crowds).append(occasion)
    strongest = max(edges.values(), default=0)
    return NetworkGroup(accounts, tuple(occasions), tuple(sorted(posts)), strongest,
                        tuple(in_crowds), shared)


def accounts_of(groups: Iterable[NetworkGroup]) -> set[int]:
    return {a for group in groups for a in group.accounts}
