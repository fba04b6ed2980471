"""The issue's 'done when': a dozen bots hidden among organic replies, all flagged, no one else."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

import pytest

from tests.bots.conftest import FIXTURES
from threadscope.bots import detect, detect_file
from threadscope.bots.detect import original_time
from threadscope.ingest.replies import open_replies, read_replies
from threadscope.models import AuthorKind, BotReport, ClusterVerdict, Platform, Post


def flagged_accounts(report: BotReport) -> set[str]:
    return {
        handle
        for cluster in report.clusters
        if cluster.verdict is ClusterVerdict.COORDINATED
        for handle in cluster.accounts
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_every_bot_flagged_and_no_organic_account(gen_replies: ModuleType, seed: int) -> None:
    made = gen_replies.generate(seed, organic=1500, bots=12)
    assert len(made.bots) == 12
    report = detect(made.replies)
    flagged = flagged_accounts(report)
    assert made.bots - flagged == set()
    assert flagged - made.bots == set()


def test_three_campaigns_among_more_replies(gen_replies: ModuleType) -> None:
    made = gen_replies.generate(11, organic=4000, bots=12, campaigns=3)
    flagged = flagged_accounts(detect(made.replies))
    assert flagged == made.bots


def test_generator_is_deterministic_and_hides_thank_yous(gen_replies: ModuleType) -> None:
    first = gen_replies.generate(5, organic=300)
    assert first == gen_replies.generate(5, organic=300)
    texts = [r.text for r in first.replies if r.author in first.organic]
    assert texts.count("Danke!") >= 2
    assert any("tagesschau.de" in t for t in texts)


def test_report_indexes_replies_in_input_order_and_summarises_accounts() -> None:
    replies = read_replies((FIXTURES / "replies.csv").read_text("utf-8"))
    report = detect(replies, source="replies.csv")
    assert report.source == "replies.csv" and report.replies == len(replies)
    cluster = report.clusters[0]
    assert cluster.verdict is ClusterVerdict.COORDINATED
    assert all(replies[i].author in cluster.accounts for i in cluster.replies)
    assert list(cluster.replies) == sorted(cluster.replies)
    bot = next(a for a in report.accounts if a.handle == "ThomasBrandt7730182")
    assert bot.cluster == cluster.id
    assert {"machine-handle", "young-account", "coordinated-cluster"} <= {
        r.code for r in bot.reasons
    }
    assert all(a.handle != "AnnaWolf_Bonn" for a in report.accounts)  # nothing to say about her
    assert any(link.domain == "welt.ltd" for link in report.links)


def test_thank_you_pair_stays_organic() -> None:
    report = detect(read_replies((FIXTURES / "replies.csv").read_text("utf-8")))
    pair = next(c for c in report.clusters if "sonja_m" in c.accounts)
    assert pair.verdict is ClusterVerdict.ORGANIC


def test_coordination_csv_fixture() -> None:
    report = detect(read_replies((FIXTURES / "coordination.csv").read_text("utf-8")))
    assert flagged_accounts(report) == {
        "HeinzWeber60412877", "MonikaKeller7312", "StefanRoth83390215",
        "LauraBraun52296140", "PaulWagner10938821",
    }
    assert "fast-replies" in {r.code for r in report.clusters[0].reasons}


def test_original_time_comes_from_the_answered_post() -> None:
    replies = read_replies((FIXTURES / "coordination.csv").read_text("utf-8"))
    moment = original_time(replies)
    assert moment is not None and moment.isoformat().startswith("2024-03-14T08:00")


def test_no_replies_no_clusters() -> None:
    report = detect(())
    assert report.clusters == () and report.accounts == () and not report.flagged


def test_stealth_campaign_offline_is_text_only_and_not_flagged(gen_replies: ModuleType) -> None:
    # Bought accounts, spread times, one short link each: offline only the text is left, and
    # text alone never flags. The bots still share a cluster, so an analyst sees them.
    made = gen_replies.generate(2, organic=1000, stealth=True)
    report = detect(made.replies)
    assert flagged_accounts(report) == set()
    together = max((set(c.accounts) & made.bots for c in report.clusters), key=len)
    assert len(together) >= 6


def test_a_fact_checker_citing_the_clone_defanged_is_not_pulled_into_the_campaign() -> None:
    replies = read_replies((FIXTURES / "replies.csv").read_text("utf-8"))
    warning = (
        "faktencheck_nina,\"Vorsicht: welt[.]ltd/politik/foerderung-8812 ist nicht die WELT, "
        "sondern ein Klon aus der Doppelganger-Kampagne. Bitte nicht teilen.\","
        "2024-03-14T09:30:00Z,2010-02-01T10:00:00Z,\n"
    )
    text = (FIXTURES / "replies.csv").read_text("utf-8") + warning
    with_warning = read_replies(text)
    assert len(with_warning) == len(replies) + 1
    report = detect(with_warning)
    flagged = flagged_accounts(report)
    assert "faktencheck_nina" not in flagged
    assert flagged == flagged_accounts(detect(replies))  # the campaign is found as before
    assert any(link.registrable_domain == "welt.ltd" for link in report.links)


@pytest.mark.parametrize(
    ("name", "bots"),
    [
        ("replies_x_web.txt", {"SabineHoffmann40517", "ThomasBrandt7730182",
                               "PetraLange92016634", "KlausNeumann558201",
                               "UrsulaBerger31066247"}),
        ("replies_x_api_v2.json", {"JamesMiller40511286", "SarahTaylor9920413",
                                   "robert_brown_77", "EmmaSmith66120934"}),
    ],
)
def test_dump_fixtures(name: str, bots: set[str]) -> None:
    report = detect(read_replies((FIXTURES / name).read_text("utf-8")))
    assert flagged_accounts(report) == bots


def test_the_threads_own_root_is_not_a_reply() -> None:
    replies = read_replies((FIXTURES / "coordination.csv").read_text("utf-8"))
    report = detect(replies)
    assert all(a.handle != "BMin_Vogt_Digital" for a in report.accounts)
    assert all(0 not in c.replies for c in report.clusters)


def test_two_unlike_replies_are_two_organic_accounts() -> None:
    # No two texts shared a MinHash bucket: the pair dedup once failed on the empty array.
    posts = read_replies(
        "screen_name,full_text\n"
        "a,Alles begann mit einem Link unter einem Ministeriums-Post https://t.co/Zx81kLmNoP\n"
        "b,Das ist doch alles erfunden lesen Sie lieber hier https://t.co/Pq9rSt0uVw\n"
    )
    report = detect(posts)
    assert report.replies == 2 and flagged_accounts(report) == set()


def _said_by(author: str, kind: AuthorKind, index: int) -> Post:
    return Post("Die Wahrheit über die Wahl: https://spiegel.pm/politik/beweis", index + 1,
                author=author, author_kind=kind, post_id=str(100 + index),
                created_at=f"2024-05-14T07:3{index}:00Z")


def test_a_display_name_and_a_handle_that_read_alike_are_two_accounts() -> None:
    """Telegram's sender ``anna`` (a name anyone may take) is not the handle ``anna``."""
    report = detect([_said_by("anna", AuthorKind.HANDLE, 0), _said_by("anna", AuthorKind.NAME, 1),
                     _said_by("anna", AuthorKind.NAME, 2)])
    (cluster,) = report.clusters
    assert cluster.accounts == ("anna", "anna")
    assert cluster.account_kinds == (AuthorKind.HANDLE, AuthorKind.NAME)
    assert sorted((a.author_kind or "", a.replies) for a in report.accounts) == [
        (AuthorKind.HANDLE, (0,)), (AuthorKind.NAME, (1, 2))]


def test_one_kind_of_author_is_one_account_as_before() -> None:
    report = detect([_said_by("anna", AuthorKind.NAME, 0), _said_by("anna", AuthorKind.NAME, 1)])
    assert report.clusters == ()


TWO_CONVERSATIONS = FIXTURES / "x_two_conversations_hours_apart.jsonl"


def _fast_accounts(report: BotReport) -> set[str]:
    return {account.handle for account in report.accounts
            if "fast-reply" in {reason.code for reason in account.reasons}}


def test_a_reply_is_fast_after_the_root_of_its_own_conversation() -> None:
    """Two X conversations four hours apart: the second's replies within a minute of its own
    root are fast, though four hours before the first's; those four hours after their root,
    two minutes after the first's, are not (timed against the root most replies answer,
    it was the other way round)."""
    report = detect(read_replies(TWO_CONVERSATIONS.read_text("utf-8")))
    assert _fast_accounts(report) == {"early_bird_one", "early_bird_two"}


def test_a_conversation_whose_root_is_not_in_the_dump_is_not_timed() -> None:
    """Where the dump does not hold a conversation's root, when it began is unknown: its
    replies are not timed (against the root most replies answer, four hours after their
    own, the late owls came two minutes after it and were called fast by accident)."""
    second_root = "1860000000000000200"
    posts = [post for post in read_replies(TWO_CONVERSATIONS.read_text("utf-8"))
             if post.post_id != second_root]
    assert _fast_accounts(detect(posts)) == set()


def _fast_replies(name: str) -> dict[str, str]:
    """Each account's fast-reply reason in the fixture ``name`` (read with its context)."""
    stream = open_replies(str(FIXTURES / name))
    report = detect(stream, source=name, context=stream.context)
    return {account.handle: reason.detail for account in report.accounts
            for reason in account.reasons if reason.code == "fast-reply"}


def test_each_video_times_its_replies_from_its_own_first_comment() -> None:
    # Two videos of two channels, published four years apart: each reply is timed from the
    # earliest comment under its own video, not from the other video's most answered comment
    # (under which the 2024 reply came years later, and was never fast).
    fast = _fast_replies("youtube_api_two_videos.jsonl")
    assert set(fast) == {"jonas_m", "mila_r"}
    assert fast["mila_r"] == (
        "replied 4 minutes after UgwNewTop0001 (@kai_liest, 2024-06-10 20:00:00 UTC), the "
        "earliest comment in the dump under video vidNew2024bb, whose publish time the dump "
        "lacks (reply UgwNewTop0001.r1)")


def test_a_videos_publish_time_in_the_dump_is_what_its_replies_are_timed_from() -> None:
    # The videos.list answer beside the comments: video vidOld2020aa went up at 09:18, its
    # top comment came at 09:20 and its reply at 09:24 (both fast); vidNew2024bb at 18:00,
    # its top comment at 20:00 and its reply at 20:04 (neither fast).
    fast = _fast_replies("youtube_api_two_videos_published.jsonl")
    assert fast == {
        "erste_frage": "commented 2 minutes after video vidOld2020aa was published "
                       "(2020-03-01 09:18:00 UTC) (comment UgwOldTop0001)",
        "jonas_m": "replied 6 minutes after video vidOld2020aa was published "
                   "(2020-03-01 09:18:00 UTC) (reply UgwOldTop0001.r1)"}


def test_a_top_comment_is_timed_from_its_videos_publish_time() -> None:
    # A top comment answers the video (the API names no parent): 2 and 5 minutes after the
    # video went up at 11:58, the first two are fast; the third, at 14:30, is not.
    fast = _fast_replies("youtube_api_top_comments_published.jsonl")
    assert fast == {
        "frueh_dran": "commented 2 minutes after video vidTop2025cc was published "
                      "(2025-02-03 11:58:00 UTC) (comment UgxTopFirst01)",
        "schnell_da": "commented 5 minutes after video vidTop2025cc was published "
                      "(2025-02-03 11:58:00 UTC) (comment UgxTopQuick02)"}


def test_without_the_publish_time_top_comments_are_timed_from_the_earliest_one() -> None:
    # The same comments without the videos.list answer: as replies are, each is timed from
    # the earliest comment under the video, which itself is not timed.
    fast = _fast_replies("youtube_api_top_comments.jsonl")
    assert fast == {
        "schnell_da": "commented 3 minutes after UgxTopFirst01 (@frueh_dran, 2025-02-03 "
                      "12:00:00 UTC), the earliest comment in the dump under video "
                      "vidTop2025cc, whose publish time the dump lacks (comment UgxTopQuick02)"}


def test_a_reply_to_a_post_outside_the_dump_is_not_timed_from_another_thread() -> None:
    # The root answered most is at 12:00; a reply at 12:04 answering a post the dump does
    # not hold is in some other thread, whose start is unknown: it is not fast.
    replies = [
        Post("root", 1, author="owner", post_id="1", created_at="2024-03-14T12:00:00Z"),
        Post("a", 2, author="anna", post_id="2", reply_to="1", created_at="2024-03-14T12:03:00Z"),
        Post("b", 3, author="ben", post_id="3", reply_to="1", created_at="2024-03-14T12:30:00Z"),
        Post("c", 4, author="cara", post_id="4", reply_to="2", created_at="2024-03-14T12:05:00Z"),
        Post("d", 5, author="dirk", post_id="5", reply_to="99", created_at="2024-03-14T12:04:00Z"),
    ]
    report = detect(replies)
    fast = {account.handle: reason.detail for account in report.accounts
            for reason in account.reasons if reason.code == "fast-reply"}
    assert set(fast) == {"anna", "cara"}
    assert fast["cara"] == ("replied 5 minutes after the thread's first post 1 (@owner, "
                            "2024-03-14 12:00:00 UTC) (reply 4)")


@pytest.mark.parametrize("name", ["replies_mastodon_suspended.json", "replies.csv"])
def test_detect_file_is_detect_over_the_stream_with_its_context(name: str) -> None:
    """What ``threadscope bots FILE`` finds, a script finds with one call."""
    path = str(FIXTURES / name)
    stream = open_replies(path)
    by_hand = detect(stream, source=stream.source, context=stream.context,
                     warnings=stream.warnings)
    assert detect_file(path) == by_hand
    assert by_hand.source == path


def test_a_reddit_name_of_xs_sign_up_shape_is_no_evidence() -> None:
    # Two Reddit users whose names end in 7 and 5 digits: they typed them, no form proposed
    # them. Read as a CSV's rows (no platform said), the same names count, as ever.
    posts = read_replies((FIXTURES / "reddit_digit_names.json").read_text("utf-8"))
    assert {post.platform for post in posts} == {Platform.REDDIT}
    assert not any(reason.code == "machine-handle"
                   for account in detect(posts).accounts for reason in account.reasons)
    unsaid = detect([replace(post, platform=None) for post in posts])
    assert {account.handle for account in unsaid.accounts
            if any(reason.code == "machine-handle" for reason in account.reasons)} == {
        "jonas_weber1234567", "MariaSchulz83651"}
