"""``--format json``: one document, the shapes of CONTRACT.md."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from threadscope.models import Assessment, AuditReport, BotReport, Brand, LinkRows, Reassembly
from threadscope.report import shapes
from threadscope.report.base import Format, Formatter, FoundIn
from threadscope.textsafe import json_safe

CHUNK_CHARACTERS = 1 << 16
"""About how much text each piece of ``dump_chunks`` holds."""


def dump(data: Any) -> str:
    """JSON as readers want it (Unicode as such), controls and bidi overrides escaped."""
    return "".join(dump_chunks(data))


def dump_chunks(data: Any) -> Iterator[str]:
    """``dump(data)`` in pieces of about ``CHUNK_CHARACTERS``: the bytes of ``json.dumps(data,
    ensure_ascii=False, indent=2)`` and a newline. ``json_safe`` replaces single characters,
    so escaping each piece is escaping the whole.

    With ``indent`` the standard library encodes in Python, one generator per container and
    one small string per key, bracket, separator and value, each passed up through every
    enclosing generator: an audit of a 1 MB line of 48,003 links was 8,272,681 pieces
    through 20.5 million generator steps, which this loop then gathered one by one (1.6 s,
    and 13 of a profiled run's 23 s, where cProfile counts every step). ``_pieces`` walks only
    the report and its lists, and has the standard encoder write each value below them as
    one string (``_indented``). A list may be a ``LinkRows``, whose rows are made as they
    are written.
    """
    batch: list[str] = []
    size = 0
    for piece in _pieces(data, 0):
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARACTERS:
            yield json_safe("".join(batch))
            batch, size = [], 0
            _collect_encoders()
    batch.append("\n")
    yield json_safe("".join(batch))


def _collect_encoders() -> None:
    """Free the encoders ``json.dumps`` left since the last chunk, where the cycle collector
    is paused (``gcpause.cycles_uncollected``, as the CLI writes a report). With ``indent``
    each call builds nested encoding functions that refer to each other, a reference cycle
    of some 2 KB that only the collector frees: several calls a link, so an audit of 100,000
    links held 250 MB of them by its last chunk. The youngest generation holds only what was
    made since the last chunk, so this walks little."""
    if not gc.isenabled():
        gc.collect(0)


_STREAMED_LEVELS = 2
"""Containers this shallow are written piece by piece (the report, its lists of links and
threads); each value inside them as one string (``_indented``)."""


def _pieces(value: Any, level: int) -> Iterator[str]:
    """``value`` at nesting ``level`` as ``json.dumps(indent=2)`` writes it, in pieces. Only
    the walk over the shallow containers is ours; every value, and every key that is not a
    plain string, is the standard encoder's text."""
    if type(value) is LinkRows and not value:
        value = []
    if (level >= _STREAMED_LEVELS or not value
            or not isinstance(value, (dict, list, tuple, LinkRows))
            or isinstance(value, dict) and not all(type(key) is str for key in value)):
        yield _indented(value, level)
        return
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        yield "{"
        for position, (key, item) in enumerate(value.items()):
            yield ("," if position else "") + inner + _string(key) + ": "
            yield from _pieces(item, level + 1)
        yield "\n" + "  " * level + "}"
        return
    yield "["
    for position, item in enumerate(value):
        yield ("," if position else "") + inner
        yield from _pieces(item, level + 1)
    yield "\n" + "  " * level + "]"


def _indented(value: Any, level: int) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` as it reads at nesting ``level``:
    its lines indented by the level. A line break in that text is always the encoder's own
    (a string's is written ``\\n``), so indenting every one is safe."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * level) if level else text


_string = json.encoder.encode_basestring  # what ``ensure_ascii=False`` writes a str key with


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
        return dump(shapes.audit_data(report, first=self.first, lazy=True))

    def bots(self, report: BotReport) -> str:
        return dump(shapes.bots_data(report))

    def threads_chunks(self, result: Reassembly) -> Iterator[str]:
        return dump_chunks(shapes.reassembly_data(result))

    def audit_chunks(self, report: AuditReport) -> Iterator[str]:
        return dump_chunks(shapes.audit_data(report, first=self.first, lazy=True))

    def bots_chunks(self, report: BotReport) -> Iterator[str]:
        return dump_chunks(shapes.bots_data(report))

    def brands(self, brands: Sequence[Brand]) -> str:
        return dump([shapes.brand_data(brand) for brand in brands])
