"""The HTTP clients of a run: our redirects, no cookies, no credentials, a browser's headers
(a clone shows a crawler a clean page), and direct connections only to addresses the guard
has vetted (``PinnedBackend``).

``ClientPool`` spreads requests over a few ``httpx.AsyncClient`` shards. httpcore's connection
pool scans every connection for every queued request, which costs more than the requests
themselves at a few dozen connections; shards of ``SHARD_SIZE`` keep each scan short.

``get`` is how the resolver asks for a page: for a plain http(s) URL it hands the request
straight to the httpcore pool that httpx chose for its scheme and host (the direct one or a
proxy's), skipping the client layer (request and URL models, cookie extraction, auth and
redirect machinery) that we do not use; it was a fifth of the online path's CPU. Anything
unusual (non-ASCII, IPv6 literals, characters httpx would escape) goes through ``stream``.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import math
import re
import ssl
import urllib.parse
import urllib.request
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Protocol

import httpcore
import httpx

from threadscope.enrich.guard import BLOCKED, Lookup, system_lookup, vetted_addresses
from threadscope.enrich.transport import AsyncioBackend
from threadscope.errors import FetchError, UsageError
from threadscope.models import NetworkOptions

AddressSource = Lookup
"""host and port → the addresses a connection may use (raising to refuse)."""
Trace = Callable[[str, dict[str, Any]], Awaitable[None]]
"""httpcore's ``trace`` extension: told each step of a request as it starts and ends."""

BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
"""What Chrome and Firefox send as ``Accept-Encoding``, all of which ``body`` reads under the
same cap: a clone can show its page only to clients that ask as browsers do."""
BROWSER_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                  "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
"""Chrome's ``Accept`` for a page it navigates to. With ``Accept-Language`` and
``Upgrade-Insecure-Requests`` (which every browser sends and scripts rarely do), the
request reads as a browser's beside ``models.BROWSER_USER_AGENT``: clones that cloak on
these see a reader."""
BROWSER_LANGUAGES = "en-US,en;q=0.9"
BROWSER_HEAD_LIMIT = 256 * 1024
"""Bytes of a response's status line and headers always read: Chrome's limit
(``ERR_RESPONSE_HEADERS_TOO_BIG`` past it). httpcore's own is 100 KiB, so a clone that padded
its headers to 150 KiB (a long cookie) showed readers its page and us a ``protocol error``.
(h11 checks the limit after each read of up to 64 KiB: a head a little longer may pass.)"""
SHARD_SIZE = 2
"""Requests in flight per shard. httpcore's pool scans its connections for every request it
places (and each connection again for every idle one): the work grows with the square of a
shard's connections, so small shards (and many of them) cost least."""


def _read_heads_as_browsers_do() -> None:
    """Let httpcore's HTTP/1.1 connections take a head of up to ``BROWSER_HEAD_LIMIT``.

    httpcore has no parameter for it: its connections read the class attribute when they
    start, so it is raised there (never lowered), for every connection of the process. An
    httpcore without the attribute keeps its own limit: a longer head is then a per-link
    ``protocol error``, never a reason for threadscope not to import."""
    for connection in (httpcore.AsyncHTTP11Connection, httpcore.HTTP11Connection):
        limit = getattr(connection, "MAX_INCOMPLETE_EVENT_SIZE", None)
        if isinstance(limit, int):
            connection.MAX_INCOMPLETE_EVENT_SIZE = max(limit, BROWSER_HEAD_LIMIT)


_read_heads_as_browsers_do()


def reject_all_cookies() -> httpx.Cookies:
    """A cookie jar that keeps nothing: no cookie travels from one host (or link) to another."""
    return httpx.Cookies(CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])))


def make_client(options: NetworkOptions, connections: int | None = None,
                verify: ssl.SSLContext | bool = True,
                lookup: Lookup = system_lookup) -> httpx.AsyncClient:
    """One client as threadscope uses it.

    HTTP_PROXY/HTTPS_PROXY/ALL_PROXY/NO_PROXY are honoured (``environment_proxies``: read by
    us, not by httpx, which fails every run on a NO_PROXY entry it cannot parse); an explicit
    ``--proxy`` wins over them. httpx's own ``trust_env`` stays off, so no .netrc credentials
    travel either; SSL_CERT_FILE and SSL_CERT_DIR still choose the CA certificates.
    Redirects are ours to follow (``follow_redirects=False``). Requests that go direct (no
    proxy) connect through ``PinnedBackend`` unless ``allow_private``; ``lookup`` is the
    name resolver it vets.
    """
    pool = connections or options.concurrency + 4
    limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(
        verify=verify, trust_env=True)
    try:
        mounts: dict[str, httpx.AsyncBaseTransport | None] = {}
        if not options.proxy:
            for pattern, proxy in environment_proxies().items():
                mounts[pattern] = None if proxy is None else httpx.AsyncHTTPTransport(
                    proxy=proxy, verify=context, limits=limits, trust_env=False)
        client = httpx.AsyncClient(
            proxy=options.proxy,
            mounts=mounts,
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            limits=limits,
            headers={
                "User-Agent": options.user_agent,
                "Accept": BROWSER_ACCEPT,
                "Accept-Encoding": BROWSER_ENCODINGS,
                "Accept-Language": BROWSER_LANGUAGES,
                "Upgrade-Insecure-Requests": "1",
            },
            cookies=reject_all_cookies(),
            verify=context,
        )
    except ImportError as error:  # httpx without its socks extra
        raise UsageError(
            "a SOCKS proxy needs the socks extra: pip install 'threadscope[socks]'"
        ) from error
    except (ValueError, TypeError, httpx.InvalidURL) as error:
        where = options.proxy or "the proxy variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY)"
        raise UsageError(unusable_proxy(where)) from error
    # Every pool (direct, and one per proxy) connects through the lean asyncio backend; the
    # direct one, unless allow_private, only to addresses the guard has vetted.
    for transport in (client._transport, *client._mounts.values()):
        if transport is not None:
            use_backend(transport, AsyncioBackend())
    if not options.allow_private:
        pin(client._transport, functools.partial(vetted_addresses, lookup=lookup))
    return client


def unusable_proxy(where: str) -> str:
    """The one line for a proxy URL httpx refuses, with what one looks like."""
    return (f"unusable proxy URL: {hide_password(where)} "
            "(expected http://HOST:PORT or socks5://HOST:PORT)")


def hide_password(url: str) -> str:
    """A proxy URL for a message: the user name may show, a password never."""
    head, at, host = url.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    return head.rsplit(":", 1)[0] + ":***@" + host


def environment_proxies() -> dict[str, str | None]:
    """The proxy variables as httpx mount patterns: pattern → proxy URL, or None for a host
    NO_PROXY exempts. As httpx reads them (curl's rules), except that a NO_PROXY entry httpx
    cannot parse (``[::1]`` in brackets, a zone index) is repaired or skipped, where httpx
    fails the whole run with "unusable proxy URL"."""
    info = urllib.request.getproxies()
    mounts: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        proxy = info.get(scheme)
        if proxy:
            mounts[f"{scheme}://"] = proxy if "://" in proxy else f"http://{proxy}"
    for entry in info.get("no", "").split(","):
        host = entry.strip()
        if host == "*":
            return {}  # no proxy for anything
        pattern = _no_proxy_pattern(host) if host else None
        if pattern is not None:
            mounts[pattern] = None
    return mounts


def _no_proxy_pattern(host: str) -> str | None:
    if "://" in host:
        pattern = host
    else:
        bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        try:
            address = ipaddress.ip_address(bare.split("%", 1)[0])
        except ValueError:
            address = None
        if isinstance(address, ipaddress.IPv6Address):
            pattern = f"all://[{address}]"
        elif address is not None or bare.lower() == "localhost":
            pattern = f"all://{bare}"
        else:
            pattern = f"all://*{host.lstrip('*')}"  # *.internal, as .internal
    try:
        httpx.URL(pattern)  # what httpx's URLPattern parses each mount with
    except (httpx.InvalidURL, ValueError, TypeError):
        return None  # an entry nobody could match: skipped, not fatal
    return pattern


def _pool(transport: httpx.AsyncBaseTransport) -> Any:
    """The httpcore pool under one of httpx's transports, or a refusal to run without it."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.AsyncNetworkBackend):
        raise RuntimeError("this httpx/httpcore cannot pin connections to vetted addresses")
    return pool


def use_backend(transport: httpx.AsyncBaseTransport,
                backend: httpcore.AsyncNetworkBackend) -> None:
    """Put ``backend`` under the connection pool of one of httpx's own transports (httpx has
    no parameter for it, and a client given its own transport ignores the proxy variables)."""
    _pool(transport)._network_backend = backend


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the addresses ``addresses`` returns for a host, never to the host name.

    The guard's check and the connection then rest on one and the same DNS answer: a hostile
    name server cannot answer a public address to the check and 127.0.0.1 to the connect (DNS
    rebinding). TLS still verifies the certificate against the host name, which httpcore
    passes to ``start_tls`` itself.
    """

    def __init__(self, addresses: AddressSource,
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._addresses = addresses
        self._inner = inner or AsyncioBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        failure: Exception = FetchError("dns failure")
        for address in ordered(await self._addresses(host, port)):
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error  # try the next address, as a resolver's client would
        raise failure

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise FetchError(BLOCKED)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def ordered(addresses: Iterable[str]) -> list[str]:
    """Distinct addresses, IPv4 first. Given a literal address, the connection no longer races
    IPv6 against IPv4 as it does for a name (Happy Eyeballs); where IPv6 is broken and drops
    packets, trying it first would spend the whole timeout there."""
    return sorted(dict.fromkeys(addresses), key=lambda address: ":" in address)


def pin(transport: httpx.AsyncBaseTransport, addresses: AddressSource) -> None:
    """Put ``PinnedBackend`` under the connection pool of httpx's own transport.

    httpx has no parameter for the network backend (and a client given its own transport
    ignores the proxy variables), so the backend is set on the pool httpcore built; should a
    future httpx or httpcore move it, we refuse to run rather than run without the guard.
    """
    pool = _pool(transport)
    pool._network_backend = PinnedBackend(addresses, pool._network_backend)


def proxied(url: str, options: NetworkOptions) -> bool:
    """True when a request for ``url`` goes through a proxy (``--proxy`` or HTTP_PROXY & co.).

    Then names are the proxy's to resolve: we must not resolve them (the answer may differ,
    or there may be no DNS here at all), nor open direct connections such as WHOIS.
    """
    if options.proxy:
        return True
    scheme = url.split(":", 1)[0].lower()
    proxies = urllib.request.getproxies()
    if not (proxies.get(scheme) or proxies.get("all")):
        return False
    host = urllib.parse.urlsplit(url).hostname or ""
    return not urllib.request.proxy_bypass(host)


class ClientPool:
    """Several clients behind one ``stream()``: each request goes to the least busy shard."""

    def __init__(self, clients: list[httpx.AsyncClient], lookup: Lookup = system_lookup) -> None:
        if not clients:
            raise ValueError("a ClientPool needs at least one client")
        self.clients = clients
        self.lookup = lookup
        """The name resolver the clients' connections use (and the reachability check)."""
        self._busy = [0] * len(clients)

    @classmethod
    def for_options(cls, options: NetworkOptions, lookup: Lookup = system_lookup) -> ClientPool:
        shards = max(1, math.ceil(options.concurrency / SHARD_SIZE))
        per_shard = math.ceil(options.concurrency / shards) + 1
        # One TLS context for all shards: loading the CA bundle costs ~20 ms each time.
        context = httpx.create_ssl_context()
        clients = [make_client(options, per_shard, context, lookup) for _ in range(shards)]
        return cls(clients, lookup)

    @contextlib.asynccontextmanager
    async def stream(self, method: str, url: str, **kwargs: Any) -> AsyncIterator[httpx.Response]:
        shard = min(range(len(self.clients)), key=self._busy.__getitem__)
        self._busy[shard] += 1
        try:
            async with self.clients[shard].stream(method, url, **kwargs) as response:
                yield response
        finally:
            self._busy[shard] -= 1

    @contextlib.asynccontextmanager
    async def get(self, url: str, timeout: float | None = None,
                  trace: Trace | None = None) -> AsyncIterator[StreamedResponse]:
        """``client.get`` on the least busy shard."""
        shard = min(range(len(self.clients)), key=self._busy.__getitem__)
        self._busy[shard] += 1
        try:
            async with get(self.clients[shard], url, timeout, trace) as response:
                yield response
        finally:
            self._busy[shard] -= 1

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


HttpClient = httpx.AsyncClient | ClientPool
"""What the resolver and the RDAP lookup accept: a client of the caller's, or our pool."""


# --------------------------------------------------------------------------- the fast path


class Headers(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def get_list(self, key: str, split_commas: bool = False) -> list[str]: ...


class StreamedResponse(Protocol):
    """What the resolver reads of a response (``httpx.Response`` has all of it too)."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Headers: ...

    @property
    def is_redirect(self) -> bool: ...

    @property
    def charset_encoding(self) -> str | None: ...

    def aiter_raw(self) -> AsyncIterator[bytes]: ...


_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PLAIN_HOST = re.compile(r"[a-z0-9.-]+\Z")
_PLAIN_TARGET = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*\Z")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class _RawHeaders:
    """Case-insensitive ``get`` over raw header pairs; repeated headers joined by ", " as
    ``httpx.Headers.get`` joins them, and decoded as httpx decodes them: UTF-8 where the
    bytes are UTF-8 (a ``Location`` of ``127。0。0。1`` must reach the guard as written, not
    as Latin-1 mojibake), Latin-1 otherwise."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._raw = raw

    def get(self, key: str, default: Any = None) -> Any:
        values = self.get_list(key)
        return ", ".join(values) if values else default

    def get_list(self, key: str, split_commas: bool = False) -> list[str]:
        """Each value of ``key`` apart, in the order sent (``httpx.Headers.get_list``)."""
        wanted = key.lower().encode("latin-1")
        values = [_header_text(value) for name, value in self._raw if name.lower() == wanted]
        if not split_commas:
            return values
        return [part.strip() for value in values for part in value.split(",")]


def _header_text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


class RawResponse:
    """An httpcore response as the resolver reads it."""

    def __init__(self, response: httpcore.Response) -> None:
        self.status_code = response.status
        self.headers = _RawHeaders(response.headers)
        self._stream = response.stream

    @property
    def is_redirect(self) -> bool:
        return self.status_code in _REDIRECT_STATUSES

    @property
    def charset_encoding(self) -> str | None:
        """The ``charset`` parameter of Content-Type, lower-case, as httpx reads it."""
        content_type = self.headers.get("content-type")
        if not content_type:
            return None
        for parameter in content_type.split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'").lower() or None
        return None

    async def aiter_raw(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for chunk in self._stream:  # type: ignore[union-attr]
                yield chunk


@contextlib.contextmanager
def _httpx_errors() -> Any:
    """httpcore's exceptions as httpx's classes of the same name (what ``translate`` and the
    reachability check know), the original as the cause."""
    try:
        yield
    except httpcore.UnsupportedProtocol as error:
        raise httpx.UnsupportedProtocol(str(error)) from error
    except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
            httpcore.ProxyError) as error:
        kind = getattr(httpx, type(error).__name__, httpx.TransportError)
        raise kind(str(error)) from error


_Route = tuple[str, str, int | None]
_POOLS: weakref.WeakKeyDictionary[httpx.AsyncClient, dict[_Route, Any]] = (
    weakref.WeakKeyDictionary()
)
MAX_ROUTES = 4096


def _pool_for(client: httpx.AsyncClient, route: _Route, authority: str) -> Any:
    """The httpcore pool httpx would use for this scheme and host (direct or a proxy's, as
    mounts, ``--proxy`` and ``NO_PROXY`` say), or None when there is none to use directly."""
    routes = _POOLS.setdefault(client, {})
    if route in routes:
        return routes[route]
    if len(routes) >= MAX_ROUTES:
        routes.clear()
    transport = client._transport_for_url(httpx.URL(f"{route[0]}://{authority}/"))
    pool = getattr(transport, "_pool", None)
    found = pool if isinstance(pool, httpcore.AsyncConnectionPool) else None
    routes[route] = found
    return found


def _plain(url: str) -> tuple[_Route, str, str] | None:
    """(scheme, host, port), authority and request target of an ASCII http(s) URL that
    needs no escaping; None for anything httpx should handle itself."""
    if not url.isascii():
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme, parts.hostname or ""
    if scheme not in _DEFAULT_PORTS or "@" in parts.netloc or not _PLAIN_HOST.match(host):
        return None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not _PLAIN_TARGET.match(target):
        return None
    authority = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return (scheme, host, port), authority, target


@contextlib.asynccontextmanager
async def get(client: HttpClient, url: str, timeout: float | None = None,
              trace: Trace | None = None) -> AsyncIterator[StreamedResponse]:
    """GET ``url`` with ``client``'s headers and pools, the response streamed; ``trace`` is
    told httpcore's progress (``connection.connect_tcp.complete`` …)."""
    if isinstance(client, ClientPool):
        async with client.get(url, timeout, trace) as response:
            yield response
        return
    extensions: dict[str, Any] = {} if trace is None else {"trace": trace}
    plain = _plain(url)
    pool = _pool_for(client, plain[0], plain[1]) if plain is not None else None
    if plain is None or pool is None:
        async with client.stream("GET", url, extensions=extensions) as fallback:
            yield fallback
        return
    (scheme, host, port), authority, target = plain
    limit = {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
    request = httpcore.Request(
        b"GET",
        httpcore.URL(scheme=scheme.encode(), host=host.encode(), port=port,
                     target=target.encode()),
        headers=[(b"Host", authority.encode()), *client.headers.raw],
        extensions={"timeout": limit, **extensions},
    )
    with _httpx_errors():
        response = await pool.handle_async_request(request)
    try:
        yield RawResponse(response)
    finally:
        with _httpx_errors():
            await response.aclose()
