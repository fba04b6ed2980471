"""A renamed account's latest handle is its latest post's by time in snscrape's lines, X API
v2 pages, twarc2's flattened tweets and Bluesky's pages, not the file's last line's.

The fixtures hold one scenario in each format's real shape: two searches for the replies
to a newspaper's posts, run three days apart, the bot ``rhein_blick`` renamed between them
(``rhein_blick_24``; on Bluesky ``rheinblick.bsky.social`` → ``rheinblick24.bsky.social``),
saved newest first: the API's own order, kept by a script that writes the new pages on top
of the old. Each search also holds a reply to the bot under the handle it had then. Before,
these four readers kept the handle of the file's last line, the oldest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bots.conftest import FIXTURES
from threadscope.bots import detect_file
from threadscope.bots.cluster import accounts_of
from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.ingest.x_api import shown_at
from threadscope.models import Post

BOT_ID = "1789012345678901234"
BOT_DID = "did:plc:rb9lick24zzq"

CASES = {
    # name: (label in the warning, old handle, new handle, the account's id)
    "x_api_v2_renamed_newest_first.jsonl": ("X API v2", "rhein_blick", "rhein_blick_24", BOT_ID),
    "twarc2_renamed_newest_first.jsonl": ("twarc2", "rhein_blick", "rhein_blick_24", BOT_ID),
    "snscrape_renamed_newest_first.jsonl": ("snscrape", "rhein_blick", "rhein_blick_24", BOT_ID),
    "bluesky_search_renamed_newest_first.jsonl": (
        "Bluesky", "rheinblick.bsky.social", "rheinblick24.bsky.social", BOT_DID),
}


def _read(lines: list[str], tmp_path: Path) -> tuple[list[Post], list[str], list[Post], list[str]]:
    """The posts and warnings of the lines streamed (as ``bots`` reads them) and whole (as
    ``thread`` and ``audit`` do)."""
    text = "".join(lines)
    path = tmp_path / "dump.jsonl"
    path.write_text(text, "utf-8")
    stream = open_replies(str(path))
    streamed = list(stream)
    whole = parse_dump(text)
    return streamed, list(stream.warnings), list(whole.posts), list(whole.warnings)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("order", ["newest-first", "oldest-first"])
def test_the_latest_post_names_a_renamed_account_whatever_the_line_order(
        name: str, order: str, tmp_path: Path) -> None:
    label, old, new, account_id = CASES[name]
    lines = (FIXTURES / name).read_text("utf-8").splitlines(keepends=True)
    assert len(lines) > 1
    if order == "oldest-first":
        lines.reverse()
    streamed, stream_warnings, whole, warnings = _read(lines, tmp_path)
    assert [(p.post_id, p.author, p.reply_to_author) for p in streamed] == [
        (p.post_id, p.author, p.reply_to_author) for p in whole]
    by_bot = [post for post in whole if post.author_id == account_id]
    assert len(by_bot) == 2 and {post.author for post in by_bot} == {new}
    answering = [post for post in whole if "Kopie" in post.text]
    assert len(answering) == 2 and {post.reply_to_author for post in answering} == {new}
    named = {name for post in whole for name in (post.author, post.reply_to_author)}
    assert old not in named
    said = [warning for warning in warnings if "renamed" in warning]
    assert said == [warning for warning in stream_warnings if "renamed" in warning] == [
        f"{label}: 1 account(s) renamed within the dump, each post shown under its account's "
        f"latest handle: {old} → {new} (id {account_id})"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_bots_names_the_renamed_account_by_its_latest_handle(name: str) -> None:
    """``bots`` tells the account by its id, under the handle it replied with last, in its
    accounts and in the report (where the account scores)."""
    _, old, new, account_id = CASES[name]
    path = str(FIXTURES / name)
    accounts = {account for account in accounts_of(list(open_replies(path)))
                if account.id == account_id}
    assert [account.name for account in accounts] == [new]
    report = detect_file(path).to_dict()
    assert f'"{old}"' not in json.dumps(report)
    ours = [account for account in report["accounts"] if account.get("account_id") == account_id]
    assert all(account["handle"] == new for account in ours)


def test_a_page_dates_each_account_by_its_own_latest_tweet() -> None:
    """A page shows an account when it wrote or was answered by one of its tweets: each
    account of ``includes.users`` is dated by the latest such tweet, not by the page's
    newest (an account only mentioned has no time, and never outranks a dated one)."""
    page = {"data": [{"id": "3", "text": "b", "author_id": "2", "in_reply_to_user_id": "1",
                      "created_at": "2024-06-11T08:05:00.000Z"},
                     {"id": "2", "text": "a", "author_id": "1",
                      "created_at": "2024-06-11T08:01:00.000Z"}],
            "includes": {"users": [{"id": "1"}, {"id": "2"}, {"id": "9"}],
                         "tweets": [{"id": "1", "text": "r", "author_id": "9",
                                     "created_at": "not a time"}]}}
    assert shown_at(page) == {"2": "2024-06-11T08:05:00Z", "1": "2024-06-11T08:05:00Z"}
