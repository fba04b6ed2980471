"""``thread`` and ``audit`` JSON give each post its author's stable id (``author_id``), the
``account_id`` ``bots`` gives, or null where the input has none: a script can tell two
accounts that went by one handle apart, and see a renamed account as one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from threadscope.cli import cli

ROOT = Path(__file__).resolve().parents[2] / "fixtures"


def _posts(command: str, path: Path) -> list[dict[str, Any]]:
    args = [command, str(path), "--format", "json"] + (["--offline"] if command == "audit" else [])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return [post for thread in report["threads"] for post in thread["posts"]]


@pytest.mark.parametrize("command", ["thread", "audit"])
@pytest.mark.parametrize(("name", "ids"), [
    ("threads/x_api_v2.json", {"lena_hartmann_dis": "501"}),  # X's user id
    ("threads/bluesky_jetstream.jsonl",  # a DID, kept when an identity event names a handle
     {"lea-sommer.bsky.social": "did:plc:l3asommr7wq2xkdyhz4ptv6e"}),
    ("threads/telegram_desktop_channel.json",  # Desktop's from_id
     {"Klartext Monitor": "channel1987654321"}),
    ("threads/reddit_comments.json", {"kiesel_forscherin": "t2_kiesel"}),  # author_fullname
    ("bots/youtube_comments.jsonl",  # youtube-comment-downloader's channel
     {"Bernd_Kowalski_40511": "UCkiesel0000000000000001"}),
    ("threads/reversed_paste.txt", {}),  # pasted text names accounts only: null
])
def test_each_post_carries_its_authors_stable_id_or_null(
        command: str, name: str, ids: dict[str, str]) -> None:
    posts = _posts(command, ROOT / name)
    assert posts and all("author_id" in post for post in posts)
    named = {post["author"]: post["author_id"] for post in posts if post.get("author")}
    if ids:
        assert named == ids
    else:
        assert all(post["author_id"] is None for post in posts)
    for post in posts:  # right after who the author is
        keys = list(post)
        before = next(key for key in ("author_kind", "links", "line") if key in post)
        assert keys[keys.index(before) + 1] == "author_id"

def test_a_renamed_account_is_one_id_under_its_latest_handle(tmp_path: Path) -> None:
    """The CSV self-thread of an account renamed between two fetches: one id, one handle."""
    path = tmp_path / "rows.csv"
    path.write_text("message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
                    "1002,42,elbe_blick_neu,,1001,Der Artikel ist eine Kopie. 2/2,1718100300,\n"
                    "1001,42,elbe_blick,,,Ein Thread zur gefälschten Seite 1/2,1718100000,\n",
                    "utf-8")
    posts = _posts("thread", path)
    assert [(post["author"], post["author_id"]) for post in posts] == [
        ("elbe_blick_neu", "42")] * 2
