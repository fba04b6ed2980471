"""twarc2's flattened tweets (``twarc2 flatten``, ``--flatten``) → posts.

The most common twarc2 output: JSON Lines, one X API v2 tweet per line, with what the API
sent in ``includes`` moved inline by ``twarc.expansions.flatten``: the author's user object as
``author``, the answered user as ``in_reply_to_user``, and each ``referenced_tweets`` entry
merged with the referenced tweet itself (its text, its own ``author``), or left as bare
``{"type", "id"}`` when the API could not show it (deleted, protected). Each line may also
carry ``__twarc`` (where and when it was fetched) and ``matching_rules`` (stream rules).

The tweets are read exactly like X API v2 ``data`` (``x_api.tweet_post``); referenced tweets
that came with their text are context, as ``includes.tweets`` are.
"""

from __future__ import annotations

from typing import Any

from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text
from threadscope.ingest.skipped import skipped_warning
from threadscope.ingest.x_api import tweet_post

MAX_DEPTH = 4
"""Referenced tweets nest (a reply quoting a retweet …); the API stops at two levels."""

_TWEET_HINTS = ("author", "author_id", "__twarc", "conversation_id", "edit_history_tweet_ids",
                "referenced_tweets")


def looks_like_tweet(record: Any) -> bool:
    """A bare v2 tweet: ``id`` and ``text`` and a tweet's own fields, not a response page."""
    if not isinstance(record, dict) or "data" in record or "includes" in record:
        return False
    return "id" in record and "text" in record and any(k in record for k in _TWEET_HINTS)


def is_twarc_flat(values: list[Any]) -> bool:
    return mostly(looks_like_tweet, records(values))


def parse_twarc_flat(values: list[Any]) -> Dump:
    """Tweets in file order; inline referenced tweets as context, unseen ones as gaps."""
    found = records(values)
    tweets = [t for t in found if looks_like_tweet(t)]
    users: dict[str, dict[str, Any]] = {}
    referenced: dict[str, dict[str, Any]] = {}
    unseen: list[str] = []
    for tweet in tweets:
        _collect(tweet, users, referenced, unseen, depth=0)
    posts = [tweet_post(t, users, i) for i, t in enumerate(tweets, 1)]
    own = {p.post_id for p in posts}
    context = [tweet_post(t, users, len(posts) + i)
               for i, t in enumerate((t for k, t in referenced.items() if k not in own), 1)]
    # With expansions requested (some references came with their text), a reference without
    # it is a tweet X could not show: deleted or protected, a gap in the conversation.
    gaps = tuple(dict.fromkeys(i for i in unseen if i not in referenced and i not in own)
                 ) if referenced else ()
    skipped = len(found) - len(tweets)
    warnings = skipped_warning("twarc2", skipped, "tweets")
    if gaps:
        warnings += (f"twarc2: {len(gaps)} referenced post(s) deleted or not visible",)
    return Dump("twarc2", tuple(posts), warnings, context=tuple(context), gaps=gaps)


def _collect(tweet: dict[str, Any], users: dict[str, dict[str, Any]],
             referenced: dict[str, dict[str, Any]], unseen: list[str], *, depth: int) -> None:
    """Users and referenced tweets found inline, to read the tweet as ``includes`` would."""
    for key in ("author", "in_reply_to_user"):
        user = obj(tweet, key)
        user_id = text(user, "id")
        if user_id and text(user, "username"):
            users.setdefault(user_id, user)
    author_id = text(tweet, "author_id")
    if author_id and author_id not in users and text(obj(tweet, "author"), "username"):
        users[author_id] = obj(tweet, "author")
    if depth >= MAX_DEPTH:
        return
    for ref in items(tweet, "referenced_tweets"):
        ref_id = text(ref, "id")
        if not ref_id:
            continue
        if "text" not in ref:
            unseen.append(ref_id)
            continue
        # the entry is {"type": …} merged with the tweet: drop the type, keep the tweet
        inline = {k: v for k, v in ref.items() if k != "type"}
        referenced.setdefault(ref_id, inline)
        _collect(inline, users, referenced, unseen, depth=depth + 1)

