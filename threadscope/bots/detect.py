"""Posts → ``BotReport``: assess links, group, score, summarise each account, export the network.

The pipeline is linear in the number of posts: posts are consumed once as they stream in,
links are assessed once per distinct link, texts are compared through LSH buckets
(``minhash``), links and accounts are joined by key (``cluster``), co-actions are paired only
inside each object's episodes (``network``), and each group is scored once (``score``).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from threadscope.assessment import BrandRegistry, default_registry
from threadscope.assessment.score import total
from threadscope.auditor import LinkAuditor
from threadscope.authors import Account, members_of
from threadscope.bots import codes, signals
from threadscope.bots.actions import Actions, collect
from threadscope.bots.cluster import accounts_of, group, text_sets
from threadscope.bots.links import LinkIndex
from threadscope.bots.network import DEFAULT_MIN_REPEATS, KINDS, Network, build
from threadscope.bots.score import Context, score_group
from threadscope.gcpause import cycles_uncollected
from threadscope.models import (
    AccountSummary,
    BotReport,
    Cluster,
    ClusterVerdict,
    CoAction,
    NetworkEdge,
    NetworkOptions,
    Post,
    Reason,
)


def detect(
    posts: Iterable[Post],
    *,
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    source: str = "<text>",
    context: Iterable[Post] = (),
    warnings: Iterable[str] = (),
    window: float | Mapping[str, float] | None = None,
    min_repeats: int = DEFAULT_MIN_REPEATS,
    auditor: LinkAuditor | None = None,
) -> BotReport:
    """Find clusters of coordinated accounts among ``posts`` (network None: offline).

    ``posts`` is consumed once, in order (a ``PostStream`` streams from the file);
    ``context`` (posts shown for context only, the post answered) and ``warnings`` are read
    after it, so a stream may fill them as it goes. ``window``: seconds within which two
    accounts' actions on the same object are one co-action (one number, or per kind:
    ``{"co-text": 3600}``, ``"*"`` for the rest); ``min_repeats``: how often a pair must
    co-act to be linked. Clusters and accounts refer to posts by their position in ``posts``.
    ``auditor``, when given, assesses the links instead of ``registry`` and ``network`` (its
    tally then counts what could not be checked).
    """
    if min_repeats < 1:
        raise ValueError("min_repeats must be at least 1")
    if auditor is None:
        auditor = LinkAuditor.from_options(registry or default_registry(), network)
    kept: list[Post] = []
    links = LinkIndex()
    # Offline, the cycle collector is paused from the first post on (its pass when it resumes
    # walks what was made while it slept, so one pause costs less than two); with the network
    # it runs while the posts are read and their links followed: httpx and asyncio do make
    # cycles.
    with cycles_uncollected() if auditor.offline else contextlib.nullcontext():
        for post in posts:
            kept.append(post)
            links.add(post)
        linked = links.assess(auditor)
        root, original = answered([*context, *kept])
        skip = thread_posts(kept, root)
        with cycles_uncollected():
            times = signals.PostTimes.of(kept, original)
            texts = text_sets(kept, times, skip)
            owners = accounts_of(kept)
            acts = collect(kept, texts, linked, skip, times, owners)
            net = build(acts.by_object, window=window, min_repeats=min_repeats,
                        describe=acts.describe)
            acts.by_object = {}  # the episodes hold what is still needed
            grouping = group(kept, linked, texts, net.groups, skip, acts.handles, min_repeats,
                             owners)
            scoring = Context(kept, grouping, linked, times, net, acts.describe, owners)
            clusters = _clusters(grouping.groups, scoring)
            accounts = _accounts(kept, owners, clusters, times, skip)
            edges = _edges(net, acts, clusters)
            flagged = _flagged(clusters, len(kept))
    return BotReport(
        source=source,
        replies=len(kept),
        clusters=clusters,
        accounts=accounts,
        links=linked.assessments,
        warnings=tuple(warnings),
        network=edges,
        window={kind: net.window[n] for n, kind in enumerate(KINDS)},
        min_repeats=min_repeats,
        flagged_posts={position: kept[position] for position in flagged},
        flagged_links={position: linked.per_reply[position] for position in flagged
                       if position < len(linked.per_reply) and linked.per_reply[position]},
    )


def _flagged(clusters: Sequence[Cluster], count: int) -> list[int]:
    """Positions of the coordinated clusters' replies: kept for reports that quote them."""
    return sorted({
        position
        for cluster in clusters
        if cluster.verdict is ClusterVerdict.COORDINATED
        for position in cluster.replies
        if 0 <= position < count
    })


def answered(posts: Sequence[Post]) -> tuple[str | None, datetime | None]:
    """The post most replies answer (its id), and when it was made if it is in the dump."""
    counts: dict[str, int] = defaultdict(int)
    for post in posts:
        if post.reply_to:
            counts[post.reply_to] += 1
    if not counts:
        return None, None
    by_id = {post.post_id: post for post in posts if post.post_id}
    ranked = sorted(counts, key=lambda key: -counts[key])
    for post_id in ranked:
        if post_id in by_id:
            return post_id, signals.parse_time(by_id[post_id].created_at)
    return ranked[0], None


def original_time(posts: Sequence[Post]) -> datetime | None:
    """When the post most replies answer was made, if that post is in the dump."""
    return answered(posts)[1]


def thread_posts(posts: Sequence[Post], root: str | None) -> frozenset[int]:
    """Positions of the thread's own posts: the root, and its author's posts continuing it.

    A dump of replies usually includes the post answered; it is what the replies are about,
    not one of them, and neither are the author's own follow-ups (``2/5`` answering ``1/5``).
    """
    if root is None:
        return frozenset()
    ids = {root}
    author = next((Account(p.author, p.author_kind) for p in posts
                   if p.post_id == root and p.author), None)
    found: set[int] = set()
    for position, post in enumerate(posts):
        if post.post_id == root or (
            author is not None and post.author == author.name
            and post.author_kind == author.kind and post.reply_to in ids
        ):
            found.add(position)
            if post.post_id:
                ids.add(post.post_id)
    return frozenset(found)


def _clusters(groups: Sequence[Sequence[int]], context: Context) -> tuple[Cluster, ...]:
    scored = []
    for number, members in enumerate(groups):
        result = score_group(members, context, context.grouping.network_of(number))
        ordered = tuple(sorted(members))
        accounts = tuple(dict.fromkeys(context.owners[i] for i in ordered))
        scored.append((result, accounts, ordered))
    scored.sort(key=lambda item: (not item[0].coordinated, -item[0].score, item[2][0]))
    return tuple(
        Cluster(
            id=number,
            verdict=ClusterVerdict.COORDINATED if result.coordinated else ClusterVerdict.ORGANIC,
            score=result.score,
            accounts=tuple(account.name for account in accounts),
            replies=members,
            reasons=result.reasons,
            imitates=result.imitates,
            account_kinds=tuple(account.kind for account in accounts),
        )
        for number, (result, accounts, members) in enumerate(scored, start=1)
    )


def _accounts(
    posts: Sequence[Post], owners: Sequence[Account], clusters: Sequence[Cluster],
    times: signals.PostTimes, skip: frozenset[int],
) -> tuple[AccountSummary, ...]:
    """Accounts in a cluster or with evidence of their own, highest score first."""
    cluster_of: dict[Account, Cluster] = {}
    for item in clusters:  # coordinated and highest-scoring first: each account's worst
        for account in members_of(item):
            cluster_of.setdefault(account, item)
    positions: dict[Account, list[int]] = defaultdict(list)
    for position in range(len(posts)):
        if position not in skip:
            positions[owners[position]].append(position)
    summaries = []
    for account, own in positions.items():
        reasons = _own_reasons(account, own, posts, times)
        cluster = cluster_of.get(account)
        if cluster is not None and cluster.verdict is ClusterVerdict.COORDINATED:
            reasons.append(Reason(
                codes.COORDINATED_CLUSTER, cluster.score,
                f"member of coordinated cluster {cluster.id}",
            ))
        if cluster is None and not reasons:
            continue
        summaries.append(AccountSummary(
            handle=account.name,
            replies=tuple(own),
            cluster=cluster.id if cluster else None,
            score=total(reasons),
            reasons=tuple(reasons),
            created_at=posts[own[0]].author_created_at,
            status=posts[own[0]].author_status,
            author_kind=account.kind,
        ))
    summaries.sort(key=lambda s: (-s.score, s.replies[0]))
    return tuple(summaries)


def _own_reasons(
    account: Account, own: Sequence[int], posts: Sequence[Post], times: signals.PostTimes
) -> list[Reason]:
    """The account's own evidence, over its posts at positions ``own``."""
    found = (signals.machine_handle(*account), times.first_young(own), times.first_fast(posts, own),
             signals.taken_down_account(posts[own[0]]))
    return [reason for reason in found if reason is not None]


def _edges(net: Network, acts: Actions, clusters: Sequence[Cluster]) -> tuple[NetworkEdge, ...]:
    """The network's pairs as edges between handles, each with its co-actions and objects."""
    cluster_of: dict[Account, int] = {}
    for item in clusters:
        for account in members_of(item):
            cluster_of.setdefault(account, item.id)
    edges = []
    for (a, b), pair in net.pairs.items():
        source, target = sorted((acts.handles[a], acts.handles[b]),
                                key=lambda account: (account.name, account.kind or ""))
        co_actions = tuple(
            CoAction(KINDS[kind], weight, tuple(pair.objects[kind]))
            for kind, weight in enumerate(pair.weights)
            if weight
        )
        together = cluster_of.get(source)
        edges.append(NetworkEdge(
            source=source.name,
            target=target.name,
            weight=sum(pair.weights),
            co_actions=co_actions,
            cluster=together if together is not None and together == cluster_of.get(target)
            else None,
            source_kind=source.kind,
            target_kind=target.kind,
        ))
    edges.sort(key=lambda e: (-e.weight, e.source, e.target))
    return tuple(edges)
