"""How an author is named in a report: ``@handle``, but a bare DID.

A handle (``jonas-k.bsky.social``, ``anna_1234``, Mastodon's ``user@instance``) is shown with
the ``@`` people write it with. A Bluesky account whose handle is unknown is named by its DID
(``did:plc:…``, ``did:web:example.com``); ``@did:plc:…`` would pass for a handle, and nobody
can mention it that way, so a DID is shown as it is. A name with spaces in it (a Telegram
sender's name, ``Klartext Monitor``; a CSV's display-name column) is no handle either, and is
shown bare too. Every report format names authors through ``author_label``, so they all agree.
"""

from __future__ import annotations

import re

DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2040}")
"""The DID syntax of the AT Protocol (2 KB at most)."""


def is_did(author: str) -> bool:
    """Whether ``author`` is a DID rather than a handle."""
    return DID.fullmatch(author) is not None


def author_label(author: str) -> str:
    """``@handle`` for a handle; a DID or a name with spaces as it is."""
    if is_did(author) or any(character.isspace() for character in author):
        return author
    return "@" + author
