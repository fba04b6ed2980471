from __future__ import annotations

from pathlib import Path

from threadscope.ingest import Dump
from threadscope.models import Post
from threadscope.threads import reassemble
from threadscope.threads.structured import build_chains, reassemble_structured

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def run(name: str) -> tuple[list[tuple[object, ...]], tuple[str, ...]]:
    result = reassemble((FIXTURES / name).read_text("utf-8"))
    return [(t.author, t.total, tuple(p.index for p in t.posts), t.missing, t.duplicates)
            for t in result.threads], result.unthreaded


def test_x_api_reply_chain_and_marker_gap() -> None:
    threads, unthreaded = run("x_api_v2.json")
    assert threads == [("lena_hartmann_dis", 5, (1, 2, 3, 5), (4,), ())]
    assert len(unthreaded) == 1 and "erfunden" in unthreaded[0]


def test_x_api_pages_in_any_order_with_an_overlap() -> None:
    threads, _ = run("x_api_v2_pages.jsonl")
    assert threads == [("lena_hartmann_dis", 5, (1, 2, 3, 5), (4,), (3,))]


def test_archive_reply_graph_orders_the_thread() -> None:
    result = reassemble((FIXTURES / "tweets.js").read_text("utf-8"))
    (thread,) = result.threads
    assert [p.text for p in thread.posts] == [
        "Drei Dinge, die ich aus einem Jahr Recherche gelernt habe",
        "Erstens: Klon-Seiten sehen echt aus. https://t.co/Ab12Cd34Ef",
        "Und drittens: immer die Domain prüfen.",
    ]
    assert result.unthreaded == ("Guten Morgen, heute wird es sonnig.",)


def test_bluesky_not_found_parent_is_a_gap() -> None:
    threads, unthreaded = run("bluesky_thread.json")
    assert threads == [("mira.bsky.social", 5, (3, 4, 5), (1, 2), ())]
    assert unthreaded == ("Danke fürs Zusammentragen!",)


def test_mastodon_status_between_ancestors_and_descendants() -> None:
    result = reassemble((FIXTURES / "mastodon_context.json").read_text("utf-8"))
    (thread,) = result.threads
    assert [p.index for p in thread.posts] == [1, 2, 3, 4] and thread.missing == ()
    assert thread.posts[2].urls == ("https://www.zeit.de/digital/2024/klone",)
    assert result.format == "mastodon"


def test_unnumbered_chain_gets_positions_and_gap() -> None:
    posts = (
        Post("Anfang", 1, author="a", post_id="1", conversation_id="1"),
        Post("weiter", 2, author="a", post_id="2", reply_to="1", conversation_id="1"),
        Post("nach Lücke", 3, author="a", post_id="4", reply_to="3", conversation_id="1"),
        Post("fremd", 4, author="b", post_id="5", reply_to="2", conversation_id="1"),
    )
    result = reassemble_structured(Dump("bluesky", posts, gaps=("3",)))
    (thread,) = result.threads
    assert [(p.index, p.text) for p in thread.posts] == [
        (1, "Anfang"), (2, "weiter"), (4, "nach Lücke")]
    assert thread.missing == (3,) and result.unthreaded == ("fremd",)


def test_reply_cycles_and_branches_lose_nothing() -> None:
    posts = [
        Post("x", 1, author="a", post_id="1", reply_to="2"),
        Post("y", 2, author="a", post_id="2", reply_to="1"),
        Post("root", 3, author="a", post_id="3"),
        Post("k1", 4, author="a", post_id="4", reply_to="3"),
        Post("k2", 5, author="a", post_id="5", reply_to="3"),
    ]
    chains = build_chains(posts)
    assert sorted(p.text for chain in chains for p in chain if p) == ["k1", "k2", "root", "x", "y"]


def test_a_name_and_a_handle_that_read_alike_never_make_one_thread() -> None:
    """A Telegram sender named ``anna`` is not the X account ``@anna`` (records of both in
    one file): her ``2/2`` answering a post the dump lacks does not continue his ``1/2``."""
    from threadscope.models import AuthorKind

    posts = (
        Post("Thread über Kies 1/2", 1, author="anna", author_kind=AuthorKind.HANDLE,
             post_id="1", created_at="2024-01-01T10:00:00Z"),
        Post("und weiter 2/2", 2, author="anna", author_kind=AuthorKind.NAME, post_id="t9",
             reply_to="gone", created_at="2024-01-01T10:05:00Z"),
    )
    assembled = reassemble_structured(Dump("mixed", posts, gaps=("gone",)))
    assert [[p.author_kind for p in t.posts if p] for t in assembled.threads] == [
        [AuthorKind.HANDLE], [AuthorKind.NAME]]


def test_a_youtube_video_is_what_comments_answer_not_a_text_in_no_thread() -> None:
    # A videos.list answer beside the comments (read for the videos' publish times): the
    # titles "Messwerte 2020" and "Update 2024" are no comment, in no thread's listing.
    bots = FIXTURES.parent / "bots"
    published = reassemble((bots / "youtube_api_two_videos_published.jsonl").read_text("utf-8"))
    alone = reassemble((bots / "youtube_api_two_videos.jsonl").read_text("utf-8"))
    assert published.format == "youtube"
    assert "Messwerte 2020" not in published.unthreaded
    assert (published.threads, published.unthreaded) == (alone.threads, alone.unthreaded)
