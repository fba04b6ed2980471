"""Markdown pasted into a ticket: tables stay tables, nothing in a post becomes markup or a link."""

from __future__ import annotations

import re

from tests.enrich.helpers import followed_where_no_name_resolves
from threadscope.models import Assessment, AuditReport, BotReport, Reassembly
from threadscope.report.markdown_format import MarkdownFormatter, md, md_block


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def _cells(row: str) -> int:
    """Cells of a GitHub table row: unescaped pipes outside code spans."""
    without_code = re.sub(r"`[^`]*`", "code", row)
    return len(re.findall(r"(?<!\\)\|", without_code)) - 1


def test_pipes_cannot_break_table_rows(audit_report: AuditReport) -> None:
    rows = _table_rows(MarkdownFormatter().audit(audit_report))
    assert rows
    assert {_cells(row) for row in rows} == {6}  # #, link, verdict, score, imitates, reason


def test_flagged_links_are_defanged_everywhere(audit_report: AuditReport) -> None:
    text = MarkdownFormatter().audit(audit_report)
    assert "welt.ltd" not in text
    assert "hxxps://welt[.]ltd/" in text
    assert "https://t.co" not in text
    # Benign links are left alone.
    assert "https://de.wikipedia.org/wiki/Logan_Act" in text


def test_post_text_cannot_become_markup(reassembly: Reassembly) -> None:
    text = MarkdownFormatter().threads(reassembly)
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\[bold\\]" in text
    assert "\\*em\\*" in text
    assert "\x1b" not in text
    assert "*— 2/5 missing —*" in text
    assert text.index("**1/5**") < text.index("2/5 missing") < text.index("**3/5**")


def test_escaping_helpers() -> None:
    assert md("# not a heading") == "\\# not a heading"
    assert md("1. not a list") == "1\\. not a list"
    assert md("see https://x.example") == "see https\\://x.example"
    assert md("a|b") == "a\\|b"
    assert md_block("one\ntwo\n\nthree") == "> one\\\n> two\n>\n> three"


def test_assessments_and_bots(assessments: tuple[Assessment, ...], bot_report: BotReport) -> None:
    chunks = list(MarkdownFormatter().assessments(iter(assessments)))
    assert chunks[0].startswith("| link | verdict |")
    assert len(chunks) == len(assessments) + 1
    bots = MarkdownFormatter().bots(bot_report)
    assert "**coordinated**" in bots and "@\u2060x\\<script\\>" in bots


def test_a_link_written_defanged_stays_defanged_though_official() -> None:
    import dataclasses

    import threadscope

    link = threadscope.assess("hxxps://welt[.]de/politik")
    assert not link.verdict.flagged
    text = "".join(MarkdownFormatter().assessments([link]))
    assert "welt.de" not in text and "hxxps://welt[.]de/politik" in text
    report = threadscope.audit("Quelle: hxxps://welt[.]de/politik 1/1\n")
    followed = dataclasses.replace(report.links[0], final_url="https://www.welt.de/politik/")
    report = dataclasses.replace(report, links=(followed,))
    assert [a.verdict.flagged for a in report.links] == [False]
    text = MarkdownFormatter().audit(report)
    assert "welt.de" not in text and "hxxps://welt[.]de/politik" in text
    assert "[[.]]" not in text


def test_dollar_signs_cannot_open_math() -> None:
    """GitHub and GitLab render ``$…$`` as math (``$\\Huge{FAKE}$``: text of any size and
    colour in a ticket); ``\\$`` is a dollar sign."""
    assert md("$\\Huge{FAKE}$ costs $5") == "\\$\\\\Huge{FAKE}\\$ costs \\$5"
    assert re.search(r"(?<!\\)\$", md_block("$$\\color{red}x$$\n$y$")) is None


def test_indented_lines_open_no_code_block() -> None:
    """Four leading spaces (or a tab) would open a code block, in which the escapes and the
    hard line breaks show as backslashes the post never had."""
    import cmarkgfm

    html = cmarkgfm.github_flavored_markdown_to_html(md_block("Gedicht:\n    Zeile *eins*\n\tzwei"))
    assert "<pre>" not in html and "\\" not in html
    assert "Zeile *eins*" in html and "\u00a0" * 4 + "zwei" in html


def test_audit_numbers_links_in_the_summary_table_and_under_posts() -> None:
    """A journalist cites 'link 2' from the terminal table, the HTML page or the Markdown
    '## Links' section; the Markdown summary table and the lines under each post carry the
    same numbers (from 1), without a ``#2`` GitHub would turn into an issue link."""
    from threadscope.pipeline import audit

    report = audit("Offiziell: https://www.welt.de/a 1/2\nKopie: welt.ltd/a 2/2\n")
    text = MarkdownFormatter().audit(report)
    rows = _table_rows(text)
    assert rows[0].startswith("| # | link |")
    assert rows[2].startswith("| 1 | `https://www.welt.de/a`")
    assert rows[3].startswith("| 2 | `hxxps://welt[.]ltd/a`")
    assert "- link 2: `hxxps://welt[.]ltd/a`, **lookalike**" in text
    assert "#2" not in text


def test_a_link_that_could_not_be_followed_leads_with_its_name_reason() -> None:
    """The name reason heads the cell, the failure under it (a cell is one line: ``<br>``);
    the brand's own site reads official."""
    items = followed_where_no_name_resolves(["https://washingtonpost.pm/a",
                                             "https://www.washingtonpost.com/x"])
    lines = _table_rows("".join(MarkdownFormatter().assessments(iter(items))))
    rows = [line.strip("| ").split(" | ") for line in lines]
    failure = "could not be followed (dns failure): judged by its name alone"
    assert rows[2][-1] == f"same name as washingtonpost.com under .pm<br>{failure}"
    assert rows[3][1] == "official"
    assert rows[3][-1] == f"official domain of The Washington Post<br>{failure}"


HANDLES_AND_ADDRESSES = "@anna, @Anna_B, desk@welt.ltd, a+b@c.de, x@_y.org, @@z, @\u2060w"


def _mentionable(html: str) -> list[str]:
    """What GitHub could turn into a mention or a mailto: link after rendering: an ``@`` in
    the text right before a name's character (a mention and an address's domain both start
    there)."""
    return re.findall(r"@[\w.+-]", re.sub(r"<[^>]*>", "", html))


def test_handles_and_addresses_render_plain_and_link_nothing() -> None:
    """Through GitHub's renderer (cmark-gfm, e-mail autolinks on) and plain CommonMark (cmark):
    no link, nothing a mention could be made of, no HTML comment a chat tool or CMS shows as
    written; with the invisible word joiner taken out, a reader sees the handles as written.
    A word joiner in the attacker's text stays a visible escape: it cannot pass for ours."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    text = md(HANDLES_AND_ADDRESSES)
    assert "<!--" not in text
    for render in (cmarkgfm.github_flavored_markdown_to_html, cmarkgfm.markdown_to_html):
        html = render(text, options=Options.CMARK_OPT_UNSAFE)
        assert "<a" not in html and _mentionable(html) == []
        shown = html.replace("\u2060", "")
        assert "@anna, @Anna_B, desk@welt.ltd, a+b@c.de, x@_y.org, @@z, @\\u2060w" in shown


def test_a_backslash_would_not_have_been_enough() -> None:
    """Why the word joiner: an escaped ``\\@`` renders as a plain ``@`` again, and cmark-gfm
    links the address all the same (the oracle the test above relies on sees it)."""
    import cmarkgfm

    html = cmarkgfm.github_flavored_markdown_to_html("desk\\@welt.ltd and \\@anna")
    assert "mailto:desk@welt.ltd" in html and _mentionable(html) != []


def test_each_links_details_say_why_it_is_official_and_whose_it_is() -> None:
    """The '## Links' section is the one a journalist quotes: an official link there said
    'official, score 0' and nothing else (no reason, no owner), where the table above, the
    terminal and HTML name the brand; a look-alike names the brand it imitates by name."""
    from threadscope.pipeline import audit

    report = audit("Offiziell: https://www.welt.de/a 1/2\nKopie: welt.ltd/a 2/2\n")
    details = MarkdownFormatter().audit(report).split("## Links", 1)[1]
    official, lookalike = details.split("### ")[1:3]
    assert "- **Brand:** Die Welt" in official
    assert "- official domain of Die Welt" in official
    assert "- **Brand:** Die Welt" in lookalike
    assert "official domain of" not in lookalike
