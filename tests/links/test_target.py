"""``parse_target``: one pasted link or domain, or a short reason why it is unusable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.errors import InputError
from threadscope.links import LinkError, parse_target


@pytest.mark.parametrize(
    ("raw", "url", "host", "evasions"),
    [
        ("welt.de", "https://welt.de/", "welt.de", ()),
        ("WELT.DE", "https://welt.de/", "welt.de", ()),
        ("  welt.de\n", "https://welt.de/", "welt.de", ()),
        ("bild.de.", "https://bild.de/", "bild.de", ()),
        ("<https://welt.de/a>", "https://welt.de/a", "welt.de", ()),
        ("http://welt.de/a?b=1", "http://welt.de/a?b=1", "welt.de", ()),
        ("hxxps://welt[.]ltd/politik", "https://welt.ltd/politik", "welt.ltd", ("defanged",)),
        ("welt[dot]ltd", "https://welt.ltd/", "welt.ltd", ("defanged",)),
        ("𝐰𝐞𝐥𝐭.𝐥𝐭𝐝", "https://welt.ltd/", "welt.ltd", ("unicode-compat",)),
        (
            "hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik",
            "https://welt.ltd/politik",
            "welt.ltd",
            ("unicode-compat", "defanged"),
        ),
        ("w\u200belt.de", "https://welt.de/", "welt.de", ("zero-width",)),
        ("we\u202elt.de", "https://welt.de/", "welt.de", ("bidi-control",)),
        ("xn--wlt-rdd.de", "https://w\u0435lt.de/", "w\u0435lt.de", ("punycode",)),
        ("bücher.de", "https://bücher.de/", "bücher.de", ()),
        ("BÜCHER.de", "https://bücher.de/", "bücher.de", ()),
        (
            "https://welt.de@evil.example/",
            "https://welt.de@evil.example/",
            "evil.example",
            ("userinfo",),
        ),
        ("welt.de:8443", "https://welt.de:8443/", "welt.de", ()),
        ("192.0.2.1", "https://192.0.2.1/", "192.0.2.1", ()),
        ("192.0.2.1:8080", "https://192.0.2.1:8080/", "192.0.2.1", ()),
        ("http://[2001:db8::1]:8080/", "http://[2001:db8::1]:8080/", "2001:db8::1", ()),
        ("2001:db8::1", "https://[2001:db8::1]/", "2001:db8::1", ()),
        ("[2001:DB8::1]", "https://[2001:db8::1]/", "2001:db8::1", ()),
        ("localhost", "https://localhost/", "localhost", ()),
    ],
)
def test_targets(raw: str, url: str, host: str, evasions: tuple[str, ...]) -> None:
    link = parse_target(raw)
    assert link.input == raw
    assert link.url == url
    assert link.host == host
    assert link.evasions == evasions
    assert (link.start, link.end) == (0, len(raw))


def test_glued_tco_target_keeps_the_card() -> None:
    link = parse_target("https://t.co/cykVk0lJUJWelt.de")
    assert link.url == "https://t.co/cykVk0lJUJ"
    assert link.host == "t.co"
    assert link.card_domain == "welt.de"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("\u200b", "empty"),
        ("<>", "empty"),
        ("a" * 64 + ".de", "63"),
        (".".join(["a" * 60] * 5) + ".de", "253"),
        ("welt..de", "empty label"),
        (".welt.de", "empty label"),
        ("exa$mple.com", "not allowed"),
        ("we lt.de", "white space"),
        ("welt.de/a b", "white space"),
        ("xn--zz.de", "punycode"),
        ("xn--.de", "punycode"),
        ("[2001:db8::zz]", "IPv6"),
        ("http://[2001:db8::1/", "IPv6"),
        ("http://[::1", "IPv6"),
        ("welt].de", "'[' or ']' in the host name"),
        ("https://welt].de/x", "'[' or ']' in the host name"),
        ("[welt.de", "'[' or ']' in the host name"),
        ("https://[welt.de]/", "'[' or ']' in the host name"),
        ("https://", "no host"),
        ("https:///", "no host"),
        ("999.1.1.1", "IPv4"),
        ("http://4294967296/", "IPv4"),
        ("http://1.2.3.09/", "IPv4"),
        ("http://welt.ltd.1/", "IPv4"),
        ("https://welt.ltd%2Fevil.example/", "not allowed"),
        ("https://welt.ltd%40evil.example/", "not allowed"),
    ],
)
def test_unusable_targets(raw: str, reason: str) -> None:
    with pytest.raises(LinkError) as caught:
        parse_target(raw)
    assert reason in str(caught.value)
    assert len(str(caught.value)) < 120


@pytest.mark.parametrize(
    ("raw", "host", "why"),
    [
        ("welt.de:99999", "welt.de", "invalid port"),
        ("welt.de:http", "welt.de", "invalid port"),
        ("https://spiegel.ltd:99999/artikel", "spiegel.ltd", "invalid port"),
        ("https://welt.ltd%00/", "welt.ltd", "character not allowed in a host name"),
        ("https://welt%00.ltd/x", "welt.ltd", "character not allowed in a host name"),
        ("https://spiegel.ltd%", "spiegel.ltd", "character not allowed in a host name"),
        ("https://xn--wlt-rdd.ltd:99999/", "wеlt.ltd", "invalid port"),
    ],
)
def test_a_target_no_browser_opens_keeps_its_name(raw: str, host: str, why: str) -> None:
    """As ``extract`` keeps such a link in a post: ``check``, ``domains`` and ``audit`` agree."""
    link = parse_target(raw)
    assert (link.host, link.malformed, link.input) == (host, why, raw)


def test_link_error_is_an_input_error() -> None:
    assert issubclass(LinkError, InputError)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_anything_but_link_error(raw: str) -> None:
    try:
        link = parse_target(raw)
    except LinkError:
        return
    assert link.host
    assert link.url.startswith(("http://", "https://")) or "://" in link.url


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=60).map(lambda b: b.decode("utf-8", "replace")))
def test_binary_junk(raw: str) -> None:
    try:
        parse_target(raw)
    except LinkError:
        pass


def test_an_email_address_is_not_a_target() -> None:
    with pytest.raises(LinkError, match="e-mail"):
        parse_target("name@example.com")


def test_a_domain_before_an_at_is_a_userinfo_trick() -> None:
    link = parse_target("welt.de@evil.com")
    assert link.host == "evil.com"
    assert link.evasions == ("userinfo",)


def test_percent_encoded_hosts() -> None:
    assert parse_target("https://%77elt.de/").host == "welt.de"
    with pytest.raises(LinkError, match="percent"):
        parse_target("https://%ff.de/")


def test_a_mailto_address_is_not_a_target() -> None:
    with pytest.raises(LinkError, match="e-mail"):
        parse_target("mailto:name@example.com")


@pytest.mark.parametrize("raw", ["welt.ltd,", "(welt.ltd)", "welt.ltd.", '"welt.ltd"', "welt.ltd;"])
def test_punctuation_copied_along_with_a_target_is_dropped(raw: str) -> None:
    link = parse_target(raw)
    assert link.host == "welt.ltd"
    assert link.input == raw


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Das ist ein ganz normaler Satz ohne Link.",
         "text with white space and no link or domain in it"),
        ("welt .de", "text with white space and no link or domain in it"),
        ("welt.de ist toll", "white space inside a link or domain"),
    ],
)
def test_white_space_says_whether_a_link_is_in_the_text(raw: str, reason: str) -> None:
    """A sentence without links (pasted into ``check``) is not 'a link with white space'."""
    with pytest.raises(LinkError) as caught:
        parse_target(raw)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("[Welt](https://welt.ltd/a)", "https://welt.ltd/a"),
        ("[](hxxps://welt[.]ltd/a)", "https://welt.ltd/a"),
        ("[Welt](<https://welt.ltd/a>)", "https://welt.ltd/a"),
        ("[welt.de](https://welt.ltd/a_(b))", "https://welt.ltd/a_(b)"),
    ],
)
def test_a_markdown_link_is_its_address(raw: str, url: str) -> None:
    """``[Welt](https://welt.ltd/a)`` copied from a Markdown note is that link, not a broken
    IPv6 literal; its label is not the address (a look-alike hides behind an honest label)."""
    link = parse_target(raw)
    assert link.url == url
    assert link.input == raw


@pytest.mark.parametrize(
    "raw",
    ["https://welt.ltd/a…", "https://welt.ltd/a»", "»https://welt.ltd/a«", "https://welt.ltd/a”.",
     "https://welt.ltd/a›"],
)
def test_quotes_and_an_ellipsis_after_a_target_are_not_part_of_it(raw: str) -> None:
    """The characters that end a link in a post (a truncating ellipsis, typographic quotes)
    end a pasted one too, rather than being sent to the site as part of its path."""
    link = parse_target(raw)
    assert link.url == "https://welt.ltd/a"
    assert link.input == raw


@pytest.mark.parametrize(
    ("raw", "scheme"),
    [("javascript:alert(1)", "javascript"), ("JavaScript:void(0)", "javascript"),
     ("data:text/html,<b>hi</b>", "data"), ("tel:+491234", "tel"), ("sms:+491234", "sms")],
)
def test_a_scheme_no_site_is_fetched_by_is_said_to_be_one(raw: str, scheme: str) -> None:
    """``javascript:alert(1)`` was refused as an "invalid port" (its scheme read as a host):
    the reader is told what it is instead."""
    with pytest.raises(LinkError, match=f"^a {scheme}: address, not a web link$"):
        parse_target(raw)


def test_a_scheme_that_names_a_host_is_judged_by_its_host() -> None:
    """``javascript://welt.ltd/%0aalert(1)`` runs as script in a browser, but it names a
    look-alike host, which is what the audit is about."""
    assert parse_target("javascript://welt.ltd/%0aalert(1)").host == "welt.ltd"
    assert parse_target("welt.ltd:8080/a").host == "welt.ltd"
