"""``newswords`` and the techniques that read them: a distinctive name beside a section,
edition or account word of its market's language."""

from __future__ import annotations

import pytest

from threadscope.assessment import BrandRegistry, assess, model
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
        ("golem-verify.com", "'verify', a credential word"),
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


# --------------------------------------------------------------------------- credential words


def _platforms() -> BrandRegistry:
    return BrandRegistry.of(
        [
            Brand("GitHub", ("github.com",), None, "platform"),
            Brand("PayPal", ("paypal.com",), None, "platform"),
            Brand("WhatsApp", ("whatsapp.com",), None, "platform"),
            Brand("Die Welt", ("welt.de",), "DE", "news"),
            Brand("Ministère des Armées", ("defense.gouv.fr",), "FR", "government"),
            Brand("adobe.com", ("adobe.com",), None, "popular", tier=2),
        ]
    )


@pytest.mark.parametrize(
    ("domain", "word", "imitates"),
    [
        ("github-login.com", "login", "github.com"),
        ("github-signin.net", "signin", "github.com"),
        ("paypal-verify.com", "verify", "paypal.com"),
        ("secure-paypal.com", "secure", "paypal.com"),
        ("whatsapp-update.com", "update", "whatsapp.com"),  # a fake app update
        ("welt-account.de", "account", "welt.de"),
    ],
)
def test_a_brands_name_with_a_credential_word_is_at_least_suspicious_and_says_so(
    domain: str, word: str, imitates: str
) -> None:
    """github-login.com scored 0, and its reason called login "a number, article or news
    word". In the news list and the top-10k, no legitimate name writes such a word beside a
    listed brand's name with a hyphen."""
    result = assess(domain, _platforms())
    assert result.verdict in (Verdict.SUSPICIOUS, Verdict.LOOKALIKE), result
    assert result.imitates == imitates
    first = result.reasons[0]
    assert first.code == "combosquat"
    assert f"with '{word}', a credential word of phishing pages" in first.detail
    assert "news word" not in first.detail
    assert result.score == max(0, min(100, sum(r.points for r in result.reasons)))


def test_update_is_a_news_word_beside_an_outlet_or_a_ministry() -> None:
    """defense-update.com is a defence magazine: an update beside a name that is no
    software's is news, not a fake app update."""
    for domain in ("welt-update.com", "defense-update.com"):
        result = assess(domain, _platforms())
        assert "'update' (a news word)" in result.reasons[0].detail, result
        assert model.CREDENTIAL_BRAND not in {r.code for r in result.reasons}


def test_a_credential_word_glued_to_a_platforms_name_still_counts_for_nothing() -> None:
    """The top-10k's names that glue one are the brands' own (adobelogin, windowsupdate,
    b2clogin, microsoftonline)."""
    for domain in ("githublogin.com", "paypalverify.com", "whatsappupdate.com"):
        assert assess(domain, _platforms()).verdict is Verdict.BENIGN, domain


def test_a_popular_sites_name_with_a_credential_word_is_said_but_not_raised() -> None:
    """The floor is for the brands the registry curates (platforms among them); the fitted
    points judge the popular tier's names."""
    result = assess("adobe-login.com", _platforms())
    assert "'login', a credential word" in result.reasons[0].detail
    assert model.CREDENTIAL_BRAND not in {r.code for r in result.reasons}
    restricted = assess("github-login.gov.uk", _platforms())
    assert model.CREDENTIAL_BRAND not in {r.code for r in restricted.reasons}


@pytest.mark.parametrize(
    ("domain", "said"),
    [
        ("welt-news.com", "with 'news' (a news word)"),
        ("welt24.com", "with '24' (a number)"),
        ("derwelt.com", "with 'der' (an article)"),
        ("welt-official.com", "with 'official' (a word that makes it look official)"),
    ],
)
def test_a_word_beside_an_outlets_name_is_said_for_what_it_is(domain: str, said: str) -> None:
    """Not "a number, article or news word": the reader is told which."""
    detail = assess(domain, _platforms()).reasons[0].detail
    assert said in detail, detail
    assert "a number, article or news word" not in detail
