"""JSON nested past Python's recursion limit is read as the standard decoder reads the rest."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.ingest import deep_json
from threadscope.ingest.jsonish import NotJson, load

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=4), kids,
                                                               max_size=4),
    max_leaves=25,
)


def _same(left: Any, right: Any) -> bool:
    """Equal as JSON text: NaN is not equal to itself, but is the same value read."""
    return json.dumps(left) == json.dumps(right)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from([None, 1, "\t"]), st.text(" \t\r\n", max_size=3))
def test_reads_what_json_reads(value: Any, indent: int | str | None, space: str) -> None:
    document = json.dumps(value, indent=indent, ensure_ascii=False) + space
    expected, end = json.JSONDecoder().raw_decode(document)
    assert _same(deep_json.raw_decode(document), (expected, end))
    assert _same(deep_json.loads(space + document), expected)


@settings(max_examples=1000, deadline=None)
@given(st.text('[]{}",:019.eE-+ \ntruefalsnNIiy\\u', max_size=24))
def test_refuses_what_json_refuses(document: str) -> None:
    try:
        expected: Any = json.loads(document)
    except ValueError:
        with pytest.raises(ValueError):
            deep_json.loads(document)
    else:
        assert _same(deep_json.loads(document), expected)


def _nested(depth: int, leaf: str = '"welt.ltd"') -> str:
    return '{"a": [' * depth + leaf + "]}" * depth


def test_nesting_past_the_recursion_limit_is_read() -> None:
    loaded = load(_nested(5000))
    value = loaded.values[0]
    for _ in range(5000):
        value = value["a"][0]
    assert value == "welt.ltd"


def test_a_deep_json_lines_line_is_read_not_skipped() -> None:
    loaded = load('{"b": 1}\n' + _nested(3000) + "\n")
    assert len(loaded.values) == 2 and not loaded.bad_lines


def test_past_the_most_levels_is_one_clear_error() -> None:
    with pytest.raises(NotJson, match="nested more than 100000 levels deep"):
        load("[" * 2 * deep_json.MAX_DEPTH + "]" * 2 * deep_json.MAX_DEPTH)
    assert load("[" * deep_json.MAX_DEPTH + "]" * deep_json.MAX_DEPTH).values


def test_a_deep_document_cut_short_is_not_json() -> None:
    with pytest.raises(NotJson):
        load(_nested(5000)[:-3])
