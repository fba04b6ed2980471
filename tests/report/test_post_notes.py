"""A post's edit, the links it had before, and its image descriptions: what its text does not
show, which every reading format (table, Markdown, HTML) says under the post, so that a link
listed under a post it is not written in is explained."""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

from threadscope.models import Assessment, AuditReport, Post, Reassembly, Thread, Verdict
from threadscope.report import common
from threadscope.report.html_format import HtmlFormatter
from threadscope.report.markdown_format import MarkdownFormatter
from threadscope.report.table_format import TableFormatter

AWAY = "https://welt.ltd/a"
ALT = "Screenshot <img src=x onerror=alert(1)> [link](https://evil.example) \x1b[2J\u202e"


def _report() -> AuditReport:
    edited = Post("Die Zahlen: https://example.org/", line=2, index=2, total=2,
                  created_at="2025-09-04T08:01:00Z", edited_at="2025-09-04T08:30:00Z",
                  edited_away=(AWAY,), urls=("https://example.org/", AWAY))
    pictured = Post("Siehe Bild", line=3, index=1, total=2, alt_text=(ALT, "zweites"))
    thread = Thread(1, "ina", 2, (2,), (pictured, edited), (), ())
    flagged = Assessment(input=AWAY, url=AWAY, domain="welt.ltd", registrable_domain="welt.ltd",
                         verdict=Verdict.LOOKALIKE, score=92, imitates="welt.de")
    plain = Assessment(input="https://example.org/", url="https://example.org/",
                       domain="example.org", registrable_domain="example.org",
                       verdict=Verdict.BENIGN, score=0)
    return AuditReport("x.json", (thread,), (plain, flagged),
                       post_links={(1, 1): (0, 1)})


def test_notes_say_what_the_text_does_not() -> None:
    post = _report().threads[0].posts[1]
    assert common.post_notes(post) == [
        "edited 2025-09-04T08:30:00Z (first posted 2025-09-04T08:01:00Z)",
        f"link edited away: {AWAY}",
    ]
    assert common.post_notes(Post("plain", line=1)) == []


def test_table_shows_the_notes_under_the_post() -> None:
    for color in (False, True):
        text = TableFormatter(width=120, color=color).audit(_report())
        assert "edited 2025-09-04T08:30:00Z" in text
        assert "link edited away: https://welt.ltd/a" in text
        assert "image description: Screenshot" in text and "zweites" in text
        assert "\x1b[2J" not in text and "\u202e" not in text and "\\u202e" in text
        assert text.index("Siehe Bild") < text.index("image description") < text.index(
            "Die Zahlen") < text.index("edited away")
    threads = TableFormatter(width=120).threads(Reassembly("x.json", _report().threads))
    assert "link edited away: https://welt.ltd/a" in threads


def test_markdown_notes_are_inert_and_defanged() -> None:
    text = MarkdownFormatter().audit(_report())
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "link edited away: hxxps://welt[.]ltd/a" in html
    assert "image description: Screenshot &lt;img" in html
    assert re.findall(r"<(?:a|img)\b", html) == []


def test_html_notes_are_text_and_defanged() -> None:
    page = HtmlFormatter().audit(_report())
    assert "edited 2025-09-04T08:30:00Z (first posted 2025-09-04T08:01:00Z)" in page
    assert ("link edited away: <mark class='flag'>hxxps://welt[.]ltd/a</mark>") in page
    assert "image description: Screenshot &lt;img src=x onerror=alert(1)&gt;" in page
    assert "\\x1b[2J\\u202e" in page


def test_thread_command_writes_html_and_csv_with_the_notes() -> None:
    """``thread`` offers the HTML page and the CSV rows its formatters write; a post's own
    author, ids, times, links edited away and image descriptions are CSV columns."""
    import csv
    import io
    from pathlib import Path

    from click.testing import CliRunner

    from threadscope.cli import cli

    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
    dump = fixtures / "mastodon_thread_with_history.jsonl"
    page = CliRunner().invoke(cli, ["thread", str(dump), "--format", "html"])
    assert page.exit_code == 0, page.output
    assert "link edited away: https://hochwasserzentralen.de.pegel-news.example/" in page.stdout
    assert "image description: Die Kopie im Vergleich" in page.stdout
    table = CliRunner().invoke(cli, ["thread", str(dump), "--format", "csv"])
    assert table.exit_code == 0, table.output
    rows = list(csv.DictReader(io.StringIO(table.stdout, newline="")))
    assert [row["edited_at"] for row in rows] == ["", "2025-09-04T08:30:00Z", ""]
    assert rows[1]["edited_away"] == "https://hochwasserzentralen.de.pegel-news.example/"
    assert rows[2]["alt_text"] == "Die Kopie im Vergleich, links das Original"
    assert rows[2]["post_id"] == "114900000000903" and rows[2]["reply_to"] == rows[1]["post_id"]
    for refused in ("stix", "misp"):
        assert CliRunner().invoke(cli, ["thread", str(dump), "--format", refused]).exit_code == 2
