"""The YouTube Data API v3's comments (``commentThreads.list``, ``comments.list``) → posts.

The shape is the API's own (google-api-python-client 2.202.0,
``googleapiclient/discovery_cache/documents/youtube.v3.json``, revision 20261104):
``{"kind": "youtube#commentThreadListResponse", "items": [CommentThread]}`` with a
``CommentThread`` ``{"kind": "youtube#commentThread", "id", "snippet": {"videoId",
"topLevelComment": Comment, "totalReplyCount"}, "replies": {"comments": [Comment]}}``, and
``{"kind": "youtube#commentListResponse", "items": [Comment]}``; a ``Comment`` is
``{"kind": "youtube#comment", "id", "snippet": {"authorDisplayName", "authorChannelId":
{"value"}, "textDisplay", "textOriginal", "parentId", "publishedAt", "updatedAt", …}}``.
Pages one a line, saved as a list, or threads and comments without their pages read alike.

What is read, and why:

- ``parentId`` (only a reply has one) is the top comment it answers: YouTube has one level
  of replies.
- The author is the name shown (``@handle`` since 2022, read without the ``@``, as
  youtube-comment-downloader's output is read); two channels showing one name in one dump
  get their channel id beside it (``Anna (UC…)``), so that ``bots`` counts two accounts;
  a comment without a name is its channel id's.
- ``textOriginal`` is the text as written; without it, ``textDisplay`` (HTML unless asked
  for ``plainText``) is read as a reader sees it, its anchors' addresses the links.
- ``publishedAt`` is the time; an ``updatedAt`` later than it is an edit (``edited_at``).
- A thread's ``replies`` hold a few of its ``totalReplyCount``: the others are counted in a
  warning (``comments.list`` with ``parentId`` gives them all).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from threadscope.ingest.authorship import as_id, shown_kind
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.html_text import html_text
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import AuthorKind, Post

PREFIX = "youtube#comment"
"""Every kind read here starts so (``youtube#commentThreadListResponse``, ``…#comment``)."""


def _is_api(record: dict[str, Any]) -> bool:
    kind = text(record, "kind") or ""
    return kind.startswith(PREFIX) and isinstance(record.get("items", record.get("snippet")),
                                                  list | dict)


def is_youtube_api(values: list[Any]) -> bool:
    return mostly(_is_api, records(values[:20]))  # mostly reads 20


def parse_youtube_api(values: list[Any]) -> Dump:
    """Comments in document order: each top comment followed by the replies given."""
    comments: list[dict[str, Any]] = []
    skipped = untold = 0
    for kind, resource in _resources(records(values)):
        if kind == "thread":
            untold += _untold(resource)
        elif _is_comment(resource):
            comments.append(resource)
        else:
            skipped += 1
    shared = _shared_names(comments)
    posts = _answered([_comment(c, i, shared) for i, c in enumerate(comments, 1)])
    warnings = skipped_warning("YouTube API", skipped, "comments")
    if untold:
        warnings += (f"YouTube API: {untold} repl(ies) counted in totalReplyCount not in the "
                     "answer",)
    return Dump("youtube", posts, warnings)


def _resources(found: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("comment", Comment)`` for each comment and ``("thread", CommentThread)`` after
    each thread's comments, pages opened; anything else as a comment that is none."""
    stack: list[Any] = list(reversed(found))
    while stack:
        value = stack.pop()
        if not isinstance(value, dict):
            continue
        kind = text(value, "kind") or ""
        if kind.endswith("ListResponse"):
            stack.extend(reversed(items(value, "items")))
        elif kind == "youtube#commentThread":
            snippet = obj(value, "snippet")
            stack.append(("thread", value))
            stack.extend(reversed(items(obj(value, "replies"), "comments")))
            stack.append(obj(snippet, "topLevelComment"))
        else:
            yield "comment", value
        while stack and isinstance(stack[-1], tuple):
            yield stack.pop()


def _untold(thread: dict[str, Any]) -> int:
    total = obj(thread, "snippet").get("totalReplyCount")
    if not isinstance(total, int) or isinstance(total, bool):
        return 0
    return max(0, total - len(items(obj(thread, "replies"), "comments")))


def _is_comment(comment: dict[str, Any]) -> bool:
    return bool(obj(comment, "snippet")) and (text(comment, "kind") or PREFIX).startswith(PREFIX)


def _author(snippet: dict[str, Any]) -> tuple[str, str]:
    """The name shown (as given: ``@handle`` or a name) and the channel id."""
    shown = (text(snippet, "authorDisplayName") or "").strip()
    return shown, (text(obj(snippet, "authorChannelId"), "value") or "").strip()


def _shared_names(comments: list[dict[str, Any]]) -> set[str]:
    """Names shown by more than one channel in the dump."""
    channels: dict[str, set[str]] = defaultdict(set)
    for comment in comments:
        shown, channel = _author(obj(comment, "snippet"))
        if shown and channel:
            channels[shown.lstrip("@")].add(channel)
    return {name for name, ids in channels.items() if len(ids) > 1}


def _comment(comment: dict[str, Any], order: int, shared: set[str]) -> Post:
    snippet = obj(comment, "snippet")
    comment_id = (text(comment, "id") or "").strip() or None
    parent = (text(snippet, "parentId") or "").strip()
    if not parent and comment_id and "." in comment_id:
        parent = comment_id.partition(".")[0]
    body, links = _body(snippet)
    published = iso_time(text(snippet, "publishedAt"))
    updated = iso_time(text(snippet, "updatedAt"))
    shown, channel = _author(snippet)
    author = shown.lstrip("@")
    kind = shown_kind(shown)
    if author in shared:
        author = f"{author} ({channel})" if channel else author
        kind = AuthorKind.NAME  # two channels show it: a name, whatever it looks like
    return Post(
        text=body,
        line=order,
        author=author or channel or None,
        author_kind=kind if author else as_id(channel),
        display_name=shown or None,
        post_id=comment_id,
        reply_to=parent or None,
        created_at=published,
        edited_at=updated if updated and published and updated > published else None,
        urls=links,
    )


def _body(snippet: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    original = text(snippet, "textOriginal")
    if original is not None:
        return original, ()
    plain, links = html_text(text(snippet, "textDisplay") or "")
    return plain, unique([a for a in links if a.startswith(("http://", "https://"))])


def _answered(posts: list[Post]) -> tuple[Post, ...]:
    """Each reply with the author it answers: the top comment's, where the dump has it,
    else no one's (``""``): the API names no parent's author, and a reply whose top comment
    was not saved (``comments.list`` by ``parentId``) starts a thread of its own rather than
    being taken for the middle of its author's thread whose head is lost."""
    authors = {p.post_id: p.author or "" for p in posts if p.post_id}
    return tuple(
        replace(post, reply_to_author=authors.get(post.reply_to, ""))
        if post.reply_to is not None else post
        for post in posts)
