"""What a landing page says about itself: title, canonical address, og tags, borrowed assets,
and whether it sends the reader on (meta refresh, plain JavaScript redirect).

Pages are hostile input. They are read in one pass of libxml2's HTML parser (lxml) with event
callbacks and no tree, from at most ``max_body`` bytes: the work is linear in the bytes read,
whatever the markup (a page of 120 KB of ``<a `` or 384 KB of ``<meta `` took minutes with
html.parser and a regular expression; it takes milliseconds here). The head's claims are read
from the head (up to ``<body>``, at most ``HEAD_LIMIT``), assets from the page. ``scan_page``
feeds the parsers slice by slice and yields between slices, so a run's deadline can stop it.
Pages are never executed: a JavaScript redirect is read with two bounded regular
expressions, on small pages only. Relative addresses in the head's claims and redirects are
resolved as a browser resolves them, against the first ``<base href>`` of the head
(``document_base``); assets against the document's own URL. A redirect to no web address
(``data:``, ``mailto:``, ``ftp:``, no host) is no redirect: a browser stays on the page, and
so does its evidence (a clone adding ``<meta http-equiv="refresh" content="1;url=data:,">``
must not hide itself as an "unsupported scheme").

The charset is taken from a byte-order mark, the HTTP header or a ``<meta charset>`` in the
first 1024 bytes, in that order; a name that is no document encoding (``idna``, ``punycode``,
``undefined``, an unknown one) is passed over, never an error: the page's evidence is kept.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import html
import math
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from threadscope.links.browser import browser_join

# Asset hosts kept per page: enough for any real page, bounded for hostile ones.
MAX_ASSET_HOSTS = 200
MAX_ASSET_CHARS = 64 * 1024
"""Characters of asset URLs kept per page. A run keeps a thousand pages in memory for reuse
(``enricher.KEEP_RESOLUTIONS``): 200 URLs of 2 KB each made a hostile page 0.4 MB there, a
run of such links 0.4 GB; real pages keep a few KB."""
# JavaScript redirects are only followed on small pages: a redirector stub is a few hundred
# bytes, while a real article has many scripts that assign location in event handlers.
JS_REDIRECT_MAX_BYTES = 16 * 1024
SLICE = 32 * 1024
"""Bytes fed to the parser between two chances for the event loop to cancel the scan."""
HEAD_LIMIT = 512 * 1024
"""Bytes read for the head's claims at most: the title, canonical and og tags of real pages
come after inline scripts and styles, well within this."""
MAX_VALUE = 2048
"""Longest attribute value or title kept (a URL longer than this is not one to follow)."""
_NOT_ASSETS = {"canonical", "alternate", "amphtml", "shortlink"}
_ASSET_ATTRIBUTES = {"img": "src", "script": "src", "link": "href", "a": "href"}
_REFRESH_URL = re.compile(r"""^\s*(\d*)(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?(.*)$""", re.I | re.S)
_JS_ASSIGN = re.compile(
    rb"""(?:(?:window|document|top|self|parent)\s*\.\s*)?location"""
    rb"""(?:\s*\.\s*href)?\s*=\s*(["'])([^"'\r\n]{1,2048})\1"""
)
_JS_CALL = re.compile(
    rb"""location\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"'\r\n]{1,2048})\1\s*\)"""
)
# ``setTimeout(function () { location.href = "…"; }, 8000)``, ``setTimeout(() =>
# location.replace("…"), 8000)``, ``setTimeout("location.href='…'", 8000)``: the timer's
# name shortly before the redirect, its delay right after it. Bounded both ways.
_TIMER_NAME = b"setTimeout"
_TIMER_LOOKBEHIND = 200
_TIMER_NUMBER = rb"\d{1,16}(?:\.\d{0,16})?(?:[eE]-?\d{1,3})?"
_TIMER_DELAY = re.compile(
    rb"""[\s;}"')]{0,16},\s*(""" + _TIMER_NUMBER
    + rb"(?:\s*[*+]\s*" + _TIMER_NUMBER + rb"""){0,8})\s*[,)]"""
)
"""The delay after the redirect: a number, or a sum of products of numbers (``60 * 1000``,
``1000*60*60*24``), as a page writes minutes and days."""
_TIMER_RANGE = 2**32
"""A timer's delay is a WebIDL ``long``: the number, truncated, modulo 2**32, as a signed
32-bit integer; a negative one is 0 (HTML's timer steps). ``2147483647`` waits 24.8 days,
``2147483648`` runs at once, ``4294975296`` (2**32 + 8000) waits 8 s."""
LONGEST_REFRESH = 999_999_999_999.0
"""Seconds a meta refresh is reported to wait at most (twelve digits: 31,700 years)."""
LONG_DELAY = 3.0
"""Seconds from which a page that sends its reader on has been *seen*: its refresh or timer
waits at least this long. Redirect stubs wait 0 or 1 second (the old "you are being
redirected" idiom writes ``content="0"`` or ``"1"``; Google reads ``0`` as a redirect and any
delay as a page shown first); a reader takes in what a page claims to be (its title, logo,
masthead) within a second or two of seeing it, so a page held for three seconds or more
has been read as what it claims, whatever comes after. Such a page is the one the reader
sees first (``first_page``), judged beside the one it leads to."""
# WHATWG's prescan looks at the first 1024 bytes; bounded repetition keeps it linear.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
                           re.IGNORECASE)
_HEAD_MARK = re.compile(rb"<(?:!--|script[\s>/]|style[\s>/]|body[\s>/])", re.IGNORECASE)
_RAW_TEXT_END = {b"!--": re.compile(rb"-->"), b"scr": re.compile(rb"</script", re.IGNORECASE),
                 b"sty": re.compile(rb"</style", re.IGNORECASE)}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_WEB_CODECS = {
    # Python's codec name → the codec a browser decodes with (the WHATWG Encoding Standard:
    # ASCII and Latin-1 are read as windows-1252, ISO-8859-9 as windows-1254, GB2312 as GBK,
    # Shift_JIS as Microsoft's, EUC-KR as windows-949).
    **{name: name for name in (
        "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6",
        "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "cp874", "cp1250", "cp1251", "cp1252",
        "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "mac-cyrillic", "gbk",
        "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949", "utf-16-le",
        "utf-16-be", "hz", "iso2022_kr")},
    "ascii": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "iso8859-9": "cp1254",
    "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gbk", "big5": "big5hkscs",
    "shift_jis": "cp932", "euc_kr": "cp949", "utf-16": "utf-16-le",
}
"""The encodings a browser decodes a page with, as Python names them. Any other codec Python
knows (UTF-32, EBCDIC's ``cp037`` and ``cp500``, ``utf-7``, ``idna``, ``rot13`` …) is a label
a browser does not know and passes over: decoding with it turned a clone's ASCII head into
noise for us alone (``charset=cp037`` hid the title and canonical readers see)."""
_WEB_LABELS = {
    # WHATWG labels Python does not know (or knows as something else).
    "windows-874": "cp874", "dos-874": "cp874", "mac": "mac-roman", "x-mac-roman": "mac-roman",
    "csmacintosh": "mac-roman", "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic", "windows-31j": "cp932", "ms_kanji": "cp932",
    "x-sjis": "cp932", "windows-949": "cp949", "koi": "koi8-r", "koi8": "koi8-r",
    "unicode": "utf-16-le", "ucs-2": "utf-16-le", "csunicode": "utf-16-le",
    "iso-10646-ucs-2": "utf-16-le", "unicodefeff": "utf-16-le", "unicodefffe": "utf-16-be",
    "x-user-defined": "cp1252", "x-cp1250": "cp1250", "x-cp1251": "cp1251",
    "x-cp1252": "cp1252", "x-cp1253": "cp1253", "x-cp1254": "cp1254", "x-cp1255": "cp1255",
    "x-cp1256": "cp1256", "x-cp1257": "cp1257", "x-cp1258": "cp1258", "x-gbk": "gbk",
    "x-euc-jp": "euc_jp", "iso-8859-8-i": "iso8859-8", "logical": "iso8859-8",
    "visual": "iso8859-8",
}
_UTF16 = frozenset({"utf-16-le", "utf-16-be"})


@dataclass(frozen=True)
class RawPage:
    """The page as parsed, before a brand registry judges it (what the cache keeps)."""

    title: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    site_name: str | None = None
    assets: tuple[str, ...] = ()
    """One absolute URL per distinct host of images, scripts, stylesheets and links."""
    truncated: bool = False
    header_canonical: str | None = None
    """The canonical address the answer's ``Link`` header names (``link_header``), absolute:
    the same claim as ``canonical``, made in the headers (of any body, a PDF's too)."""


@dataclass(frozen=True)
class FirstShown:
    """A page the reader sees first (``ScannedPage.shown``) on the way to another page: where
    it was (``url``), how it sends the reader on (``via``: ``meta-refresh``, ``javascript``)
    and after how many seconds (``delay``)."""

    url: str
    via: str
    delay: float
    page: RawPage


@dataclass(frozen=True)
class ScannedPage:
    page: RawPage
    refresh: tuple[str, str] | None
    """``(absolute target, via)`` when the page sends the reader on by itself."""
    delay: float = 0.0
    """Seconds the page waits before it sends the reader on: the meta refresh's number, a
    JavaScript redirect's ``setTimeout`` (0 for one that runs at once)."""

    @property
    def shown(self) -> bool:
        """True when the page is seen before it sends the reader on (``LONG_DELAY``)."""
        return self.refresh is not None and self.delay >= LONG_DELAY


# --------------------------------------------------------------------------- charset


def document_codec(name: str | None) -> str | None:
    """The codec a browser decodes with for a charset label (``_WEB_CODECS``), or None for a
    label no browser takes (unknown, or a codec no web page is in)."""
    if not name:
        return None
    label = name.strip().strip("\"'").strip().lower()
    if label in _WEB_LABELS:
        return _WEB_LABELS[label]
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    return _WEB_CODECS.get(info.name)


def _declared_charset(body: bytes) -> str | None:
    """The ``<meta charset>`` of the first 1024 bytes. One that names UTF-16 is read as UTF-8,
    as HTML's prescan reads it: bytes that spell ``<meta charset=utf-16>`` in ASCII are no
    UTF-16 (a clone writing it hid its head from us, never from a browser)."""
    found = _META_CHARSET.search(body, 0, 1024)
    if not found:
        return None
    label = found.group(1).decode("ascii")
    return "utf-8" if document_codec(label) in _UTF16 else label


def decode(body: bytes, encoding: str | None) -> str:
    """The page as text: byte-order mark, then the header's charset, then ``<meta charset>``,
    then UTF-8; undecodable bytes become U+FFFD. Never raises."""
    candidates: list[str | None] = [name for bom, name in _BOMS if body.startswith(bom)]
    candidates += [encoding, _declared_charset(body), "utf-8"]
    for candidate in candidates:
        codec = document_codec(candidate)
        if codec is None:
            continue
        try:
            return body.decode(codec, errors="replace")
        except (UnicodeError, LookupError, ValueError, TypeError):
            continue  # a codec that cannot even replace: try the next
    return body.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- parsing


def _join(base_url: str, value: str) -> str | None:
    try:
        return browser_join(base_url, value)
    except ValueError:  # "http://[bad": no address at all
        return None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _value(attrib: Any, name: str) -> str | None:
    value = attrib.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value[:MAX_VALUE] if value else None


_INERT = frozenset({"noscript", "template"})


@dataclass
class _Head:
    """Parser target for the head: the first title, canonical link, og tags and refresh.

    It has a ``data`` method (for the title), which costs a Python call per text node: so it
    is fed only what comes before the first ``<body`` tag, and at most ``HEAD_LIMIT`` bytes.
    (Not up to the body libxml2 implies: stray text or a ``<div>`` in a sloppy head implies
    one, and the claims after it would be lost.)
    """

    title: list[str] | None = None
    in_title: int = 0
    title_length: int = 0
    canonical: str | None = None
    og_url: str | None = None
    site_name: str | None = None
    refresh: str | None = None
    base: str | None = None
    """The ``href`` of the first ``<base>`` that has one, as written (empty when blank)."""
    inert: int = 0
    """Depth inside ``<noscript>`` or ``<template>``: a refresh there is none (a browser
    running scripts reads a ``noscript`` as text, a ``template``'s content is never active),
    so a clone cannot send us on to the real site from there while its readers stay."""

    def reset(self) -> None:
        self.title, self.in_title, self.title_length, self.inert = None, 0, 0, 0
        self.canonical = self.og_url = self.site_name = self.refresh = self.base = None

    def start(self, tag: str, attrib: Any) -> None:
        if tag in _INERT:
            self.inert += 1
        if tag == "title" and self.title is None:
            self.title = []
            self.in_title = 1
        elif self.in_title:
            self.in_title += 1
        if tag == "meta":
            self._meta(attrib)
        elif tag == "link" and self.canonical is None and "canonical" in _rels(attrib):
            self.canonical = _value(attrib, "href")
        elif tag == "base" and self.base is None and isinstance(attrib.get("href"), str):
            self.base = _value(attrib, "href") or ""

    def _meta(self, attrib: Any) -> None:
        key = (_value(attrib, "property") or _value(attrib, "name") or "").lower()
        if key == "og:url" and self.og_url is None:
            self.og_url = _value(attrib, "content")
        elif key == "og:site_name" and self.site_name is None:
            self.site_name = _value(attrib, "content")
        equiv = (_value(attrib, "http-equiv") or "").lower()
        if equiv == "refresh" and self.refresh is None and not self.inert:
            self.refresh = _value(attrib, "content") or ""

    def end(self, tag: str) -> None:
        if tag in _INERT and self.inert:
            self.inert -= 1
        if self.in_title:
            self.in_title -= 1

    def data(self, text: str) -> None:
        if self.in_title and self.title is not None and self.title_length < MAX_VALUE:
            self.title.append(text)
            self.title_length += len(text)

    def close(self) -> None:
        return None


@dataclass
class _Assets:
    """Parser target for the whole page: one asset URL per host, up to ``MAX_ASSET_HOSTS``
    hosts and ``MAX_ASSET_CHARS`` characters. Start tags only (no text callbacks), so a page
    costs one call per tag."""

    base_url: str
    hosts: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    chars: int = 0

    @property
    def full(self) -> bool:
        return len(self.hosts) >= MAX_ASSET_HOSTS or self.chars >= MAX_ASSET_CHARS

    def reset(self, base_url: str) -> None:
        self.base_url = base_url
        self.hosts = {}
        self.seen = set()
        self.chars = 0

    def start(self, tag: str, attrib: Any) -> None:
        attribute = _ASSET_ATTRIBUTES.get(tag)
        if attribute is None or self.full:
            return
        if tag == "link" and _rels(attrib) & _NOT_ASSETS:
            return  # the page's claims about itself are judged on their own
        value = _value(attrib, attribute)
        if value is None or value in self.seen:
            return
        if len(self.seen) < 10 * MAX_ASSET_HOSTS:
            self.seen.add(value)
        absolute = _join(self.base_url, value)
        host = _host(absolute) if absolute else ""
        if absolute and host and host not in self.hosts:
            self.hosts[host] = absolute
            self.chars += len(absolute)

    def close(self) -> None:
        return None


def _rels(attrib: Any) -> set[str]:
    return {value.lower() for value in (_value(attrib, "rel") or "").split()}


def _parser(target: _Head | _Assets) -> etree.HTMLParser:
    return etree.HTMLParser(target=target, encoding="utf-8", recover=True, no_network=True,
                            remove_comments=True, remove_pis=True)


class _Scanner:
    """Both targets and their parsers. Making a parser with a Python target costs ~0.2 ms,
    ten times the parse of a small page, so scanners are kept and reused (``_scanner``)."""

    def __init__(self) -> None:
        self.head = _Head()
        self.assets = _Assets("")
        self.head_parser = _parser(self.head)
        self.asset_parser = _parser(self.assets)
        self.closed = True

    def open(self, base_url: str) -> None:
        self.head.reset()
        self.assets.reset(base_url)
        self.closed = False

    def close(self) -> bool:
        """End both parses (the last end events arrive now); False if a parser failed."""
        if self.closed:
            return True
        self.closed = True
        return _feed(self.head_parser, None) & _feed(self.asset_parser, None)


_FREE = threading.local()
_KEEP_SCANNERS = 8


@contextlib.contextmanager
def _scanner(base_url: str) -> Iterator[_Scanner]:
    """A scanner of this thread's, for one page at a time (scans interleave on an event loop,
    so each takes its own); back to the pool when its parsers closed cleanly."""
    free: list[_Scanner] = _FREE.__dict__.setdefault("scanners", [])
    scanner = free.pop() if free else _Scanner()
    scanner.open(base_url)
    try:
        yield scanner
    finally:
        if scanner.close() and len(free) < _KEEP_SCANNERS:
            free.append(scanner)


def _utf8(body: bytes, encoding: str | None) -> bytes:
    """Decoded by our rules, then as UTF-8 (lone surrogates from a hostile charset become
    "?"), the parser being told so: a <meta charset> cannot make libxml2 switch again."""
    return decode(body, encoding).encode("utf-8", errors="replace")


def _steps(data: bytes, scanner: _Scanner) -> Iterator[None]:
    """Feed the page to both parsers one slice at a time; yield between slices."""
    head_end = _head_end(data)
    head_on = asset_on = True
    for start in range(0, len(data), SLICE):
        chunk = data[start : start + SLICE]
        if head_on and start < head_end:
            head_on = _feed(scanner.head_parser, chunk[: head_end - start])
        if asset_on:
            asset_on = _feed(scanner.asset_parser, chunk) and not scanner.assets.full
        if not ((head_on and start + SLICE < head_end) or asset_on):
            return
        yield


def _head_end(data: bytes) -> int:
    """Where the head ends: the first ``<body`` tag that is markup, not words inside a comment,
    script or style (a ``<!--<body>-->`` before the canonical link must not hide it).

    One pass: each comment, script or style is skipped to its end with ``find``, so a page of
    unclosed ``<!--`` costs one scan, not one per opener.
    """
    limit = min(len(data), HEAD_LIMIT)
    position = 0
    while (mark := _HEAD_MARK.search(data, position, limit)) is not None:
        opener = data[mark.start() + 1 : mark.start() + 4].lower()
        if opener == b"bod":
            return mark.start()
        end = _RAW_TEXT_END[opener].search(data, mark.end(), limit)
        if end is None:
            return limit
        position = end.end()
    return limit


def _feed(parser: etree.HTMLParser, chunk: bytes | None) -> bool:
    """Feed a chunk (None: close); False when the parser gave up (what it collected stays)."""
    try:
        if chunk is None:
            parser.close()
        else:
            parser.feed(chunk)
    except (etree.LxmlError, ValueError, TypeError):
        return False
    return True


def document_base(document_url: str, base_href: str | None) -> str:
    """The URL a page's relative addresses are resolved against, as browsers and search
    engines resolve them: the first ``<base href>`` (``base_href``), itself resolved against
    the document's URL, else that URL.

    A base that gives no web address (``javascript:``, ``data:``, ``file:``, ``mailto:``, an
    unparseable one, one without a host) is passed over: the document's URL stays the base.
    A base is no claim of its own: only what the page's canonical, og:url or refresh write is
    resolved against it, and what that yields is judged as an address written out in full
    (``evidence.namesake_claim``' rules; a refresh target through the address guard)."""
    if not base_href:
        return document_url
    base = _join(document_url, base_href)
    return base if base is not None and web_address(base) else document_url


def web_address(url: str) -> bool:
    """True for an http(s) URL with a host and a port that is a number: an address on the
    web. (A host no request can carry is one still: following it ends the chain with
    ``invalid url``, as the contract has it.)"""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is no number: no address at all
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _result(scanner: _Scanner, body: bytes, document_url: str,
            truncated: bool) -> ScannedPage:
    scanner.close()
    head, assets = scanner.head, scanner.assets
    base_url = document_base(document_url, head.base)
    title = " ".join("".join(head.title or ()).split())[:500] or None
    canonical = _join(base_url, head.canonical) if head.canonical else None
    og_url = _join(base_url, head.og_url) if head.og_url else None
    page = RawPage(
        title=title,
        canonical=canonical,
        og_url=og_url,
        site_name=head.site_name,
        assets=tuple(assets.hosts.values()),
        truncated=truncated,
    )
    meta = _meta_refresh(head.refresh, base_url)
    if meta is not None:
        return ScannedPage(page, meta[:2], meta[2])
    script = _js_redirect(body, base_url)
    if script is not None:
        return ScannedPage(page, script[:2], script[2])
    return ScannedPage(page, None)


async def scan_page(body: bytes, document_url: str, encoding: str | None,
                    truncated: bool) -> ScannedPage:
    """The page's claims and redirect, parsed in slices with the event loop free between
    them: a cancelled task (the run's deadline) stops parsing at the next slice."""
    data = _utf8(body, encoding)
    with _scanner(document_url) as scanner:
        for _ in _steps(data, scanner):
            await asyncio.sleep(0)
        return _result(scanner, body, document_url, truncated)


def scan_page_now(body: bytes, document_url: str, encoding: str | None,
                  truncated: bool) -> ScannedPage:
    """``scan_page`` without an event loop (the same work in one go)."""
    data = _utf8(body, encoding)
    with _scanner(document_url) as scanner:
        for _ in _steps(data, scanner):
            pass
        return _result(scanner, body, document_url, truncated)


def parse_page(body: bytes, document_url: str, encoding: str | None, truncated: bool) -> RawPage:
    """Parse at most what was read; any bytes give a RawPage (possibly empty), never an error."""
    return scan_page_now(body, document_url, encoding, truncated).page


# --------------------------------------------------------------------------- redirects


def _unquote_refresh(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
        value = value[1:-1]
    return value.strip()


_ASCII_SPACE = " \t\n\f\r"
_DELAY_START = tuple("0123456789.")


def _meta_refresh(content: str | None, base_url: str) -> tuple[str, str, float] | None:
    """``(target, "meta-refresh", delay)``; the delay is the whole seconds written (as
    browsers read it: ``5.9`` waits 5 s; ``.5`` none). Content that does not begin with a
    delay is no refresh (HTML's shared declarative refresh steps)."""
    if not content:
        return None
    if not content.lstrip(_ASCII_SPACE).startswith(_DELAY_START):
        # No delay first (``url=…``, ``x;url=…``, ``;url=…``): HTML's refresh steps end
        # there, and Chromium does nothing. The reader stays on the page: it is the landing,
        # and its claims count (followed, a clone hid behind ``url=`` its real site's page).
        return None
    match = _REFRESH_URL.match(content)
    target = _unquote_refresh(match.group(2)) if match else ""
    absolute = _join(base_url, target) if target else None
    if not (absolute and web_address(absolute)):
        return None
    digits = match.group(1) if match else ""
    # More digits than any delay needs say "never" all the same: kept at the largest of
    # twelve, not cut to the first twelve (10000000000000 is no 1000000000000).
    return absolute, "meta-refresh", min(float(digits or 0), LONGEST_REFRESH)


REFRESH_HEADER = "refresh-header"
"""The ``via`` of a hop a ``Refresh`` response header sent the reader to."""


def header_refresh(value: str | None, document_url: str) -> tuple[str, str, float] | None:
    """``(target, REFRESH_HEADER, delay)`` for a ``Refresh`` response header: every browser
    obeys it as it obeys ``<meta http-equiv="refresh">``, with the same content rules, the
    target resolved against the document's URL. On an HTML page it wins over the page's own
    meta refresh (HTML: a document refreshes once, and the header is read first)."""
    found = _meta_refresh(value, document_url)
    return None if found is None else (found[0], REFRESH_HEADER, found[2])


_HTML_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)(?:</script\s*>|\Z)", re.I | re.S)
_SCRIPT_TYPE = re.compile(rb"""\btype\s*=\s*["']?\s*([^"'\s>]*)""", re.I)
_SCRIPT_SRC = re.compile(rb"(?:^|\s)src\s*=", re.I)
_ONLOAD = re.compile(rb"""<body\b[^>]*?\sonload\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def _running_code(body: bytes) -> bytes:
    """The JavaScript a browser runs by itself on loading the page: the bodies of its scripts
    of a JavaScript type and the body's ``onload``, without their comments, each on a line
    of its own. Words that only read as a redirect (in an HTML comment, a JavaScript
    comment, a ``text/plain`` script, a ``<textarea>``, the text) run nowhere: a clone that
    writes ``<!-- location.href="https://www.welt.de/" -->`` stays where readers see it."""
    page = _HTML_COMMENT.sub(b" ", body)
    code = [script for attributes, script in _SCRIPT.findall(page) if _runs(attributes)]
    code += [html.unescape((a or b).decode("latin-1")).encode("latin-1", errors="replace")
             for a, b in _ONLOAD.findall(page)]
    return b"\n".join(_without_comments(part.decode("latin-1")).encode("latin-1")
                      for part in code)


def _runs(attributes: bytes) -> bool:
    """True for a script of no type or a JavaScript one (``module``, ``text/javascript``)
    that has no ``src`` (a browser runs the file then, never the text inside)."""
    if _SCRIPT_SRC.search(attributes):
        return False
    found = _SCRIPT_TYPE.search(attributes)
    kind = found.group(1).lower() if found else b""
    return kind in (b"", b"module") or b"javascript" in kind or b"ecmascript" in kind


def _without_comments(code: str) -> str:
    """JavaScript ``code`` without its ``/* */``, ``//`` and HTML-like (``<!--``, ``-->``)
    comments; strings are kept whole (``"https://…"`` holds no comment)."""
    kept: list[str] = []
    position, end, quote = 0, len(code), ""
    while position < end:
        char = code[position]
        if quote:
            if char == "\\":
                kept.append(code[position : position + 2])
                position += 2
                continue
            if char == quote or (char == "\n" and quote != "`"):
                quote = ""
        elif char in "'\"`":
            quote = char
        elif code.startswith("/*", position):
            close = code.find("*/", position + 2)
            position = end if close < 0 else close + 2
            kept.append(" ")
            continue
        elif code.startswith(("//", "<!--", "-->"), position):
            close = code.find("\n", position)
            position = end if close < 0 else close
            continue
        kept.append(char)
        position += 1
    return "".join(kept)


def _js_redirect(body: bytes, base_url: str) -> tuple[str, str, float] | None:
    if len(body) > JS_REDIRECT_MAX_BYTES:
        return None
    if b"location" not in body:
        return None  # most pages: no redirect written anywhere, no code to read
    body = _running_code(body)
    for pattern in (_JS_CALL, _JS_ASSIGN):
        found = pattern.search(body)
        if found is not None:
            target = found.group(2).decode("utf-8", errors="replace").strip()
            if target and not target.lower().startswith(("javascript:", "#")):
                absolute = _join(base_url, target)
                if not (absolute and web_address(absolute)):
                    return None
                return absolute, "javascript", _timer_delay(body, found)
    return None


def _timer_delay(body: bytes, redirect: re.Match[bytes]) -> float:
    """Seconds of the ``setTimeout`` a redirect is wrapped in, 0 when it runs at once."""
    before = body[max(0, redirect.start() - _TIMER_LOOKBEHIND) : redirect.start()]
    if _TIMER_NAME not in before:
        return 0.0
    after = _TIMER_DELAY.match(body, redirect.end())
    return _timer_milliseconds(after.group(1)) / 1000 if after else 0.0


def _timer_milliseconds(written: bytes) -> int:
    """The milliseconds a browser waits for a ``setTimeout`` delay written as ``written``
    (``_TIMER_RANGE``): a delay of ten digits or more (days) is a page shown, not a stub."""
    number = sum(math.prod(float(factor) for factor in term.split(b"*"))
                 for term in written.split(b"+"))
    if not math.isfinite(number):
        return 0
    wrapped = int(number) % _TIMER_RANGE
    return wrapped if wrapped < _TIMER_RANGE // 2 else 0


def find_refresh(body: bytes, document_url: str) -> tuple[str, str] | None:
    """``(absolute target, via)`` for an HTML meta refresh or a plain JavaScript redirect."""
    return scan_page_now(body, document_url, None, False).refresh
