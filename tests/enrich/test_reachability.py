"""No network at all is told from the first requests; dead names and one dead host are not."""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import socket
import ssl
from collections.abc import Iterator

import httpx
import pytest

from tests.enrich.helpers import NameServer
from tests.support.server import LoopbackServer, Reply, Request, dropping_port
from threadscope.assessment import assess, default_registry
from threadscope.enrich import ClientPool, EnrichSettings, enrich_many
from threadscope.enrich.client import make_client, pin
from threadscope.enrich.reachability import (
    ANSWERED,
    DNS,
    REFERENCE_HOST,
    SAMPLE,
    SILENCE,
    classify,
)
from threadscope.errors import FetchError, NetworkUnreachable
from threadscope.models import Assessment, NetworkOptions


def _caused(error: Exception, cause: BaseException) -> Exception:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(("error", "proxied", "kind"), [
    (_caused(FetchError("dns failure"), socket.gaierror(socket.EAI_AGAIN, "again")), False, DNS),
    (FetchError("dns failure"), False, DNS),
    (FetchError("blocked: private address"), False, None),
    (httpx.ConnectTimeout("slow"), False, SILENCE),
    (httpx.ReadTimeout("slow"), False, SILENCE),
    (_caused(httpx.ConnectError("refused"), ConnectionRefusedError()), False, ANSWERED),
    (_caused(httpx.ConnectError("refused"), ConnectionRefusedError()), True, SILENCE),
    (_caused(httpx.ConnectError("tls"), ssl.SSLError("bad cert")), False, ANSWERED),
    (_caused(httpx.ConnectError("no route"), OSError(errno.ENETUNREACH, "unreachable")),
     False, SILENCE),
    (httpx.RemoteProtocolError("server disconnected"), False, ANSWERED),
    (httpx.ProxyError("403 from the proxy"), True, ANSWERED),
])
def test_what_a_failure_says_about_the_network(
    error: Exception, proxied: bool, kind: str | None
) -> None:
    assert classify(error, proxied=proxied) == kind


def _links(count: int) -> list[Assessment]:
    return [assess(f"http://dead-site-{n}.com/page") for n in range(count)]


def _run(items: list[Assessment], names: NameServer) -> list[Assessment]:
    options = NetworkOptions(timeout=3, use_cache=False)

    async def go() -> list[Assessment]:
        pool = ClientPool.for_options(options, names)
        try:
            settings = EnrichSettings(registration=False)
            stream = enrich_many(items, pool, options, default_registry(), settings=settings)
            return [a async for a in stream]
        finally:
            await pool.aclose()

    return asyncio.run(go())


def test_no_name_resolving_at_all_stops_the_run() -> None:
    names = NameServer({})  # not even the reference name: no DNS
    with pytest.raises(NetworkUnreachable) as stopped:
        _run(_links(40), names)
    message = str(stopped.value)
    assert message.startswith("no network:") and "no name resolves" in message
    assert "--offline" in message and "dns failure" in message
    assert REFERENCE_HOST in names.asked


@pytest.mark.parametrize("items", [
    _links(3),  # a thread's few links: over before SAMPLE failures
    [assess(f"https://t.co/link{n}") for n in range(SAMPLE + 2)],  # one host, all at once
], ids=["three links", "one host"])
def test_a_short_run_with_no_name_resolving_is_told_at_its_end(items: list[Assessment]) -> None:
    """Such a run ended with a ``dns failure`` on each link (a clone read as taken down, an
    outlet as dead) and its verdicts' exit status, on a laptop with no network at all."""
    names = NameServer({})
    with pytest.raises(NetworkUnreachable) as stopped:
        _run(items, names)
    message = str(stopped.value)
    assert message.startswith("no network:") and "no name resolves" in message
    assert "--offline" in message and REFERENCE_HOST in names.asked


def test_a_few_dead_names_with_working_dns_are_per_link_errors() -> None:
    names = NameServer({REFERENCE_HOST: ["192.0.2.1"]})
    results = _run(_links(3), names)
    assert [r.error for r in results] == ["dns failure"] * 3
    assert names.asked.count(REFERENCE_HOST) == 1


def test_dead_names_with_working_dns_are_per_link_errors() -> None:
    """A list of seized campaign domains is all NXDOMAIN: that is not a missing network."""
    names = NameServer({REFERENCE_HOST: ["192.0.2.1"]})  # answers; never connected to
    results = _run(_links(40), names)
    assert len(results) == 40
    assert all(r.error == "dns failure" and r.unresolved for r in results)
    assert names.asked.count(REFERENCE_HOST) == 1


async def _loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def test_hosts_that_accept_and_stay_silent_are_there() -> None:
    """Tarpits (a hostile thread's first links: hosts that accept the connection and never
    answer) time out like a missing network, but a peer took the connection: the run goes on
    and each is that link's timeout."""

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)  # the request arrives; no answer is ever sent
        await asyncio.sleep(60)

    async def go() -> list[Assessment]:
        server = await asyncio.start_server(silent, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        items = [assess(f"http://tarpit-{n}.com:{port}/") for n in range(SAMPLE + 4)]
        options = NetworkOptions(timeout=0.5, use_cache=False)
        client = make_client(NetworkOptions(timeout=0.5, use_cache=False, allow_private=True))
        pin(client._transport, _loopback)  # as the tarpits' DNS would answer
        try:
            stream = enrich_many(items, client, options, default_registry(),
                                 settings=EnrichSettings(registration=False))
            return [a async for a in stream]
        finally:
            await client.aclose()
            server.close()

    results = asyncio.run(go())
    assert len(results) == SAMPLE + 4
    assert all(r.error == "timeout" and r.unresolved for r in results)


@pytest.fixture(name="dropping_port")
def _dropping_port() -> Iterator[int]:
    with dropping_port() as port:
        yield port


def _direct(items: list[Assessment], concurrency: int) -> list[Assessment]:
    """Direct connections, every name pinned to loopback (as their DNS would answer)."""
    options = NetworkOptions(timeout=0.3, concurrency=concurrency, use_cache=False)

    async def go() -> list[Assessment]:
        client = make_client(dataclasses.replace(options, allow_private=True))
        pin(client._transport, _loopback)
        pool = ClientPool([client], NameServer({REFERENCE_HOST: ["192.0.2.1"]}))
        try:
            stream = enrich_many(items, pool, options, default_registry(),
                                 settings=EnrichSettings(registration=False))
            return [a async for a in stream]
        finally:
            await pool.aclose()

    return asyncio.run(go())


def test_connections_dropped_everywhere_stop_the_run(dropping_port: int) -> None:
    items = [assess(f"http://gone-{n}.com:{dropping_port}/") for n in range(40)]
    with pytest.raises(NetworkUnreachable) as stopped:
        _direct(items, concurrency=16)
    assert "no server answers" in str(stopped.value) and "timeout" in str(stopped.value)


def test_a_list_that_starts_with_dead_hosts_goes_on(dropping_port: int) -> None:
    """Campaign domains whose servers are gone drop connections as no network does; a list
    that starts with seven of them is no missing network, even one link at a time
    (``scripts/bench_no_network.py``: with a sample of 3, three dead hosts first stopped a
    run at --concurrency 1; a smaller ``SAMPLE`` fails this test)."""
    dead = 7

    def live(request: Request) -> Reply:
        return Reply(200, [("Content-Type", "text/html")], b"<title>live</title>")

    with LoopbackServer(live) as server:
        items = [assess(f"http://gone-{n}.com:{dropping_port}/") for n in range(dead)]
        items += [assess(f"http://live-{n}.com:{server.port}/") for n in range(3)]
        results = _direct(items, concurrency=1)
    assert [r.error for r in results] == ["timeout"] * dead + [None] * 3
