"""Text of any supported shape → ``Reply`` records in input order.

CSV (with guessed or named columns, including the QUT coordination CSV) is read by
``ingest.csv_input``; everything else (X web copy, X API v2 JSON, Bluesky, Mastodon) by
``ingest.parse_dump``, whose posts become replies one for one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from threadscope.errors import InputError
from threadscope.ingest.csv_input import looks_like_csv, read_csv
from threadscope.models import Post, Reply


def read_replies(text: str, *, columns: Mapping[str, str] | None = None) -> tuple[Reply, ...]:
    """Replies from CSV or any dump ``parse_dump`` recognises; ``InputError`` if none fit."""
    if not text.strip():
        raise InputError("no replies: the input is empty")
    if columns or looks_like_csv(text):
        return read_csv(text, columns)
    return replies_from_posts(_parse_dump(text))


def _parse_dump(text: str) -> Sequence[Post]:
    try:
        from threadscope.ingest import parse_dump  # type: ignore[attr-defined,unused-ignore]
    except ImportError as error:
        raise InputError(
            "not a CSV with author and text columns, and this build cannot read other dumps"
        ) from error
    posts: Sequence[Post] = parse_dump(text).posts
    return posts


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
