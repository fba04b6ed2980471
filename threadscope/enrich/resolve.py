"""Following a link hop by hop: HTTP redirects, meta refresh and plain JavaScript redirects.

httpx is told not to follow redirects (``follow_redirects=False``): our loop does, so every
request lands in the chain with its status, the address guard sees every hop, credentials in a
``Location`` are stripped and a loop is caught by the URLs seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from threadscope.enrich.body import PACE, Body, LimitedInflater, cut_short, read_limited
from threadscope.enrich.client import Headers, HttpClient, StreamedResponse, get, proxied
from threadscope.enrich.guard import check_literal, system_lookup
from threadscope.enrich.limits import Limiter
from threadscope.enrich.link_header import canonical_link
from threadscope.enrich.page import (
    LONG_DELAY,
    FirstShown,
    RawPage,
    header_refresh,
    scan_page,
)
from threadscope.enrich.reachability import Reachability
from threadscope.errors import FetchError
from threadscope.links.browser import browser_join, browser_slashes
from threadscope.links.hosts import (
    LinkError,
    ends_in_number,
    is_ip_literal,
    whatwg_ipv4,
    wire_host,
)
from threadscope.models import Hop, NetworkOptions

DRAIN_LIMIT = 64 * 1024
LINK_BUDGET = 3
"""A link's whole chain of requests takes at most this many ``--timeout``s: each hop is held
to the timeout, but a host answering every hop just inside it held a link for ``max_hops``
of them, and a dump of such links every slot of a run until its deadline."""
DRAIN_TIME = 1.0
"""Seconds a leftover body may take to arrive before its connection is dropped instead."""
MAX_URL = 16 * 1024
"""Longest redirect target followed. httpcore takes a ``Location`` of up to 100 KB: ten hops
of those, in each of the thousand chains a run keeps for reuse, were a gigabyte."""
# Everything a hop may fail with; each becomes the link's error. (httpx.InvalidURL and
# httpx.StreamError are not HTTPErrors.)
FAILURES = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, FetchError, TimeoutError,
             OSError, ValueError)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Media types whose bodies are read for a page's claims: what a browser renders as HTML."""
_MEDIA_TYPE = re.compile(r"[!#$%&'*+.^_`|~0-9a-z-]+/[!#$%&'*+.^_`|~0-9a-z-]+\Z")
CONFLICTING_REDIRECT = "conflicting redirect"
"""The ``error`` of a redirect that names two different targets (two ``Location`` headers)."""
PROXY_ERROR = "proxy error"
CUT_BY_TIMEOUT = "timeout: page cut off"
"""The ``error`` of a page the timeout cut off mid-body: what arrived is its evidence."""
UNSAFE_PORT = "blocked: unsafe port"
"""The ``error`` of a hop to a port browsers never send HTTP to (``BAD_PORTS``)."""
BAD_PORTS = frozenset({
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
    101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
    389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
    636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
    6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
})
"""Fetch's "bad ports": SMTP, SSH, IRC, SIP … A link or a redirect to ``http://host:25/``
made us speak HTTP to a mail server (cross-protocol requests, from the researcher's own
address, to any public host an attacker names), where a browser stops at once
(``ERR_UNSAFE_PORT``): the reader never sees anything there either."""
_GATEWAY_FAILURES = frozenset({502, 504})
"""Statuses a proxy answers when it got no (timely) answer from the host (RFC 9110 15.6.3,
15.6.5): through a proxy, the host is as good as dead."""


@dataclass(frozen=True)
class Resolution:
    chain: tuple[Hop, ...]
    final_url: str | None
    """Where the link lands: the last URL reached, or, when the chain failed, the page that
    sent the reader on to the hop that failed (``page`` is then that page's), else the URL
    it failed at."""
    error: str | None = None
    body: Body | None = None
    page: RawPage | None = None
    """The landing page as parsed (from ``body``), when one was read."""
    first: FirstShown | None = None
    """The first page on the way that the reader saw before it sent them on (a refresh or
    timer of ``page.LONG_DELAY`` seconds or more), when it is not the landing page."""


def strip_userinfo(url: str) -> str:
    """Drop ``user:pass@`` so that no credentials are ever sent (and none are logged)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # unparseable: left for the request to fail on, with an error
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _connect_error(error: httpx.HTTPError) -> str:
    """A short stable reason from the chain of causes behind an httpx error."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, ssl.SSLError):
            return "tls error"
        if isinstance(cause, OSError) and "Name or service not known" in str(cause):
            return "dns failure"
        cause = cause.__cause__ or cause.__context__
    text = str(error).lower()
    if "refused" in text:
        return "connection refused"
    if "ssl" in text or "certificate" in text or "tls" in text:
        return "tls error"
    if "name or service" in text or "getaddrinfo" in text or "nodename" in text:
        return "dns failure"
    return "connection failed"


def translate(error: BaseException) -> str:
    """httpx and asyncio failures → the contract's short ``error`` values."""
    if isinstance(error, FetchError):
        return str(error)
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return "timeout"
    if isinstance(error, httpx.ProxyError):
        return "proxy error"
    if isinstance(error, httpx.ConnectError):
        return _connect_error(error)
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid url"
    if isinstance(error, httpx.RemoteProtocolError | httpx.LocalProtocolError):
        return "protocol error"
    if isinstance(error, httpx.DecodingError):
        return "bad encoding"
    if isinstance(error, UnicodeError):  # idna.IDNAError: httpx refusing a label we took
        return "invalid url"
    return "network error"


async def _drain(response: StreamedResponse) -> None:
    """Read a small leftover body so that the connection can be reused (a redirect's
    "Moved" page); a big one is not worth it, nor one slow to come or cut off: the
    connection is closed instead. A browser follows a redirect without its body, so a
    server that holds or breaks it must not stop us there either."""
    size = count = 0
    try:
        async with asyncio.timeout(DRAIN_TIME):
            async for chunk in response.aiter_raw():
                size += len(chunk)
                if size > DRAIN_LIMIT:
                    return
                count += 1
                if count % PACE == 0:
                    await asyncio.sleep(0)  # 64 KiB of 1-byte chunks: body.PACE
    except (TimeoutError, httpx.ReadError, httpx.RemoteProtocolError):
        return


def _target(url: str, location: str) -> str:
    """Where a redirect points, as a browser resolves it; a ``Location`` that is no URL at
    all (``http://[::1``) as written, for the next hop to fail on as ``invalid url`` (the
    hop that answered keeps its status)."""
    try:
        return browser_join(url, location)
    except ValueError:
        return location


def same_document(target: str, url: str) -> bool:
    """True when ``target`` is ``url`` itself, or one of its fragments (``#top``): a refresh
    or script there stays on the page (HTML navigates to a fragment without a fetch). It
    was followed as a new hop, and the page came back as a "redirect loop"."""
    return target.partition("#")[0] == url.partition("#")[0]


def redirect_locations(headers: Headers) -> list[str]:
    """The distinct targets a redirect's ``Location`` headers name: none (no header, or only
    empty ones: no redirect), one, or several. Several is an answer no browser follows
    (Chrome: ``ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION``; Firefox: corrupted content), and
    which one a client picks is the attacker's choice of hiding place (one target for us,
    another for readers), so it is the hop's ``error`` (``CONFLICTING_REDIRECT``); the same
    target repeated is one target, as browsers take it."""
    distinct = list(dict.fromkeys(value.strip() for value in headers.get_list("location")))
    if distinct == [""] or not distinct:
        return []
    return distinct


def _refresh_header(headers: Headers, url: str) -> tuple[str, str, float] | None:
    """The ``Refresh`` header's redirect (``page.header_refresh``); of several, the first,
    as one document refreshes once."""
    values = headers.get_list("refresh")
    return header_refresh(values[0], url) if values else None


def _split_header(value: str) -> list[str]:
    """A header value split at its commas, except those inside a quoted string (Fetch's
    "get, decode, and split"): ``text/plain; x="a, text/html"`` is one value."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def declared_media_type(headers: Headers) -> str | None:
    """The media type ``Content-Type`` declares, read as Fetch's "extract a MIME type" reads
    it: of several (repeated headers, or values joined by commas) the last valid one wins;
    None when there is none that is valid (no header, or junk), where a browser sniffs."""
    found = None
    for header in headers.get_list("content-type"):
        for value in _split_header(header):
            essence = value.split(";", 1)[0].strip(" \t").lower()
            if _MEDIA_TYPE.match(essence) and essence != "*/*":
                found = essence
    return found


def reads_as_html(headers: Headers) -> bool:
    """True when a browser would render the body as HTML: declared ``text/html`` or
    ``application/xhtml+xml``, or declared as nothing usable (a browser sniffs it then, and
    renders a page that looks like HTML as HTML). Any other declared type (``text/plain``,
    ``image/png``, ``application/json``) is shown as what it says it is: the markup in it
    is text no reader sees as a page, and its canonical or ``og:url`` claims nothing."""
    kind = declared_media_type(headers)
    return kind is None or kind in _HTML_TYPES


class _Connected:
    """httpcore's trace of one hop: whether a TCP connection was made for it. A connection
    that was accepted means a peer is there (the host, or the proxy), even if it then never
    answers (a tarpit): silence after it says nothing about the network."""

    def __init__(self) -> None:
        self.made = False

    async def __call__(self, name: str, info: dict[str, Any]) -> None:
        if name == "connection.connect_tcp.complete":
            self.made = True


def failed_at_proxy(response: StreamedResponse) -> bool:
    """True for an answer a proxy made up because the host failed: a 502 or 504, or another
    5xx that says so (RFC 9209's ``Proxy-Status`` with an ``error``, Squid's
    ``X-Squid-Error``). Only asked of answers that came through a proxy. The host's own
    error relayed as 502 is no page either: the reader sees an error, not the host's page."""
    status = response.status_code
    if status in _GATEWAY_FAILURES:
        return True
    if not 500 <= status <= 599:
        return False
    proxy_status = str(response.headers.get("proxy-status", "")).lower()
    return "error=" in proxy_status or response.headers.get("x-squid-error") is not None


def guarded_url(url: str, allow_private: bool = False) -> tuple[str, str]:
    """``(URL to request, its host)``: the URL with its host as it goes on the wire, after
    the address check of that very host (skipped with ``allow_private``).

    The check and the request see one spelling: a host the URL writes as ``127。0。0。1``
    or ``%31%32%37.0.0.1`` is requested, and checked, as ``127.0.0.1``. Without this, a
    proxy would be handed a spelling the check never recognised and fetch loopback.
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:  # http://[::1 : no address at all
        raise FetchError("invalid url") from error
    if parts.scheme not in ("http", "https"):
        raise FetchError("unsupported scheme")
    if not parts.hostname or (parts.netloc.rpartition("@")[2].startswith("[")
                              and not is_ip_literal(parts.hostname)):
        raise FetchError("invalid url")  # [v1.x]: an IPvFuture literal, unbracketed
    try:
        host = wire_host(parts.hostname)
        port = parts.port
    except (LinkError, ValueError) as error:
        raise FetchError("invalid url") from error
    if ":" not in host and ends_in_number(host) and whatwg_ipv4(host) is None:
        raise FetchError("invalid url")  # welt.1, 1.2.3.999: a browser refuses it too
    if not allow_private:
        # Literals and internal names are refused here, before any request; names are
        # resolved and vetted when a direct connection is made (``client.PinnedBackend``);
        # behind a proxy, the proxy resolves them.
        check_literal(host)
    if port in BAD_PORTS:  # after the address check: an inside address is said to be one
        raise FetchError(UNSAFE_PORT)
    if host == parts.hostname:
        return url, host
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port is not None else ""
    return urlunsplit(parts._replace(netloc=netloc)), host


@dataclass(frozen=True)
class _Step:
    hop: Hop
    next_url: str | None = None
    next_via: str = "http"
    body: Body | None = None
    page: RawPage | None = None
    shown: bool = False
    """The page is seen before it sends the reader on (``ScannedPage.shown``)."""
    delay: float = 0.0
    cut: bool = False
    """The page arrived in part, cut by the timeout: the link lands on it (its error says
    so); a redirect in what arrived is not followed."""


class _Reading:
    """A page being read: its hop and the bytes taken so far, kept beyond a timeout."""

    def __init__(self, hop: Hop, response: StreamedResponse, limit: int,
                 header_canonical: str | None) -> None:
        self.hop = hop
        self.header_canonical = header_canonical
        self.encoding = response.charset_encoding
        self.inflater = LimitedInflater(response.headers.get("content-encoding", ""), limit)
        self.body: Body | None = None
        """The body once read to its end (or to the limit)."""


async def _cut_by_timeout(reading: _Reading, url: str) -> _Step:
    """The page as far as it came before the timeout, as a browser shows it: what it claims
    to be (title, og:site_name, canonical …) is read from that; the hop, and the link, end
    with ``CUT_BY_TIMEOUT``. A host that sends its head and then stalls kept no evidence."""
    body = cut_short(reading.inflater, reading.encoding)
    scanned = await scan_page(body.data, url, body.encoding, body.truncated)
    hop = dataclasses.replace(reading.hop, error=CUT_BY_TIMEOUT)
    page = _with_header_claims(scanned.page, reading.header_canonical)
    return _Step(hop, body=body, page=page, cut=True)


def _with_header_claims(page: RawPage, header_canonical: str | None) -> RawPage:
    """The page with the canonical address its ``Link`` header names (``link_header``)."""
    if header_canonical is None:
        return page
    return dataclasses.replace(page, header_canonical=header_canonical)


def _header_canonical(headers: Headers, url: str) -> str | None:
    """The ``Link`` headers' canonical address (``link_header.canonical_link``)."""
    values = headers.get_list("link")
    return canonical_link(values, url) if values else None


def _not_a_page(hop: Hop, url: str, refresh_header: tuple[str, str, float] | None,
                header_canonical: str | None) -> _Step:
    """A hop whose body is no HTML (a PDF, an image, text): its markup claims nothing, but
    its ``Link`` header's canonical address does, as it does for any body (search engines
    read it so for PDFs): then the hop has a page of that claim alone."""
    page = RawPage(header_canonical=header_canonical) if header_canonical else None
    if refresh_header is None or same_document(refresh_header[0], url):
        return _Step(hop, page=page)
    return _Step(hop, strip_userinfo(refresh_header[0]), refresh_header[1], page=page,
                 shown=refresh_header[2] >= LONG_DELAY, delay=refresh_header[2])


class Resolver:
    """Follows links with one shared client, limiter and set of options."""

    def __init__(self, client: HttpClient, options: NetworkOptions,
                 limiter: Limiter | None = None,
                 reachability: Reachability | None = None) -> None:
        self.client = client
        self.options = options
        self.limiter = limiter or Limiter(options.concurrency, options.host_limit)
        self.reachability = reachability or Reachability(
            getattr(client, "lookup", system_lookup), options.timeout
        )

    def _guard(self, url: str) -> tuple[str, str]:
        """``guarded_url`` under this run's ``--allow-private``."""
        return guarded_url(url, self.options.allow_private)

    async def _request(self, url: str, via: str, connected: _Connected | None,
                       after_page: bool = False, budget: _Budget | None = None) -> _Step:
        """One hop: ``url`` as written is what the chain shows; the request goes out for
        its checked wire form. ``after_page``: a page sent the reader here (``resolve``);
        then a proxy's error answer is a failed hop (its ``error`` ``proxy error``), not a
        page to land on. ``budget``: the link's, which this hop's time is taken from (from
        when it holds its slot: waiting for one costs nothing)."""
        wire_url, host = self._guard(url)
        budget = budget or _Budget(self.options.timeout)
        reading: _Reading | None = None
        refresh_header: tuple[str, str, float] | None = None
        try:
            async with self.limiter.slot(host), budget.hop() as timeout, \
                    asyncio.timeout(timeout):
                async with get(self.client, wire_url, timeout, connected) as response:
                    self.reachability.answered()
                    hop = Hop(url, response.status_code, via)
                    if (after_page and failed_at_proxy(response)
                            and proxied(wire_url, self.options)):
                        await _drain(response)
                        return _Step(Hop(url, response.status_code, via, PROXY_ERROR))
                    locations = redirect_locations(response.headers) \
                        if response.is_redirect else []
                    if len(locations) > 1:
                        await _drain(response)
                        return _Step(dataclasses.replace(hop, error=CONFLICTING_REDIRECT))
                    if locations:
                        await _drain(response)
                        return _Step(hop, strip_userinfo(_target(url, locations[0])))
                    refresh_header = _refresh_header(response.headers, url)
                    header_canonical = _header_canonical(response.headers, url)
                    if not reads_as_html(response.headers):
                        await _drain(response)
                        return _not_a_page(hop, url, refresh_header, header_canonical)
                    reading = _Reading(hop, response, self.options.max_body, header_canonical)
                    body = reading.body = await read_limited(
                        response, self.options.max_body, partial=True,
                        inflater=reading.inflater)
        except (TimeoutError, httpx.TimeoutException):
            if reading is None or not reading.inflater.data:
                raise
            if reading.body is None:
                return await _cut_by_timeout(reading, url)
            body = reading.body  # read whole; the time ran out closing the connection
        scanned = await scan_page(body.data, url, body.encoding, body.truncated)
        scanned = dataclasses.replace(
            scanned, page=_with_header_claims(scanned.page, reading.header_canonical))
        if refresh_header is not None:
            scanned = dataclasses.replace(scanned, refresh=refresh_header[:2],
                                          delay=refresh_header[2])
        refresh = scanned.refresh
        # A page that refreshes itself (news front pages every few minutes), or scrolls to
        # one of its own fragments, has landed.
        if refresh is not None and not same_document(refresh[0], url):
            return _Step(hop, strip_userinfo(refresh[0]), refresh[1], body, scanned.page,
                         scanned.shown, scanned.delay)
        return _Step(hop, body=body, page=scanned.page)

    def _failed(self, url: str, error: BaseException, reason: str, connected: bool) -> None:
        if self.reachability.settled:
            return
        if connected:
            # The host, or the proxy, took the connection: it is there. (A proxy with no way
            # out answers 502 at once, unless its upstream drops packets: then its links time
            # out one by one, as they did before the run was judged at all.)
            self.reachability.answered()
            return
        try:
            host = (urlsplit(url).hostname or "").lower()
            through_proxy = proxied(url, self.options)
        except ValueError:  # not a URL at all: says nothing about the network
            return
        self.reachability.failed(host, error, reason, proxied=through_proxy)

    async def resolve(self, url: str) -> Resolution:
        """Follow ``url`` to where it lands; failures become ``error``, never exceptions.

        A page that sends the reader on (meta refresh, JavaScript) is shown by a browser
        until that redirect succeeds: for a day behind ``content="86400;url=…"``, for good
        when the target is dead. So when the chain fails after such a page (a refused, dead,
        timing-out, invalid or looping target, one a proxy answers for with its own error
        page (``failed_at_proxy``), even past further HTTP redirects), that page is where the
        link lands: ``final_url`` and ``page`` are its, the failed hop stays in
        ``chain`` with its ``error``, and ``error`` says why the chain went no further. (A
        clone must not hide its claims behind a refresh to ``http://127.0.0.1/``.)
        """
        chain: list[Hop] = []
        seen: set[str] = set()
        shown: _Step | None = None  # the last page read that sent the reader on
        first: _Step | None = None  # the first such page the reader saw (a long delay)
        current, via = strip_userinfo(browser_slashes(url)), "start"
        budget = _Budget(self.options.timeout, LINK_BUDGET * self.options.timeout)
        while True:
            if current in seen:
                return _ended(chain, current, "redirect loop", shown, first)
            if len(chain) > self.options.max_hops:
                return _ended(chain, current, "too many redirects", shown, first)
            seen.add(current)
            if via != "start" and len(current) > MAX_URL:
                cut = current[:MAX_URL]  # not kept whole: a run keeps its chains for reuse
                chain.append(Hop(cut, None, via, "invalid url"))
                return _ended(chain, cut, "invalid url", shown, first)
            # Traced only while the run's first requests are judged: no cost after.
            connected = None if self.reachability.settled else _Connected()
            if budget.spent:
                chain.append(Hop(current, None, via, "timeout"))
                return _ended(chain, current, "timeout", shown, first)
            try:
                step = await self._request(current, via, connected, shown is not None, budget)
            except FAILURES as error:
                reason = translate(error)
                chain.append(Hop(current, None, via, reason))
                self._failed(current, error, reason, connected is not None and connected.made)
                return _ended(chain, current, reason, shown, first)
            chain.append(step.hop)
            if step.cut and step.hop.error is not None:
                return Resolution(tuple(chain), current, step.hop.error, step.body, step.page,
                                  _first_shown(first))
            if step.hop.error is not None:
                return _ended(chain, current, step.hop.error, shown, first)
            if step.next_url is None:
                return Resolution(tuple(chain), current, None, step.body, step.page,
                                  _first_shown(first))
            if step.page is not None:
                shown = step
                if first is None and step.shown:
                    first = step
            current, via = step.next_url, step.next_via


class _Budget:
    """The time a link's requests may take together (``LINK_BUDGET`` timeouts), each hop at
    most ``timeout`` of it, counted from when the hop holds its slot."""

    def __init__(self, timeout: float, total: float | None = None) -> None:
        self.timeout = timeout
        self.left = timeout if total is None else total

    @property
    def spent(self) -> bool:
        return self.left <= 0

    @contextlib.asynccontextmanager
    async def hop(self) -> AsyncIterator[float]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            yield max(0.0, min(self.timeout, self.left))
        finally:
            self.left -= loop.time() - start


def _first_shown(step: _Step | None) -> FirstShown | None:
    if step is None or step.page is None:
        return None
    return FirstShown(step.hop.url, step.next_via, step.delay, step.page)


def _ended(chain: list[Hop], current: str, reason: str, shown: _Step | None,
           first: _Step | None = None) -> Resolution:
    """A chain that failed with ``reason`` at ``current``: it lands on the page last shown,
    when a page sent the reader on (and the first page seen stays beside it, when that was
    another); else ``final_url`` is where it failed, as before."""
    if shown is None:
        return Resolution(tuple(chain), current, reason)
    earlier = None if first is shown else _first_shown(first)
    return Resolution(tuple(chain), shown.hop.url, reason, shown.body, shown.page, earlier)
