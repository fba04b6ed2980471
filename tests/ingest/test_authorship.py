"""Every reader says what its authors are: a handle, a display name or an account id.

Fixtures in ``fixtures/`` are real shapes of each source; the few records built here are in
the shapes those sources write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.authorship import as_handle, as_id, as_name, shown_kind
from threadscope.ingest.csv_input import read_csv
from threadscope.models import AuthorKind

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
HANDLE, NAME, ID = AuthorKind.HANDLE, AuthorKind.NAME, AuthorKind.ID


def kinds(path: str) -> dict[str, AuthorKind | None]:
    dump = parse_dump((ROOT / path).read_text("utf-8"))
    return {post.author: post.author_kind for post in dump.posts if post.author}


def test_no_author_has_no_kind() -> None:
    assert (as_handle(None), as_name(""), as_id(None)) == (None, None, None)
    assert (as_handle("a"), as_name("a"), as_id("a")) == (HANDLE, NAME, ID)


@pytest.mark.parametrize(("shown", "kind"), [("@KieselKanal", HANDLE), ("Anna Schmidt", NAME),
                                             ("Anna", NAME), ("@", NAME), ("@Anna Schmidt", NAME)])
def test_a_shown_name_is_a_handle_where_it_is_written_with_at(shown: str,
                                                              kind: AuthorKind) -> None:
    assert shown_kind(shown) is kind


@pytest.mark.parametrize("path", [
    "threads/x_api_v2.json", "threads/twarc2_flat.jsonl", "threads/tweets.js",
    "threads/v11_tweets.jsonl", "threads/x_web_interleaved.txt", "threads/bluesky_thread.json",
    "threads/mastodon_context.json", "threads/meta_threads_conversation.json",
    "threads/reddit_comments.json", "threads/snscrape_twitter.jsonl",
    "threads/snscrape_other_modules.jsonl", "bots/twint_tweets.json",
    "bots/replies_bluesky_labelled.json",
])
def test_platforms_that_name_accounts_by_handle_give_handles(path: str) -> None:
    found = kinds(path)
    assert found and set(found.values()) == {HANDLE}


def test_telegram_desktop_gives_the_senders_display_name() -> None:
    assert set(kinds("threads/telegram_desktop_channel.json").values()) == {NAME}
    comments = kinds("bots/telegram_discussion_comments.json")
    assert comments["Marta Vogel (user6701234501)"] is NAME


def test_a_telegram_desktop_sender_without_a_name_is_its_account_id() -> None:
    chat = {"name": "Kanal", "type": "public_channel", "id": 55, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1715671800", "from": None,
         "from_id": "user123456789", "text": "x"},
        {"id": 2, "type": "message", "date_unixtime": "1715671860", "from": "user123456789",
         "from_id": "user5550001", "text": "y"}]}
    posts = parse_dump(json.dumps(chat)).posts
    assert [(p.author, p.author_kind) for p in posts] == [
        ("user123456789", ID), ("user123456789", NAME)]


def test_telethon_names_senders_by_their_peer_id() -> None:
    assert set(kinds("threads/telethon_channel.jsonl").values()) == {ID}


def test_youtube_shows_handles_with_at_and_older_channels_by_name() -> None:
    found = kinds("threads/youtube_api_comment_threads.json")
    assert found["KieselKanal"] is HANDLE
    assert {kind for author, kind in found.items() if author.startswith("Anna Schmidt")} == {NAME}


def test_youtube_comment_downloader_name_without_at_is_a_name_and_no_name_the_channel_id() -> None:
    lines = [
        {"cid": "Ugw1", "text": "a", "time": "2 days ago", "author": "@lea_liest",
         "channel": "UCleaaaaaaaaaaaaaaaaaaaa", "votes": "0", "replies": "", "heart": False,
         "reply": False},
        {"cid": "Ugw2", "text": "b", "time": "2 days ago", "author": "Lea Liest",
         "channel": "UClea2aaaaaaaaaaaaaaaaaa", "votes": "0", "replies": "", "heart": False,
         "reply": False},
        {"cid": "Ugw3", "text": "c", "time": "2 days ago", "author": "",
         "channel": "UCnonameaaaaaaaaaaaaaaaa", "votes": "0", "replies": "", "heart": False,
         "reply": False},
    ]
    posts = parse_dump("\n".join(map(json.dumps, lines))).posts
    assert [(p.author, p.author_kind) for p in posts] == [
        ("lea_liest", HANDLE), ("Lea Liest", NAME), ("UCnonameaaaaaaaaaaaaaaaa", ID)]


def test_a_jetstream_author_is_a_did_until_an_identity_event_gives_its_handle() -> None:
    found = kinds("threads/bluesky_jetstream.jsonl")
    assert {kind for author, kind in found.items() if author.startswith("did:")} == {ID}
    assert found["lea-sommer.bsky.social"] is HANDLE
    assert set(kinds("threads/bluesky_list_records.json").values()) == {ID}


@pytest.mark.parametrize(("header", "row", "kind"), [
    ("screen_name,text", "anna_k,hallo", HANDLE),
    ("author,text", "@anna_k,hallo", HANDLE),
    ("author,text", "Anna Weber,hallo", NAME),  # no handle has a space in it
    ("name,text", "Anna,hallo", NAME),
    ("display_name,text", "anna_k,hallo", NAME),
])
def test_a_csv_author_is_a_handle_unless_its_column_or_cell_says_name(
    header: str, row: str, kind: AuthorKind
) -> None:
    columns = {"author": header.split(",")[0]} if header.startswith(("name", "display")) else None
    (post,) = read_csv(f"{header}\n{row}\n", columns)
    assert post.author_kind is kind


def test_twint_and_youtube_csv_say_what_their_columns_mean() -> None:
    twint = read_csv((ROOT / "bots" / "twint_tweets.csv").read_text("utf-8"))
    assert {p.author_kind for p in twint if p.author} == {HANDLE}
    youtube = read_csv((ROOT / "bots" / "youtube_comments.csv").read_text("utf-8-sig"))
    assert {p.author_kind for p in youtube if p.author} == {HANDLE}  # all shown as @handle
