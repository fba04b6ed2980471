"""Every reader, on records of its real shape with hostile values in their fields.

The shapes are the fixtures' own (every JSON and JSON Lines file under ``fixtures/``): a
record keeps its structure, and one to three of its fields (at any depth, a whole sub-object
too) take a value an attacker or a broken scraper could write there: the wrong type (numbers
where strings go, lists where objects go, null), NaN and Infinity, integers past 64 bits,
control characters and bidi overrides, lone surrogates, broken punycode, markup, nesting past
the recursion limit. Whatever comes, the library reads a ``Dump`` without raising, and the
CLI (``thread``, ``audit --offline``, ``bots --offline``) answers with a result or one line
and exit 2, never a traceback, with no control character of the input on the terminal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_hostile_input import assert_sane, invoke
from threadscope.errors import InputError
from threadscope.ingest import parse_dump
from threadscope.ingest.jsonish import load
from threadscope.ingest.replies import read_replies
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

Path_ = tuple[str | int, ...]


def _shapes() -> list[tuple[str, list[Any], bool]]:
    """(name, top-level values, whether JSON Lines) of every JSON fixture."""
    shapes = []
    for path in sorted(FIXTURES.glob("*/*")):
        if path.suffix not in (".json", ".jsonl", ".js"):
            continue
        values = load(path.read_text("utf-8")).values
        shapes.append((path.name, values, len(values) > 1 or path.suffix == ".jsonl"))
    return shapes


SHAPES = _shapes()


def _paths(value: Any, at: Path_ = ()) -> Iterator[Path_]:
    """Every place in ``value`` (the first few items of a list: records repeat a shape)."""
    yield at
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:4]):
            yield from _paths(inner, (*at, index))


PATHS = {name: list(_paths(values))[1:] for name, values, _ in SHAPES}
"""The places in each fixture's values, all but the list of them itself."""

DEEP = "\x00deep\x00"
"""Stands for a value nested past the recursion limit, written into the JSON text."""
_DEEP_JSON = '{"a": [' * 1500 + '"welt.ltd"' + "]}" * 1500

_HOSTILE_CHARS = st.sampled_from([
    "\x00", "\x07", "\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\x85", "\r", "\t", "\x7f",
    "\u202e", "\u2066", "\u200b", "\u2028", "\ufeff", "\ud800", "\udfff", "\U0010ffff",
    "xn--zz--.com", "xn--", "http://[::1", "https://welt.ltd/", "@", "#", "<a href=", "</p>",
    "&amp;", "&#0;", "[](", "](", "\\", '"', "0", "-1", ".", "/", " ", "\n",
])
_HOSTILE_TEXT = st.lists(_HOSTILE_CHARS | st.text(max_size=6), max_size=8).map("".join)

_SCALARS = st.one_of(
    st.none(), st.booleans(), _HOSTILE_TEXT,
    st.integers(), st.sampled_from([2**63, -(2**63) - 1, 10**30, 10**400, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "NaN", "Infinity", "1e400", "9999-99-99T99:99:99Z",
                     "2024-02-30T25:61:00Z", "Thu Jan 01 00:00:00 +9999 0001", "at://",
                     "at:///app.bsky.feed.post/", "did:plc:", "user", "channel-1", DEEP]),
)
HOSTILE = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_HOSTILE_TEXT, inner, max_size=3),
    max_leaves=6,
)


def _replaced(root: Any, at: Path_, value: Any) -> Any:
    """``root`` with ``value`` at ``at`` (a copy along the path only)."""
    if not at:
        return value
    head, rest = at[0], at[1:]
    if isinstance(root, dict) and head in root:
        return {**root, head: _replaced(root[head], rest, value)}
    if isinstance(root, list) and isinstance(head, int) and head < len(root):
        return [*root[:head], _replaced(root[head], rest, value), *root[head + 1:]]
    return root


@st.composite
def hostile_dumps(draw: st.DrawFn) -> str:
    """A fixture's text with one to three of its fields made hostile."""
    name, values, lines = draw(st.sampled_from(SHAPES))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.sampled_from(PATHS[name]))
        values = _replaced(values, at, draw(HOSTILE))
        if not isinstance(values, list):  # the top itself was replaced: one document
            values, lines = [values], False
    if lines:
        text = "\n".join(json.dumps(value) for value in values) + "\n"
    else:
        text = json.dumps(values[0])
    return text.replace(json.dumps(DEEP), _DEEP_JSON)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_dumps())
def test_every_reader_reads_hostile_fields_without_raising(text: str) -> None:
    dump = parse_dump(text)
    for post in (*dump.posts, *dump.context):
        assert isinstance(post.text, str)
        assert all(isinstance(url, str) for url in post.urls)
        assert post.author is None or isinstance(post.author, str)
        assert post.created_at is None or post.created_at[:4].isdigit()
    reassemble(text)
    try:
        read_replies(text)
    except InputError:
        pass


COMMANDS = (["thread"], ["audit", "--offline"], ["bots", "--offline"])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_the_cli_answers_hostile_fields_with_a_result_or_one_line(
        command: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("hostile")

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(hostile_dumps())
    def run(text: str) -> None:
        path = folder / "dump.json"
        path.write_text(text, "utf-8")
        assert_sane(invoke([command[0], str(path), *command[1:]]))

    run()
