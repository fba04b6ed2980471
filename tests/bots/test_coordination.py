"""Coordination networks: repeated co-action by one group is coordinated, crowds are not."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.bots.conftest import FIXTURES, reply
from threadscope.bots import detect
from threadscope.bots.links import reply_links
from threadscope.bots.network import LINK, RETWEET, build, windows
from threadscope.ingest.replies import open_replies
from threadscope.models import BotReport, ClusterVerdict, Post

START = datetime(2024, 3, 14, 8, 0, tzinfo=UTC)


def at(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def flagged(report: BotReport) -> set[str]:
    return {a for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED
            for a in c.accounts}


def codes(report: BotReport) -> set[str]:
    return {r.code for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED
            for r in c.reasons}


def truth() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in (FIXTURES / "activity_qut.truth.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, handle = line.split("\t")
            found.setdefault(kind, set()).add(handle)
    return found


def test_each_planted_campaign_kind_in_a_qut_export_is_found_and_no_crowd() -> None:
    report = detect(open_replies(str(FIXTURES / "activity_qut.csv")))
    who = truth()
    for kind in ("co-retweet", "co-link", "co-reply", "co-text"):
        cluster = next(c for c in report.clusters if set(c.accounts) == who[kind])
        assert cluster.verdict is ClusterVerdict.COORDINATED
        assert kind in {r.code for r in cluster.reasons}
    campaigns = set().union(*(who[k] for k in ("co-retweet", "co-link", "co-reply", "co-text")))
    assert flagged(report) == campaigns
    assert not flagged(report) & (who["fan"] | who["news-crowd"])
    assert "tagesschau" not in {a for c in report.clusters for a in c.accounts}


def test_a_news_retweet_crowd_and_a_fandom_are_organic() -> None:
    """X API v2 pages: @tagesschau and others retweeted by their followers all day, a K-pop
    fandom retweeting news about its group within minutes. Nothing is coordinated."""
    stream = open_replies(str(FIXTURES / "retweet_crowd_x_api_v2.jsonl"))
    report = detect(stream)
    assert stream.format == "x-api-v2"
    assert not report.flagged
    assert "tagesschau" not in {a for c in report.clusters for a in c.accounts}
    # retweets carry truncated t.co fragments: none of them is a link
    assert not any(link.domain == "t.co" for link in report.links)
    assert report.network  # pairs do co-retweet (the QUT toolkit would link them) ...
    crowd = max(report.clusters, key=lambda c: len(c.accounts))
    assert crowd.verdict is ClusterVerdict.ORGANIC  # ... but never as a team
    assert crowd.score == 0 and crowd.reasons[0].code == "acted-apart"


def _retweets(group: list[str], posts: int, spread: float, gap: float = 3600) -> list[Post]:
    out = []
    for number in range(posts):
        for i, handle in enumerate(group):
            out.append(reply(len(out), handle, f"RT @kanal: Beitrag {number}",
                             created_at=at(number * gap + i * spread / len(group)),
                             repost_of=f"p{number}"))
    return out


def test_repeated_co_retweet_by_one_group_is_coordinated() -> None:
    group = ["anna_k", "bernd_m", "clara_s", "dieter_w", "eva_l"]
    report = detect(_retweets(group, posts=3, spread=30))
    (cluster,) = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
    assert set(cluster.accounts) == set(group)
    reason = cluster.reasons[0]
    assert reason.code == "co-retweet" and reason.points == 70
    assert "5 accounts retweeted the same posts together 3 times" in reason.detail
    edge = report.network[0]
    assert edge.weight == 3 and edge.co_actions[0].kind == "co-retweet"
    assert edge.cluster == cluster.id and len(report.network) == 10


def test_a_pair_that_retweets_together_again_and_again_is_told_why_it_is_no_group() -> None:
    """As in the QUT toolkit's own test input: two accounts with an edge of weight 2. The
    reason said "never as a group: each pair met on its own" of the one pair that met."""
    report = detect(_retweets(["anna_k", "bernd_m"], posts=3, spread=30))
    (cluster,) = report.clusters
    assert cluster.verdict is ClusterVerdict.ORGANIC and cluster.score == 0
    (reason,) = cluster.reasons
    assert reason.code == "acted-apart" and "never as a group" not in reason.detail
    assert reason.detail.startswith(
        "2 accounts retweeted the same posts within 60 s 3 times (post p0, post p1, post p2), "
        "but a pair is no group: coordination is read from 3 accounts or more")


def test_one_burst_of_a_popular_post_is_organic() -> None:
    crowd = [f"reader_{i}" for i in range(40)]
    report = detect(_retweets(crowd, posts=1, spread=50))
    assert report.network == () and not report.flagged


def test_min_repeats_and_window_decide() -> None:
    group = ["anna_k", "bernd_m", "clara_s", "dieter_w"]
    posts = _retweets(group, posts=3, spread=30)
    assert detect(posts, min_repeats=3).flagged
    assert not detect(posts, min_repeats=4).flagged
    assert not detect(posts, window=5).flagged  # 7.5 s apart: no pair within 5 s
    assert detect(posts, window={"co-retweet": 60, "*": 5}).flagged


def test_identical_text_repeated_by_a_group_is_coordinated() -> None:
    text = ("Die Regierung hat uns belogen, die Energiepreise steigen weiter und niemand "
            "übernimmt Verantwortung. Wacht endlich auf!")
    group = [f"buerger_{name}" for name in "abcdefghij"]
    posts = [reply(n, handle, text, created_at=at(round_ * 7200 + i * 5))
             for n, (round_, i, handle) in enumerate(
                 (r, i, h) for r in range(5) for i, h in enumerate(group))]
    report = detect(posts)
    assert flagged(report) == set(group)
    assert {"co-text", "same-text", "repeated-text"} <= codes(report)


def test_the_same_plain_link_again_and_again_is_coordinated() -> None:
    group = ["kanal_a", "kanal_b", "kanal_c", "kanal_d"]
    posts = []
    for number in range(3):
        url = f"https://www.youtube.com/watch?v=video{number}"
        for i, handle in enumerate(group):
            posts.append(reply(len(posts), handle, f"Anschauen! {url}", urls=(url,),
                               created_at=at(number * 5000 + i * 7)))
    report = detect(posts)
    assert flagged(report) == set(group) and "co-link" in codes(report)


def test_the_same_posts_answered_together_again_and_again_is_coordinated() -> None:
    group = ["hans_p", "inge_r", "jan_t", "karla_v"]
    texts = ["Das stimmt doch alles nicht", "Wer glaubt denn so etwas noch",
             "Schon wieder diese Propaganda", "Lügen, nichts als Lügen hier"]
    posts = [reply(len(group) * n + i, handle, texts[(n + i) % 4], reply_to=f"news{n}",
                   post_id=f"r{n}-{i}", created_at=at(n * 9000 + i * 12))
             for n in range(3) for i, handle in enumerate(group)]
    report = detect(posts)
    assert flagged(report) == set(group) and "co-reply" in codes(report)


def test_news_junkies_retweeting_everything_at_their_own_pace_are_organic() -> None:
    """Four people retweet each of thirty posts minutes apart; now and then three of them land
    in the same minute. They are linked in pairs, but out of step."""
    pace = random.Random(5)
    delays = [[pace.uniform(0, 1800) for _ in range(4)] for _ in range(30)]
    delays[3] = [10, 20, 30, 600]
    delays[11] = [5, 25, 40, 700]
    delays[20] = [400, 410, 430, 15]
    posts = [reply(0, f"junkie_{i}", "RT @tagesschau: Meldung", repost_of=f"t{n}",
                   created_at=at(n * 3600 + delays[n][i]))
             for n in range(30) for i in range(4)]
    report = detect(posts)
    assert not report.flagged
    reasons = {r.code for c in report.clusters for r in c.reasons}
    assert reasons & {"out-of-step", "acted-apart"}


def test_a_retweet_spreads_no_link_and_a_truncated_fragment_is_no_link() -> None:
    text = "Neue Zahlen zur Inflation im März: https://t.co/b8kO…"
    assert reply_links(Post(text, 1)) == ()
    assert reply_links(Post("Mehr dazu https://t.co/b8kOabc123 hier", 1))
    retweet = Post("RT @tagesschau: Zahlen https://t.co/b8kOabc123", 1, repost_of="9",
                   urls=("https://www.tagesschau.de/a",))
    assert reply_links(retweet) == ()


def test_a_csv_without_repost_ids_still_knows_a_retweet() -> None:
    from threadscope.ingest.replies import read_replies

    posts = read_replies("author,text\nanna,RT @tagesschau: Neue Zahlen https://t.co/b8kO…\n"
                         "bernd,Neue Zahlen\n")
    assert posts[0].repost_of == "RT @tagesschau: Neue Zahlen https://t.co/b8kO…"
    assert posts[1].repost_of is None


def test_windows_per_kind() -> None:
    assert windows(None) == (60.0,) * 4
    assert windows(30) == (30.0,) * 4
    assert windows({"co-text": 3600, "*": 10}) == (10.0, 10.0, 10.0, 3600.0)


def test_network_pairs_count_occasions_not_messages() -> None:
    """Five retweets each of one post within a minute are one occasion, not five."""
    actions = {(RETWEET, "p1"): [(float(i), i % 2, i) for i in range(10)],
               (LINK, "u"): [(0.0, 0, 20), (10.0, 1, 21), (5000.0, 0, 22), (5010.0, 1, 23)]}
    pair = build(actions, min_repeats=1).pairs[(0, 1)]
    assert pair.weights[RETWEET] == 1 and pair.weights[LINK] == 2
    # at 2, an account in one retweet occasion only is not even paired (pruned as QUT does)
    pair = build(actions, min_repeats=2).pairs[(0, 1)]
    assert pair.weights[RETWEET] == 0 and pair.weights[LINK] == 2


@pytest.mark.parametrize("bad", [0, -1])
def test_min_repeats_must_be_positive(bad: int) -> None:
    with pytest.raises(ValueError):
        detect([], min_repeats=bad)


def test_a_co_repost_team_and_a_co_link_team_in_a_bluesky_jetstream_log() -> None:
    """A day of the firehose: a news account's posts reposted within seconds by the same five
    accounts, the same videos linked by four others (link facets), ordinary posts, likes and
    follows around them. Accounts an identity event named go by handle, the others by DID."""
    stream = open_replies(str(FIXTURES.parent / "threads" / "bluesky_jetstream_teams.jsonl"))
    report = detect(stream)
    assert stream.format == "bluesky"
    teams = {frozenset(c.accounts): {r.code for r in c.reasons} for c in report.clusters
             if c.verdict is ClusterVerdict.COORDINATED}
    reposters = next(team for team, found in teams.items() if "co-retweet" in found)
    linkers = next(team for team, found in teams.items() if "co-link" in found)
    assert len(teams) == 2 and len(reposters) == 5 and len(linkers) == 4
    assert {"wahrheit-jetzt-4821.bsky.social", "freies-wort-7730.bsky.social"} <= reposters
    assert sum(a.startswith("did:plc:") for a in reposters) == 2
    assert "kanal-aufklaerung.bsky.social" in linkers
    assert "nachrichten-direkt.bsky.social" not in flagged(report)  # reposted, not reposting
    detail = next(r.detail for c in report.clusters for r in c.reasons if r.code == "co-retweet")
    assert "@nachrichten-direkt.bsky.social's post …/3l3" in detail  # the record key shows


def test_reposted_bluesky_posts_the_dump_lacks_are_told_apart_by_record_key() -> None:
    group = ["anna_k", "bernd_m", "clara_s", "dieter_w", "eva_l"]
    uri = "at://did:plc:kanalkanalkanalkanalkana/app.bsky.feed.post/3l3qo2vutsw{}b"
    posts = [replace(p, repost_of=uri.format(p.repost_of)) for p in _retweets(group, 3, 30)]
    (cluster,) = [c for c in detect(posts).clusters if c.verdict is ClusterVerdict.COORDINATED]
    assert ("(post at://did:plc:kanalkanalkanalkanalkana/…/3l3qo2vutswp0b, "
            in cluster.reasons[0].detail)


def test_a_kind_of_co_action_seen_once_is_said_once_not_1_times() -> None:
    """The group's other co-action, once: its reason read "together 1 times: each time 4 of
    them"."""
    group = ["anna_k", "bernd_m", "clara_s", "dieter_w", "eva_l"]
    posts = _retweets(group, posts=3, spread=30)
    for i, handle in enumerate(group[:4]):
        posts.append(reply(len(posts), handle, "Lest das: https://kies-wahrheit.info/a",
                           created_at=at(20_000 + i * 5)))
    report = detect(posts)
    (cluster,) = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
    details = [reason.detail for reason in cluster.reasons]
    assert "5 accounts retweeted the same posts together 3 times: each time 5 of them" in \
        details[0]
    (linked,) = [d for d in details if "the same links" in d]
    assert "5 accounts posted the same links together once: 4 of them within 60 s" in linked
    assert not any("1 times" in detail for detail in details)


def _squad_in_crowds(*, young: bool, later_minutes: float) -> tuple[list[Post], list[str]]:
    """Five posts of @heil, each answered by 100 people (20 of them in the first five minutes,
    the rest over ``later_minutes``) and, two minutes in, by a squad of five within 16 s,
    each time in other words."""
    squad = ["lena_berg", "max_tal", "olga_see", "paul_feld", "rita_hof"]
    pace = random.Random(3)
    people = [f"leser_{i}" for i in range(300)]
    born = [at(-(5 if young else 900 + 300 * i) * 86400) for i in range(len(squad))]
    posts: list[Post] = []
    for n in range(5):
        start = n * 4 * 3600
        posts.append(reply(len(posts), "heil", f"Beitrag {n}", post_id=f"p{n}",
                           created_at=at(start), author_created_at=at(-4000 * 86400)))
        for number, person in enumerate(pace.sample(people, 100)):
            later = pace.uniform(20, 300) if number < 20 else pace.uniform(300, later_minutes * 60)
            posts.append(reply(len(posts), person, f"Meinung {pace.randrange(10**6)}",
                               reply_to=f"p{n}", post_id=f"r{len(posts)}",
                               created_at=at(start + later),
                               author_created_at=at(-pace.uniform(400, 4000) * 86400)))
        for i, handle in enumerate(squad):
            posts.append(reply(len(posts), handle, f"Zeile {n} {i} {pace.randrange(10**6)}",
                               reply_to=f"p{n}", post_id=f"r{len(posts)}",
                               created_at=at(start + 120 + i * 4), author_created_at=born[i]))
    return posts, squad


def test_a_squad_bursting_inside_each_posts_crowd_is_a_team_named_in_its_reason() -> None:
    """Each time a sliver of the crowd (5 of ~25 in those minutes: ``crowd`` before), but the
    same five, all of the few in their own 16 seconds, post after post; young, and fast where
    the crowd is not: three kinds of evidence."""
    posts, squad = _squad_in_crowds(young=True, later_minutes=180)
    report = detect(posts)
    assert flagged(report) == set(squad)
    (cluster,) = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
    team = next(r for r in cluster.reasons if r.code == "team-in-crowd")
    assert team.points == 40
    assert team.detail.startswith(
        "5 accounts (@lena_berg, @max_tal, @olga_see, @paul_feld, @rita_hof) replied to the "
        "same posts as one burst 5 times: each time 5 of them within 16 s")
    assert "100% came within one 60 s window" in team.detail
    assert {"young-accounts", "fast-replies"} <= {r.code for r in cluster.reasons}


def test_a_team_in_crowds_with_nothing_else_against_it_is_no_campaign() -> None:
    """Old accounts created years apart, in a crowd that all replies within minutes: the
    bursts alone (40) are what a group of friends replying together also shows. Said, not
    flagged."""
    posts, squad = _squad_in_crowds(young=False, later_minutes=8)
    report = detect(posts)
    assert not report.flagged
    cluster = next(c for c in report.clusters if set(c.accounts) == set(squad))
    assert cluster.verdict is ClusterVerdict.ORGANIC and cluster.score == 40
    assert [r.code for r in cluster.reasons if r.points] == ["team-in-crowd"]
    assert any(r.code == "short-of-coordinated" for r in cluster.reasons)
