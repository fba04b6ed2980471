"""The address guard: no request of ours may reach loopback, private or metadata addresses.

A link in a pasted thread is attacker-chosen. Following it from a newsroom laptop or a CI
runner must not turn threadscope into a probe of the local network (SSRF), so every hop's host
is checked: as a literal before the request (in every spelling ``inet_aton`` accepts:
``2130706433``, ``0x7f.1``, ``0177.0.0.1``, IPv4-mapped IPv6 …) and, without a proxy, by its
resolved addresses at the moment of connecting, which are then the addresses connected to.
Behind a proxy names are the proxy's to resolve, so only literals and well-known internal
names are checked there.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from threadscope.errors import FetchError
from threadscope.links.hosts import whatwg_ipv4

BLOCKED = "blocked: private address"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Lookup = Callable[[str, int], Awaitable[Sequence[str]]]
"""A name resolver: host and port → address strings (the system's, or a test's DNS)."""

# Cloud metadata endpoints (AWS, GCP, Azure, Oracle, Alibaba); most are link-local anyway,
# the IPv6 one (AWS Nitro) and Alibaba's are not, so they are listed by value.
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}
_INTERNAL_NAMES = ("metadata.goog",)
"""Internal names with a dot and no internal suffix; every dotless one (localhost, metadata,
AWS's instance-data) is refused as dotless, every ``*.internal`` by its suffix."""
_INTERNAL_SUFFIXES = (".localhost", ".internal", ".local", ".home.arpa",
                      # Fedora's and RHEL's /etc/hosts give localhost.localdomain (and
                      # localhost4/6.localdomain4/6) loopback: a proxy on such a host does.
                      ".localdomain", ".localdomain4", ".localdomain6",
                      # Never in the public root (ICANN deferred .corp, .home and .mail for
                      # good; .lan is routers' default): only an intranet's DNS answers them.
                      ".corp", ".home", ".mail", ".lan")
# RFC 6052 NAT64: 64:ff9b::a.b.c.d reaches the IPv4 address a.b.c.d.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def literal_address(host: str) -> IPAddress | None:
    """The address a host string denotes by itself, or None when it is a name."""
    text = host.strip().strip("[]")
    text = text.split("%", 1)[0]  # zone index: fe80::1%eth0
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    return whatwg_ipv4(text)  # 127.1, 2130706433, 0x7f.0.0.1: what resolvers still read


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_blocked_address(address: IPAddress) -> bool:
    """True for anything but a public unicast address (loopback, RFC 1918, CGNAT, …)."""
    if address in _METADATA:
        return True
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d on the wire
            return is_blocked_address(address.ipv4_mapped)
        inner = _embedded_ipv4(address)
        if inner is not None and is_blocked_address(inner):
            return True
    # is_global is False for private, loopback, link-local, CGNAT 100.64/10, reserved,
    # unspecified and documentation ranges; multicast can be "global", so it is checked apart.
    # Site-local fec0::/10 is deprecated but still routed inside some networks, and
    # ``is_global`` calls it global.
    return (not address.is_global or address.is_multicast or address.is_reserved
            or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local))


def is_internal_name(host: str) -> bool:
    """A name only a local network gives meaning to: the reserved ones, and any name without
    a dot (``intranet``, ``nas``), which a resolver completes with its search domains and a
    proxy resolves where we cannot check the address. No public site is reached that way."""
    name = host.lower().rstrip(".")
    return name in _INTERNAL_NAMES or name.endswith(_INTERNAL_SUFFIXES) or "." not in name


def check_literal(host: str) -> None:
    """Raise ``FetchError(BLOCKED)`` if the host, read as written, is not public.

    Read with every trailing dot dropped too: a browser and ``literal_address`` drop one
    (``127.0.0.1.``), and a proxy may drop them all (Squid does), so ``127.0.0.1..``, no
    address to us and no name our resolver takes, reached loopback through it."""
    address = literal_address(host) or literal_address(host.rstrip(".") or host)
    if address is not None and is_blocked_address(address):
        raise FetchError(BLOCKED)
    if address is None and is_internal_name(host):
        raise FetchError(BLOCKED)


async def system_lookup(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host``.

    Asked in a daemon thread of its own, not in the event loop's executor: a name whose
    servers never answer holds its thread for the resolver's own timeouts (tens of seconds),
    after our timeout has given up on it, and the executor's threads are waited for when the
    loop ends and again when the interpreter exits: a run held past its deadline by one
    hostile name server. A daemon thread is left to end on its own.
    """
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[Any]] = loop.create_future()

    def settle(result: list[Any] | None, error: BaseException | None) -> None:
        if answer.done():
            return  # the lookup was given up (a timeout, the deadline)
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(result or [])

    def ask() -> None:
        try:
            result: list[Any] | None = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            error: BaseException | None = None
        except Exception as failure:  # gaierror, UnicodeError …: the caller's to judge
            result, error = None, failure
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the loop has closed meanwhile: nobody is waiting

    threading.Thread(target=ask, name="threadscope-dns", daemon=True).start()
    infos = await answer
    return [str(info[4][0]) for info in infos]


async def vetted_addresses(host: str, port: int, lookup: Lookup = system_lookup) -> list[str]:
    """The addresses a connection to ``host`` may use, or ``FetchError(BLOCKED)``.

    A name with any non-public address among its answers is refused as a whole: an attacker
    who controls the zone chooses which answer a client tries first. Whoever connects must use
    these addresses and not resolve the name again (``client.PinnedBackend`` does), or a
    second answer could differ from the one checked (DNS rebinding).
    """
    check_literal(host)
    literal = literal_address(host)
    if literal is not None:
        return [str(literal)]
    try:
        answers = list(await lookup(host, port))
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise FetchError("dns failure") from error
    if not answers:
        raise FetchError("dns failure")
    for answer in answers:
        address = literal_address(answer)
        if address is None or is_blocked_address(address):
            raise FetchError(BLOCKED)
    return answers
