"""Text in no thread in an audit report: a pasted article is shortened to its first lines and
the lines with links, the rest counted (``common.excerpt``), alike in the table, Markdown and
HTML; ``--explain`` shows it whole, JSON keeps it whole under ``unthreaded``."""

from __future__ import annotations

import json
import re
from html import unescape

import cmarkgfm
from click.testing import CliRunner
from cmarkgfm.cmark import Options

from tests.support.inert import inert_problems, read
from threadscope.cli import cli
from threadscope.links.extract import extract_links
from threadscope.models import Reassembly
from threadscope.pipeline import audit
from threadscope.report import common
from threadscope.report.html_format import HtmlFormatter
from threadscope.report.markdown_format import MarkdownFormatter
from threadscope.report.table_format import TableFormatter

ARTICLE = "\n".join([
    "Geheimgespräche mit dem Kreml",
    "",
    "Erster Absatz des Artikels, ohne Link.",
    *(f"Absatz {number}, auch ohne Link." for number in range(3, 12)),
    "Quelle laut Post: https://welt.ltd/politik/a",
    *(f"Absatz {number}, wieder ohne." for number in range(12, 20)),
    "Schluss mit https://www.tagesschau.de/faktenfinder",
])
"""22 lines: a headline, a blank line, 20 paragraphs, two of them with links."""
THREAD = "\n\n1/2 Ein Thread mit https://welt.ltd/x\n2/2 und mehr\n"
"""A thread after the article: the article is text in no thread."""


def test_an_excerpt_is_the_first_lines_and_the_lines_with_links() -> None:
    excerpt = common.excerpt(ARTICLE)
    assert [text for _, text in excerpt.runs] == [
        "Geheimgespräche mit dem Kreml\n\nErster Absatz des Artikels, ohne Link.",
        "Quelle laut Post: https://welt.ltd/politik/a",
        "Schluss mit https://www.tagesschau.de/faktenfinder",
    ]
    assert [before for before, _ in excerpt.runs] == [0, 9, 8]
    assert (excerpt.lines, excerpt.link_lines, excerpt.left_out_after) == (22, 2, 0)
    assert excerpt.left_out == 17
    assert common.excerpt(ARTICLE, whole=True).runs == ((0, ARTICLE),)


def test_a_short_piece_is_whole_and_a_link_at_a_line_edge_keeps_its_line() -> None:
    """Leaving out one line would say as much as the line. A link that starts a line, or ends
    the text, keeps its own line and no other."""
    three = "eins\nzwei\ndrei"
    assert common.excerpt(three).runs == ((0, three),) and common.excerpt(three).left_out == 0
    assert common.excerpt("").runs == ((0, ""),)
    edges = "Titel\nText\n" + "x\n" * 5 + "https://welt.ltd/a\n" + "y\n" * 3 + "welt.ltd/b"
    excerpt = common.excerpt(edges)
    assert excerpt.runs == ((0, "Titel\nText"), (5, "https://welt.ltd/a"), (3, "welt.ltd/b"))
    assert len(extract_links(edges)) == 2 and excerpt.link_lines == 2


def test_a_piece_without_links_shows_its_first_lines_and_counts_the_rest() -> None:
    article = "\n".join(f"Absatz {number} ohne Link." for number in range(27))
    excerpt = common.excerpt(article)
    assert excerpt.runs == ((0, "Absatz 0 ohne Link.\nAbsatz 1 ohne Link."),)
    assert (excerpt.left_out_after, excerpt.link_lines) == (25, 0)
    assert common.unthreaded_heading([excerpt]) == (
        "1 piece of text, 27 lines, no links in it; shown: the first lines, 25 lines left out "
        "(--explain shows all; --format json keeps all under 'unthreaded')")


def _audit_of_article() -> tuple[str, str, str, str]:
    report = audit(ARTICLE + THREAD)
    assert len(report.unthreaded) == 1 and "Absatz 5" in report.unthreaded[0]
    table = TableFormatter(width=200).audit(report)
    markdown = MarkdownFormatter().audit(report)
    page = read(HtmlFormatter().audit(report)).text
    whole = "".join([TableFormatter(width=200, explain=True).audit(report),
                     MarkdownFormatter(explain=True).audit(report),
                     read(HtmlFormatter(explain=True).audit(report)).text])
    return table, markdown, page, whole


def test_the_table_markdown_and_html_show_the_same_excerpt() -> None:
    table, markdown, page, whole = _audit_of_article()
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown)
    shown_md = unescape(re.sub(r"<[^>]*>", "", rendered))
    heading = ("1 piece of text, 22 lines, 2 with links; shown: the first lines and those with "
               "links, 17 lines left out (--explain shows all; --format json keeps all under "
               "'unthreaded')")
    for name, text in (("table", table), ("markdown", shown_md), ("html", page)):
        said = " ".join(text.split())
        assert "Not in any thread" in said and heading in said, name
        assert "Erster Absatz des Artikels" in said and "Absatz 5," not in said, name
        assert "hxxps://welt[.]ltd/politik/a" in said and "https://welt.ltd" not in said, name
        assert "Schluss mit https://www.tagesschau.de/faktenfinder" in said, name
        assert "… 9 lines left out …" in said and "… 8 lines left out …" in said, name
        assert said.index("… 9 lines") < said.index("Quelle laut") < said.index("… 8 lines")
    for number in range(3, 20):
        assert f"Absatz {number}," in whole
    assert "left out" not in whole


def test_the_json_keeps_the_text_whole() -> None:
    result = CliRunner().invoke(cli, ["audit", "-", "--offline", "--format", "json"],
                                input=ARTICLE + THREAD)
    assert json.loads(result.stdout)["unthreaded"] == [ARTICLE]


ATTACK = "<script>alert(1)</script> [klick](https://evil.example/) @anna desk@welt.ltd"


def test_attacker_text_in_an_excerpt_stays_inert() -> None:
    """The lines an excerpt keeps are escaped as any post: in Markdown no link or mention in
    GitHub's renderer, in HTML text only, flagged links defanged in both."""
    article = "\n".join([f"Titel {ATTACK}", "zwei", *["lang"] * 10,
                         f"hier https://welt.ltd/a {ATTACK}", *["mehr"] * 5])
    report = audit(article + "\n\n1/1 Siehe https://welt.ltd/a\n")
    markdown = MarkdownFormatter().audit(report)
    section = markdown[markdown.index("## Not in any thread"):markdown.index("## Links")]
    for render in (cmarkgfm.github_flavored_markdown_to_html, cmarkgfm.markdown_to_html):
        html = render(section, options=Options.CMARK_OPT_UNSAFE)
        assert "<a" not in html and "<script" not in html
        assert re.findall(r"@[\w.+-]", re.sub(r"<[^>]*>", "", html)) == []
        assert "5 lines left out" in html and "hxxps://welt[.]ltd/a" in html
    page = HtmlFormatter().audit(report)
    assert inert_problems(page) == []
    text = read(page).text
    assert text.count("<script>alert(1)</script>") == 2 and "hxxps://welt[.]ltd/a" in text
    table = TableFormatter(width=100).audit(
        audit("Titel \x1b[31mrot\nzwei\n" + "x\n" * 5 + "\n1/1 https://welt.ltd/a\n"))
    assert "\x1b" not in table and "Titel \\x1b[31mrot" in table


def test_a_paste_with_no_thread_says_so_under_threads_and_where_its_links_are() -> None:
    """An article pasted with its links: the Markdown and HTML "Threads" heading says that
    none was found (empty, it read as a part that failed), and every format names the place
    of a link only that text holds alike (the table said ``outside the threads``, Markdown
    ``text outside the threads``, HTML nothing)."""
    report = audit(ARTICLE)
    assert not report.threads and report.links
    markdown = MarkdownFormatter().audit(report)
    page = " ".join(read(HtmlFormatter().audit(report)).text.split())
    table = " ".join(TableFormatter(width=200).audit(report).split())
    note = "No thread found in the paste: its text is under “Not in any thread”."
    assert "## Threads\n\n" + note + "\n" in markdown and "Threads " + note in page
    assert markdown.count("**Found in:** text not in any thread") == 2
    assert page.count("text not in any thread") == 4  # the table of links and each card
    assert table.count("text not in any thread") == 2
    threaded = audit(ARTICLE + THREAD)
    assert "No thread found" not in MarkdownFormatter().audit(threaded)
    assert "No thread found" not in HtmlFormatter().audit(threaded)
    assert "No thread found in the paste.\n" in MarkdownFormatter().audit(audit(""))


def test_md_is_markdown() -> None:
    """``--format md``, the files' extension, was refused with a usage error."""
    outputs = [CliRunner().invoke(cli, ["audit", "-", "--offline", "--format", name],
                                  input=ARTICLE + THREAD) for name in ("md", "markdown")]
    assert [result.exit_code for result in outputs] == [1, 1]
    texts = [re.sub(r"Generated [^ ]+ [^ ]+ UTC", "", result.stdout) for result in outputs]
    assert texts[0] == texts[1] and texts[0].startswith("# Link audit")


def test_the_thread_page_folds_its_text_in_no_thread_whole(reassembly: Reassembly) -> None:
    """``thread`` shows the text around its threads whole (it is what was reassembled),
    under the heading the audit uses."""
    page = HtmlFormatter().threads(reassembly)
    assert ("<h2>Not in any thread</h2><details><summary>1 passage of text in no thread"
            "</summary>") in page
    assert "left out" not in page and "left out" not in MarkdownFormatter().threads(reassembly)


def test_markdown_lists_the_links_of_text_outside_the_posts_as_under_a_post() -> None:
    """A post's links each get a ``- link N:`` line; the links of text in no thread and of a
    thread's text after its last post got none, while the table and HTML name their verdicts
    under "Links" only: now each piece lists its own, whole and defanged, wrappers'
    destinations after them."""
    wrapper = "https://www.google.com/url?q=https%3A%2F%2Fbild.today%2Fq"
    long_link = "https://spiegel.cfd/politik/a-very-long-article-path-that-goes-on-12345"
    text = (ARTICLE + f"\n{wrapper}" + THREAD + f"\n\nNachtrag unter dem Thread: {long_link}\n")
    report = audit(text)
    out = MarkdownFormatter().audit(report)
    listed = re.findall(r"^- link (\d+): `([^`]*)`, ([^(]*) \(", out, re.MULTILINE)
    number = {link.url: index + 1 for index, link in enumerate(report.links)}
    assert listed == [
        (str(number["https://welt.ltd/x"]), "hxxps://welt[.]ltd/x", "**lookalike**"),
        (str(number[long_link]), common.defang(long_link), "**lookalike**"),
        (str(number["https://welt.ltd/politik/a"]), "hxxps://welt[.]ltd/politik/a",
         "**lookalike**"),
        (str(number["https://www.tagesschau.de/faktenfinder"]),
         "https://www.tagesschau.de/faktenfinder", "official"),
        (str(number[wrapper]), common.defang(wrapper), "official"),
        (str(number["https://bild.today/q"]), "hxxps://bild[.]today/q", "**lookalike**"),
    ]
    after = out.index("*After the last post:*")
    assert after < out.index(f"- link {number[long_link]}:") < out.index("## Not in any thread")


def test_the_table_shows_the_links_of_text_outside_the_posts_whole_under_it() -> None:
    """Piped at 100 columns, the table of links cuts a long link (``hxxps://spiegel[.]cfd/po…``);
    a post's ``↳`` rows show its links whole, and now the text after a thread's last post
    and text in no thread have such rows too."""
    long_link = "https://spiegel.cfd/politik/a-very-long-article-path-that-goes-on-12345"
    other = "https://bild.today/a-long-path-to-an-article-about-something-987654"
    text = (ARTICLE.replace("https://welt.ltd/politik/a", other) + THREAD
            + f"\n\nNachtrag unter dem Thread: {long_link}\n")
    report = audit(text)
    out = TableFormatter(width=100).audit(report)
    number = {link.url: index + 1 for index, link in enumerate(report.links)}
    for url in (long_link, other):
        assert f"{common.defang(url)[:24]}…" in out  # the table of links cuts it
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if f"↳ #{number[url]} " in line)
        assert "lookalike" in lines[at]
        assert common.defang(url) in lines[at] + lines[at + 1]  # on its row, or beneath
    assert out.index("after") < out.index(f"↳ #{number[long_link]} ") < out.index(
        common.UNTHREADED) < out.index(f"↳ #{number[other]} ")
