"""Coordination networks as the field builds them (QUT coordination-network-toolkit, CooRTweet).

Two accounts are linked when they do the same thing to the same object within a time window:

- ``co-retweet``: repost the same post (X ``retweeted``, the QUT CSV's ``repost_id``);
- ``co-reply``: reply to the same post;
- ``co-link``: post the same link (the URL the platform expanded, or where it led online);
- ``co-text``: post the very same text once case, links, handles, numbers and emojis are
  folded away (the QUT toolkit's co-tweet; near-identical texts are ``cluster``'s job).

A repost does nothing else: its text and links are someone else's (the QUT toolkit excludes
reposts from every other network for the same reason). The edge weight of a pair is the number
of *occasions* on which it co-acted: an object, counted again when the pair returns to it after
a pause longer than the window (a text posted in five rounds is five occasions). The QUT
toolkit counts A's messages instead; on retweets and links the two agree.

What the toolkit leaves to the analyst is done here, and said in the reasons. Pairs are joined
into groups (connected components of the edges). A group's *joint occasion* is a window in
which at least ``max(3, half the group)`` of its accounts acted on the same object *and* made up
at least half of all accounts acting on it from five windows before to five windows after: a
team's burst is a spike, a popular post's burst lasts minutes.

- **Repeated co-action by the same group is coordinated**: a group with ``min_repeats`` joint
  occasions or more is a coordinated candidate when it is also *in step*: over every object
  two or more of its accounts acted on (a post, a link, a text: over the whole day, not one
  episode), at least ``MIN_IN_STEP`` (half) of the accounts that acted did so inside one
  window. That keeps out news junkies who retweet everything a broadcaster posts, each at
  their own pace: three of them land in the same minute now and
  then, but most of their retweets of a post are minutes apart. A team acts in one burst.
- **One burst of a popular post is organic**: a news post retweeted by hundreds of followers
  (or fans) within minutes links many pairs, and, over a day of such posts, links them again
  and again (the QUT toolkit reports them at any edge weight). But such a crowd never acts as
  a group: in its busiest minute a pair or a clique is a sliver of the crowd. A group that never
  acted together is split along its stronger edges, one weight step at a time, to find a team
  hidden in it (a part counts only if it stands apart: its inner ties on average half as
  strong again as its strongest tie to the rest), and otherwise reported as organic, with the
  reason.

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

KINDS = ("co-retweet", "co-reply", "co-link", "co-text")
"""Indices into this tuple are the ``kind`` of an action."""
RETWEET, REPLY, LINK, TEXT = range(4)
DEFAULT_WINDOW = 60.0
"""Seconds. The QUT toolkit's README gives 60 s as the default for every network type (its
command line defaults ``--time_window`` to 1 s)."""
DEFAULT_MIN_REPEATS = 2
"""The QUT toolkit's default ``--min_edge_weight``."""
MAX_PAIRED = 500
"""Accounts within one window beyond which pairs are not formed (memory bound, documented)."""
MIN_GROUP = 3
CONTEXT = 5
"""Windows either side of a joint occasion in which the object's crowd is counted."""
SEPARATION = 1.5
"""How much stronger a part's inner ties must be than its ties to the rest (``_stands_apart``)."""
MIN_IN_STEP = 0.5
"""Share of the group's acting accounts that acted inside one window, over all shared objects."""
TEAM_OCCASIONS = 3
"""Objects on which a team inside crowds must have come as one burst (``team_in_crowd``)."""
TEAM_IN_STEP = 0.8
"""``MIN_IN_STEP`` for a team inside crowds: where others are many, nearly always in step."""
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
    everything: tuple[Action, ...] = ()
    """Every action on the object, all episodes (shared between them), sorted by time."""

    @functools.cached_property
    def times(self) -> tuple[float, ...]:
        return tuple(map(itemgetter(0), self.everything))


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
    """Accounts that acted on the object around that window (``CONTEXT``), the group's
    included."""
    spread: float = 0.0
    """Seconds from the group's first to its last action in that window: how close together
    they acted, measured (the window is the most it can be)."""
    burst: int = 0
    """Accounts that acted on the object from the group's first to its last action in that
    window, the group's included: who else was in the group's own burst."""

    @property
    def own_burst(self) -> bool:
        """The group made up at least half of the accounts acting in its own burst: a team
        inside a crowd, not a sliver of it (``NetworkGroup.team_in_crowd``)."""
        return self.members * 2 >= self.burst


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
    """Objects on which two or more of the group's accounts acted (at any distance in time)."""
    acting: int = 0
    """Over those objects: the group's accounts that acted on the object, less one, added up."""
    in_step: int = 0
    """Over those objects: the group's accounts inside the busiest window, less one, added
    up (any window holds one account: a pair a day apart is 0 of 1 in step)."""

    @property
    def repeats(self) -> int:
        return len(self.occasions)

    @property
    def step_share(self) -> float:
        return self.in_step / self.acting if self.acting else 0.0

    def acted_together(self, min_repeats: int) -> bool:
        """Repeated joint occasions, in step rather than by the odd coincidence."""
        return self.repeats >= min_repeats and self.step_share >= MIN_IN_STEP

    @property
    def bursts(self) -> tuple[Occasion, ...]:
        """Windows inside crowds where the group was most of its own burst (``own_burst``)."""
        return tuple(o for o in self.in_crowds if o.own_burst)

    def team_in_crowd(self, min_repeats: int) -> bool:
        """A group that did not act together as a crowd's majority, but came as one burst of
        its own inside the crowds of ``TEAM_OCCASIONS`` objects or more (at least
        ``min_repeats``), nearly always in step (``TEAM_IN_STEP``).

        A reply squad answering a politician's posts lands in the minutes when hundreds of
        people answer too: a sliver of each crowd, but each time its accounts within seconds
        of each other, with few others in those seconds. Chance brings three fans into one
        minute now and then; the same accounts, most of the few in their seconds, post after
        post, it does not. Weaker than acting together, and said as such (``score``)."""
        if self.acted_together(min_repeats) or len(self.accounts) < MIN_GROUP:
            return False
        together = self.repeats + len(self.bursts)
        return (bool(self.bursts) and together >= max(TEAM_OCCASIONS, min_repeats)
                and self.step_share >= TEAM_IN_STEP)


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
        everything = tuple(items)
        span = window[kind]
        start = 0
        for i in range(1, len(items) + 1):
            if i == len(items) or items[i][0] - items[i - 1][0] > span:
                if i - start >= 2:
                    found.append(Episode(kind, key, everything[start:i], everything))
                start = i
    return found


def _windows(mine: Sequence[Action], span: float) -> Iterator[tuple[int, int]]:
    """For each action of ``mine`` (in time order): the distinct accounts inside the window of
    ``span`` seconds that ends with it, and the position of the window's first action."""
    start = 0
    inside: dict[int, int] = defaultdict(int)
    for moment, account, _ in mine:
        inside[account] += 1
        while moment - mine[start][0] > span:
            gone = mine[start][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            start += 1
        yield len(inside), start


def _busiest(mine: Sequence[Action], span: float) -> int:
    """The most distinct accounts of ``mine`` (in time order) inside one window."""
    return max((count for count, _ in _windows(mine, span)), default=0)


def _together(mine: Sequence[Action], episode: Episode, span: float
              ) -> tuple[int, int, float, int]:
    """The window with the most distinct accounts of ``mine`` (the group's actions in the
    episode, in time order): (the group's accounts in it, all accounts acting on the object
    from ``CONTEXT`` windows before it to ``CONTEXT`` windows after it, the seconds from the
    window's first action of the group to its last, all accounts acting on the object in
    those seconds).

    Only the group's own actions are walked; the crowd is counted in the best window alone, so
    a group costs its own actions, not the size of every crowd it touched.
    """
    best = (0, 0.0, 0.0)
    for end, (count, start) in enumerate(_windows(mine, span)):
        if count > best[0]:
            best = (count, mine[start][0], mine[end][0])
    if not best[0]:
        return 0, 0, 0.0, 0
    times, everything = episode.times, episode.everything
    first = bisect.bisect_left(times, best[1] - CONTEXT * span)
    last = bisect.bisect_right(times, best[1] + span + CONTEXT * span)
    crowd = len({a for _, a, _ in everything[first:last]})
    inside = everything[bisect.bisect_left(times, best[1]):bisect.bisect_right(times, best[2])]
    return best[0], crowd, best[2] - best[1], len({a for _, a, _ in inside})


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


@dataclass(frozen=True)
class _Index:
    """Where each account acted: in which episodes, and on which objects over the whole day."""

    found: Sequence[Episode]
    episodes: Mapping[int, list[Seen]]
    """Account → (episode number, index of the action in the episode)."""
    objects: Sequence[tuple[int, tuple[Action, ...]]]
    """(kind, every action on the object) for each object acted on more than once."""
    on_objects: Mapping[int, list[Seen]]
    """Account → (object number, index of the action in the object's actions)."""


def _index(found: Sequence[Episode]) -> _Index:
    episodes: dict[int, list[Seen]] = defaultdict(list)
    for number, episode in enumerate(found):
        for index, (_, account, _) in enumerate(episode.actions):
            episodes[account].append((number, index))
    objects: list[tuple[int, tuple[Action, ...]]] = []
    on_objects: dict[int, list[Seen]] = defaultdict(list)
    seen: set[int] = set()
    for episode in found:
        if id(episode.everything) in seen:
            continue
        seen.add(id(episode.everything))
        for index, (_, account, _) in enumerate(episode.everything):
            on_objects[account].append((len(objects), index))
        objects.append((episode.kind, episode.everything))
    return _Index(found, episodes, objects, on_objects)


def _groups(
    found: Sequence[Episode], kept: dict[tuple[int, int], Pair], span: Sequence[float],
    min_repeats: int,
) -> list[NetworkGroup]:
    index = _index(found)
    weighted = {key: sum(pair.weights) for key, pair in kept.items()}
    groups: list[NetworkGroup] = []
    for component, edges in _components(weighted):
        groups.extend(_split(component, edges, index, span, min_repeats))
    return groups


def _split(
    accounts: frozenset[int], edges: dict[tuple[int, int], int], index: _Index,
    span: Sequence[float], min_repeats: int,
) -> list[NetworkGroup]:
    """The component as a group if it acted together, else its stronger parts that did, or
    that came as a team inside crowds (``NetworkGroup.team_in_crowd``)."""
    group = _group(accounts, edges, index, span)
    if group.acted_together(min_repeats) or len(accounts) < MIN_GROUP:
        return [group]
    floor = min(edges.values(), default=0)
    stronger = {k: w for k, w in edges.items() if w > floor}
    parts = [
        found_group
        for part, inner in _components(stronger)
        if _stands_apart(part, inner, edges)
        for found_group in _split(part, inner, index, span, min_repeats)
        if found_group.acted_together(min_repeats) or found_group.team_in_crowd(min_repeats)
    ]
    return parts or [group]


def _stands_apart(
    part: frozenset[int], inner: Mapping[tuple[int, int], int],
    edges: Mapping[tuple[int, int], int],
) -> bool:
    """A part split off a larger component must be held together more strongly than it is tied
    to the rest: its inner ties, on average, ``SEPARATION`` times its strongest outer tie.

    A team that hid among a crowd (its accounts retweeting news now and then like anyone) is
    tied to the crowd by chance, once or twice; a triple of fans who happened to land in the
    same minute a few times is tied to the rest of the fandom as strongly as to each other.
    Without this, splitting would search a crowd for the coincidences it always contains.
    """
    outside = max((w for (a, b), w in edges.items() if (a in part) != (b in part)), default=0)
    mean = sum(inner.values()) / len(inner) if inner else 0.0
    return mean >= SEPARATION * outside


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
    accounts: frozenset[int], edges: Mapping[tuple[int, int], int], index: _Index,
    span: Sequence[float],
) -> NetworkGroup:
    need = max(MIN_GROUP, math.ceil(len(accounts) / 2))
    per_episode: dict[int, list[int]] = defaultdict(list)
    per_object: dict[int, list[int]] = defaultdict(list)
    for account in accounts:
        for number, position in index.episodes.get(account, ()):
            per_episode[number].append(position)
        for number, position in index.on_objects.get(account, ()):
            per_object[number].append(position)
    occasions: list[Occasion] = []
    in_crowds: list[Occasion] = []
    posts: set[int] = set()
    for number in sorted(per_episode):
        episode = index.found[number]
        mine = [episode.actions[i] for i in sorted(per_episode[number])]
        distinct = len({a for _, a, _ in mine})
        if distinct < 2:
            continue
        posts.update(p for _, _, p in mine)
        if distinct < need:
            continue
        members, crowd, spread, burst = _together(mine, episode, span[episode.kind])
        if members >= need:
            occasion = Occasion(episode.kind, episode.key, members, crowd, spread, burst)
            (occasions if members * 2 >= crowd else in_crowds).append(occasion)
    shared = acting = in_step = 0
    for number, positions in per_object.items():
        kind, everything = index.objects[number]
        mine = [everything[i] for i in sorted(positions)]
        distinct = len({a for _, a, _ in mine})
        if distinct < 2:
            continue
        members = _busiest(mine, span[kind])
        # beyond the first account, which any window holds: 0 apart, 1 all in step
        shared, acting, in_step = shared + 1, acting + distinct - 1, in_step + members - 1
    strongest = max(edges.values(), default=0)
    return NetworkGroup(accounts, tuple(occasions), tuple(sorted(posts)), strongest,
                        tuple(in_crowds), shared, acting, in_step)


def accounts_of(groups: Iterable[NetworkGroup]) -> set[int]:
    return {a for group in groups for a in group.accounts}
