"""The X archive export (``data/tweets.js``, older ``tweet.js``) → posts.

The file is ``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]``; ``jsonish.load`` strips the
assignment. Every tweet is the archive owner's, so the author is the owner's handle where the
archive says it (it rarely does: ``in_reply_to_screen_name`` of self-replies reveals it).
v1.1 tweets saved one per line (twarc 1, the v1.1 API) have the same fields plus ``user``, and
are read here too. A retweet is ``retweeted_status`` in v1.1, and only ``RT @x: …`` in the
archive: either makes the post a repost (``repost_of``), never part of its owner's thread.

The v1.1 search answer (``{"statuses": [...], "search_metadata"}``) and the premium search
answer (``{"results": [...], "next"}``) hold such tweets in one list, read as the tweets
one a line. A tweet the streaming API cut at 140 characters (``truncated``) keeps its whole
text and links in ``extended_tweet``; the cut text ends in a link to the tweet itself
(``twitter.com/i/web/status/ID``), which is no link of its author's, with or without
``extended_tweet`` (the REST API without ``tweet_mode=extended`` cuts the same way).
"""

from __future__ import annotations

import html
import re
from typing import Any

from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import expansions, items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Post


def _is_record(record: dict[str, Any]) -> bool:
    if "tweet" in record or "full_text" in record:
        return True
    # a v1.1 tweet (twarc 1, the v1.1 API): id_str, text and the user object inline
    return "id_str" in record and "text" in record and isinstance(record.get("user"), dict)


_PAGE_KEYS = ("statuses", "results")
"""Where a v1.1 search answer (``statuses``) and a premium search answer (``results``) list
their tweets."""


def _page_tweets(record: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The tweets of a v1.1 or premium search page, or None when ``record`` is no such page."""
    for key in _PAGE_KEYS:
        listed = record.get(key)
        if not isinstance(listed, list) or _is_record(record):
            continue
        tweets = items(listed)
        if mostly(_is_record, tweets) or not listed:
            return tweets
    return None


def _tweet_records(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records, each search page replaced by its tweets."""
    tweets: list[dict[str, Any]] = []
    for record in found:
        paged = "statuses" in record or "results" in record  # _PAGE_KEYS, asked cheaply
        listed = _page_tweets(record) if paged else None
        if listed is None:
            tweets.append(record)
        else:
            tweets.extend(listed)
    return tweets


def is_x_archive(values: list[Any]) -> bool:
    """Archive entries wrapping tweets in ``{"tweet": {…}}``, or bare v1.1 tweet records
    (alone or in search pages)."""
    return mostly(_is_record, _tweet_records(records(values)[:20]))


def parse_x_archive(values: list[Any]) -> Dump:
    """Tweets in file order; the owner's handle is guessed from self-replies."""
    found = _tweet_records(records(values))
    tweets = [obj(r, "tweet") or r for r in found if _is_record(r)]
    owner = _owner(tweets)
    posts = tuple(_post(t, owner, i) for i, t in enumerate(tweets, 1))
    own = {p.post_id for p in posts}
    shown = [obj(t, key) for t in tweets for key in ("retweeted_status", "quoted_status")]
    context = {text(t, "id_str"): t for t in shown if t and text(t, "id_str") not in own}
    skipped = len(found) - len(tweets)
    return Dump("x-archive", posts, skipped_warning("X archive", skipped, "tweets"), context=tuple(
        _post(t, None, len(posts) + i) for i, t in enumerate(context.values(), 1)))


def _owner(tweets: list[dict[str, Any]]) -> str | None:
    """The archive never names its owner; a reply to one's own tweet does."""
    ids = {text(t, "id_str") or text(t, "id") for t in tweets}
    for tweet in tweets:
        if text(tweet, "in_reply_to_status_id_str") in ids and "user" not in tweet:
            return text(tweet, "in_reply_to_screen_name")
    return None


_RETWEET = re.compile(r"RT @(?P<handle>[A-Za-z0-9_]{1,30}):")


def _full(tweet: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The tweet's whole text and its links: from ``extended_tweet`` when the streaming API
    cut the text; a cut text's link to the tweet itself is left out."""
    extended = tweet.get("extended_tweet")
    whole = text(extended, "full_text") if extended else None
    if whole is not None:
        return whole, items(obj(extended, "entities"), "urls")
    body = text(tweet, "full_text") or text(tweet, "text") or ""
    urls = items(obj(tweet, "entities"), "urls")
    if tweet.get("truncated") is not True:  # only a cut text links to itself
        return body, urls
    itself = [_itself(tweet, u) for u in urls]
    shorts = [text(u, "url") for u, own in zip(urls, itself, strict=True) if own]
    return _without_shorts(body, shorts), [u for u, own in zip(urls, itself, strict=True)
                                            if not own]


def _without_shorts(body: str, shorts: list[str | None]) -> str:
    """``body`` with each t.co that ends it cut, in the order given, once each (the t.co a
    link to the tweet itself is written as: no link of the author's); cut by index, so that
    thousands of them cost one reading of the text, not one copy each."""
    end = kept = _stripped_end(body, len(body))
    for short in shorts:
        if short and body.endswith(short, 0, end):
            end = _stripped_end(body, end - len(short))
    return body if end == kept else body[:end]


def _stripped_end(body: str, end: int) -> int:
    """Where ``body[:end].rstrip()`` ends, without copying the text."""
    while end and body[end - 1].isspace():
        end -= 1
    return end


def _itself(tweet: dict[str, Any], url: dict[str, Any]) -> bool:
    """The link a cut text ends in: ``twitter.com/i/web/status/ID``, the tweet's own page."""
    expanded = text(url, "expanded_url") or ""
    if "/i/web/status/" not in expanded:
        return False
    own = text(tweet, "id_str") or text(tweet, "id")
    return bool(own) and expanded.endswith(f"/i/web/status/{own}")


def _post(tweet: dict[str, Any], owner: str | None, order: int) -> Post:
    whole, urls = _full(tweet)
    post_id = text(tweet, "id_str") or text(tweet, "id")
    body = html.unescape(whole)  # &amp; …
    retweet = _RETWEET.match(body)
    original = obj(tweet, "retweeted_status")
    author = text(obj(tweet, "user"), "screen_name") or owner
    return Post(
        text=body,
        line=order,
        author=author,
        author_kind=as_handle(author),
        display_name=text(obj(tweet, "user"), "name"),
        post_id=post_id,
        reply_to=text(tweet, "in_reply_to_status_id_str") or text(tweet, "in_reply_to_status_id"),
        conversation_id=None,
        created_at=iso_time(text(tweet, "created_at")),
        urls=unique([text(u, "expanded_url") for u in urls]),
        expansions=expansions(urls, "expanded_url"),
        # the archive keeps a retweet as "RT @x: …" without the original's id: name its author
        repost_of=(text(original, "id_str") or (f"@{retweet['handle']}" if retweet else None)),
        quote_of=text(tweet, "quoted_status_id_str") or text(obj(tweet, "quoted_status"), "id_str"),
        reply_to_author=text(tweet, "in_reply_to_screen_name"),
    )
