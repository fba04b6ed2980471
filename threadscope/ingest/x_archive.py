"""The X archive export (``data/tweets.js``, older ``tweet.js``) → posts.

The file is ``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]``; ``jsonish.load`` strips the
assignment. Every tweet is the archive owner's, so the author is the owner's handle where the
archive says it (it rarely does: ``in_reply_to_screen_name`` of self-replies reveals it).
"""

from __future__ import annotations

import html
from typing import Any

from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, obj, text, unique
from threadscope.models import Post


def is_x_archive(value: Any) -> bool:
    """A list whose elements wrap tweets in ``{"tweet": {…}}`` (or bare ``full_text`` records)."""
    records = items(value)
    return bool(records) and all("tweet" in r or "full_text" in r for r in records[:20])


def parse_x_archive(values: list[Any]) -> Dump:
    """Tweets in file order; the owner's handle is guessed from self-replies."""
    tweets = [obj(r, "tweet") or r for value in values for r in items(value)]
    owner = _owner(tweets)
    posts = tuple(_post(t, owner, i) for i, t in enumerate(tweets, 1))
    return Dump("x-archive", posts)


def _owner(tweets: list[dict[str, Any]]) -> str | None:
    """The archive never names its owner; a reply to one's own tweet does."""
    ids = {text(t, "id_str") or text(t, "id") for t in tweets}
    for tweet in tweets:
        if text(tweet, "in_reply_to_status_id_str") in ids:
            return text(tweet, "in_reply_to_screen_name")
    return None


def _post(tweet: dict[str, Any], owner: str | None, order: int) -> Post:
    urls = items(obj(tweet, "entities"), "urls")
    post_id = text(tweet, "id_str") or text(tweet, "id")
    return Post(
        text=html.unescape(text(tweet, "full_text") or text(tweet, "text") or ""),  # &amp; …
        line=order,
        author=owner,
        post_id=post_id,
        reply_to=text(tweet, "in_reply_to_status_id_str") or text(tweet, "in_reply_to_status_id"),
        conversation_id=None,
        created_at=iso_time(text(tweet, "created_at")),
        urls=unique([text(u, "expanded_url") for u in urls]),
    )
