"""API answers of several endpoints saved one a line, as client libraries record them (tweepy's,
PRAW's and Mastodon.py's test cassettes): users, lists, relationships, instance notes and
errors between the timelines. ``bots`` streams them line by line, each line recognised on its
own; ``thread`` and ``audit`` read them whole, and must read the same posts. The fixtures copy
the answers' shapes; the words, accounts and links are made up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots" / "api_answers"
"""Apart from the other JSON Lines fixtures (``fixtures/*/*.jsonl``, which must read alike
saved as one JSON array): saved as one array, these answers are read alike only because some
of them are pages (``test_the_same_answers_saved_as_one_array_read_alike``), where an array
of records most of which are of no known shape is read as text
(``test_records_mostly_of_no_known_shape_are_still_text``)."""
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


@pytest.mark.parametrize("name", sorted(ANSWERS))
@pytest.mark.parametrize("indent", [None, 2])
def test_the_same_answers_saved_as_one_array_read_alike(name: str, indent: int | None,
                                                        tmp_path: Path) -> None:
    """``json.dump(answers)`` (twarc's, a custom script's): the array was read as text, JSON
    of no known shape, where the same answers one a line gave their posts; ``bots`` reads the
    array whole and the lines streamed."""
    text = (FIXTURES / name).read_text("utf-8")
    answers = [json.loads(line) for line in text.splitlines() if line.strip()]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, indent=indent), "utf-8")
    dump = parse_dump(path.read_text("utf-8"))
    assert dump == parse_dump(text)
    assert dump.format == ANSWERS[name]
    assert _ids_and_texts(open_replies(str(path))) == _ids_and_texts(dump.posts)


def test_an_array_of_answers_past_its_head_is_read_whole() -> None:
    """Told by the first 20 items, read to its end: a page saved after many users."""
    text = (FIXTURES / "x_api_v2_answers.jsonl").read_text("utf-8")
    answers = [json.loads(line) for line in text.splitlines() if line.strip()]
    pages = [answer for answer in answers if parse_dump(json.dumps(answer)).posts]
    users = [{"data": {"id": str(n), "name": "N", "username": f"u{n}"}} for n in range(30)]
    dump = parse_dump(json.dumps([*pages, *users, *pages[:1]]))
    assert dump.format == "x-api-v2"
    assert dump.warnings[0] == "30 record(s) of no known shape skipped"
    assert len(dump.posts) == len(parse_dump(text).posts) + len(parse_dump(
        json.dumps(pages[0])).posts)


@pytest.mark.parametrize("array", [
    "[" + ",".join(["[" * 3000 + "]" * 3000] * 2) + "]",
    '[{"data": [{"id": "1", "text": "a"}, {"id": "2", "text": "b"}], "includes": '
    + "[" * 5000 + "]" * 5000 + '}, {"x": 1}, {"data": [{"id": "3", "text": "c"}]}, {"y": 1}]',
    '[{"data": [{"id": "1", "text": "a"}, {"id": "2", "text": "b"}]}, {"a": 1}, '
    '{"data": {"id": "3", "text": "c"}}, ' + '{"data": ' * 3000 + "1" + "}" * 3000 + "]",
])
def test_a_deep_array_of_answers_gives_a_result_or_one_line(array: str,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(array, "utf-8")
    done = subprocess.run([sys.executable, "-m", "threadscope", "bots", str(path),
                           "--offline"], capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr
    assert done.returncode != 2 or len(done.stderr.strip().splitlines()) == 1
    assert parse_dump(array).format in ("text", "x-api-v2")


ANSWER_LINES = {name: [line for line in (FIXTURES / name).read_text("utf-8").splitlines()
                       if line.strip()] for name in ANSWERS}


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(ANSWERS)), data=st.data())
def test_answers_saved_as_one_array_read_as_one_a_line_or_as_text(name: str,
                                                                 data: st.DataObject) -> None:
    """One API's answers of the fixtures, any of them, in any order, repeated: an array
    and the same answers one a line, both read for posts, give the same posts, each once (a
    status saved twice is one post to a reader that reads the two together, two to one
    reading them apart: ``PostStream`` and ``Dump.all_posts`` count it once). Where one is
    text the rules differ: lines need two answers with posts, an array one page more when
    most of its items are of no known shape (and a short array of one shape is read as it,
    as it was)."""
    pool = ANSWER_LINES[name]
    lines = data.draw(st.lists(st.sampled_from(pool), min_size=2, max_size=12))
    array = parse_dump("[" + ",\n".join(lines) + "]")
    as_lines = parse_dump("\n".join(lines))
    if "text" not in (array.format, as_lines.format):
        assert (list(dict.fromkeys(_ids_and_texts(array.posts)))
                == list(dict.fromkeys(_ids_and_texts(as_lines.posts))))
