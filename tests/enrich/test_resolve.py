from __future__ import annotations

import asyncio
import socket
import socketserver
import threading
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.enrich.helpers import NameServer, name_only
from tests.support.server import LoopbackServer, Reply, Request
from tests.support.web import CLONE_URL, FIXTURES, HTML
from threadscope.assessment.registry import load_registry
from threadscope.enrich import Cache, EnrichSettings, enrich_many
from threadscope.enrich.client import make_client
from threadscope.enrich.resolve import CUT_BY_TIMEOUT, Resolution, Resolver, strip_userinfo
from threadscope.models import Assessment, NetworkOptions, Verdict


def resolve(url: str, options: NetworkOptions) -> Resolution:
    async def run() -> Resolution:
        async with make_client(options) as client:
            return await Resolver(client, options).resolve(url)

    return asyncio.run(run())


@pytest.fixture()
def via(fake_web: LoopbackServer) -> NetworkOptions:
    return NetworkOptions(proxy=fake_web.url, timeout=3, use_cache=False)


def test_shortener_chain_hop_by_hop(via: NetworkOptions) -> None:
    result = resolve("http://t.co/x", via)
    assert [(h.url, h.status, h.via) for h in result.chain] == [
        ("http://t.co/x", 301, "start"),
        ("http://bit.ly/y", 302, "http"),
        (CLONE_URL, 200, "http"),
    ]
    assert result.final_url == CLONE_URL and result.error is None
    assert result.body is not None and b"www.welt.de" in result.body.data


@pytest.mark.parametrize(("url", "via_kind"), [("http://meta-refresh.net/", "meta-refresh"),
                                               ("http://js-redirect.net/", "javascript")])
def test_redirects_inside_pages(via: NetworkOptions, url: str, via_kind: str) -> None:
    result = resolve(url, via)
    assert [h.via for h in result.chain] == ["start", via_kind]
    assert result.final_url == CLONE_URL


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://redirect-loop.net/a", "redirect loop"),
        ("http://many-redirects.net/0", "too many redirects"),
        ("http://never-answers.net/", "timeout"),
        ("http://goes-inside.net/", "blocked: private address"),
        ("http://decimal-inside.net/", "blocked: private address"),
        ("http://huge-headers.net/", "protocol error"),
        ("http://garbage-bytes.net/", "protocol error"),
        ("http://0x7f.1/", "blocked: private address"),
        ("http://0177.0.0.1/", "blocked: private address"),
        ("http://0x7f000001/", "blocked: private address"),
        ("https:\\\\127.0.0.1/", "blocked: private address"),
        ("http://127.0.0.1\\@spiegel.ltd/", "blocked: private address"),
        ("http://backslash-inside.net/", "blocked: private address"),
        ("http://[::ffff:127.0.0.1]/", "blocked: private address"),
        ("ftp://t.co/x", "unsupported scheme"),
    ],
)
def test_failures_are_per_link_errors(fake_web: LoopbackServer, url: str, error: str) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=1, use_cache=False)
    result = resolve(url, options)
    assert result.error == error
    assert result.chain[-1].error in (error, None)


def test_a_backslash_redirect_goes_where_a_browser_goes(fake_web: LoopbackServer,
                                                        via: NetworkOptions) -> None:
    result = resolve("http://backslash-away.net/", via)
    assert [hop.url for hop in result.chain] == [
        "http://backslash-away.net/", "http://spiegel.ltd/away"
    ]
    assert fake_web.count("spiegel.ltd", "/away") == 1
    resolve("http://backslash-inside.net/", via)
    assert fake_web.count("127.0.0.1") == 0


def test_ten_hops_at_most(via: NetworkOptions) -> None:
    result = resolve("http://many-redirects.net/0", via)
    assert len(result.chain) == via.max_hops + 1


def test_a_blocked_hop_never_reaches_the_network(fake_web: LoopbackServer,
                                                 via: NetworkOptions) -> None:
    result = resolve("http://goes-inside.net/", via)
    assert result.chain[-1].url == "http://127.0.0.1/admin"
    assert fake_web.count("127.0.0.1") == 0


@pytest.mark.parametrize("url", ["http://huge-body.net/", "http://gzip-bomb.net/"])
def test_big_bodies_are_cut_at_the_limit(via: NetworkOptions, url: str) -> None:
    result = resolve(url, via)
    assert result.error is None
    assert result.body is not None and result.body.truncated
    assert len(result.body.data) == via.max_body


def test_no_credentials_and_no_cookies_travel(fake_web: LoopbackServer,
                                              via: NetworkOptions) -> None:
    resolve("http://user:pw@t.co/x", via)
    resolve("http://with-credentials.net/", via)
    for host in ("t.co", "bit.ly", "welt.ltd", "with-credentials.net"):
        for request in fake_web.seen(host):
            assert "authorization" not in request.headers
            assert "cookie" not in request.headers  # bit.ly and with-credentials.net set one
            assert request.headers["user-agent"] == NetworkOptions().user_agent
    assert strip_userinfo("http://a:b@x.example:8/p?q") == "http://x.example:8/p?q"


def test_direct_loopback_needs_allow_private(fake_web: LoopbackServer) -> None:
    url = f"http://127.0.0.1:{fake_web.port}/"
    blocked = resolve(url, NetworkOptions(timeout=2, use_cache=False))
    assert blocked.error == "blocked: private address"
    allowed = resolve(url, NetworkOptions(timeout=2, use_cache=False, allow_private=True))
    assert allowed.error is None and allowed.chain[0].status == 502  # no such host there


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = resolve(f"http://127.0.0.1:{port}/",
                     NetworkOptions(timeout=2, use_cache=False, allow_private=True))
    assert result.error == "connection refused"


def _ok(request: Request) -> Reply:
    return Reply(200, [("Content-Type", "text/html")], b"<title>inside</title>")


def test_a_name_resolving_inside_is_refused_at_connect_and_never_reached() -> None:
    """DNS rebinding: the zone owner answers what he likes. The answer checked is the answer
    connected to, so no second lookup can slip 127.0.0.1 in."""
    with LoopbackServer(_ok) as server:
        lookup = NameServer({"rebind.invalid": ["127.0.0.1"],
                              "mixed.invalid": ["93.184.216.34", "127.0.0.1"]})
        options = NetworkOptions(timeout=2, use_cache=False)

        async def run(url: str) -> Resolution:
            async with make_client(options, lookup=lookup) as client:
                return await Resolver(client, options).resolve(url)

        for host in ("rebind.invalid", "mixed.invalid"):
            result = asyncio.run(run(f"http://{host}:{server.port}/"))
            assert result.error == "blocked: private address"
            assert server.seen(host) == []


def test_localhost_by_name_is_resolved_and_refused() -> None:
    result = resolve("http://localhost:9/", NetworkOptions(timeout=2, use_cache=False))
    assert result.error == "blocked: private address"


def test_socks_without_the_extra_is_a_clear_error() -> None:
    pytest.importorskip("httpx")
    try:
        import socksio  # noqa: F401
    except ImportError:
        from threadscope.errors import UsageError

        with pytest.raises(UsageError, match="socks"):
            make_client(NetworkOptions(proxy="socks5://127.0.0.1:1080"))
    else:
        pytest.skip("httpx[socks] is installed")


class _PlainAnswer(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")


def test_tls_error() -> None:
    # https:// to a server that answers in plain HTTP: the TLS handshake fails.
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _PlainAnswer) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            result = resolve(f"https://127.0.0.1:{server.server_address[1]}/",
                             NetworkOptions(timeout=3, use_cache=False, allow_private=True))
        finally:
            server.shutdown()
    assert result.error == "tls error"


def test_dns_failure() -> None:
    # .invalid never resolves (RFC 6761); the resolver answers at once, offline too.
    result = resolve("http://no-such-host.invalid/", NetworkOptions(timeout=3, use_cache=False))
    assert result.error == "dns failure"


@pytest.mark.parametrize(
    "url",
    ["http://[::1", "http://a.example:99999/", "http://exa mple.com/", "http://\x00/",
     "http:///path", "http://xn--zz.de/", "http://bad-location.net/", "javascript:alert(1)",
     "http://" + "a" * 300 + ".de/", "http://a.example/\udcff"],
)
def test_hostile_urls_give_an_error_or_a_result(via: NetworkOptions, url: str) -> None:
    result = resolve(url, via)
    assert result.chain
    assert result.error is None or isinstance(result.error, str)


def test_proxy_from_the_environment(fake_web: LoopbackServer,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", fake_web.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    result = resolve("http://t.co/x", NetworkOptions(timeout=3, use_cache=False))
    assert result.error is None and len(result.chain) == 3


def test_gzip_pages_are_read(via: NetworkOptions) -> None:
    result = resolve("http://gzip-page.net/", via)
    assert result.body is not None and b"og:site_name" in result.body.data
    assert not result.body.truncated
    assert resolve("http://brotli-page.net/", via).error == "bad encoding"


def test_a_gzip_bomb_does_not_take_memory(via: NetworkOptions) -> None:
    async def run() -> tuple[Resolution, int]:
        async with make_client(via) as client:
            resolver = Resolver(client, via)
            await resolver.resolve("http://t.co/x")  # warm up: imports, TLS context, pool
            tracemalloc.start()
            try:
                result = await resolver.resolve("http://gzip-bomb.net/")
                return result, tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    result, peak = asyncio.run(run())
    assert result.body is not None and result.body.truncated
    assert peak < 5 * via.max_body  # the limit and a copy or two: not 256 MiB of zeros


@pytest.mark.parametrize("proxy", ["notaurl", "ftp://x", "http://[::1"])
def test_unusable_proxy_is_a_usage_error(proxy: str) -> None:
    from threadscope.errors import UsageError

    with pytest.raises(UsageError, match="proxy"):
        make_client(NetworkOptions(proxy=proxy))


@pytest.mark.usefixtures("trust_fake_web")
def test_https_links_through_a_connect_tunnel(via: NetworkOptions,
                                              fake_web: LoopbackServer) -> None:
    result = resolve("https://t.co/x", via)
    assert [(h.url, h.status) for h in result.chain] == [
        ("https://t.co/x", 301), ("http://bit.ly/y", 302), (CLONE_URL, 200)]
    assert result.error is None
    assert any(r.scheme == "https" for r in fake_web.seen("t.co"))


@pytest.mark.usefixtures("trust_fake_web")
@pytest.mark.parametrize("host", ["wrong-name.net", "untrusted.net"])
def test_a_certificate_that_does_not_prove_the_host_is_a_tls_error(via: NetworkOptions,
                                                                     host: str) -> None:
    result = resolve(f"https://{host}/", via)
    assert result.error == "tls error" and result.chain[0].status is None


def test_https_without_trusting_the_proxy_ca_is_a_tls_error(via: NetworkOptions) -> None:
    assert resolve("https://t.co/x", via).error == "tls error"


@pytest.mark.parametrize("location", [
    "http://127.0.0.1%2F.example/admin", "http://localhost%2f.example/",
    "http://127.0.0.1%3F.example/", "http://127.0.0.1%40evil.example/",
    "http://127.0.0.1%EF%BC%8F.example/", "//127.0.0.1%2F.example/",
    # an IPvFuture literal, which urlsplit unbrackets into a name and no browser opens
    "http://[v1.x]/", "http://[v1.127.0.0.1]/", "http://[v7.a:b]:80/",
    # an A-label httpx's IDNA codec refuses (the underscore): it was "network error"
    "http://xn--a_b.example/",
    # a host that ends in a number but is no IPv4 address: a browser refuses it (WHATWG);
    # the first was asked of the proxy, the last was "blocked"
    "http://welt.1/", "http://1.2.3.999/", "http://0x100000000/", "http://welt.ltd.0x1/",
])
def test_a_redirect_to_a_host_no_browser_opens_is_never_requested(location: str) -> None:
    """``%2F`` in a redirect's host (or ``%EF%BC%8F``, a fullwidth solidus, which UTS 46
    maps to ``/``): a browser refuses the URL; had the guard checked ``127.0.0.1/.example``
    (a name with a dot), the proxy would have been asked for http://127.0.0.1/.example/."""
    def web(request: Request) -> Reply:
        if request.host == "hops.net":
            return Reply(302, [("Location", location)])
        return Reply(200, [("Content-Type", "text/plain")], b"inside")

    with LoopbackServer(web) as proxy:
        options = NetworkOptions(proxy=proxy.url, timeout=3, use_cache=False)
        result = resolve("http://hops.net/", options)
        assert [request.host for request in proxy.requests] == ["hops.net"]
    assert result.error == "invalid url"


# --------------------------------------------------------------------------- cut by the timeout

CLONE = (FIXTURES / "pages" / "welt-clone.html").read_bytes()
CLONE_HEAD = CLONE[: CLONE.index(b"<body>")]


def _stalls_after(head: bytes, gzipped: bool = False) -> Reply:
    """A page whose head comes at once and whose body never does (the connection stays open):
    a browser shows the head's title at once, and so must we read its claims."""
    async def body() -> AsyncIterator[bytes]:
        if gzipped:
            packer = zlib.compressobj(6, zlib.DEFLATED, 31)
            yield packer.compress(head) + packer.flush(zlib.Z_SYNC_FLUSH)
        else:
            yield head
        await asyncio.sleep(3600)

    headers = [*HTML, ("Content-Encoding", "gzip")] if gzipped else list(HTML)
    return Reply(200, headers, body)


def _stalling_web(request: Request) -> Reply:
    if request.host == "silent.welt.ltd":
        return Reply(200, list(HTML), _silence)
    return _stalls_after(CLONE_HEAD, gzipped=request.host == "gzip.welt.ltd")


async def _silence() -> AsyncIterator[bytes]:
    await asyncio.sleep(3600)
    yield b""


@pytest.mark.parametrize("host", ["welt.ltd", "gzip.welt.ltd"])
def test_a_page_cut_by_the_timeout_keeps_what_arrived(host: str) -> None:
    with LoopbackServer(_stalling_web) as proxy:
        options = NetworkOptions(proxy=proxy.url, timeout=1, use_cache=False)
        result = resolve(f"http://{host}/politik/a.html", options)
    assert result.error == CUT_BY_TIMEOUT
    assert [(hop.status, hop.error) for hop in result.chain] == [(200, CUT_BY_TIMEOUT)]
    assert result.final_url == f"http://{host}/politik/a.html"
    assert result.body is not None and result.body.truncated and result.body.broken
    assert result.page is not None and result.page.truncated
    assert result.page.site_name == "WELT" and result.page.canonical is not None
    assert result.page.title is not None and result.page.title.endswith("- WELT")


def test_a_page_that_sent_nothing_before_the_timeout_is_a_timeout() -> None:
    with LoopbackServer(_stalling_web) as proxy:
        options = NetworkOptions(proxy=proxy.url, timeout=1, use_cache=False)
        result = resolve("http://silent.welt.ltd/", options)
    assert result.error == "timeout" and result.page is None
    assert [(hop.status, hop.error) for hop in result.chain] == [(None, "timeout")]


def test_a_clone_cut_by_the_timeout_is_judged_by_its_claims(tmp_path: Path) -> None:
    """The head says WELT: the link is a look-alike on its page's word, its ``error`` says
    the page was cut off, and a later run asks again (a cut page is not cached)."""
    with LoopbackServer(_stalling_web) as proxy:
        options = NetworkOptions(proxy=proxy.url, timeout=1, cache_path=tmp_path / "c.db")
        items = [name_only("http://welt.ltd/politik/a.html")]
        [first] = _enrich_through_cache(items, options)
        [second] = _enrich_through_cache(items, options)
        asked = proxy.count("welt.ltd")
    assert first.error == CUT_BY_TIMEOUT and first.unresolved
    assert first.page is not None and first.page.truncated and first.page.site_name == "WELT"
    assert "claims-brand" in {reason.code for reason in first.reasons}
    assert first.verdict is Verdict.LOOKALIKE
    assert second == first and asked == 2


def _enrich_through_cache(items: list[Assessment],
                          options: NetworkOptions) -> list[Assessment]:
    async def run() -> list[Assessment]:
        cache = Cache(options.cache_path, options.cache_ttl)
        try:
            async with make_client(options) as client:
                return [a async for a in enrich_many(items, client, options, load_registry(),
                                                      cache, EnrichSettings(registration=False))]
        finally:
            cache.close()

    return asyncio.run(run())


@pytest.mark.parametrize("url", ["http://\U0001f4a9.la/a", "http://xn--ls8h.la/a"])
def test_an_emoji_name_is_asked_for_as_its_a_label(url: str) -> None:
    """As a browser sends it: UTS 46 non-strict, then punycode (httpx's IDNA 2008 refuses
    the emoji)."""
    with LoopbackServer(lambda request: Reply(200, list(HTML), CLONE)) as proxy:
        options = NetworkOptions(proxy=proxy.url, timeout=3, use_cache=False)
        result = resolve(url, options)
        hosts = [request.host for request in proxy.requests]
    assert result.error is None and [hop.status for hop in result.chain] == [200]
    assert hosts == ["xn--ls8h.la"]
