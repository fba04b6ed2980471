"""A lean asyncio network backend for httpcore: sockets without anyio's layers.

httpcore reaches the network through a backend (``AsyncNetworkBackend``); its default wraps
anyio, which wraps asyncio. Profiling ``scripts/bench_resolve.py`` showed where that costs: every
time the connection pool hands out or takes back a connection it asks each idle one whether the
server has closed it (``get_extra_info("is_readable")``), and anyio answers by building a
dictionary of socket attributes, calling ``getpeername`` and polling the socket: three system
calls per connection per request, a quarter of the resolver's CPU with a few dozen connections;
reads and writes paid cancel scopes and checkpoints besides.

Here a connection is an ``asyncio.Protocol`` that buffers what arrives, so "has the server
spoken or hung up?" is a look at that buffer, and a read or a write is one await. Errors become
httpcore's own exceptions (``ConnectError``, ``ReadTimeout`` …) with the OS error as their cause,
as the anyio backend raises them, so httpx and ``resolve.translate`` see no difference.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

from threadscope.enrich.guard import literal_address, system_lookup

READ_LIMIT = 256 * 1024
"""Bytes buffered before the socket is no longer read (until the reader catches up)."""


class _Protocol(asyncio.Protocol):
    """Buffers incoming bytes and end of stream; pauses writers when the socket is full."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self._readable: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None
        self._reading_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._wake_reader()
        if len(self.buffer) > READ_LIMIT and self.transport is not None:
            self.transport.pause_reading()
            self._reading_paused = True

    def eof_received(self) -> bool:
        self.eof = True
        self._wake_reader()
        return False  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self._wake_reader()
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    def pause_writing(self) -> None:
        if self._writable is None or self._writable.done():
            self._writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    def _wake_reader(self) -> None:
        if self._readable is not None and not self._readable.done():
            self._readable.set_result(None)

    async def wait_readable(self) -> None:
        if self.buffer or self.eof:
            return
        self._readable = asyncio.get_running_loop().create_future()
        await self._readable

    async def wait_writable(self) -> None:
        if self._writable is not None and not self._writable.done():
            await self._writable

    def take(self, max_bytes: int) -> bytes:
        data = bytes(self.buffer[:max_bytes])
        del self.buffer[:max_bytes]
        if self._reading_paused and len(self.buffer) <= READ_LIMIT // 2 and self.transport:
            self._reading_paused = False
            self.transport.resume_reading()
        return data


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """At most ``max_bytes`` of what arrived, waiting up to ``timeout`` for some.

        A read that finds bytes waiting still lets the event loop run once (``sleep(0)``)
        before it returns them. Otherwise a server that keeps the buffer full (an endless
        body of 1-byte chunks, each costing the parser more than the server takes to send
        it) is read for as long as it likes without the loop ever running: no timeout
        fires (``asyncio.timeout`` cancels at the next suspension), no other link moves,
        and the run's deadline cannot cancel it. One yield per read (64 KiB) costs nothing
        measurable on real pages."""
        protocol = self._protocol
        if not protocol.buffer and not protocol.eof:
            try:
                async with asyncio.timeout(timeout):
                    await protocol.wait_readable()
            except TimeoutError as error:
                raise httpcore.ReadTimeout(str(error) or "read timed out") from error
        else:
            await asyncio.sleep(0)  # a cancellation (a timeout, the deadline) lands here
        if protocol.buffer:
            return protocol.take(max_bytes)
        if protocol.error is not None:
            raise httpcore.ReadError(str(protocol.error)) from protocol.error
        return b""  # the peer closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._transport.is_closing():
            error = self._protocol.error
            raise httpcore.WriteError(str(error or "connection closed")) from error
        self._transport.write(buffer)
        try:
            async with asyncio.timeout(timeout):
                await self._protocol.wait_writable()
        except TimeoutError as error:
            raise httpcore.WriteTimeout(str(error) or "write timed out") from error

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self._protocol, ssl_context,
                    server_hostname=server_hostname,
                )
        except TimeoutError as error:
            self._transport.close()
            raise httpcore.ConnectTimeout(str(error) or "TLS handshake timed out") from error
        except (OSError, ssl.SSLError, ConnectionError) as error:
            self._transport.close()
            raise httpcore.ConnectError(str(error)) from error
        if transport is None:  # the peer closed during the handshake
            raise httpcore.ConnectError("connection closed during the TLS handshake")
        assert isinstance(transport, asyncio.Transport)
        self._protocol.transport = transport
        return AsyncioStream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # An idle keep-alive connection with bytes or an end waiting: the server spoke
            # out of turn or hung up; either way the pool must not reuse it.
            return bool(self._protocol.buffer) or self._protocol.eof
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        return None


async def _connect(host: str, port: int, local_address: str | None,
                   ) -> tuple[asyncio.BaseTransport, _Protocol]:
    """A TCP connection to ``host``: an address as it is, a name (a proxy's, or any host
    with ``--allow-private``) through ``guard.system_lookup``, whose daemon thread does not
    hold the run's end when a name server never answers (the loop's resolver would), and
    then its addresses in turn, IPv4 first, as ``create_connection`` tries them."""
    loop = asyncio.get_running_loop()
    local = (local_address, 0) if local_address else None
    if literal_address(host) is not None:
        return await loop.create_connection(_Protocol, host.strip("[]"), port, local_addr=local)
    failure: OSError = OSError(f"no address for {host}")
    addresses = await system_lookup(host, port)
    for address in sorted(dict.fromkeys(addresses), key=lambda address: ":" in address):
        try:
            return await loop.create_connection(_Protocol, address, port, local_addr=local)
        except OSError as error:
            failure = error
    raise failure


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """TCP connections as ``AsyncioStream``; ``httpcore`` builds HTTP/1.1 on top."""

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await _connect(host, port, local_address)
        except TimeoutError as error:
            raise httpcore.ConnectTimeout(str(error) or "connect timed out") from error
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(str(error)) from error
        for option in socket_options or ():
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(*option)
        assert isinstance(transport, asyncio.Transport)
        return AsyncioStream(transport, protocol)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


__all__ = ["AsyncioBackend", "AsyncioStream"]
