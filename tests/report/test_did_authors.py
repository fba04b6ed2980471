"""An author named by a DID is shown without the ``@`` a handle gets, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.authors import author_label, is_did
from threadscope.cli import cli

THREADS = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
LOG = THREADS / "bluesky_jetstream.jsonl"
TEAMS = THREADS / "bluesky_jetstream_teams.jsonl"
LEA = "did:plc:l3asommr7wq2xkdyhz4ptv6e"
LEA_HANDLE = "lea-sommer.bsky.social"
TEAM_DIDS = ("did:plc:tsry7efvgy53y7wkaliemr34", "did:plc:bq5oyy7lqwsrp66537fdgvmo",
             "did:plc:fm45psbz7rozkh53gankoq6d", "did:plc:7jjj7jswoousk4keanee7tqk")
TEAM_HANDLE = "kanal-aufklaerung.bsky.social"
SHOWN_FORMATS = ("table", "markdown", "html")
"""The formats that write an author for a reader (the others keep the raw value)."""
NO_AUTHOR = (("audit", "jsonl"), ("audit", "stix"))
"""Link records and STIX objects, which name no thread author."""


@pytest.mark.parametrize("author", ["did:plc:x7rp2ktv4dq6nfl3wzj5ybhc", "did:web:example.com",
                                    "did:web:localhost%3A8080"])
def test_a_did_is_shown_as_it_is(author: str) -> None:
    assert is_did(author)
    assert author_label(author) == author


@pytest.mark.parametrize("author", ["jonas-k.bsky.social", "anna_12345", "user@mastodon.social",
                                    "did", "did:", "did:plc:", "DID:plc:abc"])
def test_a_handle_keeps_its_at(author: str) -> None:
    assert not is_did(author)
    assert author_label(author) == "@" + author


@pytest.mark.parametrize("author", ["Klartext Monitor", "Anna (user456)", "did:plc:a b",
                                    "x did:plc:abc", "Maria\u00a0Weber"])
def test_a_name_with_spaces_is_no_handle_and_is_shown_bare(author: str) -> None:
    """A Telegram sender's name or a CSV's display name: ``@Klartext Monitor`` is no one."""
    assert not is_did(author)
    assert author_label(author) == author


def test_a_telegram_senders_name_is_shown_bare_in_a_table() -> None:
    output = run("thread", str(THREADS / "telegram_desktop_channel.json"), "--format", "table")
    assert "Klartext Monitor" in output and "@Klartext Monitor" not in output


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--offline", "--no-cache"] if args[0] != "thread"
                                else list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def unannounced(tmp_path: Path) -> Path:
    """The fixture without the event that gives Lea her handle: her thread is her DID's."""
    kept = [line for line in LOG.read_text("utf-8").splitlines(keepends=True)
            if not (LEA in line and '"kind":"identity"' in line)]
    path = tmp_path / "unannounced.jsonl"
    path.write_text("".join(kept), "utf-8")
    return path


def assert_shown_bare(output: str, did: str) -> None:
    assert did in output
    assert "@" + did not in output and "@\u2060" + did not in output


THREAD_RUNS = [("thread", f) for f in ("table", "json", "jsonl", "markdown")] + [
    ("audit", f) for f in ("table", "json", "jsonl", "csv", "markdown", "html", "stix")]


@pytest.mark.parametrize(("command", "fmt"), THREAD_RUNS)
def test_a_thread_by_a_did_has_no_at(tmp_path: Path, command: str, fmt: str) -> None:
    output = run(command, str(unannounced(tmp_path)), "--format", fmt)
    if (command, fmt) in NO_AUTHOR:
        assert "@" + LEA not in output
        return
    assert_shown_bare(output, LEA)
    assert LEA_HANDLE not in output


@pytest.mark.parametrize(("command", "fmt"), THREAD_RUNS)
def test_a_thread_by_a_handle_keeps_its_at(command: str, fmt: str) -> None:
    output = run(command, str(LOG), "--format", fmt)
    if fmt in SHOWN_FORMATS:
        at = "@\u2060" if fmt == "markdown" else "@"
        assert at + LEA_HANDLE in output
    elif (command, fmt) not in NO_AUTHOR:
        assert LEA_HANDLE in output and "@" + LEA_HANDLE not in output


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_the_raw_did(tmp_path: Path, fmt: str) -> None:
    output = run("thread", str(unannounced(tmp_path)), "--format", fmt)
    first = json.loads(output.splitlines()[0] if fmt == "jsonl" else output)
    thread = first if fmt == "jsonl" else first["threads"][0]
    assert thread["author"] == LEA


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown", "html", "stix"])
def test_bot_accounts_named_by_a_did_have_no_at(fmt: str) -> None:
    output = run("bots", str(TEAMS), "--format", fmt)
    for did in TEAM_DIDS:
        assert_shown_bare(output, did)
    if fmt in SHOWN_FORMATS:
        at = "@\u2060" if fmt == "markdown" else "@"
        assert at + TEAM_HANDLE in output


def test_a_reason_names_a_did_author_without_at() -> None:
    """``did:plc:…'s post`` in a co-repost reason, ``@handle's post`` for a handle."""
    output = json.dumps(json.loads(run("bots", str(TEAMS), "--format", "json")))
    assert "@did:" not in output
    assert "@nachrichten-direkt.bsky.social's post" in output


@pytest.mark.parametrize("suffix", [".graphml", ".csv"])
def test_graph_labels_show_a_did_bare(tmp_path: Path, suffix: str) -> None:
    graph = tmp_path / f"net{suffix}"
    run("bots", str(TEAMS), "--graph", str(graph))
    written = "".join(p.read_text("utf-8") for p in tmp_path.iterdir())
    for did in TEAM_DIDS:
        assert_shown_bare(written, did)
    if suffix == ".graphml":
        assert f">@{TEAM_HANDLE}<" in written
