"""The hard sets of ``scripts/hard_sets.py``: real crowds are no bots, hiding bots are found.

Each set is in a platform's own format (X API v2 pages, the QUT toolkit's CSV) and read as a
user's file is (``detect_file``, offline). Negatives: a broadcaster's retweet crowd, fans'
congratulations, a newsroom's staff, an activists' Twitterstorm, a viral quotation, fans with
notifications on answering every post of a singer within a minute or two; no account may be
flagged. Positives: copy-pasta with small edits, invisible characters and look-alike letters,
link rotation across look-alike domains, a scam among fast fans, a reply squad.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

from tests.bots.conftest import FIXTURES, ROOT
from threadscope.bots import detect_file
from threadscope.bots.normalise import disguised, normalise
from threadscope.models import BotReport, Cluster, ClusterVerdict

HARD = FIXTURES / "hard"
NEGATIVES = ["broadcaster_retweets", "celebrity_congrats", "newsroom_staff", "activist_storm",
             "viral_quote", "fan_notifications"]
POSITIVES = ["copypasta_edits", "invisible_variation", "link_rotation", "campaign_among_fans",
             "reply_squad"]


def data(name: str) -> Path:
    return next(p for p in HARD.glob(f"{name}.*") if not p.name.endswith(".truth.tsv"))


def bots(name: str) -> set[str]:
    lines = (HARD / f"{name}.truth.tsv").read_text("utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


@functools.cache
def report(name: str) -> BotReport:
    return detect_file(str(data(name)))


def coordinated(name: str) -> list[Cluster]:
    return [c for c in report(name).clusters if c.verdict is ClusterVerdict.COORDINATED]


def flagged(name: str) -> set[str]:
    return {a for c in coordinated(name) for a in c.accounts}


@pytest.mark.parametrize("name", NEGATIVES)
def test_a_real_crowd_is_no_campaign(name: str) -> None:
    assert not bots(name)
    assert report(name).replies > 300
    assert flagged(name) == set()


@pytest.mark.parametrize("name", POSITIVES)
def test_a_hiding_campaign_is_found_whole_and_alone(name: str) -> None:
    assert flagged(name) == bots(name)
    (cluster,) = coordinated(name)
    assert cluster.score >= 65
    assert all(r.detail for r in cluster.reasons)


def test_fans_sharing_one_sentence_carry_their_crowd_traits_as_no_evidence() -> None:
    """Most fans reply within minutes and kept the handle X proposed: forty of them writing the
    same sentence share those traits with the six hundred others, and it is said so."""
    clusters = [c for c in report("celebrity_congrats").clusters
                if any(r.code == "same-text" for r in c.reasons)]
    assert clusters
    common = [r for c in clusters for r in c.reasons if r.code == "common-trait"]
    assert common and all(r.points == 0 for r in common)
    assert any("the shape of the handles X proposes" in r.detail for r in common)
    assert any("replied within 10 minutes" in r.detail for r in common)
    assert all("against " in r.detail and "% of the " in r.detail for r in common)
    for cluster in clusters:
        assert {r.code for r in cluster.reasons}.isdisjoint({"machine-handles", "fast-replies"})


def test_a_scam_among_fast_fans_is_timed_against_them() -> None:
    """The scam's accounts replied fast like every fan (not counted), but within one minute
    where the fans were spread over many: that, and their age, set them apart."""
    (cluster,) = coordinated("campaign_among_fans")
    reasons = {r.code: r for r in cluster.reasons}
    assert reasons["common-trait"].points == 0
    assert "replied within 10 minutes" in reasons["common-trait"].detail
    assert "against" in reasons["bunched-replies"].detail
    assert "other posts in the dump" in reasons["bunched-replies"].detail
    assert "against" in reasons["young-accounts"].detail


def test_invisible_characters_and_look_alike_letters_are_read_through_and_said() -> None:
    (cluster,) = coordinated("invisible_variation")
    same = next(r for r in cluster.reasons if r.code == "same-text")
    assert "12 of the 12 copies hide invisible characters or look-alike letters" in same.detail
    assert "\u200b" not in same.detail and "Wahrheit" in same.detail


def test_normalise_drops_invisible_characters_and_folds_mixed_script_words_only() -> None:
    assert normalise("Die Wаhr\u200bheit über den Mindestlоhn 🔥") == (
        "die wahrheit über den mindestlohn")
    assert normalise("ПРАВДА о Wаhrheit") == "правда о wahrheit"  # Russian stays Russian
    assert normalise("Soft\u00adhyphen and word\u2060joiner") == "softhyphen and wordjoiner"
    assert disguised("Wаhrheit") and disguised("Wahr\u200bheit")
    assert not disguised("Wahrheit über Straße") and not disguised("правда")


def test_the_reply_squad_is_found_by_its_bursts_inside_each_posts_crowd() -> None:
    """Same-day accounts answering five posts within seconds of each other, in different
    words: a sliver of each post's early crowd (``crowd``: 9 of 52 around them), but most of
    the few in their own seconds, post after post (``team-in-crowd``). Only six of the eight
    were found before, those whose short lines happened to repeat."""
    (cluster,) = coordinated("reply_squad")
    team = next(r for r in cluster.reasons if r.code == "team-in-crowd")
    assert team.points == 40
    assert all(f"@{handle}" in team.detail for handle in bots("reply_squad"))
    assert "replied to the same posts as one burst 5 times: each time 8 of them" in team.detail
    assert {"young-accounts", "fast-replies"} <= {r.code for r in cluster.reasons}


def test_fans_with_notifications_on_are_no_team() -> None:
    """Forty fans answer nearly every post within a minute or two, each at a pace of their own:
    linked in pairs again and again, but never a burst of their own inside the crowd."""
    clusters = report("fan_notifications").clusters
    assert clusters and not any(r.code == "team-in-crowd" for c in clusters for r in c.reasons)


def test_the_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import hard_sets

    for made in hard_sets.made():
        written = hard_sets.write(made, tmp_path)
        assert written.read_bytes() == (HARD / written.name).read_bytes(), written.name
        truth = written.name.rsplit(".", 1)[0] + ".truth.tsv"
        assert (tmp_path / truth).read_text("utf-8") == (HARD / truth).read_text("utf-8")


def test_the_held_out_variants_are_the_same_shapes_drawn_again() -> None:
    """``eval_bots.py --hard`` also measures each set drawn with its seed plus
    ``HELD_OUT``: other accounts, other times, the same kind of set and truth."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import hard_sets

    dev = {made.name: made for made in hard_sets.made()}
    for held in hard_sets.made(held_out=True):
        assert held.posts != dev[held.name].posts
        assert bool(held.bots) == bool(dev[held.name].bots)
        assert len(held.bots) == len(dev[held.name].bots)
