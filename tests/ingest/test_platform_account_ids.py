"""The stable account id (``Post.author_id``) of the exports that name one besides a name:
Telegram's ``from_id`` peer, Reddit's ``author_fullname``, a YouTube channel id, twint's
``user_id``; null only where the record names none.

Records are ours, written in the shapes the tools export (a Desktop ``result.json``, a
Telethon ``to_dict()``, a Reddit listing and a Pushshift line, the YouTube Data API's
comment threads, youtube-comment-downloader's lines, twint's JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from threadscope.bots.cluster import accounts_of
from threadscope.ingest import parse_dump

ROOT = Path(__file__).resolve().parents[2]


def _ids(dump_text: str) -> list[tuple[str | None, str | None]]:
    return [(post.author, post.author_id) for post in parse_dump(dump_text).posts]


def _desktop(kind: str, *messages: dict[str, Any]) -> str:
    return json.dumps({"name": "Kiesel Kanal", "type": kind, "id": 4455667788,
                       "messages": list(messages)}, ensure_ascii=False)


def _message(number: int, **fields: Any) -> dict[str, Any]:
    return {"id": number, "type": "message", "date": "2024-05-14T09:30:00",
            "date_unixtime": str(1715671800 + number), "text": f"Nachricht {number}",
            "text_entities": [{"type": "plain", "text": f"Nachricht {number}"}], **fields}


# --------------------------------------------------------------------------- Telegram


def test_a_desktop_sender_is_its_from_id_whatever_name_it_shows() -> None:
    found = _ids(_desktop(
        "private_supergroup",
        _message(1, **{"from": "Heike B.", "from_id": "user5012345678"}),
        _message(2, **{"from": "Heike Brandt", "from_id": "user5012345678"}),  # renamed
        _message(3, **{"from": None, "from_id": "user6120044931"}),  # a deleted account
        _message(4, **{"from": "Alte Version", "from_id": 6120044932}),  # an older export
        _message(5, **{"from": "Nur ein Name"})))  # no id: a name is no account
    assert found == [("Heike B.", "user5012345678"), ("Heike Brandt", "user5012345678"),
                     ("user6120044931", "user6120044931"), ("Alte Version", "6120044932"),
                     ("Nur ein Name", None)]


def test_a_channel_post_without_a_sender_is_the_channels_own() -> None:
    channel = _desktop("public_channel", _message(1), _message(2, **{
        "from": "Kiesel Kanal", "from_id": "channel4455667788"}))
    assert _ids(channel) == [("Kiesel Kanal", "channel4455667788")] * 2
    group = _desktop("private_group", _message(1))  # a group's message names no one
    assert _ids(group) == [("Kiesel Kanal", None)]


def test_telethon_messages_carry_their_peer_as_the_id() -> None:
    lines = [
        {"_": "Message", "id": 7, "peer_id": {"_": "PeerChannel", "channel_id": 55},
         "date": "2024-05-14T07:30:00+00:00", "message": "Kanalpost", "from_id": None},
        {"_": "Message", "id": 8, "peer_id": {"_": "PeerChannel", "channel_id": 56},
         "date": "2024-05-14T07:31:00+00:00", "message": "Kommentar",
         "from_id": {"_": "PeerUser", "user_id": 77}},
        {"_": "Message", "id": 9, "peer_id": {"_": "PeerUser", "user_id": 78}, "out": True,
         "date": "2024-05-14T07:32:00+00:00", "message": "Eigene Nachricht", "from_id": None},
    ]
    found = _ids("\n".join(json.dumps(line) for line in lines))
    assert found == [("channel55", "channel55"), ("user77", "user77"), (None, None)]


def test_bots_counts_a_renamed_telegram_sender_once_and_namesakes_twice() -> None:
    """Before, each name a sender went by was an account of its own to ``bots``."""
    messages = [_message(n, **{"from": name, "from_id": sender})
                for n, (name, sender) in enumerate([
                    ("Heike B.", "user501"), ("Heike Brandt", "user501"),
                    ("Anna", "user601"), ("Anna", "user602")], 1)]
    owners = accounts_of(list(parse_dump(_desktop("public_supergroup", *messages)).posts))
    assert owners[0] is owners[1]
    assert (owners[0].name, owners[0].id) == ("Heike Brandt", "user501")  # the latest name
    assert [(owner.name, owner.id) for owner in owners[2:]] == [
        ("Anna (user601)", "user601"), ("Anna (user602)", "user602")]


# --------------------------------------------------------------------------- Reddit


def _comment(name: str, author: str, fullname: str | None) -> dict[str, Any]:
    data = {"id": name, "name": f"t1_{name}", "author": author, "body": "Quelle fehlt",
            "link_id": "t3_kies01", "parent_id": "t3_kies01", "created_utc": 1715671800.0}
    if fullname is not None:
        data["author_fullname"] = fullname
    return {"kind": "t1", "data": data}


def test_reddit_authors_are_their_full_names_and_deleted_ones_none() -> None:
    listing = {"kind": "Listing", "data": {"after": None, "children": [
        _comment("c1", "kiesel_forscherin", "t2_8kq2x"),
        _comment("c2", "[deleted]", None),
        _comment("c3", "altes_konto", None),  # an archive record older than the field
    ]}}
    assert _ids(json.dumps(listing)) == [("kiesel_forscherin", "t2_8kq2x"), (None, None),
                                         ("altes_konto", None)]
    pushshift = {"id": "c4", "author": "sandkorn_7", "author_fullname": "t2_1w72",
                 "body": "Stimmt nicht", "link_id": "t3_kies01", "parent_id": "t1_c1",
                 "created_utc": 1715671900, "subreddit": "de"}
    assert _ids(json.dumps(pushshift) + "\n" + json.dumps(pushshift | {"id": "c5"})) == [
        ("sandkorn_7", "t2_1w72")] * 2


def test_a_live_update_names_no_account_id() -> None:
    path = ROOT / "fixtures" / "threads" / "reddit_live_thread.jsonl"
    posts = parse_dump(path.read_text("utf-8")).posts
    assert posts and all(post.author_id is None for post in posts)


# --------------------------------------------------------------------------- YouTube


def test_youtube_comments_are_their_channels() -> None:
    api = parse_dump((ROOT / "fixtures" / "threads" /
                      "youtube_api_comment_threads.json").read_text("utf-8"))
    assert api.posts and all(post.youtube is not None and post.youtube.author_channel
                             and post.author_id == post.youtube.author_channel
                             for post in api.posts)
    lines = [{"cid": "UgxA1", "text": "Quelle?", "time": "vor 2 Tagen", "author": "@lea_liest",
              "channel": "UCkiesel0000000000000003", "votes": "0", "replies": "", "photo": "",
              "heart": False, "reply": False},
             {"cid": "UgxA2", "text": "Genau", "time": "vor 1 Tag", "author": "Nur Name",
              "votes": "0", "replies": "", "photo": "", "heart": False, "reply": False}]
    assert _ids("\n".join(json.dumps(line) for line in lines)) == [
        ("lea_liest", "UCkiesel0000000000000003"), ("Nur Name", None)]


def test_a_video_is_its_channels() -> None:
    video = {"kind": "youtube#videoListResponse", "items": [{
        "kind": "youtube#video", "id": "vid00000001",
        "snippet": {"publishedAt": "2024-05-14T09:00:00Z", "channelId": "UCkanal00000000000000001",
                    "channelTitle": "Kiesel TV", "title": "Die Studie"}}]}
    context = parse_dump(json.dumps(video)).context
    assert [(post.author, post.author_id) for post in context] == [
        ("Kiesel TV", "UCkanal00000000000000001")]


# --------------------------------------------------------------------------- twint


@pytest.mark.parametrize("name", ["twint_tweets.json", "twint_tweets.csv"])
def test_twint_tweets_are_their_user_ids_and_retweets_the_retweeters(name: str) -> None:
    posts = parse_dump((ROOT / "fixtures" / "bots" / name).read_text("utf-8")).posts
    by_author = {post.author: post.author_id for post in posts}
    assert by_author["kiesel_watch"] == "7001"
    assert by_author["Jutta_Pohl_60311"] == "7101"  # the retweeter, not the original's author
