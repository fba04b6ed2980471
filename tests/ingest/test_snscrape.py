"""snscrape's JSON Lines: the fixtures were written by snscrape's own ``json()`` (0.7.0.20230622
and 0.4.3.20220106) from objects built with made-up text, handles and links."""

from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.across import settle_all
from threadscope.ingest.replies import open_replies
from threadscope.ingest.snscrape import USERS_KEPT, SnscrapeFacts, read_snscrape
from threadscope.models import AuthorKind, PostKind
from threadscope.threads import reassemble

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
THREADS = ROOT / "threads"


def _dump(name: str) -> str:
    return (THREADS / name).read_text("utf-8")


def test_tweets_read_with_authors_times_replies_and_the_links_behind_t_co() -> None:
    dump = parse_dump(_dump("snscrape_twitter.jsonl"))
    assert dump.format == "snscrape"
    # the third tweet's user is a bare UserRef: its id is kiesel_watch's, shown elsewhere
    assert [p.author for p in dump.posts] == [
        "kiesel_watch", "kiesel_watch", "kiesel_watch", "nachtfalke_22", "nachtfalke_22"]
    assert [p.kind for p in dump.posts] == [
        PostKind.ORIGINAL, PostKind.REPLY, PostKind.REPLY, PostKind.REPOST, PostKind.QUOTE]
    first, second, third, retweet, quote = dump.posts
    assert first.text.startswith("1/3 Was die Kieselstudie wirklich sagt & was nicht")
    assert first.urls == ("https://kieselstudie-echt.info/bericht",)  # not the t.co link
    assert first.created_at == "2023-05-01T10:00:00Z"
    assert first.author_created_at == "2016-03-04T05:06:07Z"
    assert first.display_name == "Kiesel Watch"
    assert second.text == "2/3 Die Zahlen stehen auf Seite 4."  # the photo's t.co cut
    assert second.alt_text == ("Tabelle mit Messwerten",)
    assert second.reply_to == first.post_id and second.reply_to_author == "kiesel_watch"
    assert third.reply_to == second.post_id and third.conversation_id == first.post_id
    assert retweet.repost_of == first.post_id
    assert quote.quote_of == "1649999999999999999"


def test_a_quoted_tombstone_is_a_gap_and_said() -> None:
    dump = parse_dump(_dump("snscrape_twitter.jsonl"))
    assert dump.gaps == ("1649999999999999999",)
    assert dump.warnings == ("snscrape: 1 quoted post(s) deleted or not visible",)


def test_the_numbered_tweets_make_one_thread() -> None:
    result = reassemble(_dump("snscrape_twitter.jsonl"))
    assert result.format == "snscrape"
    (thread,) = result.threads
    assert thread.author == "kiesel_watch" and thread.missing == ()
    assert [p.index for p in thread.posts] == [1, 2, 3]


def test_the_older_serialisation_content_and_outlinks() -> None:
    dump = parse_dump(_dump("snscrape_twitter_0_4.jsonl"))
    assert dump.format == "snscrape"
    first, second = dump.posts
    assert first.text.startswith("(1/2) Neue Kiesel-Verordnung")
    assert first.urls == ("https://kiesel-verordnung.info/text",)
    assert second.reply_to == first.post_id == "1450000000000000001"


def test_a_retweet_inline_is_context_not_a_post_of_the_dump() -> None:
    original = json.loads(_dump("snscrape_twitter.jsonl").splitlines()[0])
    retweet = dict(json.loads(_dump("snscrape_twitter.jsonl").splitlines()[3]))
    dump = parse_dump(json.dumps(retweet))
    (post,) = dump.posts
    assert post.kind is PostKind.REPOST
    assert [p.post_id for p in dump.context] == [str(original["id"])]
    assert dump.context[0].line == 2


def test_telegram_mastodon_and_reddit_items() -> None:
    dump = parse_dump(_dump("snscrape_other_modules.jsonl"))
    assert dump.format == "snscrape"
    assert dump.warnings == ("snscrape: 1 record(s) that are not posts skipped",)  # the Channel
    channel, empty, toot, boost, submission, comment = dump.posts
    assert channel.author == "kieselkanal" and channel.post_id == "kieselkanal/812"
    assert channel.urls == ("https://kieselstudie-echt.info/enthuellung",)
    assert channel.card_title == "Die Wahrheit über Kiesel"
    assert channel.created_at == "2023-06-02T08:00:00Z"
    assert empty.text == "" and empty.post_id == "kieselkanal/813"
    assert toot.author == "moos@social.kiesel.example" and toot.display_name == "Moos"
    assert toot.urls == ("https://kieselstudie-echt.info/bericht",)
    assert boost.author == "flechte@social.kiesel.example"
    assert boost.repost_of == toot.post_id and boost.kind is PostKind.REPOST
    assert submission.text == "Kieselstudie: was steckt dahinter?"
    assert submission.urls == ("https://kieselstudie-echt.info/bericht",)
    assert comment.reply_to == submission.post_id == "t3_kz1abc"


def test_hostile_values_are_read_as_missing() -> None:
    lines = [
        {"_type": "snscrape.modules.twitter.Tweet", "id": [1], "user": "x", "date": 5,
         "rawContent": None, "links": "nope", "outlinks": [3, None], "retweetedTweet": [],
         "quotedTweet": {"_type": "snscrape.modules.twitter.Tweet", "id": {"a": 1}}},
        {"_type": "snscrape.modules.mastodon.Boost", "user": None, "toot": "gone"},
        {"_type": "snscrape.modules.telegram.TelegramPost", "url": "ftp://t.me/x/1"},
    ]
    dump = parse_dump("\n".join(json.dumps(line) for line in lines))
    assert dump.format == "snscrape"
    assert [p.text for p in dump.posts] == ["", ""]
    assert dump.posts[0].post_id is None and dump.posts[0].urls == ()
    assert dump.warnings == ("snscrape: 1 record(s) that are not posts skipped",)


def test_bots_reads_the_reply_crowd_streamed() -> None:
    stream = open_replies(str(ROOT / "bots" / "replies_snscrape.jsonl"))
    posts = list(stream)
    assert stream.format == "snscrape" and len(posts) == 13
    reposts = [p for p in posts if p.kind is PostKind.REPOST]
    assert len(reposts) == 4 and {p.repost_of for p in reposts} == {posts[0].post_id}
    assert all(p.urls == ("https://spiegel.pm/wirtschaft/glasfaser-2401",) for p in posts[1:6])


def test_thousands_of_media_links_at_the_end_are_cut_in_linear_time() -> None:
    """A tweet with a photo whose text ends in 100 000 t.co links that are none of its own
    (hostile) took minutes when each cut searched the whole text again; all are cut."""
    record = {"_type": "snscrape.modules.twitter.Tweet", "id": 1, "links": [],
              "rawContent": "Words stay " + " ".join(f"https://t.co/m{n}" for n in range(100_000)),
              "user": {"username": "a"}, "media": [{"_type": "snscrape.modules.twitter.Photo"}]}
    [post] = parse_dump(json.dumps(record)).posts
    assert post.text == "Words stay"


# --------------------------------------------------------------------------- across lines

USER_REFS = ROOT / "bots" / "snscrape_user_refs.jsonl"
"""snscrape 0.7 tweets (each field as its ``json()`` writes them, edited from the fixtures
above): account 4201 tweets twice as a bare ``UserRef`` before a later line shows its full
``User``; 4202 is shown before its ``UserRef``; 4299 is shown on no line; a retweet carries
4201's tweet inline, by ``UserRef``."""


def test_a_user_ref_is_named_by_the_full_user_on_a_later_line() -> None:
    dump = parse_dump(USER_REFS.read_text("utf-8"))
    assert [p.author for p in dump.posts] == [
        "stadtwerke_info", "heimat_echo_44", "heimat_echo_44", "heimat_echo_44",
        "wahrheit_jetzt_19", "heimat_echo_44", "wahrheit_jetzt_19", None]
    assert dump.posts[1].display_name == "Heimat Echo"
    assert dump.posts[1].author_created_at == "2024-01-09T03:04:05Z"
    assert dump.posts[-1].display_name is None  # 4299: no line says who it is
    assert [p.author_kind for p in dump.posts] == [AuthorKind.HANDLE] * 7 + [None]


def test_what_x_says_about_an_account_comes_with_the_full_user() -> None:
    """4100's ``User`` has ``blue`` and ``blueType`` ``Government``, 4202's ``protected``;
    4201's ``blue``, on a later line than its ``UserRef`` tweets, which carry it too."""
    dump = parse_dump(USER_REFS.read_text("utf-8"))
    assert [p.author_labels for p in dump.posts] == [
        ("X: verified (government)",), *[("X: verified (blue)",)] * 3,
        ("X: protected account",), ("X: verified (blue)",), ("X: protected account",), ()]
    stream = open_replies(str(USER_REFS))
    assert [p.author_labels for p in stream] == [p.author_labels for p in dump.posts]
    # the retweeted tweet is the file's own (line 2), no context copy (``context_once``)
    assert stream.context == []


def test_bots_streams_the_user_refs_to_the_authors_the_whole_file_gives() -> None:
    stream = open_replies(str(USER_REFS))
    streamed = list(stream)
    assert stream.format == "snscrape"
    whole = parse_dump(USER_REFS.read_text("utf-8"))
    assert [(p.author, p.author_kind, p.display_name, p.author_created_at)
            for p in streamed] == [
        (p.author, p.author_kind, p.display_name, p.author_created_at) for p in whole.posts]
    # the retweeted tweet, inline by UserRef, is the file's own post on line 2, named
    # there; its inline copy is no context (``context_once``)
    assert stream.context == []
    assert ("1700000000000000002", "heimat_echo_44") in {
        (p.post_id, p.author) for p in streamed}


def test_a_renamed_account_names_its_user_refs_and_tweets_by_its_latest_handle() -> None:
    """The account renamed and scraped again (the same user id, a new ``username``): one
    account, every tweet by it (by its ``User`` or by a ``UserRef``) under its latest handle,
    the rename said (``AccountFacts``). Before, the first full ``User`` named the
    ``UserRef``s and each tweet with a ``User`` kept its own: two accounts to ``bots``. Its
    latest tweet (09:03) scraped again names it: the same time, the later line."""
    lines = USER_REFS.read_text("utf-8").splitlines()
    renamed = json.loads(lines[3])
    assert renamed["user"]["id"] == 4201
    renamed["user"]["username"] = "heimat_echo_45"  # the account renamed, scraped again
    text = "\n".join([*lines, json.dumps(renamed)]) + "\n"
    dump = parse_dump(text)
    assert dump.posts[1].author == "heimat_echo_45"
    assert dump.posts[-1].author == "heimat_echo_45"
    assert "heimat_echo_44" not in {p.author for p in (*dump.posts, *dump.context)}
    assert dump.warnings[-1] == (
        "snscrape: 1 account(s) renamed within the dump, each post shown under its "
        "account's latest handle: heimat_echo_44 → heimat_echo_45 (id 4201)")


def _user(user_id: int) -> dict[str, object]:
    return {"_type": "snscrape.modules.twitter.User", "id": user_id, "username": f"u{user_id}"}


def _by_ref(tweet_id: int, user_id: int) -> dict[str, object]:
    return {"_type": "snscrape.modules.twitter.Tweet", "id": tweet_id, "rawContent": "hallo",
            "user": {"_type": "snscrape.modules.twitter.UserRef", "id": user_id}}


def test_users_past_the_limit_are_not_kept_and_that_is_said() -> None:
    """A hostile line of a million ``User`` items (or one tweet mentioning them) would make
    the users carried from line to line grow with the file, which ``bots`` streams however
    large: past ``USERS_KEPT`` a user shown is not kept, and a tweet by its ``UserRef`` is
    left without an author, as when no line shows it; said once."""
    facts = SnscrapeFacts(kept=2)
    values: list[object] = [[_user(n) for n in range(1, 6)], _by_ref(10, 1), _by_ref(11, 5)]
    dump = settle_all(read_snscrape(values, facts))
    assert len(facts.users) == 2
    assert [p.author for p in dump.posts] == ["u1", None]
    said = ("snscrape: more than 2 users shown; a tweet by a UserRef of one past them is "
            "left without an author")
    assert dump.warnings[-1] == said
    again = read_snscrape([[_user(n) for n in range(6, 9)]], facts)
    assert again.dump.warnings[-1] == said  # the same words each line: said once (add_up)
    assert SnscrapeFacts().kept == USERS_KEPT >= 100_000
