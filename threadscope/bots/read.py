"""Text of any supported shape → ``Reply`` records in input order.

CSV (with guessed or named columns, including the QUT coordination CSV) is read by
``ingest.csv_input``; everything else (X web copy, X API v2 JSON, Bluesky, Mastodon) by
``ingest.parse_dump``, whose posts become replies one for one. Posts a platform included only
for context (the post being answered) are kept apart: they tell when the original was posted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from threadscope.errors import InputError
from threadscope.ingest import parse_dump
from threadscope.ingest.csv_input import looks_like_csv, read_csv, tabular
from threadscope.models import Post, Reply


@dataclass(frozen=True)
class ReplyDump:
    """What a dump of replies holds."""

    replies: tuple[Reply, ...]
    context: tuple[Reply, ...] = ()
    """Posts shown for context only (the post answered, its ancestors); not counted."""
    format: str = "csv"
    """``csv`` or a ``Dump.format`` (x-web, x-api-v2, bluesky, mastodon …)."""
    warnings: tuple[str, ...] = ()


def read_replies(text: str, *, columns: Mapping[str, str] | None = None) -> tuple[Reply, ...]:
    """Replies from CSV or any dump ``parse_dump`` recognises; ``InputError`` if none fit."""
    return read_dump(text, columns=columns).replies


def read_dump(text: str, *, columns: Mapping[str, str] | None = None) -> ReplyDump:
    """Like ``read_replies``, with the context posts, the format and the reader's warnings."""
    if not text.strip():
        raise InputError("no replies: the input is empty")
    if columns or looks_like_csv(text):
        return ReplyDump(read_csv(text, columns))
    dump = parse_dump(text)
    if not dump.posts:
        if tabular(text):
            read_csv(text)  # raises the CSV reader's own message (which column is missing)
        raise InputError(
            "no replies found: expected CSV with author and text columns, X web copy, "
            "X API v2, Bluesky or Mastodon JSON"
        )
    return ReplyDump(
        replies_from_posts(dump.posts),
        replies_from_posts(dump.context),
        dump.format,
        tuple(dump.warnings),
    )


def replies_from_posts(posts: Sequence[Post]) -> tuple[Reply, ...]:
    """One reply per post, in order; ``index`` is the position."""
    return tuple(
        Reply(
            index=i,
            author=post.author,
            text=post.text,
            created_at=post.created_at,
            author_created_at=post.author_created_at,
            display_name=post.display_name,
            post_id=post.post_id,
            reply_to=post.reply_to,
            urls=post.urls,
        )
        for i, post in enumerate(posts)
    )


def renumber(replies: Sequence[Reply]) -> tuple[Reply, ...]:
    """Make ``index`` equal the position (for replies built by hand or merged from sources)."""
    return tuple(
        r if r.index == i else dataclasses.replace(r, index=i) for i, r in enumerate(replies)
    )
