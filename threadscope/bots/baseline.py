"""How common each account trait is among everyone in the dump, to weigh a group's share of it.

A trait is evidence against a group only where it sets the group apart. Fans answering a
singer's award post reply within minutes, nearly all of them, and on X most of a young
fandom kept the handle the sign-up form proposed: forty of them writing the same "so proud of
you" share a handle shape and a reply time with the six hundred others who did not. Counted
alone, those traits made each such sentence a coordinated cluster. So a group's share of a
trait (machine-made handles, young accounts, fast replies, bunched replies) counts only when
it is at least ``LIFT`` times the share among the other accounts of the dump, and the reason
says both (``… against 9% of the 611 other accounts``). Where the dump holds fewer than
``MIN_OTHERS`` other accounts the trait cannot be compared and counts as before: a dump of a
campaign's replies alone is no crowd to weigh it against.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from threadscope.authors import Account
from threadscope.bots import signals
from threadscope.models import Post, PostKind

MIN_OTHERS = 20
"""Other accounts (or posts) the dump must hold before a trait is weighed against them."""
LIFT = 2.0
"""How many times more common in the group than among the others a trait must be."""


@dataclass(frozen=True)
class Verdict:
    """Whether a group's share of a trait sets it apart, and the comparison as a reason
    says it (empty where there was nothing to compare with)."""

    stands_out: bool
    against: str


def compare(group_share: float, shown: int, known: int, what: str) -> Verdict:
    """``group_share`` against ``shown`` of ``known`` others (``what``: ``other accounts``)."""
    if known < MIN_OTHERS:
        return Verdict(True, "")
    rest = shown / known
    return Verdict(group_share >= LIFT * rest, f"against {rest:.0%} of the {known} {what}")


@dataclass(frozen=True)
class Trait:
    """The accounts showing a trait, among the accounts for which it could be read."""

    shown: frozenset[Account]
    known: frozenset[Account]

    def weigh(self, group: Collection[Account], showing: int) -> Verdict:
        """``showing`` of the ``group``'s accounts have the trait: against the others'."""
        others = self.known.difference(group)
        shown = len(self.shown.intersection(others))
        return compare(showing / len(group) if group else 0.0, shown, len(others),
                       "other accounts")


@dataclass(frozen=True)
class Baseline:
    """The traits of every account of the dump, read once per run (``of``)."""

    handles: Trait
    young: Trait
    fast: Trait
    posted: tuple[int, ...]
    """When each post that is no repost was made (``signals.micros``), sorted."""

    @classmethod
    def of(cls, posts: Sequence[Post], owners: Sequence[Account],
           times: signals.PostTimes) -> Baseline:
        positions: dict[Account, list[int]] = {}
        for i, owner in enumerate(owners):
            positions.setdefault(owner, []).append(i)
        machine = frozenset(
            a for a, own in positions.items()
            if signals.generated_handle(a.name, a.kind, signals.handle_platform(posts, own))
        )
        aged = frozenset(owners[i] for i in range(len(posts))
                         if times.created(i) is not None and times.posted(i) is not None)
        young = frozenset(owners[i] for i in times.maybe_young if times.is_young(i))
        timed = frozenset(owners[i] for i, post in enumerate(posts) if _timed(post, i, times))
        fast = frozenset(owners[i] for i in times.maybe_fast
                         if times.fast_reply(posts[i], i) is not None)
        posted = sorted(t for i, post in enumerate(posts)
                        if post.kind is not PostKind.REPOST and (t := times.posted(i)) is not None)
        return cls(Trait(machine, frozenset(positions)), Trait(young, aged), Trait(fast, timed),
                   tuple(posted))

    def bunched(self, own: int, total: int, first: int, last: int) -> Verdict:
        """``own`` of a group's ``total`` timed posts made between ``first`` and ``last``,
        against the share of everyone else's posts made in that span."""
        inside = bisect.bisect_right(self.posted, last) - bisect.bisect_left(self.posted, first)
        return compare(own / total if total else 0.0, max(inside - own, 0),
                       max(len(self.posted) - total, 0), "other posts in the dump")


def _timed(post: Post, position: int, times: signals.PostTimes) -> bool:
    """A reply (or a video's comment) whose delay after its thread's start is known."""
    if post.kind is PostKind.REPOST or times.posted(position) is None:
        return False
    if times.started(position) is None:
        return False
    return signals.is_reply(post) or signals.answers_video(post)
