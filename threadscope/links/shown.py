"""What a link is shown as: the one rule for every source that puts text in a link's place.

A Markdown label (``[Quelle: welt.de](https://welt.ltd/x)``), a Mastodon or HTML anchor's
text, a Bluesky link facet's text and an X link card's domain are what a reader sees instead
of the address. Such text *shows a site* when a reader sees it naming one: a bare domain or a
URL anywhere in it, with words or stray signs around it (``Quelle: welt.de``,
``welt.de/politik/x"``, ``welt.de/politik/artikel-20…``). Ordinary words and hashtags name
none (``hier lesen``, ``#welt``), and neither does the link's own site (by registrable domain:
``www.welt.de`` over ``https://welt.de/x`` is the site it goes to). A name no site can have
(broken punycode, an over-long label) names none either.

The text is attacker-written: only its first ``MAX_READ`` characters are read (a reader sees
no more of a label either), and control characters, which show as nothing, are dropped
before it is read (``w\\x07elt.de`` reads as ``welt.de``, as it looks).
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from threadscope.links import extract
from threadscope.links.hosts import LinkError, check_host, decode_label, is_ip_literal
from threadscope.names import registrable_domain

MAX_READ = 1000
"""Characters of a label read for a site: more than any client shows of one (a Markdown
label is read up to 300, a Mastodon status holds 500 by default)."""

CUT_MARKS = ("…", "...")
"""What a client writes where it cut a long link's text (Bluesky: ``welt.de/politik/ar...``):
part of what the reader sees, so kept with the site's text."""

_SPACES = {"\t": " ", "\n": " ", "\r": " ", "\v": " ", "\f": " "}


class ShownSite(NamedTuple):
    """The site a text shows: ``text`` as the reader sees it (the domain or URL, with a cut
    mark that follows it), ``url`` the normalised URL it reads as (to find the same words
    where they were also read as a link of their own)."""

    text: str
    url: str


def shown_site(text: str, host: str) -> ShownSite | None:
    """The first site that ``text`` (a label, an anchor's or facet's text, a card's domain)
    names to a reader other than ``host``'s registrable domain; None when it names none, or
    only the link's own. Never raises on any ``str``."""
    readable = readable_text(text)
    own = site_of(host)
    for link in extract.extract_links(readable):
        if link.start and readable[link.start - 1] == "#":
            continue  # a hashtag (#welt.de reads as the tag #welt), no site
        site = site_of(link.host)
        if not site or site == own or not _nameable(link.host):
            continue
        cut = next((mark for mark in CUT_MARKS if readable.startswith(mark, link.end)), "")
        return ShownSite(link.input.strip() + cut, link.url)
    return None


def readable_text(text: str) -> str:
    """``text`` as a reader sees it, for reading sites in it: its first ``MAX_READ``
    characters, line breaks and tabs as spaces, other control characters dropped."""
    head = text[:MAX_READ]
    if head.isprintable():
        return head
    return "".join(
        _SPACES.get(char, "") if unicodedata.category(char) == "Cc" else char for char in head
    )


def site_of(host: str) -> str:
    """The registrable domain of ``host`` in the form links are kept in (Unicode: the
    ``xn--`` form a request or a card may carry is decoded), lower-case, no trailing dot;
    an IP literal as itself; "" for no host."""
    name = host.strip().lower().rstrip(".")
    if not name or _ip(name):
        return name
    if "xn--" in name:
        name = ".".join(_decoded(label) for label in name.split("."))
    return registrable_domain(name) or name


def _decoded(label: str) -> str:
    try:
        return decode_label(label)
    except LinkError:
        return label


def _nameable(host: str) -> bool:
    """A name a site can have (or an IP address): not broken punycode, no over-long label."""
    if _ip(host):
        return True
    try:
        check_host(host.lower().rstrip("."))
    except LinkError:
        return False
    return True


def _ip(host: str) -> bool:
    """An IP literal: only a name that ends in a digit or holds a colon is asked (no
    suffix ends in a digit), since parsing one costs more than reading the label."""
    return (":" in host or host[-1:].isdigit()) and is_ip_literal(host)
