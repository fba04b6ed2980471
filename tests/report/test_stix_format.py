"""The STIX bundle is valid per stix2 and says what an analyst needs: indicators with patterns."""

from __future__ import annotations

import json
from typing import Any

import stix2

from threadscope.models import Assessment, AuditReport, BotReport, Verdict
from threadscope.report.stix_format import StixFormatter


def _parse(text: str) -> Any:
    return stix2.parse(text, allow_custom=False)


def _of(bundle: Any, kind: str) -> list[Any]:
    return [obj for obj in bundle.objects if obj.type == kind]


def test_audit_bundle_parses_and_has_indicators(audit_report: AuditReport) -> None:
    bundle = _parse(StixFormatter().audit(audit_report))
    patterns = {indicator.pattern for indicator in _of(bundle, "indicator")}
    assert "[domain-name:value = 'welt.ltd']" in patterns
    # The t.co link is suspicious because of its card, not its domain: a url pattern.
    assert "[url:value = 'https://t.co/cykVk0lJUJ']" in patterns
    assert not any("'t.co'" in pattern for pattern in patterns)
    assert len(patterns) == 2
    domains = {obj.value for obj in _of(bundle, "domain-name")}
    assert {"welt.ltd", "t.co", "de.wikipedia.org", "example.org"} == domains
    relationships = _of(bundle, "relationship")
    based_on = [r for r in relationships if r.relationship_type == "based-on"]
    assert len(based_on) == 2
    ids = {obj.id for obj in bundle.objects}
    assert all(r.source_ref in ids and r.target_ref in ids for r in relationships)
    welt = next(i for i in _of(bundle, "indicator") if "welt.ltd" in i.pattern)
    assert "same name as welt.de under .ltd" in welt.description
    assert welt.pattern_type == "stix" and welt.valid_from
    assert _of(bundle, "report")[0].object_refs


def test_idn_pattern_includes_punycode() -> None:
    idn = Assessment(
        input="wеlt.de",
        url="https://wеlt.de/",
        domain="wеlt.de",  # Cyrillic е
        registrable_domain="wеlt.de",
        verdict=Verdict.LOOKALIKE,
        score=90,
        imitates="welt.de",
    )
    bundle = _parse("".join(StixFormatter().assessments(iter([idn]))))
    (indicator,) = _of(bundle, "indicator")
    assert "xn--" in indicator.pattern and "wеlt.de" in indicator.pattern


def test_assessments_and_bots(assessments: tuple[Assessment, ...], bot_report: BotReport) -> None:
    bundle = _parse("".join(StixFormatter().assessments(iter(assessments))))
    assert len(_of(bundle, "indicator")) == 2
    bots = _parse(StixFormatter().bots(bot_report))
    logins = {obj.account_login for obj in _of(bots, "user-account")}
    assert logins == {"MariaSchulz83651", "heinz_w19283", "x<script>"}
    (grouping,) = _of(bots, "grouping")
    assert grouping.context == "suspicious-activity" and len(grouping.object_refs) == 3
    assert json.loads(StixFormatter().bots(bot_report))["type"] == "bundle"


def test_empty_is_an_empty_bundle() -> None:
    empty = AuditReport(source="e", threads=(), links=())
    assert json.loads(StixFormatter().audit(empty))["type"] == "bundle"


def test_an_account_taken_down_is_disabled(bot_report: BotReport) -> None:
    """What became of an account, as JSON's ``status`` says it: STIX's ``is_disabled``."""
    import dataclasses

    from stix2validator import ValidationOptions, validate_string

    accounts = (dataclasses.replace(bot_report.accounts[0], status="takendown"),
                *bot_report.accounts[1:])
    text = StixFormatter().bots(dataclasses.replace(bot_report, accounts=accounts))
    bots = _parse(text)
    disabled = {obj.account_login: obj.get("is_disabled") for obj in _of(bots, "user-account")}
    assert disabled == {"MariaSchulz83651": True, "heinz_w19283": None, "x<script>": None}
    assert validate_string(text, ValidationOptions(version="2.1")).is_valid
    plain = {obj.id for obj in _of(_parse(StixFormatter().bots(bot_report)), "user-account")}
    assert {obj.id for obj in _of(bots, "user-account")} == plain  # the same accounts' ids


def test_an_indicator_lists_reasons_strongest_first_and_says_why_they_pass_the_score() -> None:
    """An analyst adding up the points of a capped link's reasons must find the score or be
    told why not, as the table, Markdown and HTML tell it; and the reasons come in the order
    every other report gives them (a negative one listed before +20 read as the last word)."""
    from threadscope.pipeline import audit

    report = audit("Die Kopie: 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 1/1\n")
    bundle = _parse(StixFormatter().audit(report))
    [indicator] = _of(bundle, "indicator")
    lines = indicator.description.splitlines()
    points = [int(line.split()[0]) for line in lines if line[:1] in "+-"]
    assert points == sorted(points, reverse=True) and sum(points) > 100
    assert f"= the reasons add up to {sum(points)}; a score is at most 100" in lines
