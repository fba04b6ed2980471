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
from threadscope.bots.detect import answered, thread_owner, thread_posts
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
    owner = Account("KieselKanal", AuthorKind.HANDLE)
    assert thread_owner(posts, [], "UgzLift0Maria0001AaBbCc4AaABAg") == owner


def test_comments_without_their_video_have_no_owner() -> None:
    """youtube-comment-downloader keeps no video or channel: no one's comments are set
    apart, not those of the author of the comment most answered (a machine-named handle
    here, whose comments are weighed as anyone's), nor the hearted one's."""
    posts = read_replies((FIXTURES / "youtube_comments.jsonl").read_text("utf-8"))
    assert thread_owner(posts, [], posts[0].post_id) is None
    report = detect(posts)
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
