"""The scoring model: fitted integer points, a readable sum of reasons."""

from __future__ import annotations

import itertools
import re

import pytest

from threadscope.assessment import (
    BrandRegistry,
    assess,
    default_registry,
    load_registry,
    model,
    techniques,
)
from threadscope.assessment.index import Target
from threadscope.assessment.markets import SuffixClass
from threadscope.models import Brand, Reason, Verdict


def test_every_feature_the_model_can_produce_has_points() -> None:
    table = model.points_table()
    variants = [
        "swap", "swap-appended", "typo-slip", "typo-edit", "homoglyph-unicode",
        "homoglyph-ascii", "homoglyph-display", "missing-dot", "hyphenated", "combo-own",
        "combo-word", "combo-credential", "combo-other",
    ]  # fmt: skip
    for variant in variants:
        assert f"technique:{variant}" in table
    families = {model.family(v) for v in variants}
    assert families == {"same", "display", "edit", "with"}
    for length, family in itertools.product(("2-3", "4", "5-6", "7-9", "10+"), families):
        assert f"length:{length}:{family}" in table
    for aimed, family in itertools.product(("curated", "outlet", "popular", "platform"), families):
        assert f"target:{aimed}:{family}" in table
    for kind in SuffixClass:
        if kind is SuffixClass.LEGACY:
            assert f"suffix:{kind.value}" not in table  # the reference level: 0 points
        elif kind is not SuffixClass.SAME:
            assert f"suffix:{kind.value}" in table
    assert all(isinstance(points, int) for points in table.values())


@pytest.mark.parametrize("domain", ["washingtonpost.pm", "welt.ltd", "spiegel.cfd", "bild.wf"])
def test_the_suffix_use_reason_is_a_sentence_a_journalist_can_quote(domain: str) -> None:
    """One outlet "uses" a suffix, several "use" it: the detail is cited as written."""
    details = [r.detail for r in assess(domain).reasons if r.code == "suffix-use"]
    assert details
    for detail in details:
        assert re.fullmatch(r"(no known outlets or popular sites use|only 1 known outlet or "
                            r"popular site uses|only \d+ known outlets or popular sites use) "
                            r"\.[\w.-]+", detail), detail
    if domain == "washingtonpost.pm":
        assert details == ["only 1 known outlet or popular site uses .pm"]


def test_weakening_features_never_add_points() -> None:
    table = model.points_table()
    assert all(p <= 0 for f, p in table.items() if f.startswith(("shared:", "spread:")))


def test_score_is_the_sum_of_the_reasons_each_naming_brand_and_technique() -> None:
    registry = BrandRegistry.of([Brand("Die Welt", ("welt.de",), "DE", "news")])
    for domain in ("welt.ltd", "weltt.lol", "welt-de.com", "we1t.de", "welt.pe"):
        result = assess(domain, registry)
        assert result.score == max(0, min(100, sum(r.points for r in result.reasons)))
        first = result.reasons[0]
        assert first.code in ("tld-swap", "typo", "combosquat", "homoglyph")
        assert "welt.de" in first.detail
        assert all(r.detail for r in result.reasons)


def test_doppelganger_suffix_patterns_from_the_issue() -> None:
    """The exact name under a suffix sold as generic or a new one, judged by how
    distinctive the name is: flagged (berliner-zeitung.in, bund.pe, lepoint.wf, foxnews.cx,
    faz.agency, geo.frl, in the issue's words)."""
    registry = BrandRegistry.of(
        [
            Brand("Berliner Zeitung", ("berliner-zeitung.de",), "DE", "news"),
            Brand("Le Point", ("lepoint.fr",), "FR", "news"),
            Brand("Fox News", ("foxnews.com",), "US", "news"),
            Brand("FAZ", ("faz.net",), "DE", "news"),
            Brand("Bundesregierung", ("bund.de",), "DE", "government"),
            Brand("Polityka", ("polityka.pl",), "PL", "news"),
        ]
    )
    for domain in ("berliner-zeitung.in", "lepoint.wf", "foxnews.cx", "faz.agency", "bund.pe"):
        result = assess(domain, registry)
        assert result.verdict.flagged, (domain, result.reasons)
        assert result.reasons[0].code == "tld-swap"
    # com.de is a name a company sells, not Germany's: flagged, as the issue asks
    assert assess("berliner-zeitung.com.de", registry).verdict.flagged
    # the brand's own market's second level is where outlets hold their names
    own = assess("polityka.com.pl", registry)
    assert "own-market" in [r.code for r in own.reasons]
    assert not own.verdict.flagged


@pytest.mark.parametrize(
    ("domain", "imitates", "variant_word"),
    [
        ("bmi.bund.pe", "bund.de", "same host name as bmi.bund.de"),  # listed by a subdomain
        ("walla.com.co", "walla.co.il", "same name"),
        # under a second-level public suffix, the look-alike keeps gouv or gov as its name
        ("diplomatie.gouv.fm", "diplomatie.gouv.fr", "same host name as diplomatie.gouv.fr"),
        ("www.diplomatie.gouv.fm", "diplomatie.gouv.fr", "same host name"),
        ("mfa.gov.pe", "mfa.gov.ua", "same host name as mfa.gov.ua under .pe"),
        ("gouv.fm", "gouvernement.fr", "same name as gouv.fr"),  # the namespace itself
    ],
)
def test_host_and_appended_swaps(domain: str, imitates: str, variant_word: str) -> None:
    result = assess(domain, HOSTS)
    assert result.verdict.flagged, result.reasons
    assert result.imitates == imitates
    assert variant_word in result.reasons[0].detail


HOSTS = BrandRegistry.of(
    [Brand("BMI", ("bmi.bund.de",), "DE", "government"),
     Brand("Walla", ("walla.co.il",), "IL", "news"),
     Brand("Gouvernement français", ("gouvernement.fr", "gouv.fr"), "FR", "government"),
     Brand("MAE", ("diplomatie.gouv.fr",), "FR", "government"),
     Brand("Intérieur", ("interieur.gouv.fr",), "FR", "government"),
     Brand("MFA of Ukraine", ("mfa.gov.ua",), "UA", "government")]
)  # fmt: skip


@pytest.mark.parametrize("domain", ["mfa.gov.kz", "mfa.gov.cn", "interieur.gouv.qc.ca"])
def test_another_governments_namespace_is_not_a_host_swap(domain: str) -> None:
    """Kazakhstan's and Quebec's own ministries: a country's government namespace, not the
    brand's address with a suffix appended, and no one buys a name there."""
    result = assess(domain, HOSTS)
    assert not result.verdict.flagged, result.reasons
    assert all("appended" not in r.detail for r in result.reasons)


def test_every_name_under_a_governments_namespace_is_official() -> None:
    assert assess("foo.gouv.fr", HOSTS).verdict is Verdict.OFFICIAL


def test_suffix_appended_to_the_brands_address_reads_as_the_brand() -> None:
    registry = BrandRegistry.of([Brand("Ekathimerini", ("ekathimerini.gr",), "GR", "news")])
    result = assess("ekathimerini.gr.com", registry)
    assert result.verdict.flagged
    assert "with a suffix appended" in result.reasons[0].detail


def test_ascii_lookalike_letters_and_the_brands_own_suffix_in_a_combination() -> None:
    registry = BrandRegistry.of([Brand("MFA of Ukraine", ("mfa.gov.ua",), "UA", "government")])
    result = assess("mfa-qov.info", registry)  # q for g: mfa-gov
    assert result.verdict.flagged, result.reasons
    assert result.imitates == "mfa.gov.ua"
    assert "spelling out the brand's own suffix" in result.reasons[0].detail


def test_a_name_many_known_names_share_weighs_less() -> None:
    brands = [Brand(n, (f"{n}.com",), None, "news", tier=2) for n in
              ("state", "thestate", "statenews", "ohiostate", "goupstate", "iastate")]
    brands.append(Brand("US State Department", ("state.gov",), "US", "government"))
    result = assess("state-online.top", BrandRegistry.of(brands))
    assert "common-name" in [r.code for r in result.reasons]


def test_curated_name_in_look_alike_letters_is_a_lookalike_under_any_suffix() -> None:
    registry = BrandRegistry.of(
        [
            Brand("Die Welt", ("welt.de",), "DE", "news"),
            Brand("BBC", ("bbc.co.uk", "bbc.com"), "UK", "broadcaster"),
        ]
    )
    assert model.floored(12, ("technique:homoglyph-ascii", model.DRAWN_FLOOR)) == 70
    assert model.floored(12, ("technique:combo-word", model.NEWS_WORD_FLOOR)) == 40
    assert model.floored(75, ("technique:homoglyph-ascii", model.DRAWN_FLOOR)) == 75
    assert model.floored(12, ("technique:typo-edit", "shared:many:edit")) == 12
    for domain in ("we1t.com", "we1t.de", "wеlt.org", "we1t.info", "bbс.info", "bbс.pe"):
        result = assess(domain, registry)
        assert result.verdict is Verdict.LOOKALIKE, domain
        assert result.score == max(0, min(100, sum(r.points for r in result.reasons)))
        topped = [r for r in result.reasons if r.code == model.DRAWN_BRAND]
        assert all(r.points > 0 and "look-alike letters" in r.detail for r in topped)


def test_outlet_name_with_a_news_word_is_at_least_suspicious_unless_others_dress_it() -> None:
    """welt-news, spiegel24, derspiegel: a clone campaign's dress. abc15 beside abc7 and
    abcnews: the next local station."""
    brands = [
        Brand("Die Welt", ("welt.de",), "DE", "news"),
        Brand("Der Spiegel", ("spiegel.de",), "DE", "news"),
        Brand("ABC News", ("abcnews.com", "abc.com"), "US", "broadcaster"),
        Brand("WeltBild", ("weltbild.de",), "DE", "news", tier=2),
        Brand("Immowelt", ("immowelt.de",), "DE", "news", tier=2),
        Brand("Weltreise", ("weltreise.de",), "DE", "news", tier=2),
        Brand("Welthandel", ("welthandel.de",), "DE", "news", tier=2),
        Brand("Weltkunst", ("weltkunst.de",), "DE", "news", tier=2),
        Brand("ABC 7", ("abc7.com",), "US", "news", tier=2),
    ]
    registry = BrandRegistry.of(brands)
    for domain in ("welt-news.com", "spiegel24.com", "derspiegel.com", "welt-online.info"):
        result = assess(domain, registry)
        assert result.verdict in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE), domain
        assert result.score == max(0, min(100, sum(r.points for r in result.reasons)))
    assert "abc" in registry.index.dressed and "welt" not in registry.index.dressed
    codes = {r.code for r in assess("abc15.com", registry).reasons}
    assert model.NEWS_WORD_BRAND not in codes
    codes = {r.code for r in assess("welt-gov.de", registry).reasons}
    assert model.NEWS_WORD_BRAND not in codes  # not a news word: an ordinary compound


def test_the_shipped_registry_knows_the_french_governments_namespace() -> None:
    """diplomatie.gouv.fm, the Doppelganger clone of the French foreign ministry (VIGINUM,
    June 2023), and gouv.fm alone."""
    registry = load_registry()
    assert assess("diplomatie.gouv.fm", registry).imitates == "diplomatie.gouv.fr"
    assert assess("gouv.fm", registry).verdict.flagged


def test_another_countrys_code_is_explained_by_the_brands_country_or_its_lack() -> None:
    registry = BrandRegistry.of(
        [
            Brand("Reuters", ("reuters.com",), None, "agency"),
            Brand("Gazeta", ("gazeta.pl",), "PL", "news"),
        ]
    )
    [without] = [r for r in assess("reuters.ma", registry).reasons if r.code == "other-market"]
    assert without.detail.startswith(".ma is a country's code, and Reuters has no country")
    [other] = [r for r in assess("gazeta.cz", registry).reasons if r.code == "other-market"]
    assert other.detail.startswith(".cz is another country's code than Gazeta's")


@pytest.mark.parametrize("domain", ["reuters.cm", "reuters.om", "reuters.co"])
def test_the_brands_own_suffix_with_a_letter_dropped_is_a_typosquat(domain: str) -> None:
    """reuters.cm, reuters.om: a slip in typing reuters.com, not another market's outlet."""
    registry = BrandRegistry.of([Brand("Reuters", ("reuters.com",), None, "agency")])
    result = assess(domain, registry)
    assert result.verdict is Verdict.LOOKALIKE
    [slip] = [r for r in result.reasons if r.code == model.SUFFIX_SLIP]
    suffix = domain.rsplit(".", 1)[1]
    assert slip.detail.startswith(f".{suffix} is Reuters's own suffix .com with a letter dropped")
    assert not [r for r in result.reasons if r.code == model.OTHER_MARKET]


def test_remembered_reasons_are_what_a_first_assessment_gives() -> None:
    """The reasons after the technique's are remembered per target, variant, shown name and
    suffix (``BrandIndex.said``): a name assessed after others that share its key gets the
    same reasons as one assessed first, its own technique sentence included."""
    registry = default_registry()
    names = [
        "welt-news.ltd", "welt-online.ltd", "weltnews.ltd", "welt24.ltd", "we1t.ltd",
        "spiegel.ltd", "spiegell.ltd", "spiegle.ltd", "spiegel-news.com", "derspiegel.com",
        "bild-de.com", "bilde.com", "wwwbild.de", "bbc-news.pe", "bbc-live.pe", "g00gle.com",
    ]  # fmt: skip
    in_a_row = [assess(name, registry) for name in names]
    for name, seen in zip(names, in_a_row, strict=True):
        registry.index.memo.clear()
        registry.index.said.clear()
        assert assess(name, registry) == seen, name
    shared = [r for r in in_a_row[0].reasons[1:] if r in in_a_row[1].reasons[1:]]
    assert shared and in_a_row[0].reasons[0].detail != in_a_row[1].reasons[0].detail


def test_a_number_beside_a_networks_name_whose_other_name_stations_carry_is_dressed() -> None:
    """abcnews4 (Charleston's ABC station) while abc7 and abc15 are known: ABC News's other
    name is carried so by its stations, and the next one is as likely one of them; the reason
    names the dressed name. welt-news, with no name of Die Welt dressed, is not."""
    brands = [
        Brand("ABC News", ("abcnews.com", "abc.com"), "US", "broadcaster"),
        Brand("Die Welt", ("welt.de",), "DE", "news"),
        Brand("ABC 7", ("abc7.com",), "US", "news", tier=2),
        Brand("ABC 15", ("abc15.com",), "US", "news", tier=2),
    ]
    registry = BrandRegistry.of(brands)
    assert "abc" in registry.index.dressed and "abcnews" not in registry.index.dressed
    result = assess("abcnews4.com", registry)
    dressed = [r for r in result.reasons if r.code == model.DRESSED_NAME]
    assert [r.points for r in dressed] == [model.points_table()[model.DRESSED_SIBLING]]
    assert "abc, ABC News's other name" in dressed[0].detail
    assert model.NEWS_WORD_BRAND not in {r.code for r in result.reasons}
    assert result.score == max(0, min(100, sum(r.points for r in result.reasons)))
    welt = assess("welt-news.com", registry)
    assert welt.verdict in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE)
    assert model.DRESSED_NAME not in {r.code for r in welt.reasons}


def test_the_model_remembers_a_target_by_value_not_by_its_id() -> None:
    """``model.points`` and ``model.reasons`` remember their answers per target
    (``model.memo_key``), by its value. Keyed by ``id``, a target made for one look-up and
    freed after it left its id to the next one made, which got the other brand's answers
    (miningweekly.com.net was given epicgames' reasons); and a copy of the index's own target
    was remembered apart from it."""
    brands = [
        Brand("Die Welt", ("welt.de",), "DE", "news"),
        Brand("bild.com", ("bild.com",), None, "popular", tier=2),
    ]
    index = BrandRegistry.of(brands).index
    [welt] = techniques.tld_swap(index, "welt", "ltd")
    [bild] = techniques.tld_swap(index, "bild", "ltd")

    def alone(match: techniques.Match) -> tuple[int, list[Reason]]:
        """Scored by an index of its own, which remembers nothing else."""
        return model.score(match, "ltd", BrandRegistry.of(brands).index)

    def made_anew(match: techniques.Match) -> tuple[int, list[Reason]]:
        """Scored with a target made for this call alone, freed when it returns."""
        return model.score(match._replace(target=Target(*match.target)), "ltd", index)

    welt_alone, bild_alone = alone(welt), alone(bild)
    assert welt_alone[0] != bild_alone[0]
    for _ in range(20):
        assert made_anew(welt) == welt_alone
        assert made_anew(bild) == bild_alone
    assert model.score(welt, "ltd", index) == welt_alone
    assert len(index.memo) == len(index.said) == 2  # the copies share their targets' answers


def test_two_brands_listing_one_domain_are_remembered_apart() -> None:
    """A ``--brands`` entry may list a curated brand's domain: the two targets share their
    key and domain, not their brand, and each gets its own brand's answers (a key of name
    and domain alone would hand the second the first's)."""
    brands = [
        Brand("Die Welt", ("welt.de",), "DE", "news"),
        Brand("Welt Leser", ("welt.de",), "AT", "news"),
    ]
    index = BrandRegistry.of(brands).index
    matches = list(techniques.tld_swap(index, "welt", "at"))
    assert len({m.target.brand for m in matches}) == 2
    answers = [model.score(match, "at", index) for match in matches]
    alone = [model.score(match, "at", BrandRegistry.of(brands).index) for match in matches]
    assert answers == alone
    assert answers[0] != answers[1]
