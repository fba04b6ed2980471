"""The registry: curated brands, the popular tier, ``--brands`` files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.assessment import assess
from threadscope.assessment.registry import (
    load_registry,
    outlet_brands,
    parse_outlets,
    parse_popular,
    parse_user_brands,
    popular_brands,
)
from threadscope.errors import InputError
from threadscope.links import LinkError, is_ip_literal, parse_target


def test_popular_tier_is_shipped_with_its_source() -> None:
    brands = popular_brands()
    assert 9000 <= len(brands) <= 11000
    assert all(b.tier == 2 and b.category == "popular" for b in brands)
    assert brands[0].domains == ("google.com",)


def test_curated_brand_wins_over_the_popular_tier() -> None:
    registry = load_registry()
    owner = registry.official("www.bbc.co.uk")
    assert owner is not None and owner.tier == 1


def test_without_popular_tier() -> None:
    assert all(b.tier == 1 for b in load_registry(popular=False).brands)


def test_extra_brands_file(tmp_path: Path) -> None:
    extra = tmp_path / "b.txt"
    extra.write_text("Kiezblatt\tkiezblatt.de\n", "utf-8")
    owner = load_registry(extra).official("kiezblatt.de")
    assert owner is not None and owner.name == "Kiezblatt"


def test_unreadable_brands_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_registry(tmp_path / "missing.txt")


def test_parse_popular_skips_comments() -> None:
    assert [b.name for b in parse_popular(["# x", "", "Example.org"])] == ["example.org"]


def test_index_is_built_once_per_registry() -> None:
    registry = load_registry()
    assert registry.index is registry.index


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("xn--zz--.com", "broken punycode"),
        ("a" * 64 + ".de", "longer than 63"),
        ("https://x.de/a", "not a URL"),
        ("Name\t10.0.0.1", "not a URL or address"),
        ("localhost", "expected"),
    ],
)
def test_user_brands_refuse_what_is_not_a_domain(line: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_user_brands(["ok.de", line], "brands.txt")


@pytest.mark.parametrize("line", ["Our Paper\t", "Name\t\r\n", "Name\t , "])
def test_a_name_with_no_domain_is_refused_as_such(line: str) -> None:
    """``Name<TAB>`` was refused as "expected a domain name, not a URL or address": the
    strip took the tab, and the name was read as a domain."""
    with pytest.raises(InputError) as raised:
        parse_user_brands(["ok.de", line, "x.de"], "brands.txt")
    message = str(raised.value)
    name = line.split("\t")[0]
    assert message == (f"brands.txt:2: {name!r} names no domain: expected 'domain' or "
                       "'Name<TAB>domain,domain'")
    assert "\n" not in message


def test_a_domain_with_a_tab_after_it_is_still_a_domain() -> None:
    [brand] = parse_user_brands(["example.com\t"], "b")
    assert brand.domains == ("example.com",)
    with pytest.raises(InputError, match="not a URL"):
        parse_user_brands(["\thttps://x.de/a"], "b")


def test_user_brands_keep_idn_in_unicode() -> None:
    [brand] = parse_user_brands(["Zeitung\tmünchen-zeitung.de,XN--MNCHEN-ZEITUNG-GSB.COM"], "b")
    assert brand.domains == ("münchen-zeitung.de", "münchen-zeitung.com")


def test_outlet_tier_is_shipped_with_markets() -> None:
    outlets = outlet_brands()
    assert len(outlets) > 5000
    assert all(b.tier == 2 and b.category == "news" for b in outlets)
    by_domain = {b.domains[0]: b for b in outlets}
    assert by_domain["welt.de"].name == "Die Welt" and by_domain["welt.de"].country == "DE"
    assert by_domain["thestate.com"].country is None  # a .com says nothing of the market
    assert by_domain["theage.com.au"].country == "AU"
    assert by_domain["unimedia.info"].country == "MD"  # news-sources' country, not the suffix's
    assert by_domain["historia.fr"].name == "Historia.fr"  # Bypass Paywalls Clean's name
    assert by_domain["historia.fr"].country == "FR"
    assert by_domain["architecturaldigest.com"].country == "US"  # its publisher group's


def test_a_magazine_known_only_from_the_paywall_list_is_protected() -> None:
    """historia.fr is in no other list; the Doppelganger clone historia.fyi imitates it."""
    assert assess("historia.fr").verdict.value == "official"
    clone = assess("historia.fyi")
    assert clone.verdict.value == "suspicious", clone.reasons
    assert clone.imitates == "historia.fr"


def test_a_known_outlet_is_an_outlet_not_a_lookalike() -> None:
    """The issue's false positives: local stations and papers named like a network."""
    for domain in ("thestate.com", "cbs8.com", "abc15.com", "theindependent.com"):
        result = assess(domain)
        assert result.verdict.value == "official", (domain, result.reasons)
        assert result.imitates is None


def test_a_brands_news_portal_under_its_own_name_is_protected() -> None:
    """ZDF publishes its news at zdfheute.de: glued from two of its names, which no
    combination rule reads, so the portal is listed itself."""
    assert assess("www.zdfheute.de").verdict.value == "official"
    clone = assess("zdfheute.ltd")
    assert clone.verdict.value == "lookalike"
    assert clone.brand == "ZDF"


def test_tier_two_is_each_domain_once_curated_first() -> None:
    registry = load_registry()
    listed = [d for b in registry.brands for d in b.domains]
    assert len(listed) == len(set(listed))
    owner = registry.official("spiegel.de")
    assert owner is not None and owner.tier == 1


def test_excluded_domains_leave_tier_two_only() -> None:
    registry = load_registry(exclude={"thestate.com", "spiegel.de"})
    assert registry.official("thestate.com") is None
    assert registry.official("spiegel.de") is not None  # curated brands stay


def test_outlet_lines_parse() -> None:
    lines = ["# comment", "kiez.de\tDE\tKiezblatt\tfundus", "x.com\t\t\tgoogle-news"]
    brands = parse_outlets(lines)
    assert [(b.name, b.country) for b in brands] == [("Kiezblatt", "DE"), ("x.com", None)]


def test_default_registry_is_built_once() -> None:
    assert load_registry() is load_registry()


def test_tier_two_lists_hold_registrable_domains_only() -> None:
    """``Target.of`` splits tier-2 domains at their first dot without a suffix lookup: that
    holds only if each is a registrable domain (name + public suffix) or itself a private
    suffix (github.io), which the full split keys by its first label too."""
    from threadscope.names import split_host

    for brand in (*outlet_brands(), *popular_brands()):
        domain = brand.domains[0]
        parts = split_host(domain)
        whole = not parts.name and parts.suffix == domain and not parts.subdomain
        assert whole or (parts.name, parts.suffix) == tuple(domain.split(".", 1)), domain


def test_deep_tails_are_the_curated_domains_that_are_no_registrable_name() -> None:
    """``parent_owner``'s tails: curated domains that are a public suffix (gov.uk) or a
    subdomain (abcnews.go.com), split the fast way where it applies; the popular tier, with
    anyone's subdomains under github.io, never counts."""
    from threadscope.names import split_host

    registry = load_registry().complete()
    expected = tuple(
        f".{domain}"
        for domain, brand in registry.by_domain.items()
        if brand.tier == 1 and ((parts := split_host(domain)).subdomain or not parts.name)
    )
    assert registry._deep_tails == expected
    assert ".gov.uk" in expected
    assert registry.parent_owner("www.gov.uk") is not None


@pytest.mark.parametrize("written", ["xn--ngstr-lra8j.com", "https://xn--ngstr-lra8j.com/",
                                     "https://ångströ.com/a", "www.ångströ.com",
                                     "XN--NGSTR-LRA8J.COM"])
def test_a_listed_idn_is_official_however_it_is_written(written: str) -> None:
    """The lists write IDNs in punycode, links reach the registry decoded (``ångströ.com``):
    a link to a listed IDN was judged an unknown name, and, once a bare punycode name was
    decoded as a link's host is, the bare name too."""
    result = assess(written)
    assert result.verdict.value == "official", result
    assert result.brand == "xn--ngstr-lra8j.com"


def test_an_idn_given_in_unicode_by_brands_owns_its_punycode_form(tmp_path: Path) -> None:
    extra = tmp_path / "brands.txt"
    extra.write_text("Ångström Zeitung\tångströmzeitung.de\n", "utf-8")
    registry = load_registry(extra)
    for written in ("https://ångströmzeitung.de/", "xn--ngstrmzeitung-ofb4x.de"):
        assert assess(written, registry).verdict.value == "official", written


@pytest.mark.parametrize("host", ["www.welt.de.nip.io", "welt.de.1.2.3.4.nip.io",
                                  "welt.de.127.0.0.1.sslip.io"])
def test_a_brand_under_a_wildcard_dns_service_is_no_official_site(host: str) -> None:
    """nip.io was in the popular tier, so every name under it (whoever's address it names)
    was nip.io's "official" site, score 0: a clone at welt.de.1.2.3.4.nip.io too."""
    result = assess(host, load_registry())
    assert result.verdict.flagged and result.imitates == "welt.de", result
    assert "written as a subdomain of" in result.reasons[0].detail


def test_no_wildcard_dns_service_is_a_brand_of_the_popular_tier() -> None:
    from tests.support.scripts import load_script

    wildcard = load_script("gen_popular").WILDCARD_DNS
    assert "nip.io" in wildcard
    assert not {domain for brand in popular_brands() for domain in brand.domains} & wildcard
    assert assess("anything.nip.io", load_registry()).verdict.value != "official"


_LABEL = st.text("abcXYZ019-", min_size=1, max_size=70)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LABEL, min_size=1, max_size=5), st.sampled_from(["de", "COM", "xn--p1ai",
                                                                    "co.uk", "1", "d-e", ""]))
def test_a_plainly_written_domain_reads_as_parse_target_reads_it(
    labels: list[str], top: str
) -> None:
    """``--brands`` reads a plainly written domain without ``parse_target`` (150 µs each: a
    million-line list took minutes): whatever it takes so must be exactly the host
    ``parse_target`` gives, and whatever ``parse_target`` refuses is still refused."""
    text = ".".join([*labels, top]) if top else ".".join(labels)
    assert _fast_read(text) == _slow_read(text)


def _fast_read(text: str) -> str | None:
    """The domain ``--brands`` reads from a line of one domain, or None where it refuses it."""
    try:
        return parse_user_brands([text], "ours.txt")[0].domains[0]
    except InputError:
        return None


def _slow_read(text: str) -> str | None:
    try:
        return _user_domain_slow(text)
    except InputError:
        return None


def _user_domain_slow(text: str) -> str:
    """What ``_user_domain`` returned before its plain-domain fast path: ``parse_target``."""
    try:
        link = parse_target(text)
    except LinkError as error:
        raise InputError(str(error)) from error
    if is_ip_literal(link.host) or "." not in link.host or any(c in text for c in "/@:"):
        raise InputError("not a domain")
    return link.host


@pytest.mark.parametrize("text", ["Example.COM", "a.de", "news-room.co.uk", "x1.y2.info",
                                  f"{'a' * 63}.de", f"{'a' * 64}.de", "a--b.de", "xn--bcher-kva.de",
                                  f"{'a.' * 126}de", f"{'a.' * 127}de", "-a.de", "a-.de",
                                  "1.2.3.4", "a.b.123", "welt[.]de", "fxpro.com", "HXXPa.de",
                                  "hxxpsnews.com", "FXP.de", "hxxp-24.info"])
def test_plain_domain_edges_read_as_parse_target_reads_them(text: str) -> None:
    assert _fast_read(text) == _slow_read(text)
