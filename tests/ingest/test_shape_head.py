"""A dump's shape is told by its first records, without a pass over the rest per shape; the
rest is looked at once (``parse._apart``), so that a first record made to look like another
shape costs its own line, never the dump's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.ingest import parse_dump
from threadscope.ingest.jsonish import head_records, records, walked_once
from threadscope.ingest.parse import _mostly_pages
from threadscope.ingest.twarc import is_twarc_flat
from threadscope.ingest.x_api import is_x_api
from threadscope.ingest.x_archive import is_x_archive


class _Untouched(list[Any]):
    """A value that must not be gone through: a check that walks past the head fails."""

    def __iter__(self) -> Iterator[Any]:
        raise AssertionError("walked past the records the shape is told by")


def _tweet(n: int, account: int = 501) -> dict[str, Any]:
    return {"id": str(1797000000000000000 + n), "text": f"Beitrag {n} https://welt.ltd/a/{n}",
            "author_id": str(account), "conversation_id": "1797000000000000000",
            "created_at": "2024-05-02T08:20:00.000Z",
            "author": {"id": str(account), "username": f"konto_{account}"}}


def test_the_checks_that_asked_every_record_stop_at_the_head() -> None:
    values: list[Any] = [_tweet(n) for n in range(25)] + [_Untouched()]
    assert is_twarc_flat(values)
    assert not is_x_archive(values)
    with walked_once():  # as ``parse_structured`` asks: the head is walked once for all
        assert is_twarc_flat(values) and not is_x_archive(values)


json_values = st.recursive(
    st.none() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner,
                                                                 max_size=3),
    max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, max_size=30))
def test_the_head_is_the_first_records_a_whole_walk_finds(values: list[Any]) -> None:
    assert head_records(values) == records(values)[:20]
    with walked_once():
        records(values[:20])
        assert head_records(values) == records(values)[:20]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([{"data": [{"id": "1", "text": "x"}]}, {"meta": {}}, 7,
                                 {"errors": []}]), max_size=12))
def test_mostly_pages_answers_as_counting_them_all(values: list[Any]) -> None:
    pages = sum(map(is_x_api, values))
    assert _mostly_pages(values) == (pages * 2 > len(values))


def _lines(*records_: Any) -> str:
    return "\n".join(json.dumps(record) for record in records_)


def test_a_hostile_first_line_costs_its_own_line_not_the_dump() -> None:
    """An X API page, a v1.1 tweet or a Threads page first, then twarc2's tweets: each read
    by its own shape, every tweet kept."""
    tweets = [_tweet(n) for n in range(1, 41)]
    firsts = [{"data": [{"id": "9", "text": "Seite https://welt.ltd/x"}],
               "meta": {"result_count": 1}},
              {"id_str": "8", "text": "v1.1", "user": {"id_str": "3", "screen_name": "v"}},
              {"data": [{"id": "7", "text": "t", "media_product_type": "THREADS"}]}]
    for first in firsts:
        dump = parse_dump(_lines(first, *tweets))
        ids = {post.post_id for post in dump.posts}
        assert {tweet["id"] for tweet in tweets} <= ids, first


def test_a_head_of_another_shape_does_not_take_the_dump() -> None:
    """Most of the first twenty lines X API pages, then a thousand twarc2 tweets: the head
    names a shape, the pass over every line finds two, and each line is read by its own."""
    pages: list[dict[str, Any]] = [{"data": [{"id": str(9000 + n), "text": f"Seite {n}"}],
                                    "meta": {"result_count": 1}} for n in range(15)]
    tweets = [_tweet(n, 501 + n % 7) for n in range(1, 1001)]
    dump = parse_dump(_lines(*pages[:15], *tweets[:5], *tweets[5:]))
    ids = {post.post_id for post in dump.posts}
    assert {tweet["id"] for tweet in tweets} <= ids
    assert {page["data"][0]["id"] for page in pages} <= ids
