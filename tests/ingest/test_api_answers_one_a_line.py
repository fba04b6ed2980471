"""API answers of several endpoints saved one a line, as client libraries record them (tweepy's,
PRAW's and Mastodon.py's test cassettes): users, lists, relationships, instance notes and
errors between the timelines. ``bots`` streams them line by line, each line recognised on its
own; ``thread`` and ``audit`` read them whole, and must read the same posts. The fixtures copy
the answers' shapes; the words, accounts and links are made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots" / "api_answers"
"""Apart from the other JSON Lines fixtures (``fixtures/*/*.jsonl``, which must read alike
saved as one JSON array): an array of records most of which are of no known shape is read
as text (``test_records_mostly_of_no_known_shape_are_still_text``), as these lines were."""
ANSWERS = {
    "x_api_v1_answers.jsonl": "x-archive",
    "x_api_v2_answers.jsonl": "x-api-v2",
    "mastodon_api_answers.jsonl": "mastodon",
    "reddit_api_answers.jsonl": "reddit",
}


def _ids_and_texts(posts: object) -> list[tuple[str | None, str]]:
    return [(post.post_id, post.text) for post in posts]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "shape"), sorted(ANSWERS.items()))
def test_whole_reads_the_posts_the_stream_reads(name: str, shape: str) -> None:
    """Read whole, such a file was JSON of no known shape (its first lines are no posts),
    read as plain text: no posts, where ``bots`` read every one."""
    path = FIXTURES / name
    dump = parse_dump(path.read_text("utf-8"))
    stream = open_replies(str(path))
    streamed = list(stream)
    assert dump.format == stream.format == shape
    assert len(dump.posts) >= 3
    assert _ids_and_texts(dump.posts) == _ids_and_texts(streamed)
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    without_posts = sum(not parse_dump(line).posts for line in lines)
    assert dump.warnings[0] == f"{without_posts} record(s) of no known shape skipped"


def test_an_x_thread_among_v1_answers_is_reassembled() -> None:
    result = reassemble((FIXTURES / "x_api_v1_answers.jsonl").read_text("utf-8"))
    (thread,) = result.threads
    assert thread.author == "kies_chronik" and not thread.missing
    assert [post.post_id for post in thread.posts] == [
        "1230000000000000001", "1230000000000000002", "1230000000000000003"]


def test_v1_answers_after_a_timeline_are_no_archive_records_skipped(tmp_path: Path) -> None:
    """Timelines first: the records together looked like an X archive's, and the user and
    the list saved after them were counted as "records that are not tweets", whole answers
    taken for records; each line is read on its own instead, as the stream reads it."""
    lines = (FIXTURES / "x_api_v1_answers.jsonl").read_text("utf-8").splitlines()
    timeline, single, user, listed = lines[3], lines[5], lines[1], lines[0]
    text = "\n".join([timeline, single, user, listed]) + "\n"
    dump = parse_dump(text)
    path = tmp_path / "answers.jsonl"
    path.write_text(text, "utf-8")
    stream = open_replies(str(path))
    assert _ids_and_texts(dump.posts) == _ids_and_texts(list(stream))
    assert dump.format == stream.format == "x-archive"
    assert dump.warnings == ("2 record(s) of no known shape skipped",)
