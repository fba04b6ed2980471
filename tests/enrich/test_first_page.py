"""The page a reader sees first: a clone that shows itself for a while, then sends its readers
on (meta refresh, JavaScript timer) to a page that works, often the real site. Both pages are
reported (``first_page`` and ``page``) and both pages' claims count.

A loopback forward proxy plays the hosts (``_Web``); every run goes through it, as a newsroom
behind a proxy would.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.enrich.helpers import name_only
from tests.support.server import LoopbackServer, Reply, Request
from tests.support.web import HTML, rdap_reply
from threadscope.assessment.registry import load_registry
from threadscope.enrich import Bootstrap, Cache, EnrichSettings, enrich_many
from threadscope.enrich.cache import context_of
from threadscope.enrich.client import make_client
from threadscope.enrich.page import LONG_DELAY, scan_page_now
from threadscope.models import Assessment, NetworkOptions, Verdict
from threadscope.report import shapes

NEUTRAL = "http://nachrichten-heute.net/politik/a.html"
"""A clone on a name that imitates no one: only its page can tell what it is."""
REAL = "http://www.welt.de/politik/a.html"
WELT_OWN = (b'<html><head><title>WELT</title><link rel="canonical" href="https://www.welt.de/">'
            b'<meta property="og:site_name" content="WELT"></head></html>')
CLONE = (b'<html><head><title>Geheime Gespraeche - WELT</title>'
         b'<link rel="canonical" href="https://www.welt.de/politik/a.html">'
         b'<meta property="og:site_name" content="WELT">SEND</head><body>Text</body></html>')


def _sending(target: str, how: str, delay: float) -> bytes:
    """The clone, sending its reader on to ``target`` after ``delay`` seconds."""
    if how == "meta-refresh":
        line = f'<meta http-equiv="refresh" content="{delay:g};url={target}">'
    elif delay:
        line = (f'<script>setTimeout(function () {{ window.location.href = "{target}"; }}, '
                f'{int(delay * 1000)});</script>')
    else:
        line = f'<script>location.replace("{target}")</script>'
    return CLONE.replace(b"SEND", line.encode())


class _Web:
    """A forward proxy: routes by host, the proxy's own 502 for the rest; counts requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[Request], Reply]] = {
            "www.welt.de": lambda request: Reply(200, list(HTML), WELT_OWN),
        }
        self.asked: list[str] = []

    def __call__(self, request: Request) -> Reply:
        self.asked.append(request.host)
        route = self.routes.get(request.host)
        if route is None:
            return Reply(502, [("Content-Type", "text/plain")], b"unknown host")
        return route(request)

    def serve(self, host: str, body: bytes) -> None:
        self.routes[host] = lambda request: Reply(200, list(HTML), body)


@pytest.fixture()
def web() -> Iterator[tuple[_Web, LoopbackServer]]:
    handler = _Web()
    with LoopbackServer(handler) as server:
        yield handler, server


def _enrich(items: list[Assessment], options: NetworkOptions,
            cache: Cache | None = None) -> list[Assessment]:
    async def run() -> list[Assessment]:
        async with make_client(options) as client:
            return [a async for a in enrich_many(items, client, options, load_registry(),
                                                  cache, EnrichSettings(registration=False))]

    return asyncio.run(run())


def _options(server: LoopbackServer) -> NetworkOptions:
    return NetworkOptions(proxy=server.url, timeout=3, use_cache=False)


def _codes(result: Assessment) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for reason in result.reasons:
        found.setdefault(reason.code, []).append(reason.points)
    return found


@pytest.mark.parametrize(("how", "delay"), [("meta-refresh", 10), ("meta-refresh", 86400),
                                            ("javascript", 8)])
def test_a_clone_shown_before_the_real_site_is_judged_by_its_claims(
        web: tuple[_Web, LoopbackServer], how: str, delay: float) -> None:
    handler, server = web
    handler.serve("nachrichten-heute.net", _sending(REAL, how, delay))
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.error is None and not result.unresolved
    assert result.final_url == REAL
    assert result.page is not None and result.page.title == "WELT"
    first = result.first_page
    assert first is not None
    assert (first.url, first.via, first.delay) == (NEUTRAL, how, delay)
    assert first.site_name == "WELT" and first.title == "Geheime Gespraeche - WELT"
    assert first.canonical == "https://www.welt.de/politik/a.html"
    claims = [r for r in result.reasons if r.code == "claims-brand"]
    assert len(claims) == 1 and claims[0].points > 0
    said = "meta refresh" if how == "meta-refresh" else "JavaScript redirect"
    assert claims[0].detail == (
        f"page shown first ({delay:g} s before its {said}) on nachrichten-heute.net names "
        "www.welt.de as its canonical address")
    assert result.imitates == "welt.de" and result.verdict.flagged
    # Both pages are in the JSON shape, each its own.
    data = result.to_dict()
    assert data["first_page"]["url"] == NEUTRAL and data["page"]["title"] == "WELT"
    assert "url" not in data["page"]


@pytest.mark.parametrize(("how", "delay"), [("meta-refresh", 0), ("meta-refresh", 1),
                                            ("meta-refresh", LONG_DELAY - 1),
                                            ("javascript", 0), ("javascript", 2)])
def test_a_page_that_sends_on_at_once_is_not_a_page_seen(
        web: tuple[_Web, LoopbackServer], how: str, delay: float) -> None:
    """A redirect stub is not seen: only the landing page is judged, as before."""
    handler, server = web
    handler.serve("nachrichten-heute.net", _sending(REAL, how, delay))
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.final_url == REAL and result.first_page is None
    assert "claims-brand" not in _codes(result)
    assert not result.verdict.flagged


def test_both_pages_claiming_one_brand_count_once_and_say_which_said_what(
        web: tuple[_Web, LoopbackServer]) -> None:
    handler, server = web
    handler.serve("nachrichten-heute.net",
                  _sending("http://welt-archiv.net/a", "meta-refresh", 30))
    handler.serve("welt-archiv.net", CLONE.replace(b"SEND", b""))
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.final_url == "http://welt-archiv.net/a"
    assert result.first_page is not None and result.page is not None
    claims = [r for r in result.reasons if r.code == "claims-brand"]
    assert [r.points > 0 for r in claims] == [True, False]
    assert claims[0].detail.startswith("landing page on welt-archiv.net names www.welt.de")
    assert claims[1].detail.startswith(
        "page shown first (30 s before its meta refresh) on nachrichten-heute.net names")
    alone = dataclasses.replace(result, first_page=None)
    assert alone.score <= result.score


def test_the_first_page_seen_is_the_first_long_one(web: tuple[_Web, LoopbackServer]) -> None:
    """A stub that sends on at once, then a clone shown for a minute, then the real site:
    the clone is the page seen first."""
    handler, server = web
    handler.serve("stub.net", _sending(NEUTRAL, "meta-refresh", 0))
    handler.serve("nachrichten-heute.net", _sending(REAL, "meta-refresh", 60))
    [result] = _enrich([name_only("http://stub.net/x")], _options(server))
    assert [hop.via for hop in result.chain] == ["start", "meta-refresh", "meta-refresh"]
    assert result.first_page is not None and result.first_page.url == NEUTRAL
    assert result.final_url == REAL and result.verdict.flagged


def test_a_page_seen_whose_refresh_fails_is_the_landing_alone(
        web: tuple[_Web, LoopbackServer]) -> None:
    """When the refresh fails the page seen is where the reader stays: it is ``page``, and
    there is no first page besides it."""
    handler, server = web
    handler.serve("nachrichten-heute.net", _sending("http://gone.test/", "meta-refresh", 60))
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.final_url == NEUTRAL and result.error == "proxy error"
    assert result.page is not None and result.page.site_name == "WELT"
    assert result.first_page is None


def test_a_later_page_that_fails_leaves_the_first_beside_the_last_shown(
        web: tuple[_Web, LoopbackServer]) -> None:
    handler, server = web
    handler.serve("nachrichten-heute.net",
                  _sending("http://second.net/", "meta-refresh", 20))
    handler.serve("second.net", b'<title>Zweite</title><meta http-equiv="refresh" '
                                b'content="20;url=http://127.0.0.1/">')
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.final_url == "http://second.net/" and result.error == "blocked: private address"
    assert result.page is not None and result.page.title == "Zweite"
    assert result.first_page is not None and result.first_page.url == NEUTRAL
    assert result.verdict.flagged


def test_the_cache_gives_the_first_page_back(web: tuple[_Web, LoopbackServer],
                                             tmp_path: Path) -> None:
    handler, server = web
    handler.serve("nachrichten-heute.net", _sending(REAL, "meta-refresh", 10))
    options = NetworkOptions(proxy=server.url, timeout=3, cache_path=tmp_path / "c.sqlite3")
    uncached = _enrich([name_only(NEUTRAL)], dataclasses.replace(options, use_cache=False))
    asked = len(handler.asked)
    runs = []
    for _ in range(2):
        cache = Cache(options.cache_path, 3600, context_of(options))
        try:
            runs.append(_enrich([name_only(NEUTRAL)], options, cache))
        finally:
            cache.close()
    assert runs[0] == uncached and runs[1] == uncached
    assert len(handler.asked) == asked + 2  # the second run asked nobody


@pytest.mark.parametrize("delay", ["NaN", "Infinity", "-Infinity", "-5", "1e308"])
def test_a_cached_delay_no_page_could_have_written_is_an_unreadable_entry(
        web: tuple[_Web, LoopbackServer], tmp_path: Path, delay: str) -> None:
    """A cache file may be anyone's: ``json.loads`` reads ``NaN`` and ``Infinity``, which
    the JSON report then wrote as they came (no JSON parser but Python's reads them) and the
    reasons as "nan s before its meta refresh"."""
    handler, server = web
    handler.serve("nachrichten-heute.net", _sending(REAL, "meta-refresh", 10))
    options = NetworkOptions(proxy=server.url, timeout=3, cache_path=tmp_path / "c.sqlite3")
    uncached = _enrich([name_only(NEUTRAL)], dataclasses.replace(options, use_cache=False))
    cache = Cache(options.cache_path, 3600, context_of(options))
    _enrich([name_only(NEUTRAL)], options, cache)
    cache.close()
    with sqlite3.connect(options.cache_path) as db:
        data = json.loads(db.execute("SELECT chain FROM resolution").fetchone()[0])
        data["first"]["delay"] = "DELAY"
        db.execute("UPDATE resolution SET chain = ?",
                   (json.dumps(data).replace('"DELAY"', delay),))
    db.close()
    said: list[str] = []
    cache = Cache(options.cache_path, 3600, context_of(options), report=said.append)
    try:
        again = _enrich([name_only(NEUTRAL)], options, cache)
    finally:
        cache.close()
    assert again == uncached
    json.dumps([shapes.assessment_data(item) for item in again], allow_nan=False)
    assert len(said) == 1 and "unreadable entry" in said[0]


def test_the_delay_is_read_as_browsers_read_it() -> None:
    def delay(content: str) -> float:
        body = f'<meta http-equiv="refresh" content="{content}">'.encode()
        return scan_page_now(body, "http://x.test/", None, False).delay

    assert delay("5.9; url=http://a.test/") == 5
    assert delay(".5; url=http://a.test/") == 0
    # No delay first: no refresh at all (HTML's refresh steps; Chromium), the page is landed on.
    for content in ("url=http://a.test/", "x;url=http://a.test/", ";url=http://a.test/",
                    " ,url=http://a.test/", "-5;url=http://a.test/"):
        body = f'<meta http-equiv="refresh" content="{content}">'.encode()
        assert scan_page_now(body, "http://x.test/", None, False).refresh is None, content
    assert delay("99999999999999999999999;url=http://a.test/") >= LONG_DELAY
    # More than twelve digits: the largest twelve-digit delay, not the first twelve digits.
    assert delay("10000000000000;url=http://a.test/") == 999_999_999_999
    stub = scan_page_now(b"<script>setTimeout(foo, 9000); location='http://a.test/'</script>",
                         "http://x.test/", None, False)
    assert stub.refresh is not None and stub.delay == 0  # the timer is not the redirect's


@pytest.mark.parametrize(("written", "seconds"), [
    ("8000", 8), ("8e3", 8), ("8000.9", 8), ("8000, 'x'", 8),
    ("1000000000", 1_000_000), ("2147483647", 2_147_483.647),  # days: a page shown
    ("2147483648", 0), ("4294967295", 0),  # past a signed 32-bit long: wraps below 0, at once
    ("4294975296", 8),  # 2**32 + 8000 wraps to 8000
    ("1e400", 0),
    # minutes and days as pages write them: a product, a sum
    ("60 * 1000", 60), ("1000*60*60*24", 86_400), ("5000 + 5000", 10),
])
def test_a_timer_delay_is_read_as_a_browser_reads_it(written: str, seconds: float) -> None:
    """``setTimeout``'s delay is a WebIDL long (modulo 2**32, signed; below 0 is 0): a clone
    that shows itself for days behind a ten-digit timer is a page seen, not a stub."""
    body = ('<script>setTimeout(function () { location.href = "http://a.test/"; }, '
            f"{written});</script>").encode()
    assert scan_page_now(body, "http://x.test/", None, False).delay == seconds


def test_a_clone_behind_a_timer_of_days_is_judged_by_its_claims(
        web: tuple[_Web, LoopbackServer]) -> None:
    """A JavaScript timer of 2**31 - 1 ms (24.8 days) hid the clone: only the real site it
    leads to was judged, and the link was benign."""
    handler, server = web
    handler.serve("nachrichten-heute.net", _sending(REAL, "javascript", 2_147_483.647))
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.final_url == REAL
    assert result.first_page is not None and result.first_page.delay == 2_147_483.647
    assert result.first_page.wait() == "2147483.647 s before its JavaScript redirect"
    assert "claims-brand" in _codes(result) and result.verdict.flagged


def test_an_offline_assessment_has_no_first_page() -> None:
    from threadscope.assessment import assess

    found = assess("welt.ltd", load_registry())
    assert found.first_page is None and found.to_dict()["first_page"] is None
    assert found.verdict is Verdict.LOOKALIKE


def test_a_clone_shown_before_the_real_site_keeps_its_young_registration(
        web: tuple[_Web, LoopbackServer]) -> None:
    """Registration was looked up for the landing domain only, and a brand's own is skipped:
    a clone registered five days ago that shows itself, then sends its readers on to
    www.welt.de, shed its ``young-domain`` reason so. The page seen first is the one whose
    age tells; the RDAP server is a host the proxy plays."""
    handler, server = web
    handler.serve("fresh-news.ltd", _sending(REAL, "meta-refresh", 10))
    handler.routes["rdap.test"] = lambda request: rdap_reply(request.path)
    options = _options(server)
    settings = EnrichSettings(bootstrap=Bootstrap({"ltd": ("http://rdap.test/",)}))

    async def run() -> list[Assessment]:
        async with make_client(options) as client:
            return [a async for a in enrich_many([name_only("http://fresh-news.ltd/a")], client,
                                                  options, load_registry(), None, settings)]

    [result] = asyncio.run(run())
    assert result.final_url == REAL and result.first_page is not None
    assert result.registration is not None and result.registration.created is not None
    young = [r for r in result.reasons if r.code == "young-domain"]
    assert len(young) == 1 and young[0].points == 30
    assert young[0].detail.startswith("fresh-news.ltd was registered on")
    assert result.verdict is Verdict.LOOKALIKE


@pytest.mark.parametrize("content", ["url=http://www.welt.de/", ";url=http://www.welt.de/"])
def test_a_clone_whose_refresh_browsers_ignore_is_landed_on(
        web: tuple[_Web, LoopbackServer], content: str) -> None:
    """A refresh with no delay first is one browsers ignore: the reader stays on the clone.
    Followed, the link was judged by the real site it named (benign, the claims lost)."""
    handler, server = web
    handler.serve("nachrichten-heute.net", CLONE.replace(
        b"SEND", f'<meta http-equiv="refresh" content="{content}">'.encode()))
    [result] = _enrich([name_only(NEUTRAL)], _options(server))
    assert result.final_url == NEUTRAL and len(result.chain) == 1
    assert "claims-brand" in _codes(result) and result.verdict.flagged
