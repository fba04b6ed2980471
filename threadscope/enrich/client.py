"""The HTTP clients of a run: our redirects, no cookies, no credentials, an honest User-Agent,
and direct connections only to addresses the guard has vetted (``PinnedBackend``).

``ClientPool`` spreads requests over a few ``httpx.AsyncClient`` shards. httpcore's connection
pool scans every connection for every queued request, which costs more than the requests
themselves at a few dozen connections; shards of ``SHARD_SIZE`` keep each scan short.
"""

from __future__ import annotations

import contextlib
import functools
import math
import ssl
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Iterable
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpcore
import httpx

from threadscope.enrich.guard import BLOCKED, Lookup, system_lookup, vetted_addresses
from threadscope.errors import FetchError, UsageError
from threadscope.models import NetworkOptions

AddressSource = Lookup
"""host and port → the addresses a connection may use (raising to refuse)."""

SHARD_SIZE = 8


def reject_all_cookies() -> httpx.Cookies:
    """A cookie jar that keeps nothing: no cookie travels from one host (or link) to another."""
    return httpx.Cookies(CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])))


def make_client(options: NetworkOptions, connections: int | None = None,
                verify: ssl.SSLContext | bool = True,
                lookup: Lookup = system_lookup) -> httpx.AsyncClient:
    """One client as threadscope uses it.

    ``trust_env=True`` makes httpx honour HTTP_PROXY/HTTPS_PROXY/ALL_PROXY/NO_PROXY; an explicit
    ``--proxy`` wins over them. Redirects are ours to follow (``follow_redirects=False``).
    Requests that go direct (no proxy) connect through ``PinnedBackend`` unless
    ``allow_private``; ``lookup`` is the name resolver it vets.
    """
    pool = connections or options.concurrency + 4
    try:
        client = httpx.AsyncClient(
            proxy=options.proxy,
            trust_env=True,
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
            headers={
                "User-Agent": options.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            cookies=reject_all_cookies(),
            verify=verify,
        )
    except ImportError as error:  # httpx without its socks extra
        raise UsageError(
            "a SOCKS proxy needs the socks extra: pip install 'threadscope[socks]'"
        ) from error
    except (ValueError, TypeError, httpx.InvalidURL) as error:
        raise UsageError(f"unusable proxy URL: {options.proxy}") from error
    if not options.allow_private:
        # The transport for requests that go direct; proxied ones go to the proxies' own.
        pin(client._transport, functools.partial(vetted_addresses, lookup=lookup))
    return client


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
        self._inner = inner or httpcore.AnyIOBackend()

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
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.AsyncNetworkBackend):
        raise RuntimeError("this httpx/httpcore cannot pin connections to vetted addresses")
    pool._network_backend = PinnedBackend(addresses, backend)  # type: ignore[union-attr]


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
        per_shard = math.ceil(options.concurrency / shards) + 2
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

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


HttpClient = httpx.AsyncClient | ClientPool
"""What the resolver and the RDAP lookup accept: a client of the caller's, or our pool."""
