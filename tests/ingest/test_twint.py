"""twint's CSV and JSON: the fixtures were written by twint 2.1.20's own
storage/write_meta.py and the writer calls of storage/write.py, from made-up tweets."""

from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.csv_input import read_csv
from threadscope.ingest.replies import open_replies
from threadscope.ingest.twint import id_time
from threadscope.models import Post, PostKind
from threadscope.threads import reassemble

BOTS = Path(__file__).resolve().parents[2] / "fixtures" / "bots"
ROOT_ID = "1256191637713846273"
RETWEETERS = ["Jutta_Pohl_60311", "Uwe_Kramer_81920", "Silke_Bauer_12088"]


def _check(posts: list[Post]) -> None:
    assert [p.author for p in posts] == [
        "kiesel_watch", "kiesel_watch", *RETWEETERS, "sandkorn_7", "geroell_fan"]
    assert [p.kind for p in posts] == [
        PostKind.ORIGINAL, PostKind.REPLY, PostKind.REPOST, PostKind.REPOST, PostKind.REPOST,
        PostKind.QUOTE, PostKind.REPLY]
    first, second, retweet, _, _, quote, reply = posts
    assert first.post_id == ROOT_ID and first.created_at == "2020-05-01T12:00:00Z"
    assert first.urls == ("https://kieselstudie-echt.info/bericht",)
    assert first.display_name == "Kiesel Watch"
    assert second.reply_to == ROOT_ID and second.conversation_id == ROOT_ID
    # a retweet's row is the original's: the retweeter, the retweet's own id and time
    assert retweet.post_id == "1256192178779062283" and retweet.repost_of == ROOT_ID
    assert retweet.created_at == "2020-05-01T12:02:09Z" and retweet.display_name is None
    assert quote.quote_of == ROOT_ID and quote.reply_to is None
    assert reply.reply_to == ROOT_ID and reply.urls == ()


def test_csv_rows_by_what_the_columns_mean() -> None:
    stream = open_replies(str(BOTS / "twint_tweets.csv"))
    posts = list(stream)
    assert stream.format == "csv" and stream.warnings == []  # no retweet taken for a repeat
    _check(posts)


def test_csv_read_whole_as_streamed() -> None:
    text = (BOTS / "twint_tweets.csv").read_text("utf-8")
    _check(list(read_csv(text)))


def test_json_lines() -> None:
    dump = parse_dump((BOTS / "twint_tweets.json").read_text("utf-8"))
    assert dump.format == "twint" and dump.warnings == ()
    _check(list(dump.posts))
    stream = open_replies(str(BOTS / "twint_tweets.json"))
    _check(list(stream))
    assert stream.format == "twint"


def test_the_author_s_tweets_of_one_conversation_make_a_thread() -> None:
    result = reassemble((BOTS / "twint_tweets.json").read_text("utf-8"))
    (thread,) = result.threads
    assert thread.author == "kiesel_watch" and len(thread.posts) == 2


def test_named_columns_keep_the_generic_reading() -> None:
    text = (BOTS / "twint_tweets.csv").read_text("utf-8")
    posts = read_csv(text, {"author": "username", "text": "tweet"})
    assert [p.author for p in posts][2:5] == ["kiesel_watch"] * 3


def test_id_time_of_an_x_id() -> None:
    assert id_time("1256192178779062283") == "2020-05-01T12:02:09Z"
    assert id_time("20") is None and id_time("12ab") is None and id_time(None) is None
    assert id_time("1" * 19) is not None  # ids run past 2**63 in time: still read
    id_time("9" * 20)  # past the dates Python knows, or not: no exception either way


def test_hostile_cells_are_missing_values() -> None:
    header = (BOTS / "twint_tweets.csv").read_text("utf-8").splitlines()[0]
    rows = [header,
            ",,,,,,,,,,hello,,\"[{[]: 1}]\",,,,,,,,True,,,,,,,,99999999999999999999999",
            "x,,,,,,,,,,hi,,\"['a.de', 3, None\",,,,,,,,maybe,not a url"]
    posts = read_csv("\n".join(rows) + "\n")
    assert [p.text for p in posts] == ["hello", "hi"]
    assert posts[0].kind is PostKind.REPOST and posts[0].author is None
    assert posts[1].urls == () and posts[1].quote_of is None
    record = json.loads((BOTS / "twint_tweets.json").read_text("utf-8").splitlines()[0])
    record.update(urls={"a": 1}, retweet="yes", id=None, created_at=[1])
    (post,) = parse_dump(json.dumps(record)).posts
    assert post.urls == () and post.post_id is None and post.created_at is None


def test_a_time_written_in_a_local_zone_is_the_ids_time() -> None:
    """Later twint versions write ``2020-05-01 14:00:00 CEST`` (the scraping machine's zone,
    by a name no parser reads): the tweet's id holds the UTC time exactly."""
    lines = (BOTS / "twint_tweets.json").read_text("utf-8").splitlines()
    record = json.loads(lines[0])
    record["created_at"] = "2020-05-01 14:00:00 CEST"
    (post,) = parse_dump(json.dumps(record)).posts
    assert post.created_at is not None and post.created_at == id_time(post.post_id)
