"""Text → pieces: one piece per numbered post, cut at its marker.

Whether markers close posts (``… text 3/22``, the common way on X) or open them
(``3/ text …``) is decided once per dump from the evidence: markers with text before them on
their line vote for closing, markers with text after them vote for opening; a marker alone on
its line votes by where the first one stands (first line of the text: opening; text before it:
closing). Ties go to closing. A marker in the losing position is read as text.

Blank lines matter between threads. With closing markers, text between one thread's last
marker and the next thread's first marker is the next thread's first post, unless a blank line
separates it: then the paragraphs before the last blank line are the previous thread's
``trailing`` text (``split_lead``). With opening markers the mirror rule holds for the
paragraphs after the first blank line of a thread's last post.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from threadscope.models import Post
from threadscope.threads.markers import (
    Kind,
    Marker,
    Position,
    closing_marker,
    find_marker,
    is_link_line,
    opening_marker,
)

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")


class Style(enum.StrEnum):
    CLOSING = "closing"
    OPENING = "opening"


@dataclass(frozen=True)
class Piece:
    """One post cut from the dump, with the marker that numbered it (None: unnumbered)."""

    post: Post
    kind: Kind | None
    lead: str | None = None
    """Closing style: paragraphs before a blank line, trailing text if this post opens a thread."""
    tail: str | None = None
    """Opening style: paragraphs after a blank line, trailing text if this post ends a thread."""


@dataclass(frozen=True)
class Segments:
    pieces: tuple[Piece, ...]
    before: str = ""
    """Text before the first piece that belongs to none (opening style)."""
    after: str = ""
    """Text after the last marker (closing style): the last thread's trailing text."""
    style: Style = Style.CLOSING


def segment_text(text: str) -> Segments:
    """Plain text → pieces in order of appearance, nothing lost."""
    lines = text.splitlines()
    found = [find_marker(line) for line in lines]
    style = choose_style(found, _first_text_line(lines))
    markers = plausible([_in_style(m, line, style) for m, line in zip(found, lines, strict=True)])
    markers = drop_inner_hints(markers)
    if style is Style.CLOSING:
        return _closing(lines, markers)
    return _opening(lines, markers)


def _first_text_line(lines: Sequence[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def choose_style(found: Sequence[Marker | None], first_text: int = 0) -> Style:
    """Closing or opening markers, by majority; markers alone on their lines decide by the
    first one: standing on the text's first line it opens posts, with text before it it closes.
    """
    markers = [m for m in found if m is not None and m.kind is not Kind.HINT]
    votes = Counter(m.position for m in markers)
    if votes[Position.OPENING] > votes[Position.CLOSING]:
        return Style.OPENING
    if votes[Position.CLOSING] or not votes[Position.ALONE]:
        return Style.CLOSING
    first_marker = next(i for i, m in enumerate(found) if m is not None and m.kind is not Kind.HINT)
    return Style.OPENING if first_marker == first_text else Style.CLOSING


def _in_style(marker: Marker | None, line: str, style: Style) -> Marker | None:
    """Re-read a line's marker for the chosen style; a marker in the wrong position is text."""
    if marker is None:
        return None
    if style is Style.CLOSING:
        return marker if marker.position is not Position.OPENING else None
    if marker.position is Position.CLOSING:
        return opening_marker(line)
    return marker


def plausible(markers: list[Marker | None]) -> list[Marker | None]:
    """Drop lone numbers that fit no sequence (a fraction in prose such as ``3/4``).

    A marker stays when it is a first post, shares its total with another marker, or has a
    neighbouring index; a thread of which only one middle post was pasted is lost as a thread
    but kept as text.
    """
    numbered = [m for m in markers if m is not None and m.index is not None]
    totals = Counter(m.total for m in numbered)
    indices = Counter((m.index, m.total is None) for m in numbered)

    def keep(m: Marker) -> bool:
        if m.index is None or m.index == 1 or m.kind is Kind.HINT:
            return True
        if m.total is not None and totals[m.total] > 1:
            return True
        return any(indices[(m.index + d, open_)] for d in (-1, 1) for open_ in (True, False))

    return [m if m is not None and keep(m) else None for m in markers]


def drop_inner_hints(markers: list[Marker | None]) -> list[Marker | None]:
    """A 🧵 inside a thread's first post is decoration, not a post boundary.

    ``Title 🧵`` followed by ``… 1/22`` is one post; ``Title 🧵`` followed by ``… 2/5`` is
    post 1 of an unnumbered first post. So a hint counts only when the next marker is not 1.
    """
    out = list(markers)
    upcoming: Marker | None = None
    for i in range(len(out) - 1, -1, -1):
        marker = out[i]
        if marker is None:
            continue
        if marker.kind is Kind.HINT and (upcoming is None or upcoming.index in (None, 1)):
            out[i] = None
            continue
        upcoming = marker
    return out


def _closing(lines: Sequence[str], markers: Sequence[Marker | None]) -> Segments:
    pieces: list[Piece] = []
    start = 0
    for i, marker in enumerate(markers):
        if marker is None:
            continue
        body = [*lines[start:i], marker.rest] if marker.rest else list(lines[start:i])
        pieces.append(_piece(body, start, marker, lead=True))
        start = i + 1
    return Segments(tuple(pieces), after=_join(lines[start:]), style=Style.CLOSING)


def _opening(lines: Sequence[str], markers: Sequence[Marker | None]) -> Segments:
    starts = [i for i, m in enumerate(markers) if m is not None]
    pieces: list[Piece] = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        marker = markers[i]
        assert marker is not None
        pieces.append(_piece([marker.rest, *lines[i + 1 : end]], i, marker, lead=False))
    first = starts[0] if starts else len(lines)
    return Segments(tuple(pieces), before=_join(lines[:first]), style=Style.OPENING)


def _piece(body: list[str], start: int, marker: Marker, *, lead: bool) -> Piece:
    offset = _first_text_line(body)
    text = _join(body)
    post = Post(text=text, line=start + offset + 1, index=marker.index, total=marker.total)
    blanks = list(_BLANK.finditer(text))
    if not blanks:
        return Piece(post, marker.kind)
    if lead:
        return Piece(post, marker.kind, lead=text[: blanks[-1].start()].strip())
    return Piece(post, marker.kind, tail=text[blanks[0].end() :].strip())


def split_lead(piece: Piece) -> tuple[str, Piece]:
    """(paragraphs before the last blank line, the piece without them)."""
    if not piece.lead:
        return "", piece
    text = piece.post.text
    own = _BLANK.split(text)[-1].strip()
    skipped = text[: text.rfind(own)].count("\n")
    post = replace(piece.post, text=own, line=piece.post.line + skipped)
    return piece.lead, replace(piece, post=post, lead=None)


def split_tail(piece: Piece) -> tuple[Piece, str]:
    """(the piece without its trailing paragraphs, those paragraphs)."""
    if not piece.tail:
        return piece, ""
    own = _BLANK.split(piece.post.text)[0].strip()
    return replace(piece, post=replace(piece.post, text=own), tail=None), piece.tail


def segment_posts(posts: Sequence[Post]) -> Segments:
    """Posts that are already apart (web copy): each post's marker from its last or first line."""
    return Segments(tuple(_numbered(post) for post in posts))


def number_runs(segments: Segments) -> Segments:
    """Web copy of an unnumbered thread: an author's consecutive unmarked posts, in page order.

    X shows a thread as the author's posts one below the other; when the author did not number
    them, a run of two or more posts by one handle (or the posts right after the author's 🧵
    post) is read as a thread numbered by position, ``1/``, ``2/`` …
    """
    pieces = list(segments.pieces)
    i = 0
    while i < len(pieces):
        j = i
        author = pieces[i].post.author
        while j < len(pieces) and pieces[j].kind is None and author is not None and (
            pieces[j].post.author == author
        ):
            j += 1
        hinted = i > 0 and pieces[i - 1].kind is Kind.HINT and pieces[i - 1].post.author == author
        if j - i >= 2 or (j > i and hinted):
            first = 2 if hinted else 1
            for k in range(i, j):
                post = replace(pieces[k].post, index=first + k - i)
                pieces[k] = replace(pieces[k], post=post, kind=Kind.OPEN)
        i = max(j, i + 1)
    return replace(segments, pieces=tuple(pieces))


def _numbered(post: Post) -> Piece:
    lines = post.text.strip().splitlines()
    if not lines:
        return Piece(post, None)
    for cut in (1, 2):  # the marker's line, or the line before a link card under it
        if len(lines) < cut or (cut == 2 and not is_link_line(lines[-1])):
            break
        last = closing_marker(lines[-cut])
        if last is not None:
            text = _join([*lines[:-cut], last.rest, *lines[len(lines) - cut + 1 :]])
            return Piece(replace(post, text=text, index=last.index, total=last.total), last.kind)
    first = opening_marker(lines[0])
    if first is not None:
        text = _join([first.rest, *lines[1:]])
        return Piece(replace(post, text=text, index=first.index, total=first.total), first.kind)
    return Piece(post, None)


def _join(lines: Sequence[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()
