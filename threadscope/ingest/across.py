"""Facts that live across the lines of a dump, for readers whose records refer to each other.

Some readers settle a post only once the whole dump is read: snscrape's ``UserRef`` is an
author whose name another item gives, two YouTube channels showing one name are told apart
only once both have been seen, a Telethon reply's ``reply_to_author`` is the author of a
message that may come later, a Reddit comment's that of its parent, which a Pushshift
archive (one record a line) may hold on any line. A JSON Lines dump that ``bots`` streams
is read one line at a time, so such a reader keeps what its lines told in a ``Facts`` of
its own, carried from line to line, and hands its posts on as a ``Read``: each post with
the key (a user id, a channel id) its facts settle it by (``Wait``). The whole-file path
reads through the very same facts and settles every post at once (``settle_all``), so
both paths give the same posts by construction.

The facts are small and bounded by the dump's accounts (users by id, channels by name) or
by its posts' ids (Telethon, Reddit: each id's author, as ``PostStream`` already keeps each
id). snscrape's users are shown by items that are no posts as well: at most
``snscrape.USERS_KEPT`` of them are kept, and a warning says when more came.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from threadscope.ingest.dump import Dump
from threadscope.models import Post


@dataclass(frozen=True, slots=True)
class AsContext:
    """A post a later line showed to be context, not a post of the dump: a Mastodon status
    saved on a line of its own, then the context answer requested for it."""

    post: Post


class Facts(Protocol):
    """What a reader's lines told so far, carried from line to line."""

    def settle(self, post: Post, key: str, *, final: bool) -> Post | AsContext | None:
        """``post`` as the facts tell it now (``AsContext``: context); None while a later
        line may still change it (never when ``final``: the dump has ended)."""


@dataclass(frozen=True, slots=True)
class Wait:
    """What a post waits on: the key (a user id, a channel id, the id of the message it
    answers) by which its reader's ``facts`` settle it."""

    facts: Facts
    key: str

    def settle(self, post: Post, *, final: bool) -> Post | AsContext | None:
        return self.facts.settle(post, self.key, final=final)


@dataclass(frozen=True)
class Read:
    """A line (or a whole dump) as read by a reader that carries ``Facts``: the line's
    ``Dump``, its posts and context as read so far, and what each post (and each context
    post) waits on; None: settled already. Empty ``waits``: nothing waits."""

    dump: Dump
    waits: tuple[Wait | None, ...] = ()
    context_waits: tuple[Wait | None, ...] = ()

    def post_waits(self) -> Sequence[Wait | None]:
        return self.waits or (None,) * len(self.dump.posts)

    def context_post_waits(self) -> Sequence[Wait | None]:
        return self.context_waits or (None,) * len(self.dump.context)


def waits(facts: Facts, keys: Iterable[str | None]) -> tuple[Wait | None, ...]:
    """``Wait``s on ``facts`` by these keys (None: the post waits on nothing); empty when
    no post waits."""
    found = tuple(None if key is None else Wait(facts, key) for key in keys)
    return found if any(found) else ()


def settle_all(read: Read) -> Dump:
    """The dump with every post settled: nothing more is to come. Posts that settle as
    context go after the context, and the posts are numbered again."""
    if not read.waits and not read.context_waits:
        return read.dump
    posts: list[Post] = []
    moved: list[Post] = []
    for post in settled(read.dump.posts, read.post_waits()):
        if isinstance(post, AsContext):
            moved.append(post.post)
        else:
            posts.append(post)
    context = [one.post if isinstance(one, AsContext) else one
               for one in settled(read.dump.context, read.context_post_waits())]
    if moved:
        posts = [replace(post, line=line) for line, post in enumerate(posts, 1)]
        context = [replace(post, line=len(posts) + line)
                   for line, post in enumerate([*context, *moved], 1)]
    return replace(read.dump, posts=tuple(posts), context=tuple(context))


def settled(posts: Iterable[Post], waiting: Iterable[Wait | None]
            ) -> tuple[Post | AsContext, ...]:
    """Each post as it stands once the dump has ended."""
    out: list[Post | AsContext] = []
    for post, wait in zip(posts, waiting, strict=True):
        found = post if wait is None else wait.settle(post, final=True)
        out.append(post if found is None else found)
    return tuple(out)


_COUNTED = re.compile(r"(?P<head>[^:]{1,80}: )(?P<count>\d{1,12})(?P<tail> .*)", re.DOTALL)
"""A warning that counts something (``Reddit: 3 post(s) deleted …``)."""


_GAPS = ("deleted or not visible", "deleted or blocked")
"""Counts of posts a line refers to but does not hold: another line may refer to the same
ones, so they do not add up across lines; they are counted by their ids (``Dump.gaps``)."""


def add_up(warnings: list[str], new: Sequence[str], gaps: Sequence[str] = (),
           gapped: dict[str, dict[str, None]] | None = None) -> None:
    """``new`` warnings of one line of a stream into ``warnings``: a count of what the line
    itself holds adds to the same warning of earlier lines (60 deleted records one a line are
    "60 post(s) deleted", not "1"); a count of gaps (``gaps``, the line's) is the number of
    the lines' gaps told apart by id, kept in ``gapped`` (Bluesky pages each with 2 other
    deleted posts are 4, the same 2 on each are 2, as the pages read at once say; the first
    line's count was said); any other warning is said once."""
    for warning in new:
        found = _COUNTED.fullmatch(warning)
        if found is not None and warning.endswith(_GAPS):
            if gapped is None or not gaps or int(found["count"]) != len(gaps):
                found = None  # ids unknown: said once, as the first line says
            else:
                ids = gapped.setdefault(found["head"] + found["tail"], {})
                ids.update(dict.fromkeys(gaps))
                _counted(warnings, found["head"], found["tail"], len(ids), added=False)
                continue
        if found is None:
            if warning not in warnings:
                warnings.append(warning)
            continue
        _counted(warnings, found["head"], found["tail"], int(found["count"]), added=True)


def _counted(warnings: list[str], head: str, tail: str, count: int, *, added: bool) -> None:
    """The warning ``head`` N ``tail`` of ``warnings`` made to count ``count`` (``added``:
    N + ``count``), or appended counting ``count`` when there is none yet."""
    for position, earlier in enumerate(warnings):
        before = _COUNTED.fullmatch(earlier)
        if before is not None and (before["head"], before["tail"]) == (head, tail):
            total = int(before["count"]) + count if added else count
            warnings[position] = f"{head}{total}{tail}"
            return
    warnings.append(f"{head}{count}{tail}")
