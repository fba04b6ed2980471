"""A small HTTP/1.1 server on 127.0.0.1 for tests: asyncio in a thread, a free port, a handler.

Real sockets and real HTTP, so the code under test (httpx, our redirect loop, the proxy
settings) runs as it does against the internet. The handler sees each request (absolute-form
targets too, as a forward proxy does) and returns a ``Reply``; bodies may be async generators
so that a 200 MiB answer is produced lazily and never held in memory.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other",
           307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found",
           502: "Bad Gateway"}


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    host: str
    """Lower-case host without port: from an absolute-form target, else the Host header."""
    path: str
    """Path with query."""
    headers: dict[str, str]
    scheme: str = "http"
    """``https`` for requests that came through a CONNECT tunnel."""


class TlsHosts:
    """A test CA (trustme) that issues each made-up host its certificate on demand, so that a
    forward proxy can answer CONNECT and speak TLS as that host. Clients trust it through
    ``ca_file`` (``SSL_CERT_FILE``). Two hosts fail on purpose: ``wrong-name.net`` shows a
    certificate for another name, ``untrusted.net`` one from a CA nobody trusts."""

    def __init__(self) -> None:
        import trustme

        self.ca = trustme.CA()
        self._stranger = trustme.CA()
        self._contexts: dict[str, ssl.SSLContext] = {}

    def write_ca(self, path: str) -> str:
        self.ca.cert_pem.write_to_path(path)
        return path

    def context(self, host: str) -> ssl.SSLContext:
        if host not in self._contexts:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            if host == "wrong-name.net":
                self.ca.issue_cert("someone-else.example").configure_cert(context)
            elif host == "untrusted.net":
                self._stranger.issue_cert(host).configure_cert(context)
            else:
                self.ca.issue_cert(host).configure_cert(context)
            self._contexts[host] = context
        return self._contexts[host]


@dataclass
class Reply:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | Callable[[], AsyncIterator[bytes]] = b""
    delay: float = 0.0
    """Seconds to wait before answering."""
    raw: bytes | None = None
    """Write these bytes instead of an HTTP answer, then close (a broken server)."""
    hang: bool = False
    """Never answer: keep the connection open until the server stops."""


Handler = Callable[[Request], Reply | Awaitable[Reply]]


def _parse_head(head: bytes) -> Request | None:
    try:
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
    except ValueError:
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    if target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        host = (parts.hostname or "").lower()
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
    else:
        host = headers.get("host", "").rsplit(":", 1)[0].strip("[]").lower()
        path = target
    return Request(method, target, host, path, headers)


class LoopbackServer:
    """Start with ``start()`` (or as a context manager); ``url`` and ``port`` once started."""

    def __init__(self, handler: Handler, tls: TlsHosts | None = None,
                 tls_as: str | None = None) -> None:
        self.handler = handler
        self.tls = tls
        """With ``tls``, CONNECT opens a tunnel and the server speaks TLS as the host asked."""
        self.tls_as = tls_as
        """With ``tls`` and this host name, every connection is TLS as that host from the
        start (an https server, not a proxy)."""
        self.hits: collections.Counter[str] = collections.Counter()
        """Requests seen, by ``host + path``."""
        self.requests: collections.deque[Request] = collections.deque(maxlen=10_000)
        """The latest requests, headers included (to check what a client sent)."""
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, host: str, path: str = "") -> int:
        """Requests seen for ``host`` (and, when given, exactly ``path``)."""
        with self._lock:
            if path:
                return self.hits[host + path]
            return sum(n for key, n in self.hits.items() if key.split("/", 1)[0] == host)

    def seen(self, host: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.host == host]

    def start(self) -> LoopbackServer:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("test server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stop.wait()
        # No wait_closed(): connections left hanging (the "never answers" host) are cancelled
        # with the loop's other tasks when asyncio.run ends.
        server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        scheme = "http"
        try:
            if self.tls is not None and self.tls_as is not None:
                await writer.start_tls(self.tls.context(self.tls_as))
                scheme = "https"
            while (scheme := await self._one(reader, writer, scheme)) != "":
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                ssl.SSLError):
            pass
        except asyncio.CancelledError:
            pass  # the server is stopping; a hanging connection ends here, quietly
        finally:
            writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   scheme: str) -> str:
        """Serve one request; the scheme the connection speaks next, or "" to close it."""
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > MAX_HEAD:
            return ""
        request = _parse_head(head[:-4])
        if request is None:
            return ""
        if request.method == "CONNECT":
            return await self._tunnel(request, writer)
        request = dataclasses.replace(request, scheme=scheme)
        length = int(request.headers.get("content-length", "0") or 0)
        if length:
            await reader.readexactly(length)
        with self._lock:
            self.hits[request.host + request.path] += 1
            self.requests.append(request)
        reply = self.handler(request)
        if not isinstance(reply, Reply):
            reply = await reply
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.hang:
            await asyncio.sleep(3600)
            return ""
        if reply.raw is not None:
            writer.write(reply.raw)
            await writer.drain()
            return ""
        await _write(writer, reply)
        return "" if request.headers.get("connection", "").lower() == "close" else scheme

    async def _tunnel(self, request: Request, writer: asyncio.StreamWriter) -> str:
        """Answer CONNECT host:port as a proxy would, then be that host over TLS."""
        if self.tls is None:
            await _write(writer, Reply(405, [("Content-Type", "text/plain")], b"no CONNECT"))
            return ""
        host = request.target.rsplit(":", 1)[0].strip("[]").lower()
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await writer.start_tls(self.tls.context(host))
        return "https"


async def _write(writer: asyncio.StreamWriter, reply: Reply) -> None:
    lines = [f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Status')}"]
    lines += [f"{name}: {value}" for name, value in reply.headers]
    if isinstance(reply.body, bytes):
        lines.append(f"Content-Length: {len(reply.body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + reply.body)
        await writer.drain()
        return
    lines.append("Transfer-Encoding: chunked")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    async for chunk in reply.body():
        if chunk:
            writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            await writer.drain()
    writer.write(b"0\r\n\r\n")
    await writer.drain()


@contextlib.contextmanager
def dropping_port() -> Iterator[int]:
    """A loopback port whose connection attempts are dropped, as a network with no way out
    drops packets: a listening socket with a backlog of 0, filled and never accepted (the
    kernel drops each further SYN; the client waits for its timeout)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.2)
    try:
        yield port
    finally:
        for sock in (server, *fillers):
            sock.close()
