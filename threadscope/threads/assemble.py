"""Pieces → threads: grouping, ordering by index, missing and repeated posts.

Each numbered piece joins the most recently touched open thread it fits, else starts a new one:

- an author never joins another author's thread (interleaved threads split by author);
- an index already in the thread starts a new thread (indices restart at 1, or a second
  thread with the same total) unless the text is the same: then it is a duplicate;
- a different total joins only when the index continues the previous one (``1/8``, ``2/14``:
  the author grew the thread; pasted in reverse, ``3/14``, ``2/14``, ``1/8``, it still does);
- ``n/`` posts join open-ended threads, and ``n/n`` or ``/end`` closes one.

Only the last ``WINDOW`` open threads are candidates, which keeps a dump of a hundred thousand
``1/2`` lines linear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from threadscope.models import Post, Thread
from threadscope.threads.markers import Kind
from threadscope.threads.segment import Piece, Segments, split_lead, split_tail

WINDOW = 64
_SPACE = re.compile(r"\s+")


@dataclass
class _Draft:
    """A thread being built (mutable on purpose: it only lives inside ``assemble``)."""

    author: str | None
    posts: dict[int, Post] = field(default_factory=dict)
    last_index: int = 0
    duplicates: set[int] = field(default_factory=set)
    trailing: list[str] = field(default_factory=list)
    closed_at: int | None = None
    tails: dict[int, Piece] = field(default_factory=dict)
    """Pieces whose text has paragraphs after a blank line (opening style), by index."""

    def totals(self) -> list[int]:
        return [p.total for _, p in sorted(self.posts.items()) if p.total is not None]

    def fits(self, piece: Piece) -> bool:
        post = piece.post
        if self.closed_at is not None or post.author != self.author:
            return False
        if piece.kind is Kind.END:
            return True
        index = post.index
        if index is None or index in self.posts:
            return False
        continues = abs(index - self.last_index) == 1
        totals = self.totals()
        if post.total is None:
            return not totals or continues
        if not totals:
            return continues
        return post.total == self.last_total() or continues

    def last_total(self) -> int | None:
        last = self.posts.get(self.last_index)
        return last.total if last is not None else None

    def same_text(self, piece: Piece) -> bool:
        index = piece.post.index
        if index is None or index not in self.posts or piece.post.author != self.author:
            return False
        return _norm(self.posts[index].text) == _norm(piece.post.text)

    def add(self, piece: Piece) -> None:
        post = piece.post
        if piece.kind is Kind.END:
            post = replace(post, index=max(self.posts, default=0) + 1)
        assert post.index is not None
        self.posts[post.index] = post
        if piece.tail:
            self.tails[post.index] = piece
        self.last_index = post.index
        if piece.kind is Kind.END or (
            piece.kind is Kind.NUMBERED and not self.totals()[:-1] and _all_open(self, post)
        ):
            self.closed_at = post.index


def _all_open(draft: _Draft, closing: Post) -> bool:
    """``n/n`` after ``1/``, ``2/`` …: the closing post of an open-ended thread."""
    others = [p for i, p in draft.posts.items() if i != closing.index]
    return bool(others) and closing.index == closing.total and all(p.total is None for p in others)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Assembled:
    threads: tuple[Thread, ...]
    unthreaded: tuple[str, ...]


def assemble(segments: Segments) -> Assembled:
    """Group pieces into threads in order of first appearance; keep every leftover text."""
    drafts: list[_Draft] = []
    unthreaded: list[str] = [segments.before] if segments.before else []
    previous: _Draft | None = None
    for piece in segments.pieces:
        if piece.kind is None:
            unthreaded.append(piece.post.text)
            continue
        draft = _place(drafts, piece, previous)
        previous = draft
    if previous is not None:
        release_tail(previous)
    if segments.after:
        if previous is not None:
            previous.trailing.append(segments.after)
        else:
            unthreaded.append(segments.after)
    threads, lone = _finish(drafts)
    return Assembled(threads, tuple(t for t in (*unthreaded, *lone) if t.strip()))


def _place(drafts: list[_Draft], piece: Piece, previous: _Draft | None) -> _Draft:
    recent = sorted(drafts[-WINDOW:], key=lambda d: d is not previous)
    for draft in recent:
        if draft.same_text(piece):
            draft.duplicates.add(piece.post.index or 0)
            return draft
    for draft in recent:
        if draft.fits(piece):
            draft.add(piece)
            return draft
    if previous is not None:
        lead, piece = split_lead(piece)
        if lead:
            previous.trailing.append(lead)
        release_tail(previous)
    draft = _Draft(author=piece.post.author)
    draft.add(piece if piece.kind is not Kind.END else replace(piece, kind=Kind.OPEN))
    drafts.append(draft)
    return draft


def release_tail(draft: _Draft) -> None:
    """Opening style: paragraphs after a blank line in a thread's last post are trailing."""
    last = max(draft.posts, default=None)
    if last is None or last not in draft.tails:
        return
    piece, tail = split_tail(draft.tails.pop(last))
    draft.posts[last] = replace(draft.posts[last], text=piece.post.text)
    draft.trailing.append(tail)


def _finish(drafts: Sequence[_Draft]) -> tuple[tuple[Thread, ...], list[str]]:
    threads: list[Thread] = []
    lone: list[str] = []
    for draft in drafts:
        posts = tuple(draft.posts[i] for i in sorted(draft.posts))
        hint_only = len(posts) == 1 and posts[0].total is None and not draft.duplicates
        if hint_only and posts[0].index == 1 and not draft.trailing:
            lone.append(posts[0].text)
            continue
        threads.append(_thread(len(threads) + 1, draft, posts))
    return tuple(threads), lone


def _thread(number: int, draft: _Draft, posts: tuple[Post, ...]) -> Thread:
    totals = tuple(dict.fromkeys(p.total for p in posts if p.total is not None))
    total = totals[-1] if totals else None
    top = total if total is not None else max(draft.posts)
    present = set(draft.posts)
    return Thread(
        id=number,
        author=draft.author,
        total=total,
        declared_totals=totals,
        posts=posts,
        missing=tuple(i for i in range(1, max(top, max(present)) + 1) if i not in present),
        duplicates=tuple(sorted(draft.duplicates)),
        trailing="\n\n".join(draft.trailing) or None,
    )
