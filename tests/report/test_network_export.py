"""The account network for Gephi and networkx: GraphML read back by networkx, CSV by csv."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from threadscope.bots import detect
from threadscope.errors import UsageError
from threadscope.ingest.replies import open_replies
from threadscope.models import BotReport, CoAction, NetworkEdge
from threadscope.report.network_export import (
    graph_format,
    nodes_path,
    to_csv,
    to_graphml,
    write_graph,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots"


@pytest.fixture(scope="module")
def report() -> BotReport:
    return detect(open_replies(str(FIXTURES / "activity_qut.csv")))


def test_graphml_reads_back_in_networkx_with_weights_and_reasons(report: BotReport) -> None:
    graph = nx.read_graphml(io.StringIO(to_graphml(report)))
    assert not graph.is_directed()
    assert graph.number_of_edges() == len(report.network)
    edge = report.network[0]
    data = graph.edges[edge.source, edge.target]
    assert data["weight"] == edge.weight
    assert data[edge.co_actions[0].kind.replace("-", "_")] == edge.co_actions[0].weight
    assert data["reasons"].startswith(f"{edge.co_actions[0].kind} ×")
    assert "within 60 s" in data["reasons"]
    flagged = next(c for c in report.clusters if c.verdict.value == "coordinated")
    node = graph.nodes[flagged.accounts[0]]
    assert node["verdict"] == "coordinated" and node["cluster"] == flagged.id
    assert node["label"] == "@" + flagged.accounts[0]


def test_a_coordinated_team_is_one_dense_component(report: BotReport) -> None:
    graph = nx.read_graphml(io.StringIO(to_graphml(report)))
    team = next(c for c in report.clusters
                if any(r.code == "co-retweet" for r in c.reasons) and c.score >= 65)
    sub = graph.subgraph(team.accounts)
    assert nx.is_connected(sub) and nx.density(sub) > 0.5


def test_node_and_edge_csv_use_gephi_columns(report: BotReport) -> None:
    nodes, edges = to_csv(report)
    node_rows = list(csv.DictReader(io.StringIO(nodes)))
    edge_rows = list(csv.DictReader(io.StringIO(edges)))
    assert len(edge_rows) == len(report.network)
    assert {"Source", "Target", "Type", "Weight", "co_retweet", "reasons"} <= set(edge_rows[0])
    assert edge_rows[0]["Type"] == "Undirected"
    ids = {row["Id"] for row in node_rows}
    assert all(row["Source"] in ids and row["Target"] in ids for row in edge_rows)


def test_hostile_handles_and_text_keep_the_xml_valid() -> None:
    evil = "bad\x1b[31m\x00<script>&"
    edge = NetworkEdge(evil, "ok", 2, (CoAction("co-text", 2, ("“\x07ring\ud800”",)),))
    report = BotReport("x", 2, (), (), network=(edge,), window={"co-text": 60.0})
    text = to_graphml(report)
    ET.fromstring(text.encode("utf-8"))  # parses: no control bytes, escaped markup
    graph = nx.read_graphml(io.StringIO(text))
    assert graph.number_of_edges() == 1
    assert any("\\x1b" in node for node in graph.nodes)
    nodes, edges = to_csv(report)
    assert "\x1b" not in nodes + edges and "\x00" not in nodes + edges


def test_a_bidi_override_in_a_handle_is_shown_not_obeyed_as_in_the_csv() -> None:
    reversed_handle = "admin\u202egnp.evil"  # a viewer would draw "adminlive.png"
    edge = NetworkEdge(reversed_handle, "ok", 2, (CoAction("co-text", 2, ("x\u2066y",)),))
    report = BotReport("x", 2, (), (), network=(edge,), window={"co-text": 60.0})
    text = to_graphml(report)
    assert "\u202e" not in text and "\u2066" not in text
    graph = nx.read_graphml(io.StringIO(text))
    nodes, _ = to_csv(report)
    assert set(graph.nodes) == {row["Id"] for row in csv.DictReader(io.StringIO(nodes))}
    assert "admin\\u202egnp.evil" in graph.nodes


def test_the_file_type_comes_from_the_extension(tmp_path: Path, report: BotReport) -> None:
    assert graph_format("net.GRAPHML") == "graphml" and graph_format("net.csv") == "csv"
    with pytest.raises(UsageError):
        graph_format("net.gexf")
    assert nodes_path(str(tmp_path / "net.csv")) == str(tmp_path / "net.nodes.csv")
    written = write_graph(report, str(tmp_path / "net.csv"))
    assert [Path(p).name for p in written] == ["net.csv", "net.nodes.csv"]


def test_an_accounts_status_is_a_node_attribute(report: BotReport) -> None:
    """What became of an account (taken down, suspended) colours a Gephi graph: a node key
    and the node CSV's last column, where the dump says."""
    import dataclasses

    flagged = next(c for c in report.clusters if c.verdict.value == "coordinated")
    handle = flagged.accounts[0]
    accounts = tuple(dataclasses.replace(a, status="takendown") if a.handle == handle else a
                     for a in report.accounts)
    marked = dataclasses.replace(report, accounts=accounts)
    graph = nx.read_graphml(io.StringIO(to_graphml(marked)))
    assert graph.nodes[handle]["status"] == "takendown"
    assert "status" not in graph.nodes[flagged.accounts[1]]
    rows = {row["Id"]: row for row in csv.DictReader(io.StringIO(to_csv(marked)[0]))}
    assert rows[handle]["status"] == "takendown" and rows[flagged.accounts[1]]["status"] == ""
