from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.models import PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_archive_tweets_with_string_numbers() -> None:
    dump = parse_dump((FIXTURES / "tweets.js").read_text("utf-8"))
    assert dump.format == "x-archive" and len(dump.posts) == 4
    by_id = {p.post_id: p for p in dump.posts}
    assert by_id["163"].reply_to == "162"
    assert by_id["162"].urls == ("https://www.spiegel.de/netzwelt/klon",)
    assert by_id["161"].created_at == "2023-07-14T09:11:00Z"
    assert {p.author for p in dump.posts} == {"mark_archiv"}  # guessed from self-replies


def test_old_tweet_js_name_and_bare_records() -> None:
    dump = parse_dump('window.YTD.tweet.part0 = [{"tweet": {"id_str": "5", "full_text": "hi"}}]')
    assert dump.format == "x-archive"
    assert dump.posts[0].text == "hi" and dump.posts[0].author is None


def test_archive_retweets_and_quotes() -> None:
    dump = parse_dump((FIXTURES / "tweets_with_retweets.js").read_text("utf-8"))
    kinds = [(p.kind, p.repost_of, p.quote_of) for p in dump.posts]
    assert kinds[1] == (PostKind.REPOST, "@osint_mo", None)  # "RT @osint_mo: …", no id kept
    assert kinds[4] == (PostKind.QUOTE, None, "1797000000000000400")
    assert [p.kind for p in dump.posts[2:4]] == [PostKind.REPLY, PostKind.REPLY]
    assert dump.posts[2].reply_to_author == "lena_hartmann_dis"


def test_v11_tweets_one_per_line() -> None:
    dump = parse_dump((FIXTURES / "v11_tweets.jsonl").read_text("utf-8"))
    assert dump.format == "x-archive"
    assert [p.author for p in dump.posts] == ["lena_hartmann_dis"] * 3
    retweet = dump.posts[1]
    assert retweet.kind is PostKind.REPOST and retweet.repost_of == "1799000000000000050"
    assert [p.author for p in dump.context] == ["osint_mo"]


def test_an_odd_entry_among_the_tweets_is_skipped_not_the_archive() -> None:
    prefix, array = (FIXTURES / "tweets.js").read_text("utf-8").split("=", 1)
    entries = json.loads(array)
    entries.insert(1, {"like": {"tweetId": "1", "fullText": "1/2 nicht meins"}})
    dump = parse_dump(f"{prefix}= {json.dumps(entries)}")
    assert dump.format == "x-archive" and len(dump.posts) == 4
    assert dump.warnings == ("X archive: 1 record(s) that are not tweets skipped",)
