"""The asyncio backend under httpcore: reads, writes, ends, timeouts and TLS, on loopback."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from pathlib import Path
from typing import Any

import httpcore
import pytest

from tests.support.server import LoopbackServer, Reply, Request, TlsHosts
from threadscope.enrich.client import RawResponse, get, make_client
from threadscope.enrich.resolve import Resolver
from threadscope.enrich.transport import AsyncioBackend
from threadscope.models import NetworkOptions


async def _echo_server(reply: bytes, close: bool) -> tuple[asyncio.Server, int]:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        writer.write(reply)
        await writer.drain()
        if close:
            writer.close()
        else:
            await asyncio.sleep(5)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_read_write_and_the_end_of_the_stream() -> None:
    async def go() -> None:
        server, port = await _echo_server(b"hello", close=True)
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        assert stream.get_extra_info("is_readable") is False
        await stream.write(b"hi\n", timeout=5)
        assert await stream.read(3, timeout=5) == b"hel"
        assert await stream.read(100, timeout=5) == b"lo"
        assert await stream.read(100, timeout=5) == b""
        # A closed idle connection is "readable": the pool must not hand it out again.
        assert stream.get_extra_info("is_readable") is True
        assert stream.get_extra_info("server_addr")[1] == port
        await stream.aclose()
        server.close()

    asyncio.run(go())


def test_a_silent_server_is_a_read_timeout() -> None:
    async def go() -> None:
        server, port = await _echo_server(b"", close=False)
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        await stream.write(b"hi\n")
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(10, timeout=0.2)
        await stream.aclose()
        server.close()

    asyncio.run(go())


def test_a_refused_connection_is_a_connect_error_with_its_cause() -> None:
    async def go() -> None:
        server, port = await _echo_server(b"", close=True)
        server.close()
        await server.wait_closed()
        with pytest.raises(httpcore.ConnectError) as refused:
            await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        assert isinstance(refused.value.__cause__, ConnectionRefusedError)

    asyncio.run(go())


def _page(request: Request) -> Reply:
    return Reply(200, [("Content-Type", "text/html; Charset=\"ISO-8859-1\"")], b"<p>ok</p>")


def test_tls_through_the_backend_checks_the_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tls = TlsHosts()
    monkeypatch.setenv("SSL_CERT_FILE", tls.write_ca(str(tmp_path / "ca.pem")))

    async def fetch(url: str) -> tuple[int, bytes]:
        options = NetworkOptions(allow_private=True, timeout=5, use_cache=False)
        client = make_client(options)
        try:
            async with get(client, url, 5) as response:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
                return response.status_code, body
        finally:
            await client.aclose()

    with LoopbackServer(_page, tls=tls, tls_as="localhost") as server:
        assert asyncio.run(fetch(f"https://localhost:{server.port}/")) == (200, b"<p>ok</p>")
        with pytest.raises(Exception) as wrong:  # the certificate is for localhost only
            asyncio.run(fetch(f"https://127.0.0.1:{server.port}/"))
        assert isinstance(wrong.value.__cause__, (ssl.SSLError, httpcore.ConnectError))


def test_the_fast_path_reads_what_httpx_would(tmp_path: Path) -> None:
    """Status, headers (any case, repeated ones joined) and the charset, as httpx reads them;
    a URL httpx must escape takes httpx's own way and gets the same answer."""

    async def fetch(url: str) -> tuple[type, int, str | None, str | None]:
        client = make_client(NetworkOptions(allow_private=True, timeout=5, use_cache=False))
        try:
            async with get(client, url, 5) as response:
                return (type(response), response.status_code,
                        response.headers.get("CONTENT-TYPE"), response.charset_encoding)
        finally:
            await client.aclose()

    with LoopbackServer(_page) as server:
        fast = asyncio.run(fetch(f"{server.url}/plain?a=1"))
        slow = asyncio.run(fetch(f"{server.url}/caf\u00e9 page"))
        seen = [request.path for request in server.requests]
    assert fast[0] is RawResponse and slow[0] is not RawResponse
    assert fast[1:] == slow[1:] == (200, 'text/html; Charset="ISO-8859-1"', "iso-8859-1")
    assert seen == ["/plain?a=1", "/caf%C3%A9%20page"]


def test_a_name_that_never_resolves_does_not_hold_the_run_end(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``--allow-private`` (and for a proxy by name) the backend resolves names itself:
    in a daemon thread, so that the loop and the interpreter do not wait for a name server
    that never answers once the request has timed out (they waited 20 s past --deadline)."""
    release = threading.Event()
    real = socket.getaddrinfo

    def never_answers(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "silent.example":
            release.wait(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", never_answers)
    options = NetworkOptions(timeout=0.3, use_cache=False, allow_private=True)

    async def give_up() -> str | None:
        async with make_client(options) as client:
            return (await Resolver(client, options).resolve("http://silent.example/")).error

    fallback = threading.Timer(10, release.set)  # old behaviour: end the test, not hang
    fallback.start()
    try:
        error = asyncio.run(give_up())
        released_before_the_loop_ended = release.is_set()
    finally:
        release.set()
        fallback.cancel()
    assert error == "timeout" and not released_before_the_loop_ended
