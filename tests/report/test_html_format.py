"""The HTML report: self-contained, strict CSP, every input escaped, flagged links never links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.enrich.helpers import followed_where_no_name_resolves
from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly
from threadscope.report.html_format import CSP, HtmlFormatter


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


def test_input_text_is_escaped(audit_report: AuditReport) -> None:
    text = HtmlFormatter().audit(audit_report)
    names = {tag for tag, _ in _tags(text)}
    assert "script" not in names
    assert "img" not in names
    assert not any(key.startswith("on") for _, attrs in _tags(text) for key in attrs)
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "\x1b" not in text and "\\x1b[31mRED" in text


def test_self_contained_with_strict_csp(audit_report: AuditReport) -> None:
    text = HtmlFormatter().audit(audit_report)
    assert f'content="{CSP}"' in text
    assert "default-src 'none'" in CSP
    for tag, attrs in _tags(text):
        assert "src" not in attrs or tag == "svg", f"external resource in <{tag}>"
        href = attrs.get("href")
        assert href is None or href.startswith("#"), f"only in-page anchors, got {href}"
    assert "<link" not in text


def test_flagged_links_defanged_and_marked(audit_report: AuditReport) -> None:
    text = HtmlFormatter().audit(audit_report)
    assert "welt.ltd" not in text
    assert "hxxps://welt[.]ltd/" in text
    assert "<mark class='flag'>𝐰𝐞𝐥𝐭[.]𝐥𝐭𝐝</mark>" in text
    assert "https://t.co/" not in text


def test_summary_first_then_chart_threads_and_evidence(audit_report: AuditReport) -> None:
    text = HtmlFormatter().audit(audit_report)
    order = [
        text.index("1 look-alike link imitating welt.de"),
        text.index("<svg"),
        text.index("Thread 1 · @reporter_one"),
        text.index("2/5 missing"),
        text.index("Evidence per link"),
        text.index("How to read this report"),
    ]
    assert order == sorted(order)
    assert text.count("<svg") == 2  # verdicts per thread, registration timeline
    assert "2022-06-28" in text and "Example Registrar &lt;b&gt;" in text
    assert "WELT – Nachrichten" in text  # page claims
    assert re.search(r"301.*200", text, re.S)  # redirect chain


def test_other_payloads(
    reassembly: Reassembly, assessments: tuple[Assessment, ...], bot_report: BotReport
) -> None:
    formatter = HtmlFormatter()
    threads = formatter.threads(reassembly)
    assert "&lt;script&gt;" in threads and "<script" not in threads
    checked = "".join(formatter.assessments(iter(assessments)))
    assert checked.count("<!DOCTYPE html>") == 1 and "<svg" in checked
    bots = formatter.bots(bot_report)
    assert "@x&lt;script&gt;" in bots and "coordinated" in bots and "<svg" in bots


def test_a_link_written_defanged_stays_defanged_though_official() -> None:
    import threadscope

    link = threadscope.assess("hxxps://welt[.]de/politik")
    assert not link.verdict.flagged
    page = "".join(HtmlFormatter().assessments([link]))
    assert "welt.de" not in page and "hxxps://welt[.]de/politik" in page
    assert "[[.]]" not in page


def test_audit_header_counts_read_as_sentences() -> None:
    """'1 threads · 1 posts' read as a slip in a page meant for an editor."""
    from threadscope.pipeline import audit

    page = HtmlFormatter().audit(audit("Kopie: welt.ltd/a 1/1\n"))
    assert "1 thread · 1 post · 1 distinct link" in page
    assert "1 threads" not in page


def test_a_capped_score_says_so_under_its_reasons() -> None:
    from threadscope.assessment import assess

    bold = assess("hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik")
    total = sum(reason.points for reason in bold.reasons)
    page = "".join(HtmlFormatter().assessments([bold]))
    assert f"the reasons add up to {total}; a score is at most 100" in page


def test_tiles_count_unfollowed_short_links_apart_as_the_lead_does() -> None:
    """Offline, a t.co link is grey ``not followed`` in the table and the lead sentence: the
    'official' and 'benign' tiles must not count it."""
    from threadscope.pipeline import audit

    page = HtmlFormatter().audit(audit("Offiziell https://www.welt.de/a und "
                                       "https://t.co/cykVk0lJUJ 1/1\n"))
    assert "1 official; 1 short link not followed" in page
    assert "<b>1</b><span>official</span>" in page
    assert "<b>0</b><span>benign</span>" in page
    assert "<b>1</b><span>not followed / unresolved</span>" in page
    plain = HtmlFormatter().audit(audit("Offiziell https://www.welt.de/a 1/1\n"))
    assert "not followed / unresolved" not in plain


def _thread_chart(page: str) -> str:
    found = re.search(r"<h2>Verdicts per thread</h2><div class='wide'>(<svg.*?</svg>)", page, re.S)
    assert found is not None
    return found.group(1)


def test_the_thread_chart_shows_links_of_unknown_landing_grey_not_benign() -> None:
    from threadscope.models import Post, Reason, Thread, Verdict
    from threadscope.report.html_charts import COLORS, UNKNOWN_COLOR

    short = Assessment(input="https://bit.ly/x", url="https://bit.ly/x", domain="bit.ly",
                       registrable_domain="bit.ly", verdict=Verdict.BENIGN, score=0,
                       reasons=(Reason("shortener", 0, "bit.ly is a link shortener"),))
    failed = Assessment(input="https://a.example/", url="https://a.example/",
                        domain="a.example", registrable_domain="a.example",
                        verdict=Verdict.BENIGN, score=0, error="timeout", unresolved=True)
    plain = Assessment(input="https://b.example/", url="https://b.example/",
                       domain="b.example", registrable_domain="b.example",
                       verdict=Verdict.BENIGN, score=0)
    thread = Thread(id=1, author=None, total=1, declared_totals=(1,),
                    posts=(Post(text="x", line=1, index=1, total=1),), missing=(), duplicates=())
    report = AuditReport(source="d", threads=(thread,), links=(short, failed, plain),
                         post_links={(1, 0): (0, 1, 2)})
    chart = _thread_chart(HtmlFormatter().audit(report))
    assert "<title>2 not followed / unresolved</title>" in chart
    assert "<title>1 benign</title>" in chart
    assert f"fill='{UNKNOWN_COLOR}'" in chart and UNKNOWN_COLOR != COLORS[Verdict.BENIGN]
    assert "not followed / unresolved</text>" in chart  # in the legend


def test_a_chart_without_such_links_has_no_grey_series(audit_report: AuditReport) -> None:
    from threadscope.report.html_charts import UNKNOWN_COLOR

    page = HtmlFormatter().audit(audit_report)
    assert UNKNOWN_COLOR not in page


@pytest.fixture()
def every_page(reassembly: Reassembly, audit_report: AuditReport,
               assessments: tuple[Assessment, ...], bot_report: BotReport,
               brands: tuple[Brand, ...]) -> dict[str, str]:
    """Each kind of page the formatter writes, from the hostile hand-built reports."""
    formatter = HtmlFormatter()
    return {
        "thread": formatter.threads(reassembly),
        "audit": formatter.audit(audit_report),
        "check": "".join(formatter.assessments(assessments)),
        "bots": formatter.bots(bot_report),
        "brands": formatter.brands(brands),
    }


def test_every_page_is_inert_by_its_structure(every_page: dict[str, str]) -> None:
    """The parser's quick guard of what ``test_html_browser`` proves in Chromium: only the
    elements we write, no handler, nothing that fetches, links only within the page, and a
    CSP that forbids scripts and fetches."""
    from tests.support.inert import inert_problems

    for name, page in every_page.items():
        assert inert_problems(page) == [], name


def test_the_inert_check_catches_what_it_must() -> None:
    """The guard itself: each way out of the page is named."""
    from tests.support.inert import inert_problems

    page = HtmlFormatter().brands([])
    assert inert_problems(page) == []
    assert inert_problems(page.replace(f'content="{CSP}"', 'content="default-src *"'))
    for bad in ("<script>x()</script>", "<img src='http://a.test/x'>", "<a href='https://a.test'>",
                "<a href='javascript:alert(1)'>", "<p onclick='x()'>", "<p style='background:"
                "url(http://a.test/)'>", "<iframe></iframe>", "<meta http-equiv=refresh>"):
        assert inert_problems(page.replace("<main>", "<main>" + bad)), bad


def test_tables_and_charts_scroll_in_their_own_box(every_page: dict[str, str]) -> None:
    """On a phone a table or chart wider than the screen scrolls sideways inside ``.wide``,
    never the page (``test_html_browser`` measures it)."""
    for name, page in every_page.items():
        for block in ("<table", "<svg"):
            assert page.count(block) == page.count(f"<div class='wide'>{block}"), (name, block)
    assert ".wide{overflow-x:auto" in every_page["audit"]


def test_tiles_count_official_and_benign_apart() -> None:
    """All official: the page says so, in its lead and its tiles, not "benign / official"."""
    from threadscope.assessment import assess

    page = "".join(HtmlFormatter().assessments(iter([assess("welt.de"), assess("spiegel.de")])))
    assert "Nothing flagged; 2 official." in page
    assert "<b>2</b><span>official</span>" in page and "<b>0</b><span>benign</span>" in page
    assert "benign or official" not in page and "benign / official" not in page


def test_a_link_that_could_not_be_followed_leads_with_its_name_reason() -> None:
    """Followed for real where no name resolves: the name reason heads the cell, the failure
    on its own line; the brand's own site has an official badge and tile, and the lead says
    it could not be followed."""
    items = followed_where_no_name_resolves(["https://washingtonpost.pm/a",
                                             "https://www.washingtonpost.com/x"])
    page = "".join(HtmlFormatter().assessments(iter(items)))
    failure = ("<br><span class='note'>could not be followed (dns failure): judged by its "
               "name alone</span>")
    assert f"<td>same name as washingtonpost.com under .pm{failure}</td>" in page
    assert f"<td>official domain of The Washington Post{failure}</td>" in page
    assert "<span class='badge v-official'>official</span>" in page
    assert "<b>1</b><span>official</span>" in page
    assert "not followed / unresolved" not in page
    assert "1 official site could not be followed (judged by name alone)" in page


def test_a_check_page_counts_its_links_in_words() -> None:
    """``2 links or domains checked``, not ``2 link(s) and domain(s) checked``."""
    from threadscope.assessment import assess

    one = "".join(HtmlFormatter().assessments(iter([assess("welt.ltd")])))
    two = "".join(HtmlFormatter().assessments(iter([assess("welt.ltd"), assess("t.co/x")])))
    assert "<h1>1 link or domain checked</h1>" in one
    assert "<h1>2 links or domains checked</h1>" in two and "(s)" not in two


def test_a_check_page_says_no_place_for_links_it_was_handed() -> None:
    """``check`` and ``domains`` are handed their links: their page said each was "found in:
    text not in any thread" (in the table and on every card), a place no such page has. An
    audit keeps the column, and says so for a link only its text in no thread holds."""
    from threadscope.assessment import assess

    page = "".join(HtmlFormatter().assessments(iter([assess("welt.ltd"), assess("welt.de")])))
    assert "found in" not in page and "text not in any thread" not in page
    assert "<th>top reason</th></tr>" in page


def test_an_audit_page_still_says_where_each_link_was_found(audit_report: AuditReport) -> None:
    page = HtmlFormatter().audit(audit_report)
    assert "<th>found in</th>" in page and "<dt>found in</dt>" in page
