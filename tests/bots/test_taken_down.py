"""What Bluesky's moderation did to the accounts (Jetstream account events) as evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from threadscope.bots import detect, signals
from threadscope.bots.score import families, independent
from threadscope.cli import cli
from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.models import BotReport, Cluster, ClusterVerdict, Post

START = 1733040000000000  # 2024-12-01T08:00:00Z
AUTHOR = "did:plc:nachrichtenquelle0000001"
ORIGINAL = f"at://{AUTHOR}/app.bsky.feed.post/3lcorig0000a"
TEAM = [f"did:plc:teamaccount{n:013d}" for n in range(1, 6)]
TEXT = "Diese Wahl wurde gestohlen, alle Beweise liegen jetzt endlich auf dem Tisch"


def post(did: str, seconds: float, rkey: str, text: str, reply_to: str | None = None,
         ) -> dict[str, Any]:
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text,
                              "createdAt": "2024-12-01T08:00:00Z"}
    if reply_to:
        record["reply"] = {"root": {"uri": reply_to}, "parent": {"uri": reply_to}}
    return {"did": did, "time_us": START + int(seconds * 1e6), "kind": "commit",
            "commit": {"rev": "3lcrev", "operation": "create",
                       "collection": "app.bsky.feed.post", "rkey": rkey, "record": record}}


def account(did: str, seconds: float, status: str | None) -> dict[str, Any]:
    """An account event: ``status`` None is ``active: true`` (reinstated)."""
    body: dict[str, Any] = {"active": status is None, "did": did, "seq": 90000000 + int(seconds),
                            "time": "2024-12-02T10:00:00.000Z"}
    if status is not None:
        body["status"] = status
    return {"did": did, "time_us": START + int(seconds * 1e6), "kind": "account",
            "account": body}


def team_log(*later: dict[str, Any]) -> list[dict[str, Any]]:
    """A post and five accounts answering it with the same sentence within two minutes,
    then ``later`` events (a day on)."""
    events = [post(AUTHOR, 0, "3lcorig0000a", "Das vorläufige Ergebnis der Landtagswahl")]
    events += [post(did, 20 + 20 * n, f"3lcteam{n}000a", f"{TEXT} #{n}", ORIGINAL)
               for n, did in enumerate(TEAM)]
    return [*events, *later]


def write(tmp_path: Path, events: list[dict[str, Any]]) -> Path:
    path = tmp_path / "firehose.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), "utf-8")
    return path


def report_of(tmp_path: Path, events: list[dict[str, Any]]) -> BotReport:
    return detect(open_replies(str(write(tmp_path, events))))


def team_cluster(report: BotReport) -> Cluster:
    return next(c for c in report.clusters if set(TEAM) <= set(c.accounts))


def test_a_team_later_taken_down_gets_the_reason_and_is_coordinated(tmp_path: Path) -> None:
    later = [account(TEAM[0], 86400, "takendown"), account(TEAM[1], 86401, "suspended"),
             account(TEAM[2], 86402, "takendown"), account(TEAM[3], 86403, "takendown")]
    cluster = team_cluster(report_of(tmp_path, team_log(*later)))
    reason = next(r for r in cluster.reasons if r.code == "taken-down")
    assert reason.points == 25
    assert reason.detail == ("4 of 5 accounts were taken down or suspended by Bluesky later "
                             "in the log")
    # the same text, fast replies and the platform's verdict: three families
    assert families(cluster.reasons) == {"text", "timing", "moderation"}
    assert cluster.verdict is ClusterVerdict.COORDINATED


def test_without_the_takedowns_the_same_team_is_organic(tmp_path: Path) -> None:
    cluster = team_cluster(report_of(tmp_path, team_log()))
    assert "taken-down" not in {r.code for r in cluster.reasons}
    assert cluster.verdict is ClusterVerdict.ORGANIC


def test_taken_down_with_the_same_text_alone_is_not_independent_evidence() -> None:
    assert not independent({"text", "moderation"})
    assert independent({"text", "moderation", "timing"})


def test_a_reinstated_account_does_not_count(tmp_path: Path) -> None:
    later = [account(TEAM[0], 86400, "takendown"), account(TEAM[1], 86401, "suspended"),
             account(TEAM[2], 86402, "takendown"), account(TEAM[1], 90000, None),
             account(TEAM[2], 90001, None)]
    report = report_of(tmp_path, team_log(*later))
    assert "taken-down" not in {r.code for r in team_cluster(report).reasons}  # 1 of 5
    status = {a.handle: a.status for a in report.accounts}
    assert status[TEAM[0]] == "takendown" and status[TEAM[1]] is None


def test_accounts_their_holders_deactivated_or_deleted_do_not_count(tmp_path: Path) -> None:
    later = [account(TEAM[0], 86400, "deactivated"), account(TEAM[1], 86401, "deleted"),
             account(TEAM[2], 86402, "deactivated"), account(TEAM[3], 86403, "takendown")]
    report = report_of(tmp_path, team_log(*later))
    assert "taken-down" not in {r.code for r in team_cluster(report).reasons}
    statuses = {a.handle: a.status for a in report.accounts}
    assert [statuses[did] for did in TEAM] == [
        "deactivated", "deleted", "deactivated", "takendown", None]
    own = {a.handle: {r.code for r in a.reasons} for a in report.accounts}
    assert "taken-down-account" in own[TEAM[3]]
    assert "taken-down-account" not in own[TEAM[0]] | own[TEAM[1]]


def test_the_last_account_event_decides_wherever_it_stands() -> None:
    events = [account(TEAM[0], 0, "takendown"), *team_log(account(TEAM[1], 1, "suspended")),
              account(TEAM[1], 2, None), account(TEAM[1], 3, "deactivated")]
    by_author = {p.author: p.author_status for p in parse_dump(
        "".join(json.dumps(e) + "\n" for e in events)).posts}
    assert by_author[TEAM[0]] == "takendown" and by_author[TEAM[1]] == "deactivated"
    assert by_author[AUTHOR] is None and by_author[TEAM[2]] is None


@pytest.mark.parametrize("body", [
    None, "takendown", {"active": "false", "status": "takendown"},
    {"active": False, "did": "not a did", "status": "takendown"},
])
def test_an_odd_account_event_changes_nothing(body: Any) -> None:
    odd = {"did": "not a did", "time_us": START, "kind": "account", "account": body}
    dump = parse_dump("".join(json.dumps(e) + "\n" for e in team_log(odd)))
    assert len(dump.posts) == 6 and all(p.author_status is None for p in dump.posts)


@pytest.mark.parametrize("status,kept", [
    ("takendown", "takendown"), (None, "inactive"), (7, "inactive"), ("<b>x</b>", "inactive"),
    ("x" * 100, "inactive"), ("throttled", "throttled")])
def test_a_status_is_kept_when_it_reads_as_one(status: Any, kept: str) -> None:
    body: dict[str, Any] = {"active": False, "did": TEAM[0]}
    if status is not None:
        body["status"] = status
    event = {"did": TEAM[0], "time_us": START, "kind": "account", "account": body}
    dump = parse_dump("".join(json.dumps(e) + "\n" for e in team_log(event)))
    assert {p.author_status for p in dump.posts if p.author == TEAM[0]} == {kept}


def test_every_account_format_shows_the_takedown(tmp_path: Path) -> None:
    later = [account(did, 86400 + n, "takendown") for n, did in enumerate(TEAM[:3])]
    path = write(tmp_path, team_log(*later))
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["bots", str(path), "--format", "json"]).output)
    accounts = {a["handle"]: a for a in data["accounts"]}
    assert accounts[TEAM[0]]["status"] == "takendown"
    assert "status" not in accounts[TEAM[4]]  # said only where the log said it
    assert any(r["code"] == "taken-down" for c in data["clusters"] for r in c["reasons"])
    sentence = "account taken down by Bluesky later in the log"
    csv = runner.invoke(cli, ["bots", str(path), "--format", "csv"]).output
    assert sentence in next(line for line in csv.splitlines() if TEAM[0] in line)
    graph = tmp_path / "net.csv"
    runner.invoke(cli, ["bots", str(path), "--graph", str(graph)])
    nodes = (tmp_path / "net.nodes.csv").read_text("utf-8")
    assert sentence in next(line for line in nodes.splitlines() if TEAM[0] in line)
    table = runner.invoke(cli, ["bots", str(path)], env={"COLUMNS": "200"}).output
    listed = table.split("\nAccounts\n")[1]
    assert " status " in listed and "takendown" in next(
        line for line in listed.splitlines() if TEAM[0] in line)
    # a dump that says nothing of what became of its accounts keeps its table as it was
    plain = runner.invoke(cli, ["bots", str(write(tmp_path, team_log()))],
                          env={"COLUMNS": "200"}).output
    assert " status " not in plain


# --------------------------------------------------------------------------- who said so

BOTS_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots"


def reasons_of(name: str) -> tuple[Cluster, dict[str, list[str]]]:
    """The team's cluster and each account's own reason details, from a fixture."""
    dump = parse_dump((BOTS_FIXTURES / name).read_text("utf-8"))
    report = detect(dump.posts, context=dump.context)
    (cluster,) = report.clusters
    own = {a.handle: [r.detail for r in a.reasons] for a in report.accounts}
    return cluster, own


def test_accounts_a_mastodon_server_suspended_are_named_as_its_doing() -> None:
    cluster, own = reasons_of("replies_mastodon_suspended.json")
    reason = next(r for r in cluster.reasons if r.code == "taken-down")
    assert reason.detail == ("4 of 5 accounts were taken down or suspended by the Mastodon "
                             "server, marked so when the data was saved")
    assert ("account suspended by the Mastodon server, marked so when the data was saved"
            in own["pegelfreund0@tröt.example"])
    assert not any("suspended" in d for d in own.get("pegelfreund4@tröt.example", []))


def test_accounts_bluesky_labelled_taken_down_are_named_as_its_doing() -> None:
    """In an API answer the label stood when the data was saved, not later in a log."""
    cluster, own = reasons_of("replies_bluesky_labelled.json")
    reason = next(r for r in cluster.reasons if r.code == "taken-down")
    assert reason.detail == ("3 of 5 accounts were taken down or suspended by Bluesky, "
                             "labelled so when the data was saved")
    assert ("account taken down by Bluesky, labelled so when the data was saved"
            in own["wahlwahrheit1.bsky.social"])


def test_a_status_no_reader_named_is_the_platforms() -> None:
    reason = signals.taken_down_account(Post("x", 1, author="a", author_status="suspended"))
    assert reason is not None and reason.detail == "account suspended by the platform"
