"""One rule for an account renamed within a dump, for every platform whose data carries a
stable account id (X's user id, Bluesky's DID): the account is one account, each of its
posts (and context posts) shown under its latest handle, the rename said.

A search run again a week later, a bot that changes its handle: read line by line, its old
handle and its new one were two accounts, a coordinated cluster of one; read whole, each
reader kept whichever handle it met first or last. The rule is the same streamed and read
whole by construction (``across``): the facts learn each line's accounts in the file's
order, and a post settles only once the dump has ended, since a later line may still
rename its account. Bounded by the dump's accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.ingest.jsonish import text
from threadscope.models import Post


@dataclass
class AccountFacts:
    """The accounts a dump shows, by their stable id: the account object each id was shown
    with last, and the handles it went by."""

    label: str
    """The format the warning names (``X API v2``, ``twarc2``, ``Bluesky``)."""
    fields: Callable[[dict[str, Any]], dict[str, Any]]
    """What a post says of its author, from the platform's account object."""
    id_key: str = "id"
    handle_key: str = "username"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    handles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each id's handles in order of appearance, for the ids shown with two or more."""

    def learn_users(self, users: Iterable[dict[str, Any]]) -> None:
        """Account objects in the order the dump shows them (an X API page's
        ``includes.users``, twarc2's inline ``author``, a Bluesky post view's ``author``):
        each id's latest one is the account as it stands."""
        for user in users:
            user_id = text(user, self.id_key)
            if not user_id:
                continue
            before = text(self.users.get(user_id), self.handle_key)
            self.users[user_id] = user
            handle = text(user, self.handle_key)
            if before and handle and handle != before:
                known = self.handles.get(user_id, (before,))
                if handle in known:  # back to an earlier handle: latest last
                    known = tuple(h for h in known if h != handle)
                self.handles[user_id] = (*known, handle)

    def settle(self, post: Post, key: str, *, final: bool) -> Post | None:
        """The post with its author's and the answered author's latest account object
        (``key``: their ids, space-separated); what the dump never showed stays as read."""
        if not final:
            return None
        author_id, _, answered_id = key.partition(" ")
        author = self.users.get(author_id)
        changed = {} if author is None else self.fields(author)
        answered = text(self.users.get(answered_id), self.handle_key)
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
