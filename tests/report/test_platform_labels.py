"""Every format shows what the platforms say about the accounts, beside the scores: ``bots``
of each account and cluster, ``thread`` and ``audit`` of each post's author."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import stix2
from click.testing import CliRunner
from stix2validator import ValidationOptions, validate_string

from tests.bots.test_platform_labels import team
from threadscope import audit, detect, open_replies
from threadscope.cli import cli
from threadscope.models import AuditReport, BotReport, Reassembly
from threadscope.report import Format, formatter
from threadscope.report.markdown_format import MENTION_BREAK
from threadscope.report.network_export import to_graphml

BOT = "Mastodon: marked as automated (bot)"


def _written(path: Path, dump: Any) -> Path:
    path.write_text(json.dumps(dump), "utf-8")
    return path


@pytest.fixture()
def labelled(tmp_path: Path) -> Path:
    return _written(tmp_path / "labelled.json", team(labelled=True))


@pytest.fixture()
def plain(tmp_path: Path) -> Path:
    return _written(tmp_path / "plain.json", team(labelled=False))


def run(path: Path, *options: str, columns: int = 200) -> str:
    result = CliRunner().invoke(cli, ["bots", "--offline", str(path), *options],
                                env={"COLUMNS": str(columns)})
    return result.output


def test_json_gives_accounts_and_clusters_their_platform_labels(labelled: Path,
                                                                 plain: Path) -> None:
    data = json.loads(run(labelled, "--format", "json"))
    accounts = {a["handle"]: a for a in data["accounts"]}
    assert accounts["voter1@example.social"]["platform_labels"] == [BOT]
    assert "platform_labels" not in accounts["voter4@example.social"]  # said only where said
    assert data["clusters"][0]["platform_labels"][0] == f"{BOT}, 3 of 5 accounts"
    bare = json.loads(run(plain, "--format", "json"))
    assert "platform_labels" not in json.dumps(bare)
    for item in (*data["accounts"], *data["clusters"]):
        item.pop("platform_labels", None)
    # nothing else changed: no score, no verdict, no reason
    assert {**data, "source": ""} == {**bare, "source": ""}


def test_csv_has_a_last_column_of_labels(labelled: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(labelled, "--format", "csv"))))
    assert list(rows[0])[-1] == "platform_labels"
    by_account = {row["account"]: row["platform_labels"] for row in rows}
    assert by_account["voter0@example.social"] == f"{BOT}; Mastodon: group account"
    assert by_account["voter4@example.social"] == ""


def test_the_table_and_the_entries_say_it(labelled: Path, plain: Path) -> None:
    table = run(labelled)
    clusters, accounts = table.split("\nAccounts\n")
    assert f"platform says: {BOT}, 3 of 5 accounts" in clusters
    assert "platform says" in accounts.splitlines()[1]
    assert BOT in next(line for line in accounts.splitlines() if "voter1" in line)
    narrow = run(labelled, columns=60)
    assert f"platform says: {BOT}" in narrow.split("\nAccounts\n")[1]
    assert "platform says" not in run(plain) + run(plain, columns=60)


def test_markdown_and_html_say_it(labelled: Path, plain: Path) -> None:
    markdown = run(labelled, "--format", "markdown")
    assert "| platform says |" in markdown and f"platform says: {BOT}, 3 of 5" in markdown
    html = run(labelled, "--format", "html")
    assert "<th>platform says</th>" in html and f"{BOT}, 3 of 5 accounts" in html
    assert "platform says" not in run(plain, "--format", "markdown")
    assert "platform says" not in run(plain, "--format", "html")


# --------------------------------------------------------------------------- bots exports

def test_stix_notes_each_labelled_account_and_parses_without_custom_content(
        labelled: Path, plain: Path) -> None:
    """A ``note`` about the ``user-account``, not a custom property: ``stix2.parse`` refuses
    custom content by default, and so may a consumer's platform."""
    text = run(labelled, "--format", "stix")
    bundle = stix2.parse(text, allow_custom=False)
    assert validate_string(text, ValidationOptions(version="2.1")).is_valid
    accounts = {o.id: o for o in bundle.objects if o.type == "user-account"}
    notes = [o for o in bundle.objects if o.type == "note"]
    noted = {accounts[ref].account_login: note.content
             for note in notes for ref in note.object_refs}
    assert noted["voter0@example.social"] == f"{BOT}\nMastodon: group account"
    assert noted["voter1@example.social"] == BOT and "voter4@example.social" not in noted
    assert all(note.abstract.startswith("platform says of @voter") for note in notes)
    [grouping] = [o for o in bundle.objects if o.type == "grouping"]
    assert f"platform says: {BOT}, 3 of 5 accounts" in grouping.description
    bare = run(plain, "--format", "stix")
    assert "note" not in {o.type for o in stix2.parse(bare, allow_custom=False).objects}
    assert "platform says" not in bare


def test_misp_says_it_in_the_account_description_and_the_annotation(
        labelled: Path, plain: Path) -> None:
    event = json.loads(run(labelled, "--format", "misp"))["Event"]
    described = {
        _relation(made, "username"): _relation(made, "description")
        for made in event["Object"] if made["name"] == "user-account"}
    assert described["voter0@example.social"].endswith(
        f"; platform says: {BOT}; Mastodon: group account.")
    assert "platform says" not in described["voter4@example.social"]
    [note] = [made for made in event["Object"] if made["name"] == "annotation"]
    assert f"platform says: {BOT}, 3 of 5 accounts" in _relation(note, "text")
    assert "platform says" not in run(plain, "--format", "misp")


def _relation(made: dict[str, Any], relation: str) -> str:
    return next(str(a["value"]) for a in made["Attribute"] if a["object_relation"] == relation)


def test_the_graph_gives_platform_labels_to_the_accounts_that_have_them(
        labelled: Path, plain: Path, tmp_path: Path) -> None:
    graph = tmp_path / "net.graphml"
    run(labelled, "--format", "json", "--graph", str(graph))
    root = ET.parse(graph).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    [key] = [k for k in root.findall("g:key", ns) if k.get("attr.name") == "platform_labels"]
    assert (key.get("id"), key.get("for"), key.get("attr.type")) == (
        "n_platform_labels", "node", "string")
    said = {node.get("id"): {d.get("key"): d.text for d in node.findall("g:data", ns)}
            for node in root.findall("g:graph/g:node", ns)}
    assert said["voter0@example.social"]["n_platform_labels"] == (
        f"{BOT}; Mastodon: group account")
    assert "n_platform_labels" not in said["voter4@example.social"]
    edges = tmp_path / "net.csv"
    run(labelled, "--format", "json", "--graph", str(edges))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "net.nodes.csv").read_text("utf-8"))))
    assert list(rows[0])[-1] == "platform_labels"
    assert {r["Id"]: r["platform_labels"] for r in rows}["voter1@example.social"] == BOT
    run(plain, "--format", "json", "--graph", str(graph))
    run(plain, "--format", "json", "--graph", str(edges))
    assert "<data key=\"n_platform_labels\"" not in graph.read_text("utf-8")
    plain_rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "net.nodes.csv").read_text("utf-8"))))
    assert plain_rows and all(r["platform_labels"] == "" for r in plain_rows)


# --------------------------------------------------------------------------- thread and audit

VERIFIED = "X: verified (business)"


def x_thread(*, labelled: bool) -> dict[str, Any]:
    """An X API v2 page: a business's two-post thread with a look-alike link, and the thread
    of an account the platform says nothing of."""
    user: dict[str, Any] = {"id": "9", "username": "presse_amt", "name": "Presseamt"}
    if labelled:
        user |= {"verified": True, "verified_type": "business"}
    tweets = [
        {"id": "1", "author_id": "9", "conversation_id": "1", "text": "1/2 Statement follows",
         "created_at": "2024-01-01T10:00:00.000Z"},
        {"id": "2", "author_id": "9", "conversation_id": "1",
         "text": "2/2 read it at https://welt.ltd/a", "created_at": "2024-01-01T10:01:00.000Z",
         "referenced_tweets": [{"type": "replied_to", "id": "1"}]},
        {"id": "3", "author_id": "7", "conversation_id": "3",
         "text": "1/2 My own view, from https://spiegel.ltd/b",
         "created_at": "2024-01-01T10:02:00.000Z"},
        {"id": "4", "author_id": "7", "conversation_id": "3", "text": "2/2 end",
         "created_at": "2024-01-01T10:03:00.000Z",
         "referenced_tweets": [{"type": "replied_to", "id": "3"}]},
    ]
    return {"data": tweets, "includes": {"users": [
        user, {"id": "7", "username": "leserin", "name": "Leserin"}]}}


@pytest.fixture()
def x_labelled(tmp_path: Path) -> Path:
    return _written(tmp_path / "x_labelled.json", x_thread(labelled=True))


@pytest.fixture()
def x_plain(tmp_path: Path) -> Path:
    return _written(tmp_path / "x_plain.json", x_thread(labelled=False))


def command(name: str, path: Path, *options: str) -> str:
    offline = ("--offline",) if name == "audit" else ()
    return CliRunner().invoke(cli, [name, *offline, str(path), *options],
                              env={"COLUMNS": "200"}).output


def _posts(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [post for thread in data["threads"] for post in thread["posts"]]


@pytest.mark.parametrize("name", ["thread", "audit"])
def test_json_and_jsonl_give_each_post_its_authors_labels_where_said(
        name: str, x_labelled: Path, x_plain: Path) -> None:
    posts = _posts(json.loads(command(name, x_labelled, "--format", "json")))
    labels = {post["author"]: post.get("author_labels") for post in posts}
    assert labels == {"presse_amt": [VERIFIED], "leserin": None}
    bare = command(name, x_plain, "--format", "json")
    assert "author_labels" not in bare
    for post in posts:
        post.pop("author_labels", None)
    assert posts == _posts(json.loads(bare))  # nothing else changed
    if name == "thread":
        lines = [json.loads(line) for line in command(name, x_labelled, "--format",
                                                      "jsonl").splitlines()]
        assert lines[0]["posts"][0]["author_labels"] == [VERIFIED]


@pytest.mark.parametrize(("name", "after"),
                         [("thread", []), ("audit", ["unlinked_card", "not_followed"])])
def test_csv_ends_in_the_post_authors_labels(name: str, after: list[str], x_labelled: Path,
                                             x_plain: Path) -> None:
    """The labels' column is always there, at the end: the last, or for ``audit`` followed
    only by the columns added after it (``unlinked_card``, ``not_followed``)."""
    bare = command(name, x_plain, "--format", "csv")
    rows = list(csv.reader(io.StringIO(command(name, x_labelled, "--format", "csv"))))
    old = list(csv.reader(io.StringIO(bare)))
    at = len(rows[0]) - 1 - len(after)
    assert rows[0] == old[0] and rows[0][at:] == ["post_author_labels", *after]
    assert [row[:at] + row[at + 1:] for row in rows] == [row[:at] + row[at + 1:] for row in old]
    assert all(row[at] == "" for row in old[1:])
    by_author = {row[rows[0].index("post_author")]: row[at] for row in rows[1:]}
    assert by_author["presse_amt"] == VERIFIED
    assert by_author.get("leserin", "") == ""


@pytest.mark.parametrize("name", ["thread", "audit"])
def test_the_thread_heading_says_what_the_platform_says_of_its_author(
        name: str, x_labelled: Path, x_plain: Path) -> None:
    said = f"presse_amt (platform says: {VERIFIED}) · 2 posts declared"
    assert f"@{said}" in command(name, x_labelled)
    markdown = command(name, x_labelled, "--format", "markdown")  # "presse\\_amt"
    assert said.removeprefix("presse_amt") in markdown
    assert f"@{said}" in command(name, x_labelled, "--format", "html")
    for fmt in ("table", "markdown", "html"):
        assert "platform says" not in command(name, x_plain, "--format", fmt)


def test_misp_comments_a_post_with_what_the_platform_says_of_its_author(
        x_labelled: Path) -> None:
    event = json.loads(command("audit", x_labelled, "--format", "misp"))["Event"]
    comments = {_relation(made, "username"): made["comment"]
                for made in event["Object"] if made["name"] == "microblog"}
    assert comments["presse_amt"].endswith(f"; platform says of its author: {VERIFIED}")
    assert "platform says" not in comments["leserin"]


# --------------------------------------------------------------------------- hostile labels

HOSTILE = ("=HYPERLINK(\"http://evil\")\x07\x1b[31m", "<script>alert(1)</script>",
           "\u202eevil\u202c\r\nnext", "A" * 5000)


def _unsafe(text: str) -> list[str]:
    """Characters no output may carry raw (a newline of the format's own is fine)."""
    return [c for c in text if c not in "\n\r" and unicodedata.category(c) in ("Cc", "Cf")]


def _hostile_audit(path: Path) -> AuditReport:
    report = audit(path.read_text("utf-8"), source="x.json")
    threads = tuple(replace(thread, posts=tuple(replace(post, author_labels=HOSTILE)
                                                for post in thread.posts))
                    for thread in report.threads)
    return replace(report, threads=threads)


def _hostile_bots(path: Path) -> BotReport:
    return detect([replace(post, author_labels=HOSTILE) for post in open_replies(str(path))])


@pytest.mark.parametrize("fmt", list(Format))
def test_hostile_labels_are_escaped_in_every_output(fmt: Format, x_labelled: Path,
                                                    labelled: Path, tmp_path: Path) -> None:
    report = _hostile_audit(x_labelled)
    bots = _hostile_bots(labelled)
    outputs = [formatter(fmt).audit(report), formatter(fmt).bots(bots)]
    if fmt not in (Format.STIX, Format.MISP):
        outputs.append(formatter(fmt).threads(
            Reassembly("x.json", report.threads, format="x-api-v2")))
    for text in outputs:
        # Markdown's own word joiner after an @ (``MENTION_BREAK``) is the one it may carry
        ours = text.replace(MENTION_BREAK, "@") if fmt is Format.MARKDOWN else text
        assert _unsafe(ours) == []
        if fmt is Format.HTML or fmt is Format.MARKDOWN:
            assert "<script>" not in text
        if fmt is Format.CSV:
            assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
        if fmt is Format.STIX:
            assert validate_string(text, ValidationOptions(version="2.1")).is_valid
            stix2.parse(text, allow_custom=False)
        if fmt in (Format.JSON, Format.MISP) or (fmt is Format.STIX and text is outputs[1]):
            assert "A" * 5000 in json.dumps(json.loads(text))  # kept whole, as said
    graph = tmp_path / "net.graphml"
    graph.write_text(to_graphml(bots), "utf-8")
    nodes = ET.parse(graph).getroot()  # parses: nothing XML 1.0 cannot carry
    assert "<script>" not in graph.read_text("utf-8") and nodes is not None
    assert _unsafe(graph.read_text("utf-8")) == []
