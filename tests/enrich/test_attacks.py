"""Attacks a hostile host can make on a run that follows its links, played by loopback servers.

``HostileWeb`` is a forward proxy as lenient as real ones: hosts it plays answer as the attacker
wants; any other host it fetches for real, loopback included, after reading the host the way a
WHATWG URL parser would (percent-escapes decoded, fullwidth forms folded, ideographic full stops
as dots). So a spelling of 127.0.0.1 that slips past our guard reaches the "internal" server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import json
import socket
import time
import tracemalloc
import unicodedata
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import brotli
import httpx
import pytest
import zstandard

from tests.enrich.helpers import HK_BAIT, NameServer, children, name_only
from tests.support.server import LoopbackServer, Reply, Request
from tests.support.web import FIXTURES, HTML, gzip_bomb, rdap_bootstrap_json
from tests.support.web import WhoisServer as FakeWhois
from threadscope.assessment.registry import load_registry
from threadscope.enrich import Bootstrap, Cache, EnrichSettings, enrich_many
from threadscope.enrich.body import TOO_MANY_CODINGS, LimitedInflater
from threadscope.enrich.client import make_client, pin
from threadscope.enrich.guard import BLOCKED, vetted_addresses
from threadscope.enrich.page import MAX_ASSET_CHARS
from threadscope.enrich.registration import (
    MAX_ANSWER,
    RegistryGuard,
    WhoisServer,
    lookup,
    rdap_lookup,
    refresh_bootstrap,
    whois_lookup,
)
from threadscope.enrich.resolve import MAX_URL, Resolution, Resolver
from threadscope.enrich.whois_text import TOO_SLOW, bounded_whois
from threadscope.errors import FetchError
from threadscope.models import (
    BROWSER_USER_AGENT,
    HONEST_USER_AGENT,
    Assessment,
    NetworkOptions,
    Registration,
    Verdict,
)

CLONE = (FIXTURES / "pages" / "welt-clone.html").read_bytes()
INSIDE = "<title>internal admin page</title>"


def _lenient_host(host: str) -> str:
    """How a lenient proxy reads a host: independent of threadscope's own normalisation."""
    text = unicodedata.normalize("NFKC", unquote(host)).replace("\u3002", ".")
    return text.lower()


PROXY_SIDE_NAMES = (
    "localhost.localdomain",  # Fedora's and RHEL's /etc/hosts: 127.0.0.1 and ::1
    "localhost4.localdomain4",
    "localhost6.localdomain6",
    "printer.lan",  # home routers (OpenWrt's default domain)
    "wiki.corp",  # ICANN will never delegate .corp, .home, .mail: intranets use them
    "router.home",
    "owa.mail",
)
"""Names no public DNS answers, that the proxy's host (its /etc/hosts, its network's DNS)
resolves to the inside: behind a proxy we never see those answers."""


class HostileWeb:
    """Routes by host; everything else is fetched from where the host really points."""

    def __init__(self, inside_port: int) -> None:
        self.inside_port = inside_port
        self.routes: dict[str, Callable[[Request], Reply]] = {}

    async def __call__(self, request: Request) -> Reply:
        route = self.routes.get(request.host)
        if route is not None:
            return route(request)
        host = _lenient_host(request.host)
        if host not in ("127.0.0.1", "localhost", *PROXY_SIDE_NAMES):
            return Reply(502, [("Content-Type", "text/plain")], b"unknown host")
        async with httpx.AsyncClient(trust_env=False) as client:
            inside = await client.get(f"http://127.0.0.1:{self.inside_port}{request.path}")
        return Reply(inside.status_code, list(HTML), inside.content)


@pytest.fixture(scope="module")
def inside() -> Iterator[LoopbackServer]:
    """The internal service an attacker wants to read (a router page, cloud metadata …)."""
    with LoopbackServer(lambda request: Reply(200, list(HTML), INSIDE.encode())) as server:
        yield server


@pytest.fixture(scope="module")
def hostile(inside: LoopbackServer) -> Iterator[LoopbackServer]:
    with LoopbackServer(HostileWeb(inside.port)) as server:
        yield server


def _routes(server: LoopbackServer) -> dict[str, Callable[[Request], Reply]]:
    handler = server.handler
    assert isinstance(handler, HostileWeb)
    return handler.routes


def resolve(url: str, options: NetworkOptions,
            client: httpx.AsyncClient | None = None) -> Resolution:
    async def run() -> Resolution:
        async with client or make_client(options) as used:
            return await Resolver(used, options).resolve(url)

    return asyncio.run(run())


# --------------------------------------------------------------------------- 1. SSRF spellings

SPELLINGS = [
    "127\u30020\u30020\u30021",  # ideographic full stop 。
    "127\uff0e0\uff0e0\uff0e1",  # fullwidth full stop ．
    "127\uff610\uff610\uff611",  # halfwidth ideographic full stop ｡
    "\uff11\uff12\uff17.0.0.1",  # fullwidth digits
    "%31%32%37.0.0.1",  # percent-encoded
    "127.0.0.1%2e",
    "127.0.0.1..",  # a proxy that strips every trailing dot (Squid) connects to loopback
    "127.0.0.1.%2e",
    "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54",  # ｌｏｃａｌｈｏｓｔ
    "loc%61lhost",
]


def _redirect_to(target: str) -> Callable[[Request], Reply]:
    """A redirect with the target's UTF-8 bytes in ``Location``, as a hostile server sends."""
    raw = target.encode("utf-8").decode("latin-1")
    return lambda request: Reply(302, [("Location", raw)])


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("mode", ["--proxy", "HTTP_PROXY"])
def test_a_redirect_to_loopback_in_any_spelling_is_refused_behind_a_proxy(
        hostile: LoopbackServer, inside: LoopbackServer, monkeypatch: pytest.MonkeyPatch,
        spelling: str, mode: str) -> None:
    before = len(inside.requests)
    direct = f"http://{spelling}:{inside.port}/admin"
    _routes(hostile)["ssrf.example"] = _redirect_to(direct)
    _routes(hostile)["refresh.example"] = lambda request: Reply(
        200, list(HTML), f'<meta http-equiv="refresh" content="0; url={direct}">'.encode()
    )
    if mode == "--proxy":
        options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    else:
        for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", hostile.url)
        options = NetworkOptions(timeout=3, use_cache=False)
    for start in ("http://ssrf.example/", "http://refresh.example/", direct):
        result = resolve(start, options)
        # httpx itself refuses some Location values outright (its IDNA encoding rejects
        # fullwidth digits): then the hop is a protocol error, and nothing was fetched either.
        assert result.error in (BLOCKED, "protocol error"), start
        assert result.error == BLOCKED or start == "http://ssrf.example/"
        assert result.chain[-1].error == result.error and result.chain[-1].status is None
    assert len(inside.requests) == before  # the internal service was never asked


@pytest.mark.parametrize("name", PROXY_SIDE_NAMES)
def test_a_name_only_the_proxy_side_resolves_is_refused_behind_a_proxy(
        hostile: LoopbackServer, inside: LoopbackServer, name: str) -> None:
    before = len(inside.requests)
    direct = f"http://{name.upper()}.:{inside.port}/admin"
    _routes(hostile)["ssrf.example"] = _redirect_to(direct)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    for start in ("http://ssrf.example/", direct):
        result = resolve(start, options)
        assert result.error == BLOCKED, start
        assert result.chain[-1].error == BLOCKED and result.chain[-1].status is None
    assert len(inside.requests) == before


def test_the_lenient_proxy_would_have_fetched_it(hostile: LoopbackServer,
                                                 inside: LoopbackServer) -> None:
    """The test's proxy really is dangerous: with --allow-private it fetches loopback."""
    _routes(hostile)["ssrf.example"] = _redirect_to(f"http://127\u30020\u30020\u30021:{inside.port}/")
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False, allow_private=True)
    result = resolve("http://ssrf.example/", options)
    assert result.error is None and result.body is not None and b"internal" in result.body.data
    for name in PROXY_SIDE_NAMES:
        result = resolve(f"http://{name}:{inside.port}/", options)
        assert result.error is None and result.body is not None
        assert b"internal" in result.body.data


def _resolved_past_ssrf_example(hostile: LoopbackServer, names: NameServer) -> Resolution:
    """``ssrf.example`` on the hostile server, resolved over direct connections: its own name
    points at loopback (as its DNS would), every other name goes through the real vetting of
    resolved addresses against ``names``."""

    async def addresses(host: str, port: int) -> list[str]:
        if host == "ssrf.example":
            return ["127.0.0.1"]
        return await vetted_addresses(host, port, names)

    options = NetworkOptions(timeout=3, use_cache=False)
    client = make_client(NetworkOptions(timeout=3, use_cache=False, allow_private=True))
    pin(client._transport, addresses)
    return resolve(f"http://ssrf.example:{hostile.port}/", options, client)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_redirect_to_loopback_in_any_spelling_is_refused_without_a_proxy(
        hostile: LoopbackServer, inside: LoopbackServer, spelling: str) -> None:
    """Direct connections: the hostile host's name points at the test server (as its DNS
    would); every other name goes through the real vetting of resolved addresses."""
    before = len(inside.requests)
    _routes(hostile)["ssrf.example"] = _redirect_to(f"http://{spelling}:{inside.port}/admin")
    names = NameServer({})

    result = _resolved_past_ssrf_example(hostile, names)
    assert result.chain[0].status == 302 or result.error == "protocol error"
    assert result.error in (BLOCKED, "protocol error")
    assert len(inside.requests) == before
    assert names.asked == []  # refused as a literal, before any look-up


INSIDE_NAMES = {
    "b\u00fccher.example": ("xn--bcher-kva.example", "127.0.0.1"),  # IDN, asked in punycode
    "\uff22\u00dc\uff23\uff28\uff25\uff32.example": ("xn--bcher-kva.example", "127.0.0.1"),
    "127.0.0.1.nip.io": ("127.0.0.1.nip.io", "127.0.0.1"),  # public wildcard DNS services
    "mapped.example": ("mapped.example", "::ffff:127.0.0.1"),  # an AAAA mapping loopback
}
"""Names whose DNS answers point inside: no spelling of an address to refuse, only the
answer. (All answers are loopback: a guard that let one through reaches the test's server.)"""


@pytest.mark.parametrize("name", list(INSIDE_NAMES))
@pytest.mark.parametrize("how", ["redirect", "refresh"])
def test_a_redirect_to_a_name_that_resolves_inside_is_refused(
        hostile: LoopbackServer, inside: LoopbackServer, name: str, how: str) -> None:
    """Direct connections: an IDN or wildcard-DNS name whose answer is loopback is refused
    by its answer (the name server was asked, in the name's wire form), never connected to."""
    before = len(inside.requests)
    wire, address = INSIDE_NAMES[name]
    target = f"http://{name}:{inside.port}/admin"
    _routes(hostile)["ssrf.example"] = _redirect_to(target) if how == "redirect" else (
        lambda request: Reply(200, list(HTML), f'<meta http-equiv="refresh" content="0; '
                                               f'url={target}">'.encode()))
    names = NameServer({wire: [address]})

    result = _resolved_past_ssrf_example(hostile, names)
    assert result.error == BLOCKED
    assert len(result.chain) == 2 and result.chain[-1].status is None
    assert names.asked == [wire]
    assert len(inside.requests) == before


# --------------------------------------------------------------------------- 3. charsets


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined", "utf-7",
                                     "unicode-escape", "x-no-such", "base64", "\"\""])
def test_an_undecodable_charset_keeps_the_page_evidence(hostile: LoopbackServer,
                                                        charset: str) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", f"text/html; charset={charset}")], CLONE
    )
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None
    assert result.page is not None and result.page.site_name == "WELT"
    assert "claims-brand" in {reason.code for reason in result.reasons}
    assert result.verdict is Verdict.LOOKALIKE


@pytest.mark.parametrize("charset", ["utf-32", "utf-32-be", "cp037", "cp500", "ibm1140",
                                     "cp1026", "rot13", "hex"])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_a_charset_no_browser_knows_keeps_the_page_evidence(
        hostile: LoopbackServer, charset: str, where: str) -> None:
    """Python knows codecs that browsers do not (UTF-32, EBCDIC): decoding the clone's ASCII
    with one turned its head into noise for us alone, the title and canonical gone. A
    browser passes over such a label, and so do we."""
    page = CLONE.replace(b"<head>", f'<head><meta charset="{charset}">'.encode(), 1)
    header = f"text/html; charset={charset}" if where == "header" else "text/html"
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, [("Content-Type", header)], page)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.page is not None and result.page.site_name == "WELT"
    assert "claims-brand" in {reason.code for reason in result.reasons}


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-16be", "unicode", "ucs-2"])
def test_a_meta_charset_of_utf_16_is_read_as_utf_8(hostile: LoopbackServer,
                                                   charset: str) -> None:
    """``<meta charset="utf-16">`` written in ASCII cannot be UTF-16; HTML's prescan reads
    the page as UTF-8, and a browser shows the clone. We decoded UTF-16 and saw nothing."""
    page = CLONE.replace(b"<head>", f'<head><meta charset="{charset}">'.encode(), 1)
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, [("Content-Type", "text/html")],
                                                         page)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.page is not None and result.page.site_name == "WELT"
    assert result.verdict is Verdict.LOOKALIKE


def _enrich(items: list[Assessment], options: NetworkOptions,
            settings: EnrichSettings | None = None,
            client: httpx.AsyncClient | None = None) -> list[Assessment]:
    async def run() -> list[Assessment]:
        async with client or make_client(options) as used:
            return [a async for a in enrich_many(items, used, options, load_registry(),
                                                  settings=settings or EnrichSettings(
                                                      registration=False))]

    return asyncio.run(run())


# --------------------------------------------------------------------------- 4. RDAP


def _bomb_reply(layers: int) -> Reply:
    body = gzip_bomb()
    for _ in range(layers - 1):
        body = gzip.compress(body)
    coding = ", ".join(["gzip"] * layers)
    return Reply(200, [("Content-Type", "application/rdap+json"),
                       ("Content-Encoding", coding)], body)


@pytest.mark.parametrize("layers", [1, 2])
def test_an_rdap_gzip_bomb_costs_no_memory(hostile: LoopbackServer, layers: int) -> None:
    _routes(hostile)["rdap-bomb.test"] = lambda request: _bomb_reply(layers)
    options = NetworkOptions(proxy=hostile.url, timeout=10, use_cache=False)

    async def run() -> tuple[str | None, int]:
        async with make_client(options) as client:
            await rdap_lookup(client, "warm.up", "http://rdap-bomb.test/")
            tracemalloc.start()
            try:
                found = await rdap_lookup(client, "welt.ltd", "http://rdap-bomb.test/")
                return found.error, tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    error, peak = asyncio.run(run())
    assert error == "rdap: answer too large"
    assert peak < 8 * MAX_ANSWER  # not 256 MiB (or, two layers deep, gigabytes)


@pytest.mark.parametrize("layers", [1, 2])
def test_update_rdap_from_a_bomb_is_refused_without_the_memory(
        hostile: LoopbackServer, tmp_path: Path, layers: int) -> None:
    _routes(hostile)["bootstrap-bomb.test"] = lambda request: _bomb_reply(layers)
    destination = tmp_path / "dns.json"
    with httpx.Client(proxy=hostile.url, trust_env=False, timeout=10) as client:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="too large"):
                refresh_bootstrap(client, "http://bootstrap-bomb.test/dns.json", destination)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 64 * 1024 * 1024 and not destination.exists()


def test_a_gzipped_bootstrap_is_still_read(hostile: LoopbackServer, tmp_path: Path) -> None:
    body = gzip.compress(rdap_bootstrap_json("http://rdap.test/").encode())
    _routes(hostile)["bootstrap-gzip.test"] = lambda request: Reply(
        200, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")], body
    )
    with httpx.Client(proxy=hostile.url, trust_env=False, timeout=10) as client:
        bootstrap = refresh_bootstrap(client, "http://bootstrap-gzip.test/", tmp_path / "b.json")
    assert bootstrap.base_for("welt.ltd") == "http://rdap.test/"


@pytest.mark.parametrize(("rdap_base", "expected"), [
    ("http://rdap.invalid/", "rdap: dns failure"),  # no DNS answer
    ("http://127.0.0.1:9/", f"rdap: {BLOCKED}"),  # the guard refuses it
])
def test_a_failed_rdap_lookup_costs_only_the_registration(
        hostile: LoopbackServer, rdap_base: str, expected: str) -> None:
    """Direct connections, as without a proxy: the clone's page and chain are kept when its
    registration cannot be looked up."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)

    async def addresses(host: str, port: int) -> list[str]:
        if host == "welt.ltd":
            return ["127.0.0.1"]
        return await vetted_addresses(host, port, NameServer({}))

    options = NetworkOptions(timeout=3, use_cache=False)
    client = make_client(NetworkOptions(timeout=3, use_cache=False, allow_private=True))
    pin(client._transport, addresses)
    settings = EnrichSettings(bootstrap=Bootstrap.from_json(
        {"services": [[["ltd"], [rdap_base]]]}), whois_server=None)
    url = urlunsplit(("http", f"welt.ltd:{hostile.port}", "/politik/a.html", "", ""))
    [result] = _enrich([name_only(url)], options, settings, client)
    assert result.error is None and result.chain[0].status == 200
    assert result.registration is not None
    assert result.registration.created is None
    assert result.registration.error is not None
    assert result.registration.error.startswith(expected)
    assert "claims-brand" in {reason.code for reason in result.reasons}
    assert result.verdict is Verdict.LOOKALIKE
    assert urlsplit(result.final_url or "").hostname == "welt.ltd"


# --------------------------------------------------------------------------- WHOIS answers


class _HostileWhois:
    """Port 43 answering 512 KB of one endless line: python-whois's regular expressions are
    quadratic in a line's length (a 16 KB line took 15 s, this one would take hours)."""

    def __init__(self, answer: bytes = b"Domain Name: " + b"a." * (256 * 1024)) -> None:
        self.port = 0
        self.answer = answer

    async def __aenter__(self) -> _HostileWhois:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        writer.write(self.answer)
        await writer.drain()
        writer.close()


def test_a_hostile_whois_answer_costs_a_bounded_parse() -> None:
    async def run() -> Registration:
        async with _HostileWhois() as server:
            return await whois_lookup("welt.ltd", WhoisServer("127.0.0.1", server.port), 10)

    found = asyncio.run(run())
    assert found.created is None and found.error == "whois: no creation date"
    assert bounded_whois("x" * 1000 + "\n" + "y" * 10).splitlines() == ["x" * 256, "y" * 10]


def test_a_whois_answer_python_whois_reads_for_hours_is_cut_at_the_timeout() -> None:
    """A registry (or anyone on the path of plain-text port 43) answering 64 KB that
    python-whois's ``.hk`` parser reads for hours: it was read in a thread, which held the
    GIL, the event loop and ``--deadline`` with it. Now the look-up's error, in the timeout."""
    with FakeWhois({"clone.hk": HK_BAIT.encode()}) as server:
        started = time.monotonic()
        found = asyncio.run(whois_lookup("clone.hk", WhoisServer("127.0.0.1", server.port), 2))
        took = time.monotonic() - started
    assert (found.created, found.error) == (None, TOO_SLOW)
    assert took < 20, f"--timeout 2 took {took:.0f} s"  # a worker's start, then 2 s


def test_a_slow_whois_answer_costs_only_its_link_s_registration(hostile: LoopbackServer,
                                                                 tmp_path: Path) -> None:
    """In a run: the clone.hk link keeps its page and gets the error; the link beside it is
    looked up (a new worker) and the run ends in its time, with no worker left behind."""
    for host in ("clone.hk", "spiegel.ltd"):
        _routes(hostile)[host] = lambda request: Reply(200, list(HTML), CLONE)

    async def addresses(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    options = NetworkOptions(timeout=2, deadline=90, use_cache=False)
    client = make_client(NetworkOptions(timeout=2, use_cache=False, allow_private=True))
    pin(client._transport, addresses)
    urls = [f"http://{host}:{hostile.port}/" for host in ("clone.hk", "spiegel.ltd")]
    before = children()
    with FakeWhois({"clone.hk": HK_BAIT.encode()}) as server:
        settings = EnrichSettings(bootstrap=Bootstrap.from_json({"services": []}),
                                  whois_server=WhoisServer("127.0.0.1", server.port))
        started = time.monotonic()
        clone, other = _enrich([name_only(url) for url in urls], options, settings, client)
        took = time.monotonic() - started
    assert took < 40, f"--timeout 2 took {took:.0f} s"
    assert clone.error is None and clone.page is not None and clone.page.site_name == "WELT"
    assert clone.registration is not None
    assert (clone.registration.created, clone.registration.error) == (None, TOO_SLOW)
    assert other.registration is not None
    assert other.registration.created == "2022-08-30T17:02:09+00:00"
    assert children() == before


# --------------------------------------------------------------------------- landing host

WELT_OWN = (b'<html><head><title>WELT</title><link rel="canonical" href="https://www.welt.de/">'
            b'<meta property="og:site_name" content="WELT"></head></html>')


@pytest.mark.parametrize("spelling", ["%77elt.de", "\uff57\uff45\uff4c\uff54.\uff44\uff45",
                                      "www.welt\u3002de"])
def test_a_brand_page_reached_through_another_spelling_is_the_brand_own(
        hostile: LoopbackServer, spelling: str) -> None:
    """The page is judged by the host it was fetched from: welt.de's own page, reached
    through ``http://%77elt.de/``, is no clone claiming welt.de."""
    _routes(hostile)["spelling.example"] = _redirect_to(f"http://{spelling}/")
    for host in ("welt.de", "www.welt.de"):
        _routes(hostile)[host] = lambda request: Reply(200, list(HTML), WELT_OWN)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://spelling.example/")], options)
    assert result.error is None and result.chain[-1].status == 200
    assert not {"claims-brand", "site-name-brand"} & {reason.code for reason in result.reasons}
    assert result.imitates is None and result.verdict is Verdict.BENIGN


# --------------------------------------------------------------------------- hostile RDAP JSON

_EVENTS = [{"eventAction": "registration", "eventDate": "2026-11-28T10:00:00Z"}]


@pytest.mark.parametrize(("entities", "registrar"), [
    ([{"roles": 5, "handle": "X"}], None),
    ([{"roles": {"registrar": True}, "handle": "X"}], None),
    ([{"roles": "registrar", "handle": "X"}], "X"),
    ([{"roles": "not-a-registrar", "handle": "X"}], None),
    ([7, None, {"roles": ["registrar"]}], None),  # no name, no handle: not "None"
    ([{"roles": ["registrar"], "handle": {"deep": [1]}}], None),
    ([{"roles": ["registrar"], "handle": 1234}], "1234"),
    ([{"roles": ["registrar"], "vcardArray": ["vcard", [["fn", {}, "text", ["x"]]]]}], None),
    ([{"roles": ["registrar"], "vcardArray": ["vcard", [["fn", {}, "text", "Reg AG"]]]}],
     "Reg AG"),
])
def test_rdap_answers_of_any_shape_keep_the_creation_date(
        hostile: LoopbackServer, entities: object, registrar: str | None) -> None:
    """The RDAP answer is the server's JSON: odd types where RFC 9083 has a list or a
    string cost the registrar's name at most, never the registration (``"roles": 5`` raised
    TypeError)."""
    body = json.dumps({"objectClassName": "domain", "events": _EVENTS,
                       "entities": entities}).encode()
    found = _rdap_answering(hostile, body)
    assert found.error is None and found.created == "2026-11-28T10:00:00Z"
    assert found.registrar == registrar


BOGUS_DATES = ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2999-01-01", "1970-01-01",
               "2024-02-30", "-2024-01-01", "99999999999-01-01", "yesterday \x1b[2J\x07",
               "\u202e10-11-6202"]


@pytest.mark.parametrize("date", BOGUS_DATES)
def test_an_rdap_creation_date_that_is_no_date_is_the_registration_s_error(
        hostile: LoopbackServer, date: str) -> None:
    """A registry's answer named, as the domain's creation date, year 0, 9999, a date before
    the DNS existed or text with escape sequences, and it was kept as ``created`` (shown in
    every report as when the domain was registered, cached as its age, the look-up done).
    It is no date: the look-up ends in an ``error``, nothing is kept as the domain's age."""
    body = json.dumps({"objectClassName": "domain", "entities": [],
                       "events": [{"eventAction": "registration", "eventDate": date},
                                  {"eventAction": "expiration", "eventDate": date}]}).encode()
    found = _rdap_answering(hostile, body)
    assert (found.created, found.error) == (None, "rdap: unusable registration date")
    assert found.expires in (None, "9999-12-31T23:59:59Z", "2999-01-01", "1970-01-01")


def _rdap_answering(hostile: LoopbackServer, body: bytes) -> Registration:
    """welt.ltd's registration as an RDAP server answering ``body`` gives it."""
    _routes(hostile)["rdap-dates.test"] = lambda request: Reply(
        200, [("Content-Type", "application/rdap+json")], body)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)

    async def run() -> Registration:
        async with make_client(options) as client:
            return await rdap_lookup(client, "welt.ltd", "http://rdap-dates.test/")

    return asyncio.run(run())


@pytest.mark.parametrize(("date", "kept"), [
    ("2026-11-28T10:00:00+99:99", "2026-11-28"),  # no offset is 99 hours: the date stands
    ("2026-11-28T10:00:00Z\x1b[2J", "2026-11-28"),
    ("1997-09-15T04:00:00Z", "1997-09-15T04:00:00Z"),
])
def test_an_rdap_creation_date_keeps_its_date(hostile: LoopbackServer, date: str,
                                              kept: str) -> None:
    """A date followed by junk is its date alone, never the junk."""
    body = json.dumps({"objectClassName": "domain", "events": [
        {"eventAction": "registration", "eventDate": date}]}).encode()
    found = _rdap_answering(hostile, body)
    assert (found.created, found.error) == (kept, None)


@pytest.mark.parametrize("date", ["9999-12-31T00:00:00Z", "2999-01-01", "1901-01-01"])
def test_a_whois_creation_date_no_domain_can_have_is_the_registration_s_error(
        date: str) -> None:
    answer = (f"Domain Name: welt.ltd\r\nRegistrar: Example Registrar\r\n"
              f"Creation Date: {date}\r\n").encode()

    async def run() -> Registration:
        async with _HostileWhois(answer) as server:
            return await whois_lookup("welt.ltd", WhoisServer("127.0.0.1", server.port), 10)

    found = asyncio.run(run())
    assert (found.created, found.error) == (None, "whois: unusable creation date")


# --------------------------------------------------------------------------- odd Location values


@pytest.mark.parametrize("location", ["http://[::1/", "http://[bad/", "//[::ffff:7f00:1"])
def test_a_location_that_is_no_url_fails_the_next_hop_not_the_one_that_answered(
        hostile: LoopbackServer, location: str) -> None:
    _routes(hostile)["no-url.example"] = _redirect_to(location)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://no-url.example/", options)
    assert [(hop.status, hop.error) for hop in result.chain] == [(302, None),
                                                                  (None, "invalid url")]
    assert result.error == "invalid url"


# --------------------------------------------------------------------------- cut-off answers


def _cut(head: bytes, body: bytes) -> Reply:
    """An answer whose body ends before its Content-Length (the server closes the
    connection): browsers show what came, or follow the redirect."""
    return Reply(raw=head + b"Content-Length: 999999\r\n\r\n" + body)


def test_a_clone_cut_off_mid_body_keeps_its_page_evidence(hostile: LoopbackServer) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: _cut(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.chain[0].status == 200
    assert result.page is not None and result.page.truncated
    assert "claims-brand" in {reason.code for reason in result.reasons}
    assert result.verdict is Verdict.LOOKALIKE


@pytest.mark.parametrize("how", ["cut", "held"])
def test_a_redirect_whose_body_is_cut_or_held_is_still_followed(
        hostile: LoopbackServer, how: str) -> None:
    async def held() -> AsyncIterator[bytes]:
        yield b"Moved"
        await asyncio.sleep(3600)

    head = b"HTTP/1.1 302 Found\r\nLocation: http://welt.ltd/politik/a.html\r\n"
    _routes(hostile)["cut-redirect.example"] = lambda request: (
        _cut(head, b"Moved") if how == "cut"
        else Reply(302, [("Location", "http://welt.ltd/politik/a.html")], lambda: held()))
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=5, use_cache=False)
    result = resolve("http://cut-redirect.example/", options)
    assert [hop.status for hop in result.chain] == [302, 200] and result.error is None


# --------------------------------------------------------------------------- in-page redirects


@pytest.mark.parametrize("redirect", [
    b'<meta http-equiv="refresh" content="1;url=data:,">',
    b'<meta http-equiv="refresh" content="0;url=mailto:desk@welt.ltd">',
    b'<meta http-equiv="refresh" content="0;url=ftp://welt.ltd/">',
    b'<meta http-equiv="refresh" content="0;url=http://welt.ltd:99999/">',
    b'<script>location.href="mailto:desk@welt.ltd"</script>',
])
def test_a_redirect_to_no_web_address_does_not_hide_the_page(
        hostile: LoopbackServer, redirect: bytes) -> None:
    """A browser stays on a page whose refresh leads nowhere it can go: the page is where
    the link lands, and its claims count (they were lost to "unsupported scheme")."""
    page = CLONE.replace(b"<head>", b"<head>" + redirect, 1)
    if b"<script>" in redirect:  # JavaScript redirects are read on small pages only
        page = b"<html><head>" + redirect + (
            b'<link rel="canonical" href="https://www.welt.de/politik/a.html"></head></html>')
    assert page != CLONE
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), page)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and [hop.status for hop in result.chain] == [200]
    assert "claims-brand" in {reason.code for reason in result.reasons}


NEUTRAL = "http://nachrichten-heute.net/politik/a.html"
"""A clone on a name that imitates no one: only its page can tell what it is."""
SMALL_CLONE = (b'<html><head><title>Geheime Gespraeche - WELT</title>'
               b'<link rel="canonical" href="https://www.welt.de/politik/a.html">'
               b'<meta property="og:site_name" content="WELT">REDIRECT</head></html>')


def _clone_sending_to(target: str, how: str) -> bytes:
    """The clone page with one line that sends the reader on to ``target``."""
    if how == "javascript":  # read on small pages only
        return SMALL_CLONE.replace(b"REDIRECT", f'<script>location="{target}"</script>'.encode())
    line = f'<meta http-equiv="refresh" content="86400;url={target}">'.encode()
    return CLONE.replace(b"<head>", b"<head>" + line, 1)


def _assert_the_clone_is_the_landing(result: Assessment, error: str,
                                     start: str = NEUTRAL) -> None:
    assert result.final_url == start and result.error == error and result.unresolved
    assert result.page is not None and result.page.site_name == "WELT"
    assert result.page.canonical is not None and "welt.de" in result.page.canonical
    assert "claims-brand" in {reason.code for reason in result.reasons}
    assert result.verdict.flagged and result.imitates == "welt.de"


@pytest.mark.parametrize(("target", "error"), [
    ("http://127.0.0.1/", BLOCKED),
    ("http://169.254.169.254/latest/meta-data/", BLOCKED),
    ("http://welt.1/", "invalid url"),
    ("http://hang.test/", "timeout"),
])
@pytest.mark.parametrize("how", ["meta-refresh", "javascript"])
def test_a_refresh_that_fails_does_not_hide_the_page(hostile: LoopbackServer, target: str,
                                                     error: str, how: str) -> None:
    """A reader's browser shows the page until its refresh succeeds: for a day here, for
    good when the target is refused, dead or invalid. The page is where the link lands and
    its claims count; the hop that failed stays in the chain, its error the link's."""
    page = _clone_sending_to(target, how)
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(200, list(HTML), page)
    _routes(hostile)["hang.test"] = lambda request: Reply(hang=True)
    options = NetworkOptions(proxy=hostile.url, timeout=2, use_cache=False)
    [result] = _enrich([name_only(NEUTRAL)], options)
    assert [(hop.url, hop.status, hop.via, hop.error) for hop in result.chain] == [
        (NEUTRAL, 200, "start", None), (target, None, how, error)]
    _assert_the_clone_is_the_landing(result, error)


def test_a_refresh_to_a_dead_host_does_not_hide_the_page(hostile: LoopbackServer) -> None:
    """Direct connections: the refresh names a host whose port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    target = f"http://dead.test:{closed}/"
    page = _clone_sending_to(target, "meta-refresh")
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(200, list(HTML), page)

    async def addresses(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]  # as their DNS would have it; the guard's vetting is not tested

    options = NetworkOptions(timeout=2, use_cache=False)
    client = make_client(NetworkOptions(timeout=2, use_cache=False, allow_private=True))
    pin(client._transport, addresses)
    start = f"http://nachrichten-heute.net:{hostile.port}/politik/a.html"
    [result] = _enrich([name_only(start)], options, client=client)
    assert [(hop.url, hop.status, hop.error) for hop in result.chain] == [
        (start, 200, None), (target, None, "connection refused")]
    _assert_the_clone_is_the_landing(result, "connection refused", start)


def test_a_refresh_through_a_redirect_that_fails_keeps_the_page(
        hostile: LoopbackServer) -> None:
    """The refresh leads to a shortener whose redirect is refused: the reader still sees
    the clone, the last page shown."""
    page = _clone_sending_to("http://short.test/x", "meta-refresh")
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(200, list(HTML), page)
    _routes(hostile)["short.test"] = lambda request: Reply(302, [("Location",
                                                                  "http://127.0.0.1/")])
    options = NetworkOptions(proxy=hostile.url, timeout=2, use_cache=False)
    [result] = _enrich([name_only(NEUTRAL)], options)
    assert [(hop.status, hop.via, hop.error) for hop in result.chain] == [
        (200, "start", None), (302, "meta-refresh", None), (None, "http", BLOCKED)]
    _assert_the_clone_is_the_landing(result, BLOCKED)


@pytest.mark.parametrize(("target", "status"), [
    ("http://gone.test/", 502),  # the proxy's own "unknown host" page
    ("http://gateway-timeout.test/", 504),
    ("http://squid-says.test/", 503),
    ("http://proxy-status.test/", 500),
])
@pytest.mark.parametrize("how", ["meta-refresh", "javascript"])
def test_a_refresh_the_proxy_cannot_reach_does_not_land_on_its_error_page(
        hostile: LoopbackServer, target: str, status: int, how: str) -> None:
    """Through a proxy a dead target is no refused connection but the proxy's error page:
    the reader still sees the clone, as with a dead target reached directly; the hop keeps
    the proxy's status and says ``proxy error``."""
    page = _clone_sending_to(target, how)
    error_page = b"<html><head><title>ERROR: The requested URL could not be retrieved</title>"
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(200, list(HTML), page)
    _routes(hostile)["gateway-timeout.test"] = lambda request: Reply(504, list(HTML), error_page)
    _routes(hostile)["squid-says.test"] = lambda request: Reply(
        503, [*HTML, ("X-Squid-Error", "ERR_CONNECT_FAIL 111")], error_page)
    _routes(hostile)["proxy-status.test"] = lambda request: Reply(
        500, [*HTML, ("Proxy-Status", "ExampleProxy; error=connection_refused")], error_page)
    options = NetworkOptions(proxy=hostile.url, timeout=2, use_cache=False)
    [result] = _enrich([name_only(NEUTRAL)], options)
    assert [(hop.url, hop.status, hop.via, hop.error) for hop in result.chain] == [
        (NEUTRAL, 200, "start", None), (target, status, how, "proxy error")]
    _assert_the_clone_is_the_landing(result, "proxy error")


def test_a_refresh_to_a_host_s_own_error_page_lands_there(hostile: LoopbackServer) -> None:
    """A 500 the proxy does not mark as its own is the host's answer: it is where the reader
    lands, as before."""
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(
        200, list(HTML), _clone_sending_to("http://broken.test/", "meta-refresh"))
    _routes(hostile)["broken.test"] = lambda request: Reply(500, list(HTML), b"<title>Oops</title>")
    options = NetworkOptions(proxy=hostile.url, timeout=2, use_cache=False)
    [result] = _enrich([name_only(NEUTRAL)], options)
    assert result.error is None and result.final_url == "http://broken.test/"
    assert [hop.status for hop in result.chain] == [200, 500]
    assert result.page is not None and result.page.title == "Oops"


def test_a_proxy_error_for_the_link_itself_is_its_page_as_before(
        hostile: LoopbackServer) -> None:
    """No page sent the reader anywhere: the proxy's answer is what the link shows."""
    options = NetworkOptions(proxy=hostile.url, timeout=2, use_cache=False)
    [result] = _enrich([name_only("http://gone.test/")], options)
    assert result.error is None and [hop.status for hop in result.chain] == [502]


def test_an_http_redirect_that_fails_shows_no_page(hostile: LoopbackServer) -> None:
    """A 3xx shows no page: the link lands nowhere known, as before."""
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(
        302, [("Location", "http://127.0.0.1/")], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=2, use_cache=False)
    [result] = _enrich([name_only(NEUTRAL)], options)
    assert result.final_url == "http://127.0.0.1/" and result.error == BLOCKED
    assert result.page is None and result.verdict is Verdict.BENIGN and result.unresolved


def test_a_failed_refresh_and_a_refresh_loop_with_the_cache(hostile: LoopbackServer,
                                                           tmp_path: Path) -> None:
    """The real cache gives the results a run without it gives: a refresh loop (a lasting
    error) keeps its page and is fetched again, as is a refresh that was refused (which may
    pass); a clone that landed is kept."""
    looping = "http://loop.nachrichten-heute.net/a"
    _routes(hostile)["loop.nachrichten-heute.net"] = lambda request: Reply(
        200, list(HTML), _clone_sending_to("http://back.test/", "meta-refresh"))
    _routes(hostile)["back.test"] = lambda request: Reply(302, [("Location", looping)])
    _routes(hostile)["nachrichten-heute.net"] = lambda request: Reply(
        200, list(HTML), _clone_sending_to("http://127.0.0.1/", "meta-refresh"))
    _routes(hostile)["landed.welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=2, cache_path=tmp_path / "c.sqlite3")
    items = [name_only(looping), name_only(NEUTRAL), name_only("http://landed.welt.ltd/a")]
    uncached = _enrich(items, dataclasses.replace(options, use_cache=False))

    before = [hostile.count(host) for host in ("loop.nachrichten-heute.net",
                                               "nachrichten-heute.net", "landed.welt.ltd")]
    first = _enrich_cached(items, options)
    second = _enrich_cached(items, options)
    assert first == uncached and second == first
    loop, refused, landed = first
    assert loop.error == "redirect loop" and loop.final_url == looping
    assert loop.page is not None and loop.page.site_name == "WELT"
    assert [(hop.status, hop.via) for hop in loop.chain] == [(200, "start"),
                                                             (302, "meta-refresh")]
    _assert_the_clone_is_the_landing(refused, BLOCKED)
    assert landed.error is None and landed.page is not None
    after = [hostile.count(host) for host in ("loop.nachrichten-heute.net",
                                              "nachrichten-heute.net", "landed.welt.ltd")]
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 2, 1]


# --------------------------------------------------------------------------- raw deflate


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def test_a_page_in_raw_deflate_is_read_as_browsers_read_it(hostile: LoopbackServer) -> None:
    """``Content-Encoding: deflate`` without the zlib header: browsers read it, so a clone
    served that way must not be "bad encoding" to us."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", "deflate")], _raw_deflate(CLONE))
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def _resolve_bomb(hostile: LoopbackServer, host: str, encoding: str, bomb: bytes
                  ) -> tuple[Resolution, int, NetworkOptions]:
    """Follow ``http://HOST/``, which answers ``bomb`` in ``encoding``: the result, the peak
    memory traced while following it, and the options used."""
    _routes(hostile)[host] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", encoding)], bomb)
    options = NetworkOptions(proxy=hostile.url, timeout=10, use_cache=False)
    tracemalloc.start()
    try:
        result = resolve(f"http://{host}/", options)
        return result, tracemalloc.get_traced_memory()[1], options
    finally:
        tracemalloc.stop()


def test_a_raw_deflate_bomb_costs_no_memory(hostile: LoopbackServer) -> None:
    bomb = _raw_deflate(bytes(256 * 1024 * 1024))
    result, peak, _ = _resolve_bomb(hostile, "raw-bomb.test", "deflate", bomb)
    assert result.error is None and result.body is not None and result.body.truncated
    assert peak < 64 * 1024 * 1024


def test_a_page_in_brotli_is_read_as_browsers_read_it(hostile: LoopbackServer) -> None:
    """A clone that answers in brotli whatever was asked (every browser reads it) hid its page
    from us ("bad encoding": no page, no claims, the verdict on the name alone)."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", "br")], brotli.compress(CLONE))
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def test_a_brotli_bomb_costs_no_memory(hostile: LoopbackServer) -> None:
    bomb = brotli.compress(bytes(256 * 1024 * 1024), quality=5)  # 256 MiB in < 1 KiB
    result, peak, options = _resolve_bomb(hostile, "brotli-bomb.test", "br", bomb)
    assert result.error is None and result.body is not None and result.body.truncated
    assert len(result.body.data) == options.max_body
    assert peak < 64 * 1024 * 1024


def _packed(encoding: str, data: bytes) -> bytes:
    if encoding == "br":
        return brotli.compress(data)
    packer = zstandard.ZstdCompressor()
    return packer.compress(data[:5000]) + packer.compress(data[5000:])  # two frames


@pytest.mark.parametrize("encoding", ["br", "zstd"])
@pytest.mark.parametrize("step", [1, 3, 4096, 1 << 30])
def test_brotli_and_zstd_in_any_chunks(encoding: str, step: int) -> None:
    data = CLONE * 20
    packed = _packed(encoding, data)
    inflater = LimitedInflater(encoding, len(data) + 10)
    for start in range(0, len(packed), step):
        inflater.feed(packed[start : start + step])
    assert bytes(inflater.data) == data and not inflater.full
    small = LimitedInflater(encoding, 1000)
    small.feed(packed)
    assert small.full and small.body(None).data == data[:1000]


def test_a_broken_brotli_stream_is_a_bad_encoding() -> None:
    with pytest.raises(FetchError, match="bad encoding"):
        LimitedInflater("br", 1000).feed(b"not brotli at all")


def test_a_page_in_zstd_is_read_as_browsers_read_it(hostile: LoopbackServer) -> None:
    """Browsers ask for zstd and read it: a clone served so hid its page ("bad encoding")."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", "zstd")], zstandard.ZstdCompressor().compress(CLONE))
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


@pytest.mark.parametrize("coding", ["br", "zstd"])
def test_a_clone_that_shows_its_page_only_to_browsers_encodings_is_read(
        hostile: LoopbackServer, coding: str) -> None:
    """A clone can show its page only to clients that ask for brotli and zstd, as Chrome and
    Firefox do; a crawler that asked for gzip and deflate only got a blank welcome page."""
    def cloaked(request: Request) -> Reply:
        if not {"br", "zstd"} <= {part.strip() for part in
                                 request.headers.get("accept-encoding", "").split(",")}:
            return Reply(200, HTML, b"<title>Willkommen</title>")
        packed = brotli.compress(CLONE) if coding == "br" else zstandard.compress(CLONE)
        return Reply(200, [*HTML, ("Content-Encoding", coding)], packed)

    _routes(hostile)["welt.ltd"] = cloaked
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def test_a_zstd_bomb_costs_no_memory(hostile: LoopbackServer) -> None:
    # 256 MiB in 8 KiB; at 19 the window is 8 MiB, the most a browser takes
    bomb = zstandard.ZstdCompressor(level=19).compress(bytes(256 * 1024 * 1024))
    result, peak, options = _resolve_bomb(hostile, "zstd-bomb.test", "zstd", bomb)
    assert result.error is None and result.body is not None and result.body.truncated
    assert len(result.body.data) == options.max_body
    assert peak < 64 * 1024 * 1024


def test_a_zstd_bomb_stops_within_a_block_of_the_limit() -> None:
    """However the bomb comes, the decompressor never holds much more than the limit."""
    bomb = zstandard.ZstdCompressor(level=19).compress(bytes(64 * 1024 * 1024))
    for limit in (1, 1000, 100_000, 2 * 1024 * 1024):
        inflater = LimitedInflater("zstd", limit)
        inflater.feed(bomb)
        assert inflater.full and len(inflater.body(None).data) == limit


@pytest.mark.parametrize("stream", [
    b"not zstd at all",
    # a frame that wants a 128 MiB window (level 22): RFC 9659 lets a decoder refuse more
    # than 8 MiB, and browsers do
    zstandard.ZstdCompressor(level=22).compress(bytes(256 * 1024 * 1024)),
])
def test_a_zstd_stream_no_browser_reads_is_a_bad_encoding(stream: bytes) -> None:
    with pytest.raises(FetchError, match="bad encoding"):
        LimitedInflater("zstd", 1000).feed(stream)


def test_a_zstd_page_followed_by_garbage_keeps_its_page(hostile: LoopbackServer) -> None:
    """A frame, then bytes that are no frame: what decoded is the page, as with brotli."""
    async def body() -> AsyncIterator[bytes]:
        yield zstandard.ZstdCompressor().compress(CLONE)
        await asyncio.sleep(0.2)  # its own read
        yield b"\x00garbage that is no frame"

    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", "zstd")], body)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://welt.ltd/politik/a.html", options)
    assert result.error is None and result.page is not None
    assert result.page.site_name == "WELT"


@pytest.mark.parametrize("step", [1, 2, 7, 4096, 1 << 30])
@pytest.mark.parametrize("wrap", ["raw", "zlib"])
def test_deflate_either_way_in_any_chunks(step: int, wrap: str) -> None:
    data = CLONE * 20
    packed = _raw_deflate(data) if wrap == "raw" else zlib.compress(data)
    inflater = LimitedInflater("deflate", len(data) + 10)
    for start in range(0, len(packed), step):
        inflater.feed(packed[start : start + step])
    assert bytes(inflater.data) == data


def test_a_deflate_body_that_never_inflates_keeps_a_bounded_start() -> None:
    """A zlib header and then empty stored blocks, forever: no output, and the bytes kept
    for a raw-deflate trial stop growing."""
    inflater = LimitedInflater("deflate", 1024)
    inflater.feed(b"\x78\x9c")
    for _ in range(100_000):
        inflater.feed(b"\x00\x00\x00\xff\xff")
    assert not inflater.data and inflater.kept <= 128 * 1024


# --------------------------------------------------------------------------- kept page size


def test_a_page_of_long_asset_urls_keeps_a_bounded_page(hostile: LoopbackServer) -> None:
    """A run keeps its last thousand pages for reuse: 200 asset URLs of 2 KB each made a
    hostile page 0.4 MB there; what is kept of one is bounded in characters too."""
    assets = b"".join(b'<img src="http://h%d.example/' % n + b"p" * 2040 + b'">'
                      for n in range(300))
    _routes(hostile)["long-assets.test"] = lambda request: Reply(
        200, list(HTML), b"<html><head><title>t</title></head><body>" + assets)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://long-assets.test/", options)
    assert result.page is not None and result.page.assets
    assert sum(map(len, result.page.assets)) <= MAX_ASSET_CHARS + 4096
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    clone = resolve("http://welt.ltd/politik/a.html", options)  # a real page: all kept
    assert clone.page is not None
    assert {urlsplit(url).hostname for url in clone.page.assets} >= {"img.welt.de"}


def test_a_redirect_to_an_endless_url_ends_the_chain_without_keeping_it(
        hostile: LoopbackServer) -> None:
    """httpcore accepts a ``Location`` of up to 100 KB; ten hops of those in each chain a
    run keeps would be a gigabyte. A target longer than ``MAX_URL`` is not followed, and the
    chain keeps it cut."""
    _routes(hostile)["long-location.test"] = lambda request: Reply(
        302, [("Location", "/" + "a" * 90_000 + str(len(request.path)))])
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://long-location.test/", options)
    assert [(hop.status, hop.error) for hop in result.chain] == [(302, None),
                                                                  (None, "invalid url")]
    assert result.error == "invalid url"
    assert max(len(hop.url) for hop in result.chain) <= MAX_URL


def test_a_page_cut_off_is_fetched_again_next_run_not_cached(hostile: LoopbackServer,
                                                              tmp_path: Path) -> None:
    """A reset may be the network's, not the page's: a page read in part is not kept for
    the cache's week; a whole one is."""
    _routes(hostile)["cut.welt.ltd"] = lambda request: _cut(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", CLONE)
    _routes(hostile)["whole.welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, cache_path=tmp_path / "c.sqlite3")
    items = [name_only("http://cut.welt.ltd/a"), name_only("http://whole.welt.ltd/a")]

    first = _enrich_cached(items, options)
    second = _enrich_cached(items, options)
    assert [a.page is not None and a.page.truncated for a in first] == [True, False]
    assert second == first
    assert hostile.count("cut.welt.ltd") == 2 and hostile.count("whole.welt.ltd") == 1


def _enrich_cached(items: list[Assessment], options: NetworkOptions) -> list[Assessment]:
    """One run through the SQLite cache at ``options.cache_path``, as a command makes it."""

    async def run() -> list[Assessment]:
        cache = Cache(options.cache_path, options.cache_ttl)
        try:
            async with make_client(options) as client:
                return [a async for a in enrich_many(
                    items, client, options, load_registry(), cache,
                    EnrichSettings(registration=False))]
        finally:
            cache.close()

    return asyncio.run(run())


# --------------------------------------------------------------------------- slow chains


def _slow_redirect(request: Request) -> Reply:
    """Each hop answers just inside the timeout, and sends the reader on, for ever."""
    number = int(request.path.strip("/") or 0)
    return Reply(302, [("Location", f"http://slow-chain.test/{number + 1}")], delay=0.6)


def test_a_chain_of_slow_hops_ends_within_the_link_s_budget(hostile: LoopbackServer) -> None:
    """A host that answers every hop just before the timeout held a link for ``max_hops``
    timeouts (100 s by default), and a dump of such links held every slot of the run until
    its deadline, the links behind them unvisited. A link's whole chain has
    ``LINK_BUDGET`` timeouts: the hop that would pass it ends as a timeout."""
    _routes(hostile)["slow-chain.test"] = _slow_redirect
    options = NetworkOptions(proxy=hostile.url, timeout=1, use_cache=False)
    result = resolve("http://slow-chain.test/0", options)
    assert result.error == "timeout", result.chain
    assert result.chain[-1].error == "timeout"
    # 0.6 s a hop in a budget of 3 s: at most 5 hops, far from the 11 of max_hops
    assert 2 <= len(result.chain) <= 6, result.chain


# --------------------------------------------------------------------------- answers that lie


@pytest.mark.parametrize("start", ["http://two-ways.example/", "http://two-ways.example/ü"])
def test_a_redirect_with_two_different_locations_is_refused(hostile: LoopbackServer,
                                                              start: str) -> None:
    """Two ``Location`` headers were joined (``http://welt.de/, http://welt.ltd/x``) and the
    join followed: where a client goes is the attacker's choice, one target for researchers,
    another for readers. Browsers refuse such an answer; so does the hop (the fast path and,
    for a URL httpcore cannot take as it is, httpx's own)."""
    _routes(hostile)["two-ways.example"] = lambda request: Reply(
        302, [("Location", "http://spiegel.ltd/a"), ("Location", "http://welt.ltd/b")])
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    _routes(hostile)["spiegel.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    before = hostile.count("welt.ltd") + hostile.count("spiegel.ltd")
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve(start, options)
    assert [(hop.status, hop.error) for hop in result.chain] == [(302, "conflicting redirect")]
    assert result.error == "conflicting redirect" and result.page is None
    assert hostile.count("welt.ltd") + hostile.count("spiegel.ltd") == before


def test_the_same_location_sent_twice_is_followed(hostile: LoopbackServer) -> None:
    _routes(hostile)["twice.example"] = lambda request: Reply(
        301, [("Location", "http://welt.ltd/c "), ("Location", "http://welt.ltd/c")])
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://twice.example/", options)
    assert [hop.status for hop in result.chain] == [301, 200] and result.error is None
    assert result.final_url == "http://welt.ltd/c"


def test_a_page_whose_refresh_meets_two_locations_is_where_the_link_lands(
        hostile: LoopbackServer) -> None:
    """The conflicting answer is a failed hop like any other: a page that sent the reader
    there is what the reader sees, claims and all."""
    refresh = b'<meta http-equiv="refresh" content="0;url=http://two-ways.example/">'
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, list(HTML), CLONE.replace(b"<head>", b"<head>" + refresh, 1))
    _routes(hostile)["two-ways.example"] = lambda request: Reply(
        302, [("Location", "http://www.welt.de/"), ("Location", "http://127.0.0.1/")])
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error == "conflicting redirect" and result.unresolved
    assert result.final_url == "http://welt.ltd/politik/a.html"
    assert "claims-brand" in {reason.code for reason in result.reasons}


@pytest.mark.parametrize("content_type", [
    ["text/plain"],
    ["text/plain; charset=utf-8"],
    ["application/json"],
    ["image/png"],
    ["application/octet-stream"],
    ["text/xml"],
    ["text/html, text/plain"],  # Fetch: the last valid type wins
    ["text/html", "text/plain"],  # as two headers, alike
    ['text/plain; x="a, text/html"'],  # a comma in a quoted parameter splits nothing
    ['text/plain; x="a, text/html, b"'],
    ["text/html", "text/plain", "*/*"],  # */* is no type: text/plain stands
])
def test_a_page_that_is_not_html_claims_nothing(hostile: LoopbackServer,
                                                content_type: list[str]) -> None:
    """A browser shows ``text/plain`` (and any type but HTML's) as what it says it is: the
    clone's markup is text on screen, its canonical and og:url tags claim nothing. They
    were parsed as HTML all the same, and gave a page that says "www.welt.de"."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", value) for value in content_type], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and [hop.status for hop in result.chain] == [200]
    assert result.page is None
    codes = {reason.code for reason in result.reasons}
    assert "claims-brand" not in codes and not any(code.startswith("page") for code in codes)


@pytest.mark.parametrize("content_type", [
    ["text/html"],
    ["TEXT/HTML ; charset=utf-8"],
    ["application/xhtml+xml"],
    [],  # no type at all: a browser sniffs, and renders markup as HTML
    ["junk"],  # no valid type: sniffed alike
    ["text/plain, text/html"],
    ["text/plain", "text/html; charset=utf-8"],
    ['text/html; x="a, text/plain"'],
])
def test_a_page_served_as_html_keeps_its_claims(hostile: LoopbackServer,
                                                content_type: list[str]) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", value) for value in content_type], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def _cloaking(request: Request) -> Reply:
    """A clone that shows its page to browsers only, as Doppelganger's did: a crawler's
    User-Agent, or a request without the headers every browser sends, gets a clean page."""
    headers = request.headers
    browser = ("Mozilla/5.0" in headers.get("user-agent", "")
               and "Chrome/" in headers.get("user-agent", "")
               and headers.get("accept", "").startswith("text/html,")
               and headers.get("accept-language", "")
               and headers.get("upgrade-insecure-requests") == "1")
    if browser:
        return Reply(200, list(HTML), CLONE)
    return Reply(200, list(HTML), b"<html><head><title>Gardening tips</title></head></html>")


@pytest.mark.parametrize("path", ["/politik/a.html", "/politik/ä.html"])
def test_a_clone_that_cloaks_against_crawlers_shows_its_page_by_default(
        hostile: LoopbackServer, path: str) -> None:
    """By default a run asks as a browser does (both the fast path and, for a URL it
    cannot take, httpx's): the cloaking clone shows its page. ``--user-agent`` still wins,
    and an honest one is shown the clean page, as the clone intends."""
    _routes(hostile)["welt.ltd"] = _cloaking
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only(f"http://welt.ltd{path}")], options)
    assert result.page is not None and "claims-brand" in {r.code for r in result.reasons}
    sent = hostile.seen("welt.ltd")[-1].headers
    assert sent["user-agent"] == NetworkOptions().user_agent == BROWSER_USER_AGENT
    honest = dataclasses.replace(options, user_agent=HONEST_USER_AGENT)
    [result] = _enrich([name_only(f"http://welt.ltd{path}")], honest)
    assert result.page is not None and result.page.title == "Gardening tips"
    assert "claims-brand" not in {r.code for r in result.reasons}
    assert hostile.seen("welt.ltd")[-1].headers["user-agent"] == HONEST_USER_AGENT


GARDEN = b"<html><head><title>Gardening tips</title></head><body>Roses</body></html>"


@pytest.mark.parametrize(("content_type", "body"), [
    ("text/html", GARDEN),
    ("text/plain", b"nothing to see"),
    ("image/gif", b"GIF89a"),
])
def test_a_refresh_header_is_followed_as_browsers_follow_it(
        hostile: LoopbackServer, content_type: str, body: bytes) -> None:
    """Every browser obeys a ``Refresh`` response header as it obeys a meta refresh, on any
    page: a harmless page with ``Refresh: 0; url=<clone>`` sent readers to the clone while
    we judged the harmless page (or, served as an image, no page at all)."""
    _routes(hostile)["garden.example"] = lambda request: Reply(
        200, [("Content-Type", content_type),
              ("Refresh", "0; url=http://welt.ltd/politik/a.html")], body)
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://garden.example/")], options)
    assert [(hop.status, hop.via) for hop in result.chain] == [
        (200, "start"), (200, "refresh-header")]
    assert result.final_url == "http://welt.ltd/politik/a.html" and result.error is None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def test_a_refresh_header_wins_over_the_page_s_meta_refresh(hostile: LoopbackServer) -> None:
    """HTML refreshes a document once, and reads the header first."""
    meta = b'<meta http-equiv="refresh" content="0;url=http://spiegel.ltd/">'
    _routes(hostile)["garden.example"] = lambda request: Reply(
        200, [("Content-Type", "text/html"), ("Refresh", "0;URL='/next'")],
        GARDEN.replace(b"<head>", b"<head>" + meta, 1))
    _routes(hostile)["spiegel.ltd"] = lambda request: Reply(200, list(HTML), GARDEN)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://garden.example/", options)
    assert [hop.url for hop in result.chain] == ["http://garden.example/",
                                                 "http://garden.example/next"]
    assert result.chain[-1].via == "refresh-header"


def test_a_clone_behind_a_refresh_header_to_nowhere_is_where_the_link_lands(
        hostile: LoopbackServer) -> None:
    """As for a meta refresh: a target that fails leaves the reader on the page, whose
    claims count; a Refresh with no URL reloads the page, which is the landing."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Refresh", "86400; url=http://127.0.0.1/")]
        if request.path == "/a" else [*HTML, ("Refresh", "30")], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [away, reload] = _enrich([name_only("http://welt.ltd/a"), name_only("http://welt.ltd/b")],
                             options)
    assert away.error == BLOCKED and away.final_url == "http://welt.ltd/a"
    assert away.chain[-1].via == "refresh-header"
    assert "claims-brand" in {reason.code for reason in away.reasons}
    assert reload.error is None and [hop.status for hop in reload.chain] == [200]
    assert "claims-brand" in {reason.code for reason in reload.reasons}


def test_a_clone_shown_before_its_refresh_header_is_the_first_page(
        hostile: LoopbackServer) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Refresh", "10; url=http://spiegel.ltd/")], CLONE)
    _routes(hostile)["spiegel.ltd"] = lambda request: Reply(200, list(HTML), GARDEN)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/a")], options)
    assert result.final_url == "http://spiegel.ltd/" and result.error is None
    assert result.first_page is not None and result.first_page.url == "http://welt.ltd/a"
    assert result.first_page.wait() == "10 s before its Refresh header"
    assert "claims-brand" in {reason.code for reason in result.reasons}


@pytest.mark.parametrize(("location", "lands"), [
    ("/relative?q=1", "http://crafted.example/relative?q=1"),
    ("relative", "http://crafted.example/relative"),
    ("//spiegel.ltd/x", "http://spiegel.ltd/x"),
    ("\\\\spiegel.ltd/x", "http://spiegel.ltd/x"),
    ("http://welt.de@spiegel.ltd/x", "http://spiegel.ltd/x"),  # no credentials, no welt.de
    ("http://www.welt.de:80@spiegel.ltd/x", "http://spiegel.ltd/x"),
    ("http://welt.de%40spiegel.ltd@spiegel.ltd/x", "http://spiegel.ltd/x"),
    ("http://spiegel.ltd#@127.0.0.1/", "http://spiegel.ltd#@127.0.0.1/"),
    ("http://spiegel.ltd?@127.0.0.1/", "http://spiegel.ltd?@127.0.0.1/"),
    (" http://spiegel.ltd/x\t", "http://spiegel.ltd/x"),
])
def test_a_crafted_location_goes_where_a_browser_goes(hostile: LoopbackServer,
                                                      location: str, lands: str) -> None:
    _routes(hostile)["crafted.example"] = lambda request: (
        _redirect_to(location)(request) if request.path == "/" else Reply(200, list(HTML), GARDEN))
    _routes(hostile)["spiegel.ltd"] = lambda request: Reply(200, list(HTML), GARDEN)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://crafted.example/", options)
    assert [hop.status for hop in result.chain] == [302, 200], result.chain
    assert result.final_url == lands and result.error is None
    assert "welt.de" not in result.final_url


@pytest.mark.parametrize("host", [
    "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::1]", "[::]",
    "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "0177.0.0.1", "0x7f.1", "0x7F000001",
    "017700000001", "127.1", "0", "2130706433", "127.0.0.1\t", "welt.de@127.0.0.1",
    "welt.de:x@[::1]", "spiegel.ltd:80@0x7f.1", "LOCALHOST", "localhost.",
])
def test_a_crafted_location_to_the_inside_is_refused(hostile: LoopbackServer,
                                                     inside: LoopbackServer, host: str) -> None:
    before = len(inside.requests)
    _routes(hostile)["crafted.example"] = _redirect_to(f"http://{host}:{inside.port}/admin")
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://crafted.example/", options)
    assert [(hop.status, hop.error) for hop in result.chain] == [(302, None), (None, BLOCKED)]
    assert len(inside.requests) == before


@pytest.mark.parametrize("start", ["http://padded.example/a", "http://padded.example/ä"])
def test_a_clone_with_padded_headers_is_read_as_browsers_read_it(hostile: LoopbackServer,
                                                                  start: str) -> None:
    """200 KB of headers (long cookies, padding) are within Chrome's 256 KiB: readers see
    the page. httpcore stopped at 100 KiB, and the clone was a ``protocol error`` to us."""
    _routes(hostile)["padded.example"] = lambda request: Reply(
        200, [*HTML, *[(f"X-Pad-{n}", "p" * 1000) for n in range(200)]], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only(start)], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


@pytest.mark.parametrize("port", [25, 22, 6667, 5060, 10080, 587])
def test_a_port_browsers_refuse_is_never_spoken_to(hostile: LoopbackServer, port: int) -> None:
    """``http://host:25/`` had us send an HTTP request to a mail server (SIP, IRC, SSH …):
    cross-protocol requests from the researcher's address to any host a thread names. A
    browser stops there (Fetch's bad ports, ``ERR_UNSAFE_PORT``); so does the hop, before
    any request, as a link and as a redirect."""
    _routes(hostile)["ports.example"] = _redirect_to(f"http://spiegel.ltd:{port}/x")
    before = hostile.count("spiegel.ltd")
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://ports.example/", options)
    assert [(hop.status, hop.error) for hop in result.chain] == [
        (302, None), (None, "blocked: unsafe port")]
    assert result.error == "blocked: unsafe port"
    result = resolve(f"https://spiegel.ltd:{port}/", options)
    assert [(hop.status, hop.error) for hop in result.chain] == [
        (None, "blocked: unsafe port")]
    assert hostile.count("spiegel.ltd") == before


@pytest.mark.parametrize("port", [80, 443, 8080, 8443, 81, 3000])
def test_a_usual_web_port_is_followed(hostile: LoopbackServer, port: int) -> None:
    _routes(hostile)["spiegel.ltd"] = lambda request: Reply(200, list(HTML), GARDEN)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve(f"http://spiegel.ltd:{port}/", options)
    assert result.error is None and [hop.status for hop in result.chain] == [200]


@pytest.mark.parametrize("coding", ["x-foo", "compress", "identity", "gzip, identity",
                                    "identity, br", "x-gzip2", "GZIP , x-unknown"])
def test_a_coding_browsers_do_not_know_leaves_the_page_as_it_came(
        hostile: LoopbackServer, coding: str) -> None:
    """Chrome decodes nothing when the list names a coding it does not know (or identity):
    it shows the body as it came. A clone naming ``x-foo`` over its plain page showed
    readers the page and was "bad encoding" to us, no page and no claims."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", coding)], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def _stacked(codings: list[str], data: bytes) -> bytes:
    """``data`` packed in ``codings``, in the order the header lists them (applied first
    to last), by each coding's own library."""
    pack: dict[str, Callable[[bytes], bytes]] = {
        "gzip": gzip.compress, "x-gzip": gzip.compress, "deflate": zlib.compress,
        "raw-deflate": _raw_deflate, "br": lambda data: brotli.compress(data, quality=5),
        "zstd": zstandard.compress}
    for coding in codings:
        data = pack[coding](data)
    return data


@pytest.mark.parametrize("codings", [
    ["gzip", "gzip"],
    ["gzip", "br"],
    ["br", "zstd", "deflate"],
    ["zstd", "gzip", "x-gzip"],
    ["raw-deflate", "gzip"],
])
def test_a_clone_behind_stacked_codings_keeps_its_page(hostile: LoopbackServer,
                                                       codings: list[str]) -> None:
    """Browsers undo ``gzip, gzip`` (each coding in turn): a clone that wraps its page twice
    showed it to readers and was "bad encoding" to us, no page and no claims."""
    header = ", ".join("deflate" if coding == "raw-deflate" else coding for coding in codings)
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", header)], _stacked(codings, CLONE))
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert "claims-brand" in {reason.code for reason in result.reasons}


def test_more_than_three_codings_are_refused(hostile: LoopbackServer) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", "gzip, gzip, gzip, gzip")],
        _stacked(["gzip"] * 4, CLONE))
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://welt.ltd/a", options)
    assert result.error == TOO_MANY_CODINGS and result.page is None


@pytest.mark.parametrize("codings", [
    ["gzip", "gzip"], ["zstd", "gzip"], ["br", "zstd"], ["gzip", "br", "zstd"],
    ["gzip", "gzip", "gzip"],
])
def test_a_bomb_inside_a_bomb_costs_the_limit(hostile: LoopbackServer,
                                              codings: list[str]) -> None:
    """64 MiB of zeros packed in two or three layers: each layer is held to the cap, so
    the page stops at it and memory stays flat (the outer layer alone inflates to far
    more than the cap: its output is handed on in steps)."""
    bomb = _stacked(codings[:1], bytes(64 * 1024 * 1024))
    bomb = _stacked(codings[1:], bomb)
    _routes(hostile)["stacked-bomb.test"] = lambda request: Reply(
        200, [*HTML, ("Content-Encoding", ", ".join(codings))], bomb)
    options = NetworkOptions(proxy=hostile.url, timeout=10, use_cache=False)
    tracemalloc.start()
    try:
        result = resolve("http://stacked-bomb.test/", options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.error is None and result.body is not None and result.body.truncated
    assert len(result.body.data) == options.max_body
    assert peak < 64 * 1024 * 1024


def test_an_inner_layer_that_inflates_to_nothing_stops_at_the_cap() -> None:
    """The outer gzip inflates to a gzip member whose comment never ends: the inner layer
    eats it and gives nothing. The outer layer's output is held to the cap all the same,
    so the work ends there, not after the 64 MiB the outer bomb holds."""
    inner_header = b"\x1f\x8b\x08\x10" + bytes(6)  # FCOMMENT: a comment up to a NUL
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(inner_header)]
    parts += [packer.compress(b"a" * (1 << 20)) for _ in range(64)]  # 64 MiB of comment
    outer = b"".join(parts) + packer.flush()
    inflater = LimitedInflater("gzip, gzip", 100_000)
    for start in range(0, len(outer), 65536):
        inflater.feed(outer[start : start + 65536])
        if inflater.full:
            break
    assert inflater.full and not inflater.data and inflater.kept < 1024 * 1024


@pytest.mark.parametrize("step", [1, 5, 4096, 1 << 30])
@pytest.mark.parametrize("codings", [["gzip", "zstd"], ["br", "deflate"], ["zstd", "br", "gzip"]])
def test_stacked_codings_in_any_chunks(step: int, codings: list[str]) -> None:
    data = CLONE * 20
    packed = _stacked(codings, data)
    inflater = LimitedInflater(", ".join(codings), len(data) + 10)
    for start in range(0, len(packed), step):
        inflater.feed(packed[start : start + step])
    assert bytes(inflater.data) == data and not inflater.full
    small = LimitedInflater(", ".join(codings), 1000)
    small.feed(packed)
    assert small.full and small.body(None).data == data[:1000]


@pytest.mark.parametrize("stream", [b"not gzip at all", gzip.compress(b"not zstd at all")])
def test_a_stack_that_is_not_what_it_says_is_a_bad_encoding(stream: bytes) -> None:
    with pytest.raises(FetchError, match="bad encoding"):
        LimitedInflater("zstd, gzip", 1000).feed(stream)


@pytest.mark.parametrize("redirect", [
    b'<meta http-equiv="refresh" content="300;url=#top">',
    b'<meta http-equiv="refresh" content="0;url=/politik/a.html#kommentare">',
    b'<script>location.href="#start"</script>',
])
def test_a_refresh_to_the_page_s_own_fragment_stays_on_the_page(
        hostile: LoopbackServer, redirect: bytes) -> None:
    """A browser scrolls; it fetches nothing. The page was asked for again and came back
    as a "redirect loop" (the link ``unresolved``)."""
    page = CLONE.replace(b"<head>", b"<head>" + redirect, 1)
    if b"<script>" in redirect:  # JavaScript redirects are read on small pages only
        page = b"<html><head><title>WELT</title>" + redirect + b"</head></html>"
    _routes(hostile)["welt.ltd"] = lambda request: Reply(200, list(HTML), page)
    before = hostile.count("welt.ltd")
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    result = resolve("http://welt.ltd/politik/a.html", options)
    assert result.error is None and [hop.status for hop in result.chain] == [200]
    assert result.final_url == "http://welt.ltd/politik/a.html"
    assert hostile.count("welt.ltd") == before + 1


# --------------------------------------------------------------------------- Link header

WELT_ARTICLE = "https://www.welt.de/politik/ausland/article123456789/a.html"
PLAIN_PAGE = b"<html><head><title>Nachrichten</title></head><body>Text</body></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _claims(result: Assessment) -> list[str]:
    return [reason.detail for reason in result.reasons if reason.code == "claims-brand"]


@pytest.mark.parametrize(("content_type", "body"), [
    ("text/html; charset=utf-8", PLAIN_PAGE),  # a page whose head claims nothing
    ("application/pdf", PDF),  # a body that is no page at all
    ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
])
def test_a_canonical_link_header_is_the_page_s_claim(hostile: LoopbackServer,
                                                     content_type: str, body: bytes) -> None:
    """``Link: <https://www.welt.de/…>; rel="canonical"`` says what ``<link
    rel=canonical>`` says, for any body: a clone serving a PDF with it names welt.de."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", content_type),
              ("Link", f'<{WELT_ARTICLE}>; rel="canonical"')], body)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert result.page.header_canonical == WELT_ARTICLE and result.page.canonical is None
    assert _claims(result) == [
        "page on welt.ltd names www.welt.de as its canonical address in its Link header"]
    assert result.imitates == "welt.de" and result.verdict is Verdict.SUSPICIOUS  # 60 alone


@pytest.mark.parametrize("links", [
    # several links in one header, quoted commas and semicolons, and a second header line
    ['</style.css>; rel=preload; as=style; title="a, b; c", '
     f'<{WELT_ARTICLE}>; rel="alternate canonical"'],
    ["</a.js>; rel=preload", f"<{WELT_ARTICLE}>; REL=Canonical"],
    # junk before the claim, and a link to no web address
    [f'garbage ~ unclosed <, <data:,x>; rel=canonical, <{WELT_ARTICLE}>; rel=canonical'],
    [f'<https://a.example/>; title="\xe9t\xe9, <x>"; rel=next, <{WELT_ARTICLE}>; rel=canonical'],
    [f"<mailto:desk@welt.de>; rel=canonical, <{WELT_ARTICLE}>; rel=canonical"],
    # past 150 KiB of preload links (Chrome reads 256 KiB of headers)
    ["</x.js>; rel=preload, " * 7000 + f"<{WELT_ARTICLE}>; rel=canonical"],
])
def test_hostile_link_headers_keep_the_claim(hostile: LoopbackServer, links: list[str]) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", "application/pdf"), *(("Link", link) for link in links)], PDF)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and result.page is not None
    assert result.page.header_canonical == WELT_ARTICLE and _claims(result)


@pytest.mark.parametrize("link", [
    '<ftp://www.welt.de/a.pdf>; rel="canonical"',
    '<data:text/html,www.welt.de>; rel="canonical"',
    '<javascript:location="https://www.welt.de/">; rel="canonical"',
    f'<{WELT_ARTICLE}>; rel="alternate"',
    f'<{WELT_ARTICLE}>; rel="canonical"; anchor="#figure-1"',
    f'{WELT_ARTICLE}; rel="canonical"',
    '\xff\xfe<<<>>>;;;===""",,,',
    '<' * 100_000,  # an unclosed link-value, 100 KB of it
    "</politik/a.html>; rel=canonical",  # its own address: no claim
])
def test_a_link_header_that_claims_no_site_adds_nothing(hostile: LoopbackServer,
                                                        link: str) -> None:
    raw = link.encode("utf-8").decode("latin-1")
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", "application/pdf"), ("Link", raw)], PDF)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error is None and not _claims(result)
    assert result.page is None or result.page.header_canonical == "http://welt.ltd/politik/a.html"


def test_a_link_header_and_the_head_both_count_once(hostile: LoopbackServer) -> None:
    """The clone's head claims welt.de too: one claim (the head's), the header's beside it
    in the page evidence."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Link", f'<{WELT_ARTICLE}>; rel="canonical"')], CLONE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.page is not None and result.page.header_canonical == WELT_ARTICLE
    assert len(_claims(result)) == 1 and "Link header" not in _claims(result)[0]


def test_a_link_header_naming_an_unlisted_outlet_claims_its_namesake(
        hostile: LoopbackServer) -> None:
    _routes(hostile)["kurierhistoryczny.link"] = lambda request: Reply(
        200, [("Content-Type", "application/pdf"),
              ("Link", '<https://www.kurierhistoryczny.pl/a.pdf>; rel="canonical"')], PDF)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://kurierhistoryczny.link/a.pdf")], options)
    details = [r.detail for r in result.reasons if r.code == "claims-namesake"]
    assert result.imitates == "kurierhistoryczny.pl"
    assert details and "as its canonical address in its Link header" in details[0]


def test_a_redirect_s_link_header_is_no_claim(hostile: LoopbackServer) -> None:
    """A redirect is no page a reader sees: its headers claim nothing for the landing."""
    _routes(hostile)["hop.test"] = lambda request: Reply(
        302, [("Location", "http://spiegel.ltd/"),
              ("Link", f'<{WELT_ARTICLE}>; rel="canonical"')])
    _routes(hostile)["spiegel.ltd"] = lambda request: Reply(200, list(HTML), PLAIN_PAGE)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://hop.test/")], options)
    assert result.page is not None and result.page.header_canonical is None
    assert not _claims(result)


def test_a_pdf_s_link_header_claim_is_read_back_from_the_cache(hostile: LoopbackServer,
                                                              tmp_path: Path) -> None:
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", "application/pdf"),
              ("Link", f'<{WELT_ARTICLE}>; rel="canonical"')], PDF)
    options = NetworkOptions(proxy=hostile.url, timeout=3, cache_path=tmp_path / "c.db")
    link = name_only("http://welt.ltd/politik/a.pdf")
    [first] = _enrich_cached([link], options)
    asked = hostile.count("welt.ltd")
    [again] = _enrich_cached([link], options)
    assert hostile.count("welt.ltd") == asked  # from the cache, not asked again
    assert again.page == first.page and again.page is not None
    assert again.page.header_canonical == WELT_ARTICLE and _claims(again) == _claims(first)


def test_a_link_header_claim_survives_a_page_the_timeout_cuts(hostile: LoopbackServer) -> None:
    """The head arrives with its ``Link`` header, then the body stalls past the timeout:
    what arrived is the page, the header's claim with it."""
    async def stalls() -> AsyncIterator[bytes]:
        yield b"<html><head><title>Nachrichten</title>"
        await asyncio.sleep(5)
        yield b"</head></html>"

    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [*HTML, ("Link", f'<{WELT_ARTICLE}>; rel="canonical"')], stalls)
    options = NetworkOptions(proxy=hostile.url, timeout=1, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.html")], options)
    assert result.error == "timeout: page cut off" and result.page is not None
    assert result.page.title == "Nachrichten" and result.page.header_canonical == WELT_ARTICLE
    assert _claims(result)


def test_a_pdf_whose_refresh_fails_is_where_the_link_lands_with_its_claim(
        hostile: LoopbackServer) -> None:
    """A PDF with a ``Refresh`` header to an inside address: the reader stays on it, and
    its ``Link`` header's claim is the landing's."""
    _routes(hostile)["welt.ltd"] = lambda request: Reply(
        200, [("Content-Type", "application/pdf"), ("Refresh", "0; url=http://127.0.0.1/"),
              ("Link", f'<{WELT_ARTICLE}>; rel="canonical"')], PDF)
    options = NetworkOptions(proxy=hostile.url, timeout=3, use_cache=False)
    [result] = _enrich([name_only("http://welt.ltd/politik/a.pdf")], options)
    assert [hop.status for hop in result.chain] == [200, None]
    assert result.final_url == "http://welt.ltd/politik/a.pdf" and result.page is not None
    assert result.page.header_canonical == WELT_ARTICLE and _claims(result)


# ------------------------------------------------------------------ bodies of 1-byte chunks


async def _tiny_chunk_server(status: str) -> tuple[asyncio.Server, int]:
    """A server that answers with a chunked body of 1-byte chunks, written 60 KB at a time
    for as long as anyone reads: each costs it nothing to send and the parser far more."""
    burst = b"1\r\na\r\n" * 10_000

    async def answer(writer: asyncio.StreamWriter) -> None:
        writer.write(f"HTTP/1.1 {status}\r\nContent-Type: text/html\r\n"
                     "Location: http://example.com/\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n".encode())
        for _ in range(2_000):  # 120 MB at most: the test ends long before
            writer.write(burst)
            await writer.drain()

    return await _serving(answer)


async def _serving(
    behaviour: Callable[[asyncio.StreamWriter], Any],
) -> tuple[asyncio.Server, int]:
    """A raw server on loopback that reads a request's head, then lets ``behaviour`` write
    the answer; a client that hangs up ends it quietly."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await behaviour(writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


@pytest.mark.parametrize("status", ["200 OK", "302 Found"])
def test_a_body_of_one_byte_chunks_cannot_hold_the_event_loop(status: str) -> None:
    """Each 1-byte chunk costs the HTTP parser far more than the server takes to send it, and
    the bytes were always there already: the reading never gave the event loop a turn, so
    the timeout (which cancels at the next turn) fired seconds late and no other link, nor
    the run's deadline, moved meanwhile (the loop stood still 5 s at a 2 s timeout). A page
    now ends at its timeout as ``timeout: page cut off``; a redirect's body is left after
    its drain time and the redirect followed."""
    options = NetworkOptions(timeout=2, use_cache=False, allow_private=True)

    async def run() -> tuple[Resolution, float, float]:
        server, port = await _tiny_chunk_server(status)
        loop = asyncio.get_running_loop()
        gaps = [0.0]

        async def tick() -> None:
            last = loop.time()
            while True:
                await asyncio.sleep(0.01)
                gaps.append(loop.time() - last)
                last = loop.time()

        ticker = asyncio.ensure_future(tick())
        try:
            async with make_client(options) as client:
                start = loop.time()
                result = await Resolver(client, options).resolve(f"http://127.0.0.1:{port}/")
                return result, loop.time() - start, max(gaps)
        finally:
            ticker.cancel()
            server.close()

    result, took, gap = asyncio.run(run())
    first = result.chain[0]
    if status.startswith("200"):
        assert (first.status, first.error) == (200, "timeout: page cut off"), result.chain
    else:
        assert first.status == 302 and result.chain[1].url == "http://example.com/"
    assert took < 3.5, took
    assert gap < 0.5, gap


# --------------------------------------------------------------------------- endless answers

EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"


async def _endless(writer: asyncio.StreamWriter, start: bytes, unit: bytes,
                   pause: float = 0.0) -> None:
    """``start``, then ``unit`` again and again (60 KB at a time, or one a ``pause``) for as
    long as anyone reads (120 MB at most: the tests end long before)."""
    writer.write(start)
    burst = unit if pause else unit * max(1, 60_000 // len(unit))
    for _ in range(2_000):
        writer.write(burst)
        await writer.drain()
        await asyncio.sleep(pause)


ENDLESS: dict[str, tuple[Callable[[asyncio.StreamWriter], Any], str | None]] = {
    # 1xx answers are skipped by every client until the real one: a server can send them
    # forever, each a complete answer, so no read ever times out.
    "informational": (lambda w: _endless(w, b"", EARLY_HINTS), "timeout"),
    "header lines": (lambda w: _endless(w, b"HTTP/1.1 200 OK\r\n", b"X-Pad: " + b"p" * 60
                                        + b"\r\n"), "protocol error"),
    "one header line": (lambda w: _endless(w, b"HTTP/1.1 200 OK\r\nX-Big: ", b"b" * 1000),
                        "protocol error"),
    "a header a byte at a time": (lambda w: _endless(w, b"HTTP/1.1 200 OK\r\nX-Slow: ", b"s",
                                                     pause=0.2), "timeout"),
    # HTTP/1.0 without Content-Length: the body ends when the server closes, or never.
    "an HTTP/1.0 body": (lambda w: _endless(w, b"HTTP/1.0 200 OK\r\nContent-Type: text/html"
                                               b"\r\n\r\n" + CLONE, b"<p>" + b"y" * 997), None),
}


async def _endless_server(name: str) -> tuple[asyncio.Server, int]:
    return await _serving(ENDLESS[name][0])


@pytest.mark.parametrize("name", list(ENDLESS))
def test_an_answer_that_never_ends_ends_the_link_in_its_time(name: str) -> None:
    """Each is its link's error within the timeout, or (an HTTP/1.0 body with no end) a page
    read up to the body limit, its claims kept."""
    options = NetworkOptions(timeout=2, use_cache=False, allow_private=True)

    async def run() -> tuple[Resolution, float]:
        server, port = await _endless_server(name)
        try:
            async with make_client(options) as client:
                started = time.monotonic()
                result = await Resolver(client, options).resolve(f"http://127.0.0.1:{port}/")
                return result, time.monotonic() - started
        finally:
            server.close()

    result, took = asyncio.run(run())
    expected = ENDLESS[name][1]
    assert took < 2 + 3, f"{name}: --timeout 2 took {took:.1f} s"
    assert result.error == expected, result.chain
    if expected is None:
        assert result.body is not None and result.body.truncated
        assert len(result.body.data) == options.max_body
        assert result.page is not None and result.page.site_name == "WELT"


@pytest.mark.parametrize("name", list(ENDLESS))
def test_an_rdap_answer_that_never_ends_is_the_registration_s_error(name: str) -> None:
    options = NetworkOptions(timeout=2, use_cache=False, allow_private=True)

    async def run() -> tuple[Registration, float]:
        server, port = await _endless_server(name)
        bootstrap = Bootstrap.from_json({"services": [[["ltd"], [f"http://127.0.0.1:{port}/"]]]})
        try:
            async with make_client(options) as client:
                started = time.monotonic()
                found = await lookup(client, "welt.ltd", bootstrap, None, 2, use_whois=False,
                                     guard=RegistryGuard(allow_private=True))
                return found, time.monotonic() - started
        finally:
            server.close()

    found, took = asyncio.run(run())
    assert took < 2 + 3, f"{name}: --timeout 2 took {took:.1f} s"
    assert found.created is None
    expected = ENDLESS[name][1]
    assert found.error == (f"rdap: {expected}" if expected else "rdap: answer too large")
