"""The result of reading a dump: which format it was, and the posts in it."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass

from threadscope.models import Post

FORMATS = ("text", "x-web", "x-api-v2", "twarc2", "x-archive", "bluesky", "mastodon",
           "meta-threads", "telegram", "snscrape", "twint", "youtube", "reddit", "csv", "mixed")
"""Every value ``Dump.format`` takes (the same names as ``Reassembly.format``)."""
MIXED = "mixed"
"""Records of several shapes, each read by its own (a list of snscrape, v1.1 and Bluesky
records a collector merged)."""


@dataclass(frozen=True)
class Dump:
    """A dump read by ``parse_dump``.

    Reply dumps are about the replies, not the post they answer, so records the platform
    included only for context (X API ``includes.tweets``, Mastodon ancestors and the status
    itself, Bluesky parents and the anchor post) are kept apart in ``context``; a thread is
    reassembled from ``all_posts``.
    """

    format: str
    """One of ``FORMATS``; ``text`` means plain text with no posts (work on the text itself)."""
    posts: tuple[Post, ...] = ()
    """The dump's own records in input order (for reply dumps: the replies)."""
    warnings: tuple[str, ...] = ()
    """Things a user should know (JSON that failed to parse, records skipped …)."""
    context: tuple[Post, ...] = ()
    """Posts included for context only: referenced tweets, ancestors, the anchor post."""
    gaps: tuple[str, ...] = ()
    """Ids of posts known to exist but not shown (Bluesky ``notFoundPost``/``blockedPost``)."""
    text: str | None = None
    """For ``text``: what to work on when it is not the input itself (JSON of no known shape:
    its string values, one a line)."""

    @property
    def all_posts(self) -> tuple[Post, ...]:
        """Context first, then the dump's own posts, each post id once."""
        seen: set[str] = set()
        out: list[Post] = []
        for post in (*self.context, *self.posts):
            if post.post_id is not None:
                if post.post_id in seen:
                    continue
                seen.add(post.post_id)
            out.append(post)
        return tuple(out)


def context_once(context: Iterable[Post], own: Container[str]) -> tuple[Post, ...]:
    """The context posts as ``bots`` streams them and ``thread``/``audit`` read them whole,
    one rule for both: each post id once, its first copy in the file's order, and none of
    the file's own posts (a line's context is often another line's post: the post itself,
    with its own line's account, is the one kept). Posts without an id are all kept.

    Each reader gave its own copies: a stream every line's, repeats and the file's own
    posts among them; read whole, some readers kept the first copy, the X archive and
    Bluesky the last, some dropped their own posts. With an account renamed between two
    lines, ``bots`` then took another handle for the post a reply answers streamed than
    read whole."""
    seen: set[str] = set()
    out: list[Post] = []
    for post in context:
        if post.post_id is not None:
            if post.post_id in seen or post.post_id in own:
                continue
            seen.add(post.post_id)
        out.append(post)
    return tuple(out)
