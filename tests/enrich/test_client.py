"""Direct connections go to vetted addresses only (``PinnedBackend``), TLS still by name."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.support.server import LoopbackServer, Reply, Request, TlsHosts
from threadscope.enrich.client import ordered, pin


def _ok(request: Request) -> Reply:
    return Reply(200, [("Content-Type", "text/html")], b"<title>inside</title>")


def test_direct_connections_go_to_the_vetted_address_only() -> None:
    """``.invalid`` never resolves: reaching the server proves the connection used the address
    handed over by the vetting function and did not ask the system resolver again; the
    request still names the host, as TLS would."""
    asked: list[str] = []

    async def vetted(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    async def run(url: str) -> httpx.Response:
        transport = httpx.AsyncHTTPTransport()
        pin(transport, vetted)
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get(url)
            return await client.get(url)  # kept alive: no second lookup

    with LoopbackServer(_ok) as server:
        response = asyncio.run(run(f"http://pinned.invalid:{server.port}/page"))
        assert response.status_code == 200
        assert asked == ["pinned.invalid"]
        assert server.seen("pinned.invalid")[0].path == "/page"


def test_pinned_https_still_verifies_the_certificate_against_the_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Connecting to an address must not mean checking the certificate against it: the
    certificate names the host, and the name is what TLS verifies (and sends as SNI)."""
    tls = TlsHosts()
    monkeypatch.setenv("SSL_CERT_FILE", tls.write_ca(str(tmp_path / "ca.pem")))

    async def vetted(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    async def run(url: str) -> httpx.Response:
        transport = httpx.AsyncHTTPTransport()
        pin(transport, vetted)
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(url)

    with LoopbackServer(_ok, tls=tls, tls_as="pinned.invalid") as server:
        assert asyncio.run(run(f"https://pinned.invalid:{server.port}/")).status_code == 200
        assert server.seen("pinned.invalid")[0].scheme == "https"
    with LoopbackServer(_ok, tls=tls, tls_as="someone-else.invalid") as server, \
            pytest.raises(httpx.ConnectError, match="(?i)certificate|hostname"):
        asyncio.run(run(f"https://pinned.invalid:{server.port}/"))


def test_connections_try_ipv4_first_and_each_address_once() -> None:
    answers = ["2606:4700::1", "93.184.216.34", "2606:4700::1", "93.184.216.35"]
    assert ordered(answers) == ["93.184.216.34", "93.184.216.35", "2606:4700::1"]
