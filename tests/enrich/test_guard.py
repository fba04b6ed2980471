from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from typing import Any

import pytest

from tests.enrich.helpers import NameServer
from threadscope.enrich.guard import (
    BLOCKED,
    Lookup,
    check_literal,
    is_blocked_address,
    literal_address,
    system_lookup,
    vetted_addresses,
)
from threadscope.errors import FetchError

BLOCKED_HOSTS = [
    "127.0.0.1",
    "127.1",
    "2130706433",  # decimal
    "0x7f.1",  # hex and short form
    "0x7f000001",
    "0177.0.0.1",  # octal
    "017700000001",
    "0x7f.0x0.0x0.0x1",
    "127.0.0.1.",
    "127.0.0.1..",  # trailing dots a proxy strips (Squid removes them all)
    "10.0.0.5...",
    "0x7f.1..",
    "2130706433..",
    "[::1]",
    "::1",
    "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
    "::ffff:7f00:1",
    "::ffff:10.0.0.5",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "fd00:ec2::254",
    "100.100.100.200",
    "100.64.0.1",  # CGNAT
    "224.0.0.1",  # multicast
    "ff02::1",
    "0.0.0.0",
    "0",
    "::",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "fe80::1%eth0",
    "fc00::1",
    "fec0::1",  # site-local (deprecated, still routed inside some networks)
    "[fec0:0:0:ffff::1]",
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "192.0.2.1",  # documentation
    "localhost",
    "LOCALHOST.",
    "app.localhost",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",  # AWS's name for its metadata service
    "instance-data.ec2.internal",
    "printer.local",
    "intranet",  # no dot: completed by search domains, or resolved by a proxy unchecked
    "NAS.",
]

PUBLIC_HOSTS = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "welt.de", "0x.de",
                "123abc.de", "t.co", "1.1.1.1", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_non_public_hosts_are_refused(host: str) -> None:
    with pytest.raises(FetchError, match=BLOCKED):
        check_literal(host)


@pytest.mark.parametrize("host", PUBLIC_HOSTS)
def test_public_hosts_pass(host: str) -> None:
    check_literal(host)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.01", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ],
)
def test_legacy_spellings_are_read_as_inet_aton_does(text: str, expected: str) -> None:
    assert literal_address(text) == ipaddress.ip_address(expected)


@pytest.mark.parametrize("text", ["welt.de", "256.256.256.256", "1.2.3.4.5", "08.1",
                                  "1..2", "4294967296", "", "ab:cd"])
def test_names_and_impossible_numbers_are_not_addresses(text: str) -> None:
    assert literal_address(text) is None


def test_blocked_address_table() -> None:
    assert is_blocked_address(ipaddress.ip_address("100.127.255.255"))
    assert not is_blocked_address(ipaddress.ip_address("100.128.0.1"))


def vet(host: str, lookup: Lookup) -> list[str]:
    return asyncio.run(vetted_addresses(host, 443, lookup))


DNS = {
    "public.example": ["93.184.216.34", "2606:4700:4700::1111"],
    "inside.example": ["10.1.2.3"],
    "mixed.example": ["93.184.216.34", "127.0.0.1"],  # the client might try either
    "mapped.example": ["::ffff:169.254.169.254"],
    "nothing.example": [],
}


def test_a_name_passes_only_when_every_address_it_has_is_public() -> None:
    lookup = NameServer(DNS)
    assert vet("public.example", lookup) == DNS["public.example"]
    for host in ("inside.example", "mixed.example", "mapped.example"):
        with pytest.raises(FetchError, match=BLOCKED):
            vet(host, lookup)
    for host in ("nothing.example", "no-such.example"):
        with pytest.raises(FetchError, match="dns failure"):
            vet(host, lookup)


def test_literals_and_internal_names_are_judged_without_asking_dns() -> None:
    lookup = NameServer({})
    assert vet("8.8.8.8", lookup) == ["8.8.8.8"]
    assert vet("[2606:4700:4700::1111]", lookup) == ["2606:4700:4700::1111"]
    for host in ("0x7f.1", "localhost", "metadata.google.internal"):
        with pytest.raises(FetchError, match=BLOCKED):
            vet(host, lookup)
    assert lookup.asked == []


def test_a_name_server_that_never_answers_does_not_hold_the_run_end(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The system resolver stands in for a hostile name server (it never answers until
    released). The run gives up on the name; its loop and the interpreter must then not
    wait for the blocked look-up, which the event loop's executor threads make them do:
    a run ended tens of seconds after its deadline."""
    release = threading.Event()
    blocked = threading.Event()
    real = socket.getaddrinfo

    def never_answers(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "silent.example":
            blocked.set()
            release.wait(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", never_answers)

    async def give_up() -> None:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await system_lookup("silent.example", 80)

    fallback = threading.Timer(10, release.set)  # old behaviour: end the test, not hang
    fallback.start()
    try:
        asyncio.run(give_up())
        released_before_the_loop_ended = release.is_set()
    finally:
        release.set()
        fallback.cancel()
    assert blocked.is_set() and not released_before_the_loop_ended
    assert all(thread.daemon for thread in threading.enumerate()
               if thread.name == "threadscope-dns")
