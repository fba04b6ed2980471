"""One rule for an account renamed within a dump, for every platform whose data carries a
stable account id (X's user id in API v2 pages, twarc2's lines, v1.1 tweets, an archive's
replies and snscrape's items; Bluesky's DID; a Mastodon account's id on the server that
answered): the account is one account, each of its posts (and context posts) shown under
its latest handle, the rename said. Two ids are never one account, whatever their handles.

A search run again a week later, a bot that changes its handle: read line by line, its old
handle and its new one were two accounts, a coordinated cluster of one; read whole, each
reader kept whichever handle it met first or last. Its latest handle is the one its latest
post shows, by the post's time (``name``): every reader passes the time of the post that
shows an account object or a handle, since API pages come newest first and archives oldest
first. The rule is the same streamed and read
whole by construction (``across``): the facts learn each line's accounts in the file's
order, and a post settles only once the dump has ended, since a later line may still
rename its account. Bounded by the dump's accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from threadscope.ingest.authorship import as_handle
from threadscope.ingest.jsonish import text
from threadscope.models import Post


@dataclass
class AccountFacts:
    """The accounts a dump shows, by their stable id: the account object each id was shown
    with last, the handle it was named by last (by an account object, or by a reply or
    mention that names the account by id and handle: v1.1's ``in_reply_to_user_id_str``
    and ``in_reply_to_screen_name``), and the handles it went by."""

    label: str
    """The format the warning names (``X API v2``, ``twarc2``, ``Bluesky``, …)."""
    fields: Callable[[Any], dict[str, Any]]
    """What a post says of its author, from the platform's account object."""
    id_key: str = "id"
    handle_key: str = "username"
    users: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Each id's latest handle."""
    handles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each id's handles, latest last, for the ids shown with two or more."""
    named_at: dict[str, datetime] = field(default_factory=dict)
    """When each id was last shown under ``names``' handle, for the ids shown with a time."""
    users_at: dict[str, datetime] = field(default_factory=dict)
    """When each id's account object in ``users`` was shown, likewise."""

    def learn_users(self, users: Iterable[dict[str, Any]]) -> None:
        """Account objects shown with no time, in the order the dump shows them (``learn_shown``
        where the reader knows when the posts that show them were made)."""
        self.learn_shown((user, None) for user in users)

    def learn_shown(self, shown: Iterable[tuple[dict[str, Any], str | None]]) -> None:
        """Account objects in the order the dump shows them (an X API page's
        ``includes.users``, twarc2's inline ``author``, a Bluesky post view's ``author``),
        each with when the post that shows it was made (ISO 8601; None: not said): each
        id's object and handle shown by its latest post is the account as it stands
        (``name``), whatever the order of the file's lines (an API's pages come newest
        first, an archive oldest first)."""
        for user, at in shown:
            user_id = text(user, self.id_key)
            if user_id:
                self.learn_user(user_id, user, text(user, self.handle_key), at)

    def learn_user(self, user_id: str, user: Any, handle: str | None,
                   at: str | None = None) -> None:
        """One account object (None: only its handle is shown) of the id ``user_id``, as
        the dump shows it next; ``at``: when the post that shows it was made (ISO 8601),
        where the reader knows (``name`` says which one wins)."""
        if user is not None and _later(at, self.users_at, user_id):
            self.users[user_id] = user
        if handle:
            self.name(user_id, handle, at)

    def name(self, user_id: str, handle: str, at: str | None = None) -> None:
        """The id shown under ``handle`` by a post made at ``at`` (ISO 8601; None: not
        said): a rename where it went by another before.

        The latest handle is the one shown by the latest post, not on the file's latest
        line: an X archive's ``tweets.js`` lists the newest tweet first, and a search's
        pages may come in any order. Ties (two posts of the same second) go to the later
        line; a handle shown with no time never replaces one shown with a time (it is
        still listed among the account's handles); where no post says when, the later line
        wins, as before."""
        before = self.names.get(user_id)
        latest = _later(at, self.named_at, user_id)
        if latest:
            self.names[user_id] = handle
        if not before or handle == before:
            return
        known = self.handles.get(user_id, (before,))
        if latest:
            self.handles[user_id] = (*(h for h in known if h != handle), handle)
        elif handle not in known:  # an earlier handle, met later in the file
            self.handles[user_id] = (*known[:-1], handle, known[-1])

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """The post with its author's and the answered author's latest account object and
        handle (``key``: their ids, space-separated); what the dump never showed stays as
        read."""
        if not final:
            return None
        author_id, _, answered_id = key.partition(" ")
        author = self.users.get(author_id)
        changed = {} if author is None else self.fields(author)
        if author_id:
            changed["author_id"] = author_id
        handle = self.names.get(author_id)
        if handle and author_id and changed.get("author", post.author) != handle:
            changed["author"], changed["author_kind"] = handle, as_handle(handle)
        answered = self.names.get(answered_id) if answered_id else None
        if answered:
            changed["reply_to_author"] = answered
        changed = {name: value for name, value in changed.items()
                   if getattr(post, name) != value}
        return replace(post, **changed) if changed else post

    def warnings(self) -> list[str]:
        if not self.handles:
            return []
        shown = ", ".join(f"{' → '.join(names)} (id {user_id})"
                          for user_id, names in list(self.handles.items())[:3])
        more = f" and {len(self.handles) - 3} more" if len(self.handles) > 3 else ""
        return [f"{self.label}: {len(self.handles)} account(s) renamed within the dump, each "
                f"post shown under its account's latest handle: {shown}{more}"]


def _later(at: str | None, seen: dict[str, datetime], user_id: str) -> bool:
    """Whether a showing at ``at`` outranks the one ``seen`` keeps for ``user_id`` (and
    keep it if so): a time at or after the kept one, or no time where none is kept."""
    when = instant(at)
    kept = seen.get(user_id)
    if when is None:
        return kept is None
    if kept is not None and when < kept:
        return False
    seen[user_id] = when
    return True


def instant(at: str | None) -> datetime | None:
    """An ISO 8601 time as an aware instant (a time without a zone read as UTC); None for
    none or one that does not parse."""
    if not at:
        return None
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
