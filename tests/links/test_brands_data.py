"""The curated brand registry shipped in ``threadscope/data/brands.tsv``."""

from __future__ import annotations

from importlib import resources

import pytest

from threadscope.assessment.registry import builtin_brands, parse_tsv
from threadscope.names import registrable_domain


def lines() -> list[str]:
    return (
        resources.files("threadscope.data").joinpath("brands.tsv").read_text("utf-8").splitlines()
    )


def test_parses_and_is_large() -> None:
    brands = parse_tsv(lines(), "brands.tsv")
    assert len(brands) >= 400
    assert all(brand.domains for brand in brands)
    assert builtin_brands() == tuple(brands)


def test_header_comment_is_kept() -> None:
    assert lines()[0].startswith("# Protected brands: name<TAB>country<TAB>category<TAB>domain1")


def test_no_domain_belongs_to_two_brands() -> None:
    owner: dict[str, str] = {}
    for brand in parse_tsv(lines(), "brands.tsv"):
        for domain in brand.domains:
            assert domain not in owner, f"{domain}: {brand.name} and {owner[domain]}"
            owner[domain] = brand.name


def test_every_domain_is_registrable_and_lower_case() -> None:
    for brand in parse_tsv(lines(), "brands.tsv"):
        for domain in brand.domains:
            assert domain == domain.lower().strip()
            assert not domain.startswith("www.")
            assert registrable_domain(domain) == domain, (brand.name, domain)


def test_fields_are_well_formed() -> None:
    categories = {"news", "broadcaster", "agency", "government", "international", "platform"}
    for brand in parse_tsv(lines(), "brands.tsv"):
        assert brand.name.strip() == brand.name and brand.name
        assert brand.category in categories, brand
        assert brand.country is None or (len(brand.country) == 2 and brand.country.isupper())


def _owners() -> dict[str, str]:
    return {d: b.name for b in parse_tsv(lines(), "brands.tsv") for d in b.domains}


@pytest.mark.parametrize(
    "domain",
    [
        # Doppelganger targets named in public reporting.
        "welt.de",
        "spiegel.de",
        "bild.de",
        "faz.net",
        "sueddeutsche.de",
        "t-online.de",
        "tagesspiegel.de",
        "20minutes.fr",
        "lemonde.fr",
        "leparisien.fr",
        "liberation.fr",
        "lefigaro.fr",
        "washingtonpost.com",
        "foxnews.com",
        "nato.int",
        "theguardian.com",
        "dailymail.co.uk",
        "ansa.it",
        # Named in the issue.
        "bbc.co.uk",
        "bbc.com",
        "thetimes.co.uk",
        "thetimes.com",
        "delfi.lv",
        "delfi.lt",
        "delfi.ee",
        "tagesschau.de",
        "zdf.de",
        "europa.eu",
        "gov.uk",
        "bundesregierung.de",
        "auswaertiges-amt.de",
        "diplo.de",
        "bundeswehr.de",
        "20min.ch",
        "nytimes.com",
        "cnn.com",
        "reuters.com",
        "apnews.com",
        "dpa.com",
        "afp.com",
        "repubblica.it",
        "corriere.it",
        "elpais.com",
        "elmundo.es",
        "pravda.com.ua",
        "ukrinform.ua",
        "unian.ua",
        "kyivindependent.com",
        "tvp.pl",
        "onet.pl",
        "wp.pl",
        "err.ee",
        "lsm.lv",
        "lrt.lt",
        "ynet.co.il",
        "haaretz.com",
        "timesofisrael.com",
        "jpost.com",
        "orf.at",
        "derstandard.at",
        "diepresse.com",
        "krone.at",
        "srf.ch",
        "nzz.ch",
        "rte.ie",
        "irishtimes.com",
        # Platforms.
        "x.com",
        "twitter.com",
        "t.co",
        "facebook.com",
        "instagram.com",
        "youtube.com",
        "tiktok.com",
        "telegram.org",
        "t.me",
        "whatsapp.com",
        "google.com",
        "wikipedia.org",
        "reddit.com",
        "linkedin.com",
        "bsky.app",
        "joinmastodon.org",
    ],
)
def test_required_domains_are_in(domain: str) -> None:
    assert domain in _owners()


def test_brands_with_several_domains_keep_them_together() -> None:
    owners = _owners()
    assert owners["bbc.co.uk"] == owners["bbc.com"]
    assert owners["thetimes.co.uk"] == owners["thetimes.com"]
    assert owners["delfi.lv"] == owners["delfi.lt"] == owners["delfi.ee"]
    assert owners["x.com"] == owners["twitter.com"] == owners["t.co"]
