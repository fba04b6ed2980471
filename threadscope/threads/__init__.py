"""Posts → threads: markers, ordering, splitting.

``reassemble(text)`` reads any dump ``threadscope.ingest.parse_dump`` recognises. Plain text
is cut at its thread markers (``markers``, ``segment``) and grouped (``assemble``); X web copy is
already cut into posts whose markers and authors group them; structured dumps (X API v2,
archive, Bluesky, Mastodon, CSV) are ordered by their reply graph (``structured``), their posts
that answer none read as web copy is.
"""

from __future__ import annotations

from collections.abc import Mapping

from threadscope.gcpause import cycles_uncollected
from threadscope.ingest import Dump, parse_dump
from threadscope.models import Reassembly
from threadscope.threads.assemble import Assembled, assemble
from threadscope.threads.segment import number_runs, segment_posts, segment_text
from threadscope.threads.structured import reassemble_structured


def reassemble(
    text: str, *, source: str = "<text>", columns: Mapping[str, str] | None = None
) -> Reassembly:
    """Every thread in ``text``, in order of first appearance, and every text in none.

    Never raises on odd input: empty text gives no threads, unparseable JSON is read as text
    (with a warning in ``Reassembly.warnings``). ``columns`` names the columns of a CSV
    (``parse_dump``); a CSV they do not fit is an ``InputError``.
    """
    return reassemble_dump(parse_dump(text, columns=columns), text, source=source)


def reassemble_dump(dump: Dump, text: str, *, source: str = "<text>") -> Reassembly:
    """``reassemble`` of a dump already read by ``parse_dump(text)``: a caller that needs the
    dump's records as well (``audit``) reads the text once. (lxml's parser for Mastodon's
    HTML makes cycles: reading the dump is not paused.)"""
    with cycles_uncollected():
        if dump.format == "text":
            result: Assembled = assemble(segment_text(text if dump.text is None else dump.text))
        elif dump.format == "x-web":
            result = assemble(number_runs(segment_posts(dump.posts)))
        else:
            result = reassemble_structured(dump)
    return Reassembly(
        source=source,
        threads=result.threads,
        unthreaded=result.unthreaded,
        format=dump.format,
        warnings=dump.warnings,
    )


__all__ = ["reassemble", "reassemble_dump"]
