"""Suffixes seen from a brand: own market, another market, sold as generic, abused, new."""

from __future__ import annotations

import pytest

from threadscope.assessment.markets import (
    SuffixClass,
    market_of_suffix,
    spells_brand_suffix,
    suffix_class,
)


@pytest.mark.parametrize(
    ("suffix", "market"),
    [("de", "DE"), ("co.uk", "UK"), ("com.au", "AU"), ("in", None), ("com", None),
     ("eu.com", None), ("fm", None)],
)  # fmt: skip
def test_market_of_a_suffix(suffix: str, market: str | None) -> None:
    assert market_of_suffix(suffix) == market


@pytest.mark.parametrize(
    ("suffix", "brand_suffix", "market", "kind"),
    [
        ("de", "de", "DE", SuffixClass.SAME),
        ("ltd", "de", "DE", SuffixClass.ABUSED),
        ("us.com", "de", "DE", SuffixClass.PRIVATE),
        ("co.com", "de", "DE", SuffixClass.ABUSED),  # spiegel.co.com: abuse comes first
        ("in", "de", "DE", SuffixClass.GENERIC_CC),  # berliner-zeitung.in
        ("pe", "de", "DE", SuffixClass.GENERIC_CC),  # bund.pe
        ("wf", "fr", "FR", SuffixClass.GENERIC_CC),  # leparisien.wf
        ("at", "de", "DE", SuffixClass.OTHER_MARKET),
        ("ee", "lv", "LV", SuffixClass.OTHER_MARKET),  # delfi.ee beside delfi.lv
        ("com.pl", "pl", "PL", SuffixClass.OWN_MARKET),
        ("eu", "de", "DE", SuffixClass.OWN_MARKET),  # psychologie-heute.eu: the EU is home
        ("eu", "com", "US", SuffixClass.OTHER_MARKET),
        ("com", "de", "DE", SuffixClass.LEGACY),
        ("agency", "net", "DE", SuffixClass.NEW_GTLD),  # faz.agency
        ("frl", "de", None, SuffixClass.NEW_GTLD),  # geo.frl
        ("cm", "com", None, SuffixClass.SLIP),  # reuters.cm: .com with a letter dropped
        ("om", "com", "US", SuffixClass.SLIP),  # bloomberg.om
        ("co", "com", "US", SuffixClass.SLIP),  # bloomberg.co
        ("ne", "net", None, SuffixClass.SLIP),
        ("co", "com", "CO", SuffixClass.OWN_MARKET),  # a Colombian outlet's own market
        ("cm", "de", "DE", SuffixClass.OTHER_MARKET),  # a slip of .com, not of .de
        ("co", "co.uk", "UK", SuffixClass.GENERIC_CC),
        # a letter dropped from a suffix no study found slipped into: another sector's or
        # market's suffix of its own (harvard.eu, nato.it, go.de), not a slip
        ("eu", "edu", "US", SuffixClass.OTHER_MARKET),
        ("it", "int", None, SuffixClass.OTHER_MARKET),
        ("de", "dev", None, SuffixClass.OTHER_MARKET),
    ],
)
def test_suffix_classes(
    suffix: str, brand_suffix: str, market: str | None, kind: SuffixClass
) -> None:
    assert suffix_class(suffix, brand_suffix, market) is kind


@pytest.mark.parametrize(
    ("suffix", "brand_suffix", "market", "spelt"),
    [
        ("com.co", "com", "US", True),  # brand.com.co
        ("gr.com", "gr", "GR", True),  # brand.gr.com
        ("uk.net", "co.uk", "UK", True),  # brand.uk.net
        ("de.com", "de", "DE", True),
        ("com.au", "com", None, False),  # brand.com.au is how outlets name themselves there
        ("com.co", "co.il", "IL", False),  # walla.com.co: a swap, not the brand's address
        ("gov.kz", "gov.ua", "UA", False),  # mfa.gov.kz: Kazakhstan's ministry, not mfa.gov.ua's
        ("ltd", "de", "DE", False),
    ],
)
def test_a_suffix_appended_to_the_brands_own(
    suffix: str, brand_suffix: str, market: str | None, spelt: bool
) -> None:
    assert spells_brand_suffix(suffix, brand_suffix, market) is spelt
