"""The account the replies answer (the thread's author, the channel that owns a discussion)
is their target, not one of them: what it publishes joins no cluster on shared text or links,
while its replies to others are weighed as anyone's."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from typing import Any

from tests.bots.conftest import FIXTURES
from threadscope.authors import Account
from threadscope.bots import detect
from threadscope.bots.detect import (
    Thread,
    answered,
    set_apart,
    thread_owner,
    thread_posts,
    threads_of,
)
from threadscope.ingest.replies import open_replies, read_replies
from threadscope.models import AuthorKind, BotReport, ClusterVerdict, Post, YoutubeIds

X_BOTS = {"JamesMiller40511286", "SarahTaylor9920413", "robert_brown_77", "EmmaSmith66120934"}
OWNER = "BMin_Vogt_Digital"
ROOT = "1768500000000000100"
CLONE = "https://washingtonpost.pm/world/2024/03/15/sanctions"


def _flagged(report: BotReport) -> set[str]:
    return {a for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED
            for a in c.accounts}


def _owner_tweet(id_: str, text: str, replied_to: str, to_user: str) -> dict[str, Any]:
    """A tweet of the thread's owner in the fixture's X API v2 shape, linking the clone."""
    return {"id": id_, "text": f"{text} https://t.co/Ow9Nr1Ab2c", "author_id": "501",
            "conversation_id": ROOT, "created_at": "2024-03-15T09:06:00.000Z",
            "in_reply_to_user_id": to_user,
            "referenced_tweets": [{"type": "replied_to", "id": replied_to}],
            "entities": {"urls": [{"start": len(text) + 1, "end": len(text) + 24,
                                   "url": "https://t.co/Ow9Nr1Ab2c", "expanded_url": CLONE,
                                   "display_url": "washingtonpost.pm/world/2024/03/…"}]}}


def _x_thread(*, root: bool, extra: dict[str, Any]) -> BotReport:
    dump = json.loads((FIXTURES / "replies_x_api_v2.json").read_text("utf-8"))
    dump["data"] = [t for t in dump["data"] if root or t["id"] != ROOT] + [extra]
    return detect(read_replies(json.dumps(dump)))


def test_the_owner_warning_of_the_clone_in_its_thread_is_not_one_of_the_bots() -> None:
    warning = _owner_tweet("1768500000000000199", "Vorsicht, diese Seite ist gefälscht:",
                           ROOT, "501")
    for root in (True, False):  # the root tweet saved, or only named by the replies
        report = _x_thread(root=root, extra=warning)
        assert _flagged(report) == X_BOTS
        assert OWNER not in {a for c in report.clusters for a in c.accounts}


def test_the_owner_answering_someone_with_the_bots_words_and_link_is_one_of_them() -> None:
    bots_words = ("Finally an investigation reveals what the government hides. The sanctions "
                  "hurt us more, not Russia. Read it yourself:")
    echo = _owner_tweet("1768500000000000199", bots_words, "1768500000000000102", "7001")
    assert _flagged(_x_thread(root=True, extra=echo)) == X_BOTS | {OWNER}


def test_the_channel_whose_posts_quote_the_clone_is_not_in_the_team() -> None:
    """A Desktop export a chat a line: the channel's own chat (its thread 1/3 quotes the
    look-alike link it warns of) beside the discussion group where the team comments."""
    stream = open_replies(str(FIXTURES / "telegram_desktop_chats.jsonl"))
    report = detect(stream, source=stream.source, context=stream.context,
                    warnings=stream.warnings)
    assert "Klartext Monitor" not in {a for c in report.clusters for a in c.accounts}
    assert "Klartext Monitor" not in {a.handle for a in report.accounts}


def test_the_owners_own_replies_are_its_thread_in_any_order() -> None:
    """Telethon's newest first: the owner's reply to its own follow-up comes before it."""
    stream = open_replies(str(FIXTURES / "telethon_discussion_newest_first.jsonl"))
    report = detect(stream, source=stream.source, context=stream.context)
    assert "user5001" not in {a.handle for a in report.accounts}


def _post(index: int, author: str | None, post_id: str, reply_to: str | None = None,
          to_author: str | None = None) -> Post:
    return Post("text", index + 1, author=author, post_id=post_id, reply_to=reply_to,
                reply_to_author=to_author, author_kind=AuthorKind.HANDLE)


def test_the_owner_is_read_from_the_context_or_from_whom_the_replies_answer() -> None:
    root = _post(0, "ina_berg", "r")
    replies = [_post(1, "a", "1", "r", "ina_berg"), _post(2, "ina_berg", "2", "x", "a"),
               _post(3, "ina_berg", "3", "r", "ina_berg")]
    owner = Account("ina_berg", AuthorKind.HANDLE)
    assert thread_owner(replies, [root], "r") == owner
    assert thread_owner(replies, [], "r") == owner
    assert thread_owner(replies[:1], [], "r") is None  # nothing of the owner's to set apart
    assert thread_posts(replies, "r", owner) == frozenset({2})  # not her reply to ``a``


def test_a_team_cannot_make_one_of_its_replies_the_root() -> None:
    """A dozen ``+1`` answers to one bot's reply outnumber the replies to the thread: counted
    alone, that reply was the root and its bot the owner, set apart from the team, while the
    minister warning of the clone was flagged as one of the bots. The conversation the dump
    names has one root, whoever answers what within it."""
    warning = _owner_tweet("1768500000000000199", "Vorsicht, diese Seite ist gefälscht:",
                           ROOT, "501")
    applause = [
        {"id": f"17685000000000003{n:02d}", "text": "@JamesMiller40511286 +1",
         "author_id": ("9002", "9003", "9004")[n % 3], "conversation_id": ROOT,
         "created_at": f"2024-03-15T09:{10 + n:02d}:00.000Z", "in_reply_to_user_id": "9001",
         "referenced_tweets": [{"type": "replied_to", "id": "1768500000000000101"}]}
        for n in range(12)
    ]
    for root, named in ((True, True), (False, True), (True, False), (False, False)):
        dump = json.loads((FIXTURES / "replies_x_api_v2.json").read_text("utf-8"))
        dump["data"] = [t for t in dump["data"] if root or t["id"] != ROOT]
        dump["data"] += [dict(warning), *map(dict, applause)]
        for tweet in dump["data"]:  # a dump that names no conversation: the reply tree
            if not named:
                tweet.pop("conversation_id", None)
        report = detect(read_replies(json.dumps(dump)))
        assert _flagged(report) == X_BOTS
        assert OWNER not in {a for c in report.clusters for a in c.accounts}


def test_the_root_is_the_conversations_first_post() -> None:
    """Four answers to ``a``'s reply outnumber the one to ``r``, the thread's first post."""
    replies = [_post(1, "a", "1", "r", "ina_berg"),
               *(_post(n, "b", str(n), "1", "a") for n in range(2, 6))]
    assert _root_of(replies) == "1"  # ``r`` neither saved nor answered by another reply
    named = [dataclasses.replace(post, conversation_id="r") for post in replies]
    assert _root_of(named) == "r"  # the conversation the dump names
    saved = [_post(0, "ina_berg", "r"), *replies]
    assert _root_of(saved) == "r"  # no conversation named: the top of the reply tree
    answered_too = [*replies, _post(6, "c", "6", "r", "ina_berg")]
    assert _root_of(answered_too) == "r"


def _root_of(posts: list[Post]) -> str | None:
    return answered(posts)[0]


def test_a_display_name_that_reads_as_the_owners_handle_is_not_the_owner() -> None:
    """The root is not in the dump; the replies name its author ``ina_berg``, a handle. A bot
    whose display name reads ``ina_berg`` and comes first must not be taken for her: as the
    owner, its replies to her post were set apart from its team's."""
    bot = Post("text", 1, author="ina_berg", post_id="1", reply_to="r",
               reply_to_author="ina_berg", author_kind=AuthorKind.NAME)
    replies = [bot, _post(2, "a", "2", "r", "ina_berg"), _post(3, "ina_berg", "3", "r", "ina_berg")]
    owner = Account("ina_berg", AuthorKind.HANDLE)
    assert thread_owner(replies, [], "r") == owner
    assert thread_posts(replies, "r", owner) == frozenset({2})  # hers, not the bot's
    names_only = [bot, dataclasses.replace(bot, post_id="4", author_kind=AuthorKind.ID)]
    assert thread_owner(names_only, [], "r") is None  # which one is meant: nobody can say


YT_BOTS = {"MariaSchulz83651", "heinz_w19283", "Uwe_K_55102", "sabine_r_70113",
           "kies_wahrheit_22"}


def test_the_channel_warning_of_the_clone_under_its_video_is_not_one_of_the_bots() -> None:
    """The YouTube API names the video's channel: the owner is that channel, whose comment
    and self-reply quote the look-alike to warn of it; the comment most answered is a bot's,
    lifted to the top, and its author's other comment is one of the bots' like any other
    (the owner was guessed as that author: the bot was sheltered, the channel flagged)."""
    path = FIXTURES / "youtube_api_channel_warns.jsonl"
    stream = open_replies(str(path))
    streamed = detect(stream, source=stream.source, context=stream.context)
    whole = detect(read_replies(path.read_text("utf-8")))
    for report in (streamed, whole):
        assert _flagged(report) == YT_BOTS
        assert "KieselKanal" not in {a for c in report.clusters for a in c.accounts}
        assert "KieselKanal" not in {a.handle for a in report.accounts}
    posts = read_replies(path.read_text("utf-8"))
    owner = Account("KieselKanal", AuthorKind.HANDLE, "UCkiesel0Kanal1AaBbCcDd")  # its channel
    assert thread_owner(posts, [], "UgzLift0Maria0001AaBbCc4AaABAg") == owner


def test_comments_without_their_video_have_no_owner() -> None:
    """youtube-comment-downloader keeps no video or channel: no one's comments are set
    apart, not those of the author of the comment most answered (a handle of X's sign-up
    shape here, no evidence on YouTube, whose comments are weighed as anyone's), nor the
    hearted one's."""
    posts = read_replies((FIXTURES / "youtube_comments.jsonl").read_text("utf-8"))
    assert thread_owner(posts, [], posts[0].post_id) is None
    assert set_apart(posts, threads_of(posts, [], posts[0].post_id)) == frozenset()
    as_if_x = [replace(post, platform=None) for post in posts]  # the handle shape counts
    report = detect(as_if_x)
    assert [a.handle for a in report.accounts] == ["Bernd_Kowalski_40511"]
    assert report.accounts[0].replies == (0, 2)


def _comment(index: int, author: str, channel: str, reply_to: str | None = None,
             video_channel: str | None = "UCowner") -> Post:
    return Post("text", index + 1, author=author, post_id=f"c{index}", reply_to=reply_to,
                author_kind=AuthorKind.HANDLE,
                youtube=YoutubeIds("vid", video_channel, channel))


def test_the_owner_of_a_video_is_its_channel_or_no_one() -> None:
    lifted = [_comment(0, "bot", "UCbot"), _comment(1, "a", "UCa", "c0"),
              _comment(2, "b", "UCb", "c0"), _comment(3, "bot", "UCbot")]
    assert thread_owner(lifted, [], "c0") is None  # the channel wrote nothing here
    owned = [*lifted, _comment(4, "kanal", "UCowner"), _comment(5, "kanal", "UCowner", "c4"),
             _comment(6, "kanal", "UCowner", "c0")]
    owner = Account("kanal", AuthorKind.HANDLE)
    assert thread_owner(owned, [], "c0") == owner
    # its own comment and self-reply; not the lifted comment, not its reply to the bot
    assert thread_posts(owned, None, owner) == frozenset({4, 5})
    unknown = [replace(post, youtube=YoutubeIds(author_channel="UCx")) for post in owned]
    assert thread_owner(unknown, [], "c0") is None


SEVERAL = FIXTURES / "youtube_api_several_channels.jsonl"
"""Two creators' videos in one dump (``commentThreads.list`` a video a line, 2021, when a
comment showed its channel's title): a crypto giveaway campaign under both, each channel
warning of its look-alike link under its own video, the second channel commenting under
the first's like anyone, and a look-alike of the second channel (its title, another
channel id) answering its pinned warning with the scam."""
SCAM_BOTS = {"Maria Schulz 83651", "Heinz W 19283", "Uwe K 55102", "Sabine R 70113",
             "Kies Wahrheit 22"}
CHRONIK = "Coin Chronik (UCcoinChronik0000AaBbCcD)"
LOOKALIKE = "Coin Chronik (UCcoinChron1k0giveaway00)"


def test_each_channel_is_the_owner_under_its_own_videos_only() -> None:
    """Only the channel most comments are under was set apart: the other channel's warnings
    under its own video, which quote the look-alike link, were flagged with the bots."""
    stream = open_replies(str(SEVERAL))
    streamed = detect(stream, source=stream.source, context=stream.context)
    whole = detect(read_replies(SEVERAL.read_text("utf-8")))
    for report in (streamed, whole):
        assert _flagged(report) == SCAM_BOTS | {LOOKALIKE}
        for owner in ("Krypto Klartext", CHRONIK):
            assert owner not in {a for c in report.clusters for a in c.accounts}
            assert owner not in {a.handle for a in report.accounts}


def test_a_channel_commenting_under_another_channels_video_is_anyone() -> None:
    posts = read_replies(SEVERAL.read_text("utf-8"))
    threads = detect_threads(posts)
    assert [(t.channel, t.owner) for t in threads] == [
        ("UCkryptoKlartext0AaBbCc0", Account("Krypto Klartext", AuthorKind.NAME,
                                             "UCkryptoKlartext0AaBbCc0")),
        ("UCcoinChronik0000AaBbCcD", Account(CHRONIK, AuthorKind.NAME, "UCcoinChronik0000AaBbCcD"))]
    apart = set_apart(posts, threads)
    chronik = [i for i, post in enumerate(posts) if post.author == CHRONIK]
    under_klartext = [i for i in chronik if posts[i].youtube
                      and posts[i].youtube.channel == "UCkryptoKlartext0AaBbCc0"]
    assert len(chronik) == 3 and len(under_klartext) == 1
    assert apart & set(chronik) == set(chronik) - set(under_klartext)
    assert not apart & {i for i, post in enumerate(posts) if post.author == LOOKALIKE}


def detect_threads(posts: list[Post]) -> tuple[Thread, ...]:
    return threads_of(posts, [], answered(posts)[0])


def test_a_namesake_of_the_channel_with_another_channel_id_is_not_the_owner() -> None:
    """Posts built by a caller, the name as shown: the look-alike answering the channel's
    pinned comment with the channel's very name is one of the replies; a comment of the
    channel's name that carries no channel id is the channel's."""
    pinned = _comment(0, "Coin Chronik", "UCowner")
    lookalike = _comment(1, "Coin Chronik", "UCfake", "c0")
    self_reply = _comment(2, "Coin Chronik", "UCowner", "c0")
    no_id = _comment(3, "Coin Chronik", "", "c0")
    no_id = replace(no_id, youtube=YoutubeIds("vid", "UCowner", None))
    posts = [pinned, lookalike, self_reply, no_id, _comment(4, "bot", "UCbot", "c1")]
    threads = detect_threads(posts)
    assert threads[0].owner == Account("Coin Chronik", AuthorKind.HANDLE)
    assert set_apart(posts, threads) == frozenset({0, 2, 3})
    # the channel answering the look-alike answers another account, whatever its name
    answer = _comment(5, "Coin Chronik", "UCowner", "c1")
    assert 5 not in set_apart([*posts, answer], detect_threads([*posts, answer]))


def test_comments_without_channel_ids_have_no_threads() -> None:
    """youtube-comment-downloader's three shapes: no thread, nothing set apart."""
    for name in ("youtube_comments.jsonl", "youtube_comments.json", "youtube_comments.csv"):
        posts = read_replies((FIXTURES / name).read_text("utf-8"))
        assert posts and all(post.youtube is not None for post in posts)
        assert detect_threads(posts) == ()
        assert set_apart(posts, detect_threads(posts)) == frozenset()


FACT_CHECK = "FaktenfuchsDE"
SECOND = "1768500000000000300"


def _second_conversation() -> dict[str, Any]:
    """A second conversation, one X API v2 page: a fact-checker's tweet, two of the bots
    answering it with the clone, the fact-checker warning of it under its own tweet."""
    def tweet(id_: str, author: str, minute: int, text: str, **more: Any) -> dict[str, Any]:
        return {"id": id_, "text": text, "author_id": author, "conversation_id": SECOND,
                "created_at": f"2024-03-15T11:{minute:02d}:00.000Z", **more}

    def answer(id_: str, author: str, minute: int, words: str) -> dict[str, Any]:
        link = "https://t.co/Zq8Rt2Lm4n"
        text = f"@{FACT_CHECK} {words} {link}"
        url = {"start": len(text) - len(link), "end": len(text), "url": link,
               "expanded_url": CLONE, "display_url": "washingtonpost.pm/world/2024/03/…"}
        return tweet(id_, author, minute, text, in_reply_to_user_id="502",
                     referenced_tweets=[{"type": "replied_to", "id": SECOND}],
                     entities={"urls": [url]})

    data = [
        tweet(SECOND, "502", 0, "Ein Artikel im Look der Washington Post geht herum. Wir prüfen."),
        answer("1768500000000000301", "9001", 1, "The sanctions hurt us more, not Russia. Read:"),
        answer("1768500000000000302", "9003", 2, "The sanctions hurt us, not Russia. Read it:"),
        answer("1768500000000000303", "502", 30, "Geprüft: gefälscht, nicht die Washington Post:"),
    ]
    users = [{"id": "502", "username": FACT_CHECK, "name": "Faktenfuchs",
              "created_at": "2012-05-01T08:00:00.000Z"},
             {"id": "9001", "username": "JamesMiller40511286", "name": "James Miller",
              "created_at": "2024-03-09T04:12:00.000Z"},
             {"id": "9003", "username": "robert_brown_77", "name": "Robert Brown",
              "created_at": "2024-03-10T01:02:00.000Z"}]
    return {"data": data, "includes": {"users": users}, "meta": {"result_count": len(data)}}


def test_each_conversation_has_its_own_owner() -> None:
    """Two X conversations, one search answer a line: the fact-checker's warning in its own
    conversation, which quotes the clone, was weighed as one of the bots' replies (only the
    conversation most answered had an owner set apart); the minister's thread is as alone."""
    first = (FIXTURES / "replies_x_api_v2.json").read_text("utf-8")
    dump = json.dumps(json.loads(first)) + "\n" + json.dumps(_second_conversation())
    posts = read_replies(dump)
    report = detect(posts)
    assert _flagged(report) == X_BOTS
    everyone = {a for c in report.clusters for a in c.accounts}
    assert FACT_CHECK not in everyone and OWNER not in everyone
    threads = detect_threads(list(posts))
    assert [(t.root, t.owner and t.owner._replace(id=None)) for t in threads] == [
        (ROOT, Account(OWNER, AuthorKind.HANDLE)), (SECOND, Account(FACT_CHECK, AuthorKind.HANDLE))]
    assert all(t.owner is not None and t.owner.id for t in threads)  # X's user ids
    apart = {posts[i].post_id for i in set_apart(posts, threads)}
    assert apart == {ROOT, SECOND, "1768500000000000303"}


def test_an_owner_answering_in_another_conversation_is_anyone() -> None:
    """Each thread's owner is set apart in its own conversation; in another it replies like
    anyone (the replies name their conversations: ``conversation_id``)."""
    def post(index: int, author: str, post_id: str, reply_to: str | None,
             conversation: str, to: str | None = None) -> Post:
        return replace(_post(index, author, post_id, reply_to, to), conversation_id=conversation)

    posts = [post(0, "ina", "r1", None, "r1"), post(1, "a", "1", "r1", "r1", "ina"),
             post(2, "b", "2", "r1", "r1", "ina"), post(3, "ina", "3", "r1", "r1", "ina"),
             post(4, "jo", "r2", None, "r2"), post(5, "a", "5", "r2", "r2", "jo"),
             post(6, "ina", "6", "r2", "r2", "jo"), post(7, "jo", "7", "6", "r2", "ina"),
             post(8, "jo", "8", "r2", "r2", "jo")]
    threads = detect_threads(posts)
    assert [(t.root, t.owner) for t in threads] == [
        ("r1", Account("ina", AuthorKind.HANDLE)), ("r2", Account("jo", AuthorKind.HANDLE))]
    assert set_apart(posts, threads) == frozenset({0, 3, 4, 8})


def _pushshift(name: str, author: str, when: int, text: str, parent: str | None = None,
               submission: str | None = None) -> dict[str, Any]:
    """One record of a Pushshift-style archive (a submission, or a comment under one)."""
    record: dict[str, Any] = {"id": name[3:], "name": name, "author": author,
                              "subreddit": "kieswerk", "created_utc": 1712300000 + when}
    if parent is None:
        return {**record, "title": text, "selftext": "", "is_self": True,
                "url": f"https://www.reddit.com/r/kieswerk/comments/{name[3:]}/"}
    return {**record, "body": text, "parent_id": parent, "link_id": submission or parent}


def test_each_reddit_submission_has_its_own_owner() -> None:
    """Two submissions in one archive: the campaign comments under both, and the second's
    author warns of its link under her own submission (one owner, the first submission's,
    was set apart: hers was weighed as one of the campaign's comments)."""
    fake = "https://tagesschau.ltd/inland/kieswerk-messwerte"
    words = f"Die Tagesschau berichtet endlich, was verschwiegen wird, lest selbst: {fake}"
    bots = ("MariaSchulz83651", "heinz_w19283", "Uwe_K_55102", "sabine_r_70113")
    first, second = "t3_1c0aaa1", "t3_1c0bbb2"
    lines = [_pushshift(first, "stadtblatt_redaktion", 0, "Neue Messwerte am Kieswerk")]
    lines += [_pushshift(f"t1_l1a{n}", bot, 60 + 10 * n, words, first)
              for n, bot in enumerate(bots)]
    lines += [_pushshift("t1_l1x9", "lea_liest", 900, "Danke für den Bericht.", first),
              _pushshift(second, "kiesel_forscherin", 3600, "Meine Messung von heute")]
    lines += [_pushshift(f"t1_l2b{n}", bot, 3660 + 10 * n, words, second)
              for n, bot in enumerate(bots[:3])]
    lines += [_pushshift("t1_l2w1", "kiesel_forscherin", 4000,
                         f"Achtung: {fake} ist nicht die Tagesschau.", second)]
    posts = read_replies("\n".join(json.dumps(line) for line in lines))
    report = detect(posts)
    assert _flagged(report) == set(bots)
    assert "kiesel_forscherin" not in {a for c in report.clusters for a in c.accounts}
    threads = detect_threads(list(posts))
    assert [(t.root, t.owner and t.owner.name) for t in threads] == [
        (first, "stadtblatt_redaktion"), (second, "kiesel_forscherin")]
