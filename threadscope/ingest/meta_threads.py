"""Meta's Threads API answers (``graph.threads.net``) → posts.

A user's posts (``/{user}/threads``), the replies to a post (``/{post}/replies``) and a
whole conversation (``/{post}/conversation``) all answer ``{"data": [media…], "paging"}``;
each media object says what the request's ``fields`` asked for: ``id``, ``text``,
``username``, ``timestamp`` (``2024-01-01T18:20:00+0000``), ``permalink``,
``media_product_type`` (``THREADS``), ``shortcode``, and on replies ``replied_to`` and
``root_post`` (``{"id"}``); a quote names ``quoted_post``, a repost is a ``REPOST_FACADE``
naming ``reposted_post``; a post's link card is ``link_attachment_url``.

The answer looks like an X API v2 page (``data`` of objects with ``id`` and ``text``), so it
is told apart by the fields only Threads sends, and read before X's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post

_HOSTS = ("://www.threads.net/", "://www.threads.com/", "://threads.net/", "://threads.com/")


def _is_media(item: dict[str, Any]) -> bool:
    """A Threads media object: its product type, a Threads permalink, or a shortcode and a
    timestamp beside its id (fields an X tweet never has). Instagram's Graph API answers in
    the same shape, but with a ``caption``, another product type (``FEED``, ``REELS``) and an
    instagram.com permalink: those are not Threads posts, and their text is not ``text``."""
    if "id" not in item or "caption" in item:
        return False
    product = text(item, "media_product_type")
    if product is not None:
        return product == "THREADS"
    permalink = text(item, "permalink")
    if permalink is not None:
        return any(host in permalink for host in _HOSTS)
    return "shortcode" in item and "timestamp" in item


def _media_of(value: dict[str, Any]) -> list[dict[str, Any]]:
    """A page's media (``data``), or the value itself when it is one media object."""
    return [value] if _is_media(value) else items(value, "data")


def is_meta_threads(values: list[Any]) -> bool:
    """Pages (or media objects) of which most of the first hold Threads media."""
    head = records(values[:20])[:20]
    return mostly(lambda value: mostly(_is_media, _media_of(value)), head)


def parse_meta_threads(values: list[Any]) -> Dump:
    """Media in answer order; a reply names its parent's author when the parent is here."""
    found = [m for value in records(values) for m in _media_of(value)]
    media = [m for m in found if _is_media(m)]
    posts = [_post(m, i) for i, m in enumerate(media, 1)]
    authors = {p.post_id: p.author for p in posts if p.author}
    posts = [replace(p, reply_to_author=authors.get(p.reply_to or "")) for p in posts]
    skipped = len(found) - len(media)
    return Dump("meta-threads", tuple(posts), skipped_warning("Threads", skipped, "posts"))


def _post(media: dict[str, Any], order: int) -> Post:
    post_id = text(media, "id")
    author = text(media, "username")
    return Post(
        text=text(media, "text") or "",
        line=order,
        platform=Platform.THREADS,
        author=author,
        author_kind=as_handle(author),
        post_id=post_id,
        reply_to=text(obj(media, "replied_to"), "id"),
        conversation_id=text(obj(media, "root_post"), "id") or post_id,
        created_at=iso_time(text(media, "timestamp")),
        urls=unique([text(media, "link_attachment_url")]),
        repost_of=text(obj(media, "reposted_post"), "id"),
        quote_of=text(obj(media, "quoted_post"), "id"),
    )
