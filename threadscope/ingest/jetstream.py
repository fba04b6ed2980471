"""Bluesky Jetstream logs → posts: the firehose as JSON, saved one event a line.

A collector subscribed to Jetstream (``wss://jetstream….bsky.network/subscribe``) writes
every event it gets: ``{"did", "time_us", "kind": "commit", "commit": {"operation",
"collection", "rkey", "record"}}`` for each record an account creates, updates or deletes,
``kind: "identity"`` when an account's handle is (re)announced, ``kind: "account"`` when it is
(de)activated. Jetstream's first form (2024) said ``"type": "com"`` / ``"id"`` / ``"acc"`` and
``commit.type`` ``"c"`` / ``"u"`` / ``"d"``; both are read.

What becomes a post:

- a created ``app.bsky.feed.post`` record is a post, ``at://DID/app.bsky.feed.post/RKEY``,
  the URI the other Bluesky readers give it, so replies link up with theirs; its links are
  its link facets (UTF-8 byte offsets) and its card (``bluesky.embedded``), and its images'
  and video's alt texts are kept apart (``bluesky.alt_texts``);
- a created ``app.bsky.feed.repost`` record is the account's repost of ``subject.uri``, timed
  when it was seen: what ``bots`` counts as a co-repost (``co-retweet``);
- likes, follows, blocks, other collections, deletes, identity and account events are no
  posts.

What became of an account is kept on its posts (``Post.author_status``): an account event
with ``active: false`` gives the account's ``status`` (``takendown`` and ``suspended`` are
Bluesky's moderation, ``deactivated`` and ``deleted`` the holder's doing), a later one with
``active: true`` reinstates it (no status). The last account event of a DID in the log
decides, wherever it stands: a journalist cites that the platform later removed the accounts
of a team, and ``bots`` weighs it (``taken-down``).

Times are the event's ``time_us`` (when Jetstream saw the record created), else the
record's ``createdAt``: ``createdAt`` is what the author's app writes and can say any time
(archives imported from X are backdated by years, and a team could spread its posts on
paper), while ``bots`` needs the clock the network kept to see accounts act together. An
edited post keeps the time it was created. An author is named by their DID, or by the handle an
identity event in the log gave them, wherever in the log that event stands: the reader keeps
the posts until the log ends (``bots`` keeps every post anyway), so an account is one name
on all its posts, never its DID before its identity event and its handle after (two accounts
to ``bots``). The last handle announced for a DID names it; a handle that a later identity
event gave another DID (handed over) names that one, and the first is its DID again;
``handle.invalid`` (a handle that failed verification) names no one.

An updated post counts once, in its latest version, in the place of its first: an edit is
the same post, and what it says now is what readers see. A post created twice is one post:
a collector that reconnected with a cursor a little back replays events, and a replayed
create is passed over (what is held is that version, or a later edit of it); edits count in
log order, so a replayed edit that a later one had replaced wins again (rare: Bluesky's own
app does not edit posts, and it takes two edits of one post and the first replayed after the
second). A post deleted
later in the log is kept as logged: a deleted post is evidence (accounts that post and
delete). Warnings say how many of each the log held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.authors import is_did
from threadscope.ingest.authorship import as_id
from threadscope.ingest.bluesky import alt_texts, did_of, embedded, facet_links, facet_texts
from threadscope.ingest.csv_input import iso_time
from threadscope.ingest.dump import Dump
from threadscope.ingest.jsonish import items, mostly, obj, records, text, unique
from threadscope.ingest.skipped import skipped_warning
from threadscope.models import AuthorKind, Platform, Post

POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"

_KINDS = {"commit": "commit", "identity": "identity", "account": "account",
          "com": "commit", "id": "identity", "acc": "account"}
"""Event kinds, Jetstream's current names and its first (2024) ones."""
_OPERATIONS = {"create": "create", "update": "update", "delete": "delete",
               "c": "create", "u": "update", "d": "delete"}

_RKEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}")
"""A record key: 1–512 characters of this set (and never ``.`` or ``..``)."""
_LABEL = r"(?:[a-z0-9-]{0,61}[a-z0-9])?"
_HANDLE = re.compile(rf"(?:[a-z0-9]{_LABEL}\.)+[a-z]{_LABEL}")
"""A handle is a domain name (253 characters at most), lower-cased."""
INVALID_HANDLE = "handle.invalid"
"""What the network says for a handle that failed verification: the same for everyone."""

_STATUS = re.compile(r"[a-z]{1,32}")
"""An account status as the AT Protocol names them (``takendown``, ``suspended``, …)."""
INACTIVE = "inactive"
"""The status of an account deactivated without a (readable) reason."""

LOGGED_BY = "Bluesky later in the log"
"""Who set an account status an account event gave, and when: as a reason cites it."""

LATEST_TIME_US = 10**17
"""Microseconds past 1970 beyond which ``time_us`` is no time (the year 5138)."""


def is_event(value: Any) -> bool:
    """A Jetstream event: a DID, ``time_us`` and a kind (commit, identity, account)."""
    return (isinstance(value, dict) and isinstance(value.get("did"), str)
            and "time_us" in value and _kind(value) is not None)


def is_jetstream(values: Sequence[Any]) -> bool:
    """A log of Jetstream events: most of its first records are events (a log may open with
    a line of something else: the collector's own note, a cut-off event)."""
    return mostly(is_event, records(values[:20]))


def _kind(event: dict[str, Any]) -> str | None:
    kind = event.get("kind", event.get("type"))
    return _KINDS.get(kind) if isinstance(kind, str) else None


ACCOUNTS_KEPT = 1_000_000
"""Accounts a log's handles and statuses are kept for (``JetstreamLog``): some 250 MB."""


@dataclass
class JetstreamLog:
    """Events fed one at a time (``add``), posts read when the log has ended (``posts``)."""

    held: dict[str, Post] = field(default_factory=dict)
    """URI → the post or repost, its latest version, in the order first seen; authors are
    DIDs until ``posts`` names them."""
    handles: dict[str, str] = field(default_factory=dict)
    """DID → the last handle announced for it, in the order of the announcements."""
    statuses: dict[str, str] = field(default_factory=dict)
    """DID → its status after the last account event that deactivated it (absent when the
    last one reinstated it, or there was none)."""
    kept: int = ACCOUNTS_KEPT
    """Accounts whose handle or status is kept, at most (each of ``handles`` and
    ``statuses``): identity and account events come for every account of the network,
    posting or not, and ``bots`` streams a log however large."""
    passed: int = 0
    """Announcements of accounts past ``kept`` not kept."""
    events: int = 0
    others: int = 0
    """Records that are no Jetstream events."""
    malformed: int = 0
    """Post and repost events without a usable DID, record key or record."""
    edited: set[str] = field(default_factory=set)
    repeated: set[str] = field(default_factory=set)
    """Posts and reposts created again: replayed events."""
    deleted: set[str] = field(default_factory=set)
    """Posts and reposts of the log deleted later in it."""

    def add(self, value: Any) -> None:
        kind = _kind(value) if is_event(value) else None
        if kind is None:
            self.others += 1
            return
        self.events += 1
        if kind == "identity":
            self._identity(value)
        elif kind == "account":
            self._account(value)
        elif kind == "commit":
            self._commit(value)

    def _identity(self, event: dict[str, Any]) -> None:
        identity = obj(event, "identity")
        did = text(identity, "did") or text(event, "did")
        handle = (text(identity, "handle") or "").lower()
        if (did and is_did(did) and handle != INVALID_HANDLE and len(handle) <= 253
                and _HANDLE.fullmatch(handle)):
            if self.handles.pop(did, None) is None and len(self.handles) >= self.kept:
                self.passed += 1
                return
            self.handles[did] = handle  # re-inserted last: the latest announcement

    def _account(self, event: dict[str, Any]) -> None:
        account = obj(event, "account")
        did = text(account, "did") or text(event, "did")
        active = account.get("active")
        if not did or not is_did(did) or not isinstance(active, bool):
            return
        if active:
            self.statuses.pop(did, None)
            return
        if did not in self.statuses and len(self.statuses) >= self.kept:
            self.passed += 1
            return
        status = text(account, "status") or ""
        self.statuses[did] = status if _STATUS.fullmatch(status) else INACTIVE

    def _commit(self, event: dict[str, Any]) -> None:
        commit = obj(event, "commit")
        collection = commit.get("collection")
        if collection not in (POST, REPOST):
            return
        operation = commit.get("operation", commit.get("type"))
        operation = _OPERATIONS.get(operation) if isinstance(operation, str) else None
        did, rkey = event["did"], text(commit, "rkey")
        if (operation is None or not is_did(did) or rkey is None
                or not _RKEY.fullmatch(rkey) or rkey in (".", "..")):
            self.malformed += 1
            return
        uri = f"at://{did}/{collection}/{rkey}"
        first = self.held.get(uri)
        if operation == "delete":
            if first is not None:
                self.deleted.add(uri)
            return
        if first is not None and operation == "create":
            self.repeated.add(uri)  # what is held is this version, or an edit of it
            return
        line = first.line if first is not None else len(self.held) + 1
        post = record_post(uri, did, obj(commit, "record"), event.get("time_us"), line,
                           repost=collection == REPOST)
        if post is None:
            self.malformed += 1
            return
        if first is not None:
            self.edited.add(uri)
            post = replace(post, created_at=first.created_at)  # an edit's time is not its own
        self.held[uri] = post

    def posts(self) -> list[Post]:
        """Every post and repost once, in the order first seen, authors named."""
        names = self._names()
        if not names and not self.statuses:
            return list(self.held.values())
        return [_named(post, names, self.statuses) for post in self.held.values()]

    def _names(self) -> dict[str, str]:
        """DID → handle, each handle for the DID that was announced with it last."""
        owner = {handle: did for did, handle in self.handles.items()}
        return {did: handle for handle, did in owner.items()}

    def warnings(self) -> list[str]:
        said = [
            (self.malformed, "post or repost event(s) without a usable DID, record key or "
                             "record skipped"),
            (len(self.repeated), "post(s) logged more than once (replayed events), each "
                                 "counted once"),
            (len(self.edited), "post(s) edited in the log; each read in its latest version"),
            (len(self.deleted), "post(s) or repost(s) deleted later in the log; kept as "
                                "logged"),
        ]
        passed = (f"Bluesky Jetstream: more than {self.kept:,} accounts announced; "
                  f"{self.passed} later announcement(s) not kept (their posts shown by DID)",)
        return [*skipped_warning("Bluesky Jetstream", self.others, "Jetstream events"),
                *(f"Bluesky Jetstream: {count} {what}" for count, what in said if count),
                *(passed if self.passed else ())]


def record_post(uri: str, did: str, record: dict[str, Any], time_us: Any, line: int, *,
                repost: bool) -> Post | None:
    """A post or repost record as a ``Post`` authored by ``did`` (its ``author_id`` too);
    None when it has no record (or a repost no subject)."""
    if not record:
        return None
    when = _from_micros(time_us) or iso_time(text(record, "createdAt"))
    if repost:
        subject = text(obj(record, "subject"), "uri")
        if not subject:
            return None
        return Post(text="", line=line, platform=Platform.BLUESKY, author=did,
                    author_kind=as_id(did), post_id=uri, repost_of=subject, created_at=when,
                    author_id=did)
    body = text(record, "text") or ""
    reply = obj(record, "reply")
    parent = text(obj(reply, "parent"), "uri")
    card, quoted = embedded(record)
    return Post(
        text=body,
        line=line,
        platform=Platform.BLUESKY,
        author=did,
        author_kind=as_id(did),
        author_id=did,  # the DID stays the account's when an identity event names a handle
        post_id=uri,
        reply_to=parent,
        conversation_id=text(obj(reply, "root"), "uri") or uri,
        created_at=when,
        urls=unique([*facet_links(body, record), text(card, "uri")]),
        card_title=text(card, "title"),
        link_texts=facet_texts(body, record),
        quote_of=quoted,
        reply_to_author=did_of(parent),
        alt_text=alt_texts(record),
    )


def _from_micros(time_us: Any) -> str | None:
    """``time_us`` (microseconds since 1970) → ISO 8601 UTC; None for what is no time."""
    if not isinstance(time_us, int) or isinstance(time_us, bool):
        return None
    if not 0 < time_us < LATEST_TIME_US:
        return None
    seconds, micros = divmod(time_us, 1_000_000)
    return iso_time(f"{seconds}.{micros:06d}")


def _named(post: Post, names: dict[str, str], statuses: dict[str, str]) -> Post:
    """The post with its author's and addressee's handles, and its author's status."""
    author = names.get(post.author or "")
    answered = names.get(post.reply_to_author or "")
    status = statuses.get(post.author or "")
    if author is None and answered is None and status is None:
        return post
    return replace(post, author=author or post.author,
                   author_kind=AuthorKind.HANDLE if author else post.author_kind,
                   reply_to_author=answered or post.reply_to_author, author_status=status,
                   author_status_by=LOGGED_BY if status else None)


def read_events(values: Iterable[Any], log: JetstreamLog | None = None) -> JetstreamLog:
    """Feed each record of ``values`` (a JSON array's elements one by one) to ``log``."""
    log = log if log is not None else JetstreamLog()
    for value in values:
        for one in items(value) if isinstance(value, list) else (value,):
            log.add(one)
    return log


def parse_jetstream(values: list[Any]) -> Dump:
    """A whole Jetstream log (``jsonish.load``'s values) → its posts and reposts."""
    log = read_events(values)
    return Dump("bluesky", tuple(log.posts()), tuple(log.warnings()))
