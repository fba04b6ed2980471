"""youtube-comment-downloader's comments (``--output x.json``: JSON Lines by default,
``--format json`` one ``{"comments": [...]}`` document, ``--format csv``/``scsv``) → posts.

Each comment is ``{"cid", "text", "time", "author", "channel", "votes", "replies", "photo",
"heart", "reply", "time_parsed"}`` (0.1.84, downloader.py). What is read, and why:

- ``cid`` is the comment's id; a reply's is its thread's top comment's id, a dot, and its
  own (``Ugx….9zZ…``): that top comment is the post it answers.
- ``author`` is the name shown (``@handle`` on today's YouTube), read without the ``@``;
  ``channel`` is the account's id (``Post.author_id``: a handle changed keeps it).
- ``time`` is what YouTube shows (``2 days ago``, ``1 year ago (edited)``) and
  ``time_parsed`` that moment counted back from the download: a day or a year wide, and
  alike for every comment of one day. Read as a time, it would put a day's comments in one
  instant and make them look posted together, so no time is read.
- The text is the comment as shown; its links are found in it, as in a paste.
- Neither the video nor its channel is written (``heart`` says the channel hearted the
  comment, not that it wrote it; ``reply`` that it is a reply): ``Post.youtube`` says the
  comment is YouTube's, with its author's channel and no known owner, so that ``bots`` sets
  no one's comments apart as the thread owner's rather than guess one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from threadscope.ingest.authorship import as_id, shown_kind
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, records, text
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post, YoutubeIds

SIGNATURE = ("cid", "text", "time", "author", "votes")
"""Keys every comment has and no other tool's output has together: the fewest that tell it,
so that a version of the downloader that writes fewer of the others is still read."""


def _is_comment(record: Mapping[str, Any]) -> bool:
    return all(key in record for key in SIGNATURE)


def is_youtube_header(header: Sequence[str]) -> bool:
    names = {name.strip().lower() for name in header}
    return all(key in names for key in SIGNATURE)


def _comments(values: list[Any]) -> list[dict[str, Any]]:
    """The comment records: one a line, or the ``comments`` of ``--format json``."""
    found: list[dict[str, Any]] = []
    for record in records(values):
        wrapper = set(record) == {"comments"} and isinstance(record["comments"], list)
        found.extend(items(record, "comments") if wrapper else [record])
    return found


def is_youtube_comments(values: list[Any]) -> bool:
    return mostly(_is_comment, _comments(values[:20]))  # mostly reads 20


def parse_youtube_comments(values: list[Any]) -> Dump:
    """Comments in file order (top comments, each followed by its replies)."""
    found = _comments(values)
    comments = [c for c in found if _is_comment(c)]
    posts = tuple(comment_post(c, i) for i, c in enumerate(comments, 1))
    skipped = len(found) - len(comments)
    return Dump("youtube", posts, skipped_warning("YouTube", skipped, "comments"))


def csv_reader(header: Sequence[str]) -> Callable[[int, Sequence[str]], Post]:
    """A row of ``--format csv`` (or ``scsv``) → Post."""
    names = [name.strip().lower() for name in header]

    def read(line: int, row: Sequence[str]) -> Post:
        return comment_post(dict(zip(names, row, strict=False)), line)

    return read


def comment_post(comment: Mapping[str, Any], line: int) -> Post:
    """One comment → Post."""
    cid = (text(comment, "cid") or "").strip() or None
    parent, dot, _ = (cid or "").partition(".")
    shown = (text(comment, "author") or "").strip()
    author = shown.lstrip("@")
    channel = (text(comment, "channel") or "").strip() or None
    return Post(
        text=text(comment, "text") or "",
        line=line,
        platform=Platform.YOUTUBE,
        author=author or channel,
        author_kind=shown_kind(shown) if author else as_id(channel),
        author_id=channel,
        post_id=cid,
        reply_to=parent if dot and parent else None,
        youtube=YoutubeIds(author_channel=channel),
    )
