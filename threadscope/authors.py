"""How an author is named in a report: ``@handle`` for a handle, anything else as it is.

A handle (``jonas-k.bsky.social``, ``anna_1234``, Mastodon's ``user@instance``) is shown with
the ``@`` people write it with. A display name (a Telegram sender's ``Klartext Monitor``, a
YouTube channel's name, a CSV's name column) is no handle: ``@Anna`` would name whoever holds
that handle, perhaps someone else, so it is shown bare; so is an account id (a Bluesky DID
``did:plc:…``, Telegram's ``user456``, a YouTube channel id), which nobody can mention with
``@``. Which one an author is, the reader says (``Post.author_kind``, ``AuthorKind``); where a
post was built without saying, the text decides as before: a DID or a name with spaces in it
is bare, anything else a handle. Every report format names authors through ``author_label``,
so they all agree.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from threadscope.models import AuthorKind, Cluster

DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2040}")
"""The DID syntax of the AT Protocol (2 KB at most)."""


def is_did(author: str) -> bool:
    """Whether ``author`` is a DID rather than a handle."""
    return DID.fullmatch(author) is not None


def is_handle(author: str, kind: AuthorKind | None = None) -> bool:
    """Whether ``author`` is a handle: what its reader said (``kind``), else a guess from the
    text. A DID is never one, whatever a caller says."""
    if is_did(author):
        return False
    if kind is not None:
        return kind is AuthorKind.HANDLE
    return not any(character.isspace() for character in author)


def author_label(author: str, kind: AuthorKind | None = None) -> str:
    """``@handle`` for a handle; a display name, an account id or a DID as it is."""
    return "@" + author if is_handle(author, kind) else author


class Account(NamedTuple):
    """One account, as ``bots`` tells them apart: the author as the dump names it, what that
    is (``Post.author_kind``), and its stable id where the dump has one (``Post.author_id``).
    A display name and a handle (or an account id) that read alike are two accounts: ``Anna``
    shown on Telegram is not whoever holds the handle ``anna``, and Telegram's ``user456`` is
    not a sender who named themselves so. Two ids are two accounts whatever their handles: a
    handle given up (after a ban, sold by a bot farm) is taken by another account; ``name``
    is then each one's latest handle, what a reader is shown."""

    name: str
    kind: AuthorKind | None = None
    id: str | None = None


def members_of(cluster: Cluster) -> tuple[Account, ...]:
    """The cluster's accounts, each with what it is (a cluster built without kinds: none)."""
    kinds = cluster.account_kinds or (None,) * len(cluster.accounts)
    ids = cluster.account_ids or (None,) * len(cluster.accounts)
    return tuple(map(Account, cluster.accounts, kinds, ids))


def account_labels(cluster: Cluster) -> list[str]:
    """How a report names each of the cluster's accounts (``author_label``)."""
    return [author_label(account.name, account.kind) for account in members_of(cluster)]
