from __future__ import annotations

import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.models import Post
from threadscope.threads.markers import Kind, find_marker
from threadscope.threads.segment import (
    Piece,
    Style,
    _segment,
    choose_style,
    plausible,
    segment_posts,
    segment_text,
    split_lead,
    split_overflow,
    weighted_length,
)


def test_closing_style_cuts_after_the_marker() -> None:
    segments = segment_text("Titel\nText eins\n1/2\nText zwei\n2/2\nNachsatz\n")
    assert segments.style is Style.CLOSING
    assert [(p.post.text, p.post.line, p.post.index) for p in segments.pieces] == [
        ("Titel\nText eins", 1, 1), ("Text zwei", 4, 2)]
    assert segments.after == "Nachsatz"


def test_opening_style_cuts_before_the_marker() -> None:
    segments = segment_text("Vorwort\n\n1/ Erster\nweiter\n2/ Zweiter\n")
    assert segments.style is Style.OPENING
    assert [p.post.text for p in segments.pieces] == ["Erster\nweiter", "Zweiter"]
    assert segments.before == "Vorwort"


def test_alone_markers_decide_by_the_first_one() -> None:
    assert choose_style([find_marker("1/3"), None, find_marker("2/3")], 0) is Style.OPENING
    assert choose_style([None, find_marker("1/3"), None, find_marker("2/3")], 0) is Style.CLOSING
    assert choose_style([], 0) is Style.CLOSING


def test_fraction_without_sequence_is_text() -> None:
    lone = [find_marker("Das sind 3/4"), None]
    assert plausible(lone) == [None, None]
    kept = [find_marker("a 1/4"), find_marker("b 3/4")]
    assert plausible(kept) == kept  # a shared total keeps both


def test_inner_thread_emoji_is_decoration() -> None:
    segments = segment_text("Titel 🧵\nText\n1/2\nZwei\n2/2\n")
    assert [p.post.text for p in segments.pieces] == ["Titel 🧵\nText", "Zwei"]
    hinted = segment_text("Titel 🧵\nZwei 2/2\n")
    assert [p.kind for p in hinted.pieces] == [Kind.HINT, Kind.NUMBERED]


def test_blank_line_lead_is_split_off() -> None:
    segments = segment_text("a\n1/1\nNachtrag\n\nNeuer Text\n1/2\n")
    lead, piece = split_lead(segments.pieces[1])
    assert lead == "Nachtrag" and piece.post.text == "Neuer Text" and piece.post.line == 5


def test_posts_marker_under_a_link_card() -> None:
    posts = [Post("Text 3/3\nhttps://t.co/AbCdEfGhIj", 9, author="a")]
    (piece,) = segment_posts(posts, check=False).pieces
    assert (piece.post.index, piece.post.total, piece.post.text) == (
        3, 3, "Text\nhttps://t.co/AbCdEfGhIj")
    (plain,) = segment_posts([Post("nur Text", 1)]).pieces
    assert plain.kind is None
    (lone,) = segment_posts(posts).pieces  # a middle post alone: its number may be prose
    assert lone.kind is None and lone.post.text == posts[0].text


WORDS = ["wort", "@a", "https://t.co/abc", "zeit.de/x", "langlanglang", "a.b.c"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join),
                min_size=2, max_size=8), st.integers(10, 120), st.booleans())
def test_overflow_cut_is_the_longest_part_that_fits(lines: list[str], limit: int,
                                                    keep_end: bool) -> None:
    """Measured line by line, the same cut as measuring every candidate text whole."""
    text = "\n".join(lines)
    cut, piece = split_overflow(Piece(Post(text, 1), None), limit, keep_end=keep_end)
    expected = ""
    if weighted_length(text) > limit:
        order = range(1, len(lines)) if keep_end else range(len(lines) - 1, 0, -1)
        for k in order:
            own = lines[k:] if keep_end else lines[:k]
            if weighted_length("\n".join(own)) <= limit:
                expected = "\n".join(lines[:k] if keep_end else lines[k:]).strip()
                break
    assert cut == expected
    if cut:
        assert weighted_length(piece.post.text) <= limit


def test_weighted_length_counts_links_as_23() -> None:
    assert weighted_length("@a @b Text https://t.co/x zeit.de/a/b") == len("Text ") + 23 + 1 + 23
    assert weighted_length("a.b.c " * 3) == 18  # no path: not a link


def test_a_closing_marker_above_a_polls_options_is_found() -> None:
    """A Mastodon poll's options end the post's text (``POLL_OPTION`` lines): the marker is
    the last line above them, and they stay under the text."""
    from threadscope.threads.segment import post_marker

    found = post_marker(Post("Stimmt ab. 7/7\n\n[ ] Ja\n[ ] Nein", 1))
    assert found is not None
    marker, text = found
    assert (marker.index, marker.total) == (7, 7)
    assert text == "Stimmt ab.\n\n[ ] Ja\n[ ] Nein"
    opening = post_marker(Post("2/ Stimmt ab.\n\n[ ] Ja", 1))
    assert opening is not None and opening[1] == "Stimmt ab.\n\n[ ] Ja"
    assert post_marker(Post("[ ] Ja 1/2", 1)) is not None  # no poll above which to look
    assert post_marker(Post("Stimmt ab.\n[ ] Ja\n[ ] Nein 2/2", 1)) is not None


_SEPARATORS = ["\n", "\n\n", "\r\n", "\r", "\u2028", "\x0c", " ", ""]
_PARTS = ["1/3", "2/3", "3/3", "1/", "2/", "/2", "🧵", "x", "Text eins", "welt.ltd/a", "@lena_h",
          "1/4 Babst: Die Regierung hat heute erklärt 2/4 und", "(1/2)", "[2/2]", "9/11",
          "lag bei 3/4 der Berechtigten, mehr als erwartet bei 4/4", "3/ Dritter", "\t"]


@given(st.lists(st.tuples(st.sampled_from(_PARTS), st.sampled_from(_SEPARATORS)), max_size=60),
       st.integers(min_value=1, max_value=40))
@settings(max_examples=300)
def test_the_text_is_read_alike_in_pieces_of_any_size(
    parts: list[tuple[str, str]], chunk: int
) -> None:
    """Segmenting reads the lines a piece of the text at a time (``CHUNK`` characters): where
    the pieces end changes nothing, a run's neighbours and a post across pieces included."""
    text = "".join(part + separator for part, separator in parts)
    assert _segment(text, chunk) == segment_text(text)


def test_blank_lines_are_not_held_one_by_one() -> None:
    """A list of every line, and a marker or None for each, cost some 50 bytes a line:
    540 MB for 10 MB of newlines. Memory counted by tracemalloc, not timed."""
    posts = "Titel 1/2" + "\n" * 900_000 + "Ende 2/2" + "\n" * 900_000
    for text in ("\n" * 2_000_000, "ab\n" * 700_000, posts):
        tracemalloc.start()
        try:
            segment_text(text)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 10 * len(text), (len(text), peak)
