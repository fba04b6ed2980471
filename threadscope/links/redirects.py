"""Redirect wrappers that write their destination into the link itself.

A link copied out of a Google result (``google.com/url?q=…``), a Facebook post
(``l.facebook.com/l.php?u=…``), an e-mail scanned by Outlook (``….safelinks.protection.
outlook.com/?url=…``) or Proofpoint (``urldefense.com/v3/__…__;``) is on the platform's own
domain, and judged by that name alone it reads as the platform's ``official`` link, even when
it sends the reader on to a clone of an outlet. The destination is no secret: it stands in
the link, percent-encoded. ``embedded_destination`` reads it, so that it is assessed as a link
of its own (``links.posts.post_links``, ``pipeline.pasted_targets``), offline too.

Only wrappers whose parameter is known are read; a shortener (t.co, bit.ly) hides where it
leads and must be followed instead.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

_GOOGLE = re.compile(r"(?:www\.)?google\.(?:com|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2})")
"""google.com, google.de, google.co.uk, www.google.com.ua …; not google.foo.com, which is
foo.com's."""

_BY_HOST: dict[str, tuple[str, tuple[str, ...]]] = {
    # host: (path, query parameters that hold the destination, in the order tried)
    "l.facebook.com": ("/l.php", ("u",)),
    "lm.facebook.com": ("/l.php", ("u",)),
    "l.messenger.com": ("/l.php", ("u",)),
    "l.instagram.com": ("/", ("u",)),
    "www.youtube.com": ("/redirect", ("q",)),
    "youtube.com": ("/redirect", ("q",)),
    "m.youtube.com": ("/redirect", ("q",)),
    "out.reddit.com": ("", ("url",)),
    "vk.com": ("/away.php", ("to",)),
    "m.vk.com": ("/away.php", ("to",)),
    "t.umblr.com": ("/redirect", ("z",)),
    "www.linkedin.com": ("/safety/go", ("url",)),
    "steamcommunity.com": ("/linkfilter/", ("url", "u")),
    "slack-redir.net": ("/link", ("url",)),
}
"""Wrappers on a fixed host: the path (``""``: any path) and the parameter naming the
destination."""

_SAFELINKS = ".safelinks.protection.outlook.com"
_PROOFPOINT_V3 = re.compile(r"/v3/__(?P<url>.+?)__;", re.DOTALL)
_WEB = re.compile(r"https?://[^\s/?#]", re.IGNORECASE)
_ENCODED_WEB = re.compile(r"https?%(?P<layers>(?:25)*)3a", re.IGNORECASE)
"""A web address percent-encoded once more than its parameter needs (``https%3A%2F%2F…``,
``https%253A%252F%252F…``): the count of ``25`` in its first escape is how many times more."""
MAX_ENCODINGS = 4
"""Extra layers of percent-encoding read in a wrapper's destination, at most, added up over
the wrappers inside it: a Google link copied out of a tool that encoded it again
(``google.com/url?q=https%253A%252F%252Fwelt.ltd%252F``) named no web address, and the link read
as Google's ``official`` one while the clone it names went unread. Double and triple encoding
are what copying does; no wrapper or browser decodes 50 times, so a destination encoded past
this takes no reader anywhere either, and each layer costs a pass over the link: one encoded
more than this is no destination, found from its first escape before any is decoded."""
_MAX_DEPTH = 64
"""Wrappers inside wrappers read at most this deep (a Google result of a Facebook link).
Each destination is shorter than the link that holds it, so none loops back to itself, and a
level of percent-encoding grows the link by its escapes: the bound is the link's length long
before it is this. It was 4, and a link wrapped 5 times was judged by its 4th wrapper's name:
Google's, ``official``, while the clone inside went unread."""


def embedded_destination(url: str) -> str | None:
    """The web address a redirect wrapper ``url`` names as its destination, wrappers inside
    it unwrapped too; None when ``url`` is no wrapper known here or names no web address."""
    found = None
    budget = [MAX_ENCODINGS]
    for _ in range(_MAX_DEPTH):
        inner = _destination(found or url, budget)
        if inner is None:
            break
        found = inner
    return found


def _destination(url: str, budget: list[int]) -> str | None:
    """The web address ``url`` names as a wrapper, one level deep; ``budget``: how many more
    layers of percent-encoding may be decoded (``MAX_ENCODINGS``), lowered as they are."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    candidates: tuple[str, ...] = ()
    if _GOOGLE.fullmatch(host) and parts.path == "/url":
        candidates = _values(parts.query, ("q", "url"))
    elif host.endswith(_SAFELINKS):
        candidates = _values(parts.query, ("url",))
    elif host in ("urldefense.com", "www.urldefense.com"):
        match = _PROOFPOINT_V3.match(parts.path)
        candidates = (match["url"],) if match else ()
    elif host == "href.li":
        candidates = (unquote(parts.query),)
    elif host in _BY_HOST:
        path, names = _BY_HOST[host]
        if not path or parts.path == path:
            candidates = _values(parts.query, names)
    for candidate in candidates:
        candidate = _decoded(candidate.strip(), budget)
        if _WEB.match(candidate):
            return candidate
    return None


def _decoded(candidate: str, budget: list[int]) -> str:
    """``candidate`` with the layers of percent-encoding it holds beyond its parameter's
    decoded, while ``budget`` allows (``MAX_ENCODINGS``): a web address as written, else
    ``candidate`` unchanged. Only one that is an encoded web address from its start is
    decoded: a destination already readable keeps its own escapes (``?q=a%2Fb``)."""
    encoded = _ENCODED_WEB.match(candidate)
    if encoded is None:
        return candidate
    layers = len(encoded["layers"]) // 2 + 1
    if layers > budget[0]:
        return candidate
    budget[0] -= layers
    for _ in range(layers):
        candidate = unquote(candidate)
    return candidate.strip()


def _values(query: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The decoded values of the parameters ``names`` of ``query``, in that order."""
    values = parse_qs(query, keep_blank_values=False)
    return tuple(value for name in names for value in values.get(name, ()))
