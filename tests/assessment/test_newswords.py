"""``newswords`` and the techniques that read them: a distinctive name beside a section,
edition or account word of its market's language."""

from __future__ import annotations

import pytest

from threadscope.assessment import BrandRegistry, assess
from threadscope.assessment.newswords import ACCOUNT, ENGLISH, TITLES, described, read_in, words
from threadscope.models import Brand, Verdict


def _registry() -> BrandRegistry:
    return BrandRegistry.of(
        [
            Brand("Golem", ("golem.de",), "DE", "news"),
            Brand("Les Echos", ("lesechos.fr",), "FR", "news"),
            Brand("Hromadske", ("hromadske.ua",), "UA", "news"),
            Brand("Ouest-France", ("ouest-france.fr",), "FR", "news"),
            Brand("Die Zeit", ("zeit.de",), "DE", "news"),
            Brand("Time", ("time.com",), "US", "news"),
            Brand("Time Out", ("timeout.com",), "UK", "news", tier=2),
            Brand("Times Live", ("timeslive.co.za",), "ZA", "news", tier=2),
            Brand("Time News", ("time-news.net",), "US", "news", tier=2),
            Brand("Echo", ("echo24.cz",), "CZ", "news", tier=2),
            Brand("Golem Bücher", ("golembuch.de",), "DE", "news", tier=2),
        ]
    )


def test_a_word_is_read_in_the_languages_of_the_brands_market_and_english() -> None:
    assert read_in("politik", "DE") == "German"
    assert read_in("politik", "AT") == "German"
    assert read_in("politik", "PL") is None  # a Polish outlet's clone says polityka
    assert read_in("polityka", "PL") == "Polish"
    assert read_in("politics", "PL") == ENGLISH
    assert read_in("politics", None) == ENGLISH
    assert read_in("verify", "IT") == ACCOUNT
    assert read_in("novyny", "UA") == "Ukrainian"
    assert read_in("golem", "DE") is None
    assert "politique" in words() and "journal" in TITLES
    assert described("novyny", "Ukrainian").startswith("'novyny', a Ukrainian news word")
    assert described("politics", ENGLISH).startswith("'politics', an English news word")


@pytest.mark.parametrize(
    ("domain", "word"),
    [
        ("golem-politik.de", "'politik', a German news word"),
        ("golempolitik.com", "'politik', a German news word"),
        ("lesechos-politique.fr", "'politique', a French news word"),
        ("hromadske-novyny.com", "'novyny', a Ukrainian news word"),
        ("golem-verify.com", "'verify', an account word"),
        ("golemsport.net", "'sport', a German news word"),
        ("sportgolem.de", "'sport', a German news word"),
    ],
)
def test_a_distinctive_name_with_its_markets_word_is_flagged_and_said(
    domain: str, word: str
) -> None:
    result = assess(domain, _registry())
    assert result.verdict in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE), result
    first = result.reasons[0]
    assert first.code == "combosquat"
    assert word in first.detail and "combines" in first.detail
    assert result.imitates in ("golem.de", "lesechos.fr", "hromadske.ua")
    assert result.score == max(0, min(100, sum(r.points for r in result.reasons)))


@pytest.mark.parametrize(
    "domain",
    ["golemmedia.de", "dailygolem.de", "24golem.de", "ouest-francelogin.fr", "infoouest-france.fr"],
)
def test_a_distinctive_name_glued_to_a_news_word_or_a_number_is_flagged(domain: str) -> None:
    """The few words glued to any name (golemnews) and, beside a distinctive name, all."""
    result = assess(domain, _registry())
    assert result.verdict in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE), result
    assert result.reasons[0].code == "combosquat"


@pytest.mark.parametrize(
    "domain",
    [
        "golem-polityka.de",  # a Polish word beside a German outlet: another name
        "golemjournal.com",  # a title: Golem Journal would be an outlet of its own
        "sportzeit.de",  # four letters glued to a word: a word of its own
        "zeitpolitik.de",
        "time-politics.com",  # time: other known names carry it with news words
        "timesport.com",
    ],
)
def test_ordinary_compounds_and_other_markets_words_are_not_flagged(domain: str) -> None:
    result = assess(domain, _registry())
    assert result.verdict not in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE), result


def test_a_four_letter_name_with_a_hyphen_still_reads_as_the_brand() -> None:
    """zeit-politik: the hyphen keeps zeit the brand's name, as it does for welt-news."""
    result = assess("zeit-politik.de", _registry())
    assert result.verdict in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE), result
