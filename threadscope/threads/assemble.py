"""Pieces → threads: grouping, ordering by index, missing and repeated posts.

Each numbered piece joins the most recently touched open thread it fits, else starts a new one:

- an author never joins another author's thread (interleaved threads split by author);
- an index already in the thread starts a new thread (indices restart at 1, or a second
  thread with the same total) unless the text is the same: then it is a duplicate;
- a post joins a thread with the same total first; a different total joins only when the
  index continues the thread's last post and the total grows with it (``1/8``, ``2/14``: the
  author grew the thread; pasted in reverse, ``3/14``, ``2/14``, ``1/8``, it still does), so
  two threads with different totals pasted interleaved come apart again;
- ``n/`` posts join open-ended threads, and ``n/n`` or ``/end`` closes one.

Only the last ``WINDOW`` open threads are candidates, which keeps a dump of a hundred thousand
``1/2`` lines linear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from threadscope.models import Post, Thread
from threadscope.threads.markers import Kind
from threadscope.threads.segment import (
    Piece,
    Segments,
    Style,
    split_lead,
    split_overflow,
    split_tail,
)

WINDOW = 64
_LAST = 1 << 62


@dataclass(slots=True)
class _Draft:
    """A thread being built (mutable on purpose: it only lives inside ``assemble``; slotted:
    its fields are read for every post placed)."""

    author: str | None
    posts: dict[int, Post] = field(default_factory=dict)
    last_index: int = 0
    duplicates: set[int] = field(default_factory=set)
    trailing: list[str] = field(default_factory=list)
    closed_at: int | None = None
    tails: dict[int, Piece] = field(default_factory=dict)
    """Pieces whose text has paragraphs after a blank line (opening style), by index."""

    any_total: bool = False
    highest: int = 0
    lowest: int = 0
    """Whether any post so far declared a total (else the thread is open-ended: ``1/``, …)."""
    latest_total: int | None = None
    """The total of the post added last (``last_index``)."""
    norms: dict[int, int] = field(default_factory=dict)
    """Each post's text, normalised once and hashed (``_norm``), for spotting duplicates."""

    def fits(self, piece: Piece, *, exact: bool) -> bool:
        """Whether ``piece`` belongs here: ``exact`` by its total, else by continuing the index.

        Exact: the same total as the thread's last post, or both open-ended (``n/``).
        Continuing: the index is one past the thread's last post in the direction the thread is
        being pasted (up, or down for a reversed paste), and the total grows that way too.
        """
        post = piece.post
        if self.closed_at is not None or post.author != self.author:
            return False
        if piece.kind is Kind.END:
            return exact
        index = post.index
        if index is None or index in self.posts:
            return False
        if exact:
            if post.total is None:
                return not self.any_total
            return self.any_total and post.total == self.last_total()
        return self._continues(index, post.total)

    def _continues(self, index: int, total: int | None) -> bool:
        last = self.last_total()
        if index == self.last_index + 1 and self.last_index == self.highest:
            return total is None or last is None or total >= last
        if index == self.last_index - 1 and self.last_index == self.lowest:
            return total is None or last is None or total <= last
        return False

    def last_total(self) -> int | None:
        return self.latest_total

    def add(self, piece: Piece, norm: int | None = None) -> None:
        post = piece.post
        if piece.kind is Kind.END:
            post = replace(post, index=max(self.posts, default=0) + 1)
        assert post.index is not None
        # n/n after 1/, 2/ …: the closing post of an open-ended thread
        closes_open = (
            piece.kind is Kind.NUMBERED and bool(self.posts) and not self.any_total
            and post.index == post.total
        )
        self.posts[post.index] = post
        self.norms[post.index] = _norm(post.text) if norm is None else norm
        if piece.tail:
            self.tails[post.index] = piece
        self.last_index = post.index
        self.latest_total = post.total
        if post.index > self.highest:
            self.highest = post.index
        if not self.lowest or post.index < self.lowest:
            self.lowest = post.index
        if post.total is not None:
            self.any_total = True
        if piece.kind is Kind.END or closes_open:
            self.closed_at = post.index


def _norm(text: str) -> int:
    """The post's text with spaces folded (a paste rewraps lines), as a hash: a million-line
    dump need not hold a second copy of every post to spot one pasted twice (str hashes
    are salted per process, so no text can be made to collide on purpose).

    Most posts are lines of single-spaced words: their line breaks made spaces are already
    the folded text, and that is checked without cutting the text into words (every
    whitespace character but the space is unprintable)."""
    folded = text.replace("\n", " ")
    if folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " ":
        return hash(folded)
    return hash(" ".join(text.split()))


@dataclass(frozen=True)
class Assembled:
    threads: tuple[Thread, ...]
    unthreaded: tuple[str, ...]


def assemble(segments: Segments) -> Assembled:
    """Group pieces into threads in order of first appearance; keep every leftover text."""
    drafts: list[_Draft] = []
    # (line, text) so that texts from single-post "threads" keep their place in the dump
    unthreaded: list[tuple[int, str]] = [(0, segments.before)] if segments.before else []
    previous: _Draft | None = None
    seen: dict[tuple[str | None, int, int], _Draft] = {}
    layout = _Layout(segments.style, segments.limit)
    for piece in segments.pieces:
        if piece.kind is None:
            unthreaded.append((piece.post.line, piece.post.text))
            continue
        draft = _place(drafts, piece, previous, seen, layout)
        if draft is None:  # "/end" with no thread before it to end
            unthreaded.append((piece.post.line, piece.post.text))
            continue
        previous = draft
    if previous is not None:
        release_tail(previous, layout)
    if segments.after:
        if previous is not None:
            previous.trailing.append(segments.after)
        else:
            unthreaded.append((_LAST, segments.after))
    threads, lone = _finish(drafts)
    texts = sorted([*unthreaded, *lone], key=lambda item: item[0])
    return Assembled(threads, tuple(text for _, text in texts if text.strip()))


@dataclass(frozen=True)
class _Layout:
    """How the dump's posts stand: where markers sit, and the length posts keep to."""

    style: Style = Style.CLOSING
    limit: int | None = None


def _place(drafts: list[_Draft], piece: Piece, previous: _Draft | None,
           seen: dict[tuple[str | None, int, int], _Draft],
           layout: _Layout = _Layout()) -> _Draft | None:
    """The draft ``piece`` joins (or repeats), a new one, or None for an ``/end`` alone.

    ``seen`` maps (author, index, normalised text) to the draft holding that post, so a post
    pasted twice is found in one lookup however many threads lie between the copies.
    """
    index = piece.post.index
    norm = _norm(piece.post.text)  # once per post: the duplicate key and the draft's copy
    if index is not None:
        repeated = seen.get((piece.post.author, index, norm))
        if repeated is not None:
            repeated.duplicates.add(index)
            return repeated
    # The thread of the previous piece first, then the others from the most recent back.
    draft = previous if previous is not None and previous.fits(piece, exact=True) else None
    if draft is None:
        draft = _first_fit(_open_drafts(drafts, previous, piece), piece)
    if draft is None:
        if piece.kind is Kind.END:
            return None
        if previous is not None:
            lead, piece = split_lead(piece)
            if not lead and layout.style is Style.CLOSING:
                lead, piece = split_overflow(piece, layout.limit)
            if lead:
                previous.trailing.append(lead)
                norm = _norm(piece.post.text)
            release_tail(previous, layout)
        draft = _Draft(author=piece.post.author)
        drafts.append(draft)
    draft.add(piece, norm)
    seen[(draft.author, draft.last_index, draft.norms[draft.last_index])] = draft
    return draft


def _open_drafts(drafts: list[_Draft], previous: _Draft | None, piece: Piece) -> list[_Draft]:
    """The drafts ``piece`` may join, the previous piece's first, then from the most recent
    back: what ``fits`` rules out first, without a call per draft. Most drafts already hold
    a thread's first post, so a new thread's ``1/n`` is checked against few."""
    author, index = piece.post.author, piece.post.index
    recent = drafts[-WINDOW:] if previous is None else [*drafts[-WINDOW:], previous]
    recent.reverse()  # the previous draft first, then the most recent back
    if index is not None:  # the index the draft already holds rules out the most
        recent = [d for d in recent if index not in d.posts]
    found = [d for d in recent if d.author == author and d.closed_at is None]
    return [d for k, d in enumerate(found) if d is not previous or k == 0]


def _first_fit(candidates: list[_Draft], piece: Piece) -> _Draft | None:
    """The first candidate that ``fits`` the piece exactly, else the first it continues.

    The candidates are open, by the piece's author and lack its index (``_open_drafts``), so
    of ``fits`` only the comparison of totals, or of indices, is left to do."""
    index, total = piece.post.index, piece.post.total
    if piece.kind is Kind.END:
        return candidates[0] if candidates else None
    if index is None:
        return None
    if total is None:
        exact = next((d for d in candidates if not d.any_total), None)
    else:
        exact = next((d for d in candidates if d.any_total and d.latest_total == total), None)
    return exact or next((d for d in candidates if d._continues(index, total)), None)


def release_tail(draft: _Draft, layout: _Layout = _Layout()) -> None:
    """Opening style: paragraphs after a blank line in a thread's last post are trailing, and
    so are the lines past the post length the dump keeps to."""
    last = max(draft.posts, default=None)
    if last is None or layout.style is not Style.OPENING:
        return
    if last in draft.tails:
        piece, tail = split_tail(draft.tails.pop(last))
    else:
        tail, piece = split_overflow(Piece(draft.posts[last], None), layout.limit,
                                     keep_end=False)
    if not tail:
        return
    draft.posts[last] = replace(draft.posts[last], text=piece.post.text)
    draft.norms[last] = _norm(piece.post.text)
    draft.trailing.append(tail)


def _finish(drafts: Sequence[_Draft]) -> tuple[tuple[Thread, ...], list[tuple[int, str]]]:
    threads: list[Thread] = []
    lone: list[tuple[int, str]] = []
    for draft in drafts:
        posts = tuple(draft.posts[i] for i in sorted(draft.posts))
        hint_only = len(posts) == 1 and posts[0].total is None and not draft.duplicates
        if hint_only and posts[0].index == 1 and not draft.trailing:
            lone.append((posts[0].line, posts[0].text))
            continue
        threads.append(_thread(len(threads) + 1, draft, posts))
    return tuple(threads), lone


def _thread(number: int, draft: _Draft, posts: tuple[Post, ...]) -> Thread:
    totals = tuple(dict.fromkeys(p.total for p in posts if p.total is not None))
    total = totals[-1] if totals else None
    top = total if total is not None else max(draft.posts)
    present = set(draft.posts)
    missing = tuple(i for i in range(1, max(top, max(present)) + 1) if i not in present)
    return Thread(
        id=number,
        author=draft.author,
        author_kind=next((p.author_kind for p in posts if p.author == draft.author), None),
        total=total,
        declared_totals=totals,
        posts=posts,
        missing=missing,
        duplicates=tuple(sorted(draft.duplicates)),
        trailing="\n\n".join(draft.trailing) or None,
        head_missing=1 in missing,
    )
