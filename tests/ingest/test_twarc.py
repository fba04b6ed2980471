from __future__ import annotations

from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.models import PostKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_flattened_tweets_with_inline_authors_and_references() -> None:
    dump = parse_dump((FIXTURES / "twarc2_flat.jsonl").read_text("utf-8"))
    assert dump.format == "twarc2" and dump.warnings == ()
    assert [p.author for p in dump.posts] == [
        "lena_hartmann_dis", "lena_hartmann_dis", "lena_hartmann_dis", "lena_hartmann_dis",
        "KarlMeier48213077", "faktencheck_ana", "historiker_tom"]
    assert [p.kind for p in dump.posts] == [
        PostKind.ORIGINAL, PostKind.REPLY, PostKind.REPLY, PostKind.REPOST, PostKind.REPLY,
        PostKind.QUOTE, PostKind.REPLY]
    thread_end = dump.posts[2]
    assert thread_end.text.startswith("Die Links sind verkürzt & führen")  # &amp; unescaped
    assert thread_end.urls == ("https://welt.ltd/a",)
    assert thread_end.reply_to_author == "lena_hartmann_dis"
    assert dump.posts[3].repost_of == "1797000000000000450"
    assert dump.posts[6].reply_to_author == "KarlMeier48213077"
    assert dump.posts[0].author_created_at == "2015-04-02T10:00:00Z"
    # the retweeted and the quoted tweet came inline: context, as includes.tweets are
    assert {p.author for p in dump.context} == {"osint_mo", "medienwatch_de"}


def test_a_truncated_line_costs_only_that_line() -> None:
    dump = parse_dump((FIXTURES / "twarc2_flat_truncated.jsonl").read_text("utf-8"))
    assert dump.format == "twarc2" and len(dump.posts) == 6
    assert "KarlMeier48213077" not in {p.author for p in dump.posts}
    (warning,) = dump.warnings
    assert warning.startswith("JSON Lines: line 5 not valid JSON") and "6 record(s)" in warning


def test_unseen_references_are_gaps_when_others_came_inline() -> None:
    text = (
        '{"id": "2", "text": "b", "author_id": "1", "author": {"id": "1", "username": "a"},'
        ' "referenced_tweets":'
        ' [{"type": "replied_to", "id": "1", "text": "a", "author_id": "1"}]}\n'
        '{"id": "4", "text": "d", "author_id": "1", "author": {"id": "1", "username": "a"},'
        ' "referenced_tweets": [{"type": "replied_to", "id": "3"}]}\n'
    )
    dump = parse_dump(text)
    assert dump.gaps == ("3",) and [p.post_id for p in dump.context] == ["1"]
    assert "deleted or not visible" in dump.warnings[-1]


def test_an_odd_record_among_the_tweets_is_skipped_not_the_dump() -> None:
    lines = (FIXTURES / "twarc2_flat.jsonl").read_text("utf-8").splitlines()
    odd = '{"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}'
    dump = parse_dump("\n".join([lines[0], odd, *lines[1:]]))
    assert dump.format == "twarc2" and len(dump.posts) == 7
    assert dump.warnings == ("twarc2: 1 record(s) that are not tweets skipped",)
