"""Loopback stand-ins for the internet: a forward proxy playing made-up hosts, RDAP and WHOIS.

Use them through the pytest fixtures in ``tests.support.fixtures`` (``fake_web``,
``rdap_server``, ``whois_server``) or directly::

    with LoopbackServer(FakeWeb()) as proxy:
        options = NetworkOptions(proxy=proxy.url)   # every http:// request goes to the proxy

Through the proxy, ``http://t.co/x`` → 301 ``http://bit.ly/y`` → 302 ``http://welt.ltd/politik/…``
lands on a clone of a WELT article (canonical and og:url on www.welt.de, images from
img.welt.de); ``kurierhistoryczny.link`` serves a clone of an outlet no list holds.
Other made-up hosts play the failure cases; see ``FakeWeb.routes``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import threading
import zlib
from collections.abc import AsyncIterator, Callable
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.support.server import Reply, Request

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "enrich"
CLONE_URL = "http://welt.ltd/politik/ausland/article123456789/geheime-gespraeche.html"
HTML = [("Content-Type", "text/html; charset=utf-8")]
BIG_BODY = 200 * 1024 * 1024


def _redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, [("Location", location), ("Set-Cookie", "sid=secret; Path=/")])


def _named_destination(path: str) -> str:
    """Where ``l.facebook.com/l.php?u=…`` sends its reader: the ``u`` it names, else home."""
    named = parse_qs(urlsplit(path).query).get("u")
    return named[0] if named else "http://www.facebook.com/"


def _html(text: str, status: int = 200) -> Reply:
    return Reply(status, list(HTML), text.encode("utf-8"))


def _page(name: str) -> Reply:
    """A page of ``fixtures/enrich/pages`` as it is on disk."""
    return Reply(200, list(HTML), (FIXTURES / "pages" / name).read_bytes())


def _big() -> AsyncIterator[bytes]:
    """200 MiB of HTML, produced chunk by chunk, never held."""

    async def chunks() -> AsyncIterator[bytes]:
        block = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        yield b"<html><head><title>Huge</title></head><body>"
        for _ in range(BIG_BODY // len(block)):
            yield block

    return chunks()


@cache
def gzip_bomb() -> bytes:
    """256 MiB of zeros (128 times the read limit) in about 250 KiB of gzip."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [packer.compress(b"<html><body>")]
    parts += [packer.compress(block) for _ in range(256)]
    parts.append(packer.flush())
    return b"".join(parts)


def rdap_reply(path: str) -> Reply:
    """RDAP as a registry answers it: ``/domain/NAME`` from ``fixtures/enrich/rdap``, else 404."""
    if path == "/dns.json":
        body = rdap_bootstrap_json("http://rdap.test/", ("ltd", "test")).encode()
        return Reply(200, [("Content-Type", "application/json")], body)
    name = path.rsplit("/", 1)[-1].lower()
    file = FIXTURES / "rdap" / f"{name}.json"
    kind = [("Content-Type", "application/rdap+json")]
    if not path.split("?")[0].rsplit("/", 2)[-2] == "domain" or not file.is_file():
        return Reply(404, kind, b'{"errorCode": 404, "title": "Not Found"}')
    recent = (dt.datetime.now(dt.UTC) - dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Reply(200, kind, file.read_text("utf-8").replace("__RECENT__", recent).encode())


class FakeWeb:
    """The made-up internet, by host; ``slow_delay`` is how long ``slow-pages.net`` pages take."""

    def __init__(self, slow_delay: float = 0.5) -> None:
        self.slow_delay = slow_delay
        gzip_bomb()  # built now, not while the server loop should be answering
        self.clone = (FIXTURES / "pages" / "welt-clone.html").read_text("utf-8")
        self.namesake_clone = (FIXTURES / "pages" / "namesake-clone.html").read_text("utf-8")
        self.routes: dict[str, Callable[[Request], Reply]] = {
            "t.co": lambda r: _redirect("http://bit.ly/y", 301),
            "bit.ly": lambda r: _redirect(CLONE_URL),
            # a redirect wrapper that names its destination (``u=``), on a shortener's host
            "l.facebook.com": lambda r: _redirect(_named_destination(r.path)),
            "welt.ltd": lambda r: _html(self.clone),
            # A clone of an outlet in none of our lists (made up), its canonical address kept.
            "kurierhistoryczny.link": lambda r: _html(self.namesake_clone),
            # Pages with a <base href> (fixtures/enrich/pages/base-*.html, namesake-base.html).
            "kurierhistoryczny.news": lambda r: _page("namesake-base.html"),
            "kurierhistoryczny.site": lambda r: _page("base-only.html"),
            "kurierhistoryczny.online": lambda r: _page("base-hostile.html"),
            "base-refresh.net": lambda r: _page("base-refresh.html"),
            "base-refresh-clone.net": lambda r: _page("base-refresh-clone.html"),
            "meta-refresh.net": lambda r: _html(
                '<html><head><meta http-equiv="refresh" content="0; url=\'' + CLONE_URL
                + '\'"></head><body>Weiter…</body></html>'
            ),
            "js-redirect.net": lambda r: _html(
                '<html><body><script>window.location.href = "' + CLONE_URL
                + '";</script></body></html>'
            ),
            "redirect-loop.net": lambda r: _redirect(
                "http://redirect-loop.net/b" if r.path == "/a" else "http://redirect-loop.net/a"
            ),
            "many-redirects.net": self._many,
            "never-answers.net": lambda r: Reply(hang=True),
            "huge-body.net": lambda r: Reply(200, list(HTML), _big),
            "gzip-bomb.net": lambda r: Reply(
                200, [*HTML, ("Content-Encoding", "gzip")], gzip_bomb()
            ),
            "goes-inside.net": lambda r: _redirect("http://127.0.0.1/admin"),
            "decimal-inside.net": lambda r: _redirect("http://2130706433/"),
            # a browser reads the backslash as a slash: the host is 127.0.0.1, not spiegel.ltd
            "backslash-inside.net": lambda r: _redirect("http://127.0.0.1\\@spiegel.ltd/"),
            # scheme-relative with backslashes: a browser goes on to spiegel.ltd
            "backslash-away.net": lambda r: _redirect("\\\\spiegel.ltd/away"),
            # well past Chrome's 256 KiB of headers (and a read more): no browser shows it
            "huge-headers.net": lambda r: Reply(200, [*HTML, ("X-Junk", "a" * 400_000)], b"hi"),
            "garbage-bytes.net": lambda r: Reply(raw=b"\x00\xff\xfe garbage \x13\x37" * 100),
            "slow-pages.net": lambda r: Reply(
                200, list(HTML), f"<title>{r.path}</title>".encode(), delay=self.slow_delay
            ),
            "rdap.test": lambda r: rdap_reply(r.path),
            "fresh-news.ltd": lambda r: _html(
                "<html><head><title>Fresh</title></head><body>Neu</body></html>"
            ),
            "spiegel.ltd": lambda r: _html("<title>SPIEGEL</title>"),
            "gzip-page.net": lambda r: Reply(
                200, [*HTML, ("Content-Encoding", "gzip")], gzip.compress(self.clone.encode())
            ),
            # brotli is read (tests/enrich/test_attacks.py); this stream is not brotli at all
            "brotli-page.net": lambda r: Reply(
                200, [*HTML, ("Content-Encoding", "br")], b"not brotli at all"),
            "bad-location.net": lambda r: _redirect("http://[bad/\x00"),
            "with-credentials.net": lambda r: _redirect("http://user:secret@welt.ltd/with-credentials"),
        }

    @staticmethod
    def _many(request: Request) -> Reply:
        number = int(request.path.rsplit("/", 1)[-1] or 0) if request.path[-1:].isdigit() else 0
        return _redirect(f"http://many-redirects.net/{number + 1}")

    def __call__(self, request: Request) -> Reply:
        route = self.routes.get(request.host)
        if route is None:
            return Reply(502, [("Content-Type", "text/plain")], b"unknown host")
        return route(request)


def rdap_app(request: Request) -> Reply:
    """A standalone RDAP server (base URL: ``server.url + "/"``)."""
    return rdap_reply(request.path)


# --------------------------------------------------------------------------- WHOIS


class WhoisServer:
    """Port-43 WHOIS (RFC 3912) on a free port: one query line in, the recorded answer out
    (``answers``' for the domains it names: a hostile registry's)."""

    def __init__(self, answers: dict[str, bytes] | None = None) -> None:
        self.answers = answers or {}
        self.queries: list[str] = []
        self.port = 0
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stop.wait()
        server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = (await reader.readline()).decode("utf-8", "replace").strip()
            self.queries.append(line)
            domain = line.split()[-1].lower() if line.split() else ""
            file = FIXTURES / "whois" / f"{domain}.txt"
            missing = f'No match for "{domain}".\r\n'
            answer = file.read_text("utf-8") if file.is_file() else missing
            writer.write(self.answers.get(domain, answer.encode("utf-8")))
            await writer.drain()
        finally:
            writer.close()

    def start(self) -> WhoisServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def __enter__(self) -> WhoisServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def rdap_bootstrap_json(base: str, tlds: tuple[str, ...] = ("ltd", "com", "test")) -> str:
    """An IANA-shaped bootstrap pointing the given TLDs at ``base``."""
    return json.dumps({"version": "1.0", "services": [[list(tlds), [base]]]})
