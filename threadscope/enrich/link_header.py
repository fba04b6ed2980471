"""The canonical address a ``Link`` response header claims (RFC 8288):
``Link: <https://www.welt.de/a.html>; rel="canonical"``.

Search engines read it as they read ``<link rel="canonical">``, and it is how a PDF or an
image names its canonical page (Google's documentation for non-HTML files): a clone that
serves it claims the outlet's address as surely as one that writes it in its head, and
its body need not be HTML at all.

No parser we could take does this on hostile input: the standard library has none for
``Link``; httpx's (``Response.links``) splits the value at every ``, <`` and every ``;``,
quoted or not; ietfparse's raises on the first stray character and re-partitions the whole
value for each quoted string (quadratic: 96 KB of ``<a>; x="y", `` took eleven times what
24 KB took). So the header is read with
RFC 8288's own algorithm (Appendix B.2 to B.4), one pass over the value with ``find`` and
anchored patterns, linear in its length, with one change: a link-value that is not one
(``junk``, ``<a`` with no ``>``) is passed over to the next comma outside a quoted string,
where the RFC stops reading (a clone must not hide its claim behind a junk value first).

Of the links, the first whose relation types include ``canonical`` (relation types are
case-insensitive and a ``rel`` may hold several, ``rel="alternate canonical"``; a second
``rel`` is ignored, as the RFC says) and whose target, resolved against the document's URL,
is a web address (``http``/``https`` with a host: not ``data:``, ``mailto:`` or ``ftp:``).
A link with an ``anchor`` that is not the document itself speaks of another resource
(``anchor="#figure"``: a part of the page) and is passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from threadscope.enrich.page import web_address
from threadscope.links.browser import browser_join

MAX_TARGET = 2048
"""Characters of a claimed address kept, as for the page's own (``page.MAX_VALUE``)."""
_OWS = re.compile(r"[ \t]*")
_SEPARATORS = re.compile(r"[ \t,]*")
_NAME = re.compile(r"[^ \t=;,]*")
"""A parameter name runs to the first BWS, ``=``, ``;`` or ``,`` (B.3 step 5)."""
_TOKEN_VALUE = re.compile(r"[^;,]*")
"""An unquoted value runs to the first ``;`` or ``,`` (B.3 step 7.4)."""
_QUOTED = re.compile(r'"((?:[^"\\]++|\\.)*+)"?', re.S)
"""A quoted string (B.4), its closing quote missing at the end of the value; a backslash
that ends the value is left out of it."""
_QUOTED_PAIR = re.compile(r"\\(.)", re.S)
_TO_NEXT_LINK = re.compile(r'(?:[^",]++|"(?:[^"\\]++|\\.)*+"?)*+,?', re.S)
"""Up to and past the next comma outside a quoted string (possessive: no backtracking)."""


@dataclass(frozen=True)
class WebLink:
    """One link of the header: its target as written and its parameters, names lower-cased,
    in order (a name may come twice: the first counts)."""

    target: str
    parameters: tuple[tuple[str, str], ...]

    def parameter(self, name: str) -> str | None:
        return next((value for key, value in self.parameters if key == name), None)

    @property
    def relations(self) -> set[str]:
        """Relation types of the first ``rel``, lower-cased (B.2 steps 9, 10 and 17)."""
        return {kind.lower() for kind in (self.parameter("rel") or "").split()}


def parse_links(value: str) -> Iterator[WebLink]:
    """The links of one ``Link`` field value (several header lines: join them with ``,``)."""
    position, end = 0, len(value)
    closes = _Closes(value)
    while (position := _skip(_SEPARATORS, value, position)) < end:
        found = _link(value, position, closes)
        if found is None:
            position = _skip(_TO_NEXT_LINK, value, position)
            continue
        link, position = found
        yield link
        position = _skip(_OWS, value, position)
        if position < end and value[position] != ",":
            position = _skip(_TO_NEXT_LINK, value, position)  # junk after the parameters


class _Closes:
    """Where the next ``>`` is, found once for all the ``<`` before it: a value of ``<,``
    repeated (no ``>`` anywhere) costs one scan, not one per ``<``."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.found = -2  # not looked for yet

    def after(self, position: int) -> int:
        if self.found != -1 and self.found < position:
            self.found = self.value.find(">", position)
        return self.found


def _link(value: str, position: int, closes: _Closes) -> tuple[WebLink, int] | None:
    """A link-value at ``position`` (B.2 steps 3.2 to 3.7), and where it ends; None when
    there is none there, or its target holds a ``<`` (an unclosed one before it: the RFC
    would read the links after it as its target)."""
    if value[position] != "<":
        return None
    close = closes.after(position + 1)
    if close < 0 or value.find("<", position + 1, close) >= 0:
        return None
    target = value[position + 1 : close]
    parameters, position = _parameters(value, close + 1)
    return WebLink(target, tuple(parameters)), position


def _parameters(value: str, position: int) -> tuple[list[tuple[str, str]], int]:
    """B.3: ``; name=value`` pairs up to the next ``,`` or the end."""
    parameters: list[tuple[str, str]] = []
    end = len(value)
    while position < end:
        position = _skip(_OWS, value, position)
        if position >= end or value[position] != ";":
            break
        named = _NAME.match(value, _skip(_OWS, value, position + 1))
        assert named is not None  # it matches the empty string
        name, position = named.group().lower(), _skip(_OWS, value, named.end())
        parameter_value = ""
        if position < end and value[position] == "=":
            position = _skip(_OWS, value, position + 1)
            quoted = _QUOTED.match(value, position)
            if quoted is not None:
                parameter_value = _QUOTED_PAIR.sub(r"\1", quoted.group(1))
                position = quoted.end()
            else:
                unquoted = _TOKEN_VALUE.match(value, position)
                assert unquoted is not None  # it matches the empty string
                parameter_value, position = unquoted.group().rstrip(" \t"), unquoted.end()
        parameters.append((name, parameter_value))
    return parameters, position


def _skip(pattern: re.Pattern[str], value: str, position: int) -> int:
    found = pattern.match(value, position)
    assert found is not None  # each of these matches the empty string
    return found.end()


def canonical_link(values: list[str], document_url: str) -> str | None:
    """The canonical address the ``Link`` headers ``values`` claim, absolute; None for none.
    Never raises: any text gives an address or None."""
    value = ",".join(values)
    if "canonical" not in value.lower():
        return None  # most headers (preload lists), and most junk: one scan in C
    for link in parse_links(value):
        if "canonical" not in link.relations or not _about_the_document(link, document_url):
            continue
        target = _resolved(document_url, link.target.strip(" \t")[:MAX_TARGET])
        if target is not None:
            return target
    return None


def _about_the_document(link: WebLink, document_url: str) -> bool:
    anchor = link.parameter("anchor")
    if anchor is None:
        return True
    return _resolved(document_url, anchor) == document_url.partition("#")[0]


def _resolved(document_url: str, target: str) -> str | None:
    """``target`` against the document's URL as a browser joins it; None when that is no
    web address (another scheme, no host, a port that is no number, no URL at all)."""
    try:
        joined = browser_join(document_url, target)
    except ValueError:
        return None
    return joined if web_address(joined) else None
