"""The JSON shapes of ``CONTRACT.md``, under the names every format calls them by.

Scripts parse these: a field named in the contract keeps its name and meaning. The shapes
are built by the records themselves (``to_dict`` in ``threadscope.models``: one
implementation, which a script importing the library calls too); these functions are the
report layer's names for them. Formats other than JSON (CSV rows, STIX objects, HTML) start
from the same records, so that every output says the same thing.
"""

from __future__ import annotations

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
    found_in_fields,
    to_data,
)

__all__ = [
    "account_data",
    "assessment_data",
    "audit_data",
    "audit_summary",
    "bots_data",
    "brand_data",
    "cluster_data",
    "found_in",
    "found_in_fields",
    "network_data",
    "post_data",
    "reassembly_data",
    "thread_data",
    "to_data",
]


def post_data(post: Post, links: Sequence[int] | None = None) -> dict[str, Any]:
    return post.to_dict(links)


def thread_data(
    thread: Thread, post_links: dict[tuple[int, int], tuple[int, ...]] | None = None
) -> dict[str, Any]:
    return thread.to_dict(post_links)


def reassembly_data(result: Reassembly) -> dict[str, Any]:
    return result.to_dict()


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The contract's shape of one assessment: ``Assessment.to_dict`` (one place for it;
    tests/assessment/test_serialise_equivalence.py compares it with the generic walk)."""
    return assessment.to_dict()


def audit_summary(report: AuditReport) -> dict[str, Any]:
    return report.summary()


def found_in(report: AuditReport) -> dict[int, list[dict[str, Any]]]:
    """``AuditReport.found_in``: index into ``links`` → every post that holds it."""
    return report.found_in()


def audit_data(report: AuditReport, *, first: bool = False, lazy: bool = False) -> dict[str, Any]:
    """``AuditReport.to_dict``; ``first``: each link's ``found_in`` cut to its first post;
    ``lazy``: the links' rows made as they are written (``LinkRows``)."""
    return report.to_dict(first=first, lazy=lazy)


def cluster_data(cluster: Cluster) -> dict[str, Any]:
    return cluster.to_dict()


def account_data(account: AccountSummary) -> dict[str, Any]:
    return account.to_dict()


def bots_data(report: BotReport) -> dict[str, Any]:
    return report.to_dict()


def network_data(report: BotReport) -> dict[str, Any]:
    """The coordination network: its settings and every edge, with the co-actions behind it."""
    return report.network_dict()


def brand_data(brand: Brand) -> dict[str, Any]:
    data: dict[str, Any] = to_data(brand)
    return data
