"""What the platforms say about the accounts: shown beside the verdict, never scored."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from threadscope.bots import detect
from threadscope.ingest.replies import open_replies
from threadscope.models import BotReport, ClusterVerdict

TEXT = "The election was stolen, all the evidence is finally on the table now"


def status(n: int, account: dict[str, Any], text: str) -> dict[str, Any]:
    return {"id": f"11{n:04d}", "content": f"<p>{text}</p>", "in_reply_to_id": "100",
            "in_reply_to_account_id": "1", "created_at": f"2024-12-01T08:0{n // 6}:{n % 6}5Z",
            "account": account}


def team(*, labelled: bool) -> list[dict[str, Any]]:
    """A post and five day-old accounts answering it with the same sentence within a minute, three
    of them marked bots by their holders (where ``labelled``), one also a group."""
    original = {"id": "100", "content": "<p>Provisional result</p>",
                "created_at": "2024-12-01T08:00:00Z",
                "account": {"id": "1", "acct": "newsroom@example.social"}}
    statuses = [original]
    for n in range(5):
        account: dict[str, Any] = {"id": str(10 + n), "acct": f"voter{n}@example.social",
                                   "display_name": "Verified official account",
                                   "created_at": "2024-11-30T00:00:00.000Z"}
        if labelled and n < 3:
            account |= {"bot": True, "group": n == 0}
        statuses.append(status(n + 1, account, f"{TEXT} #{n}"))
    return statuses


def report_of(tmp_path: Path, statuses: list[dict[str, Any]]) -> BotReport:
    path = tmp_path / "context.json"
    path.write_text(json.dumps(statuses), "utf-8")
    return detect(open_replies(str(path)))


def test_labels_are_context_and_change_no_score_or_verdict(tmp_path: Path) -> None:
    labelled = report_of(tmp_path, team(labelled=True))
    plain = report_of(tmp_path, team(labelled=False))
    assert labelled.clusters[0].verdict is ClusterVerdict.COORDINATED
    assert [replace(c, platform_labels=()) for c in labelled.clusters] == list(plain.clusters)
    assert [replace(a, platform_labels=()) for a in labelled.accounts] == list(plain.accounts)
    assert all(not a.platform_labels for a in plain.accounts)


def test_the_cluster_summary_says_how_many_accounts_declare_themselves_bots(
        tmp_path: Path) -> None:
    report = report_of(tmp_path, team(labelled=True))
    assert report.clusters[0].platform_labels == (
        "Mastodon: marked as automated (bot), 3 of 5 accounts",
        "Mastodon: group account, 1 of 5 accounts",
    )
    said = {a.handle: a.platform_labels for a in report.accounts}
    assert said["voter0@example.social"] == ("Mastodon: marked as automated (bot)",
                                             "Mastodon: group account")
    assert said["voter2@example.social"] == ("Mastodon: marked as automated (bot)",)
    assert said["voter4@example.social"] == ()
    assert "Verified" not in repr(report.clusters) + repr(report.accounts)
