"""The JSON shapes of ``CONTRACT.md``, built once and shared by every format.

Scripts parse these: a field named in the contract keeps its name and meaning. Formats other
than JSON (CSV rows, STIX objects, HTML) start from these dictionaries too, so that every
output says the same thing.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from typing import Any

from threadscope.models import (
    AccountSummary,
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Cluster,
    Post,
    Reassembly,
    Thread,
)


def to_data(value: Any) -> Any:
    """Dataclasses, enums and tuples → plain JSON-ready values."""
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    return value


def post_data(post: Post, links: Sequence[int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "index": post.index,
        "total": post.total,
        "text": post.text,
        "line": post.line,
    }
    if links is not None:
        data["links"] = list(links)
    optional = {
        "author": post.author,
        "author_kind": post.author_kind,
        "post_id": post.post_id,
        "reply_to": post.reply_to,
        "created_at": post.created_at,
        "urls": list(post.urls) or None,
        "card_title": post.card_title,
        "edited_at": post.edited_at,
        "edited_away": list(post.edited_away) or None,
        "alt_text": list(post.alt_text) or None,
        "author_status": post.author_status,
        "author_labels": list(post.author_labels) or None,
        "platform": post.platform,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def thread_data(
    thread: Thread, post_links: dict[tuple[int, int], tuple[int, ...]] | None = None
) -> dict[str, Any]:
    posts = [
        post_data(post, None if post_links is None else post_links.get((thread.id, i), ()))
        for i, post in enumerate(thread.posts)
    ]
    return {
        "id": thread.id,
        "author": thread.author,
        "author_kind": thread.author_kind,
        "total": thread.total,
        "declared_totals": list(thread.declared_totals),
        "posts": posts,
        "missing": list(thread.missing),
        "duplicates": list(thread.duplicates),
        "trailing": thread.trailing,
        "head_missing": thread.head_missing,
    }


def reassembly_data(result: Reassembly) -> dict[str, Any]:
    return {
        "source": result.source,
        "format": result.format,
        "threads": [thread_data(thread) for thread in result.threads],
        "unthreaded": list(result.unthreaded),
    }


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The contract's shape of one assessment: ``Assessment.to_dict`` (one place for it;
    tests/assessment/test_serialise_equivalence.py compares it with the generic walk)."""
    return assessment.to_dict()


def audit_summary(report: AuditReport) -> dict[str, Any]:
    verdicts = dict.fromkeys(("lookalike", "suspicious", "benign", "official", "invalid"), 0)
    for link in report.links:
        verdicts[link.verdict.value] += 1
    return {
        "threads": len(report.threads),
        "posts": sum(len(thread.posts) for thread in report.threads),
        "links": len(report.links),
        "verdicts": verdicts,
        "flagged": report.flagged,
        "imitated": sorted(
            {link.imitates for link in report.links if link.imitates and link.verdict.flagged}
        ),
    }


def found_in(report: AuditReport) -> dict[int, list[dict[str, Any]]]:
    """Index into ``links`` → every post that holds it: the posts of the threads in thread
    order (``thread``, ``post`` index), then the dump's records in no thread (both null), each
    named by ``line``, ``post_id``, ``author`` and ``author_kind`` (null where the dump has
    none). A link only pasted text outside the threads holds is in none: no key."""
    found: dict[int, list[dict[str, Any]]] = {}
    threads = {thread.id: thread for thread in report.threads}
    for (thread_id, position), indices in sorted(report.post_links.items()):
        post = threads[thread_id].posts[position]
        for index in indices:
            found.setdefault(index, []).append(_where(post, thread_id, post.index))
    for post, indices in report.outside_post_links:
        for index in indices:
            found.setdefault(index, []).append(_where(post, None, None))
    return found


def _where(post: Post, thread_id: int | None, index: int | None) -> dict[str, Any]:
    return {"thread": thread_id, "post": index, "line": post.line, "post_id": post.post_id,
            "author": post.author, "author_kind": post.author_kind}


def found_in_fields(
    found: dict[int, list[dict[str, Any]]], index: int, first: bool
) -> dict[str, Any]:
    """A link's ``found_in`` (every post that holds it), or with ``first`` (``--found-in
    first``) the first of them and ``found_in_count``, how many there are."""
    places = found.get(index, [])
    if not first:
        return {"found_in": places}
    return {"found_in": places[:1], "found_in_count": len(places)}


def audit_data(report: AuditReport, *, first: bool = False) -> dict[str, Any]:
    """The audit's document; ``first``: each link's ``found_in`` cut to its first post
    (``found_in_fields``)."""
    found = found_in(report)
    return {
        "source": report.source,
        "threads": [thread_data(thread, report.post_links) for thread in report.threads],
        "links": [{**assessment_data(link), "expands_to": report.expands_to.get(index),
                   **found_in_fields(found, index, first)}
                  for index, link in enumerate(report.links)],
        "unthreaded": list(report.unthreaded),
        **({"unlinked_cards": [to_data(card) for card in report.unlinked_cards]}
           if report.unlinked_cards else {}),
        "summary": audit_summary(report),
    }


def cluster_data(cluster: Cluster) -> dict[str, Any]:
    """``platform_labels`` only where a platform said something of the accounts."""
    data: dict[str, Any] = to_data(cluster)
    if not data["platform_labels"]:
        del data["platform_labels"]
    return data


def account_data(account: AccountSummary) -> dict[str, Any]:
    """``status`` only where the dump said what became of the account (a Jetstream log),
    ``platform_labels`` only where the platform said something of it."""
    data: dict[str, Any] = to_data(account)
    if data["status"] is None:
        del data["status"]
    if not data["platform_labels"]:
        del data["platform_labels"]
    return data


def bots_data(report: BotReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "replies": report.replies,
        "clusters": [cluster_data(cluster) for cluster in report.clusters],
        "accounts": [account_data(account) for account in report.accounts],
        "links": [assessment_data(link) for link in report.links],
        "network": network_data(report),
    }


def network_data(report: BotReport) -> dict[str, Any]:
    """The coordination network: its settings and every edge, with the co-actions behind it."""
    return {
        "window": dict(report.window),
        "min_repeats": report.min_repeats,
        "edges": [to_data(edge) for edge in report.network],
    }


def brand_data(brand: Brand) -> dict[str, Any]:
    data: dict[str, Any] = to_data(brand)
    return data
