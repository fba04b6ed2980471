"""HTML a platform sends as a post's text (Mastodon's ``content``, YouTube's ``textDisplay``)
→ the text a reader sees and the links it holds: lxml's HTML parser, event by event (linear
on any markup), never a pattern over tags.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from lxml import etree

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_POST_LINKS = frozenset({"mention", "hashtag", "u-url"})


class _PostText:
    """lxml parser target: the text with ``<br>`` and paragraph breaks, and the links."""

    def __init__(self, quote_inline: bool = True, quoted: frozenset[str] = frozenset(),
                 named: frozenset[str] | None = None) -> None:
        self.reset(quote_inline, quoted, named)

    def reset(self, quote_inline: bool, quoted: frozenset[str],
              named: frozenset[str] | None) -> None:
        """Ready for the next status (one target and parser serve a whole dump)."""
        self.parts: list[str] = []
        self.links: list[str] = []
        self.labels: list[tuple[str, str]] = []
        """(href, the anchor's text) of each real link."""
        self.anchor: tuple[str, int] | None = None
        """The open anchor's href and where its text starts in ``parts``."""
        self.quote_inline = quote_inline
        self.quoted = quoted
        self.named = named
        self.skipping = 0
        """Depth inside a ``quote-inline`` element being left out (0: not in one)."""

    def start(self, tag: str, attrib: Any) -> None:
        if self.skipping or (not self.quote_inline and "quote-inline" in _classes(attrib)):
            self.skipping += 1
            if tag == "a":  # hidden text is still no hiding place for a link
                self._link(attrib, leave_out=self.quoted)
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            if self._link(attrib):
                self.anchor = (self.links[-1], len(self.parts))

    def _link(self, attrib: Any, leave_out: frozenset[str] = frozenset()) -> bool:
        href = attrib.get("href")
        if isinstance(href, str) and not self._profile(href, attrib) and href not in leave_out:
            self.links.append(href)
            return True
        return False

    def _profile(self, href: str, attrib: Any) -> bool:
        """A mention's or hashtag's link: marked so, and leading where ``named`` says."""
        if not _NOT_POST_LINKS & _classes(attrib):
            return False
        return (self.named is None or address_key(href) in self.named
                or origin(href) in self.named)

    def end(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
        elif tag == "p":
            self.parts.append("\n\n")
        elif tag == "a" and self.anchor is not None:
            href, start = self.anchor
            self.labels.append((href, "".join(self.parts[start:]).strip()))
            self.anchor = None

    def data(self, text: str) -> None:
        if not self.skipping:
            self.parts.append(text)

    def close(self) -> None:
        return None


def address_key(address: str) -> str:
    """An address as ``named`` holds it: lower case, without a trailing ``/``."""
    return address.lower().rstrip("/")


def origin(address: str | None) -> str | None:
    """``https://tröt.example/@olaf/1`` → ``https://tröt.example`` (lower case)."""
    if not address or "://" not in address:
        return None
    scheme, _, rest = address.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}".lower() if host else None


def _classes(attrib: Any) -> set[str]:
    return set(str(attrib.get("class") or "").split())


def html_text(html: str, *, quote_inline: bool = True, quoted: frozenset[str] = frozenset(),
              named: frozenset[str] | None = None) -> tuple[str, list[str]]:
    """Visible text (paragraphs and ``<br>`` as line breaks) and the hrefs of real links.

    Mentions and hashtags are links too, to profiles and tag pages; they are not what a
    post links to, so they are left out of the links. ``named`` (where the status says):
    the addresses of the accounts it names (``address_key``) and the servers of its pages
    (``origin``); a link marked a mention or hashtag that leads elsewhere is a link of the
    post, as a server can mark a link to any site so and show it as ``@someone``.
    ``quote_inline=False`` leaves out the
    ``quote-inline`` fallback of a quote post (read from its ``quote`` instead): its text, and
    its link to the quoted status (``quoted``: that status's addresses). Any other link in
    it is kept: a server that wraps a post's own words in ``quote-inline`` hides them from
    readers, not from an audit.
    """
    if "<" not in html and "&" not in html:
        return html, []
    target, parser = _reader()
    target.reset(quote_inline, quoted, named)
    # Lone surrogates (a "\ud800" escape in the JSON) cannot be handed to libxml2 as UTF-8.
    data = _SURROGATE.sub("\ufffd", html).encode("utf-8")
    try:
        parser.feed(data)
        parser.close()
    except (etree.LxmlError, ValueError, TypeError):
        _READERS.__dict__.pop("reader", None)  # a parser that gave up is not used again
    except BaseException:  # interrupted mid-status: the next must not read on from here
        _READERS.__dict__.pop("reader", None)
        raise
    return "".join(target.parts).strip(), target.links


def html_text_and_labels(
    html: str, *, quote_inline: bool = True, quoted: frozenset[str] = frozenset(),
    named: frozenset[str] | None = None,
) -> tuple[str, list[str], list[tuple[str, str]]]:
    """``html_text``, and (href, text) of each link whose text is not its href: what a
    reader is shown in its place (``Post.link_texts``)."""
    target, _ = _reader()  # the one html_text reads with: it keeps the labels, even should
    # the parser give up and be dropped
    body, links = html_text(html, quote_inline=quote_inline, quoted=quoted, named=named)
    if not links:
        return body, links, []
    return body, links, [(href, shown) for href, shown in target.labels if shown != href]


_READERS = threading.local()


def _reader() -> tuple[_PostText, etree.HTMLParser]:
    """This thread's target and the parser that feeds it, made once: making a parser with a
    target costs lxml an ``inspect`` of the target's methods, a quarter of reading a dump of
    statuses when it was made for each one."""
    made: tuple[_PostText, etree.HTMLParser] | None = getattr(_READERS, "reader", None)
    if made is None:
        target = _PostText()
        parser = etree.HTMLParser(target=target, encoding="utf-8", recover=True,
                                  no_network=True, remove_comments=True, remove_pis=True)
        made = _READERS.reader = (target, parser)
    return made
