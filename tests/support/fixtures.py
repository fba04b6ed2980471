"""pytest fixtures for the loopback servers; use them from a conftest.py with::

    from tests.support.fixtures import fake_web, rdap_server, whois_server  # noqa: F401

``fake_web`` is the forward proxy playing the made-up hosts
(``NetworkOptions(proxy=fake_web.url)``),
``rdap_server`` serves ``fixtures/enrich/rdap`` and ``whois_server`` ``fixtures/enrich/whois``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import LoopbackServer
from tests.support.web import FakeWeb, WhoisServer, rdap_app


@pytest.fixture(scope="session")
def fake_web() -> Iterator[LoopbackServer]:
    with LoopbackServer(FakeWeb()) as server:
        yield server


@pytest.fixture(scope="session")
def rdap_server() -> Iterator[LoopbackServer]:
    with LoopbackServer(rdap_app) as server:
        yield server


@pytest.fixture(scope="session")
def whois_server() -> Iterator[WhoisServer]:
    with WhoisServer() as server:
        yield server
