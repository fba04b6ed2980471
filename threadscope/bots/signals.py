"""Evidence about one account or one reply, independent of any other account.

Each function answers with a ``Reason`` or None. The points here are the *account's* own
evidence (shown in the per-account table); a cluster weighs the same facts across its members
in ``threadscope.bots.score``.
"""

from __future__ import annotations

import array
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from threadscope.authors import author_label, is_handle
from threadscope.bots import codes
from threadscope.bots.normalise import stripped_length
from threadscope.models import AuthorKind, Platform, Post, PostKind, Reason

MACHINE_HANDLE = re.compile(r"(?!(?:user|channel|chat)\d+$)[A-Za-z][A-Za-z_]{2,}\d{5,8}")
"""A name plus 5–8 digits: the shape of the handles X proposes at sign-up (``MariaSchulz83651``).
Not a Telegram peer id (``user12345678``, as Telegram Desktop and Telethon name a sender
without a name): an old account's number, not a handle anyone chose."""

SIGN_UP_SHAPE_PLATFORMS = frozenset({Platform.X})
"""Where ``MACHINE_HANDLE`` is the platform's own proposal: X's sign-up form. Reddit, Bluesky,
Mastodon, Threads, YouTube and Telegram propose no such handles; there ``Maria12345678`` is
what its holder typed (on real Reddit answers, 25 users had the shape, none a bot)."""


def reads_x_rules(platform: Platform | None) -> bool:
    """Whether an X-only rule applies to a post of ``platform``: an X post, or one whose dump
    does not say (a CSV or pasted text: most of what researchers paste is X's, and before
    posts had a platform every rule read them so)."""
    return platform is None or platform in SIGN_UP_SHAPE_PLATFORMS


def handle_platform(posts: Sequence[Post], positions: Iterable[int]) -> Platform | None:
    """The platform an account's handle is read for: X (or none said) where any of its posts
    at ``positions`` is from there, else its first post's. One name on two platforms of a
    mixed dump is one account to ``bots``; the sign-up shape is evidence where it can be X's."""
    first: Platform | None = None
    for count, position in enumerate(positions):
        platform = posts[position].platform
        if reads_x_rules(platform):
            return platform
        if count == 0:
            first = platform
    return first


YOUNG_DAYS = 30
"""An account created at most this many days before it replied is young."""
FAST_MINUTES = 10
"""A reply within this many minutes of the post it answers is fast."""
PLATFORM_ACTIONS = frozenset({"takendown", "suspended"})
"""Account statuses (``Post.author_status``) that are the platform's doing: its moderation
removed the account. ``deactivated`` and ``deleted`` are the holder's, and say nothing about
what the account did."""
STOCK_MAX_CHARS = 80
"""'A stock sentence plus a link and nothing else': at most this much text beside the link."""


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 → aware datetime (UTC assumed when no zone is given); None when unusable."""
    if not value:
        return None
    return _parse_time(value)


def _moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_parse_time = functools.lru_cache(maxsize=1 << 16)(_moment)
"""Cached: an account's creation time is read once per reply it wrote."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def shown_time(moment: datetime) -> str:
    """``2024-04-05 12:00:10 UTC``: a moment as a reason cites it, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def micros(moment: datetime | None) -> int | None:
    """Microseconds since the epoch: an exact integer, so that differences, comparisons and
    ``/ 1e6`` come out exactly as ``datetime`` subtraction, ``total_seconds`` and
    ``timestamp`` give them."""
    return None if moment is None else (moment - EPOCH) // _MICROSECOND


def seconds_between(earlier: int, later: int) -> float:
    """``(later - earlier).total_seconds()`` of the datetimes, from their ``micros``."""
    return (later - earlier) / 1_000_000


_NO_TIME = -(1 << 63)
"""Stands for a missing or unusable time in ``PostTimes`` (no datetime is this far back)."""
NO_TIME = _NO_TIME
"""``_NO_TIME`` for readers of ``PostTimes``' arrays outside this module (``baseline``)."""


def _stored(value: str | None) -> int:
    if not value:
        return _NO_TIME
    found = micros(_moment(value))
    return _NO_TIME if found is None else found


_DAY = 86_400_000_000
_MINUTE = 60_000_000


@dataclass(frozen=True)
class PostTimes:
    """When each post was made and when its author's account was, read once per post.

    Detection looks at these times again and again (actions, traits, ages, timing, each
    account's own evidence); parsing the ISO strings each time took about 0.5 s of 6 at
    100,000 replies. Kept as 64-bit microseconds since the epoch (two machine words per post,
    not two datetimes).
    """

    posted_at: array.array[int]
    created_at: array.array[int]
    started_at: npt.NDArray[np.int64]
    """When the original post each position's delay is measured from was made
    (``micros``): its own thread's root (``threads``), else the post most replies answer
    (``original``); ``_NO_TIME`` where neither is known."""
    since: tuple[str, ...] = ()
    """What each start is, as a reason cites it (``Start.since``); ``since_of`` indexes it."""
    since_of: npt.NDArray[np.int32] | None = None
    """Per position, the index of its start in ``since``; -1 (or None for all): ``ORIGINAL``."""
    maybe_young: frozenset[int] = frozenset()
    """Positions whose account age is within a day of the young range: only these can be
    young (the exact test, in floating point as ever, is ``young_account``'s)."""
    maybe_fast: frozenset[int] = frozenset()
    """Positions within a minute of the fast range after the original, likewise."""

    @classmethod
    def of(cls, posts: Sequence[Post], threads: Iterable[Start] = ()) -> PostTimes:
        """``threads``: for the posts of each thread (their positions), when that thread
        began (``Start``). A reply is fast after the original post of its own thread: timed
        against another thread's root, hours apart, it looked fast or never did by accident.
        Positions in no thread whose start is known are not timed."""
        posted = array.array("q", (_stored(post.created_at) for post in posts))
        created = array.array("q", (_stored(post.author_created_at) for post in posts))
        when = np.frombuffer(posted, dtype=np.int64) if posted else np.zeros(0, np.int64)
        born = np.frombuffer(created, dtype=np.int64) if created else np.zeros(0, np.int64)
        known = when != _NO_TIME
        both = known & (born != _NO_TIME)
        age = np.where(both, when, 0) - np.where(both, born, 0)
        young = both & (age >= -_DAY) & (age <= (YOUNG_DAYS + 1) * _DAY)
        starts, since, since_of = _starts(len(posts), threads)
        timed = known & (starts != _NO_TIME)
        delay = np.where(timed, when, 0) - np.where(timed, starts, 0)
        fast = timed & (delay >= -_MINUTE) & (delay <= (FAST_MINUTES + 1) * _MINUTE)
        return cls(posted, created, starts, since, since_of, _positions(young), _positions(fast))

    def posted(self, position: int) -> int | None:
        value = self.posted_at[position]
        return None if value == _NO_TIME else value

    def created(self, position: int) -> int | None:
        value = self.created_at[position]
        return None if value == _NO_TIME else value

    def age_days(self, position: int) -> float | None:
        """``account_age_days`` of the post at ``position``."""
        return _age_days(self.created(position), self.posted(position))

    def started(self, position: int) -> int | None:
        """When the original post the post at ``position`` is timed against was made."""
        value = int(self.started_at[position])
        return None if value == _NO_TIME else value

    def delay_minutes(self, position: int) -> float | None:
        """``delay_minutes`` of the post at ``position`` after its thread's original."""
        return _delay_minutes(self.posted(position), self.started(position))

    def young_account(self, position: int) -> Reason | None:
        if position not in self.maybe_young:
            return None
        return _young(self.age_days(position))

    def since_label(self, position: int) -> str:
        """What the post at ``position`` is timed from, as a reason cites it."""
        at = -1 if self.since_of is None else int(self.since_of[position])
        return ORIGINAL if at < 0 else self.since[at]

    def fast_reply(self, post: Post, position: int) -> Reason | None:
        """The fast-reply reason, citing the reply and what its delay is measured from."""
        if position not in self.maybe_fast:
            return None
        if not (is_reply(post) or answers_video(post)):  # a video's comment: timed from it
            return None
        reason = _fast(self.delay_minutes(position), self.since_label(position), acted(post))
        if reason is None:
            return None
        return replace(reason, detail=f"{reason.detail} ({cited(post)})")

    def young_post(self, post: Post, position: int) -> Reason | None:
        """The young-account reason, saying what the account did then and citing the post:
        a repost is no reply, and "before it replied" read wrong under one."""
        reason = self.young_account(position)
        if reason is None:
            return None
        age = self.age_days(position)
        assert age is not None
        return replace(reason, detail=f"account created {counted(age, 'day')} before it "
                                      f"{acted(post)} ({cited(post)})")

    def is_young(self, position: int) -> bool:
        """The account was young when it wrote the post at ``position``."""
        return self.young_account(position) is not None

    def first_young(self, positions: Sequence[int],
                    posts: Sequence[Post] | None = None) -> Reason | None:
        """The young-account reason of the first post at ``positions`` that has one (citing
        the post, ``young_post``, where ``posts`` are given)."""
        if self.maybe_young.isdisjoint(positions):
            return None
        if posts is None:
            return next((r for i in positions if (r := self.young_account(i))), None)
        return next((r for i in positions if (r := self.young_post(posts[i], i))), None)

    def first_fast(self, posts: Sequence[Post], positions: Sequence[int]) -> Reason | None:
        """The fast-reply reason of the first post at ``positions`` that has one."""
        if self.maybe_fast.isdisjoint(positions):
            return None
        return next((r for i in positions if (r := self.fast_reply(posts[i], i))), None)


ORIGINAL = "the original post"
"""What a delay is measured from where nothing more is known of it."""


class Start(NamedTuple):
    """When a thread began, which posts are in it, and what that moment is, as a reason
    cites it (``the thread's first post 123 (@anna, 2024-04-05 12:00 UTC)``, ``video
    kQ7r2Xb9pLw was published (…)``): a journalist checks a delay against the post named."""

    moment: datetime | None
    positions: Iterable[int]
    since: str = ORIGINAL


def _starts(count: int, threads: Iterable[Start],
            ) -> tuple[npt.NDArray[np.int64], tuple[str, ...], npt.NDArray[np.int32]]:
    """Per position, when its thread's original post was made (``PostTimes.of``), and
    which of the starts' labels (``Start.since``) says what that was."""
    starts = np.full(count, _NO_TIME, dtype=np.int64)
    labels: list[str] = []
    since_of = np.full(count, -1, dtype=np.int32)
    for start in threads:
        at = micros(start.moment)
        if at is not None:
            where = np.fromiter(start.positions, dtype=np.int64)
            starts[where] = at
            since_of[where] = len(labels)
            labels.append(start.since)
    return starts, tuple(labels), since_of


_ACTED = {"repost": "reposted", "quote": "quoted", "reply": "replied", "post": "posted",
          "comment": "commented"}


def _noun(post: Post) -> str:
    """What the post is, as a reason names it: a YouTube top-level comment is a ``comment``
    (it answers the video, not a post: no reply, nor a post of the account's own)."""
    if post.kind is PostKind.REPOST:
        return "repost"
    if post.kind is PostKind.QUOTE:
        return "quote"
    if is_reply(post):
        return "reply"
    return "comment" if answers_video(post) else "post"


def acted(post: Post) -> str:
    """What the account did with the post, as a reason says it: ``replied``, ``commented``
    (under a YouTube video), ``reposted``, ``quoted`` or ``posted``."""
    return _ACTED[_noun(post)]


def acted_all(posts: Iterable[Post]) -> str:
    """What a group's accounts did with the posts a cluster reason counts, in one phrase:
    ``replied``, ``commented``, or ``replied or commented`` where they did both (never
    "replied" said of a video's comments, nor of reposts)."""
    verbs = sorted(set(map(acted, posts)), key=list(_ACTED.values()).index)
    if not verbs:
        return _ACTED["reply"]
    return verbs[0] if len(verbs) == 1 else ", ".join(verbs[:-1]) + " or " + verbs[-1]


def cited(post: Post) -> str:
    """``reply 123``, ``repost 456``, ``line 7``: the post a reason rests on, as a
    journalist finds it again (its id, else its line in the dump)."""
    return f"{_noun(post)} {post.post_id}" if post.post_id else f"line {post.line}"


def _positions(mask: npt.NDArray[np.bool_]) -> frozenset[int]:
    return frozenset(np.flatnonzero(mask).tolist())


def generated_handle(author: str, kind: AuthorKind | None = None,
                     platform: Platform | None = None) -> bool:
    """``author`` is a handle of the shape X proposes at sign-up (``MACHINE_HANDLE``), on
    X or where the dump does not say which platform (``reads_x_rules``): a Reddit, Bluesky or
    Mastodon user whose name ends in digits chose them, no form proposed them.

    Only a handle can be: it is what a sign-up form proposes and a bot farm accepts by the
    thousand. A display name (``kind`` ``NAME``: a Telegram sender's ``from``, a YouTube
    channel's shown name, a CSV's name column) is typed freely and shared by many:
    ``Moni_19580707`` is a birthday, not a generator's suffix, and the account's handle, which
    would be the evidence, is not in the dump. An account id (``ID``: a Bluesky DID, Telegram's
    ``user456``, a YouTube channel id ``UC…``, X's numeric ``author_id`` where a v2 answer
    came without ``includes.users``) is no sign-up choice at all: the platform assigns it,
    to bots and people alike, and one that happens to end in digits (22 random characters of
    a channel id may) says nothing about how the account was made. Neither counts, for or
    against: the account's text, links, times and co-actions are weighed as ever. Where the
    reader did not say (``kind`` None), the text decides as ``authors.is_handle`` does:
    anything without white space (which this shape never has) and not a DID is a handle,
    as before kinds were read."""
    return (reads_x_rules(platform) and MACHINE_HANDLE.fullmatch(author) is not None
            and is_handle(author, kind))


def machine_handle(handle: str, kind: AuthorKind | None = None,
                   platform: Platform | None = None) -> Reason | None:
    """The sign-up shape read from the account's handle (``generated_handle``: a display
    name or an account id never shows it, nor a handle of a platform other than X);
    ``kind`` names it in the detail."""
    if not generated_handle(handle, kind, platform):
        return None
    digits = len(handle) - len(handle.rstrip("0123456789"))
    return Reason(
        codes.MACHINE_HANDLE, 15,
        f"{author_label(handle, kind)} is a name plus {digits} digits, the shape of the "
        "handles X proposes at sign-up",
    )


def taken_down(status: str | None) -> bool:
    """The platform took the account down or suspended it (``PLATFORM_ACTIONS``)."""
    return status in PLATFORM_ACTIONS


def taken_down_account(post: Post) -> Reason | None:
    """The author of ``post`` was later taken down or suspended by the platform."""
    if not taken_down(post.author_status):
        return None
    return Reason(codes.TAKEN_DOWN_ACCOUNT, 15,
                  f"account {_STATUS_WORDS[post.author_status or '']} by {status_by(post)}")


_STATUS_WORDS = {"takendown": "taken down", "suspended": "suspended"}

UNNAMED_PLATFORM = "the platform"
"""Who took an account down where the post does not say (``Post.author_status_by``)."""


def status_by(post: Post) -> str:
    """Who set the author's status and when the dump saw it, as a reason cites it: the
    reader of the data knows (``Bluesky later in the log``, a Mastodon server, …)."""
    return post.author_status_by or UNNAMED_PLATFORM


def account_age_days(reply: Post) -> float | None:
    return _age_days(
        micros(parse_time(reply.author_created_at)), micros(parse_time(reply.created_at))
    )


def _age_days(created: int | None, posted: int | None) -> float | None:
    if created is None or posted is None:
        return None
    return seconds_between(created, posted) / 86400


def counted(value: float, unit: str) -> str:
    """``1 day``, ``0 days``, ``3 minutes``: a count in a reason, rounded to a whole number,
    with its unit in the number the rounded count takes ("1 days" read wrong)."""
    shown = f"{value:.0f}"
    return f"{shown} {unit}" if shown == "1" else f"{shown} {unit}s"


def times(count: int) -> str:
    """``once``, ``3 times``: how often, in a reason ("1 times" read wrong)."""
    return "once" if count == 1 else f"{count} times"


def young_account(reply: Post) -> Reason | None:
    return _young(account_age_days(reply))


def _young(age: float | None) -> Reason | None:
    if age is None or age < 0 or age > YOUNG_DAYS:
        return None
    return Reason(codes.YOUNG_ACCOUNT, 15,
                  f"account created {counted(age, 'day')} before it replied")


def delay_minutes(reply: Post, original: datetime | None) -> float | None:
    return _delay_minutes(micros(parse_time(reply.created_at)), micros(original))


def _delay_minutes(posted: int | None, original: int | None) -> float | None:
    if posted is None or original is None:
        return None
    return seconds_between(original, posted) / 60


def is_reply(post: Post) -> bool:
    """A reply, or a post of a dump that does not say (CSV without ids, web copy): not a
    repost or quote, nor a platform record that names no post it answers."""
    if post.kind in (PostKind.REPOST, PostKind.QUOTE):
        return False
    return post.reply_to is not None or post.post_id is None


def answers_video(post: Post) -> bool:
    """A YouTube top-level comment (``Post.youtube`` names its video, it answers no comment):
    it answers the video, as a reply answers a post. The Data API names no parent for it, so
    ``is_reply`` does not take it for one; ``fast-reply`` times it from the video's start all
    the same (``detect.video_starts``). Not the video itself (a ``videos.list`` answer)."""
    return (post.youtube is not None and post.youtube.video is not None
            and post.reply_to is None and post.post_id is not None and not post.is_video
            and post.kind is PostKind.ORIGINAL)


def fast_reply(reply: Post, original: datetime | None) -> Reason | None:
    if not is_reply(reply):
        return None
    return _fast(delay_minutes(reply, original))


def _fast(delay: float | None, since: str = ORIGINAL, acted: str = "replied") -> Reason | None:
    if delay is None or delay < 0 or delay > FAST_MINUTES:
        return None
    return Reason(codes.FAST_REPLY, 5, f"{acted} {counted(delay, 'minute')} after {since}")


def stock_with_link(reply: Post, link_count: int) -> bool:
    """A short sentence plus a link and nothing else: the shape of link-drop spam."""
    return link_count > 0 and 0 < stripped_length(reply.text) <= STOCK_MAX_CHARS
