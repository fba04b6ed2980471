from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from tests.enrich.helpers import invalid, name_only
from tests.support.server import LoopbackServer, Reply, Request
from tests.support.web import CLONE_URL, FakeWeb
from threadscope.assessment.registry import load_registry
from threadscope.enrich import Bootstrap, EnrichSettings, enrich_many, enrich_stream, make_client
from threadscope.errors import NetworkUnreachable
from threadscope.models import Assessment, NetworkOptions, Verdict

SETTINGS = EnrichSettings(
    bootstrap=Bootstrap.from_json({"services": [[["ltd"], ["http://rdap.test/"]]]})
)


def run(items: list[Assessment], options: NetworkOptions,
        progress: list[Assessment] | None = None) -> list[Assessment]:
    return list(enrich_stream(items, options, load_registry(),
                              progress.append if progress is not None else None, SETTINGS))


def test_shortener_chain_to_a_clone_ends_lookalike(fake_web: LoopbackServer) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=3, use_cache=False)
    [result] = run([name_only("http://t.co/x", card_domain="Welt.de")], options)
    assert [hop.url for hop in result.chain] == ["http://t.co/x", "http://bit.ly/y", CLONE_URL]
    assert [hop.status for hop in result.chain] == [301, 302, 200]
    assert result.final_url == CLONE_URL and result.error is None
    assert result.page is not None and result.page.site_name == "WELT"
    assert result.page.canonical is not None and "www.welt.de" in result.page.canonical
    codes = {reason.code: reason for reason in result.reasons}
    assert codes["claims-brand"].detail == (
        "page on welt.ltd names www.welt.de as its canonical address"
    )
    assert {"card-mismatch", "shortener-chain", "brand-assets"} <= set(codes)
    assert result.imitates == "welt.de"
    assert result.verdict is Verdict.LOOKALIKE
    assert result.registration is not None
    assert result.registration.created == "2022-06-28T09:41:17Z"
    assert result.registration.registrar == "NameCheap, Inc."


def test_young_domain_from_rdap(fake_web: LoopbackServer) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=3, use_cache=False)
    [result] = run([name_only("http://fresh-news.ltd/")], options)
    young = [r for r in result.reasons if r.code == "young-domain"]
    assert young and young[0].points == 30 and "5 days ago" in young[0].detail


def test_order_kept_invalid_untouched_progress_once(fake_web: LoopbackServer) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=3, use_cache=False, concurrency=4)
    bad = invalid("not a link")
    items = [name_only(f"http://slow-pages.net/{n}") for n in range(30)]
    items.insert(7, bad)
    items.insert(0, name_only("http://t.co/x"))
    seen: list[Assessment] = []
    fake_web.handler.slow_delay = 0.05  # type: ignore[attr-defined]
    try:
        results = run(items, options, seen)
    finally:
        fake_web.handler.slow_delay = 0.5  # type: ignore[attr-defined]
    assert [r.input for r in results] == [i.input for i in items]
    assert results[8] is bad
    assert len(seen) == len(items)
    assert all(r.error is None for r in results if r is not bad)


def test_the_run_ends_by_its_deadline(fake_web: LoopbackServer) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=30, deadline=1.5, use_cache=False)
    items = [name_only(f"http://never-answers.net/{n}") for n in range(20)]
    items.append(name_only("http://t.co/x"))
    started = time.monotonic()
    results = run(items, options)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 5  # generous: the behaviour under test is "the stream ends"
    assert [r.error for r in results[:20]] == ["deadline"] * 20
    assert len(results) == 21


def test_cache_reuse_and_bypass(tmp_path: Path) -> None:
    with LoopbackServer(FakeWeb()) as web:
        options = NetworkOptions(proxy=web.url, timeout=3, cache_path=tmp_path / "c.sqlite3")
        first = run([name_only("http://t.co/x")], options)
        assert web.count("t.co") == 1 and web.count("rdap.test") == 1
        second = run([name_only("http://t.co/x")], options)
        assert web.count("t.co") == 1 and web.count("rdap.test") == 1
        assert second == first
        run([name_only("http://t.co/x")], NetworkOptions(
            proxy=web.url, timeout=3, cache_path=tmp_path / "c.sqlite3", use_cache=False))
        assert web.count("t.co") == 2


def test_one_lookup_per_registrable_domain(tmp_path: Path) -> None:
    with LoopbackServer(FakeWeb()) as web:
        options = NetworkOptions(proxy=web.url, timeout=3, use_cache=False)
        items = [name_only(f"http://welt.ltd/a{n}") for n in range(10)]
        results = run(items, options)
        assert web.count("rdap.test") == 1
        assert all(r.registration and r.registration.created for r in results)


def test_async_api_with_own_client(fake_web: LoopbackServer) -> None:
    options = NetworkOptions(proxy=fake_web.url, timeout=3, use_cache=False)

    async def go() -> list[Assessment]:
        async with make_client(options) as client:
            stream = enrich_many([name_only("http://meta-refresh.net/"), invalid("x")], client,
                                 options, load_registry(), settings=SETTINGS)
            return [item async for item in stream]

    results = asyncio.run(go())
    assert results[0].final_url == CLONE_URL and results[1].verdict is Verdict.INVALID


def test_a_proxy_refusing_connections_is_said_when_the_run_ends() -> None:
    """The link gets its error as it ends; the run, even of one link, then says the proxy is
    not running (it was only "connection refused", as if t.co had refused)."""
    options = NetworkOptions(proxy="http://127.0.0.1:9", timeout=2, use_cache=False)
    results: list[Assessment] = []
    with pytest.raises(NetworkUnreachable, match="the proxy does not answer"):
        results.extend(enrich_stream([name_only("http://t.co/x")], options, load_registry(),
                                     None, SETTINGS))
    [result] = results
    assert result.error in ("proxy error", "connection refused")
    assert isinstance(httpx.__version__, str)


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:9"])
def test_bad_proxy_settings_fail_loudly(proxy: str) -> None:
    from threadscope.errors import ThreadscopeError

    try:
        import socksio  # noqa: F401
    except ImportError:
        with pytest.raises(ThreadscopeError):
            run([name_only("http://t.co/x")], NetworkOptions(proxy=proxy, use_cache=False))


# --------------------------------------------------------------------------- head-of-line

FAST = 60
"""Links after the slow one: more than the window in flight at ``concurrency=4`` (16)."""


class _SlowHead:
    """``slow.com`` answers only once every fast link has been asked for (its title says
    whether they all were, or whether it gave up waiting); ``fast-N.com`` answers at once."""

    def __init__(self) -> None:
        self.fast: set[str] = set()

    async def __call__(self, request: Request) -> Reply:
        if request.host != "slow.com":
            self.fast.add(request.host)
            return Reply(200, [("Content-Type", "text/html")], b"<title>fast</title>")
        for _ in range(200):  # 20 s at most: then the links behind it were held
            if len(self.fast) == FAST:
                return Reply(200, [("Content-Type", "text/html")], b"<title>not held</title>")
            await asyncio.sleep(0.1)
        return Reply(200, [("Content-Type", "text/html")], b"<title>held</title>")


def _slow_first() -> list[Assessment]:
    return [name_only("http://slow.com/"), *(name_only(f"http://fast-{n}.com/")
                                             for n in range(FAST))]


def test_a_slow_link_first_does_not_hold_the_links_behind_it() -> None:
    """The window counts links in flight, not results waiting for their turn: the links after
    a stalled one are followed while it stalls (and output keeps the input order)."""
    with LoopbackServer(_SlowHead()) as server:
        options = NetworkOptions(proxy=server.url, timeout=30, use_cache=False, concurrency=4)
        items = _slow_first()
        results = list(enrich_stream(items, options, load_registry(),
                                     settings=EnrichSettings(registration=False)))
    assert [r.input for r in results] == [i.input for i in items]
    assert results[0].page is not None and results[0].page.title == "not held"
    assert all(r.error is None for r in results)


def test_a_slow_link_first_does_not_hold_the_links_behind_it_in_the_async_api() -> None:
    async def go(options: NetworkOptions) -> list[Assessment]:
        async with make_client(options) as client:
            return [item async for item in enrich_many(
                _slow_first(), client, options, load_registry(),
                settings=EnrichSettings(registration=False))]

    with LoopbackServer(_SlowHead()) as server:
        options = NetworkOptions(proxy=server.url, timeout=30, use_cache=False, concurrency=4)
        results = asyncio.run(go(options))
    assert [r.input for r in results] == [i.input for i in _slow_first()]
    assert results[0].page is not None and results[0].page.title == "not held"
