"""Building name-only assessments for enrichment tests without the links stage."""

from __future__ import annotations

from urllib.parse import urlsplit

from threadscope.models import Assessment, Verdict
from threadscope.names import registrable_domain


def name_only(url: str, card_domain: str | None = None) -> Assessment:
    host = (urlsplit(url).hostname or "").lower()
    return Assessment(
        input=url, url=url, domain=host, registrable_domain=registrable_domain(host),
        verdict=Verdict.BENIGN, score=0, card_domain=card_domain,
    )


def invalid(text: str) -> Assessment:
    return Assessment(input=text, url=None, domain=None, registrable_domain=None,
                      verdict=Verdict.INVALID, score=0, error="no host")
