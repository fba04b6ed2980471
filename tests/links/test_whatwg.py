"""Where a link goes, judged against a browser's URL parser (ada, the WHATWG parser of Node.js).

For a URL written in full (``scheme://…``) the host threadscope reports must be the host a
browser visits: the host ``extract_links`` finds in a post, the host ``check`` reads from a
pasted target, and the host the resolver's address guard checks and connects to. ada is the
oracle; hosts are compared in the form a request carries (punycode, dotted-decimal IPv4, no
trailing dot), since threadscope reports names in Unicode for readers.

Our documented extras are kept apart: folded text (mathematical bold, fullwidth letters),
defangs (``hxxps://welt[.]ltd``) and bidi controls, which browsers refuse or never see as
links, still lead to the host a reader is meant to visit.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import ada_url
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from threadscope.enrich.guard import BLOCKED, check_literal, literal_address
from threadscope.errors import FetchError
from threadscope.links import LinkError, extract_links, parse_target
from threadscope.links.browser import browser_join, browser_slashes
from threadscope.links.hosts import wire_host


def browser_host(url: str) -> str | None:
    """The host a browser visits for ``url``, None when it refuses the URL."""
    try:
        host = ada_url.URL(url).hostname
    except ValueError:
        return None
    return _comparable(host) if host else None


def _comparable(host: str) -> str:
    """A host as it goes on the wire: no brackets, no trailing dot, IPv4 dotted-decimal."""
    bare = host.strip("[]")
    bare = bare[:-1] if bare.endswith(".") else bare
    address = literal_address(bare)
    return str(address) if address is not None else bare.lower()


def on_the_wire(host: str) -> str:
    """Our reported host (Unicode for readers) in the form a request carries."""
    return _comparable(wire_host(host))


def extracted_host(url: str) -> str | None:
    links = extract_links(f"Quelle: {url} (bitte teilen)")
    return on_the_wire(links[0].host) if links else None


def checked_host(url: str) -> str | None:
    try:
        return on_the_wire(parse_target(url).host)
    except LinkError:
        return None


def guarded_host(url: str) -> str | None:
    """The host the resolver checks and connects to for the link's URL: its wire form (as
    ``Resolver._guard`` makes it), read by the guard's literal parser."""
    links = extract_links(url)
    if not links:
        return None
    hostname = urlsplit(browser_slashes(links[0].url)).hostname
    return _comparable(wire_host(hostname)) if hostname else None


# --------------------------------------------------------------------------- evasions

AGREED = [
    # userinfo: the browser skips everything before the last @ of the authority
    ("https://www.spiegel.de@welt.ltd/", "welt.ltd"),
    ("https://a@b@welt.ltd/", "welt.ltd"),
    ("https://welt.de:443@welt.ltd/", "welt.ltd"),
    ("https://welt.de;@welt.ltd/", "welt.ltd"),
    ("https://welt.ltd?x=@evil.example/", "welt.ltd"),
    ("https://welt.ltd#@evil.example/", "welt.ltd"),
    # a backslash is a slash to a browser: it ends the host, so no user info here
    ("https://evil.example\\@welt.de/", "evil.example"),
    ("https://welt.de\\@evil.example/", "welt.de"),
    ("https://welt.de\\evil.example/", "welt.de"),
    ("https:\\\\welt.ltd/", "welt.ltd"),
    ("https://\\welt.ltd/", "welt.ltd"),
    ("https:/\\welt.ltd/", "welt.ltd"),
    ("https:/welt.ltd/", "welt.ltd"),
    ("https:///welt.ltd/", "welt.ltd"),
    ("https:////welt.ltd/a", "welt.ltd"),
    ("HTTPS:\\\\WELT.LTD\\a", "welt.ltd"),
    # percent-encoded hosts are decoded
    ("https://%77elt.ltd/", "welt.ltd"),
    ("https://welt%2eltd/", "welt.ltd"),
    ("https://%F0%9D%90%B0elt.ltd/", "welt.ltd"),  # a percent-encoded bold w
    ("https://%E2%80%8Bwelt.ltd/", "welt.ltd"),  # a percent-encoded zero-width space
    ("http://%31%32%37.0.0.1/", "127.0.0.1"),
    # case, trailing dots, ports
    ("https://WeLt.LtD./", "welt.ltd"),
    ("https://welt.ltd:0443/", "welt.ltd"),
    ("https://welt.ltd:/", "welt.ltd"),
    # Unicode letters and dots a browser maps (UTS 46)
    ("https://ｗｅｌｔ．ｌｔｄ/", "welt.ltd"),
    ("https://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/", "welt.ltd"),
    ("https://welt。ltd/", "welt.ltd"),
    ("https://welt｡ltd/", "welt.ltd"),
    ("https://welt.ltd。/", "welt.ltd"),
    ("https://we\u200blt.ltd/", "welt.ltd"),
    ("https://we\u00adlt.ltd/", "welt.ltd"),
    ("https://we\u2060lt.ltd/", "welt.ltd"),
    # IDNA: punycode and Unicode are one host
    ("https://wélt.ltd/", "xn--wlt-bma.ltd"),
    ("https://xn--wlt-bma.ltd/", "xn--wlt-bma.ltd"),
    ("https://аррӏе.com/", "xn--80ak6aa92e.com"),
    ("https://faß.de/", "xn--fa-hia.de"),
    # IPv4 in every spelling a browser reads
    ("http://2130706433/", "127.0.0.1"),
    ("http://0x7f.1/", "127.0.0.1"),
    ("http://0X7F.0.0.1/", "127.0.0.1"),
    ("http://0x7f000001/", "127.0.0.1"),
    ("http://0177.0.0.1/", "127.0.0.1"),
    ("http://00000000177.1/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
    ("http://127.0.0.0x1/", "127.0.0.1"),
    ("http://127.0.0.1./", "127.0.0.1"),
    ("http://%30x7f.1/", "127.0.0.1"),
    # percent-encoded digits a browser maps (UTS 46) after decoding: never folded as text
    ("http://%C2%B9%C2%B2%E2%81%B7.0.0.1/", "127.0.0.1"),
    ("http://%EF%BC%90x7f.1/", "127.0.0.1"),
    ("http://%E2%91%A0.0.0.1/", "1.0.0.1"),
    ("http://127.0.0.%C2%B9/", "127.0.0.1"),
    ("http://welt%EF%BC%8Eltd%EF%BC%8E/", "welt.ltd"),  # fullwidth full stops, decoded
    ("http://127%EF%BC%8E0%EF%BC%8E0%EF%BC%8E1%EF%BC%8E/", "127.0.0.1"),
    ("http://7%EF%BC%8E/", "0.0.0.7"),
    ("http://0/", "0.0.0.0"),
    ("http://0x/", "0.0.0.0"),
    ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"),
    ("http://2852039166/", "169.254.169.254"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
    ("http://[0:0:0:0:0:0:0:1]/", "::1"),
]


@pytest.mark.parametrize(("url", "host"), AGREED)
def test_the_host_is_the_one_a_browser_visits(url: str, host: str) -> None:
    assert browser_host(url) == host  # the oracle itself, so that the table stays true
    assert extracted_host(url) == host
    assert checked_host(url) == host
    assert guarded_host(url) == host


@pytest.mark.parametrize(
    "url",
    [
        "https://welt.ltd%2Fevil.example/",
        "https://welt.ltd%40evil.example/",
        "https://welt.ltd%3Fx/",
        "https://welt.ltd%20/",
        "http://4294967296/",
        "http://1.2.3.09/",
        "http://1.1.1.1.1/",
        "http://welt.ltd.1/",
    ],
)
def test_what_a_browser_refuses_check_refuses(url: str) -> None:
    assert browser_host(url) is None
    with pytest.raises(LinkError):
        parse_target(url)


@pytest.mark.parametrize(
    "url", ["https://welt%00.ltd/", "https://welt%0A.ltd/", "https://welt.ltd:99999/",
            "https://welt.ltd:1x/"],
)
def test_what_a_browser_refuses_for_what_no_reader_sees_is_kept_unopenable(url: str) -> None:
    """No browser opens these, but a reader reads welt.ltd in each: the link is kept, marked
    ``malformed``, in a post and pasted alike."""
    assert browser_host(url) is None
    assert parse_target(url).malformed is not None
    (link,) = extract_links(f"siehe {url} jetzt")
    assert (link.host, link.malformed is not None) == ("welt.ltd", True)


@pytest.mark.parametrize(
    "url", ["https://welt.ltd%2Fevil.example/", "https://welt.ltd%40evil.example/",
            "http://4294967296/",
            # decoded, then mapped by UTS 46: a fullwidth solidus, question mark, at sign
            "https://welt.ltd%EF%BC%8Fevil.example/", "https://welt.ltd%EF%BC%9Fx.example/",
            "https://127.0.0.1%EF%BC%A0evil.example/"],
)
def test_what_a_browser_refuses_is_no_link_in_a_post(url: str) -> None:
    assert browser_host(url) is None
    assert extract_links(f"siehe {url} jetzt") == ()


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("hxxps://welt[.]ltd/a", "welt.ltd"),
        ("https[:]//welt(.)ltd/a", "welt.ltd"),
        ("ＨＴＴＰＳ://welt.ltd/", "welt.ltd"),
        ("https://we\u200elt.ltd/", "welt.ltd"),
        ("https://we\u202elt.ltd/", "welt.ltd"),
        ("https://welt\u2024ltd/", "welt.ltd"),
    ],
)
def test_documented_extras_find_the_host_a_reader_is_sent_to(url: str, host: str) -> None:
    """A browser refuses these or never links them; a reader retypes them, so we read them."""
    assert browser_host(url) is None
    assert extracted_host(url) == host
    assert checked_host(url) == host


def test_check_drops_tabs_and_line_breaks_in_a_full_url_like_a_browser() -> None:
    for url in ("https://wel\tt.ltd/", "https://welt.l\ntd/a", "https://welt.ltd/a\r\nb"):
        assert checked_host(url) == browser_host(url) == "welt.ltd"
    assert parse_target("https://welt.ltd/a\r\nb").url == ada_url.URL("https://welt.ltd/ab").href


def test_a_pasted_url_keeps_the_browsers_path() -> None:
    """In a post a backslash ends the link (as white space does); a pasted target is whole."""
    for url in ("https://evil.example\\@welt.de/", "https:\\\\welt.ltd\\a\\b?q=\\x"):
        assert parse_target(url).url == ada_url.URL(url).href


@pytest.mark.parametrize(
    ("base", "reference"),
    [
        ("https://a.example/x", "\\\\evil.example/p"),
        ("https://a.example/x", "https://evil.example\\@welt.de/"),
        ("https://a.example/x", "https:\\\\evil.example/"),
        ("https://a.example/x", "https:/evil.example"),
        ("https://a.example/x", "http:/evil.example"),
        ("https://a.example/x", "https:evil.example"),
        ("https://a.example/x/y", "..\\z"),
        ("https://a.example/x", "/p?q=\\x"),
        ("http://a.example/", "//evil.example\\@127.0.0.1/"),
    ],
)
def test_redirects_and_page_links_join_as_a_browser_joins(base: str, reference: str) -> None:
    joined = browser_join(base, reference)
    expected = ada_url.URL(reference, base=base)
    parts = urlsplit(joined)
    assert parts.hostname == expected.hostname
    assert (parts.path or "/", parts.query) == (expected.pathname, expected.search.lstrip("?"))


# --------------------------------------------------------------------------- generated

_HOST_LETTERS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz0123456789-") + list("WELTÉÜ") + ["é", "ß", "ö", "е"]
    + ["ｗ", "ｅ", "𝐰", "𝐞", "\u200b", "\u00ad"]
)
_DOTS = st.sampled_from([".", ".", ".", "。", "．", "｡"])


@st.composite
def _names(draw: st.DrawFn) -> str:
    labels = draw(st.lists(st.text(_HOST_LETTERS, min_size=1, max_size=8), min_size=1,
                           max_size=3))
    labels.append(draw(st.sampled_from(["de", "ltd", "com", "Example", "xn--wlt-bma", "ρ"])))
    host = labels[0]
    for label in labels[1:]:
        host += draw(_DOTS) + label
    return host + draw(st.sampled_from(["", "", "."]))


@st.composite
def _ipv4_spellings(draw: st.DrawFn) -> str:
    """An IPv4 address in one of the spellings a browser reads: 1 to 4 parts, each part
    decimal, octal or hex, in any case, with leading zeros."""
    value = draw(st.sampled_from([0x7F000001, 0xA9FEA9FE, 0x0A000001, 0, 0x08080808]) |
                 st.integers(0, 2**32 - 1))
    count = draw(st.integers(1, 4))
    parts = [(value >> (8 * (3 - i))) & 0xFF for i in range(count - 1)]
    parts.append(value & (256 ** (5 - count) - 1))
    spelt = []
    for part in parts:
        form = draw(st.sampled_from(["dec", "oct", "hex", "HEX"]))
        zeros = "0" * draw(st.integers(0, 3))
        if form == "dec":
            spelt.append(str(part))
        elif form == "oct":
            spelt.append("0" + zeros + format(part, "o"))
        else:
            digits = format(part, "x" if form == "hex" else "X")
            spelt.append(draw(st.sampled_from(["0x", "0X"])) + zeros + digits)
    return ".".join(spelt) + draw(st.sampled_from(["", "", "."]))


def _percent_encode_some(host: str, chosen: list[bool]) -> str:
    out = []
    for char, encode in zip(host, chosen, strict=False):
        if encode and char.isascii() and char.isalnum():
            out.append(f"%{ord(char):02X}")
        else:
            out.append(char)
    return "".join(out) + host[len(chosen):]


@st.composite
def _urls(draw: st.DrawFn) -> str:
    host = draw(_names() | _ipv4_spellings())
    host = _percent_encode_some(host, draw(st.lists(st.booleans(), max_size=len(host))))
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "hTtP"]))
    slashes = draw(st.sampled_from(["//", "//", "\\\\", "/", "///", "/\\", "//\\"]))
    userinfo = draw(st.sampled_from(["", "", "www.spiegel.de@", "welt.de:443@", "a@b@"]))
    port = draw(st.sampled_from(["", "", ":443", ":8080", ":"]))
    rest = draw(st.sampled_from(["", "/", "/a/b", "\\a\\@evil.example/", "?q=1", "#x"]))
    return f"{scheme}:{slashes}{userinfo}{host}{port}{rest}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_urls())
@example("https:\\\\www.spiegel.de@0x7f.1\\@welt.de/")
@example("http://0177.0x0.1./")
def test_generated_urls_go_where_a_browser_goes(url: str) -> None:
    expected = browser_host(url)
    # a host with an empty label (".de") is one no name server answers: check refuses it
    assume(expected is not None and "." in expected and all(expected.split(".")))
    assert checked_host(url) == expected
    assert guarded_host(url) == expected
    assert extracted_host(url) == expected


@settings(max_examples=300, deadline=None)
@given(_ipv4_spellings())
def test_every_ipv4_spelling_is_guarded_as_its_address(host: str) -> None:
    url = f"http://{host}/"
    expected = browser_host(url)
    assert expected is not None
    link = parse_target(url)
    assert link.host == expected
    wire = wire_host(urlsplit(link.url).hostname or "")
    assert str(literal_address(wire)) == expected
    assert str(literal_address(wire_host(host))) == expected  # as written, too
    loopback = expected.startswith("127.") or expected == "169.254.169.254"
    if loopback:
        with pytest.raises(FetchError, match=BLOCKED):
            check_literal(wire_host(host))


def test_a_host_with_two_trailing_dots_is_a_name_not_an_address() -> None:
    """A browser takes one trailing dot before asking whether a host ends in a number:
    ``0x7f.1..`` is a name (ada says so), never reported as 127.0.0.1."""
    assert ada_url.URL("http://0x7f.1../").hostname == "0x7f.1.."
    assert [link.host for link in extract_links("see http://0x7f.1../ now")] != ["127.0.0.1"]
    assert [link.host for link in extract_links("see http://0x7f.1./ now")] == ["127.0.0.1"]


def test_a_link_written_with_backslashes_keeps_its_path_in_a_post() -> None:
    r"""``https:\\welt.ltd\a\b``: a browser visits /a/b there, and so does audit (it kept
    only the host, and would have fetched a clone at its front page)."""
    text = "seht https:\\\\welt.ltd\\a\\b?q=1 jetzt"
    [link] = extract_links(text)
    assert link.url == ada_url.URL("https:\\\\welt.ltd\\a\\b?q=1").href == "https://welt.ltd/a/b?q=1"
