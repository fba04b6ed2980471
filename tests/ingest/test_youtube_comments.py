"""youtube-comment-downloader's output: the fixtures were written by its own CommentWriter
(0.1.84) in each of its formats, from made-up comments in the shape its downloader yields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.csv_input import read_csv
from threadscope.ingest.replies import open_replies
from threadscope.models import Post, PostKind, YoutubeIds

BOTS = Path(__file__).resolve().parents[2] / "fixtures" / "bots"
TOP = "UgxKiesel0001AaBbCc4AaABAg"


def _check(posts: list[Post]) -> None:
    assert [p.author for p in posts] == [
        "Bernd_Kowalski_40511", "sandkorn_7", "Bernd_Kowalski_40511", "lea_liest"]
    assert [p.kind for p in posts] == [
        PostKind.ORIGINAL, PostKind.REPLY, PostKind.REPLY, PostKind.ORIGINAL]
    assert posts[0].post_id == TOP and posts[1].reply_to == posts[2].reply_to == TOP
    assert posts[2].text == "Steht doch da: https://kieselstudie-echt.info/beweis"
    assert {p.created_at for p in posts} == {None}  # "2 days ago" is no time
    # no video, no channel: no owner to be known (``heart`` is the channel's, on lea's comment)
    assert posts[0].youtube == YoutubeIds(author_channel="UCkiesel0000000000000001")
    assert posts[3].youtube == YoutubeIds(author_channel="UCkiesel0000000000000003")
    assert {p.conversation_id for p in posts} == {None}


@pytest.mark.parametrize("name", ["youtube_comments.jsonl", "youtube_comments.json"])
def test_json_lines_and_the_json_document(name: str) -> None:
    dump = parse_dump((BOTS / name).read_text("utf-8"))
    assert dump.format == "youtube" and dump.warnings == ()
    _check(list(dump.posts))
    stream = open_replies(str(BOTS / name))
    _check(list(stream))
    assert stream.format == "youtube"


def test_csv_by_what_the_ids_say() -> None:
    stream = open_replies(str(BOTS / "youtube_comments.csv"))
    _check(list(stream))
    _check(list(read_csv((BOTS / "youtube_comments.csv").read_text("utf-8-sig"))))


def test_semicolon_csv() -> None:
    posts = read_csv("cid;text;time;author;votes\nUgx.9zZ;hi;now;@a;0\n")
    assert posts[0].reply_to == "Ugx" and posts[0].author == "a"


def test_hostile_comments() -> None:
    records = [{"cid": ".", "text": 5, "time": 1, "author": None, "channel": "UC9",
                "votes": 0},
               {"cid": ["x"], "text": "t", "time": None, "author": "@", "channel": None,
                "votes": 0},
               {"comments": "none"}]
    dump = parse_dump("\n".join(json.dumps(r) for r in records))
    assert dump.format == "youtube"
    first, second = dump.posts
    assert first.text == "5" and first.author == "UC9" and first.reply_to is None
    assert second.post_id is None and second.author is None
    assert dump.warnings == ("YouTube: 1 record(s) that are not comments skipped",)
