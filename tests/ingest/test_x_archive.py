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


def test_v11_search_page_is_read_as_its_tweets() -> None:
    """GET search/tweets.json answers ``{"statuses": [...], "search_metadata": {...}}``."""
    dump = parse_dump((FIXTURES / "v11_search_page.json").read_text("utf-8"))
    assert dump.format == "x-archive" and dump.warnings == ()
    reply, second, first = dump.posts
    assert [p.author for p in dump.posts] == ["ines_liest", "kai_faktencheck", "kai_faktencheck"]
    assert (reply.reply_to, reply.reply_to_author) == (second.post_id, "kai_faktencheck")
    assert second.reply_to == first.post_id and second.created_at == "2024-07-13T09:02:00Z"
    assert second.urls == ("https://tagesschau.example-news.net/inland/wahl",)


def test_premium_search_pages_one_a_line_and_an_empty_page() -> None:
    """The premium search API lists its tweets in ``results``; an empty page is no record."""
    statuses = json.loads((FIXTURES / "v11_search_page.json").read_text("utf-8"))["statuses"]
    pages = [{"results": statuses[:2], "next": "abc"}, {"results": statuses[2:]},
             {"results": [], "requestParameters": {"maxResults": 100}}]
    dump = parse_dump("\n".join(json.dumps(page) for page in pages))
    assert dump.format == "x-archive" and len(dump.posts) == 3 and dump.warnings == ()


def test_streamed_tweet_cut_at_140_is_read_whole_from_extended_tweet() -> None:
    """The cut text ends in a t.co link to the tweet itself; the whole text and the author's
    links are in ``extended_tweet``."""
    dump = parse_dump((FIXTURES / "v11_stream_extended.jsonl").read_text("utf-8"))
    first, second = dump.posts
    assert first.text.endswith("Briefkastenfirma zeigt. 1/2") and first.urls == ()
    assert second.text.endswith("Landesmedienanstalt. 2/2")
    assert second.urls == ("https://lokalblatt-liste.example.org/2024",)
    assert second.reply_to == first.post_id


def test_tweet_cut_without_extended_tweet_has_no_link_to_itself() -> None:
    """The REST API without ``tweet_mode=extended`` cuts a long tweet the same way and sends
    no ``extended_tweet``: the cut text is all there is, its link to itself is no link, and
    its t.co is cut from the text (``audit`` listed it as a shortener not followed)."""
    lines = (FIXTURES / "v11_stream_extended.jsonl").read_text("utf-8").splitlines()
    cut = [{k: v for k, v in json.loads(line).items() if k != "extended_tweet"} for line in lines]
    first, second = parse_dump("\n".join(json.dumps(t) for t in cut)).posts
    assert first.text.endswith("in derselbe…") and first.urls == ()
    assert second.text.endswith("ich ergänze …") and "https://t.co/Hb3nVc7Kpq" in second.text
    assert second.urls == ("https://lokalblatt-liste.example.org/2024",)


def test_thousands_of_links_to_itself_are_cut_in_linear_time() -> None:
    """A cut tweet ending in 60 000 t.co links to itself among 60 000 others (hostile) took
    minutes when each cut copied the text and each link was looked for among the cut ones;
    its own links are left out and cut from its text, the others stay."""
    mine = [{"url": f"https://t.co/s{n}", "expanded_url": "https://twitter.com/i/web/status/7"}
            for n in range(60_000)]
    others = [{"url": f"https://t.co/o{n}", "expanded_url": f"https://o{n}.example/"}
              for n in range(60_000)]
    body = " ".join(["Words", *(u["url"] for u in others), *(u["url"] for u in reversed(mine))])
    tweet = {"id_str": "7", "text": body, "truncated": True, "user": {"screen_name": "a"},
             "entities": {"urls": others + mine}}
    [post] = parse_dump(json.dumps([tweet])).posts
    assert post.text == " ".join(["Words", *(u["url"] for u in others)])
    assert len(post.urls) == 60_000


def test_a_short_link_is_paired_with_its_expanded_url() -> None:
    dump = parse_dump((FIXTURES / "tweets.js").read_text("utf-8"))
    paired = [post.expansions for post in dump.posts if post.expansions]
    assert paired == [(("https://t.co/Ab12Cd34Ef", "https://www.spiegel.de/netzwelt/klon"),)]
