"""Whatever a post says, no format turns it into markup, a link, a formula or a terminal escape."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.models import AuditReport, Post, Reassembly, Thread
from threadscope.report import Format, formatter
from threadscope.report.csv_format import CsvFormatter
from threadscope.report.html_format import HtmlFormatter
from threadscope.report.markdown_format import MarkdownFormatter
from threadscope.report.table_format import TableFormatter

TRICKY = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "'",
        '"',
        "|",
        "`",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "#",
        "\\",
        "=",
        "\n",
        "\x1b",
        "\x07",
        "\u202e",
        "\u200b",
        "[bold]",
        "[/]",
        "<script>",
        "https://",
        "www.",
        "1. ",
    ]
)
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=5)), max_size=30).map("".join)


def _report(text: str) -> AuditReport:
    post = Post(text, line=1, index=1, total=2)
    thread = Thread(1, text[:20] or None, 2, (2,), (post,), missing=(2,), duplicates=())
    return AuditReport(source=text[:30], threads=(thread,), links=(), unthreaded=(text,))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(tag)
        assert not any(name.startswith("on") for name, _ in attrs)


OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "p",
    "h1",
    "h2",
    "h3",
    "section",
    "div",
    "b",
    "span",
    "article",
    "ol",
    "li",
    "details",
    "summary",
    "footer",
    "ul",
    "a",
    "code",
    "mark",
    "i",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "svg",
    "rect",
    "text",
    "line",
    "circle",
}


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_html_never_gains_a_tag(text: str) -> None:
    parser = _Tags()
    parser.feed(HtmlFormatter().audit(_report(text)))
    assert parser.found <= OUR_TAGS


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_terminal_and_markdown_never_carry_control_characters(text: str) -> None:
    for out in (
        TableFormatter(width=80).audit(_report(text)),
        MarkdownFormatter().audit(_report(text)),
        MarkdownFormatter().threads(Reassembly("s", _report(text).threads)),
    ):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_csv_round_trips_one_row_per_post(text: str) -> None:
    result = Reassembly("s", _report(text).threads)
    rows = list(csv.reader(io.StringIO(CsvFormatter().threads(result), newline="")))
    assert len(rows) == 2
    assert rows[1][0] == "1"


@settings(max_examples=30, deadline=None)
@given(TEXT)
def test_every_format_renders_hostile_text(text: str) -> None:
    for fmt in Format:
        assert formatter(fmt).audit(_report(text)) is not None
