"""``--format json``: one document, the shapes of CONTRACT.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly
from threadscope.report import shapes
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import json_safe


def dump(data: Any) -> str:
    """JSON as readers want it (Unicode as such), controls and bidi overrides escaped."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


class JsonFormatter(Formatter):
    name = Format.JSON

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
        return dump(shapes.audit_data(report))

    def bots(self, report: BotReport) -> str:
        return dump(shapes.bots_data(report))

    def brands(self, brands: Sequence[Brand]) -> str:
        return dump([shapes.brand_data(brand) for brand in brands])
