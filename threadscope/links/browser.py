"""Slashes and backslashes as a browser reads them (WHATWG URL), for ``urllib.parse``.

``urllib.parse`` follows RFC 3986, where a backslash is an ordinary character and
``https:/welt.ltd`` has no host. Browsers follow the WHATWG URL standard: for the special
schemes (http, https, ftp, ws, wss) a backslash is a slash, and any run of slashes and
backslashes after the scheme introduces the host. Attackers use the difference:
``https://evil.example\\@welt.de/`` goes to evil.example in a browser, while an RFC reading
takes ``evil.example\\`` for user info and reports welt.de. These helpers rewrite a URL into
the form where both readings agree, before ``urlsplit`` or ``urljoin`` sees it.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_SPECIAL_SCHEME = re.compile(r"(?:https?|ftp|wss?):[/\\]*", re.IGNORECASE)
BACKSLASH = "\\"
_SLASHES = ("/", BACKSLASH)
_URL_WHITE_SPACE = str.maketrans("", "", "\t\n\r")
"""Tabs and line breaks, which a browser removes from anywhere in a URL (WHATWG URL)."""


def without_line_breaks(url: str) -> str:
    """``url`` as a browser reads it when it was broken over lines (copied out of a narrow
    column, a terminal or an e-mail): its tabs and line breaks removed, as WHATWG URL removes
    them. ``check`` joins a pasted link so, and ``extract`` a link it found wrapped in a post."""
    return url.translate(_URL_WHITE_SPACE)


def browser_slashes(url: str) -> str:
    """``url`` with its slashes as a browser reads it, when it has a special scheme.

    After ``http:``, ``https:``, ``ftp:``, ``ws:`` and ``wss:`` any run of slashes and
    backslashes, or none, introduces the host (``https:\\\\welt.ltd``, ``https:/welt.ltd``,
    ``https:///welt.ltd``), and before the query a backslash is a slash. Other URLs are
    returned as they are.
    """
    colon = url.find(":")
    if url[colon + 1 : colon + 3] == "//" and url[colon + 3 : colon + 4] not in _SLASHES \
            and BACKSLASH not in url:
        return url  # the common case (or no scheme): already as a browser reads it
    scheme = _SPECIAL_SCHEME.match(url)
    if scheme is None:
        return url
    return f"{url[:colon]}://{_slashed(url[scheme.end() :])}"


def browser_join(base: str, reference: str) -> str:
    """``urljoin`` as a browser resolves a link or redirect against a special base URL.

    ``Location: \\\\evil.example/`` is scheme-relative (``//evil.example/``), and
    ``Location: https://evil.example\\@welt.de/`` goes to evil.example; ``ValueError`` as
    ``urljoin`` raises it (``http://[bad``).
    """
    if BACKSLASH in reference and _SPECIAL_SCHEME.match(base):
        reference = _slashed(reference)
    return browser_slashes(urljoin(base, reference))


def _slashed(text: str) -> str:
    """Backslashes before the query or fragment become slashes."""
    cut = len(text)
    for mark in "?#":
        found = text.find(mark, 0, cut)
        if found >= 0:
            cut = found
    return text[:cut].replace(BACKSLASH, "/") + text[cut:]
