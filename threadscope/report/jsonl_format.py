"""``--format jsonl``: one thread, assessment, cluster or brand per line, for pipelines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from json import encoder
from typing import Any

from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly
from threadscope.report import shapes
from threadscope.report.base import Formatter


def _compact_encoder() -> Callable[[Any], str]:
    """``json.dumps(data, ensure_ascii=False)``, same bytes, built once: ``dumps`` with any
    option builds a new encoder per call, which cost as much as assessing a domain in bulk
    runs. The C encoder is made without the circular-reference check (our shapes are trees)."""
    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)  # not in typeshed
    if make is None:  # a Python without the _json accelerator
        return plain.encode
    chunks = make(
        None, plain.default, encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda data: "".join(chunks(data, 0))


_encode = _compact_encoder()


def line(data: Any) -> str:
    return _encode(data) + "\n"


class JsonLinesFormatter(Formatter):
    name = "jsonl"

    def threads(self, result: Reassembly) -> str:
        return "".join(line(shapes.thread_data(thread)) for thread in result.threads)

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        for item in items:
            yield line(shapes.assessment_data(item))

    def audit(self, report: AuditReport) -> str:
        # One assessment per line, each with where it was found, so a pipeline needs no join.
        found: dict[int, list[dict[str, int | None]]] = {}
        threads = {thread.id: thread for thread in report.threads}
        for (thread_id, position), indices in sorted(report.post_links.items()):
            post = threads[thread_id].posts[position]
            for index in indices:
                found.setdefault(index, []).append(
                    {"thread": thread_id, "post": post.index, "line": post.line}
                )
        return "".join(
            line({**shapes.assessment_data(link), "found_in": found.get(index, [])})
            for index, link in enumerate(report.links)
        )

    def bots(self, report: BotReport) -> str:
        return "".join(line(shapes.cluster_data(cluster)) for cluster in report.clusters)

    def brands(self, brands: Sequence[Brand]) -> str:
        return "".join(line(shapes.brand_data(brand)) for brand in brands)
