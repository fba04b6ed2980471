"""A small registry of our own, so technique tests do not hang on the curated data file."""

from __future__ import annotations

import pytest

from threadscope.assessment import BrandRegistry
from threadscope.models import Brand

BRANDS = (
    Brand("Die Welt", ("welt.de",), "DE", "news"),
    Brand("Der Spiegel", ("spiegel.de",), "DE", "news"),
    Brand("Bild", ("bild.de",), "DE", "news"),
    Brand("The Washington Post", ("washingtonpost.com",), "US", "news"),
    Brand("Fox News", ("foxnews.com",), "US", "news"),
    Brand("Ukrainska Pravda", ("pravda.com.ua",), "UA", "news"),
    Brand("20 Minutes", ("20minutes.fr",), "FR", "news"),
    Brand("BBC", ("bbc.co.uk", "bbc.com"), "UK", "broadcaster"),
    Brand("ZDF", ("zdf.de",), "DE", "broadcaster"),
    Brand("T-Online", ("t-online.de",), "DE", "news"),
    Brand("Der Tagesspiegel", ("tagesspiegel.de",), "DE", "news"),
    Brand("X", ("x.com",), None, "platform"),
    Brand("Pinterest", ("pinterest.com",), None, "platform"),
    Brand("UK Government", ("gov.uk",), "UK", "government"),
    Brand("Gazeta", ("gazeta.pl",), "PL", "news"),
    Brand("Kurier", ("kurier.at",), "AT", "news"),
    Brand("Frankfurter Allgemeine", ("faz.net",), "DE", "news"),
    Brand("Delfi", ("delfi.lv",), "LV", "news"),
    Brand("microsoft.com", ("microsoft.com",), None, "popular", tier=2),
    Brand("google.com", ("google.com",), None, "popular", tier=2),
)


@pytest.fixture(scope="session")
def registry() -> BrandRegistry:
    return BrandRegistry.of(BRANDS)


