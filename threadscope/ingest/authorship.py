"""What a reader took a post's author from: a handle, a display name or an account id.

Each reader knows which field of its source names the author (X's ``username`` is a handle,
a Telegram sender's ``from`` a display name, a Bluesky DID an id) and says so in
``Post.author_kind``; reports write ``@`` before handles only (``authors.author_label``).
These helpers leave the kind None where there is no author, so a post without one says
nothing about it.
"""

from __future__ import annotations

from threadscope.models import AuthorKind


def as_handle(author: str | None) -> AuthorKind | None:
    """``HANDLE`` where there is an author."""
    return AuthorKind.HANDLE if author else None


def as_name(author: str | None) -> AuthorKind | None:
    """``NAME`` where there is an author."""
    return AuthorKind.NAME if author else None


def as_id(author: str | None) -> AuthorKind | None:
    """``ID`` where there is an author."""
    return AuthorKind.ID if author else None


def shown_kind(shown: str) -> AuthorKind:
    """What a name the platform shows is: a handle where it is written with ``@`` (YouTube
    shows a channel's ``@handle``, and the display name only of a channel that has none),
    else a display name."""
    handle = shown.strip()
    if handle.startswith("@") and len(handle) > 1 and not any(c.isspace() for c in handle):
        return AuthorKind.HANDLE
    return AuthorKind.NAME
