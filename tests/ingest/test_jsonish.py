from __future__ import annotations

import json
from typing import Any

import pytest

from threadscope.ingest.jsonish import (
    NotJson,
    items,
    line_values,
    load,
    looks_structured,
    obj,
    records,
    text,
    unique,
    walked_once,
)


def test_load_plain_json_and_json_lines() -> None:
    assert load('{"a": 1}').values == [{"a": 1}]
    loaded = load('{"a": 1}\n\n{"b": 2}\n')
    assert loaded.values == [{"a": 1}, {"b": 2}] and loaded.warning() is None


def test_json_lines_keep_every_good_line_and_name_the_bad_one() -> None:
    loaded = load('{"a": 1}\n{"b": 2}\n\n{"c": "abgeschn\n{"d": 4}\n')
    assert loaded.values == [{"a": 1}, {"b": 2}, {"d": 4}]
    assert [line for line, _ in loaded.bad_lines] == [4]
    warning = loaded.warning()
    assert warning is not None and warning.startswith("JSON Lines: line 4 not valid JSON")
    assert "at column" in warning and "3 record(s) read" in warning


def test_pretty_printed_json_cut_short_is_not_json_lines() -> None:
    with pytest.raises(NotJson, match="line 4"):
        load('{\n  "data": [\n    {"id": "1"},\n    {"id": "2", "te')


def test_archive_assignment_is_stripped_not_evaluated() -> None:
    assert load('window.YTD.tweets.part0 = [{"tweet": {"id_str": "1"}}];').values == [
        [{"tweet": {"id_str": "1"}}]
    ]
    assert looks_structured("  window.YTD.tweet.part3 = [")


@pytest.mark.parametrize("cut", ["window.YTD.tweets.part0 = ", "window.YTD.tweets.part0 = ;"])
def test_archive_assignment_cut_off_before_its_array_is_not_json(cut: str) -> None:
    with pytest.raises(NotJson):
        load(cut)


@pytest.mark.parametrize("bad", ['{"a": ', "[" * 50_000, "9" * 5000, '{"a"\n{"b": 1}'])
def test_bad_json_is_one_clear_error(bad: str) -> None:
    with pytest.raises(NotJson):
        load(bad)


def test_a_document_then_one_cut_off_reads_the_whole_one_and_says_the_rest() -> None:
    """Was one error, the first document lost with the second (``cat a.json b.json`` of a
    download cut short)."""
    loaded = load('{"a": 1}\n{"b"')
    assert loaded.values == [{"a": 1}] and loaded.rest is not None
    warning = loaded.warning()
    assert warning is not None and warning.startswith(
        "JSON: 1 whole document(s) read; the rest, from line 2 on, skipped (invalid JSON at "
        "line 2 column 5:")


def test_field_readers_never_trust_types() -> None:
    record = {"id": 17, "flag": True, "o": [], "l": {"x": 1}, "s": "v"}
    assert text(record, "id") == "17" and text(record, "flag") is None
    assert obj(record, "o") == {} and obj("nope", "o") == {}
    assert items(record, "l") == [] and items([{"a": 1}, 3, "x"]) == [{"a": 1}]
    assert unique(["a", None, "b", "a", ""]) == ("a", "b")


def test_bracketed_text_is_not_json() -> None:
    assert not looks_structured("[1/5] Der Bundestag hat beraten")
    assert not looks_structured("[NB: War das kreativ genug?]")
    assert looks_structured('[{"tweet": {}}]') and looks_structured("[]")
    assert looks_structured('{"data": []}') and looks_structured('[\n  "x"]')


def test_server_sent_events_are_read_as_events() -> None:
    """A streaming API saved with ``curl -N``: comments are heartbeats, each event a value in
    the shape a websocket delivers it."""
    stream = ':)\nevent: update\ndata: {"id": "1"}\n\n:thump\n\nevent: delete\ndata: 7\n\n'
    assert looks_structured(stream)
    assert load(stream).values == [{"event": "update", "payload": '{"id": "1"}'},
                                   {"event": "delete", "payload": "7"}]
    assert not looks_structured("event: Bürgerdialog\ndata: folgt morgen\n")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_inside_a_json_string_does_not_cut_its_line(separator: str) -> None:
    """JSON holds U+2028, U+2029 and U+0085 raw in a string (``ensure_ascii=False``, ``jq
    -c``): a JSON Lines record or an event's data line with one is one line, not two broken
    ones (the post behind it was skipped)."""
    records = [{"id": str(n), "text": f"Teil {n}{separator}https://welt.ltd/{n}"} for n in range(3)]
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    loaded = load(lines)
    assert loaded.values == records and loaded.warning() is None
    stream = "".join(f"event: update\ndata: {json.dumps(r, ensure_ascii=False)}\n\n"
                     for r in records)
    assert [json.loads(v["payload"]) for v in load(stream).values] == records


def test_json_lines_still_end_at_a_carriage_return() -> None:
    assert load('{"a": 1}\r\n{"b": 2}\r{"c": 3}\n').values == [{"a": 1}, {"b": 2}, {"c": 3}]


def test_records_of_arrays_in_an_array_are_read_in_document_order() -> None:
    """A timeline (an array) saved among single answers in one array: its records were
    dropped, where the same answers one a line gave them."""
    values = [[{"a": 1}, [{"b": 2}, [{"c": 3}]], None, 5], {"d": 4}, [[]]]
    assert records(values) == [{"a": 1}, {"b": 2}, {"c": 3}, {"d": 4}]
    deep: list[object] = [{"x": 1}]
    for _ in range(5000):
        deep = [deep]
    assert records([deep, {"y": 2}]) == [{"x": 1}, {"y": 2}]


def test_a_document_after_the_lines_is_one_value_and_a_cut_record_is_one_broken_line() -> None:
    pretty = json.dumps({"data": [{"id": "1", "text": "a"}, {"id": "2", "text": "b"}]}, indent=2)
    lines = ['{"id": "0"}', '{"id": "9"}', *pretty.splitlines()]
    found = list(line_values(lines))
    assert [(n, v) for n, v in found] == [(1, [{"id": "0"}]), (2, [{"id": "9"}]),
                                          (3, [json.loads(pretty)])]
    cut = ['{"id": "1", "entities": {"urls": [', '{"id": "2"}', '{"id": "3"}']
    found = list(line_values(cut))
    assert isinstance(found[0][1], NotJson) and found[0][0] == 1
    assert found[1:] == [(2, [{"id": "2"}]), (3, [{"id": "3"}])]
    never = ['{"id": "0"}', "{", '  "data": [', '    {"id": "1", "te']
    found = list(line_values(never))
    assert found[0] == (1, [{"id": "0"}])
    assert [n for n, v in found[1:] if isinstance(v, NotJson)] == [2, 3, 4]
    assert [n for n, v in line_values(lines, limit=40) if isinstance(v, NotJson)] == list(
        range(3, 3 + len(pretty.splitlines())))


def test_records_inside_walked_once_are_a_fresh_list_and_outside_walked_again() -> None:
    """The walk is shared inside the block, but no caller gets a list another holds; outside
    it, values changed since the last call are walked again (a library caller's own)."""
    values: list[Any] = [[{"a": 1}, [{"b": 2}]]]
    with walked_once():
        first = records(values)
        first.append({"changed": True})
        assert records(values) == [{"a": 1}, {"b": 2}]
        assert records(values[0]) == [{"a": 1}, {"b": 2}]  # the array's items: the same
        assert records(values[0][:1]) == [{"a": 1}]  # other values: walked
    assert records(values) == [{"a": 1}, {"b": 2}]
    values[0].append({"c": 3})
    assert records(values) == [{"a": 1}, {"b": 2}, {"c": 3}]
