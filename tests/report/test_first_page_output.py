"""``first_page`` (the page a reader sees before its refresh sends them on) in every format,
wherever the format shows ``page``, with attacker text in it escaped as the rest is."""

from __future__ import annotations

import csv
import io
import json
import re

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from stix2validator import ValidationOptions, validate_string

from tests.report.conftest import HOSTILE
from threadscope.models import (
    Assessment,
    AuditReport,
    FirstPage,
    Hop,
    PageEvidence,
    Reason,
    Verdict,
)
from threadscope.report import Format, formatter

CLONE_URL = "http://nachrichten-heute.net/a?<b>=\u202e"
REAL_URL = "https://www.welt.de/politik/a.html"
SHORT_URL = "https://t.co/abc"
SEEN_FIRST = Assessment(
    input=SHORT_URL, url=SHORT_URL, domain="t.co",
    registrable_domain="t.co", verdict=Verdict.SUSPICIOUS, score=65,
    imitates="welt.de", brand="Die Welt",
    reasons=(
        Reason("claims-brand", 60, "page shown first (86400 s before its meta refresh) on "
                                   "nachrichten-heute.net names www.welt.de as its canonical "
                                   "address"),
        Reason("lands-elsewhere", 5, "t.co leads to welt.de"),
    ),
    final_url=REAL_URL,
    chain=(Hop(SHORT_URL, 301, "start"), Hop(CLONE_URL, 200, "http"),
           Hop(REAL_URL, 200, "meta-refresh")),
    page=PageEvidence(title="WELT", canonical="https://www.welt.de/", site_name="WELT"),
    first_page=FirstPage(
        title="=HYPERLINK(\"x\") " + HOSTILE, canonical="https://www.welt.de/politik/a.html",
        site_name="WELT | *x*", url=CLONE_URL, via="meta-refresh", delay=86400.0,
    ),
)
REPORT = AuditReport(source="dump.txt", threads=(), links=(SEEN_FIRST,))


def _render(fmt: Format) -> str:
    return formatter(fmt).audit(REPORT)


@pytest.mark.parametrize("fmt", [Format.JSON, Format.JSONL])
def test_json_carries_both_pages(fmt: Format) -> None:
    text = "".join(formatter(fmt).assessments(iter([SEEN_FIRST])))
    [data] = ([json.loads(line) for line in text.splitlines()] if fmt is Format.JSONL
              else json.loads(text))
    first, shown = data["first_page"], SEEN_FIRST.first_page
    assert shown is not None and first["url"] == CLONE_URL and first["title"] == shown.title
    assert (first["via"], first["delay"]) == ("meta-refresh", 86400.0)
    assert data["page"]["title"] == "WELT"
    assert "\u202e" not in text  # escaped, as every string


def test_csv_carries_the_first_page_and_disarms_formulas() -> None:
    text = "".join(formatter(Format.CSV).assessments(iter([SEEN_FIRST])))
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["page_title"] == "WELT"
    assert row["first_page_title"].startswith("'=HYPERLINK")
    assert row["first_page_url"].startswith("http://nachrichten-heute.net/a?<b>=")
    assert "\x1b" not in text


def test_markdown_shows_the_first_page_without_live_markup() -> None:
    text = _render(Format.MARKDOWN)
    assert "- **Shown first:** `" in text and "shown 86400 s before its meta refresh" in text
    assert "- **First page claims:** " in text and "- **Page claims:** title “WELT”" in text
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "<script>" not in html and "<img" not in html
    assert re.findall(r"<a\b[^>]*>", html) == []
    assert "\x1b" not in text


def test_html_shows_the_first_page_escaped() -> None:
    page = _render(Format.HTML)
    assert "<dt>shown first</dt>" in page and "<dt>first page claims</dt>" in page
    assert "shown 86400 s before its meta refresh" in page
    assert "<script>document" not in page and "<img src=x" not in page
    assert "&lt;script&gt;document" in page
    assert "\x1b" not in page


def test_the_table_says_which_page_said_what() -> None:
    table = "".join(formatter(Format.TABLE).assessments(iter([SEEN_FIRST])))
    assert "page shown first (86400 s before its meta refresh)" in " ".join(table.split())


def test_stix_relates_the_first_page_and_indicates_nothing_against_the_real_site() -> None:
    bundle = "".join(formatter(Format.STIX).assessments(iter([SEEN_FIRST])))
    assert validate_string(bundle, ValidationOptions(version="2.1")).is_valid
    objects = json.loads(bundle)["objects"]
    urls = [obj["value"] for obj in objects if obj["type"] == "url"]
    assert any(value.startswith("http://nachrichten-heute.net/a?") for value in urls)
    patterns = [obj["pattern"] for obj in objects if obj["type"] == "indicator"]
    assert patterns and not any("welt.de" in pattern for pattern in patterns)


def test_misp_lists_the_first_page_and_detects_nothing_on_the_real_site() -> None:
    event = json.loads("".join(formatter(Format.MISP).assessments(iter([SEEN_FIRST]))))
    attributes = event["Event"]["Attribute"]
    real = [a for a in attributes if "welt.de" in a["value"]]
    assert real and not any(a["to_ids"] for a in real)
    assert any(a["comment"].startswith("Shown first to readers of ") for a in attributes)
