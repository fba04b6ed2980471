"""Replies → ``BotReport``: assess links, group, score, summarise each account.

The pipeline is linear in the number of replies: links are assessed once per distinct link,
texts are compared through LSH buckets (``minhash``), links and accounts are joined by key
(``cluster``), and each group is scored once (``score``).
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime

from threadscope.assessment import BrandRegistry, default_registry
from threadscope.assessment.score import total
from threadscope.bots import signals
from threadscope.bots.cluster import account_of, group
from threadscope.bots.links import assess_links
from threadscope.bots.score import Context, score_group
from threadscope.models import (
    AccountSummary,
    BotReport,
    Cluster,
    ClusterVerdict,
    NetworkOptions,
    Reason,
    Reply,
)


def detect(
    replies: Sequence[Reply],
    *,
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    source: str = "<text>",
    context: Sequence[Reply] = (),
    warnings: Sequence[str] = (),
) -> BotReport:
    """Find clusters of coordinated accounts among ``replies`` (network None: offline).

    ``context``: posts shown for context only (the post answered), used for its time.
    Clusters and accounts refer to replies by their position in ``replies``.
    """
    registry = registry or default_registry()
    linked = assess_links(replies, registry, network)
    original = original_time([*context, *replies])
    with _no_cyclic_gc():  # not around the network: httpx and asyncio do make cycles
        grouping = group(replies, linked, original)
        clusters = _clusters(grouping.groups, Context(replies, grouping, linked, original))
        accounts = _accounts(replies, clusters, original)
    return BotReport(
        source=source,
        replies=len(replies),
        clusters=clusters,
        accounts=accounts,
        links=linked.assessments,
        warnings=tuple(warnings),
    )


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while building millions of small tuples and sets.

    Nothing here makes reference cycles, but each gen-2 pass walks the whole heap, which made
    100,000 replies 40 % slower and the cost grow faster than the input. Restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def original_time(replies: Sequence[Reply]) -> datetime | None:
    """When the post most replies answer was made, if that post is in the dump."""
    answered: dict[str, int] = defaultdict(int)
    for reply in replies:
        if reply.reply_to:
            answered[reply.reply_to] += 1
    if not answered:
        return None
    by_id = {reply.post_id: reply for reply in replies if reply.post_id}
    for post_id in sorted(answered, key=lambda key: -answered[key]):
        if post_id in by_id:
            return signals.parse_time(by_id[post_id].created_at)
    return None


def _clusters(groups: Sequence[Sequence[int]], context: Context) -> tuple[Cluster, ...]:
    scored = []
    for members in groups:
        result = score_group(members, context)
        accounts = tuple(dict.fromkeys(account_of(context.replies[i]) for i in sorted(members)))
        scored.append((result, accounts, tuple(sorted(members))))
    scored.sort(key=lambda item: (not item[0].coordinated, -item[0].score, item[2][0]))
    return tuple(
        Cluster(
            id=number,
            verdict=ClusterVerdict.COORDINATED if result.coordinated else ClusterVerdict.ORGANIC,
            score=result.score,
            accounts=accounts,
            replies=members,
            reasons=result.reasons,
            imitates=result.imitates,
        )
        for number, (result, accounts, members) in enumerate(scored, start=1)
    )


def _accounts(
    replies: Sequence[Reply], clusters: Sequence[Cluster], original: datetime | None
) -> tuple[AccountSummary, ...]:
    """Accounts in a cluster or with evidence of their own, highest score first."""
    cluster_of: dict[str, Cluster] = {}
    for item in clusters:  # coordinated and highest-scoring first: each account's worst
        for handle in item.accounts:
            cluster_of.setdefault(handle, item)
    by_account: dict[str, list[Reply]] = defaultdict(list)
    positions: dict[str, list[int]] = defaultdict(list)
    for position, reply in enumerate(replies):
        by_account[account_of(reply)].append(reply)
        positions[account_of(reply)].append(position)
    summaries = []
    for handle, own in by_account.items():
        reasons = _own_reasons(handle, own, original)
        cluster = cluster_of.get(handle)
        if cluster is not None and cluster.verdict is ClusterVerdict.COORDINATED:
            reasons.append(Reason(
                "coordinated-cluster", cluster.score, f"member of coordinated cluster {cluster.id}"
            ))
        if cluster is None and not reasons:
            continue
        summaries.append(AccountSummary(
            handle=handle,
            replies=tuple(positions[handle]),
            cluster=cluster.id if cluster else None,
            score=total(reasons),
            reasons=tuple(reasons),
            created_at=own[0].author_created_at,
        ))
    summaries.sort(key=lambda s: (-s.score, s.replies[0]))
    return tuple(summaries)


def _own_reasons(handle: str, own: Sequence[Reply], original: datetime | None) -> list[Reason]:
    found = [signals.machine_handle(handle)]
    found.append(next((r for r in map(signals.young_account, own) if r), None))
    found.append(next((r for r in (signals.fast_reply(x, original) for x in own) if r), None))
    return [reason for reason in found if reason is not None]
