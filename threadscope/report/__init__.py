"""Output formats, one small module each behind ``Formatter`` (see ``report.base``)."""

from __future__ import annotations

import enum
from typing import assert_never

from threadscope.report.base import Formatter
from threadscope.report.json_format import JsonFormatter
from threadscope.report.jsonl_format import JsonLinesFormatter


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
    if fmt is Format.JSON:
        return JsonFormatter()
    if fmt is Format.JSONL:
        return JsonLinesFormatter()
    if fmt in (Format.TABLE, Format.CSV, Format.MARKDOWN, Format.HTML, Format.STIX):
        # Filled in by the report work; JSON until then so that commands stay usable.
        return JsonFormatter()
    assert_never(fmt)


__all__ = ["Format", "Formatter", "formatter"]
