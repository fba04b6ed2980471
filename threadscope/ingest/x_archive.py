"""The X archive export (``data/tweets.js``, older ``tweet.js``) → posts.

The file is ``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]``; ``jsonish.load`` strips the
assignment. Every tweet is the archive owner's, and no tweet says who that is: the author is
the owner's handle where the archive says it (``ArchiveFacts``). ``data/account.js``
(``{"account": {"username", "accountId", "accountDisplayName", …}}``) names the owner; read
with the tweets (its record among them, or on a line of its own before or after them) it is
the author of every tweet. Without it, a reply to one of the archive's own tweets names the
owner in ``in_reply_to_screen_name``; without either, the tweets stay without an author, and
a warning says so. ``data/verified.js`` (``{"verified": {"accountId", "verified"}}``), read
with them the same way, gives the owner's tweets the label ``X: verified`` where it says
``true`` (``Post.author_labels``): in the archive read whole, wherever it stands; in the
records one a line, for the tweets that come after it or still wait on the owner when it
comes (put it first, with ``account.js``). The records saved one a line (``{"tweet": {…}}``
as JSON Lines) are read with what every line told, so that they give the posts ``tweets.js``
read whole gives.
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
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.account_labels import x_labels
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.across import Read, settle_all, waits
from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import (
    expansions,
    head_records,
    items,
    mostly,
    obj,
    records,
    text,
    unique,
)
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import Platform, Post


def _is_record(record: dict[str, Any]) -> bool:
    if "tweet" in record or "full_text" in record:
        return True
    # a v1.1 tweet (twarc 1, the v1.1 API): id_str, text and the user object inline
    return "id_str" in record and "text" in record and isinstance(record.get("user"), dict)


def _account(record: dict[str, Any]) -> dict[str, Any] | None:
    """The owner's account, where ``record`` is the entry of ``data/account.js``: the
    archive's ``{"account": {…}}`` wrapper and nothing beside it, holding X's ``accountId``
    (a Mastodon status's ``account`` has an ``id``, and the status more keys)."""
    account = record.get("account")
    if len(record) == 1 and isinstance(account, dict) and "accountId" in account:
        return account
    return None


def _verification(record: dict[str, Any]) -> dict[str, Any] | None:
    """The owner's verification, where ``record`` is the entry of ``data/verified.js``:
    ``{"verified": {"accountId": "…", "verified": false}}`` and nothing beside it."""
    verified = record.get("verified")
    if (len(record) == 1 and isinstance(verified, dict) and "accountId" in verified
            and isinstance(verified.get("verified"), bool)):
        return verified
    return None


def _is_entry(record: dict[str, Any]) -> bool:
    """A tweet, or the archive's account entry (``data/account.js``) or verification entry
    (``data/verified.js``), each alone on its line."""
    return (_is_record(record) or ("account" in record and _account(record) is not None)
            or ("verified" in record and _verification(record) is not None))


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
    """The records, each search page replaced by its tweets, each v1.1 user object that
    shows its latest tweet by that tweet (``_latest_tweet``), and a page of users
    (``followers/list``, ``friends/list``: ``{"users": [...], "next_cursor"}``) by the latest
    tweets its users show."""
    tweets: list[dict[str, Any]] = []
    for record in found:
        paged = "statuses" in record or "results" in record  # _PAGE_KEYS, asked cheaply
        listed = _page_tweets(record) if paged else None
        if listed is None and "users" in record:
            listed = [tweet for user in items(record, "users")
                      if (tweet := _latest_tweet(user)) is not None] or None
        if listed is None and "status" in record:
            latest = _latest_tweet(record)
            listed = None if latest is None else [latest]
        if listed is None:
            tweets.append(record)
        else:
            tweets.extend(listed)
    return tweets


def _latest_tweet(user: dict[str, Any]) -> dict[str, Any] | None:
    """A v1.1 user object (``users/show``, ``users/lookup``, a page of followers) holds the
    account's latest tweet as ``status``, without its ``user``: that tweet with the user
    inline, as a tweet shows its author; None for any other record. A bot's latest tweet is
    what a researcher who saved its profile has of what it posts: skipped, its links were
    never audited (tweepy's recorded user look-ups: 94 such tweets)."""
    status = user.get("status")
    if (not isinstance(status, dict) or "screen_name" not in user or "user" in status
            or "text" in user or "full_text" in user):
        return None
    tweet = {**status, "user": {key: value for key, value in user.items() if key != "status"}}
    return tweet if _is_record(tweet) else None


def is_x_archive(values: list[Any]) -> bool:
    """Archive entries wrapping tweets in ``{"tweet": {…}}`` (or the archive's account entry),
    or bare v1.1 tweet records (alone or in search pages)."""
    return mostly(_is_entry, _tweet_records(head_records(values)))


OWNER = "owner"
"""What a tweet without an author waits on: the one owner of the archive."""


@dataclass
class ArchiveFacts:
    """What an X archive says about its owner, on whichever line it says it: the account
    entry (``data/account.js``), else the first tweet, in the archive's order, that answers
    another of its tweets (``in_reply_to_screen_name``). Both the archive read whole and its
    records one a line are read through these, so they name the same author.

    A line can settle a tweet only by the account entry: which reply is the first that answers
    one of the archive's tweets is known once every tweet has been seen (the tweet it answers
    may come on any later line), and an account entry on a later line outranks it. Bounded by
    the archive's tweets: their ids, and the replies whose tweet has not been seen."""

    username: str | None = None
    display_name: str | None = None
    ids: set[str] = field(default_factory=set)
    accounts: AccountFacts = field(default_factory=lambda: AccountFacts(
        "X archive", _user_fields, id_key="id_str", handle_key="screen_name"))
    """The v1.1 accounts by ``id_str`` (``AccountFacts``): each tweet's ``user`` (and its
    retweeted and quoted tweets'), and the account each reply answers
    (``in_reply_to_user_id_str``, ``in_reply_to_screen_name``), in the file's order: an
    account renamed between tweets is one account under its latest handle."""
    answering: dict[str, int] = field(default_factory=dict)
    """Tweet id → the first reply (by its place among ``names``) that answers it, for ids not
    (yet) among the archive's."""
    names: list[str] = field(default_factory=list)
    """``in_reply_to_screen_name`` of each reply that may name the owner, in order."""
    name_ids: list[str | None] = field(default_factory=list)
    """The ``in_reply_to_user_id_str`` of each of ``names``."""
    first: int | None = None
    """The first of ``names`` whose reply answers one of the archive's tweets."""
    unnamed: int = 0
    """Tweets read that name no author: what the owner would settle."""
    tweets: int = 0
    account_id: str | None = None
    """The owner's ``accountId`` as the account entry gives it."""
    verification: dict[str, Any] | None = None
    """The verification entry (``data/verified.js``), the first read."""

    def learn(self, account: dict[str, Any] | None, tweets: list[dict[str, Any]],
              verification: dict[str, Any] | None = None) -> None:
        if account is not None and self.username is None:
            self.username = text(account, "username") or None
            self.display_name = text(account, "accountDisplayName") or None
            self.account_id = text(account, "accountId")
        if verification is not None and self.verification is None:
            self.verification = verification
        self.tweets += len(tweets)
        for tweet in tweets:
            self._learn_accounts(tweet)
        for tweet in tweets:
            own = text(tweet, "id_str") or text(tweet, "id")
            if own is not None and own not in self.ids:
                self.ids.add(own)
                self._answered(self.answering.pop(own, None))
        for tweet in tweets:
            answered = text(tweet, "in_reply_to_status_id_str")
            name = text(tweet, "in_reply_to_screen_name")
            if answered is None or not name or "user" in tweet:
                continue
            self.names.append(name)
            self.name_ids.append(text(tweet, "in_reply_to_user_id_str"))
            if answered in self.ids:
                self._answered(len(self.names) - 1)
            else:
                self.answering.setdefault(answered, len(self.names) - 1)

    def _learn_accounts(self, tweet: dict[str, Any]) -> None:
        """The accounts a v1.1 tweet shows: its author's, its retweeted and quoted tweets'
        authors', and the handle of the account it answers."""
        for shown in (tweet, obj(tweet, "retweeted_status"), obj(tweet, "quoted_status")):
            at = iso_time(text(shown, "created_at"))  # tweets.js lists the newest first
            user = obj(shown, "user")
            user_id = text(user, "id_str")
            if user_id:
                self.accounts.learn_user(user_id, user, text(user, "screen_name"), at)
            answered = text(shown, "in_reply_to_user_id_str")
            name = text(shown, "in_reply_to_screen_name")
            if answered and name:
                self.accounts.name(answered, name, at)

    def _answered(self, place: int | None) -> None:
        if place is not None and (self.first is None or place < self.first):
            self.first = place

    def owner(self, *, final: bool) -> str | None:
        """The owner's handle; None while a later line may still tell (or tell otherwise),
        and at the end where the archive never said."""
        if self.username is not None:
            return self.username
        if not final or self.first is None:
            return None
        return self.accounts.names.get(self.owner_id() or "") or self.names[self.first]

    def owner_id(self) -> str | None:
        """The owner's account id: the account entry's, else the id the reply that names
        the owner answers (None until the archive has ended)."""
        if self.account_id is not None or self.first is None:
            return self.account_id
        return self.name_ids[self.first]

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """Once the archive has ended (or once the account entry has come, for a tweet that
        answers no one): a tweet without an author (``key`` ``owner …``) by the owner where
        the archive names them; every tweet by its author's and the
        answered account's latest handle (``key``: their ids, ``AccountFacts.settle``); a
        reply to the owner names the owner as the tweets do."""
        author_id, _, answered_id = key.partition(" ")
        if not final and (author_id != OWNER or answered_id or self.username is None):
            return None  # only the account entry names an owner's tweet answering no one
        owner = self.owner(final=True)
        if author_id == OWNER:
            author_id = ""
            if owner is not None:
                post = replace(post, author=owner, author_kind=as_handle(owner),
                               display_name=post.display_name or self.display_name,
                               author_labels=post.author_labels or self.labels(),
                               author_id=post.author_id or self.owner_id())
        settled = self.accounts.settle(post, f"{author_id} {answered_id}", final=True)
        if (settled is not None and owner is not None and answered_id
                and answered_id == self.owner_id() and settled.reply_to_author != owner):
            settled = replace(settled, reply_to_author=owner)
        return settled

    def labels(self) -> tuple[str, ...]:
        """What X says of the owner, as far as the archive has told yet: ``X: verified``
        where ``data/verified.js`` says ``"verified": true`` (for the account of
        ``data/account.js``, where both name one); nothing for ``false``."""
        verification = self.verification
        if verification is None or verification.get("verified") is not True:
            return ()
        said = text(verification, "accountId")
        if self.account_id is not None and said != self.account_id:
            return ()  # another account's archive given with this one
        return x_labels({"verified": True})

    def warnings(self) -> list[str]:
        """Said once the archive has ended: tweets left without an author, and why; an
        account entry read without any tweet (``data/account.js`` alone)."""
        if not self.tweets and self.username is not None:
            return ["X archive: an account entry (data/account.js) and no tweets; an "
                    "archive's tweets are in data/tweets.js"]
        renamed = self.accounts.warnings()
        if not self.unnamed or self.owner(final=True) is not None:
            return renamed
        return [*renamed, f"X archive: {self.unnamed} tweet(s) without an author: the archive "
                "does not name its owner (no data/account.js entry, no reply to one of its own "
                "tweets); add the account.js entry to the input to name them"]


def parse_x_archive(values: list[Any]) -> Dump:
    """Tweets in file order, each by the archive's owner where the archive names them."""
    facts = ArchiveFacts()
    dump = settle_all(read_x_archive(values, facts))
    said = facts.warnings()
    return replace(dump, warnings=(*dump.warnings, *said)) if said else dump


def read_x_archive(values: list[Any], facts: ArchiveFacts) -> Read:
    """``parse_x_archive`` with what earlier lines told of the owner (``facts``, which learns
    this line's): a tweet that names no author waits on the owner."""
    found = _tweet_records(records(values))
    tweets = [obj(r, "tweet") or r for r in found if _is_record(r)]
    accounts = [a for r in found if not _is_record(r) and (a := _account(r)) is not None]
    verifications = [v for r in found if not _is_record(r)
                     and (v := _verification(r)) is not None]
    facts.learn(accounts[0] if accounts else None, tweets,
                verifications[0] if verifications else None)
    posts = tuple(_post(t, i) for i, t in enumerate(tweets, 1))
    own = {p.post_id for p in posts}
    shown = [obj(t, key) for t in tweets for key in ("retweeted_status", "quoted_status")]
    context: dict[str | None, dict[str, Any]] = {}  # each id's first copy (``context_once``)
    for shown_tweet in shown:
        if shown_tweet and text(shown_tweet, "id_str") not in own:
            context.setdefault(text(shown_tweet, "id_str"), shown_tweet)
    skipped = len(found) - len(tweets) - len(accounts) - len(verifications)
    dump = Dump("x-archive", posts, skipped_warning("X archive", skipped, "tweets"), context=tuple(
        _post(t, len(posts) + i) for i, t in enumerate(context.values(), 1)))
    facts.unnamed += sum(post.author is None for post in posts)
    return Read(dump, waits(facts, (_account_key(t, p.author is None)
                                    for t, p in zip(tweets, posts, strict=True))),
                waits(facts, (_account_key(t) for t in context.values())))


def _account_key(tweet: dict[str, Any], unnamed: bool = False) -> str | None:
    """What a tweet waits on: its author's id (``owner`` for one of the file's tweets that
    names no author: an archive's) and the answered account's; None where it names
    neither."""
    author = OWNER if unnamed else text(obj(tweet, "user"), "id_str") or ""
    answered = text(tweet, "in_reply_to_user_id_str") or ""
    return f"{author} {answered}" if author or answered else None


def _user_fields(user: dict[str, Any]) -> dict[str, Any]:
    """What a tweet says of its author, from its v1.1 ``user``."""
    author = text(user, "screen_name")
    return {"author": author, "author_kind": as_handle(author), "display_name": text(user, "name"),
            "author_created_at": iso_time(text(user, "created_at")),
            "author_labels": x_labels(user)}


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


def _media(tweet: dict[str, Any]) -> list[dict[str, Any]]:
    """The tweet's photos and videos (``entities.media``, ``extended_entities.media``, an
    ``extended_tweet``'s too): each a t.co in the text that stands for the tweet's own media
    page (``twitter.com/…/status/ID/photo/1``), an address of the post's, as X API v2 lists
    it among ``entities.urls``. Its expansion tells what the t.co is, so that it is not
    left as a shortener no offline run follows (tweepy's recorded v1.1 answers: 55 of 69
    links were such t.co). A photo's t.co that a cut text left out is no link of its."""
    found: list[dict[str, Any]] = []
    for holder in (tweet, obj(tweet, "extended_tweet")):
        for key in ("entities", "extended_entities"):
            found.extend(items(obj(holder, key), "media"))
    return found


def _post(tweet: dict[str, Any], order: int) -> Post:
    """One tweet; by the author its ``user`` names (an archive's tweets name none: the
    owner is ``ArchiveFacts``'s to settle)."""
    whole, urls = _full(tweet)
    media = _media(tweet)
    post_id = text(tweet, "id_str") or text(tweet, "id")
    body = html.unescape(whole)  # &amp; …
    retweet = _RETWEET.match(body)
    original = obj(tweet, "retweeted_status")
    author = text(obj(tweet, "user"), "screen_name")
    return Post(
        text=body,
        line=order,
        platform=Platform.X,
        author=author,
        author_kind=as_handle(author),
        display_name=text(obj(tweet, "user"), "name"),
        author_created_at=iso_time(text(obj(tweet, "user"), "created_at")),
        post_id=post_id,
        reply_to=text(tweet, "in_reply_to_status_id_str") or text(tweet, "in_reply_to_status_id"),
        conversation_id=None,
        created_at=iso_time(text(tweet, "created_at")),
        urls=unique([text(u, "expanded_url") for u in [*urls, *media]]),
        expansions=expansions([*urls, *media], "expanded_url"),
        # the archive keeps a retweet as "RT @x: …" without the original's id: name its author
        repost_of=(text(original, "id_str") or (f"@{retweet['handle']}" if retweet else None)),
        quote_of=text(tweet, "quoted_status_id_str") or text(obj(tweet, "quoted_status"), "id_str"),
        reply_to_author=text(tweet, "in_reply_to_screen_name"),
        author_labels=x_labels(obj(tweet, "user")),
    )
