"""Output formats, one small module each behind ``Formatter`` (see ``report.base``)."""

from __future__ import annotations

import enum
from typing import assert_never

from threadscope.report.base import Formatter
from threadscope.report.csv_format import CsvFormatter
from threadscope.report.html_format import HtmlFormatter
from threadscope.report.json_format import JsonFormatter
from threadscope.report.jsonl_format import JsonLinesFormatter
from threadscope.report.markdown_format import MarkdownFormatter
from threadscope.report.table_format import TableFormatter


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    STIX = "stix"


def formatter(fmt: Format, *, color: bool = False) -> Formatter:
    """The formatter for ``fmt``; ``color`` applies to terminal tables only."""
    if fmt is Format.TABLE:
        return TableFormatter(color=color)
    if fmt is Format.JSON:
        return JsonFormatter()
    if fmt is Format.JSONL:
        return JsonLinesFormatter()
    if fmt is Format.CSV:
        return CsvFormatter()
    if fmt is Format.MARKDOWN:
        return MarkdownFormatter()
    if fmt is Format.HTML:
        return HtmlFormatter()
    if fmt is Format.STIX:
        # stix2 takes a seventh of a second to import: load it only when asked for.
        from threadscope.report.stix_format import StixFormatter

        return StixFormatter()
    assert_never(fmt)


__all__ = ["Format", "Formatter", "formatter"]
