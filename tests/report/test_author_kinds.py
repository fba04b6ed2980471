"""Only a handle is written ``@handle``: a display name (however much it looks like a handle)
and an account id are shown bare, in every format; JSON and CSV say which one an author is."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.cli import cli

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
NAMES = ROOT / "bots" / "telegram_one_word_names.json"
"""A Telegram discussion group whose senders' names are one word each (``jens_b``, ``Uwe``),
one sender without a name (its ``from_id``): a coordinated cluster of display names."""
HANDLES = ROOT / "bots" / "youtube_api_comment_threads.jsonl"
"""YouTube comments by channels that show ``@handle``s."""
SHOWN = ("DieterW", "Uwe", "SabineK")


def run(*args: str) -> str:
    extra = ["--offline", "--no-cache"] if args[0] != "thread" else []
    result = CliRunner().invoke(cli, [*args, *extra], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def assert_bare(output: str, name: str) -> None:
    assert name in output
    assert "@" + name not in output and "@\u2060" + name not in output


def one_word_thread(tmp_path: Path) -> Path:
    """A Telegram channel export whose channel posts a thread under a one-word name."""
    texts = ["1/2 Was heute in den Kommentarspalten auftaucht", "2/2 und wer es teilt"]
    chat = {"name": "Kanal", "type": "public_channel", "id": 55, "messages": [
        {"id": i, "type": "message", "date_unixtime": str(1715671800 + 60 * i),
         "from": "KlartextMonitor", "from_id": "channel55", "text": text}
        for i, text in enumerate(texts, 1)]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(chat), "utf-8")
    return path


@pytest.mark.parametrize(("command", "fmt"), [
    ("thread", "table"), ("thread", "markdown"), ("audit", "table"),
    ("audit", "markdown"), ("audit", "html")])
def test_a_thread_by_a_one_word_display_name_has_no_at(tmp_path: Path, command: str,
                                                         fmt: str) -> None:
    assert_bare(run(command, str(one_word_thread(tmp_path)), "--format", fmt), "KlartextMonitor")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_thread_json_says_the_author_is_a_name(tmp_path: Path, fmt: str) -> None:
    output = run("thread", str(one_word_thread(tmp_path)), "--format", fmt)
    thread = json.loads(output)["threads"][0] if fmt == "json" else json.loads(
        output.splitlines()[0])
    assert (thread["author"], thread["author_kind"]) == ("KlartextMonitor", "name")
    assert {post["author_kind"] for post in thread["posts"]} == {"name"}


def test_audit_csv_says_the_author_is_a_name(tmp_path: Path) -> None:
    text = "\n".join(["1/2 Lest das: https://spiegel.pm/politik/a", "2/2 und teilt es"])
    chat = {"name": "Kanal", "type": "public_channel", "id": 55, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1715671800", "from": "KlartextMonitor",
         "from_id": "channel55", "text": text}]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(chat), "utf-8")
    rows = list(csv.DictReader(io.StringIO(run("audit", str(path), "--format", "csv"))))
    assert rows and {(r["author"], r["author_kind"]) for r in rows} == {("KlartextMonitor", "name")}


def test_audit_misp_gives_a_name_as_display_name_not_username(tmp_path: Path) -> None:
    event = json.loads(run("audit", str(one_word_thread(tmp_path)), "--format", "misp"))["Event"]
    relations = {(a["object_relation"], a["value"]) for o in event["Object"]
                 for a in o["Attribute"]}
    assert ("display-name", "KlartextMonitor") in relations
    assert not any(relation == "username" for relation, _ in relations)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_bot_accounts_with_display_names_have_no_at(fmt: str) -> None:
    output = run("bots", str(NAMES), "--format", fmt)
    for name in SHOWN:
        assert_bare(output, name)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_bot_accounts_with_handles_keep_their_at(fmt: str) -> None:
    output = run("bots", str(HANDLES), "--format", fmt)
    assert "MariaSchulz83651" in output
    assert "@MariaSchulz83651" in output or "@\u2060MariaSchulz83651" in output


def test_bots_json_says_what_each_account_is() -> None:
    report = json.loads(run("bots", str(NAMES), "--format", "json"))
    (cluster,) = [c for c in report["clusters"] if c["verdict"] == "coordinated"]
    assert set(cluster["account_kinds"]) == {"name"}
    assert len(cluster["account_kinds"]) == len(cluster["accounts"])
    kinds = {a["handle"]: a["author_kind"] for a in report["accounts"]}
    assert kinds["jens_b"] == "name"
    assert kinds["user5012345678"] == "id"  # a sender without a name: its from_id


def test_bots_jsonl_clusters_say_what_each_account_is() -> None:
    first = json.loads(run("bots", str(NAMES), "--format", "jsonl").splitlines()[0])
    assert set(first["account_kinds"]) == {"name"}


def test_bots_csv_has_an_author_kind_column() -> None:
    rows = list(csv.DictReader(io.StringIO(run("bots", str(NAMES), "--format", "csv"))))
    assert {row["author_kind"] for row in rows} == {"name", "id"}


def test_bots_stix_gives_a_name_as_display_name_never_as_a_login() -> None:
    objects = json.loads(run("bots", str(NAMES), "--format", "stix"))["objects"]
    accounts = [o for o in objects if o["type"] == "user-account"]
    assert {o["display_name"] for o in accounts} >= set(SHOWN)
    assert not any("account_login" in o or "user_id" in o for o in accounts)
    again = json.loads(run("bots", str(NAMES), "--format", "stix"))["objects"]
    assert {o["id"] for o in accounts} == {o["id"] for o in again if o["type"] == "user-account"}


def test_bots_stix_keeps_a_handle_as_the_login() -> None:
    objects = json.loads(run("bots", str(HANDLES), "--format", "stix"))["objects"]
    logins = {o.get("account_login") for o in objects if o["type"] == "user-account"}
    assert "MariaSchulz83651" in logins


def test_bots_misp_makes_no_username_of_a_display_name() -> None:
    event = json.loads(run("bots", str(NAMES), "--format", "misp"))["Event"]
    usernames = {a["value"] for o in event["Object"] for a in o["Attribute"]
                 if a["object_relation"] == "username"}
    assert not usernames & set(SHOWN)
    notes = [a["value"] for o in event["Object"] if o["name"] == "annotation"
             for a in o["Attribute"] if a["object_relation"] == "text"]
    assert any("display name only" in note and "jens_b" in note for note in notes)


@pytest.mark.parametrize("suffix", [".graphml", ".csv"])
def test_graph_labels_and_kinds(tmp_path: Path, suffix: str) -> None:
    graph = tmp_path / f"net{suffix}"
    run("bots", str(NAMES), "--graph", str(graph))
    if suffix == ".graphml":
        text = graph.read_text("utf-8")
        assert_bare(text, "jens_b")
        assert 'key="n_author_kind">name<' in text
    else:
        nodes = list(csv.DictReader(io.StringIO(
            (tmp_path / "net.nodes.csv").read_text("utf-8"))))
        assert {(n["Label"], n["author_kind"]) for n in nodes} >= {("jens_b", "name")}
