from __future__ import annotations

import pytest

from threadscope.bots import signals
from threadscope.models import AuthorKind, Platform, Post, YoutubeIds


@pytest.mark.parametrize(
    "handle", ["MariaSchulz83651", "HeinzWeber60412877", "anna_k_1234567", "Tom12345"]
)
def test_machine_handles(handle: str) -> None:
    assert signals.machine_handle(handle) is not None


@pytest.mark.parametrize(
    "handle", ["lena_hartmann", "PeterK85", "Meyer1975", "x12345", "12345678", "Anna123456789",
               # Telegram peer ids of old accounts, as exports name senders without a name
               "user12345678", "user777000", "channel1234567", "chat55555"]
)
def test_human_handles(handle: str) -> None:
    assert signals.machine_handle(handle) is None


@pytest.mark.parametrize("name", ["MariaSchulz83651", "Moni_19580707", "Heike19640312"])
def test_only_a_handle_can_be_machine_made(name: str) -> None:
    assert signals.machine_handle(name, AuthorKind.HANDLE) is not None
    assert signals.machine_handle(name) is not None  # no kind said: the text decides, as ever
    assert signals.machine_handle(name, AuthorKind.NAME) is None  # typed freely: a birthday
    assert signals.machine_handle(name, AuthorKind.ID) is None  # the platform's, no sign-up


def test_a_youtube_channel_id_ending_in_digits_is_no_machine_handle() -> None:
    channel = "UCbvXkzQmWqJtRpLs_12345678"  # an id the platform drew, not a handle
    assert signals.MACHINE_HANDLE.fullmatch(channel)
    assert signals.machine_handle(channel, AuthorKind.ID) is None
    assert not signals.generated_handle(channel, AuthorKind.ID)


@pytest.mark.parametrize("platform", [Platform.X, None])
def test_the_sign_up_shape_counts_on_x_and_where_the_dump_does_not_say(
        platform: Platform | None) -> None:
    assert signals.machine_handle("MariaSchulz83651", AuthorKind.HANDLE, platform) is not None
    assert signals.generated_handle("MariaSchulz83651", AuthorKind.HANDLE, platform)


@pytest.mark.parametrize("platform", [p for p in Platform if p is not Platform.X])
def test_the_sign_up_shape_is_no_evidence_on_other_platforms(platform: Platform) -> None:
    # No form there proposed the digits: a Reddit or Mastodon user typed ``anna_k_1234567``.
    for handle in ("MariaSchulz83651", "anna_k_1234567"):
        assert signals.machine_handle(handle, AuthorKind.HANDLE, platform) is None
        assert not signals.generated_handle(handle, AuthorKind.HANDLE, platform)


def test_an_accounts_handle_is_read_for_x_where_any_of_its_posts_may_be_xs() -> None:
    posts = [Post("a", 1, platform=Platform.REDDIT), Post("b", 2, platform=Platform.X),
             Post("c", 3, platform=Platform.MASTODON), Post("d", 4)]
    assert signals.handle_platform(posts, [0, 1]) is Platform.X
    assert signals.handle_platform(posts, [0, 2]) is Platform.REDDIT  # the first's
    assert signals.handle_platform(posts, [2, 3]) is None  # a CSV's row: no platform said
    assert signals.handle_platform(posts, []) is None


def test_a_top_comment_answers_its_video_and_the_video_answers_nothing() -> None:
    under = YoutubeIds("vid", "UCowner", "UCanna")
    top = Post("t", 1, author="anna", post_id="Ugx1", youtube=under)
    assert signals.answers_video(top) and not signals.is_reply(top)
    reply = Post("r", 2, author="ben", post_id="Ugx1.r", reply_to="Ugx1", youtube=under)
    assert signals.is_reply(reply) and not signals.answers_video(reply)
    video = Post("title", 1, post_id="vid", youtube=YoutubeIds("vid", "UCowner", "UCowner"))
    assert video.is_video and not signals.answers_video(video)
    unknown = Post("t", 1, author="anna", post_id="Ugx2", youtube=YoutubeIds())  # no video
    assert not signals.answers_video(unknown)
    assert not signals.answers_video(Post("t", 1, author="anna", post_id="1"))  # not YouTube


def test_young_account_and_fast_reply() -> None:
    reply = Post("t", 1, author="a", created_at="2024-03-14T08:05:00Z",
                 author_created_at="2024-03-06T08:00:00Z")
    young = signals.young_account(reply)
    assert young is not None and "8 days" in young.detail
    original = signals.parse_time("2024-03-14T08:00:00Z")
    assert signals.fast_reply(reply, original) is not None
    assert signals.fast_reply(reply, signals.parse_time("2024-03-14T07:00:00Z")) is None


def test_old_account_and_unusable_times() -> None:
    assert signals.young_account(Post("t", 1, author="a", created_at="2024-03-14T08:05:00Z",
                                      author_created_at="2015-01-01")) is None
    assert signals.young_account(Post("t", 1, author="a", created_at="yesterday",
                                      author_created_at="2024-03-13")) is None
    assert signals.parse_time("not a time") is None


def test_stock_sentence_plus_link() -> None:
    assert signals.stock_with_link(Post("Must read: https://welt.ltd/a", 1), 1)
    assert not signals.stock_with_link(Post("Must read:", 1), 0)
    assert not signals.stock_with_link(Post("x" * 200 + " https://welt.ltd/a", 1), 1)


def test_a_retweet_or_an_original_record_is_no_fast_reply() -> None:
    original = signals.parse_time("2024-03-14T08:00:00Z")
    at = "2024-03-14T08:01:00Z"
    assert signals.fast_reply(Post("RT @x: hi", 1, created_at=at, repost_of="9"), original) is None
    assert signals.fast_reply(Post("hi", 1, created_at=at, post_id="10"), original) is None
    assert signals.fast_reply(Post("hi", 1, created_at=at, post_id="10", reply_to="9"), original)


def test_one_day_and_one_minute_are_said_in_the_singular() -> None:
    """"account created 1 days before it replied", "replied 1 minutes after": the unit
    follows the count as it is shown."""
    reply = Post("t", 1, author="a", created_at="2024-03-14T08:01:00Z",
                 author_created_at="2024-03-13T08:00:00Z")
    young = signals.young_account(reply)
    assert young is not None and young.detail == "account created 1 day before it replied"
    fast = signals.fast_reply(reply, signals.parse_time("2024-03-14T08:00:00Z"))
    assert fast is not None and fast.detail == "replied 1 minute after the original post"
    assert signals.times(1) == "once" and signals.times(3) == "3 times"
    assert signals.counted(0.2, "day") == "0 days" and signals.counted(12, "minute") == "12 minutes"
