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

from dataclasses import dataclass, field
from typing import Any

from threadscope.ingest.across import Read, waits
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import head_records, items, mostly, obj, records, text
from threadscope.ingest.skipped import skipped_warning
from threadscope.ingest.x_api import XUserFacts, tweet_post

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
    """Most of the first records are bare v2 tweets (``head_records``: the rest of a dump is
    not walked to decide)."""
    return mostly(looks_like_tweet, head_records(values))


@dataclass
class TwarcFacts:
    """What the lines of twarc2's flattened tweets tell each other, carried from line to line
    as a stream reads them and through a file read whole alike.

    ``accounts``: each inline user object by id, the one shown by the latest tweet (by its
    ``created_at``, whatever the order of the lines) the account as it stands, the rule of
    X API v2 pages (``XUserFacts``, the same implementation): an account renamed
    between two fetches (a search run again a week later, a bot that changes its handle) is
    one account, each of its posts under its latest handle, and the rename is said. Read line
    by line, its old handle and its new one were two accounts, a coordinated cluster of one.

    ``unseen``, ``held``: a reference that came without its text is a gap only where no line
    holds the tweet (a line's bare reference is often another line's tweet): said once the
    dump has ended (``warnings``), counted over the whole dump. Bounded by the dump's ids."""

    accounts: XUserFacts = field(default_factory=lambda: XUserFacts("twarc2"))
    unseen: dict[str, None] = field(default_factory=dict)
    """Ids referenced without their text, in order."""
    held: set[str] = field(default_factory=set)
    """Ids of the tweets the lines hold: their own, and those referenced with their text."""
    expanded: bool = False
    """Some reference came with its text: expansions were requested, and a bare one is a
    tweet X could not show (deleted, protected)."""

    def gaps(self) -> list[str]:
        if not self.expanded:
            return []
        return [ref_id for ref_id in self.unseen if ref_id not in self.held]

    def warnings(self) -> list[str]:
        gaps = self.gaps()
        said = self.accounts.warnings()
        if gaps:
            said.append(f"twarc2: {len(gaps)} referenced post(s) deleted or not visible")
        return said


def read_twarc_flat(values: list[Any], facts: TwarcFacts) -> Read:
    """Tweets in file order; inline referenced tweets as context, unseen ones as gaps. Each
    post (and context post) waits on its author's id and the answered author's, settled by
    ``facts.accounts`` once the dump has ended (``XUserFacts.settle``)."""
    found = records(values)
    tweets = [t for t in found if looks_like_tweet(t)]
    users: list[tuple[dict[str, Any], str | None]] = []
    referenced: dict[str, dict[str, Any]] = {}
    unseen: list[str] = []
    for tweet in tweets:
        _collect(tweet, users, referenced, unseen, depth=0)
    facts.accounts.learn_shown(users)
    known = facts.accounts.users
    posts = [tweet_post(t, known, i) for i, t in enumerate(tweets, 1)]
    own = {p.post_id for p in posts}
    shown = [t for k, t in referenced.items() if k not in own]
    context = [tweet_post(t, known, len(posts) + i) for i, t in enumerate(shown, 1)]
    facts.held.update(i for i in (*own, *referenced) if i)
    facts.unseen.update(dict.fromkeys(unseen))
    facts.expanded = facts.expanded or bool(referenced)
    # this line's (or dump's) own gaps; the warning counts the whole dump's (``warnings``)
    gaps = tuple(dict.fromkeys(i for i in unseen if i not in referenced and i not in own)
                 ) if referenced else ()
    warnings = skipped_warning("twarc2", len(found) - len(tweets), "tweets")
    dump = Dump("twarc2", tuple(posts), warnings, context=tuple(context), gaps=gaps)
    keys = [f"{text(t, 'author_id') or ''} {text(t, 'in_reply_to_user_id') or ''}"
            for t in (*tweets, *shown)]
    return Read(dump, waits(facts.accounts, keys[: len(posts)]),
                waits(facts.accounts, keys[len(posts) :]))


def _collect(tweet: dict[str, Any], users: list[tuple[dict[str, Any], str | None]],
             referenced: dict[str, dict[str, Any]], unseen: list[str], *, depth: int) -> None:
    """Users (in the order shown, each with the time of the tweet that shows it: the
    latest names the account, whatever the order of the lines) and referenced tweets found
    inline, to read the tweet as ``includes`` would."""
    at = iso_time(text(tweet, "created_at"))
    for key, id_key in (("author", "author_id"), ("in_reply_to_user", "in_reply_to_user_id")):
        user = obj(tweet, key)
        if not text(user, "username"):
            continue
        if text(user, "id"):
            users.append((user, at))
        elif text(tweet, id_key):  # an inline user without its id: the tweet's says it
            users.append(({**user, "id": text(tweet, id_key)}, at))
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
