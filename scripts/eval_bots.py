"""Account-level precision and recall of ``threadscope bots`` on generated data with known truth.

Two kinds of set, both from ``scripts/gen_replies.py``, offline (links judged by name):

1. **Reply campaigns** (``generate``): one post answered by organic replies of many shapes, with
   Doppelganger-style campaigns of a dozen bots (template text with synonym swaps, a look-alike
   link, young machine-handled accounts), and a *stealth* row (bought accounts, spread times,
   one short link each: offline only the text is left, which by design flags no one).
2. **A day of activity** (``generate_activity``, 20,000 posts): news accounts retweeted by
   crowds of followers (the truncated ``RT @tagesschau: … https://t.co/b8kO…`` shape), a K-pop
   fandom retweeting every news post about its group within minutes, people sharing the same
   articles, and one planted campaign per kind: co-retweet (the same group retweets the same
   posts within a minute, again and again), co-link (the same plain YouTube links within 30 s),
   co-reply (the same posts answered within a minute, different words each time), co-text (one
   paragraph posted by the same accounts in five to six rounds). Half of each campaign's handles
   look human and no account is young: only the network gives them away. Reported per campaign
   kind (recall; precision of the clusters flagged for it) and false positives on the organic
   retweet crowds (news followers, fans) and on everyone else.

Seeds 1–5 were looked at while the rules were written (``dev``); seeds 101–110 were run only
after (``held out``). The generator and the detector were written by the same hand, so the
generated campaigns agree with the rules by construction: read these figures as what the rules
do on the shapes they were built for, not as field accuracy.

``--qut`` also runs the QUT coordination-network-toolkit (if installed:
``pip install coordination-network-toolkit``; not a dependency) on the same activity sets,
written as its CSV, with its documented 60 s window and minimum edge weight 2, and reports
which accounts its co-retweet, co-link, co-reply and co-tweet networks link. The toolkit gives
networks, not verdicts: an account on an edge is what it "finds".

``--real CACHE`` first runs ``threadscope bots`` (offline: links judged by name) on real public
posts: the API answers that client libraries recorded for their tests (tweepy's X API v2 and
v1.1, PRAW's Reddit, Mastodon.py's mastodon.social), fetched from the package registries and
unwrapped by ``scripts/real_sets.py CACHE`` (provenance, versions and sha256 in
``CACHE/SOURCES.tsv``). Organic data has no campaigns, so every account flagged there is counted
a false positive, and each flagged cluster is printed with its accounts and top reasons for a
reader to judge; a set known to be scripted (the Mastodon.py test suite's own server) is
reported but not counted. These sets are small and were not chosen for coordination: they say
how often the rules fire on ordinary posts, not what they find.

``--hard [DIR]`` first runs ``threadscope bots`` (offline) on the hard sets of
``scripts/hard_sets.py`` (``fixtures/bots/hard``, in the platforms' own formats): real crowds
that look coordinated (a broadcaster's retweet crowd, fans' congratulations, a newsroom's staff,
an activists' Twitterstorm, a viral quotation, fans with notifications on), where every account
flagged is a false positive, and bots that hide (copy-pasta with small edits, invisible
characters and look-alike letters, link rotation across look-alike domains, a reply squad of
same-day accounts), with precision, recall and false positives per set, and each flagged
cluster's accounts and top reasons; then the same sets drawn with held-out seeds (each set's
seed plus ``hard_sets.HELD_OUT``, written to a temporary folder and read from there), never
looked at while the rules were tuned, reported apart (``--no-held-out`` leaves them out).
Written by the hand that tunes the rules: shapes handled, not field accuracy.

Run: ``python scripts/eval_bots.py [--hard [DIR]] [--no-held-out] [--real CACHE] [--seeds 10]
[--sizes 1000,5000,20000] [--qut]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import redirect_stdout
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_replies import (  # noqa: E402
    CAMPAIGN_KINDS,
    ActivitySet,
    generate,
    generate_activity,
    to_coordination_csv,
)

from threadscope.bots import detect  # noqa: E402
from threadscope.ingest.replies import open_replies  # noqa: E402
from threadscope.models import BotReport, Cluster, ClusterVerdict, Post  # noqa: E402

DEV_SEEDS = range(1, 6)
HELD_OUT_SEEDS = range(101, 111)


def flagged(report: BotReport) -> set[str]:
    return {
        handle
        for cluster in report.clusters
        if cluster.verdict is ClusterVerdict.COORDINATED
        for handle in cluster.accounts
    }


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "n/a"


# --------------------------------------------------------------------------- real public data


def real_sets(cache: Path) -> list[tuple[Path, dict[str, object]]]:
    """The sets ``real_sets.py`` wrote, with what it recorded about each: organic ones first."""
    sets = cache / "sets"
    found = [(sets / about.name.replace(".about.json", ".jsonl"),
              json.loads(about.read_text("utf-8"))) for about in sets.glob("*.about.json")]
    if not found:
        raise SystemExit(f"{sets}: no sets; run scripts/real_sets.py {cache} first")
    return sorted(found, key=lambda found: (not found[1]["organic"], str(found[1]["name"])))


def shown(cluster: Cluster, limit: int = 12) -> str:
    names = list(cluster.accounts[:limit])
    more = f" and {len(cluster.accounts) - limit} more" if len(cluster.accounts) > limit else ""
    return ", ".join(names) + more


def real_table(cache: Path) -> None:
    print("Real public data (recorded API answers; offline), account level: every account "
          "flagged in organic data is a false positive")
    print(f"{'set':<21} {'source':<20} {'posts':>6} {'accounts':>8} {'flagged':>7} "
          f"{'FP rate':>7}")
    judged: list[tuple[str, Cluster]] = []
    notes: list[str] = []
    for path, about in real_sets(cache):
        report, posts, accounts = run_file(path)
        found = flagged(report)
        package = about["package"]
        assert isinstance(package, dict)
        source = f"{package['name']} {package['version']}"
        organic = bool(about["organic"])
        rate = ratio(len(found), len(accounts)) if organic else "scripted"
        print(f"{about['name']!s:<21} {source:<20} {len(posts):>6} {len(accounts):>8} "
              f"{len(found):>7} {rate:>7}")
        judged.extend((str(about["name"]), cluster) for cluster in report.clusters
                      if cluster.verdict is ClusterVerdict.COORDINATED)
        notes.append(f"  {about['name']} ({source}, {package['licence']}): {about['note']}")
    print("What each set is:", *notes, sep="\n")
    shown_clusters(judged, 4)
    print()


def run_file(path: Path) -> tuple[BotReport, list[Post], set[str]]:
    """``threadscope bots`` (offline) on a file as a user's is read: the report, the posts
    read and the accounts that posted them."""
    stream = open_replies(str(path))
    posts: list[Post] = []
    report = detect(_kept(stream, posts), source=stream.source, context=stream.context,
                    warnings=stream.warnings)
    return report, posts, {post.author for post in posts if post.author}


def shown_clusters(judged: Sequence[tuple[str, Cluster]], reasons: int) -> None:
    """Each flagged cluster with its accounts and top ``reasons`` reasons, for a reader."""
    print("Flagged clusters:" if judged else "Flagged clusters: none")
    for name, cluster in judged:
        print(f"  {name}: cluster {cluster.id}, score {cluster.score}, "
              f"{len(cluster.accounts)} accounts: {shown(cluster)}")
        for reason in sorted(cluster.reasons, key=lambda r: -r.points)[:reasons]:
            print(f"    {reason.code} {reason.points}: {reason.detail}")
        for label in cluster.platform_labels:  # context, no points
            print(f"    platform says: {label}")


def _kept(posts: Iterable[Post], into: list[Post]) -> Iterable[Post]:
    """``posts`` passed on, each also kept in ``into`` (to count posts and accounts)."""
    for post in posts:
        into.append(post)
        yield post


# --------------------------------------------------------------------------- hard sets

HARD = Path(__file__).resolve().parent.parent / "fixtures" / "bots" / "hard"


def hard_truth(path: Path) -> tuple[str, set[str]]:
    """(the first line's description, the bot handles) of a ``NAME.truth.tsv``."""
    lines = path.read_text("utf-8").splitlines()
    about = lines[0].lstrip("# ") if lines and lines[0].startswith("#") else ""
    return about, {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def hard_table(folder: Path, label: str = "dev") -> None:
    print(f"Hard sets, {label} (scripts/hard_sets.py; offline), account level: in a negative "
          "set every account flagged is a false positive")
    print(f"{'set':<21} {'kind':<8} {'accounts':>8} {'bots':>5} {'TP':>4} {'FP':>4} {'FN':>4} "
          f"{'precision':>9} {'recall':>7} {'FP rate':>7}")
    judged: list[tuple[str, Cluster]] = []
    truths = sorted(folder.glob("*.truth.tsv"),
                    key=lambda p: (bool(hard_truth(p)[1]), p.name))
    if not truths:
        raise SystemExit(f"{folder}: no hard sets; run scripts/hard_sets.py first")
    for truth in truths:
        name = truth.name.removesuffix(".truth.tsv")
        data = next(p for p in folder.glob(f"{name}.*") if not p.name.endswith(".truth.tsv"))
        about, bots = hard_truth(truth)
        report, _, accounts = run_file(data)
        found = flagged(report)
        tp, fp, fn = len(found & bots), len(found - bots), len(bots - found)
        kind = "positive" if bots else "negative"
        print(f"{name:<21} {kind:<8} {len(accounts):>8} {len(bots):>5} {tp:>4} {fp:>4} {fn:>4} "
              f"{ratio(tp, tp + fp):>9} {ratio(tp, tp + fn):>7} "
              f"{ratio(fp, len(accounts - bots)):>7}")
        judged.extend((name, c) for c in report.clusters
                      if c.verdict is ClusterVerdict.COORDINATED)
    shown_clusters(judged, 5)
    print()


def held_out_hard_table() -> None:
    """The hard sets drawn again with held-out seeds (``hard_sets.HELD_OUT``), written in
    their formats to a temporary folder and read from there: never looked at while tuning."""
    import hard_sets

    with tempfile.TemporaryDirectory() as folder:
        for made in hard_sets.made(held_out=True):
            hard_sets.write(made, Path(folder))
        hard_table(Path(folder), f"held out (seeds + {hard_sets.HELD_OUT})")


# --------------------------------------------------------------------------- reply campaigns


def measure(
    seed: int, organic: int, bots: int, campaigns: int, stealth: bool = False
) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over accounts."""
    made = generate(seed, organic=organic, bots=bots, campaigns=campaigns, stealth=stealth)
    found = flagged(detect(made.replies))
    return len(found & made.bots), len(found - made.bots), len(made.bots - found)


def takeover(seed: int, bots: int, *, ids: bool) -> tuple[int, int, int, int]:
    """A reply campaign whose bots' handles were each given up and taken over by an organic
    account (a handle freed by a ban, bought from a bot farm): every post carries its
    account's stable id (``Post.author_id``), or none (``ids`` False: keyed by the handle, as
    ``bots`` was before it read ids). (newcomers' posts, of them counted to a flagged
    account, bots' posts, of them counted to one): an account's posts are what a report
    lists and quotes as the flagged account's."""
    made = generate(seed, organic=1000, bots=bots, campaigns=1)
    organic = sorted({p.author for p in made.replies if p.author and p.author not in made.bots})
    taken = dict(zip(organic, sorted(made.bots), strict=False))
    posts = [replace(p, author=taken.get(p.author, p.author),
                     author_id=f"id:{p.author}" if ids else None) if p.author else p
             for p in made.replies]
    report = detect(posts)
    coordinated = {c.id for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED}
    caught = {i for a in report.accounts if a.cluster in coordinated for i in a.replies}
    newcomers = {i for i, p in enumerate(made.replies) if p.author in taken}
    bot_posts = {i for i, p in enumerate(made.replies) if p.author in made.bots}
    return len(newcomers), len(newcomers & caught), len(bot_posts), len(bot_posts & caught)


def takeover_table(seeds: int, bots: int) -> None:
    print("Handles taken over (each bot's handle also used by an organic account), posts "
          "counted to a flagged account")
    print(f"{'accounts keyed by':>18} {'seeds':>5} {'newcomer posts':>14} {'flagged':>7} "
          f"{'bot posts':>9} {'flagged':>7}")
    for ids in (False, True):
        sums = [0, 0, 0, 0]
        for seed in range(1, seeds + 1):
            sums = [a + b for a, b in zip(sums, takeover(seed, bots, ids=ids), strict=True)]
        label = "stable id" if ids else "handle (no ids)"
        print(f"{label:>18} {seeds:>5} {sums[0]:>14} {sums[1]:>7} {sums[2]:>9} {sums[3]:>7}")
    print()


def replies_table(seeds: int, sizes: Sequence[int], bots: int) -> None:
    print("Reply campaigns (Doppelganger-style), account level")
    rows = [(size, 1, False) for size in sizes]
    rows.append((sizes[0], 3, False))
    rows.append((sizes[0], 1, True))
    print(f"{'organic':>8} {'campaigns':>9} {'seeds':>5} {'bots':>6} {'TP':>6} {'FP':>5} "
          f"{'FN':>5} {'precision':>9} {'recall':>7} {'perfect':>7}")
    for organic, campaigns, stealth in rows:
        tp = fp = fn = perfect = 0
        for seed in range(1, seeds + 1):
            t, f, n = measure(seed, organic, bots, campaigns, stealth)
            tp, fp, fn = tp + t, fp + f, fn + n
            perfect += f == 0 and n == 0
        label = f"{campaigns} stealth" if stealth else str(campaigns)
        print(f"{organic:>8} {label:>9} {seeds:>5} {tp + fn:>6} {tp:>6} {fp:>5} "
              f"{fn:>5} {ratio(tp, tp + fp):>9} {ratio(tp, tp + fn):>7} {perfect:>4}/{seeds}")


# --------------------------------------------------------------------------- a day of activity


class Tally:
    """Counts per campaign kind and per organic population, over seeds."""

    def __init__(self) -> None:
        self.found: dict[str, int] = dict.fromkeys(CAMPAIGN_KINDS, 0)
        self.truth: dict[str, int] = dict.fromkeys(CAMPAIGN_KINDS, 0)
        self.cluster_hits: dict[str, int] = dict.fromkeys(CAMPAIGN_KINDS, 0)
        self.cluster_size: dict[str, int] = dict.fromkeys(CAMPAIGN_KINDS, 0)
        self.organic: dict[str, list[int]] = {"news crowd": [0, 0], "fans": [0, 0],
                                              "other organic": [0, 0]}

    def add(self, made: ActivitySet, found: set[str],
            clusters: Iterable[Sequence[str]] = ()) -> None:
        for kind, handles in made.campaigns.items():
            self.found[kind] += len(found & handles)
            self.truth[kind] += len(handles)
        for accounts in clusters:  # precision per kind: the clusters flagged for it
            members = set(accounts)
            kind = max(made.campaigns, key=lambda k: len(members & made.campaigns[k]))
            self.cluster_hits[kind] += len(members & made.campaigns[kind])
            self.cluster_size[kind] += len(members)
        crowd, fans = made.news_crowd, made.fans
        others = made.organic - crowd - fans
        for name, people in (("news crowd", crowd), ("fans", fans), ("other organic", others)):
            self.organic[name][0] += len(found & people)
            self.organic[name][1] += len(people)

    def print(self, label: str, seeds: int, precision: bool = True) -> None:
        for kind in CAMPAIGN_KINDS:
            size = self.cluster_size[kind]
            shown = ratio(self.cluster_hits[kind], size) if precision else "–"
            print(f"{label:>9} {kind:>11} {seeds:>5} {self.truth[kind]:>5} {self.found[kind]:>5} "
                  f"{ratio(self.found[kind], self.truth[kind]):>7} {shown:>9}")
        for name, (hits, total) in self.organic.items():
            print(f"{label:>9} {name:>11} {seeds:>5} {total:>5} {hits:>5} "
                  f"{'FP ' + ratio(hits, total):>17}")


def activity_table(rows: int) -> None:
    print(f"\nA day of activity ({rows:,} posts, one planted campaign of 12 accounts per kind), "
          "account level")
    print(f"{'seeds':>9} {'kind':>11} {'n':>5} {'truth':>5} {'found':>5} {'recall':>7} "
          f"{'precision':>9}")
    for label, seeds in (("dev", DEV_SEEDS), ("held out", HELD_OUT_SEEDS)):
        tally = Tally()
        for seed in seeds:
            made = generate_activity(seed, rows=rows)
            report = detect(made.posts)
            clusters = [c.accounts for c in report.clusters
                        if c.verdict is ClusterVerdict.COORDINATED]
            tally.add(made, flagged(report), clusters)
        tally.print(label, len(seeds))


# --------------------------------------------------------------------------- the QUT toolkit


def qut_linked(made: ActivitySet, folder: Path) -> set[str]:
    """Accounts on an edge of the toolkit's co-retweet, co-link, co-reply or co-tweet network."""
    from coordination_network_toolkit import (  # type: ignore[import-untyped]
        compute_networks,
        preprocess,
    )

    path = folder / "data.csv"
    path.write_text(to_coordination_csv(made.posts), "utf-8")
    database = str(folder / "qut.db")
    if os.path.exists(database):
        os.remove(database)
    with open(os.devnull, "w") as quiet, redirect_stdout(quiet):
        preprocess.preprocess_csv_files(database, [str(path)])
        compute_networks.compute_co_retweet_parallel(database, 60, n_threads=2, min_edge_weight=2)
        compute_networks.compute_co_link_network(database, 60, n_threads=2, min_edge_weight=2)
        compute_networks.compute_co_reply_network(database, 60, min_edge_weight=2, n_threads=2)
        compute_networks.compute_co_tweet_network(database, 60, min_edge_weight=2, n_threads=2)
    names: dict[str, str] = {}
    linked: set[str] = set()
    with sqlite3.connect(database) as db:
        for user_id, username in db.execute("select distinct user_id, username from edge"):
            names[str(user_id)] = username
        for table in ("co_retweet_network", "co_link_network", "co_reply_network",
                      "co_tweet_network"):
            for a, b in db.execute(f"select user_1, user_2 from {table} where user_1 != user_2"):
                linked.update((names[str(a)], names[str(b)]))
    return linked


def qut_table(rows: int, seeds: Sequence[int]) -> None:
    print(f"\nQUT coordination-network-toolkit on the same days ({rows:,} posts; 60 s window, "
          "minimum edge weight 2; co-retweet, co-link, co-reply, co-tweet): accounts linked")
    print(f"{'seeds':>9} {'kind':>11} {'n':>5} {'truth':>5} {'found':>5} {'recall':>7} "
          f"{'precision':>9}")
    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        for seed in seeds:
            made = generate_activity(seed, rows=rows)
            tally.add(made, qut_linked(made, Path(folder)))
    tally.print("held out", len(seeds), precision=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--bots", type=int, default=12)
    parser.add_argument("--rows", type=int, default=20_000, help="posts per day of activity")
    parser.add_argument("--qut", action="store_true", help="also run the QUT toolkit")
    parser.add_argument("--skip-replies", action="store_true")
    parser.add_argument("--real", type=Path, metavar="CACHE",
                        help="first, real public data unwrapped by scripts/real_sets.py CACHE")
    parser.add_argument("--real-only", action="store_true", help="only the real data")
    parser.add_argument("--hard", type=Path, nargs="?", const=HARD, metavar="DIR",
                        help=f"first, the hard sets of scripts/hard_sets.py (default {HARD})")
    parser.add_argument("--hard-only", action="store_true", help="only the hard sets")
    parser.add_argument("--no-held-out", action="store_true",
                        help="with --hard: leave out the held-out variants of the hard sets")
    args = parser.parse_args()
    if args.hard or args.hard_only:
        hard_table(args.hard or HARD)
        if not args.no_held_out:
            held_out_hard_table()
        if args.hard_only:
            return
    if args.real:
        real_table(args.real)
        if args.real_only:
            return
    if not args.skip_replies:
        replies_table(args.seeds, [int(s) for s in args.sizes.split(",")], args.bots)
        takeover_table(args.seeds, args.bots)
    activity_table(args.rows)
    if args.qut:
        qut_table(args.rows, list(HELD_OUT_SEEDS))


if __name__ == "__main__":
    main()
