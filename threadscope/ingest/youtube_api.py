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
A ``videos.list`` answer saved beside them (``{"kind": "youtube#videoListResponse", "items":
[{"kind": "youtube#video", "id", "snippet": {"publishedAt", "channelId", "channelTitle",
"title", …}}]}``) gives each video's publish time, which no comment resource holds: the
video is read into the context (its title the text), and ``bots`` times the replies under
it from then.

What is read, and why:

- ``parentId`` (only a reply has one) is the top comment it answers: YouTube has one level
  of replies.
- The author is the name shown (``@handle`` since 2022, read without the ``@``, as
  youtube-comment-downloader's output is read); two channels showing one name in one dump
  get their channel id beside it (``Anna (UC…)``), so that ``bots`` counts two accounts,
  on whichever pages or lines they show it (``YoutubeFacts``, carried from line to line);
  a comment without a name is its channel id's. The channel id (``authorChannelId``) is
  the author's stable id (``Post.author_id``), a video's its channel's (``channelId``).
- ``textOriginal`` is the text as written; without it, ``textDisplay`` (HTML unless asked
  for ``plainText``) is read as a reader sees it, its anchors' addresses the links.
- ``publishedAt`` is the time; an ``updatedAt`` later than it is an edit (``edited_at``).
- A thread's ``replies`` hold a few of its ``totalReplyCount``: the others are counted in a
  warning (``comments.list`` with ``parentId`` gives them all).
- ``videoId``, ``channelId`` (the channel the video belongs to) and the author's channel id
  are kept in ``Post.youtube``: a comment of the video's own channel is the thread owner's
  (``bots`` sets it apart). Not in ``conversation_id``: threads key on it, and one video's
  comment threads are many threads.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.across import Read, settle_all, waits
from threadscope.ingest.authorship import as_id, shown_kind
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.html_text import html_text
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import AuthorKind, Platform, Post, YoutubeIds

PREFIX = "youtube#comment"
"""Every comment kind read here starts so (``youtube#commentThreadListResponse``, ``…#comment``)."""
VIDEO = "youtube#video"
"""A video (``videos.list``: ``youtube#videoListResponse`` pages of ``youtube#video``): read
for when it was published, into the context."""


def _is_api(record: dict[str, Any]) -> bool:
    kind = text(record, "kind") or ""
    return kind.startswith((PREFIX, VIDEO)) and isinstance(
        record.get("items", record.get("snippet")), list | dict)


def is_youtube_api(values: list[Any]) -> bool:
    return mostly(_is_api, records(values[:20]))  # mostly reads 20


def parse_youtube_api(values: list[Any]) -> Dump:
    """Comments in document order: each top comment followed by the replies given."""
    return settle_all(read_youtube_api(values, YoutubeFacts()))


def read_youtube_api(values: list[Any], facts: YoutubeFacts) -> Read:
    """``parse_youtube_api`` with what earlier lines showed (``facts``, which learns this
    line's channels and authors): every comment waits on its channel id, since a later line
    may show a second channel of its name, or the top comment it answers."""
    comments: list[dict[str, Any]] = []
    videos: list[Post] = []
    skipped = untold = 0
    for kind, resource in _resources(records(values)):
        if kind == "thread":
            untold += _untold(resource)
        elif kind == "video":
            if (video := _video(resource, len(videos) + 1)) is not None:
                videos.append(video)
            else:
                skipped += 1
        elif _is_comment(resource):
            comments.append(resource)
        else:
            skipped += 1
    posts = []
    keys: list[str | None] = []
    for order, comment in enumerate(comments, 1):
        post, channel = _comment(comment, order)
        facts.learn(post, channel)
        posts.append(post)
        keys.append(channel)
    warnings = skipped_warning("YouTube API", skipped, "comments")
    if untold:
        warnings += (f"YouTube API: {untold} repl(ies) counted in totalReplyCount not in the "
                     "answer",)
    return Read(Dump("youtube", tuple(posts), warnings, tuple(videos)), waits(facts, keys))


@dataclass
class YoutubeFacts:
    """What a dump's comments tell about each other: the channels each name is shown by
    (two at most are kept: a second one makes the name shared, ``Anna (UC…)``) and each
    comment's author, for the replies that answer it. A later line may show a namesake or
    the top comment a reply answers, so a comment settles only once the dump has ended."""

    channels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    authors: dict[str, tuple[str | None, str | None, str]] = field(default_factory=dict)
    """Top comment id → its author as read, the name shown and the channel id (a reply
    answers a top comment: YouTube has one level of replies)."""

    def learn(self, post: Post, channel: str) -> None:
        if post.display_name and channel:
            name = post.display_name.lstrip("@")
            known = self.channels.get(name, ())
            if channel not in known and len(known) < 2:
                self.channels[name] = (*known, channel)
        if post.post_id and post.reply_to is None:  # one level of replies: to top comments
            self.authors[post.post_id] = (post.author, post.display_name, channel)

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """The comment with its author told apart from a namesake's, and the author of the
        top comment it answers: the top comment's, where the dump has it, else no one's
        (``""``): the API names no parent's author, and a reply whose top comment was not
        saved starts a thread of its own rather than being taken for the middle of its
        author's thread whose head is lost."""
        if not final:
            return None
        author = self._author(post.author, post.display_name, key)
        kind = post.author_kind if author == post.author else AuthorKind.NAME  # a namesake's
        if post.reply_to is None:
            return post if author == post.author else replace(post, author=author,
                                                              author_kind=kind)
        parent = self.authors.get(post.reply_to)
        answered = (self._author(*parent) or "") if parent else ""
        return replace(post, author=author, author_kind=kind,  # one copy: 20 fields
                       reply_to_author=answered)

    def _author(self, author: str | None, shown: str | None, channel: str) -> str | None:
        name = (shown or "").lstrip("@")
        if shown and channel and len(self.channels.get(name, ())) > 1:
            return f"{name} ({channel})"
        return author


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
        elif kind == VIDEO:
            yield "video", value
        elif kind == "youtube#commentThread":
            snippet = obj(value, "snippet")
            stack.append(("thread", value))
            stack.extend(reversed(items(obj(value, "replies"), "comments")))
            stack.append(obj(snippet, "topLevelComment"))
        else:
            yield "comment", value
        while stack and isinstance(stack[-1], tuple):
            yield stack.pop()


def _video(video: dict[str, Any], order: int) -> Post | None:
    """A video as the context post its comments are under: its id, channel, title and when
    it was published (``bots`` times the replies under it from then). None without an id
    or a publish time: such a record tells nothing the comments need."""
    snippet = obj(video, "snippet")
    video_id = (text(video, "id") or "").strip()
    published = iso_time(text(snippet, "publishedAt"))
    if not video_id or not published:
        return None
    channel = _shared_id(snippet.get("channelId"))
    shown = (text(snippet, "channelTitle") or "").strip()
    return Post(
        text=text(snippet, "title") or "",
        line=order,
        platform=Platform.YOUTUBE,
        author=shown or channel,
        author_kind=AuthorKind.NAME if shown else as_id(channel or ""),
        author_id=channel,
        display_name=shown or None,
        post_id=video_id,
        created_at=published,
        youtube=YoutubeIds(_shared_id(video_id), channel, channel),
    )


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


def _comment(comment: dict[str, Any], order: int) -> tuple[Post, str]:
    """The comment as read alone, and its channel id (``YoutubeFacts`` settles the rest)."""
    snippet = obj(comment, "snippet")
    comment_id = (text(comment, "id") or "").strip() or None
    parent = (text(snippet, "parentId") or "").strip()
    if not parent and comment_id and "." in comment_id:
        parent = comment_id.partition(".")[0]
    body, links = _body(snippet)
    published = iso_time(text(snippet, "publishedAt"))
    updated = iso_time(text(snippet, "updatedAt"))
    shown, channel = _author(snippet)
    post = Post(
        text=body,
        line=order,
        platform=Platform.YOUTUBE,
        author=shown.lstrip("@") or channel or None,
        author_kind=shown_kind(shown) if shown.lstrip("@") else as_id(channel),
        author_id=channel or None,
        display_name=shown or None,
        post_id=comment_id,
        reply_to=parent or None,
        created_at=published,
        edited_at=updated if updated and published and updated > published else None,
        urls=links,
        youtube=YoutubeIds(_shared_id(snippet.get("videoId")),
                           _shared_id(snippet.get("channelId")), channel or None),
    )
    return post, channel


def _shared_id(value: Any) -> str | None:
    """An id every comment of a video repeats (its own, its channel's), held once for all of
    them: a dump of 100,000 comments would hold it 100,000 times."""
    return sys.intern(value) if isinstance(value, str) and value else None


def _body(snippet: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    original = text(snippet, "textOriginal")
    if original is not None:
        return original, ()
    plain, links = html_text(text(snippet, "textDisplay") or "")
    return plain, unique([a for a in links if a.startswith(("http://", "https://"))])
