"""``shapes.assessment_data`` is written out by hand for bulk speed; it must stay exactly
``to_data(assessment)``: the same keys, in the same order, with the same values."""

from __future__ import annotations

import dataclasses
import json

import pytest

from threadscope.assessment import BrandRegistry, assess
from threadscope.models import (
    Assessment,
    FirstPage,
    Hop,
    PageEvidence,
    Reason,
    Registration,
    Verdict,
)
from threadscope.report.shapes import assessment_data, to_data

TARGETS = (
    "welt.ltd",
    "welt.de",
    "www.welt.de",
    "spiegeli.life",
    "bildd.lol",
    "welt-de.com",
    "welt.de.news-today.com",
    "https://welt.de@evil.example/",
    "wеlt.de",
    "xn--wlt-rdd.de",
    "hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik",
    "https://t.co/cykVk0lJUJWelt.de",
    "example.org",
    "192.0.2.1",
    "[::1]",
    "welt.de:8080",
    "xn--zz.com",
    "",
    "a" * 300 + ".com",
)


def _same(assessment: Assessment) -> None:
    # the fields, then the one the assessment derives from them (``not_followed``)
    expected = {**to_data(assessment), "not_followed": assessment.not_followed}
    got = assessment_data(assessment)
    assert got == expected
    assert list(got) == list(expected)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize("target", TARGETS)
def test_offline_assessments_serialise_as_to_data(target: str, registry: BrandRegistry) -> None:
    _same(assess(target, registry))


ENRICHED = {
    "chain": (
        Hop("https://welt.ltd/", 301),
        Hop("https://welt.ltd/x", None, via="meta", error="timeout"),
    ),
    "registration": Registration("2024-05-01", "Registrar Ltd", expires="2025-05-01"),
    "page": PageEvidence(
        title="Die Welt", canonical="https://welt.de/", brand_assets=("logo.svg",), truncated=True
    ),
    "first_page": FirstPage(
        title="WELT \u202e", canonical="https://www.welt.de/", site_name="WELT",
        url="http://nachrichten-heute.net/a", via="meta-refresh", delay=86400.0,
    ),
    "error": "deadline",
    "card_domain": "welt.de",
    "final_url": "https://welt.ltd/x",
}


@pytest.mark.parametrize("field", sorted(ENRICHED))
def test_enriched_assessments_serialise_as_to_data(field: str, registry: BrandRegistry) -> None:
    base = assess("welt.ltd", registry)
    _same(dataclasses.replace(base, **{field: ENRICHED[field]}))


def test_everything_enriched_at_once(registry: BrandRegistry) -> None:
    reasons = (*assess("welt.ltd", registry).reasons, Reason("young-domain", 20, "new ✓ \x00"))
    _same(dataclasses.replace(assess("welt.ltd", registry), reasons=reasons, **ENRICHED))


def test_every_field_and_verdict_is_covered() -> None:
    for verdict in Verdict:
        data = assessment_data(Assessment("x", None, None, None, verdict, 0))
        assert data["verdict"] == verdict.value
        assert list(data) == [*(f.name for f in dataclasses.fields(Assessment)), "not_followed"]
    reason = assessment_data(
        Assessment("x", None, None, None, Verdict.BENIGN, 0, reasons=(Reason("c", 1, "d"),))
    )["reasons"][0]
    assert list(reason) == [f.name for f in dataclasses.fields(Reason)]
