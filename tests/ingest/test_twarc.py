from __future__ import annotations

import json
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.dump import Dump
from threadscope.ingest.replies import PostStream, open_replies
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


def _flat(tweet_id: int, handle: str, *, answered: str | None = None,
          reference: dict[str, object] | None = None) -> str:
    """One of twarc2's flattened tweets by account 9000 under ``handle``, answering account
    2222 inline, with the given referenced tweet (bare, or merged with its text)."""
    tweet: dict[str, object] = {
        "id": str(tweet_id), "text": f"Lest das welt.ltd/a {tweet_id}", "author_id": "9000",
        "author": {"id": "9000", "username": handle, "name": "Maria"},
        "in_reply_to_user_id": "2222", "conversation_id": "1",
        "in_reply_to_user": {"id": "2222", "username": answered or "target", "name": "T"},
        "referenced_tweets": [reference or {"type": "replied_to", "id": "1"}]}
    return json.dumps(tweet) + "\n"


def _streamed_and_whole(text: str, tmp_path: Path) -> tuple[PostStream, Dump]:
    path = tmp_path / "flat.jsonl"
    path.write_text(text, "utf-8")
    return open_replies(str(path)), parse_dump(text)


def test_an_account_renamed_between_lines_is_one_account_streamed_and_whole(
        tmp_path: Path) -> None:
    """twarc2's flattened tweets carry their author inline, as fetched: a search run again a
    week later shows a bot under its new handle. Read line by line, its old handle and its
    new one were two accounts, a coordinated cluster of itself; now, as X API v2 pages, one
    account (``XUserFacts``), each post under the latest handle, the rename said."""
    text = (_flat(11, "maria_old") + _flat(12, "maria_old", answered="target_old")
            + _flat(13, "maria_new"))
    stream, whole = _streamed_and_whole(text, tmp_path)
    streamed = [(p.author, p.reply_to_author) for p in stream]
    assert streamed == [(p.author, p.reply_to_author) for p in whole.posts]
    assert streamed == [("maria_new", "target")] * 3
    said = [w for w in whole.warnings if "renamed" in w]
    assert said == [w for w in stream.warnings if "renamed" in w]
    assert said == ["twarc2: 2 account(s) renamed within the dump, each post shown under its "
                    "account's latest handle: target_old → target (id 2222), maria_old → "
                    "maria_new (id 9000)"]


def test_a_referenced_tweet_under_an_old_handle_is_shown_under_the_latest(
        tmp_path: Path) -> None:
    """A tweet quoted inline (context) keeps the handle its author had when it was fetched;
    its author's later tweets show the new one: the context post is the same account's."""
    quoted = {"type": "quoted", "id": "7", "text": "Original", "author_id": "9000",
              "author": {"id": "9000", "username": "maria_old"}}
    text = _flat(11, "maria_old", reference={"type": "replied_to", "id": "1"})
    text += _flat(12, "maria_old", reference=quoted)
    text += _flat(13, "maria_new")
    stream, whole = _streamed_and_whole(text, tmp_path)
    list(stream)
    assert [(p.post_id, p.author) for p in stream.context] == [
        (p.post_id, p.author) for p in whole.context] == [("7", "maria_new")]


def test_a_reference_one_line_leaves_bare_and_another_holds_is_no_gap(tmp_path: Path) -> None:
    """Line 2 answers tweet 11 without its text; line 1 is tweet 11. Read whole, no gap;
    streamed, line 2 alone said "1 referenced post deleted or not visible". Now the gaps are
    counted once the dump has ended, streamed as whole, over every line (two truly missing
    tweets, on two lines, are 2, where a stream said the first line's 1)."""
    inline = {"type": "quoted", "id": "5", "text": "seen", "author_id": "2222"}
    held = _flat(11, "maria", reference=inline) + _flat(
        12, "maria", reference={"type": "replied_to", "id": "11"})
    stream, whole = _streamed_and_whole(held, tmp_path)
    list(stream)
    assert stream.warnings == list(whole.warnings) == []
    missing = _flat(11, "maria", reference=inline) + _flat(
        12, "maria", reference={"type": "replied_to", "id": "3"}) + _flat(
        13, "maria", reference={"type": "replied_to", "id": "4"})
    stream, whole = _streamed_and_whole(missing, tmp_path)
    list(stream)
    assert stream.warnings == list(whole.warnings) == [
        "twarc2: 2 referenced post(s) deleted or not visible"]
    assert whole.gaps == ("3", "4")
