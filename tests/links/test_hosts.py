"""Host normalisation and IP literals."""

from __future__ import annotations

import ipaddress

import pytest

from threadscope.links import LinkError, is_ip_literal
from threadscope.links.hosts import check_host, normalise_host, whatwg_ipv4, wire_host


@pytest.mark.parametrize(
    "host",
    ["192.0.2.1", "::1", "[::1]", "2001:db8::1", "[2001:db8::1]", "fe80::1%eth0", "0.0.0.0"],
)
def test_ip_literals(host: str) -> None:
    assert is_ip_literal(host)


@pytest.mark.parametrize(
    "host", ["welt.de", "1.2.3", "999.1.1.1", "[welt.de]", "", "[2001:db8::zz]", "1.2.3.4.5"]
)
def test_not_ip_literals(host: str) -> None:
    assert not is_ip_literal(host)


def test_normalise_maps_case_and_keeps_unicode() -> None:
    assert normalise_host("BÜCHER.DE", strict=True) == ("bücher.de", ())
    assert normalise_host("xn--bcher-kva.de", strict=True) == ("bücher.de", ("punycode",))
    assert normalise_host("welt.de.", strict=True) == ("welt.de", ())


def test_normalise_lenient_keeps_broken_punycode() -> None:
    assert normalise_host("xn--zz.de", strict=False) == ("xn--zz.de", ("punycode",))
    with pytest.raises(LinkError):
        normalise_host("xn--zz.de", strict=True)


def test_label_length_counts_the_punycode_form() -> None:
    # 60 Cyrillic letters fit in 63 characters, but their xn-- form does not.
    long_unicode = "ж" * 60 + ".de"
    with pytest.raises(LinkError, match="63"):
        normalise_host(long_unicode, strict=True)


def test_ipv6_is_compressed() -> None:
    assert normalise_host("[2001:0DB8:0:0::1]", strict=True) == ("2001:db8::1", ())


@pytest.mark.parametrize(("host", "wire"), [
    ("127\u30020\u30020\u30021", "127.0.0.1"),
    ("127\uff0e0\uff0e0\uff0e1", "127.0.0.1"),
    ("127\uff610\uff610\uff611", "127.0.0.1"),
    ("%31%32%37.0.0.1", "127.0.0.1"),
    ("\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", "localhost"),
    ("w\u0435lt.de", "xn--wlt-rdd.de"),
    ("WELT.de", "welt.de"),
    ("::1", "::1"),
    ("fe80::1%eth0", "fe80::1%eth0"),
])
def test_wire_host_is_what_a_request_carries(host: str, wire: str) -> None:
    assert wire_host(host) == wire


@pytest.mark.parametrize("host", [
    "%ff%fe.de", "a%00b.de", "ex ample.de", "a%2520b.de",
    # a host that decodes or maps to a character ending the host: the request would go to
    # what comes before it (127.0.0.1), not to the host the guard checked
    "127.0.0.1%2F.example", "localhost%2f.example", "127.0.0.1%3F.example",
    "127.0.0.1%23.example", "127.0.0.1%40evil.example", "127.0.0.1%5C.example",
    "127.0.0.1%3A80.example", "127.0.0.1\uff0f.example", "localhost\uff1f.example",
    "127.0.0.1\uff03.example", "127.0.0.1\uff20evil.example", "127.0.0.1\uff3c.example",
])
def test_wire_host_refuses_what_no_client_sends(host: str) -> None:
    with pytest.raises(LinkError):
        wire_host(host)


@pytest.mark.parametrize("host", ["1" * 5000, "1." + "9" * 5000, "127.0.0." + "1" * 4301])
def test_a_number_of_thousands_of_digits_is_no_address(host: str) -> None:
    """A decimal part past 2**32 is no address; past 4,300 digits ``int`` refused it with a
    ValueError, which a redirect's host turned into a 'network error' (the run's reachability
    counts those) instead of the guard's verdict on the name."""
    assert whatwg_ipv4(host) is None


def test_octal_and_hex_parts_keep_any_number_of_leading_zeros() -> None:
    assert whatwg_ipv4("0" * 5000 + "177.0x" + "0" * 5000 + "1") == ipaddress.IPv4Address(
        "127.0.0.1")
    assert whatwg_ipv4("4294967296") is None and whatwg_ipv4("4294967295") == ipaddress.IPv4Address(
        "255.255.255.255")


@pytest.mark.parametrize(("host", "shown", "evasions"), [
    ("xn--ls8h.la", "\U0001f4a9.la", ("punycode",)),
    ("\U0001f4a9.la", "\U0001f4a9.la", ()),
    ("i\u2764.ws", "i\u2764.ws", ()),
    ("i\u2764\ufe0f.ws", "i\u2764.ws", ()),  # the emoji selector, which UTS 46 drops
    ("xn--i-7iq.ws", "i\u2764.ws", ("punycode",)),
    ("\U0001f44d\U0001f3fd.example", "\U0001f44d\U0001f3fd.example", ()),  # a skin tone
])
def test_emoji_names_are_hosts_as_browsers_read_them(host: str, shown: str,
                                                      evasions: tuple[str, ...]) -> None:
    """Registered under IDNA 2003, which IDNA 2008 forbids; UTS 46 as browsers apply it
    (non-strict) keeps them, and they are visited."""
    assert normalise_host(host, strict=True) == (shown, evasions)
    check_host(shown)
    assert wire_host(shown) == wire_host(host.replace("\ufe0f", "")).lower()


@pytest.mark.parametrize(("host", "reason"), [
    ("xn--zz.la", "broken punycode label: xn--zz"),
    ("xn--.la", "broken punycode label"),
    ("we\u2215lt.de", "character not allowed"),  # a division slash, which reads as "/"
    ("a\ufffdb.de", "character not allowed"),  # the replacement character, disallowed
    ("a\ue000.de", "character not allowed"),  # private use
    ("\U0001f468\u200d\U0001f469.la", "character not allowed"),  # a joiner without a virama
    ("xn--zn7c.com", "character not allowed"),  # punycode for U+FFFD
])
def test_broken_names_are_still_refused_with_their_reason(host: str, reason: str) -> None:
    with pytest.raises(LinkError, match=reason):
        normalise_host(host, strict=True)
        check_host(normalise_host(host, strict=True)[0])
