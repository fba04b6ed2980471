"""``--format json``'s writer: the bytes of ``json.dumps(indent=2)``, written in few pieces."""

from __future__ import annotations

import cProfile
import gc
import json
import math
import pstats
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.gcpause import cycles_uncollected
from threadscope.models import Verdict
from threadscope.pipeline import audit
from threadscope.report import shapes
from threadscope.report.json_format import CHUNK_CHARACTERS, dump, dump_chunks
from threadscope.textsafe import json_safe


def standard(data: Any) -> str:
    """What the writer must give: the standard library's text, made safe, a newline."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


scalars = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text(st.characters(codec="utf-8")) | st.sampled_from(list(Verdict)))
keys = (st.text(st.characters(codec="utf-8"), max_size=8) | st.integers() | st.booleans()
        | st.none() | st.floats())
values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(keys, inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_the_same_text_as_the_standard_encoder(data: Any) -> None:
    """Any shape at any depth: NaN and infinities, keys that are numbers, booleans or None
    (two keys that read the same, ``1`` and ``"1"``, both written as the encoder does), str
    enums, tuples, control and bidi characters, lone surrogates."""
    assert dump(data) == standard(data)


def test_hostile_values_at_each_depth() -> None:
    odd = ["\u202e\x00\x1b[31m", "\ud800", math.nan, -math.inf, 2**70, -0.0, 1e-300,
           {}, [], (), {1.5: "a", None: "b", True: [], 3: {}}]
    for data in (odd, {"links": odd}, {"links": [{"found_in": odd}]}, {"a": {"b": {"c": odd}}}):
        assert dump(data) == standard(data)


def test_what_json_refuses_it_refuses() -> None:
    with pytest.raises(TypeError):
        dump({"links": [{"page": object()}]})
    with pytest.raises(TypeError):
        dump({"links": [{(1, 2): "a tuple key"}]})


def test_a_huge_report_in_pieces_of_about_the_chunk_size() -> None:
    """An audit of a line of 6,000 links: few pieces, each about ``CHUNK_CHARACTERS``, the
    standard encoder's bytes. Encoding the whole report at once, its encoder passed 172
    pieces a link up through about 5 generators, and this loop gathered them one by one
    (8,272,681 for a 1 MB line of 48,003 links, 13 s of a profiled run's 23 s): now the
    encoder writes each link's value as one string, ``_pieces`` yields a few a link."""
    line = " ".join(f"https://welt.ltd/a/{i} bit.ly/x{i} hxxps://spiegel[.]ltd/p{i}"
                    for i in range(2000))
    report = audit("Maria Weber\n@MariaWeber13278\n·\nJul 14\n1/2 Links\n" + line + "\n")
    data = shapes.audit_data(report)
    profile = cProfile.Profile()
    chunks = profile.runcall(lambda: list(dump_chunks(data)))
    assert "".join(chunks) == standard(data)
    assert all(len(chunk) >= CHUNK_CHARACTERS for chunk in chunks[:-1])
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    steps = {name: counts[1] for (_, _, name), counts in stats.items()}  # with resumptions
    assert steps["_pieces"] < 10 * len(report.links)


def test_a_report_written_with_the_collector_paused_leaves_no_encoders_behind() -> None:
    """``json.dumps(indent=2)`` leaves a reference cycle per call, which only the collector
    frees; the CLI pauses it while a report is written, and an audit of 100,000 links held
    250 MB of them. Each chunk frees those of the chunk before: 20,000 values leave about a
    chunk's worth (some 20,000 objects), where they left 660,000."""
    data = {"links": [{"a": index, "b": [index, "x"]} for index in range(20_000)]}
    gc.collect()
    with cycles_uncollected():
        written = "".join(dump_chunks(data))
        left = gc.collect()
    assert written == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert left < 60_000


def test_the_links_rows_made_as_written_are_the_rows_of_the_report() -> None:
    """``audit_data(lazy=True)`` makes each link's row as the writer reaches it: the same
    rows, and the same bytes, as the list of them all."""
    report = audit("1/2 Lest https://welt.ltd/a und https://www.zeit.de/b\n2/2 https://x.example/c\n",
                   source="t.txt")
    for first in (False, True):
        whole = shapes.audit_data(report, first=first)
        lazy = shapes.audit_data(report, first=first, lazy=True)
        assert list(lazy["links"]) == whole["links"] and len(lazy["links"]) == 3
        assert dump(lazy) == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    empty = shapes.audit_data(audit("no links here", source="t.txt"), lazy=True)
    assert dump(empty) == json.dumps({**empty, "links": []}, ensure_ascii=False, indent=2) + "\n"
