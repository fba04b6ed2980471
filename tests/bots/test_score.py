from __future__ import annotations

from dataclasses import replace

from tests.bots.conftest import reply
from threadscope.bots import detect
from threadscope.bots.score import independent
from threadscope.models import AuthorKind, ClusterVerdict, Platform, Post, YoutubeIds

TEMPLATE = [
    "Endlich zeigt ein Bericht, was die Regierung verschweigt. Die Sanktionen schaden uns selbst.",
    "Endlich beweist ein Bericht, was die Regierung verheimlicht. Die Sanktionen schaden uns.",
    "Jetzt endlich zeigt eine Recherche, was die Regierung verschweigt. Die Sanktionen schaden.",
]


def test_independence_needs_both_content_families_or_three() -> None:
    assert independent({"text", "link"})
    assert independent({"text", "handle", "age"})
    assert not independent({"text", "handle"})
    assert not independent({"link", "timing"})


def test_same_text_alone_is_organic() -> None:
    replies = [reply(i, f"person_{i}", text) for i, text in enumerate(TEMPLATE)]
    report = detect(replies)
    assert [c.verdict for c in report.clusters] == [ClusterVerdict.ORGANIC]
    reasons = report.clusters[0].reasons
    assert [r.code for r in reasons] == ["same-text", "short-of-coordinated"]
    assert reasons[1].points == 0 and reasons[1].detail == (
        "organic: 40 points is under the 65 a coordinated cluster needs")
    assert not report.flagged


def test_an_organic_cluster_at_the_threshold_says_its_evidence_is_too_narrow() -> None:
    """Shared text by young accounts is 65, two kinds of evidence: organic, and said why (a
    table showed "organic 65" with nothing against it)."""
    replies = [reply(i, f"person_{i}", text, created_at=f"2024-03-14T10:0{i}:00Z",
                     author_created_at="2024-03-10T00:00:00Z")
               for i, text in enumerate(TEMPLATE)]
    (cluster,) = detect(replies).clusters
    assert cluster.verdict is ClusterVerdict.ORGANIC and cluster.score == 65
    assert [r.code for r in cluster.reasons] == [
        "same-text", "young-accounts", "short-of-coordinated"]
    assert cluster.reasons[-1].detail.startswith(
        "organic: 65 points, but from too few independent kinds of evidence (account ages, "
        "near-identical text); coordinated needs the same text with a dubious link")


def test_same_text_and_lookalike_link_is_coordinated() -> None:
    replies = [
        reply(i, f"person_{i}", f"{text} https://welt.ltd/p/{i}") for i, text in enumerate(TEMPLATE)
    ]
    report = detect(replies)
    cluster = report.clusters[0]
    assert cluster.verdict is ClusterVerdict.COORDINATED
    assert {"same-text", "imitated-brand"} <= {r.code for r in cluster.reasons}
    assert cluster.score == min(100, sum(r.points for r in cluster.reasons))
    assert cluster.imitates == ("welt.de",)
    assert report.flagged


def test_same_text_with_machine_handles_young_accounts_and_bunching() -> None:
    replies = [
        reply(i, handle, text, created_at=f"2024-03-14T08:0{i}:00Z",
              author_created_at="2024-03-10T00:00:00Z")
        for i, (handle, text) in enumerate(
            zip(["MariaSchulz83651", "HeinzWeber60412877", "PaulRoth1234567"], TEMPLATE,
                strict=True)
        )
    ]
    cluster = detect(replies).clusters[0]
    codes = {r.code for r in cluster.reasons}
    assert codes == {"same-text", "machine-handles", "young-accounts", "bunched-replies"}
    assert cluster.verdict is ClusterVerdict.COORDINATED


def test_a_display_name_among_machine_handles_counts_as_an_account_not_a_handle() -> None:
    """Three generated handles and a display name of the same shape: three of four accounts,
    the name neither one of them nor left out of the count."""
    names = ["MariaSchulz83651", "HeinzWeber60412877", "PaulRoth1234567", "Moni_19580707"]
    kinds = [AuthorKind.HANDLE] * 3 + [AuthorKind.NAME]
    replies = [
        replace(reply(i, name, TEMPLATE[0]), author_kind=kind)
        for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
    ]
    [reason] = [r for r in detect(replies).clusters[0].reasons if r.code == "machine-handles"]
    assert reason.detail.startswith("3 of 4 accounts have handles that are a name plus")
    assert "Moni_19580707" not in reason.detail


def test_lookalike_link_alone_is_organic() -> None:
    replies = [reply(i, f"person_{i}", f"Gelesen: https://welt.ltd/p/{i}") for i in range(3)]
    cluster = detect(replies).clusters[0]
    assert cluster.verdict is ClusterVerdict.ORGANIC


def _video_comments(platform_said: bool = True) -> tuple[list[Post], Post]:
    """Three young accounts write one template as top-level comments under a video, 2–4
    minutes after it went up (its videos.list answer is the context): no post is a reply."""
    under = "vidTmpl2025a"
    video = Post("Das Video", 1, post_id=under, created_at="2025-02-03T12:00:00Z",
                 youtube=YoutubeIds(under, "UCowner", "UCowner"), platform=Platform.YOUTUBE)
    comments = [
        Post(text, i + 2, author=handle, author_kind=AuthorKind.HANDLE, post_id=f"Ugx{i}",
             created_at=f"2025-02-03T12:0{i + 2}:00Z", author_created_at="2025-01-30T00:00:00Z",
             youtube=YoutubeIds(under, "UCowner", f"UCc{i}"),
             platform=Platform.YOUTUBE if platform_said else None)
        for i, (handle, text) in enumerate(zip(["kanal_a", "kanal_b", "kanal_c"], TEMPLATE,
                                               strict=True))
    ]
    return comments, video


def test_a_clusters_timing_and_age_say_commented_under_a_video() -> None:
    """YouTube top-level comments answer the video, not a post: the cluster's reasons say
    what the accounts did ("commented"), as each account's own reasons do; "replied" was
    untrue of them."""
    comments, video = _video_comments()
    report = detect(comments, context=[video])
    (cluster,) = report.clusters
    details = {r.code: r.detail for r in cluster.reasons}
    assert details["fast-replies"] == (
        "3 accounts commented within 10 minutes after video vidTmpl2025a was published "
        "(2025-02-03 12:00:00 UTC)")
    assert details["young-accounts"] == (
        "3 of 3 accounts were created at most 30 days before they commented")
    own = {r.code: r.detail for a in report.accounts for r in a.reasons if a.handle == "kanal_a"}
    assert own["young-account"] == "account created 5 days before it commented (comment Ugx0)"
    assert own["fast-reply"] == ("commented 2 minutes after video vidTmpl2025a was published "
                                 "(2025-02-03 12:00:00 UTC) (comment Ugx0)")


def test_replies_and_comments_together_say_both() -> None:
    """One account answers another's comment, two comment on the video: the cluster did
    both; a reply keeps its word."""
    comments, video = _video_comments()
    comments[2] = replace(comments[2], reply_to="Ugx0", post_id="Ugx0.r1")
    report = detect(comments, context=[video])
    details = {r.code: r.detail for c in report.clusters for r in c.reasons}
    assert details["fast-replies"].startswith("3 accounts replied or commented within 10 ")
    assert details["young-accounts"].endswith("before they replied or commented")


def test_replies_on_x_still_say_replied() -> None:
    replies = [
        reply(i, handle, text, created_at=f"2024-03-14T08:0{i}:00Z",
              author_created_at="2024-03-10T00:00:00Z")
        for i, (handle, text) in enumerate(zip(["anna_k", "bernd_l", "carla_m"], TEMPLATE,
                                               strict=True))
    ]
    details = {r.code: r.detail for c in detect(replies).clusters for r in c.reasons}
    assert details["young-accounts"].endswith(
        " accounts were created at most 30 days before they replied")
