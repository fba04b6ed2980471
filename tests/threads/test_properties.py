"""Generated threads, pasted shuffled, reversed, twice, or interleaved, come back the same."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.models import Reassembly
from threadscope.threads import reassemble

WORDS = ("Klon", "Seite", "Domain", "Bericht", "Quelle", "Antwort", "Link", "Netz", "Karte",
         "prüfen", "gefunden", "neu", "alt", "heute", "morgen", "echt", "falsch", "und")

sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(" ".join)


@st.composite
def thread_texts(draw: st.DrawFn, count: int) -> list[list[str]]:
    """``count`` complete threads of unique sentences (sizes 2..7)."""
    sizes = draw(st.lists(st.integers(2, 7), min_size=count, max_size=count))
    texts = draw(st.lists(sentence, min_size=sum(sizes), max_size=sum(sizes), unique=True))
    out, at = [], 0
    for size in sizes:
        out.append([f"P{at + i} {t}" for i, t in enumerate(texts[at : at + size])])
        at += size
    return out


def blocks(thread: list[str]) -> list[str]:
    total = len(thread)
    return [f"{text}\n{i}/{total}" for i, text in enumerate(thread, 1)]


def summary(result: Reassembly) -> list[tuple[object, ...]]:
    return [(t.author, t.total, tuple((p.index, p.text) for p in t.posts), t.missing)
            for t in result.threads]


def expected(threads: list[list[str]], authors: list[str | None] | None = None
             ) -> list[tuple[object, ...]]:
    authors = authors or [None] * len(threads)
    return [(a, len(t), tuple(enumerate(t, 1)), ()) for a, t in zip(authors, threads, strict=True)]


@settings(max_examples=60, deadline=None)
@given(thread_texts(1), st.randoms(use_true_random=False))
def test_shuffled_thread(threads: list[list[str]], rnd: random.Random) -> None:
    pieces = blocks(threads[0])
    rnd.shuffle(pieces)
    result = reassemble("\n".join(pieces))
    assert summary(result) == expected(threads) and result.unthreaded == ()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(thread_texts))
def test_consecutive_threads_each_reversed(threads: list[list[str]]) -> None:
    text = "\n".join(block for t in threads for block in reversed(blocks(t)))
    assert summary(reassemble(text)) == expected(threads)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(thread_texts), st.data())
def test_duplicated_posts(threads: list[list[str]], data: st.DataObject) -> None:
    pasted: list[str] = []
    doubled: list[set[int]] = []
    for thread in threads:
        own = blocks(thread)
        again = data.draw(st.sets(st.integers(1, len(own))))
        doubled.append(again)
        for i, block in enumerate(own, 1):
            pasted.extend([block, block] if i in again else [block])
    result = reassemble("\n".join(pasted))
    assert summary(result) == expected(threads)
    assert [set(t.duplicates) for t in result.threads] == doubled


def web_post(author: str, text: str) -> str:
    return f"Name {author}\n@{author}\n·\nJul 14\n{text}\n3\n1.2K"


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 3).flatmap(thread_texts), st.data())
def test_interleaved_authors_in_web_copy(threads: list[list[str]], data: st.DataObject) -> None:
    authors = [f"author_{i}" for i in range(len(threads))]
    queues = [[(a, f"{text} {i}/{len(t)}") for i, text in enumerate(t, 1)]
              for a, t in zip(authors, threads, strict=True)]
    pasted: list[str] = []
    while any(queues):
        queue = data.draw(st.sampled_from([q for q in queues if q]))
        pasted.append(web_post(*queue.pop(0)))
    result = reassemble("\n".join(pasted))
    assert result.format == "x-web"
    got = sorted(summary(result), key=lambda s: str(s[0]))
    assert got == expected(threads, list(authors))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 3).flatmap(thread_texts), st.data())
def test_interleaved_plain_threads_with_different_totals(
    threads: list[list[str]], data: st.DataObject
) -> None:
    """Without authors, different totals tell interleaved threads apart."""
    sizes = {len(t) for t in threads}
    if len(sizes) < len(threads):
        return  # same totals and no authors: genuinely ambiguous, split only by author
    queues = [blocks(t) for t in threads]
    pasted: list[str] = []
    while any(queues):
        pasted.append(data.draw(st.sampled_from([q for q in queues if q])).pop(0))
    result = reassemble("\n".join(pasted))
    got = sorted(summary(result), key=lambda s: str(s[1]))
    assert got == sorted(expected(threads), key=lambda s: str(s[1]))


@settings(max_examples=40, deadline=None)
@given(thread_texts(1), st.integers(2, 5), st.booleans())
def test_growing_total_in_order_or_reversed(
    threads: list[list[str]], first_total: int, reverse: bool
) -> None:
    (thread,) = threads
    final = len(thread) + 6
    pieces = [f"{text}\n{i}/{first_total if i == 1 else final}"
              for i, text in enumerate(thread, 1)]
    result = reassemble("\n".join(reversed(pieces) if reverse else pieces))
    (got,) = result.threads
    assert got.declared_totals == (first_total, final) and got.total == final
    assert [p.text for p in got.posts] == thread


STYLES = ("closing", "paren-total", "paren-n", "glued", "slash-first", "reader")


def styled(thread: list[str], style: str) -> list[str]:
    """The thread's posts written in one of the marker styles people use, one per line
    (``reader``: a thread-reader page, two posts to a line)."""
    n = len(thread)
    if style == "closing":
        return [f"{t} {i}/{n}" for i, t in enumerate(thread, 1)]
    if style == "paren-total":
        return [f"({i}/{n}) {t}" for i, t in enumerate(thread, 1)]
    if style == "paren-n":
        return [f"({i}/n) {t}" for i, t in enumerate(thread, 1)]
    if style == "glued":
        return [f"{i}/{t}" for i, t in enumerate(thread, 1)]
    if style == "slash-first":
        return [f"{t} /{i}" for i, t in enumerate(thread, 1)]
    posts = [f"{t} {i}/{n}" for i, t in enumerate(thread, 1)]
    return [" ".join(posts[k : k + 2]) for k in range(0, n, 2)]


@settings(max_examples=80, deadline=None)
@given(thread_texts(1), st.sampled_from(STYLES), st.randoms(use_true_random=False))
def test_marker_styles_in_any_order(threads: list[list[str]], style: str,
                                    rnd: random.Random) -> None:
    (thread,) = threads
    thread = [f"{t} steht im Text" for t in thread]  # a post has text between its markers
    lines = styled(thread, style)
    if style != "reader":
        rnd.shuffle(lines)
    (got,) = reassemble("\n".join(lines)).threads
    numbered = style in ("closing", "paren-total", "reader")
    assert got.total == (len(thread) if numbered else None)
    assert [(p.index, p.text) for p in got.posts] == list(enumerate(thread, 1))
    assert got.missing == () and not got.head_missing


@st.composite
def prose_numbers(draw: st.DrawFn, k: int) -> str:
    """The ``k``-th sentence ending in a date, a fraction, a score or a percentage. Numbers
    differ from sentence to sentence and from the threads' (``3/3`` after a thread's ``2/2``,
    or ``9/20`` and ``10/20``, are posts of a thread as far as any reader can tell)."""
    a = 9 + 10 * k + draw(st.integers(0, 2))
    b = a + draw(st.integers(0, 5))
    token = draw(st.sampled_from([f"{a}/{b}", f"{a}/{b}/2023", f"{b}/{a}%", f"({a}/{b}",
                                  f"{a:02d}/{b}", f"{b + 1}/{a}"]))
    return f"{draw(sentence)} {token}"


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 3).flatmap(thread_texts), st.data())
def test_numbers_in_prose_are_kept_as_text(threads: list[list[str]], data: st.DataObject
                                           ) -> None:
    count = data.draw(st.integers(1, 4))
    prose = [data.draw(prose_numbers(k)) for k in range(count)]
    text = "\n".join(block for t in threads for block in blocks(t))
    result = reassemble(text + "\n\n" + "\n".join(prose))
    assert summary(result) == expected(threads)
    assert result.threads[-1].trailing == "\n".join(prose)
