"""The account network of a ``BotReport`` for Gephi and networkx: GraphML, or node and edge CSV.

Nodes are accounts (every account on an edge or in a cluster), with their cluster, its verdict
and score, the account's own score and reasons, how many posts it made, its ``status`` where
the dump says what became of it (taken down, suspended, …), and what the platform says of it
(``platform_labels``, ``; ``-joined, empty where it said nothing). Edges are the
coordination network's pairs, undirected, with ``weight`` (occasions in all kinds), one weight
column per kind (``co_retweet``, ``co_reply``, ``co_link``, ``co_text``), the cluster both ends
are in, and ``reasons``: one readable sentence per kind with the objects co-acted on.

GraphML is written with the standard library's ElementTree (escaping is its job); characters
XML 1.0 cannot carry (control bytes from attacker text) are shown as ``\\xNN`` first, so the
file always parses, and bidi overrides as escapes too, as in the CSV pair. The CSV pair uses
Gephi's spreadsheet import column names (``Id``, ``Label`` for nodes; ``Source``, ``Target``,
``Type``, ``Weight`` for edges), with cells made safe for spreadsheets as in ``--format csv``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadscope.authors import Account, author_label, members_of
from threadscope.errors import InputError, UsageError
from threadscope.models import AuthorKind, BotReport, Cluster, CoAction, NetworkEdge
from threadscope.report.csv_format import Cell, rows_to_csv
from threadscope.textsafe import visible

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
KIND_COLUMNS = ("co_retweet", "co_reply", "co_link", "co_text")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Node:
    handle: str
    cluster: int | None
    verdict: str | None
    cluster_score: int | None
    score: int
    posts: int
    created_at: str | None
    reasons: str
    kind: AuthorKind | None = None
    """What ``handle`` is (``Post.author_kind``): only a handle is labelled ``@handle``."""
    id: str = ""
    """The node's id: the handle, but for a display name or an id that reads like another
    account's handle in the same report, which gets its kind beside it (``anna (name)``)."""
    status: str | None = None
    """What became of the account where the dump says (``AccountSummary.status``)."""
    platform_labels: str = ""
    """What the platform says of the account (``AccountSummary.platform_labels``), joined by
    ``; `` as the ``bots`` CSV writes them; "" where it said nothing."""
    account_id: str | None = None
    """The account's stable id (``AccountSummary.account_id``), None where the dump has none."""


def graph_format(path: str) -> str:
    """The export format from the file's extension: ``.graphml`` or ``.csv``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".graphml":
        return "graphml"
    if suffix == ".csv":
        return "csv"
    raise UsageError(f"--graph {path}: name a .graphml or a .csv file")


def nodes_path(path: str) -> str:
    """Where the node table goes beside an edge CSV: ``net.csv`` → ``net.nodes.csv``."""
    file = Path(path)
    return str(file.with_name(f"{file.stem}.nodes.csv"))


def graph_files(path: str) -> tuple[str, ...]:
    """The files ``write_graph`` writes for ``path``: it, and beside an edge CSV its nodes."""
    return (path,) if graph_format(path) == "graphml" else (path, nodes_path(path))


def write_graph(report: BotReport, path: str) -> tuple[str, ...]:
    """Write the network to ``path`` (format from the extension); the files written."""
    if graph_format(path) == "graphml":
        _write(path, to_graphml(report))
        return (path,)
    nodes, edges = to_csv(report)
    _write(path, edges)
    _write(nodes_path(path), nodes)
    return graph_files(path)


def _write(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise InputError(f"{path}: cannot write ({error.strerror or error})") from error


def nodes(report: BotReport) -> list[Node]:
    """Accounts on an edge or in a cluster, in the report's order."""
    clusters: dict[int, Cluster] = {cluster.id: cluster for cluster in report.clusters}
    summaries = {Account(account.handle, account.author_kind, account.account_id): account
                 for account in report.accounts}
    handles: dict[Account, None] = {}
    first: dict[Account, int] = {}
    for item in report.clusters:
        handles.update(dict.fromkeys(members_of(item)))
        for account in members_of(item):
            first.setdefault(account, item.id)
    for edge in report.network:
        handles.update(dict.fromkeys(edge_ends(edge)))
    counts = Counter(account.name for account in handles)
    found = []
    for account in handles:
        summary = summaries.get(account)
        number = summary.cluster if summary else first.get(account)
        cluster = clusters.get(number) if number is not None else None
        found.append(Node(
            handle=account.name,
            cluster=number,
            verdict=cluster.verdict.value if cluster else None,
            cluster_score=cluster.score if cluster else None,
            score=summary.score if summary else 0,
            posts=len(summary.replies) if summary else 0,
            created_at=summary.created_at if summary else None,
            reasons="; ".join(r.detail for r in summary.reasons) if summary else "",
            kind=account.kind,
            id=node_id(account, counts[account.name] > 1),
            status=summary.status if summary else None,
            platform_labels="; ".join(summary.platform_labels) if summary else "",
            account_id=account.id,
        ))
    return found


def edge_ends(edge: NetworkEdge) -> tuple[Account, Account]:
    return (Account(edge.source, edge.source_kind, edge.source_id),
            Account(edge.target, edge.target_kind, edge.target_id))


def node_id(account: Account, clash: bool) -> str:
    """The account's text, with its id (else its kind) beside it where another account of
    the report reads the same (``clash``: a display name ``anna`` beside the handle
    ``anna``, or two accounts that held the handle ``anna`` one after the other): two
    nodes."""
    if not clash:
        return account.name
    return f"{account.name} (id {account.id})" if account.id else \
        f"{account.name} ({account.kind or 'unknown'})"


def edge_reasons(edge: NetworkEdge, window: dict[str, float]) -> str:
    """One sentence per kind of co-action: ``co-retweet ×5 within 60 s: post 17, post 18``."""
    return "; ".join(_co_action_reason(item, window) for item in edge.co_actions)


def _co_action_reason(item: CoAction, window: dict[str, float]) -> str:
    seconds = window.get(item.kind)
    within = f" within {seconds:g} s" if seconds is not None else ""
    objects = f": {', '.join(item.objects)}" if item.objects else ""
    return f"{item.kind} ×{item.weight}{within}{objects}"


def _kind_weights(edge: NetworkEdge) -> list[int]:
    weights = {item.kind.replace("-", "_"): item.weight for item in edge.co_actions}
    return [weights.get(column, 0) for column in KIND_COLUMNS]


def _clean(value: Any) -> str:
    """Shown as the CSV pair shows it (bidi overrides and controls as escapes: a graph
    viewer would otherwise draw a handle reversed), and never a character XML cannot carry."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", visible(str(value)))


def to_graphml(report: BotReport) -> str:
    """GraphML 1.0: typed keys, one ``node`` per account, one undirected ``edge`` per pair."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    node_keys: tuple[tuple[str, str], ...] = (
        ("label", "string"), ("cluster", "int"), ("verdict", "string"),
        ("cluster_score", "int"), ("score", "int"), ("posts", "int"),
        ("created_at", "string"), ("reasons", "string"), ("author_kind", "string"),
        ("status", "string"), ("platform_labels", "string"))
    all_nodes = nodes(report)
    edge_keys = (("weight", "int"), *((c, "int") for c in KIND_COLUMNS), ("cluster", "int"),
                 ("reasons", "string"))
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys:
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {
                "id": f"{domain[0]}_{name}", "for": domain, "attr.name": name,
                "attr.type": kind,
            })
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {
        "id": "coordination", "edgedefault": "undirected"})
    for node in all_nodes:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": _clean(node.id)})
        _data(element, "n", {
            "label": author_label(node.handle, node.kind), "cluster": node.cluster,
            "verdict": node.verdict,
            "cluster_score": node.cluster_score, "score": node.score, "posts": node.posts,
            "created_at": node.created_at, "reasons": node.reasons, "author_kind": node.kind,
            "status": node.status, "platform_labels": node.platform_labels,
        })
    ids = _ids(all_nodes)
    for edge in report.network:
        source, target = (ids[end] for end in edge_ends(edge))
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {
            "source": _clean(source), "target": _clean(target)})
        values: dict[str, Any] = {"weight": edge.weight}
        values.update(zip(KIND_COLUMNS, _kind_weights(edge), strict=True))
        values.update({"cluster": edge.cluster, "reasons": edge_reasons(edge, report.window)})
        _data(element, "e", values)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _ids(found: Iterable[Node]) -> dict[Account, str]:
    return {Account(node.handle, node.kind, node.account_id): node.id for node in found}


def _data(element: ET.Element, prefix: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is None or value == "":
            continue
        item = ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": f"{prefix}_{name}"})
        item.text = _clean(value)


def to_csv(report: BotReport) -> tuple[str, str]:
    """(nodes CSV, edges CSV) with Gephi's column names."""
    all_nodes = nodes(report)
    ids = _ids(all_nodes)
    node_rows: list[Sequence[Cell]] = [(
        "Id", "Label", "cluster", "verdict", "cluster_score", "score", "posts", "created_at",
        "reasons", "author_kind", "status", "platform_labels")]
    node_rows += [
        (n.id, n.handle, n.cluster, n.verdict, n.cluster_score, n.score,
         n.posts, n.created_at, n.reasons, n.kind, n.status, n.platform_labels)
        for n in all_nodes
    ]
    edge_rows: list[Sequence[Cell]] = [(
        "Source", "Target", "Type", "Weight", *KIND_COLUMNS, "cluster", "reasons")]
    edge_rows += [
        (*(ids[end] for end in edge_ends(e)), "Undirected", e.weight, *_kind_weights(e),
         e.cluster, edge_reasons(e, report.window))
        for e in report.network
    ]
    return rows_to_csv(node_rows), rows_to_csv(edge_rows)
