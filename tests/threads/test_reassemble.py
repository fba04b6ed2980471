"""The acceptance target: the real thread dump the project was created from."""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.shared import shared_file
from threadscope.threads import reassemble

EXAMPLE = "examples/003_b7ef94e99e87645a.txt"


def test_example_dump_gives_six_threads() -> None:
    example = shared_file(EXAMPLE)
    result = reassemble(example.read_text("utf-8"), source=str(example))
    summary = [(t.total, t.declared_totals, tuple(p.index for p in t.posts), t.missing)
               for t in result.threads]
    assert summary == [
        (22, (22,), (1, 3, *range(5, 23)), (2, 4)),
        (25, (25,), (1, 2, 3), tuple(range(4, 26))),
        (24, (24,), (1, 2, 3), tuple(range(4, 25))),
        (4, (4,), (1, 2), (3, 4)),
        (12, (12,), (1, 2, 3), tuple(range(4, 13))),
        (14, (8, 14), (1, 2, 3), tuple(range(4, 15))),
    ]
    first, second, *_, grown = result.threads
    assert first.posts[0].line == 1 and first.posts[0].text.endswith("nirgendwo hin führt:")
    # the addendum after 22/22 is too long to share 1/25 with its first words: thread 1's
    assert first.trailing is not None and first.trailing.startswith("Hier ergänzend die Best")
    assert second.posts[0].text.startswith("Was geschieht mit Menschen")
    assert second.posts[0].line == 90 and second.posts[0].text.endswith("Nicht immer:")
    logan = next(p for p in first.posts if p.index == 18)
    assert logan.text.endswith("Logan Act:\nde.wikipedia.org/wiki/Logan_Act")
    assert "Track 1,5 ist eine Mischform." in first.posts[1].text
    assert grown.posts[1].text.endswith("\nhttps://t.co/cykVk0lJUJWelt.de")
    assert grown.posts[0].text.endswith("Denen bin ich mal nachgegangen: 🧵")
    assert all(t.duplicates == () and t.author is None for t in result.threads)
    assert result.unthreaded == () and result.format == "text"


def test_control_characters_survive_as_text() -> None:
    (thread,) = reassemble("a\x1b[2J\n1/2\nb\u202e\n2/2\n").threads
    assert thread.posts[0].text == "a\x1b[2J"  # the report layer makes them visible


TOKENS = ("1/2", "2/2", "(3/5)", "[2/5]", "/end", "🧵", "@a_b", "·", "2h", "Jul 14", "", "Text",
          "1/", "2/", "3/3", "https://t.co/x", "12/03/2023", "3/4", "Name", "Replying to", "1.2K",
          "{", "[", '"data"', "window.YTD.tweets.part0 = [", "\x00", "\u202e", "\r")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TOKENS), max_size=4).map(" ".join), max_size=30))
def test_hostile_marker_soup_never_raises_and_keeps_posts_ordered(lines: list[str]) -> None:
    result = reassemble("\n".join(lines))
    for thread in result.threads:
        indices = [p.index for p in thread.posts]
        assert indices == sorted(set(indices)) and None not in indices
        assert not set(thread.missing) & set(indices)
        if thread.total is not None:
            assert thread.total in thread.declared_totals


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_any_text_gives_a_result(text: str) -> None:
    result = reassemble(text)
    assert result.format in {"text", "x-web", "x-api-v2", "x-archive", "bluesky", "mastodon"}


def test_garbage_collector_left_as_it_was() -> None:
    """``reassemble`` pauses the cyclic collector while it builds posts: never for good."""
    text = "Erster Teil 1/2\nZweiter Teil 2/2\n"
    assert gc.isenabled()
    reassemble(text)
    assert gc.isenabled()
    gc.disable()
    try:
        reassemble(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_json_of_unknown_shape_is_reassembled_from_its_text_values() -> None:
    export = ('{"posts": [{"n": 2, "t": "2/2 Ende: https:\\/\\/welt.ltd\\/a"},'
              ' {"n": 1, "t": "1/2 Anfang", "meta": {"admin.report": true}}]}')
    report = reassemble(export)
    assert [post.text for post in report.threads[0].posts] == [
        "Anfang", "Ende: https://welt.ltd/a"]
    assert "admin.report" not in repr(report)


def test_a_numbered_first_post_ending_in_a_thread_emoji_keeps_its_number() -> None:
    """``1/4 Ein Thread … 🧵``: X's most common first post. The 🧵 read as an unnumbered
    first post hid its declared total, and kept ``1/4`` in its text."""
    copied = "".join(f"Lena\n@lena\n·\n14. Juli\n{post}\n" for post in (
        "1/4 Ein Thread zu den Fake-Seiten 🧵", "2/4 Zuerst welt.ltd"))  # X's web page
    [thread] = reassemble(copied).threads
    first = thread.posts[0]
    assert (first.index, first.total, first.text) == (1, 4, "Ein Thread zu den Fake-Seiten 🧵")
    assert thread.missing == (3, 4)
