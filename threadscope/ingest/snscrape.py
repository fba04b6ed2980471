"""snscrape's JSON Lines (``snscrape --jsonl twitter-search …``) → posts.

snscrape writes one item a line as its dataclass serialised (``snscrape.base``'s ``json()``):
every object carries ``_type``, its class (``snscrape.modules.twitter.Tweet``), which is how
the output is recognised. What is read, by module:

- **twitter** ``Tweet``: ``rawContent`` (0.5 on; before, ``content``, which 0.7 still writes
  as a deprecated copy) is the text as posted, with its t.co links; the links behind them
  are ``links[].url`` (0.7; ``tcourl`` is the t.co) or ``outlinks`` (0.4; ``tcooutlinks`` the
  t.co ones), never the t.co links themselves. ``user`` (``username``, ``displayname``,
  ``created``; ``verified``, ``blue``, ``blueType`` and ``protected``, what X says about
  the account: ``Post.author_labels``; a bare ``UserRef``, which 0.7 writes where X sent
  no user, has only an ``id``: the author is then the user of that id as the dump shows
  them, on a line before or after, else unknown; an account renamed between items is one
  account under its latest handle: ``SnscrapeFacts``, which ``bots`` carries from line to
  line), ``inReplyToTweetId`` and ``inReplyToUser``,
  ``conversationId``. A ``retweetedTweet`` makes the tweet a repost of it and a
  ``quotedTweet`` a quote, both inline whole and kept as context; a quoted ``Tombstone``
  (deleted, withheld) is a gap.
- **telegram** ``TelegramPost`` (``url`` ``https://t.me/s/CHANNEL/ID``, ``content``,
  ``outlinks``, ``linkPreview``): the channel is the author, ``CHANNEL/ID`` the id.
- **mastodon** ``Toot`` (``user.account`` ``@name@server``, ``text``, ``links``) and
  ``Boost`` (``user`` boosted ``toot``: a repost of it).
- **reddit** ``Submission`` (``title`` and ``selftext``; ``link`` where it links out) and
  ``Comment`` (``body``; ``parentId`` the post or comment it answers).

Other items (a ``User`` or ``Channel`` saved with ``--with-entity``) are no posts: skipped
and counted.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.account_labels import snscrape_x_labels
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.across import Read, settle_all, waits
from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post

PREFIX = "snscrape.modules."
_USER = f"{PREFIX}twitter.User"
_TWEET = f"{PREFIX}twitter.Tweet"
USERS_KEPT = 1_000_000
"""Users kept to name ``UserRef`` authors by (``SnscrapeFacts``): some 250 MB of them; a
search of a million tweets shows fewer accounts."""
MAX_DEPTH = 4
"""Retweets and quotes nest inline (a retweet of a quote of a tweet …)."""

_LABELS: dict[tuple[str, ...], tuple[str, ...]] = {}
"""Each set of labels a kept user has, held once for all (a few: a badge, protected)."""

_TELEGRAM_URL = re.compile(r"https?://t\.me/(?:s/)?([A-Za-z0-9_]{1,64})/([0-9]{1,20})")
_TCO_SCHEMES = ("https://t.co/", "http://t.co/")
_TCO_CODE = frozenset(string.ascii_letters + string.digits)
"""A t.co link at a text's end: ``https?://t\\.co/[A-Za-z0-9]+$``."""


def item_type(record: Any) -> str:
    """``Tweet`` for ``snscrape.modules.twitter.Tweet``; empty for what snscrape did not write."""
    kind = text(record, "_type") or ""
    return kind[len(PREFIX):] if kind.startswith(PREFIX) else ""


def is_snscrape(values: list[Any]) -> bool:
    return mostly(lambda r: bool(item_type(r)), records(values[:20]))  # mostly reads 20


@dataclass(frozen=True, slots=True)
class _User:
    """An X user as a full ``User`` item showed them: what a bare ``UserRef`` stands for."""

    username: str
    displayname: str | None
    created: str | None
    labels: tuple[str, ...]
    """What X says about the account (``account_labels.snscrape_x_labels``)."""


def _user_fields(user: _User) -> dict[str, Any]:
    """What a tweet says of its author, from the user as an item showed them."""
    return {"author": user.username, "author_kind": as_handle(user.username),
            "display_name": user.displayname, "author_created_at": user.created,
            "author_labels": user.labels}


_AUTHORS = ("", "user")
"""Where a full ``User`` is an account as it stands: an item of its own (``--with-entity``)
or a tweet's author. One a tweet answers or mentions (``inReplyToUser``,
``mentionedUsers``) names the account's handle, its other fields often left out."""


@dataclass
class SnscrapeFacts:
    """X users by id, by the rule every platform with a stable account id follows
    (``AccountFacts``): each tweet (and each tweet it carries inline) is settled once the
    dump has ended by its author's id and the answered user's, under the latest handle any
    item showed for the id and the latest author ``User`` of that id (the first full
    ``User`` where no tweet's author was shown), the rename said. A tweet whose ``user`` is
    a bare ``UserRef`` is so named by another tweet's author, or answered, or mentioned, in
    the same dump, on an earlier line or a later one; a renamed account (a search run again
    a week later, a bot that changes its handle) is one account.

    One entry per user, ``kept`` at most: users are shown by items that are no posts
    (``--with-entity``, a tweet's ``mentionedUsers``), so a stream of them alone would grow
    with the file, which ``bots`` streams however large. A user shown past them is passed
    over (counted in ``passed``): a tweet by them stays as read (by a ``UserRef``: without
    an author). Both paths learn users in document order, so they keep the same ones."""

    accounts: AccountFacts = field(
        default_factory=lambda: AccountFacts("snscrape", _user_fields))
    kept: int = USERS_KEPT
    passed: int = 0

    @property
    def users(self) -> dict[str, _User]:
        return self.accounts.users

    def learn(self, found: list[dict[str, Any]]) -> None:
        """Every full ``User`` in the items, nested ones too, in document order, with the
        key it was found under (``_AUTHORS``) and the time of the tweet that shows it (the
        innermost: a retweeted tweet's author by the retweeted tweet's ``date``), by which
        the latest handle is told (``AccountFacts.name``): a search lists the newest tweets
        first, and a search run again after a rename may be saved before the first."""
        stack: list[tuple[str, Any, str | None]] = [
            ("", value, None) for value in reversed(found)]
        while stack:
            key, value, at = stack.pop()
            if isinstance(value, list):
                stack.extend((key, one, at) for one in reversed(value))
            elif isinstance(value, dict):
                kind = value.get("_type")
                if kind == _USER:
                    self._learn_user(value, at, author=key in _AUTHORS)
                elif kind == _TWEET:
                    at = iso_time(text(value, "date"))
                stack.extend((k, v, at) for k, v in reversed(value.items())
                             if isinstance(v, dict | list))

    def _learn_user(self, user: dict[str, Any], at: str | None, *, author: bool) -> None:
        """A full ``User`` shown by a tweet made at ``at``. One a tweet answers or mentions
        names the account (its handle, by that tweet's time) and stands for it only until
        an author ``User`` is shown: its other fields are often left out."""
        user_id = text(user, "id")
        username = text(user, "username")
        if not user_id or not username:
            return
        known = self.accounts.names
        if user_id not in known and len(known) >= self.kept:
            self.passed += 1
            return
        if not author:
            self.accounts.name(user_id, username, at)
            if user_id not in self.accounts.users:
                self.accounts.users[user_id] = self._user(user, username)
            return
        self.accounts.learn_user(user_id, self._user(user, username), username, at)

    @staticmethod
    def _user(user: dict[str, Any], username: str) -> _User:
        labels = snscrape_x_labels(user)
        return _User(username, text(user, "displayname"), iso_time(text(user, "created")),
                     _LABELS.setdefault(labels, labels))

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """A tweet by its author's id and the answered user's (``key``), once the dump has
        ended (``AccountFacts.settle``)."""
        return self.accounts.settle(post, key, final=final)

    def warnings(self) -> list[str]:
        return self.accounts.warnings()


def account_key(tweet: dict[str, Any]) -> str:
    """What a tweet waits on: its author's id and the answered user's."""
    return (f"{text(obj(tweet, 'user'), 'id') or ''} "
            f"{text(obj(tweet, 'inReplyToUser'), 'id') or ''}")


@dataclass
class _Read:
    """What the items gave: the posts, the tweets they carried inline, the tombstones."""

    facts: SnscrapeFacts
    posts: list[Post] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)
    """Per post, the ids a tweet waits on (``account_key``); None: no tweet, nothing."""
    context: dict[str, Post] = field(default_factory=dict)
    context_keys: dict[str, str | None] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    skipped: int = 0


def parse_snscrape(values: list[Any]) -> Dump:
    """Posts in file order; retweeted and quoted tweets as context, tombstones as gaps."""
    facts = SnscrapeFacts()
    dump = settle_all(read_snscrape(values, facts))
    said = facts.warnings()
    return replace(dump, warnings=(*dump.warnings, *said)) if said else dump


def read_snscrape(values: list[Any], facts: SnscrapeFacts) -> Read:
    """``parse_snscrape`` with the users earlier lines showed (``facts``, which learns this
    line's): each tweet waits on its author's id and the answered user's, which a later
    line may show under another handle (``SnscrapeFacts``)."""
    found = records(values)
    passed = facts.passed
    facts.learn(found)
    read = _Read(facts)
    for record in found:
        kind = item_type(record)
        reader = _READERS.get(kind)
        if reader is None:
            read.skipped += 1
            continue
        post = reader(record, len(read.posts) + 1, read)
        if post is not None:
            read.posts.append(post)
            read.keys.append(account_key(record) if kind == "twitter.Tweet" else None)
    own = {p.post_id for p in read.posts}
    shown = [k for k in read.context if k not in own]
    context = [replace(read.context[k], line=len(read.posts) + i)  # after the items, as
               for i, k in enumerate(shown, 1)]                    # includes are
    gaps = tuple(dict.fromkeys(g for g in read.gaps if g not in own and g not in read.context))
    warnings = skipped_warning("snscrape", read.skipped, "posts")
    if gaps:
        warnings += (f"snscrape: {len(gaps)} quoted post(s) deleted or not visible",)
    if facts.passed > passed:
        warnings += (f"snscrape: more than {facts.kept:,} users shown; a tweet by a UserRef "
                     "of one past them is left without an author",)
    dump = Dump("snscrape", tuple(read.posts), warnings, context=tuple(context), gaps=gaps)
    return Read(dump, waits(facts, read.keys),
                waits(facts, (read.context_keys.get(k) for k in shown)))


# --------------------------------------------------------------------------- twitter


def _tweet(record: dict[str, Any], order: int, read: _Read, depth: int = 0) -> Post:
    user = obj(record, "user")
    author, name = text(user, "username"), text(user, "displayname")
    created = iso_time(text(user, "created"))
    labels = snscrape_x_labels(user)
    known = None if author else read.facts.users.get(text(user, "id") or "")
    if known is not None:  # a UserRef: the author as another item showed them
        author, name, created = known.username, known.displayname, known.created
        labels = known.labels
    retweeted = _inline(record, "retweetedTweet", read, depth)
    quoted = _inline(record, "quotedTweet", read, depth)
    answered = obj(record, "inReplyToUser")
    media = items(record, "media")
    return Post(
        text=_tweet_text(record, bool(media)),
        line=order,
        platform=Platform.X,
        author=author,
        author_kind=as_handle(author),
        display_name=name,
        post_id=text(record, "id"),
        reply_to=text(record, "inReplyToTweetId"),
        conversation_id=text(record, "conversationId"),
        created_at=iso_time(text(record, "date")),
        author_created_at=created,
        author_labels=labels,
        urls=_tweet_links(record),
        card_title=text(obj(record, "card"), "title"),
        repost_of=retweeted,
        quote_of=quoted,
        reply_to_author=text(answered, "username"),
        alt_text=unique([text(m, "altText") for m in media]),
    )


def _tweet_text(record: dict[str, Any], has_media: bool) -> str:
    """The text as posted (X escapes ``&``, ``<`` and ``>`` as HTML entities); a photo's or
    video's t.co link, which X appends to the text and hides, cut from its end."""
    body = text(record, "rawContent") or text(record, "content") or ""
    if has_media:
        body = _without_media_links(body, set(_tco_links(record)))
    return html.unescape(body)


def _without_media_links(body: str, own: set[str]) -> str:
    """``body`` without the t.co links at its end that are none of its own links; cut by
    index, so that thousands of them are read once, not once per link."""
    end = kept = _stripped_end(body, len(body))
    while (start := _tco_start(body, end)) is not None and body[start:end] not in own:
        end = _stripped_end(body, start)
    return body if end == kept else body[:end]


def _tco_start(body: str, end: int) -> int | None:
    """Where the t.co link that ends ``body[:end]`` starts (``https://t.co/`` and letters or
    digits), or None when it ends in none."""
    code = end
    while code and body[code - 1] in _TCO_CODE:
        code -= 1
    if code == end:
        return None
    for scheme in _TCO_SCHEMES:
        if code >= len(scheme) and body.startswith(scheme, code - len(scheme), code):
            return code - len(scheme)
    return None


def _stripped_end(body: str, end: int) -> int:
    """Where ``body[:end].rstrip()`` ends, without copying the text."""
    while end and body[end - 1].isspace():
        end -= 1
    return end


def _tco_links(record: dict[str, Any]) -> list[str]:
    links = items(record, "links")
    if links:
        return [t for link in links if (t := text(link, "tcourl"))]
    return _strings(record, "tcooutlinks")


def _tweet_links(record: dict[str, Any]) -> tuple[str, ...]:
    """Where the t.co links lead: ``links[].url`` (0.7), else ``outlinks`` (0.4)."""
    links = items(record, "links")
    if links:
        return unique([text(link, "url") for link in links])
    return unique(_strings(record, "outlinks"))


def _inline(record: dict[str, Any], key: str, read: _Read, depth: int) -> str | None:
    """The id of the tweet inline under ``key``; a whole one is kept as context, a
    ``Tombstone`` (deleted, withheld) noted as a gap."""
    found = obj(record, key)
    tweet_id = text(found, "id")
    if tweet_id is None:
        return None
    if item_type(found) != "twitter.Tweet":
        read.gaps.append(tweet_id)
        return tweet_id
    if depth < MAX_DEPTH and tweet_id not in read.context:
        post = _tweet(found, len(read.context) + 1, read, depth + 1)
        read.context[tweet_id] = post
        read.context_keys[tweet_id] = account_key(found)
    return tweet_id


def _strings(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# --------------------------------------------------------------------------- other modules


def _telegram(record: dict[str, Any], order: int, read: _Read) -> Post:
    found = _TELEGRAM_URL.match(text(record, "url") or "")
    preview = obj(record, "linkPreview")
    channel = found.group(1) if found else None  # t.me/NAME: the channel's public username
    return Post(
        text=text(record, "content") or "",
        line=order,
        platform=Platform.TELEGRAM,
        author=channel,
        author_kind=as_handle(channel),
        post_id=f"{found.group(1)}/{found.group(2)}" if found else None,
        created_at=iso_time(text(record, "date")),
        urls=unique([*_strings(record, "outlinks"), text(preview, "href")]),
        card_title=text(preview, "title"),
    )


def _account(user: dict[str, Any]) -> str | None:
    """``name@server`` from snscrape's ``@name@server``."""
    account = (text(user, "account") or "").lstrip("@")
    return account or None


def _toot(record: dict[str, Any], order: int, read: _Read) -> Post:
    user = obj(record, "user")
    warning = text(record, "spoilerText")
    body = text(record, "text") or ""
    author = _account(user)
    return Post(
        text=f"{body}\n\n{warning}" if warning else body,  # behind a content warning
        line=order,
        platform=Platform.MASTODON,
        author=author,
        author_kind=as_handle(author),
        display_name=text(user, "displayName"),
        post_id=text(record, "id"),
        created_at=iso_time(text(record, "date")),
        urls=unique(_strings(record, "links")),
    )


def _boost(record: dict[str, Any], order: int, read: _Read) -> Post | None:
    """A boost has no id or time of its own: the booster's repost of the toot."""
    toot = obj(record, "toot")
    if not toot:
        read.skipped += 1
        return None
    original = _toot(toot, len(read.context) + 1, read)
    if original.post_id is not None:
        read.context.setdefault(original.post_id, original)
    user = obj(record, "user")
    author = _account(user)
    return Post(text=original.text, line=order, platform=Platform.MASTODON, author=author,
                author_kind=as_handle(author),
                display_name=text(user, "displayName"), urls=original.urls,
                repost_of=original.post_id or original.text)


def _submission(record: dict[str, Any], order: int, read: _Read) -> Post:
    title = text(record, "title") or ""
    body = text(record, "selftext") or ""
    link = text(record, "link")
    author = text(record, "author")
    return Post(
        text=f"{title}\n\n{body}" if title and body else title or body,
        line=order,
        platform=Platform.REDDIT,
        author=author,
        author_kind=as_handle(author),
        post_id=text(record, "id"),
        created_at=iso_time(text(record, "date")),
        urls=unique([link if link != text(record, "url") else None]),
    )


def _comment(record: dict[str, Any], order: int, read: _Read) -> Post:
    author = text(record, "author")
    return Post(
        text=text(record, "body") or "",
        line=order,
        platform=Platform.REDDIT,
        author=author,
        author_kind=as_handle(author),
        post_id=text(record, "id"),
        reply_to=text(record, "parentId"),
        created_at=iso_time(text(record, "date")),
    )


_READERS: dict[str, Callable[[dict[str, Any], int, _Read], Post | None]] = {
    "twitter.Tweet": _tweet,
    "telegram.TelegramPost": _telegram,
    "mastodon.Toot": _toot,
    "mastodon.Boost": _boost,
    "reddit.Submission": _submission,
    "reddit.Comment": _comment,
}
