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

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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


class Baseline:
    """The traits of every account of the dump, each read once per run when first asked for:
    a dump whose clusters never show a trait pays nothing for it."""

    def __init__(self, posts: Sequence[Post], owners: Sequence[Account],
                 times: signals.PostTimes) -> None:
        self.posts, self.owners, self.times = posts, owners, times
        posted = np.frombuffer(times.posted_at, dtype=np.int64) if posts else np.zeros(0, np.int64)
        self._known = posted != signals.NO_TIME
        """Positions whose post time is known."""

    @functools.cached_property
    def handles(self) -> Trait:
        shaped: dict[Account, bool] = {}
        positions: dict[Account, list[int]] = {}  # of the accounts whose name has the shape
        for i, owner in enumerate(self.owners):
            fits = shaped.get(owner)
            if fits is None:
                fits = shaped[owner] = signals.MACHINE_HANDLE.fullmatch(owner.name) is not None
            if fits:
                positions.setdefault(owner, []).append(i)
        posts = self.posts
        machine = frozenset(
            a for a, own in positions.items()
            if signals.generated_handle(a.name, a.kind, signals.handle_platform(posts, own))
        )
        return Trait(machine, frozenset(shaped))

    @functools.cached_property
    def young(self) -> Trait:
        times, owners = self.times, self.owners
        created = np.frombuffer(times.created_at, dtype=np.int64) if owners \
            else np.zeros(0, np.int64)
        aged = np.flatnonzero(self._known & (created != signals.NO_TIME)).tolist()
        return Trait(frozenset(owners[i] for i in times.maybe_young if times.is_young(i)),
                     frozenset(owners[i] for i in aged))

    @functools.cached_property
    def fast(self) -> Trait:
        times, owners, posts = self.times, self.owners, self.posts
        started = np.flatnonzero(self._known & (times.started_at != signals.NO_TIME)).tolist()
        return Trait(frozenset(owners[i] for i in times.maybe_fast
                               if times.fast_reply(posts[i], i) is not None),
                     frozenset(owners[i] for i in started if _timed(posts[i])))

    @functools.cached_property
    def posted(self) -> npt.NDArray[np.int64]:
        """When each post that is no repost was made (``signals.micros``), sorted."""
        times = self.times
        moments = np.frombuffer(times.posted_at, dtype=np.int64) if self.posts \
            else np.zeros(0, np.int64)
        reposts = np.fromiter((p.kind is PostKind.REPOST for p in self.posts), dtype=bool,
                              count=len(self.posts))
        return np.sort(moments[self._known & ~reposts])

    def bunched(self, own: int, total: int, first: int, last: int) -> Verdict:
        """``own`` of a group's ``total`` timed posts made between ``first`` and ``last``,
        against the share of everyone else's posts made in that span."""
        posted = self.posted
        inside = int(np.searchsorted(posted, last, side="right")
                     - np.searchsorted(posted, first, side="left"))
        return compare(own / total if total else 0.0, max(inside - own, 0),
                       max(len(posted) - total, 0), "other posts in the dump")


def _timed(post: Post) -> bool:
    """A reply (or a video's comment), which ``fast-replies`` times (its start is known)."""
    if post.kind is PostKind.REPOST:
        return False
    return signals.is_reply(post) or signals.answers_video(post)
