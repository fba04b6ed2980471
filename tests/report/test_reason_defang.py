"""Reasons name the hostile domain (``welt.de.ltd is welt.de's whole address …; what was
bought is de.ltd``, ``t.co leads to welt.ltd``): a journalist copies them into a report or a
chat, where a bare ``welt.ltd`` becomes a live link. The human formats (table, Markdown, HTML)
defang every name in the reasons of a link they show defanged, but the imitated outlet's own;
the machine formats (JSON, jsonl, CSV, STIX, MISP) keep the reasons as found."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from threadscope.assessment import assess
from threadscope.cli import cli
from threadscope.models import Assessment, Hop, Reason, Verdict
from threadscope.report import common

APPENDED = "https://welt.de.ltd/politik/a"
"""welt.de's whole address with .ltd appended: its reason names welt.de.ltd, welt.de, de.ltd."""


def _detail(link: Assessment, code: str) -> str:
    return next(reason.detail for reason in link.reasons if reason.code == code)


def test_the_hostile_names_of_a_reason_are_defanged_and_the_outlet_kept() -> None:
    link = assess(APPENDED)
    assert link.verdict is Verdict.LOOKALIKE and link.imitates == "welt.de"
    detail = next(r.detail for r in link.reasons if "de.ltd" in r.detail)
    shown = common.shown_reason(link, detail)
    assert shown.startswith("welt[.]de[.]ltd is welt.de's whole address")
    assert "what was bought is de[.]ltd" in shown
    assert common.shown_reason(link, shown) == shown  # written defanged: left so
    assert common.shown_top_reason(link) == shown


def test_a_landing_and_a_card_are_named_defanged_the_outlet_not() -> None:
    """A t.co link that landed on a clone: flagged, so shown defanged, and so its reasons."""
    link = Assessment(
        input="https://t.co/Ab12Cd34Ef", url="https://t.co/Ab12Cd34Ef", domain="t.co",
        registrable_domain="t.co", verdict=Verdict.LOOKALIKE, score=85, imitates="welt.de",
        reasons=(Reason("lands-elsewhere", 10, "t.co leads to welt.ltd"),
                 Reason("card-mismatch", 30,
                        "the link card says www.welt.de but the link lands on welt.ltd"),
                 Reason("claims-brand", 40, "the page on https://welt.ltd/a names "
                        "https://www.welt.de/ as its canonical address")),
        final_url="https://welt.ltd/a",
        chain=(Hop("https://t.co/Ab12Cd34Ef", 301), Hop("https://welt.ltd/a", 200)),
    )
    assert [common.shown_reason(link, r.detail) for r in link.reasons] == [
        "t[.]co leads to welt[.]ltd",
        "the link card says www.welt.de but the link lands on welt[.]ltd",
        "the page on hxxps://welt[.]ltd/a names https://www.welt.de/ as its canonical address",
    ]


@pytest.mark.parametrize("text", [
    "welt is part of 7 other known names, so a name built on it is often another site's",
    "the suffix .ltd has a record of abuse", "version 1.2.3, 3.5 points, e.g. this",
    "already welt[.]ltd and hxxps://welt[.]ltd/a",
])
def test_what_is_no_live_name_is_left_as_it_is(text: str) -> None:
    assert common.shown_reason(assess(APPENDED), text) == text


def test_an_address_a_reason_names_by_number_is_defanged_where_the_link_is() -> None:
    """An IP host is benign by itself (its reason is shown as found), and written defanged
    where it was found the report shows it so, its reason with it."""
    live = assess("http://203.0.113.9/welt")
    detail = _detail(live, "ip-host")
    assert common.shown_reason(live, detail) == detail
    written = assess("hxxp://203.0.113[.]9/welt")
    assert common.shown_defanged(written)
    assert "(203[.]0[.]113[.]9)" in common.shown_reason(written, _detail(written, "ip-host"))


def test_a_link_shown_live_keeps_its_reasons_as_found() -> None:
    """A benign or official link is shown as written: its reasons are too."""
    benign = assess("https://xn--wlt-bla.de/")
    assert not common.shown_defanged(benign)
    assert common.shown_reason(benign, "xn--wlt-bla.de displays as wlàt.de") == (
        "xn--wlt-bla.de displays as wlàt.de")


def _check(fmt: str, *targets: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--offline", "--explain", "--format", fmt,
                                      *targets], catch_exceptions=False)
    assert result.exit_code == 1
    return " ".join(result.stdout.split())  # a table wraps its reasons


@pytest.mark.parametrize(("fmt", "bought"), [
    ("table", "what was bought is de[.]ltd"),
    ("markdown", r"what was bought is de\[.\]ltd"),
    ("html", "what was bought is de[.]ltd"),
])
def test_the_human_formats_defang_the_names_in_reasons(fmt: str, bought: str) -> None:
    out = _check(fmt, APPENDED)
    assert bought in out
    assert "de.ltd" not in out.replace("welt.de.ltd/politik", "")  # nowhere but the input
    assert "welt.de's whole address" in out.replace("&#x27;", "'")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "stix", "misp"])
def test_the_machine_formats_keep_the_reasons_raw(fmt: str) -> None:
    out = _check(fmt, APPENDED)
    # STIX's name and ``Written as:``, MISP's ``Written as:`` show the link defanged; no reason
    assert "what was bought is de.ltd" in out and "de[.]ltd" not in out.replace(
        "welt[.]de[.]ltd", "")
    if fmt in ("json", "jsonl"):
        row = json.loads(out) if fmt == "jsonl" else json.loads(out)[0]
        assert any("what was bought is de.ltd" in r["detail"] for r in row["reasons"])


def test_audit_defangs_the_reason_under_a_post() -> None:
    """The thread view's line under a post: ``↳ #1 lookalike 100 … — welt[.]de[.]ltd is …``."""
    text = f"1/ Lest das: {APPENDED}\n2/ Und weiter geht es.\n"
    for fmt, bought in (("table", "de[.]ltd"), ("markdown", r"de\[.\]ltd"), ("html", "de[.]ltd")):
        result = CliRunner().invoke(cli, ["audit", "--offline", "--format", fmt, "-"],
                                    input=text, catch_exceptions=False)
        out = " ".join(result.stdout.split())
        assert "welt.de's whole address" in out.replace("&#x27;", "'"), fmt
        assert f"what was bought is {bought}" in out, fmt
        assert "bought is de.ltd" not in out, fmt
