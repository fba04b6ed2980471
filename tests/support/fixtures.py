"""pytest fixtures for the loopback servers; use them from a conftest.py with::

    from tests.support.fixtures import fake_web, rdap_server, whois_server  # noqa: F401

``fake_web`` is the forward proxy playing the made-up hosts
(``NetworkOptions(proxy=fake_web.url)``), over http:// and, through CONNECT, https:// for a
test that also asks for ``trust_fake_web`` (its CA in ``SSL_CERT_FILE``);
``rdap_server`` serves ``fixtures/enrich/rdap`` and ``whois_server`` ``fixtures/enrich/whois``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import LoopbackServer, TlsHosts
from tests.support.web import FakeWeb, WhoisServer, rdap_app


@pytest.fixture(scope="session")
def fake_web() -> Iterator[LoopbackServer]:
    with LoopbackServer(FakeWeb(), tls=TlsHosts()) as server:
        yield server


@pytest.fixture()
def trust_fake_web(fake_web: LoopbackServer, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Make clients trust the fake web's CA, as a newsroom behind a TLS-inspecting proxy
    would point ``SSL_CERT_FILE`` at its proxy's CA."""
    assert fake_web.tls is not None
    monkeypatch.setenv("SSL_CERT_FILE", fake_web.tls.write_ca(str(tmp_path / "ca.pem")))


@pytest.fixture(scope="session")
def rdap_server() -> Iterator[LoopbackServer]:
    with LoopbackServer(rdap_app) as server:
        yield server


@pytest.fixture(scope="session")
def whois_server() -> Iterator[WhoisServer]:
    with WhoisServer() as server:
        yield server
