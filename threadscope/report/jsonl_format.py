"""``--format jsonl``: one thread, assessment, cluster or brand per line, for pipelines."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from json import encoder
from typing import Any

from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reason, Reassembly
from threadscope.report import shapes
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import json_safe


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
    return json_safe(_encode(data)) + "\n"


# The fields the written-out line below knows, in declaration (= output) order. If the models
# change, the fast line switches itself off and every assessment takes the generic path.
_ASSESSMENT_FIELDS = (
    "input",
    "url",
    "domain",
    "registrable_domain",
    "verdict",
    "score",
    "imitates",
    "reasons",
    "final_url",
    "chain",
    "error",
    "registration",
    "page",
    "brand",
    "card_domain",
    "unresolved",
)
_FAST = (
    tuple(f.name for f in dataclasses.fields(Assessment)) == _ASSESSMENT_FIELDS
    and tuple(f.name for f in dataclasses.fields(Reason)) == ("code", "points", "detail")
    and getattr(encoder, "c_make_encoder", None) is not None
)
_string = encoder.encode_basestring  # what the encoder above uses for every str


class _NotPlain(Exception):
    """A value of a type the written-out line does not handle: take the generic path."""


def _text(value: str | None) -> str:
    if value is None:
        return "null"
    if type(value) is not str:
        raise _NotPlain
    return _string(value)


def _number(value: int) -> str:
    if type(value) is not int:
        raise _NotPlain
    return int.__repr__(value)


def assessment_line(item: Assessment) -> str:
    """``line(shapes.assessment_data(item))``, the same bytes, written out for the offline
    case (no chain, registration or page), which halves the cost of a line in bulk runs.
    tests/assessment/test_bulk.py compares the two on every technique and hostile input."""
    if not _FAST or item.chain or item.registration is not None or item.page is not None:
        return line(shapes.assessment_data(item))
    try:
        reasons = ", ".join(
            f'{{"code": {_text(r.code)}, "points": {_number(r.points)}, '
            f'"detail": {_text(r.detail)}}}'
            for r in item.reasons
        )
        return json_safe(
            f'{{"input": {_text(item.input)}, "url": {_text(item.url)}, '
            f'"domain": {_text(item.domain)}, '
            f'"registrable_domain": {_text(item.registrable_domain)}, '
            f'"verdict": {_text(item.verdict.value)}, "score": {_number(item.score)}, '
            f'"imitates": {_text(item.imitates)}, "reasons": [{reasons}], '
            f'"final_url": {_text(item.final_url)}, "chain": [], "error": {_text(item.error)}, '
            f'"registration": null, "page": null, "brand": {_text(item.brand)}, '
            f'"card_domain": {_text(item.card_domain)}, '
            f'"unresolved": {"true" if item.unresolved is True else "false"}}}\n'
        )
    except _NotPlain:
        return line(shapes.assessment_data(item))


class JsonLinesFormatter(Formatter):
    name = Format.JSONL

    def threads(self, result: Reassembly) -> str:
        return "".join(line(shapes.thread_data(thread)) for thread in result.threads)

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        for item in items:
            yield assessment_line(item)

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
