from __future__ import annotations

import datetime as dt

import pytest

from threadscope.assessment.registry import BrandRegistry, load_registry
from threadscope.enrich import evidence
from threadscope.enrich.evidence import _brand_by_name
from threadscope.enrich.page import RawPage
from threadscope.models import Brand, Hop, PageEvidence, Registration
from threadscope.names import registrable_domain

REGISTRY = BrandRegistry.of([
    Brand("Die Welt", ("welt.de",), "DE", "news"),
    Brand("Der Spiegel", ("spiegel.de",), "DE", "news"),
])


def test_clone_claiming_canonical_is_a_strong_reason() -> None:
    raw = RawPage(title="x", canonical="https://www.welt.de/a", site_name="WELT",
                  assets=("https://img.welt.de/logo.svg", "http://welt.ltd/x.js"))
    page = evidence.page_evidence(raw, "welt.ltd", REGISTRY)
    assert page.brand_assets == ("https://img.welt.de/logo.svg",)
    reasons, brand = evidence.page_reasons(page, "welt.ltd", REGISTRY)
    assert brand is not None and brand.name == "Die Welt"
    claim = reasons[0]
    assert claim.code == "claims-brand" and claim.points >= 50
    assert claim.detail == "page on welt.ltd names www.welt.de as its canonical address"
    assert "brand-assets" in [r.code for r in reasons]


def test_brand_assets_are_counted_in_words_a_reader_can_quote() -> None:
    """``loads 1 file``/``2 files``, never ``file(s)``; past three hosts the rest is counted
    rather than dropped without a word."""
    one = PageEvidence(brand_assets=("https://img.welt.de/logo.svg",))
    [reason] = evidence.page_reasons(one, "welt.ltd", REGISTRY)[0]
    assert reason.detail == "page on welt.ltd loads 1 file from img.welt.de"
    hosts = ("a", "b", "c", "d", "e")
    many = PageEvidence(brand_assets=tuple(f"https://{h}.welt.de/x.css" for h in hosts))
    [reason] = evidence.page_reasons(many, "welt.ltd", REGISTRY)[0]
    assert reason.detail == ("page on welt.ltd loads 5 files from a.welt.de, b.welt.de, "
                             "c.welt.de and 2 more hosts")


def test_site_name_alone_names_the_brand() -> None:
    page = PageEvidence(site_name="Die  WELT")
    reasons, brand = evidence.page_reasons(page, "news-today.example", REGISTRY)
    assert [r.code for r in reasons] == ["site-name-brand"]
    assert brand is not None and brand.domains == ("welt.de",)


def test_the_brand_own_page_claims_nothing() -> None:
    page = PageEvidence(canonical="https://www.welt.de/a", site_name="WELT",
                        brand_assets=("https://img.welt.de/x",))
    assert evidence.page_reasons(page, "www.welt.de", REGISTRY) == ([], None)


def test_clone_of_an_unlisted_outlet_names_it_from_its_canonical_address() -> None:
    page = PageEvidence(canonical="https://www.kurierhistoryczny.pl/artykul/1")
    reasons, brand = evidence.page_reasons(page, "kurierhistoryczny.link", REGISTRY)
    assert brand is not None and brand.domains == ("kurierhistoryczny.pl",)
    [claim] = reasons
    assert (claim.code, claim.points) == ("claims-namesake", evidence.CLAIMS_NAMESAKE)
    assert claim.detail == (
        "page on kurierhistoryczny.link names www.kurierhistoryczny.pl as its canonical "
        "address, though it is not that site: same name as kurierhistoryczny.pl under .link"
    )


@pytest.mark.parametrize(
    ("landing", "technique"),
    [
        ("kurier-historyczny.click", "with a hyphen wedged in"),
        ("kurierhistoryczny24.com", "with '24'"),
        ("kurierhlstoryczny.com", "in place of i"),
    ],
)
def test_namesake_claim_names_the_technique(landing: str, technique: str) -> None:
    page = PageEvidence(og_url="https://kurierhistoryczny.pl/a")
    [claim], _ = evidence.page_reasons(page, landing, REGISTRY)
    assert claim.code == "claims-namesake"
    assert "as its og:url" in claim.detail and technique in claim.detail


@pytest.mark.parametrize(
    ("landing", "canonical"),
    [
        ("news-today.example", "https://kurierhistoryczny.pl/a"),  # syndication: no namesake
        ("m.kurierhistoryczny.pl", "https://www.kurierhistoryczny.pl/a"),  # the site itself
        ("kurierhistoryczny.link", "http://[bad"),
        ("kurierhistoryczny.link", "http://xn--zz/"),
        ("kurierhistoryczny.link", "http://127.0.0.1/"),
        ("kurierhistoryczny.link", "javascript:alert(1)"),
        # Hosts no browser could reach: a bidi override or an invisible mark in a label.
        ("kurierhistoryczny.link", "http://kurierhistoryczny\u202e.pl/"),
        ("kurierhistoryczny.link", "http://k\u202eurierhistoryczny.pl/"),
        ("kurierhistoryczny.link", "http://kurierhistoryczny.p\u2066l/"),
    ],
)
def test_a_canonical_address_of_another_name_or_of_no_site_claims_nothing(
    landing: str, canonical: str
) -> None:
    assert evidence.page_reasons(PageEvidence(canonical=canonical), landing, REGISTRY) == (
        [], None
    )


@pytest.mark.parametrize("spelling", ["http://KurierHistoryczny.PL/a",
                                      "http://kurierhistoryczny\u3002pl/a",
                                      "http://kurierhistoryczny.pl./a",
                                      "http://kurier\u200bhistoryczny.pl/a"])  # UTS 46 drops it
def test_a_namesake_spelled_as_browsers_read_it_is_the_site(spelling: str) -> None:
    reasons, brand = evidence.page_reasons(PageEvidence(canonical=spelling),
                                           "kurierhistoryczny.link", REGISTRY)
    assert [r.code for r in reasons] == ["claims-namesake"]
    assert brand is not None and brand.domains == ("kurierhistoryczny.pl",)


def test_a_listed_brand_claim_wins_over_a_namesake() -> None:
    page = PageEvidence(canonical="https://welt.de/a", og_url="https://welt.info/a")
    reasons, brand = evidence.page_reasons(page, "welt.ltd", REGISTRY)
    assert [r.code for r in reasons] == ["claims-brand"]
    assert brand is not None and brand.name == "Die Welt"


def test_card_mismatch() -> None:
    reasons = evidence.card_reasons("Welt.de", "http://welt.ltd/a")
    assert [r.code for r in reasons] == ["card-mismatch"]
    assert "Welt.de" in reasons[0].detail and "welt.ltd" in reasons[0].detail
    assert evidence.card_reasons("welt.de", "https://www.welt.de/a") == []
    assert evidence.card_reasons(None, "https://welt.ltd/") == []
    assert evidence.card_reasons("welt.de", None) == []


def test_chain_through_two_shorteners() -> None:
    chain = [Hop("http://t.co/x", 301, "start"), Hop("http://bit.ly/y", 302),
             Hop("http://welt.ltd/a", 200)]
    reasons = evidence.chain_reasons(chain, "t.co", "http://welt.ltd/a")
    assert [r.code for r in reasons] == ["shortener-chain", "lands-elsewhere"]
    assert "t.co → bit.ly" in reasons[0].detail
    assert evidence.chain_reasons(chain[2:], "welt.ltd", "http://welt.ltd/a") == []


def test_a_wrapper_that_names_its_destination_is_no_shortener_hop() -> None:
    """``l.facebook.com/l.php?u=…`` names where it leads: ``assess`` judges it by its
    platform's name, offline, so a chain through it counts it among no shorteners."""
    wrapper = "http://l.facebook.com/l.php?u=http%3A%2F%2Fbit.ly%2Fy"
    chain = [Hop(wrapper, 302, "start"), Hop("http://bit.ly/y", 302),
             Hop("http://welt.ltd/a", 200)]
    assert [r.code for r in evidence.chain_reasons(chain, "facebook.com",
                                                   "http://welt.ltd/a")] == ["lands-elsewhere"]
    bare = [Hop("http://l.facebook.com/", 302, "start"), *chain[1:]]  # names nothing
    [reason, _] = evidence.chain_reasons(bare, "facebook.com", "http://welt.ltd/a")
    assert reason.detail == "the link passes through 2 shorteners: facebook.com → bit.ly"


def test_long_chains_are_noted() -> None:
    chain = [Hop(f"http://r{n}.example/", 302) for n in range(5)]
    assert "redirect-chain" in [
        r.code for r in evidence.chain_reasons(chain, "r0.example", None)
    ]


def test_young_domains() -> None:
    today = dt.date(2022, 7, 10)
    strong = evidence.registration_reasons(
        "welt.ltd", Registration("2022-06-28T09:41:17Z"), today)
    assert [(r.code, r.points) for r in strong] == [("young-domain", evidence.YOUNG_STRONG)]
    assert "2022-06-28" in strong[0].detail and "12 days" in strong[0].detail
    weak = evidence.registration_reasons("welt.ltd", Registration("2022-01-01"), today)
    assert [r.points for r in weak] == [evidence.YOUNG_WEAK]
    assert evidence.registration_reasons("welt.ltd", Registration("2001-01-01"), today) == []


def test_a_registration_time_counts_by_its_utc_date() -> None:
    today = dt.date(2026, 12, 31)
    late = evidence.registration_reasons(
        "welt.ltd", Registration("2026-12-01T23:59:59-12:00"), today)
    assert "registered on 2026-12-02, 29 days ago" in late[0].detail
    early = evidence.registration_reasons(
        "welt.ltd", Registration("2026-12-01T01:00:00+05:00"), today)
    assert "registered on 2026-11-30, 31 days ago" in early[0].detail
    for edge in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"):
        assert evidence.registration_reasons("welt.ltd", Registration(edge), today) == []


def test_no_answer_is_no_evidence() -> None:
    assert evidence.registration_reasons("x.ltd", Registration(None, error="timeout")) == []
    assert evidence.registration_reasons("x.ltd", Registration("garbage")) == []
    assert evidence.registration_reasons("x.ltd", Registration("2999-01-01")) == []


def _brand_by_name_scan(
    brands: list[tuple[str, frozenset[str], Brand]], name: str
) -> Brand | None:
    """The former pass over every brand, kept here as the reference for the dictionary."""
    wanted = " ".join(name.casefold().split())
    for brand_name, domains, brand in brands:
        if brand_name == wanted or wanted in domains:
            return brand
    return None


def test_site_name_dictionary_answers_as_the_scan_did() -> None:
    registry = BrandRegistry.of([
        *load_registry().brands,
        Brand("Welt", ("welt-kopie.example.com",), tier=1),   # a second "Welt": the first wins
        Brand("Local  News", ("www.localnews.co.uk",), tier=1),
    ])
    # The scan's per-brand work done once (it re-derived each domain for every name asked).
    brands = [
        (" ".join(b.name.casefold().split()),
         frozenset(d for domain in b.domains for d in (domain, registrable_domain(domain))), b)
        for b in registry.brands
    ]
    # Every curated brand and a spread of the listed tiers (each probe scans all the brands).
    chosen = [b for b in registry.brands if b.tier == 1] + list(registry.brands[::97])
    names = [b.name for b in chosen] + [d for b in chosen for d in b.domains]
    names += ["  WELT ", "local news", "localnews.co.uk", "Die   Welt", "nobody", "", "bbc"]
    for name in names:
        assert _brand_by_name(registry, name) is _brand_by_name_scan(brands, name), name


def test_a_label_over_a_shortener_set_beside_the_landing() -> None:
    short = "https://bit.ly/x"
    (reason,) = evidence.shown_reasons("Quelle: welt.de", short, "bit.ly", "http://welt.ltd/a")
    assert reason.code == "shown-elsewhere" and reason.points == 40
    assert reason.detail == (
        "the link shows Quelle: welt.de but goes through the shortener bit.ly to welt.ltd")
    assert evidence.shown_reasons("welt.de", short, "bit.ly", "https://www.welt.de/a") == []
    assert evidence.shown_reasons("hier", short, "bit.ly", "http://welt.ltd/a") == []
    assert evidence.shown_reasons(None, short, "bit.ly", "http://welt.ltd/a") == []
    # not followed to the end
    assert evidence.shown_reasons("welt.de", short, "bit.ly", None) == []
    # not a shortener: its label was judged by name, offline (assessment)
    assert evidence.shown_reasons("welt.de", "http://welt.ltd/a", "welt.ltd",
                                  "http://welt.ltd/a") == []
    # the landing in the form a request carries (xn--) is the same site as its label
    assert evidence.shown_reasons("wеlt.de", "https://t.co/a", "t.co",
                                  "http://xn--wlt-rdd.de/") == []


WRAPPERS = [  # (link, its host) as the platforms write them, each naming welt.ltd
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fwelt.ltd%2Fa&h=AT0xYz", "l.facebook.com"),
    ("https://lm.facebook.com/l.php?u=https%3A%2F%2Fwelt.ltd%2Fa", "lm.facebook.com"),
    ("https://www.google.com/url?q=https://welt.ltd/a&sa=D&source=editors&ust=1&usg=AOv",
     "www.google.com"),
    ("https://t.umblr.com/redirect?z=https%3A%2F%2Fwelt.ltd%2Fa&t=ZjQ2&b=t%3A1&p=x&m=1",
     "t.umblr.com"),
    ("https://out.reddit.com/t3_1abcde?url=https%3A%2F%2Fwelt.ltd%2Fa&token=AQAA&app_name=web",
     "out.reddit.com"),
]


@pytest.mark.parametrize(("wrapper", "host"), WRAPPERS)
def test_a_label_over_a_redirect_wrapper_is_no_shortener_s(wrapper: str, host: str) -> None:
    """A wrapper shows where it goes (``shorteners.leads``): its label was held against that
    destination offline, and following it (to welt.ltd) adds no second reason, least of
    all one calling Facebook or Google a shortener. l.facebook.com is on the shortener list
    (a bare ``l.facebook.com/`` link names nothing)."""
    assert evidence.shown_reasons("welt.de", wrapper, host, "https://welt.ltd/a") == []


def test_a_label_over_a_wrapper_naming_a_shortener_is_judged_at_the_landing() -> None:
    """``google.com/url?q=https://bit.ly/x`` shows only bit.ly: where it leads is known by
    following it, as for bit.ly's own link, and the shortener named is bit.ly."""
    wrapper = "https://www.google.com/url?q=https%3A%2F%2Fbit.ly%2Fx&sa=D"
    (reason,) = evidence.shown_reasons("welt.de", wrapper, "www.google.com", "http://welt.ltd/a")
    assert reason.detail == (
        "the link shows welt.de but goes through the shortener bit.ly to welt.ltd")
    bare = "https://l.facebook.com/"  # names no destination: Facebook's redirect, unknown
    (reason,) = evidence.shown_reasons("welt.de", bare, "l.facebook.com", "http://welt.ltd/a")
    assert "the shortener facebook.com to welt.ltd" in reason.detail
