"""X API v2 responses (tweet lookup, search, conversation_id queries) → posts.

One response or several concatenated as JSON Lines (pages). ``includes.users`` gives each
author's handle, name and account creation time; ``includes.tweets`` are referenced tweets,
kept as context. ``entities.urls`` carry the real link behind each t.co (``unwound_url`` is
the final one where X followed redirects, else ``expanded_url``); an attached photo's or
video's entry (``media_key``) is the tweet's own page, not a link, and its t.co link, which X
appends to the text and hides on display, is cut from the text's end.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime
from typing import Any

from threadscope.ingest.account_labels import x_labels
from threadscope.ingest.accounts import AccountFacts, instant
from threadscope.ingest.across import Read, waits
from threadscope.ingest.authorship import as_handle
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import expansions, items, obj, text, unique
from threadscope.models import Platform, Post


def is_x_api(value: Any) -> bool:
    """A response has ``data`` (a tweet or a list of tweets) or ``includes``/``meta``."""
    if not isinstance(value, dict):
        return False
    data = value.get("data")
    tweets = [data] if isinstance(data, dict) else items(value, "data")
    if any("text" in t and "id" in t for t in tweets):
        return True
    return "data" not in value and "meta" in value and "result_count" in obj(value, "meta")


class XUserFacts(AccountFacts):
    """The accounts a dump's X API v2 pages (or twarc2's lines) show, by user id
    (``AccountFacts``, the rule every platform with a stable account id follows): an
    account renamed between two pages is one account, each post under its latest handle,
    the rename said."""

    def __init__(self, label: str = "X API v2") -> None:
        super().__init__(label, _user_fields)

    def learn(self, pages: list[Any]) -> None:
        """The users of the pages' ``includes``, in order, each with the time of the latest
        tweet of its page that shows it (``shown_at``): search pages come newest first, and
        a search run again after a rename may be saved before or after the first run."""
        for page in pages:
            when = shown_at(page)
            self.learn_shown((user, when.get(text(user, "id") or ""))
                             for user in items(obj(page, "includes"), "users"))


def shown_at(page: Any) -> dict[str, str]:
    """When a page shows each account it names: the time of the latest of its tweets
    (``data`` and ``includes.tweets``) by the account or answering it (``in_reply_to_user_id``:
    the page's ``includes.users`` names the account it answers too). An account the page
    shows otherwise (a mention) has none: it never outranks one shown with a time."""
    data = page.get("data") if isinstance(page, dict) else None
    tweets = [data] if isinstance(data, dict) else items(page, "data")
    latest: dict[str, tuple[datetime, str]] = {}
    for tweet in (*tweets, *items(obj(page, "includes"), "tweets")):
        at = iso_time(text(tweet, "created_at"))
        when = instant(at)
        if at is None or when is None:
            continue
        for user_id in (text(tweet, "author_id"), text(tweet, "in_reply_to_user_id")):
            if user_id and (user_id not in latest or latest[user_id][0] < when):
                latest[user_id] = (when, at)
    return {user_id: at for user_id, (_, at) in latest.items()}


def read_x_api(pages: list[Any], facts: XUserFacts) -> Read:
    """``parse_x_api`` of one line of pages (or of all), its accounts learnt by ``facts``:
    each post waits on its author's id and the answered author's (``XUserFacts.settle``)."""
    facts.learn(pages)
    dump = parse_x_api(pages, facts.users)
    keys = [f"{author} {answered}" for author, answered in _account_ids(pages)]
    return Read(dump, waits(facts, keys[: len(dump.posts)]),
                waits(facts, keys[len(dump.posts) :]))


def _account_ids(pages: list[Any]) -> list[tuple[str, str]]:
    """(author id, answered author id) of each post, then of each context post, in the
    order ``parse_x_api`` reads them."""
    def ids(tweet: dict[str, Any]) -> tuple[str, str]:
        return text(tweet, "author_id") or "", text(tweet, "in_reply_to_user_id") or ""

    posts: list[tuple[str, str]] = []
    context: list[tuple[str, str]] = []
    for page in pages:
        data = page.get("data") if isinstance(page, dict) else None
        posts.extend(ids(t) for t in ([data] if isinstance(data, dict) else items(page, "data")))
        context.extend(ids(t) for t in items(obj(page, "includes"), "tweets"))
    return posts + context


def parse_x_api(pages: list[Any], users: dict[str, dict[str, Any]] | None = None) -> Dump:
    """Posts from each page's ``data`` in order; ``includes.tweets`` become context.
    ``users``: the accounts by id (the pages' own ``includes.users``, the last of each id,
    when not given)."""
    if users is None:
        users = {}
        for page in pages:
            for user in items(obj(page, "includes"), "users"):
                user_id = text(user, "id")
                if user_id:
                    users[user_id] = user
    posts: list[Post] = []
    context: list[Post] = []
    for page in pages:
        data = page.get("data") if isinstance(page, dict) else None
        for tweet in [data] if isinstance(data, dict) else items(page, "data"):
            posts.append(tweet_post(tweet, users, len(posts) + 1))
        for tweet in items(obj(page, "includes"), "tweets"):
            context.append(tweet_post(tweet, users, len(context) + 1))
    context = [replace(p, line=p.line + len(posts)) for p in context]  # includes follow data
    gaps = unique([_missing_id(e) for page in pages for e in items(page, "errors")])
    skipped = sum(1 for p in posts if not p.text and p.post_id is None)
    warnings: tuple[str, ...] = (
        (f"X API v2: {skipped} record(s) without id or text",) if skipped else ()
    )
    if gaps:
        warnings += (f"X API v2: {len(gaps)} referenced post(s) deleted or not visible",)
    return Dump("x-api-v2", tuple(posts), warnings, context=tuple(context), gaps=gaps)


def _missing_id(error: dict[str, Any]) -> str | None:
    """X reports referenced tweets it cannot show in ``errors`` (deleted, protected, …)."""
    if text(error, "resource_type") not in (None, "tweet"):
        return None
    return text(error, "resource_id") or text(error, "value")


def _is_attachment(url: dict[str, Any]) -> bool:
    """A photo or video attached to the tweet: its ``pic.x.com`` link (with ``media_key``)
    leads to the tweet itself, no link its author shared."""
    return "media_key" in url


def _without_attachments(body: str, urls: list[dict[str, Any]]) -> str:
    """``body`` without the t.co links of its attachments at its end: X appends one for each
    photo or video and hides it on display; it stands for no link of the author's."""
    attached = {link for u in urls if _is_attachment(u) and (link := text(u, "url"))}
    if not attached:
        return body
    # Cut by index, asking only the lengths the links have: a tweet with thousands of media
    # entries and their links at its end is read in linear time, not one scan per link.
    lengths = sorted({len(link) for link in attached}, reverse=True)
    end = kept = _stripped_end(body, len(body))
    while cut := next((n for n in lengths if n <= end and body[end - n : end] in attached), 0):
        end = _stripped_end(body, end - cut)
    return body if end == kept else body[:end]


def _stripped_end(body: str, end: int) -> int:
    """Where ``body[:end].rstrip()`` ends, without copying the text."""
    while end and body[end - 1].isspace():
        end -= 1
    return end


def tweet_post(tweet: dict[str, Any], users: dict[str, dict[str, Any]], order: int) -> Post:
    """One v2 tweet object → Post; ``users`` maps user ids to user objects (``includes``)."""
    author_id = text(tweet, "author_id") or ""
    user = users.get(author_id, {})
    referenced = {text(r, "type"): text(r, "id") for r in items(tweet, "referenced_tweets")}
    answered_id = text(tweet, "in_reply_to_user_id")
    answered = users.get(answered_id or "", {})
    if answered_id and answered_id == author_id:
        answered = user
    note = obj(tweet, "note_tweet")  # posts over 280 characters carry their full text here
    entities = items(obj(tweet, "entities"), "urls") + items(obj(note, "entities"), "urls")
    urls = [u for u in entities if not _is_attachment(u)]
    body = text(note, "text") or text(tweet, "text") or ""
    if len(urls) < len(entities):
        body = _without_attachments(body, entities)
    return Post(
        text=html.unescape(body),  # X escapes &, < and > in post text as HTML entities
        line=order,
        platform=Platform.X,
        **_user_fields(user),
        post_id=text(tweet, "id"),
        reply_to=referenced.get("replied_to"),
        conversation_id=text(tweet, "conversation_id"),
        created_at=iso_time(text(tweet, "created_at")),
        urls=unique([text(u, "unwound_url") or text(u, "expanded_url") for u in urls]),
        expansions=expansions(urls, "unwound_url", "expanded_url"),
        card_title=next((t for u in urls if (t := text(u, "title"))), None),
        repost_of=referenced.get("retweeted"),
        quote_of=referenced.get("quoted"),
        reply_to_author=text(answered, "username"),
    )


def _user_fields(user: dict[str, Any]) -> dict[str, Any]:
    """What a post says of its author, from the author's user object."""
    author = text(user, "username")
    return {"author": author, "author_kind": as_handle(author), "display_name": text(user, "name"),
            "author_created_at": iso_time(text(user, "created_at")),
            "author_labels": x_labels(user)}
