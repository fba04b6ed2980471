"""``--format json``: one document, the shapes of CONTRACT.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly
from threadscope.report import shapes
from threadscope.report.base import Format, Formatter, FoundIn
from threadscope.textsafe import json_safe

CHUNK_CHARACTERS = 1 << 16
"""About how much text each piece of ``dump_chunks`` holds."""


def dump(data: Any) -> str:
    """JSON as readers want it (Unicode as such), controls and bidi overrides escaped."""
    return "".join(dump_chunks(data))


def dump_chunks(data: Any) -> Iterator[str]:
    """``dump(data)`` in pieces of about ``CHUNK_CHARACTERS``.

    ``json.dumps`` with ``indent`` encodes in Python, one small string per key, bracket and
    value, and joins them all at the end: for a large report that list costs several times the
    text. Joining them a few thousand at a time costs the text alone. ``json_safe`` replaces
    single characters, so escaping each piece is escaping the whole.
    """
    batch: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARACTERS:
            yield json_safe("".join(batch))
            batch, size = [], 0
    batch.append("\n")
    yield json_safe("".join(batch))


class JsonFormatter(Formatter):
    name = Format.JSON

    def __init__(self, found_in: FoundIn = "all") -> None:
        self.first = found_in == "first"

    def threads(self, result: Reassembly) -> str:
        return dump(shapes.reassembly_data(result))

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        # A JSON array, streamed element by element so memory stays flat in bulk runs.
        yield "["
        for position, item in enumerate(items):
            body = json_safe(json.dumps(shapes.assessment_data(item), ensure_ascii=False,
                                        indent=2))
            yield ("\n" if position == 0 else ",\n") + body
        yield "\n]\n"

    def audit(self, report: AuditReport) -> str:
        return dump(shapes.audit_data(report, first=self.first))

    def bots(self, report: BotReport) -> str:
        return dump(shapes.bots_data(report))

    def threads_chunks(self, result: Reassembly) -> Iterator[str]:
        return dump_chunks(shapes.reassembly_data(result))

    def audit_chunks(self, report: AuditReport) -> Iterator[str]:
        return dump_chunks(shapes.audit_data(report, first=self.first))

    def bots_chunks(self, report: BotReport) -> Iterator[str]:
        return dump_chunks(shapes.bots_data(report))

    def brands(self, brands: Sequence[Brand]) -> str:
        return dump([shapes.brand_data(brand) for brand in brands])
