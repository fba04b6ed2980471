"""Registry servers an answer names are vetted like a link's host: a hostile WHOIS referral or
RDAP bootstrap entry must not make threadscope probe loopback, the LAN or a metadata service.

The servers we are given (a test's root WHOIS on 127.0.0.1, a configured proxy) are the
caller's choice and reached as given; what they name is refused unless ``allow_private``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from urllib.parse import urlunsplit

import httpx
import pytest

from tests.enrich.helpers import NameServer, name_only
from tests.support.server import LoopbackServer, Reply, Request
from tests.support.web import FIXTURES, HTML
from threadscope.assessment.registry import load_registry
from threadscope.enrich import Bootstrap, EnrichSettings, enrich_many
from threadscope.enrich.client import make_client, pin
from threadscope.enrich.guard import BLOCKED, vetted_addresses
from threadscope.enrich.registration import (
    MAX_HOST,
    RegistryGuard,
    WhoisServer,
    lookup,
    rdap_lookup,
    referred_server,
    whois_lookup,
)
from threadscope.models import Assessment, NetworkOptions, Registration

CLONE = (FIXTURES / "pages" / "welt-clone.html").read_bytes()


class _RootWhois:
    """A root WHOIS server on loopback (IANA's part): it answers a TLD query with ``refer:``
    naming ``referral``, and logs the queries it was sent."""

    def __init__(self, referral: str) -> None:
        self.referral = referral
        self.queries: list[str] = []
        self.port = 0

    async def __aenter__(self) -> _RootWhois:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        self._server.close()

    @property
    def server(self) -> WhoisServer:
        return WhoisServer("127.0.0.1", self.port)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.queries.append((await reader.readline()).decode().strip())
        writer.write(f"% IANA WHOIS server\r\ndomain: LTD\r\n\r\nrefer: {self.referral}\r\n"
                     f"whois: {self.referral}\r\n".encode())
        await writer.drain()
        writer.close()


def _ask(referral: str, guard: RegistryGuard) -> tuple[Registration, list[str]]:
    """The WHOIS look-up of welt.ltd through a loopback root that refers to ``referral``."""

    async def run() -> tuple[Registration, list[str]]:
        async with _RootWhois(referral) as root:
            guard_with_root = RegistryGuard(guard.allow_private, guard.resolve, root.server)
            found = await whois_lookup("welt.ltd", None, 3, guard_with_root)
            return found, root.queries

    return asyncio.run(run())


_INSIDE = NameServer({
    "whois.rebound.ltd": ["10.20.30.40"],  # a name whose zone points inside
    "whois.mixed.ltd": ["93.184.216.34", "127.0.0.1"],  # one inside answer sinks it all
    "whois.metadata.ltd": ["::ffff:169.254.169.254"],
})


@pytest.mark.parametrize("referral", [
    "127.0.0.1", "10.0.0.5", "169.254.169.254", "2130706433", "0x7f.1", "[::1]",
    "::ffff:127.0.0.1", "100.100.100.200", "localhost", "metadata.google.internal",
    "whois.rebound.ltd", "whois.mixed.ltd", "whois.metadata.ltd",
])
def test_a_whois_referral_inside_is_refused(referral: str) -> None:
    """The root (ours, on loopback) is asked; the server its answer names never is."""
    found, queries = _ask(referral, RegistryGuard(resolve=_INSIDE))
    assert queries == ["ltd"]
    assert found.created is None and found.source == "whois"
    assert found.error == f"whois: {BLOCKED}"


def test_a_whois_referral_to_an_unknown_name_is_a_dns_failure() -> None:
    found, _ = _ask("whois.nowhere.ltd", RegistryGuard(resolve=_INSIDE))
    assert found.error == "whois: dns failure"


def test_allow_private_lets_a_referral_inside_be_asked() -> None:
    """With ``--allow-private`` the referral is connected to (nothing listens on port 43 of
    this name's address in a test, so the connection fails: it was tried, not refused)."""
    asked: list[str] = []

    async def resolve(host: str, port: int) -> Sequence[str]:
        asked.append(host)
        return ["127.0.0.1"]

    found, _ = _ask("whois.lab.ltd", RegistryGuard(allow_private=True, resolve=resolve))
    assert found.error is not None and BLOCKED not in found.error
    assert found.error.startswith("whois: ")


def test_a_referral_is_read_as_one_bounded_host() -> None:
    assert referred_server("refer: whois.nic.ltd.\r\n") == WhoisServer("whois.nic.ltd")
    assert referred_server("whois:   whois.nic.de\n") == WhoisServer("whois.nic.de")
    assert referred_server("domain: LTD\n") is None
    assert referred_server("refer: " + "a" * (MAX_HOST + 1)) is None
    assert referred_server("refer:\nwhois: x\n") == WhoisServer("x")  # no line of its own


# --------------------------------------------------------------------------- RDAP


class _Proxy:
    """A forward proxy that logs the hosts it was asked for and answers 404 to all."""

    def __init__(self) -> None:
        self.hosts: list[str] = []

    def __call__(self, request: Request) -> Reply:
        self.hosts.append(request.host)
        return Reply(404, [("Content-Type", "application/rdap+json")], b"{}")


@pytest.mark.parametrize("base", [
    "http://169.254.169.254/rdap/", "http://127.0.0.1:8/", "http://10.1.1.1/",
    "http://0x7f.1/", "http://[::1]/", "http://metadata.google.internal/",
    # Spellings a client sends as 127.0.0.1 (UTS 46 maps the full stops and digits, the
    # escapes are decoded): checked as written, they were handed to the proxy.
    "http://127.0.0\u30021/", "http://%31%32%37.0.0.1/", "http://\uff11\uff12\uff17.0.0.1/",
    "http://169.254.169\uff0e254/",
])
def test_an_rdap_base_inside_is_not_handed_to_the_proxy(base: str) -> None:
    """Behind a proxy, names are the proxy's to resolve; literals and internal names are ours
    to refuse, for RDAP as for links: else the proxy fetches the metadata service for us.
    The host is checked in the form the request sends (``resolve.guarded_url``)."""
    log = _Proxy()
    with LoopbackServer(log) as proxy:
        async def run(allow_private: bool) -> Registration:
            options = NetworkOptions(proxy=proxy.url, timeout=3, allow_private=allow_private)
            async with make_client(options) as client:
                return await rdap_lookup(client, "welt.ltd", base, allow_private)

        refused = asyncio.run(run(False))
        assert refused.error == f"rdap: {BLOCKED}" and log.hosts == []
        allowed = asyncio.run(run(True))  # the guard, and nothing else, stopped it
        assert allowed.error == "rdap: not found" and len(log.hosts) == 1


def test_lookup_refuses_both_inside_by_default() -> None:
    """``lookup`` vets unless told otherwise: an inside RDAP base and WHOIS referral each end
    as the registration's error, both named."""

    async def run() -> Registration:
        async with _RootWhois("10.0.0.1") as root, httpx.AsyncClient() as client:
            bootstrap = Bootstrap.from_json({"services": [[["ltd"], ["http://127.0.0.1:9/"]]]})
            return await lookup(client, "welt.ltd", bootstrap, None, 3,
                                guard=RegistryGuard(root=root.server))

    found = asyncio.run(run())
    assert found.created is None
    assert found.error == f"rdap: {BLOCKED}; whois: {BLOCKED}"


def test_enrichment_records_a_refused_referral_and_keeps_the_rest() -> None:
    """A run without ``--allow-private`` (the link's host pinned to the loopback web server,
    as a name server would answer): the clone is judged, its WHOIS referral to the metadata
    address is refused, and the refusal is the registration's error, no crash."""
    web = LoopbackServer(lambda request: Reply(200, list(HTML), CLONE))

    async def addresses(host: str, port: int) -> list[str]:
        if host == "welt.ltd":
            return ["127.0.0.1"]
        return await vetted_addresses(host, port, NameServer({}))

    async def run(port: int) -> list[Assessment]:
        async with _RootWhois("169.254.169.254") as root:
            settings = EnrichSettings(bootstrap=Bootstrap({}), whois_root=root.server)
            url = urlunsplit(("http", f"welt.ltd:{port}", "/politik/a.html", "", ""))
            options = NetworkOptions(timeout=3, use_cache=False)
            direct = NetworkOptions(timeout=3, use_cache=False, allow_private=True)
            async with make_client(direct) as client:
                pin(client._transport, addresses)
                found = [item async for item in enrich_many(
                    [name_only(url)], client, options, load_registry(), settings=settings)]
            assert root.queries == ["ltd"]
            return found

    with web:
        [result] = asyncio.run(run(web.port))
    assert result.error is None and result.page is not None
    assert result.registration is not None
    assert result.registration.error == f"whois: {BLOCKED}"
    assert "claims-brand" in {reason.code for reason in result.reasons}
