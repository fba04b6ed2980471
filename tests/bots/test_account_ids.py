"""``bots`` tells accounts apart by their stable id where the input has one, by the handle
where it has none; a handle given up and taken over is two accounts, a renamed account one,
under its latest handle by time; and the header names what was read (replies, retweets,
reposts, posts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.bots.conftest import FIXTURES
from threadscope.authors import Account
from threadscope.bots import detect, detect_file
from threadscope.bots.cluster import accounts_of, latest_names
from threadscope.bots.detect import read_as
from threadscope.cli import cli
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.replies import open_replies, read_replies
from threadscope.models import AuthorKind, Platform, Post
from threadscope.report.network_export import node_id

TAKEN_OVER = FIXTURES / "qut_handle_taken_over.csv"
"""Four bots co-retweeting (ids 501–504; 501 as ``elbe_wahrheit``), then months later
another account (id 777) under the handle 501 gave up, and one account (888) renamed."""
RETWEETS = FIXTURES / "qut_retweets.csv"
"""The QUT toolkit's CSV of 14 plain retweets."""


def _bots(*args: str) -> Any:
    result = CliRunner().invoke(cli, ["bots", *args], catch_exceptions=False)
    return result


def test_a_handle_taken_over_is_two_accounts_through_the_cli() -> None:
    """Before, the newcomer's two organic posts were counted to the banned bot's account,
    and quoted as the coordinated cluster's (``elbe_wahrheit``: posts 0, 4, 8, 12, 13)."""
    result = _bots(str(TAKEN_OVER), "--offline", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (cluster,) = data["clusters"]
    assert cluster["account_ids"] == ["501", "502", "503", "504"]
    assert 12 not in cluster["replies"] and 13 not in cluster["replies"]
    accounts = {(a["handle"], a["account_id"]): a["replies"] for a in data["accounts"]}
    assert accounts[("elbe_wahrheit", "501")] == [0, 4, 8]
    assert ("elbe_wahrheit", "777") not in accounts  # no evidence of its own, in no cluster


def test_a_handle_taken_over_is_two_accounts_and_a_rename_one_in_the_library() -> None:
    posts = list(open_replies(str(TAKEN_OVER)))
    owners = accounts_of(posts)
    assert owners[0] == Account("elbe_wahrheit", AuthorKind.HANDLE, "501")
    assert owners[12] == owners[13] == Account("elbe_wahrheit", AuthorKind.HANDLE, "777")
    assert owners[0] != owners[12]
    # renamed between two fetches: one account, shown under the handle of its latest post
    assert owners[14] is owners[15]
    assert owners[14] == Account("fluss_blick_neu", AuthorKind.HANDLE, "888")
    report = detect_file(str(TAKEN_OVER))
    summary = {s.account_id: s for s in report.accounts}
    assert summary["501"].replies == (0, 4, 8)


def test_no_id_falls_back_to_the_handle() -> None:
    """Pasted text and a CSV without an id column: one handle is one account, as before."""
    posts = read_replies("author,text\nanna,Danke für den Thread!\nanna,Sehr gut erklärt.\n")
    owners = accounts_of(posts)
    assert owners[0] is owners[1] and owners[0].id is None


def test_the_latest_handle_is_the_latest_post_by_time_ties_to_the_later_line() -> None:
    def post(line: int, author: str, at: str | None) -> Post:
        return Post(text="x", line=line, author=author, author_id="42", created_at=at)

    newest_first = [post(1, "new", "2024-05-02T10:00:00Z"), post(2, "old", "2024-05-01T10:00:00Z")]
    assert latest_names(newest_first)["42"].name == "new"
    tie = [post(1, "a", "2024-05-01T10:00:00Z"), post(2, "b", "2024-05-01T10:00:00Z")]
    assert latest_names(tie)["42"].name == "b"
    untimed_after = [post(1, "timed", "2024-05-01T10:00:00Z"), post(2, "untimed", None)]
    assert latest_names(untimed_after)["42"].name == "timed"
    none_timed = [post(1, "first", None), post(2, "second", None)]
    assert latest_names(none_timed)["42"].name == "second"


def _fields(user: dict[str, Any]) -> dict[str, Any]:
    return {"author": user.get("handle")}


def test_account_facts_name_the_account_by_its_latest_post_by_time() -> None:
    facts = AccountFacts("Example", _fields, id_key="did", handle_key="handle")
    facts.learn_user("d1", {"handle": "newer"}, "newer", "2024-05-02T10:00:00Z")
    facts.learn_user("d1", {"handle": "older"}, "older", "2024-05-01T10:00:00Z")
    facts.learn_user("d1", None, "untimed")
    settled = facts.settle(Post(text="x", line=1, author="older"), "d1 ", final=True)
    assert settled is not None
    assert (settled.author, settled.author_id) == ("newer", "d1")
    assert facts.handles["d1"] == ("older", "untimed", "newer")  # latest last
    assert facts.warnings() == [
        "Example: 1 account(s) renamed within the dump, each post shown under its account's "
        "latest handle: older → untimed → newer (id d1)"]


def _archive_reply(tweet_id: str, at: str, answered_name: str) -> dict[str, Any]:
    return {"tweet": {"id_str": tweet_id, "created_at": at, "full_text": "@x Quelle?",
                      "in_reply_to_status_id_str": "900", "in_reply_to_user_id_str": "42",
                      "in_reply_to_screen_name": answered_name,
                      "entities": {"urls": [], "user_mentions": []}}}


def test_an_x_archive_listed_newest_first_names_the_account_by_its_newest_handle() -> None:
    """``tweets.js`` lists the newest tweet first: by the file's order the oldest handle
    won."""
    tweets = [_archive_reply("3", "Fri Jul 14 09:13:00 +0000 2023", "fluss_neu"),
              _archive_reply("2", "Thu Jul 13 09:13:00 +0000 2023", "fluss_alt")]
    text = "window.YTD.tweets.part0 = " + json.dumps(tweets)
    posts = read_replies(text)
    assert {post.reply_to_author for post in posts} == {"fluss_neu"}


def test_two_x_ids_under_one_handle_are_two_accounts(tmp_path: Path) -> None:
    def tweet(n: int, uid: str, at: str) -> dict[str, Any]:
        return {"created_at": at, "id_str": str(200 + n), "full_text": f"Antwort {n} {uid}",
                "in_reply_to_status_id_str": "100", "in_reply_to_user_id_str": "9",
                "in_reply_to_screen_name": "news_desk", "entities": {"urls": []},
                "user": {"id_str": uid, "screen_name": "elbe_wahrheit", "name": "E"}}

    lines = [tweet(1, "1", "Tue Sep 17 06:01:00 +0000 2024"),
             tweet(2, "1", "Tue Sep 17 06:02:00 +0000 2024"),
             tweet(3, "2", "Tue Sep 17 09:01:00 +0000 2024"),
             tweet(4, "2", "Tue Sep 17 09:02:00 +0000 2024")]
    path = tmp_path / "v11.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    posts = list(open_replies(str(path)))
    owners = accounts_of(posts)
    assert [owner.id for owner in owners] == ["1", "1", "2", "2"]
    assert len(set(owners)) == 2
    assert detect(posts).read_as == "replies"


def test_graph_nodes_of_one_handle_get_their_ids() -> None:
    assert node_id(Account("anna", AuthorKind.HANDLE, "42"), True) == "anna (id 42)"
    assert node_id(Account("anna", AuthorKind.NAME), True) == "anna (name)"
    assert node_id(Account("anna", AuthorKind.HANDLE, "42"), False) == "anna"


def test_the_header_says_retweets_are_reposts_in_table_and_html() -> None:
    """The QUT CSV of 14 retweets was headed "Replies in …: 14"."""
    table = _bots(str(RETWEETS), "--offline")
    assert table.exit_code == 0
    assert f"Reposts in {RETWEETS}: 14" in table.stdout
    assert "Replies in" not in table.stdout and "in 14 reposts" in table.stdout
    html = _bots(str(RETWEETS), "--offline", "--format", "html").stdout
    assert "Reposts in qut_retweets.csv" in html and "14 reposts" in html
    assert "Replies in" not in html


def test_what_was_read_is_named_by_its_kinds() -> None:
    def post(**said: Any) -> Post:
        return Post(text="x", line=1, author="a", **said)

    retweet = post(repost_of="1", platform=Platform.X)
    assert read_as([retweet, retweet]) == "retweets"
    assert read_as([post(repost_of="1"), retweet]) == "reposts"
    assert read_as([retweet, post(reply_to="1", platform=Platform.X)]) == "posts"
    assert read_as([post(platform=Platform.X), post(reply_to="1", platform=Platform.X)]) \
        == "replies"
    assert read_as([post(platform=Platform.MASTODON)]) == "posts"
    assert read_as([post()]) == "replies"  # text or CSV that cannot say
    assert read_as([]) == "replies"
