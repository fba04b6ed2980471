"""Output formats, one small module each behind ``Formatter`` (see ``report.base``).

Each format's module is imported when that format is asked for: rich, stix2 and the HTML
templates cost start-up time that a ``--format jsonl`` run does not need to pay.
"""

from __future__ import annotations

from typing import assert_never

from threadscope.report.base import FOUND_IN, Format, Formatter, FoundIn


def formatter(
    fmt: Format | str,
    *,
    color: bool = False,
    explain: bool = False,
    terminal: bool = True,
    found_in: FoundIn = "all",
) -> Formatter:
    """The formatter for ``fmt`` (a ``Format``, or its name from a script); ``color``,
    ``explain`` (every reason under each link, not only the top one) and ``terminal`` (False:
    the table goes to a pipe or a file, see ``TableFormatter``) apply to tables, ``explain``
    also to Markdown and HTML (an audit's text in no thread shown whole, ``common.excerpt``);
    ``found_in`` (``FoundIn``) to the audit's CSV, JSON and jsonl."""
    fmt = Format(fmt)
    if fmt is Format.TABLE:
        from threadscope.report.table_format import TableFormatter

        return TableFormatter(color=color, explain=explain, terminal=terminal)
    if fmt is Format.JSON:
        from threadscope.report.json_format import JsonFormatter

        return JsonFormatter(found_in)
    if fmt is Format.JSONL:
        from threadscope.report.jsonl_format import JsonLinesFormatter

        return JsonLinesFormatter(found_in)
    if fmt is Format.CSV:
        from threadscope.report.csv_format import CsvFormatter

        return CsvFormatter(found_in)
    if fmt is Format.MARKDOWN:
        from threadscope.report.markdown_format import MarkdownFormatter

        return MarkdownFormatter(explain=explain)
    if fmt is Format.HTML:
        from threadscope.report.html_format import HtmlFormatter

        return HtmlFormatter(explain=explain)
    if fmt is Format.STIX:
        from threadscope.report.stix_format import StixFormatter

        return StixFormatter()
    if fmt is Format.MISP:
        from threadscope.report.misp_format import MispFormatter

        return MispFormatter()
    assert_never(fmt)


__all__ = ["FOUND_IN", "Format", "FoundIn", "Formatter", "formatter"]
