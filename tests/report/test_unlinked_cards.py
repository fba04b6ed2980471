"""Link cards whose link the copy lost (``AuditReport.unlinked_cards``) in Markdown, HTML and
CSV, as the table and JSON show them: listed apart, where each stands, the card's line inert."""

from __future__ import annotations

import csv
import io
import re

import cmarkgfm
from cmarkgfm.cmark import Options

from tests.report.test_html_format import _tags
from threadscope.models import AuditReport, Card
from threadscope.pipeline import audit
from threadscope.report.csv_format import CsvFormatter
from threadscope.report.html_format import HtmlFormatter
from threadscope.report.markdown_format import MarkdownFormatter

HOSTILE_CARD = Card("welt.de", "From welt.de <script>alert(1)</script> [x](https://e.example)"
                    "\x1b[31m", thread=1, post=8, line=23)
IN_TRAILING_TEXT = "Lest selbst 1/2\nKanzler tritt zurück\nFrom welt.ltd\n"
"""The card stands in the text after the thread's last post: in no post."""
IN_A_POST = "Lest selbst 1/2\nFrom welt.ltd\nKanzler tritt zurück 2/2\n"
"""The card stands in post 2, on line 2."""


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_markdown_lists_the_cards_defanged() -> None:
    text = MarkdownFormatter().audit(audit(IN_TRAILING_TEXT, source="x.txt"))
    section = text.split("## Link cards without a link\n", 1)[1].split("\n## ", 1)[0]
    assert "1 card: the address is not in the paste" in section
    assert "- thread 1: From welt\\[.\\]ltd" in section
    assert text.index("## Link cards without a link") < text.index("## Links")
    assert "From welt.ltd" not in text


def test_markdown_cards_cannot_become_markup_or_links() -> None:
    text = MarkdownFormatter().audit(AuditReport("x.txt", (), (), unlinked_cards=(HOSTILE_CARD,)))
    assert "- line 23, thread 1, post 8: From welt.de" in text and "\x1b" not in text
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "<script" not in html and re.findall(r"<a\b", html) == []


def test_html_lists_the_cards_defanged_and_marked() -> None:
    page = HtmlFormatter().audit(audit(IN_A_POST, source="x.txt"))
    section = page.split("<h2>Link cards without a link</h2>", 1)[1].split("<h2>", 1)[0]
    assert "1 card: the address is not in the paste" in section
    assert ("<li>line 2, thread 1, post 2: <span class='text'>From "
            "<mark class='flag'>welt[.]ltd</mark></span></li>") in section
    assert "welt.ltd" not in page


def test_html_cards_are_escaped() -> None:
    page = HtmlFormatter().audit(AuditReport("x.txt", (), (), unlinked_cards=(HOSTILE_CARD,)))
    assert "script" not in {tag for tag, _ in _tags(page)}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\\x1b[31m" in page


def test_csv_names_the_card_on_its_posts_row() -> None:
    """In a post, the card is that post's occurrence of its domain: the same row, no other."""
    rows = _csv_rows(CsvFormatter().audit(audit(IN_A_POST, source="x.txt")))
    assert [(row["thread"], row["post"], row["post_line"], row["domain"], row["verdict"],
             row["unlinked_card"]) for row in rows] == [
        ("1", "2", "2", "welt.ltd", "lookalike", "From welt.ltd")]


def test_csv_gives_a_card_outside_the_posts_its_domains_row() -> None:
    """After the last post, the card's domain had a row without a place; it says where the
    card stands now, once."""
    rows = _csv_rows(CsvFormatter().audit(audit(IN_TRAILING_TEXT, source="x.txt")))
    assert [(row["thread"], row["post"], row["post_line"], row["link"], row["domain"],
             row["verdict"], row["link_number"], row["unlinked_card"]) for row in rows] == [
        ("1", "", "", "0", "welt.ltd", "lookalike", "1", "From welt.ltd")]


def test_csv_without_cards_keeps_its_columns_and_adds_one_empty() -> None:
    """Added at the end: a script reading the columns by position reads what it read."""
    text = CsvFormatter().audit(audit("Quelle welt.ltd/a 1/1\n", source="x.txt"))
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert header[-3:] == ["post_author_labels", "unlinked_card", "not_followed"]
    assert [row["unlinked_card"] for row in _csv_rows(text)] == [""]


def test_csv_card_cells_are_spreadsheet_safe() -> None:
    card = Card("welt.de", "=HYPERLINK(\"https://e.example\")", thread=None, line=3)
    rows = _csv_rows(CsvFormatter().audit(AuditReport("x.txt", (), (), unlinked_cards=(card,))))
    assert [(row["thread"], row["post_line"], row["link"], row["unlinked_card"])
            for row in rows] == [("", "3", "", "'=HYPERLINK(\"https://e.example\")")]
