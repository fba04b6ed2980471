"""A Mastodon status or a Reddit comment fetched again after an edit, among API answers of
other endpoints saved one a line: ``bots`` streams it as one post, the latest version with
the links the earlier had, and ``thread`` and ``audit`` read it whole the same way (they
kept both versions, and the thread showed the first: the edit, and the look-alike link it
brought in, were not seen)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.ingest.versions import one_each
from threadscope.models import Post
from threadscope.pipeline import audit
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bots"
REFETCHED = {
    # file: (the post fetched twice, its words now, the link edited in, the link edited away)
    "mastodon_answers_status_refetched.jsonl": (
        "1151000000000301", "aktuelle Werte: https://pegelonline-wsv.info/start",
        "https://pegelonline-wsv.info/start", "https://www.pegelonline.wsv.de/gast/start"),
    "reddit_answers_comment_refetched.jsonl": (
        "t1_lq3a1b2", "die echten Werte stehen hier", "https://pegelonline-wsv.info/messung",
        None),
}


def _posts(posts: tuple[Post, ...] | list[Post]) -> list[Post]:
    return [replace(post, line=0) for post in posts]


@pytest.mark.parametrize("name", sorted(REFETCHED))
def test_read_whole_the_versions_are_one_post_as_streamed(name: str) -> None:
    post_id, now, _, away = REFETCHED[name]
    dump = parse_dump((FIXTURES / name).read_text("utf-8"))
    assert _posts(dump.posts) == _posts(list(open_replies(str(FIXTURES / name))))
    # the Mastodon status is also the one its context answer was requested for: context
    (post,) = [post for post in (*dump.posts, *dump.context) if post.post_id == post_id]
    assert now in post.text
    assert post.edited_away == ((away,) if away else ())
    assert [post.line for post in dump.posts] == list(range(1, len(dump.posts) + 1))


@pytest.mark.parametrize("name", sorted(REFETCHED))
def test_thread_and_audit_show_the_latest_version(name: str) -> None:
    post_id, now, edited_in, away = REFETCHED[name]
    text = (FIXTURES / name).read_text("utf-8")
    shown = [post for thread in reassemble(text).threads for post in thread.posts
             if post.post_id == post_id]
    assert all(now in post.text for post in shown)
    report = audit(text)  # no network given: offline
    found = {link.url for link in report.links}
    assert edited_in in found and (away is None or away in found)


def test_one_each_folds_only_where_the_stream_folds() -> None:
    """Reddit and Mastodon versions fold; another platform's are each passed on (an edit
    must not hide what the first version linked); the same post unchanged is one."""
    first = Post(text="a https://welt.de/x", line=1, post_id="1", author="anna",
                 urls=("https://welt.de/x",))
    edit = replace(first, line=2, text="a https://welt.ltd/x", urls=("https://welt.ltd/x",),
                   edited_at="2025-01-01T10:00:00Z")
    again = replace(first, line=3)
    assert one_each((first, again), "snscrape") == (first, again)  # whole reads kept both
    assert one_each((first, edit), "mixed") == (first, edit)
    (folded,) = one_each((first, edit, again), "reddit")
    assert folded.text == edit.text and folded.line == 1
    assert folded.urls == ("https://welt.ltd/x", "https://welt.de/x")
    assert folded.edited_away == ("https://welt.de/x",)


def test_a_refetched_version_among_other_answers_in_an_array_is_folded_too() -> None:
    """``json.dump(answers)``: the same answers saved as one array read alike."""
    text = (FIXTURES / "reddit_answers_comment_refetched.jsonl").read_text("utf-8")
    answers = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert parse_dump(json.dumps(answers)).posts == parse_dump(text).posts
