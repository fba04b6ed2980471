from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.ingest.x_archive import ArchiveFacts, read_x_archive
from threadscope.models import AuthorKind, Post, PostKind

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


def _parts(tmp_path: Path) -> list[Path]:
    """``tweets.js`` cut in two files, as a large archive continues in ``tweets-part1.js``."""
    text = (FIXTURES / "tweets.js").read_text("utf-8")
    entries = json.loads(text[text.index("["):])
    paths = []
    for number, part in enumerate((entries[:2], entries[2:])):
        path = tmp_path / ("tweets.js" if number == 0 else f"tweets-part{number}.js")
        path.write_text(f"window.YTD.tweets.part{number} = {json.dumps(part, indent=2)}\n",
                        "utf-8")
        paths.append(path)
    return paths


def test_an_archives_parts_given_one_after_another_are_one_archive(tmp_path: Path) -> None:
    """FORMATS.md: large archives continue in ``tweets-part1.js``, …: ``cat data/tweets*.js``
    is read as one archive (a thread crossing the parts is whole); before, as plain text."""
    whole = parse_dump((FIXTURES / "tweets.js").read_text("utf-8"))
    paths = _parts(tmp_path)
    joined = "".join(path.read_text("utf-8") for path in paths)
    for glue in ("", ";\n", "\n\n"):
        dump = parse_dump(joined.replace("\nwindow.YTD", glue + "window.YTD"))
        assert dump.format == "x-archive" and dump.posts == whole.posts
    assert [len(parse_dump(path.read_text("utf-8")).posts) for path in paths] == [2, 2]
    assert parse_dump(joined + "und dann etwas anderes").format == "text"
    concatenated = tmp_path / "all.js"
    concatenated.write_text(joined, "utf-8")
    assert [p.post_id for p in open_replies(str(concatenated))] == [
        p.post_id for p in open_replies(str(FIXTURES / "tweets.js"))]


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


# --------------------------------------------------------------------------- the owner, one a line

BOTS = FIXTURES.parent / "bots"
ONE_A_LINE = FIXTURES / "tweets_one_a_line.jsonl"
"""``tweets.js``'s entries one a line (``jq -c '.[]'``): the self-reply that names the owner
comes before the tweet it answers."""
WITH_ACCOUNT = BOTS / "x_archive_with_account.jsonl"
"""An archive's tweets one a line, none answering another of them, and on the last line the
entry of ``data/account.js`` (``cat tweets.jsonl account.jsonl``)."""


def _streamed(path: Path) -> tuple[list[Post], list[str]]:
    stream = open_replies(str(path))
    posts = list(stream)
    return [replace(p, line=0) for p in posts], stream.warnings


def _whole(text: str) -> tuple[list[Post], tuple[str, ...]]:
    dump = parse_dump(text)
    return [replace(p, line=0) for p in dump.posts], dump.warnings


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def _tweets_js(lines: list[str]) -> str:
    return "window.YTD.tweets.part0 = [" + ",\n".join(lines) + "]"


def test_tweets_one_a_line_name_the_owner_the_whole_tweets_js_names() -> None:
    streamed, warnings = _streamed(ONE_A_LINE)
    whole, said = _whole((FIXTURES / "tweets.js").read_text("utf-8"))
    assert streamed == whole and warnings == [] and said == ()
    assert {(p.author, p.author_kind) for p in streamed} == {("mark_archiv", AuthorKind.HANDLE)}


def test_the_account_entry_names_the_owner_from_any_line() -> None:
    """Last in the stream or first, in the file read whole or streamed: every tweet is the
    account's, shown by its display name too."""
    lines = _lines(WITH_ACCOUNT)
    streamed, warnings = _streamed(WITH_ACCOUNT)
    assert warnings == []
    assert {(p.author, p.display_name) for p in streamed} == {("ines_liest", "Ines liest nach")}
    assert _whole("\n".join(lines)) == (streamed, ())
    assert _whole("[" + ",".join(lines) + "]") == (streamed, ())
    reordered = [lines[-1], *lines[:-1]]
    assert _whole("\n".join(reordered)) == (streamed, ())


def test_a_line_waits_on_nothing_once_the_account_entry_has_come() -> None:
    """Only the account entry settles a tweet before the archive has ended: which reply is the
    first to answer one of its tweets is known only then. A reply waits for the end all the
    same: a later tweet may show the account it answers renamed (``AccountFacts``)."""
    facts = ArchiveFacts()
    account, reply = (json.loads(line) for line in _lines(WITH_ACCOUNT)[-1:-3:-1])
    tweet = {"tweet": {key: value for key, value in reply["tweet"].items()
                       if not key.startswith("in_reply_to")}}
    waiting = read_x_archive([tweet, reply], facts)
    (post, answer), (wait, answer_wait) = waiting.dump.posts, waiting.waits
    assert post.author is None and wait is not None and answer_wait is not None
    assert wait.settle(post, final=False) is None
    assert read_x_archive([account], facts).dump.posts == ()
    settled = wait.settle(post, final=False)
    assert settled is not None and settled.author == "ines_liest"
    assert answer_wait.settle(answer, final=False) is None
    ended = answer_wait.settle(answer, final=True)
    assert ended is not None and ended.author == "ines_liest"


def test_the_account_entry_outranks_a_self_reply(tmp_path: Path) -> None:
    """An owner who renamed the account: old self-replies give the old name, the account
    entry the name it has now; the entry wins on every line, as in the file read whole."""
    account = json.dumps({"account": {"username": "mark_neu", "accountId": "42"}})
    lines = [*_lines(ONE_A_LINE), account]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    streamed, _ = _streamed(path)
    assert {p.author for p in streamed} == {"mark_neu"}
    assert _whole("\n".join(lines))[0] == streamed


def test_an_archive_that_never_names_its_owner_says_so_streamed_and_whole(
        tmp_path: Path) -> None:
    lines = _lines(WITH_ACCOUNT)[:-1]
    path = tmp_path / "tweets.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    streamed, warnings = _streamed(path)
    whole, said = _whole(_tweets_js(lines))
    assert streamed == whole and {p.author for p in streamed} == {None}
    assert warnings == list(said) == [
        "X archive: 4 tweet(s) without an author: the archive does not name its owner (no "
        "data/account.js entry, no reply to one of its own tweets); add the account.js entry "
        "to the input to name them"]


def test_account_js_alone_says_where_the_tweets_are() -> None:
    dump = parse_dump('window.YTD.account.part0 = [{"account": {"username": "ines_liest", '
                      '"accountId": "1450000000000000001"}}]')
    assert dump.format == "x-archive" and dump.posts == ()
    assert dump.warnings == ("X archive: an account entry (data/account.js) and no tweets; "
                             "an archive's tweets are in data/tweets.js",)


def test_a_short_link_is_paired_with_its_expanded_url() -> None:
    dump = parse_dump((FIXTURES / "tweets.js").read_text("utf-8"))
    paired = [post.expansions for post in dump.posts if post.expansions]
    assert paired == [(("https://t.co/Ab12Cd34Ef", "https://www.spiegel.de/netzwelt/klon"),)]


def test_a_v11_tweet_says_when_its_authors_account_was_made() -> None:
    """``user.created_at`` (Twitter's classic time format): the young-account signal of
    ``bots`` reads it, as it reads X API v2's ``users``; it was left out."""
    dump = parse_dump((FIXTURES / "v11_tweets.jsonl").read_text("utf-8"))
    lena = [post for post in dump.posts if post.author == "lena_hartmann_dis"]
    assert lena and {post.author_created_at for post in lena} == {"2015-04-02T10:00:00Z"}


# --------------------------------------------------------------------------- data/verified.js

def _verified(value: bool, account_id: str = "1450000000000000001") -> str:
    return json.dumps({"verified": {"accountId": account_id, "verified": value}})


def test_verified_js_with_the_tweets_says_the_owner_is_verified() -> None:
    """``cat tweets.js verified.js``, or its entry first: every tweet of the owner is
    labelled as X's ``verified`` says; ``false`` is no label."""
    tweets = (FIXTURES / "tweets.js").read_text("utf-8")
    for verified in (True, False):
        entry = f"window.YTD.verified.part0 = [{_verified(verified)}]"
        for text in (f"{tweets}\n{entry}", f"{entry}\n{tweets}"):
            dump = parse_dump(text)
            assert dump.format == "x-archive" and dump.warnings == ()
            expected = ("X: verified",) if verified else ()
            assert {post.author_labels for post in dump.posts} == {expected}


def test_verified_js_one_a_line_before_the_tweets_streams_as_read_whole(
        tmp_path: Path) -> None:
    lines = _lines(WITH_ACCOUNT)
    ordered = [_verified(True), lines[-1], *lines[:-1]]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(ordered) + "\n", "utf-8")
    streamed, warnings = _streamed(path)
    assert warnings == [] and _whole("\n".join(ordered)) == (streamed, ())
    assert {p.author_labels for p in streamed} == {("X: verified",)}


def test_another_accounts_verified_js_labels_nothing() -> None:
    lines = _lines(WITH_ACCOUNT)
    posts, _ = _whole("\n".join([*lines, _verified(True, account_id="42")]))
    assert {p.author_labels for p in posts} == {()}
    posts, _ = _whole("\n".join([*lines, _verified(True)]))
    assert {p.author_labels for p in posts} == {("X: verified",)}


def test_a_timeline_in_an_array_beside_a_single_tweet_is_read_as_one_a_line() -> None:
    """``json.dump([tweet, timeline])``: the timeline's tweets were dropped (one post of
    three), where the two answers one a line gave all three."""
    lines = (FIXTURES / "v11_tweets.jsonl").read_text("utf-8").splitlines()
    tweets = [json.loads(line) for line in lines if line.strip()]
    answers = [tweets[0], tweets[1:]]
    array = parse_dump(json.dumps(answers))
    as_lines = parse_dump("\n".join(json.dumps(answer) for answer in answers))
    assert [p.post_id for p in array.posts] == [p.post_id for p in as_lines.posts]
    assert len(array.posts) == len(tweets)
