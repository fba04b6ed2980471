from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

from tests.support.server import LoopbackServer
from tests.support.web import WhoisServer as FakeWhois
from threadscope.enrich.registration import (
    Bootstrap,
    RegistryGuard,
    WhoisServer,
    load_bootstrap,
    lookup,
    parse_rdap,
    parse_whois,
    rdap_lookup,
    whois_lookup,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "enrich"


def test_shipped_bootstrap_knows_gtlds_and_longest_suffix_wins() -> None:
    shipped = load_bootstrap()
    assert shipped.base_for("welt.ltd") is not None
    assert shipped.base_for("example.com", ) is not None
    bootstrap = Bootstrap.from_json({"services": [
        [["uk"], ["https://rdap.uk.example/"]],
        [["co.uk"], ["http://co-uk.example", "https://co-uk.example/rdap"]],
    ]})
    assert bootstrap.base_for("bbc.co.uk") == "https://co-uk.example/rdap/"
    assert bootstrap.base_for("gov.uk") == "https://rdap.uk.example/"
    assert bootstrap.base_for("welt.de") is None


def test_junk_bootstrap_is_empty() -> None:
    assert Bootstrap.from_json([1, 2]).services == {}
    assert Bootstrap.from_json({"services": [[1], "x", [["a"], [None]]]}).services == {}


def test_bootstrap_of_the_wrong_shape_is_empty_not_a_crash() -> None:
    # Each of these raised TypeError (an "internal error" from `threadscope update-rdap`).
    assert Bootstrap.from_json({"services": [[1, 2], [None]]}).services == {}
    assert Bootstrap.from_json({"services": None}).services == {}
    assert Bootstrap.from_json({"services": [[["com"], 5], [None, ["https://x/"]]]}).services == {}
    assert Bootstrap.from_json({"services": [["com", ["https://r.example/"]]]}).services == {}


def test_recorded_rdap_answer() -> None:
    data = json.loads((FIXTURES / "rdap" / "welt.ltd.json").read_text("utf-8"))
    found = parse_rdap(data)
    assert found.created == "2022-06-28T09:41:17Z"
    assert found.expires == "2023-06-28T09:41:17Z"
    assert found.registrar == "NameCheap, Inc."
    assert found.source == "rdap" and found.error is None


def test_rdap_without_dates_is_an_error_not_a_registration() -> None:
    assert parse_rdap({"objectClassName": "domain"}).error == "rdap: no registration date"
    assert parse_rdap("junk").created is None


def test_rdap_over_http(rdap_server: LoopbackServer) -> None:
    async def run() -> None:
        async with httpx.AsyncClient() as client:
            # The server is on 127.0.0.1: reached with --allow-private only.
            found = await rdap_lookup(client, "welt.ltd", rdap_server.url + "/", True)
            missing = await rdap_lookup(client, "nobody.ltd", rdap_server.url + "/", True)
            refused = await rdap_lookup(client, "welt.ltd", rdap_server.url + "/")
        assert found.created == "2022-06-28T09:41:17Z"
        assert missing.created is None and missing.error == "rdap: not found"
        assert refused.error == "rdap: blocked: private address"

    asyncio.run(run())


def test_whois_over_port_43(whois_server: FakeWhois) -> None:
    server = WhoisServer("127.0.0.1", whois_server.port)
    found = asyncio.run(whois_lookup("spiegel.ltd", server, 5))
    assert found.source == "whois"
    assert found.created == "2022-08-30T17:02:09+00:00"
    assert found.registrar == "Example Registrar, LLC"
    assert "spiegel.ltd" in whois_server.queries
    missing = asyncio.run(whois_lookup("nothing-here.ltd", server, 5))
    assert missing.created is None and missing.error is not None


def test_whois_refused_is_recorded() -> None:
    with LoopbackServer(lambda r: None) as closed:  # type: ignore[arg-type,return-value]
        port = closed.port
    found = asyncio.run(whois_lookup("spiegel.ltd", WhoisServer("127.0.0.1", port), 2))
    assert found.created is None and found.error == "whois: connection failed"


def test_whois_parser_takes_junk() -> None:
    for text in ["", "\x00\xff" * 1000, "Creation Date: yesterday\n", "No match"]:
        assert parse_whois("junk.ltd", text).created is None


def test_an_unreadable_expiry_date_does_not_lose_the_creation_date() -> None:
    answer = (FIXTURES / "whois" / "spiegel.ltd.txt").read_text("utf-8")
    odd = answer.replace("Registry Expiry Date: 2023-08-30T17:02:09Z",
                         "Registry Expiry Date: 9999-99-99")
    assert odd != answer
    found = parse_whois("spiegel.ltd", odd)
    assert found.created == "2022-08-30T17:02:09+00:00" and found.error is None
    broken = answer.replace("Creation Date: 2022-08-30T17:02:09Z", "Creation Date: 2022-99-30")
    assert parse_whois("spiegel.ltd", broken).error == "whois: unreadable answer"


def test_rdap_then_whois_fallback(rdap_server: LoopbackServer, whois_server: FakeWhois) -> None:
    only_com = Bootstrap.from_json({"services": [[["com"], [rdap_server.url + "/"]]]})
    whois = WhoisServer("127.0.0.1", whois_server.port)
    loopback = RegistryGuard(allow_private=True)  # the RDAP server is on 127.0.0.1

    async def run() -> None:
        async with httpx.AsyncClient() as client:
            via_whois = await lookup(client, "spiegel.ltd", only_com, whois, 5, guard=loopback)
            ltd = Bootstrap.from_json({"services": [[["ltd"], [rdap_server.url + "/"]]]})
            via_rdap = await lookup(client, "welt.ltd", ltd, whois, 5, guard=loopback)
            neither = await lookup(client, "unknown.ltd", only_com, whois, 5, guard=loopback)
        assert via_whois.source == "whois" and via_whois.created is not None
        assert via_rdap.source == "rdap" and via_rdap.registrar == "NameCheap, Inc."
        assert neither.created is None and neither.error

    asyncio.run(run())
