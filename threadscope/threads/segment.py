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
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import compress

from threadscope.models import POLL_OPTION, Post
from threadscope.threads.markers import (
    THREAD,
    Kind,
    Marker,
    Position,
    closing_marker,
    find_marker,
    inner_markers,
    is_link_line,
    opening_marker,
)

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_LEADING_MENTIONS = re.compile(r"(?:@\w{1,30}[^\S\n]+)+")
LIMITS = (280, 300, 500)
"""Post length limits: X, Bluesky, Mastodon (characters; X counts a link as 23)."""
_TOKEN_ANYWHERE = r"(?<!\S)[(\[]?(?:[1-9]\d{0,2}/(?:[1-9]\d{0,2}|[nN])?|/[1-9]\d{0,2})[)\]]?(?!\S)"
_TWO_TOKENS = re.compile(rf"{_TOKEN_ANYWHERE}[^\n]*?[^\S\n]{_TOKEN_ANYWHERE}")
"""Two marker tokens on one line (``markers.inner_markers`` reads them properly)."""
_MIN_GAP = 15
"""Characters of text between two markers on one line for both to count: a post has text."""


class Style(enum.StrEnum):
    CLOSING = "closing"
    OPENING = "opening"


@dataclass(frozen=True, slots=True)
class Piece:
    """One post cut from the dump, with the marker that numbered it (None: unnumbered)."""

    post: Post
    kind: Kind | None
    lead: str | None = None
    """Closing style: paragraphs before a blank line, trailing text if this post opens a thread."""
    tail: str | None = None
    """Opening style: paragraphs after a blank line, trailing text if this post ends a thread."""


@dataclass(frozen=True, slots=True)
class Segments:
    pieces: tuple[Piece, ...]
    before: str = ""
    """Text before the first piece that belongs to none (opening style)."""
    after: str = ""
    """Text after the last marker (closing style): the last thread's trailing text."""
    style: Style = Style.CLOSING
    limit: int | None = None
    """The post length limit the dump's posts keep to (``LIMITS``), None when they keep to
    none: text past it cannot belong to the post it is glued to (``split_overflow``)."""


def segment_text(text: str) -> Segments:
    """Plain text → pieces in order of appearance, nothing lost.

    Two passes over the text's lines (``_virtual_lines``), a piece of the text at a time:
    the first finds the markers, the second cuts the pieces at those kept. Only the marked
    lines are held (and each piece's text as it is built): a list of every line of a large
    dump, and a marker or None for each, cost some 50 bytes a line (540 MB for 10 MB of
    blank lines)."""
    return _segment(text, CHUNK)


CHUNK = 1 << 16
"""Characters of text split into lines at a time (``_line_chunks``)."""


def _segment(text: str, chunk: int) -> Segments:
    cuts: dict[int, list[str]] = {}
    places, found, first_text = _markers_found(_virtual_lines(text, chunk, cuts))
    style = _sparse_style(places, found, first_text)
    if style is Style.CLOSING:  # what ``_in_style`` does, without a call per line
        in_style: list[Marker | None] = [
            m if m.position is not Position.OPENING else None for m in found]
    else:
        in_style = _opening_read(_virtual_lines(text, chunk, cuts, known=True), places, found)
    # plausible and drop_inner_hints read the marked lines in order, nothing else
    kept = drop_inner_hints(plausible(in_style))
    markers = [m for m in kept if m is not None]
    places = array("q", compress(places, kept))
    segments = _cut(_virtual_lines(text, chunk, cuts, known=True), places, markers, style)
    return replace(segments, limit=length_limit(segments.pieces))


_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Where ``str.splitlines`` ends a line."""


def _line_chunks(text: str, chunk: int) -> Iterator[list[str]]:
    """``text.splitlines()`` about ``chunk`` characters at a time, each list but the last of
    more than ``NEARBY`` lines (a run's neighbours are in the lists beside it). Pieces end
    just after a line break, where a line always ends."""
    start = 0
    pending: list[str] = []
    while start < len(text):
        found = _LINE_BREAK.search(text, min(start + chunk, len(text)))
        end = found.end() if found else len(text)
        pending += text[start:end].splitlines()
        start = end
        if len(pending) > NEARBY:
            yield pending
            pending = []
    if pending:
        yield pending


@dataclass(frozen=True, slots=True)
class _Lines:
    """Consecutive lines of the text as segmenting reads them (runs cut: ``split_runs``):
    ``first`` the number of the first among all such lines, ``numbers`` each one's line of
    the source (0-based; None: ``source`` on, one a line)."""

    lines: list[str]
    first: int
    source: int
    numbers: list[int] | None

    def number(self, at: int) -> int:
        """The source line (0-based) of ``lines[at]``."""
        return self.source + at if self.numbers is None else self.numbers[at]


def _virtual_lines(text: str, chunk: int, cuts: dict[int, list[str]], *, known: bool = False
                   ) -> Iterator[_Lines]:
    """The text's lines, with runs cut (``split_runs``), a piece at a time. ``cuts``: the
    lines each run line was cut into, by source line: found here and put in (``known``:
    found by a pass before, and taken from it)."""
    chunks = _line_chunks(text, chunk)
    before: list[str] = []
    current = next(chunks, None)
    first = source = 0
    while current is not None:
        after = next(chunks, None)
        if known:
            cut = {n - source: cuts[n] for n in range(source, source + len(current))
                   if n in cuts} if cuts else {}
        else:
            cut = _run_cuts(before, current, after or [])
            cuts.update((source + n, lines) for n, lines in cut.items())
        lines, numbers = _with_cuts(current, cut)
        if numbers is not None:
            numbers = [source + n for n in numbers]
        yield _Lines(lines, first, source, numbers)
        first += len(lines)
        source += len(current)
        before = current[-NEARBY:]
        current = after


def _markers_found(parts: Iterable[_Lines]) -> tuple[array[int], list[Marker], int]:
    """The number (among the lines: ``_Lines``) of each marked line, its marker, and the
    number of the first line that is not blank (0 when none is)."""
    places = array("q")
    found: list[Marker] = []
    first_text: int | None = None
    for part in parts:
        if first_text is None and (at := _text_line(part.lines)) is not None:
            first_text = part.first + at
        # a line with neither "/" nor 🧵 holds no marker: most lines, asked without a call
        for at, line in enumerate(part.lines):
            if ("/" in line or THREAD in line) and (marker := find_marker(line)) is not None:
                places.append(part.first + at)
                found.append(marker)
    return places, found, first_text or 0


def _sparse_style(places: Sequence[int], found: list[Marker], first_text: int) -> Style:
    """``choose_style`` of the marked lines only, by their numbers."""
    first = next((i for i, m in zip(places, found, strict=True) if m.kind is not Kind.HINT),
                 None)
    return _style_by(found, first is not None and first == first_text)


def _opening_read(parts: Iterable[_Lines], places: Sequence[int], found: list[Marker]
                  ) -> list[Marker | None]:
    """``_in_style`` of each marked line for opening markers: a closing marker's line is
    read again, as an opening one."""
    out: list[Marker | None] = list(found)
    again = [k for k, m in enumerate(found) if m.position is Position.CLOSING]
    upcoming = iter(again)
    k = next(upcoming, None)
    for part in parts:
        end = part.first + len(part.lines)
        while k is not None and places[k] < end:
            out[k] = opening_marker(part.lines[places[k] - part.first])
            k = next(upcoming, None)
        if k is None:
            break
    return out


def split_runs(lines: list[str]) -> tuple[list[str], list[int] | None]:
    """Lines that run several numbered posts together (thread-reader pages: ``… 1/4 Babst: …
    2/4``) cut into one line per post; with the source line of each when any was cut.

    Markers inside a line count only as a run: two or more consecutive indices of one
    thread, each with text between, from the thread's first post or beside a line with
    markers of the same thread (``_total_nearby``), so a date or a fraction in a sentence
    never cuts it.
    A run holds two marker tokens, so two ``/``: only lines with two are scanned for tokens
    (``_TWO_TOKENS``, then ``markers.inner_markers``). One scan of the whole text would read
    every character of a dump with no run; most lines have no second ``/``.
    """
    return _runs_cut([], lines, [])


def _runs_cut(before: list[str], lines: list[str], after: list[str]
              ) -> tuple[list[str], list[int] | None]:
    """``split_runs`` of ``lines``, the lines before and after them read as their
    neighbours; source numbers counted from ``lines[0]``."""
    return _with_cuts(lines, _run_cuts(before, lines, after))


def _run_cuts(before: list[str], lines: list[str], after: list[str]) -> dict[int, list[str]]:
    """The lines each run line of ``lines`` is cut into, by its place."""
    candidates = [i for i, line in enumerate(lines) if line.count("/") > 1]
    if not candidates:
        return {}
    around = [*before[-NEARBY:], *lines, *after[:NEARBY]]
    shift = len(before[-NEARBY:])
    return {i: cut for i in candidates
            if _TWO_TOKENS.search(lines[i]) and (cut := _cut_run(around, i + shift)) is not None}


def _with_cuts(lines: list[str], cuts: dict[int, list[str]]
               ) -> tuple[list[str], list[int] | None]:
    """``lines`` with ``cuts`` (by place) in place of the lines cut, and the place of each
    line that came of them; ``lines`` as they are and None when none was cut."""
    if not cuts:
        return lines, None
    out: list[str] = []
    numbers: list[int] = []
    done = 0
    for i, cut in cuts.items():  # in line order: the lines between cuts are copied whole
        out += lines[done:i]
        numbers += range(done, i)
        out += cut
        numbers += [i] * len(cut)
        done = i + 1
    out += lines[done:]
    numbers += range(done, len(lines))
    return out, numbers


def _cut_run(lines: list[str], number: int) -> list[str] | None:
    line = lines[number]
    found = inner_markers(line)
    if len(found) < 2:
        return None
    in_run = [False] * len(found)
    nearby: dict[int | None, bool] = {}  # per total: a hostile line repeats runs
    for k in range(1, len(found)):
        (_, end, a), (start, _, b) = found[k - 1], found[k]
        follows = a.index is not None and b.index == a.index + 1 and a.total == b.total
        if not follows or len(line[end:start].strip()) < _MIN_GAP:
            continue
        if a.index != 1 and not in_run[k - 1] and a.total not in nearby:
            nearby[a.total] = _total_nearby(lines, number, a.total)
        if a.index == 1 or in_run[k - 1] or nearby[a.total]:
            in_run[k - 1] = in_run[k] = True
    spans = [(start, end) for (start, end, _), keep in zip(found, in_run, strict=True) if keep]
    if not spans:
        return None
    opens = line[: spans[0][0]].strip() in ("", THREAD)
    closes = line[spans[-1][1] :].strip() == ""
    cuts: list[int] = []
    for start, end in spans:
        if opens and not closes:
            cuts.append(start)
        elif closes and not opens:
            cuts.append(end)
        else:  # both edges or neither: the marker alone, the evidence of the dump decides
            cuts.extend((start, end))
    pieces = [line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    return [p for p in pieces if p]


NEARBY = 3
"""Lines before and after a run that may hold the rest of its thread (a blank line or a
link card between two lines of a thread-reader page)."""


def _total_nearby(lines: list[str], number: int, total: int | None) -> bool:
    """A run that does not start a thread (``… lag bei 3/4 der Berechtigten. 4/4``) is one
    only if a neighbouring line holds a marker of the same thread (the page's line before:
    ``… 1/4 … 2/4``): alone, it reads as a fraction in a sentence. Only the few lines around
    are read, so a dump of many such lines costs no more than their number."""
    if total is None:
        return False
    token = f"/{total}"
    around = lines[max(0, number - NEARBY) : number] + lines[number + 1 : number + 1 + NEARBY]
    for text in around:
        if token not in text:
            continue
        marker = find_marker(text)
        if marker is not None and marker.total == total:
            return True
        if any(m.total == total for _, _, m in inner_markers(text)):
            return True
    return False


def _first_text_line(lines: Sequence[str]) -> int:
    found = _text_line(lines)
    return 0 if found is None else found


def _text_line(lines: Sequence[str]) -> int | None:
    """Where the first line that is not blank is, None when all are."""
    for i, line in enumerate(lines):
        if line and not line.isspace():
            return i
    return None


def choose_style(found: Sequence[Marker | None], first_text: int = 0) -> Style:
    """Closing or opening markers, by majority; markers alone on their lines decide by the
    first one: standing on the text's first line it opens posts, with text before it it closes.
    """
    first = next((i for i, m in enumerate(found) if m is not None and m.kind is not Kind.HINT),
                 None)
    return _style_by([m for m in found if m is not None], first is not None and first == first_text)


def _style_by(markers: Sequence[Marker], first_on_first_text: bool) -> Style:
    """``choose_style`` of the markers in order, told whether the first that is no hint
    stands on the text's first line that is not blank."""
    votes = Counter(m.position for m in markers if m.kind is not Kind.HINT)
    if votes[Position.OPENING] > votes[Position.CLOSING]:
        return Style.OPENING
    if votes[Position.CLOSING] or not votes[Position.ALONE]:
        return Style.CLOSING
    return Style.OPENING if first_on_first_text else Style.CLOSING


def _in_style(marker: Marker | None, line: str, style: Style) -> Marker | None:
    """Re-read a line's marker for the chosen style; a marker in the wrong position is text."""
    if marker is None:
        return None
    if style is Style.CLOSING:
        return marker if marker.position is not Position.OPENING else None
    if marker.position is Position.CLOSING:
        return opening_marker(line)
    return marker


def plausible(
    markers: Sequence[Marker | None], authors: Sequence[str | None] | None = None
) -> list[Marker | None]:
    """Drop numbers that fit no sequence: ``before 9/11``, a fraction or a score in prose.

    A marker stays when another marker of the same author shares its total with a different
    index, when the marker next to it in the dump continues it (``1/8`` then ``2/14``: a
    thread that grew), when an open ``n/`` has a neighbouring ``n±1/``, or when it is a first
    post (``1/5`` alone: the rest was not pasted). ``/n`` and glued markers need a
    neighbour. A thread of which one middle post was pasted is lost as a thread but kept as
    text, and a number that is not a marker is never cut from its text.
    """
    by_total: dict[tuple[str | None, int], set[int]] = {}
    open_indices: dict[str | None, Counter[int]] = {}
    sequences: dict[str | None, list[int]] = {}
    # the marked lines only (a dump's lines are mostly unmarked), each author looked up once
    marked = compress(range(len(markers)), markers)
    for i, m in zip(marked, filter(None, markers), strict=True):
        if m.index is None:
            continue
        who = authors[i] if authors is not None else None
        sequences.setdefault(who, []).append(i)  # a 🧵 first post is a neighbour too
        if m.kind is Kind.HINT:
            continue
        if m.total is not None:
            by_total.setdefault((who, m.total), set()).add(m.index)
        else:
            open_indices.setdefault(who, Counter())[m.index] += 1

    def alone(who: str | None, m: Marker) -> bool:
        """No sequence of its own: the neighbours in the dump decide."""
        if m.index is None or m.kind is Kind.HINT or (m.index == 1 and not m.weak):
            return False
        if m.total is not None:
            return len(by_total[(who, m.total)]) < 2
        opens = open_indices[who]
        return not (opens[m.index - 1] or opens[m.index + 1])

    out = list(markers)
    for who, sequence in sequences.items():
        for k, i in enumerate(sequence):
            m = _of(markers[i])
            if not alone(who, m):
                continue
            near = sequence[max(0, k - 1) : k] + sequence[k + 1 : k + 2]
            if m.total is None or not any(_continues(m, _of(markers[j])) for j in near):
                out[i] = None
    return out


def _of(marker: Marker | None) -> Marker:
    assert marker is not None
    return marker


def _continues(m: Marker, other: Marker) -> bool:
    """``other`` is the post before or after ``m`` in a thread whose total grew (or not)."""
    if other.index is None or m.index is None:
        return False
    if other.index == m.index - 1:
        return other.total is None or m.total is None or other.total <= m.total
    if other.index == m.index + 1:
        return other.total is None or m.total is None or other.total >= m.total
    return False


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


class _Body:
    """The text of a piece as its lines come (``_join`` of them, built a piece of the text at
    a time, so a long run of lines is never a list), and the source line of its first line
    and of its first line that is not blank."""

    __slots__ = ("first", "first_text", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.first: int | None = None
        self.first_text: int | None = None

    def add(self, part: _Lines, start: int, end: int) -> None:
        """``part.lines[start:end]``."""
        if start >= end:
            return
        lines = part.lines[start:end]
        joined = "\n".join(map(str.rstrip, lines))
        if self.first is None:
            self.first = part.number(start)
        if self.first_text is None and joined.strip():
            at = _text_line(lines)
            assert at is not None
            self.first_text = part.number(start + at)
        self.parts.append(joined)

    def add_line(self, line: str, number: int) -> None:
        if self.first is None:
            self.first = number
        if self.first_text is None and line and not line.isspace():
            self.first_text = number
        self.parts.append(line.rstrip())

    def text(self) -> str:
        return "\n".join(self.parts).strip()

    def piece(self, marker: Marker, number: int, *, lead: bool) -> Piece:
        """The piece these lines make, numbered by ``marker`` on source line ``number``
        (0-based): where an empty body would start."""
        found = self.first_text if self.first_text is not None else self.first
        return _piece(self.text(), (number if found is None else found) + 1, marker, lead=lead)


def _piece(text: str, line: int, marker: Marker, *, lead: bool) -> Piece:
    post = Post(text=text, line=line, index=marker.index, total=marker.total)
    blanks = list(_BLANK.finditer(text)) if "\n\n" in text else []  # lines were rstripped
    if not blanks:
        return Piece(post, marker.kind)
    if lead:
        return Piece(post, marker.kind, lead=text[: blanks[-1].start()].strip())
    return Piece(post, marker.kind, tail=text[blanks[0].end() :].strip())


def _cut(parts: Iterable[_Lines], places: Sequence[int], markers: Sequence[Marker],
         style: Style) -> Segments:
    """The pieces the kept markers cut the lines into (closing: each marked line ends its
    post, opening: starts it), the lines' text joined as they come."""
    pieces: list[Piece] = []
    body = _Body()  # closing: the next post's, or the text after the last; opening: before
    marked = zip(places, markers, strict=True)
    upcoming = next(marked, None)
    opened: tuple[Marker, int] | None = None  # opening: the post being read, and its line
    for part in parts:
        done = 0
        end = part.first + len(part.lines)
        while upcoming is not None and upcoming[0] < end:
            at, marker = upcoming[0] - part.first, upcoming[1]
            if style is Style.CLOSING and not body.parts:  # the post's lines are at hand
                lines = part.lines[done:at]
                if marker.rest:
                    lines.append(marker.rest)
                head = lines[0] if lines else ""
                offset = 0 if head and not head.isspace() else _first_text_line(lines)
                line = (part.source + done + offset if part.numbers is None
                        else part.numbers[done + offset]) + 1
                pieces.append(_piece(_join(lines), line, marker, lead=True))
                done = at + 1
                upcoming = next(marked, None)
                continue
            number = part.number(at)
            if style is Style.CLOSING:
                body.add(part, done, at)
                if marker.rest:
                    body.add_line(marker.rest, number)
                pieces.append(body.piece(marker, number, lead=True))
            else:
                body.add(part, done, at)
                if opened is None:
                    before = body.text()
                else:
                    pieces.append(body.piece(*opened, lead=False))
                body = _Body()
                body.add_line(marker.rest, number)
                opened = (marker, number)
            if style is Style.CLOSING:
                body = _Body()
            done = at + 1
            upcoming = next(marked, None)
        body.add(part, done, len(part.lines))
    if style is Style.CLOSING:
        return Segments(tuple(pieces), after=body.text(), style=style)
    if opened is None:
        return Segments((), before=body.text(), style=style)
    pieces.append(body.piece(*opened, lead=False))
    return Segments(tuple(pieces), before=before, style=style)


def split_lead(piece: Piece) -> tuple[str, Piece]:
    """(paragraphs before the last blank line, the piece without them)."""
    if not piece.lead:
        return "", piece
    text = piece.post.text
    own = _BLANK.split(text)[-1].strip()
    skipped = text[: text.rfind(own)].count("\n")
    post = replace(piece.post, text=own, line=piece.post.line + skipped)
    return piece.lead, replace(piece, post=post, lead=None)


def weighted_length(text: str) -> int:
    """A post's length as the platforms count it: a link is 23, leading @mentions are free.

    Word by word, no regex: linear on any text (a ``a.a.a.a…`` line of a megabyte too)."""
    mentions = _LEADING_MENTIONS.match(text)
    start = mentions.end() if mentions else 0
    if "/" not in text and "www." not in text:
        return len(text) - start
    links = [w for w in text[start:].split() if _is_link(w)]
    return len(text) - start - sum(map(len, links)) + 23 * len(links)


def _is_link(word: str) -> bool:
    if word.startswith(("http://", "https://", "www.")):
        return True
    host, slash, _ = word.partition("/")
    if not slash or "." not in host:
        return False
    tld = host.rsplit(".", 1)[1]
    return len(tld) >= 2 and tld.isascii() and tld.isalpha()


def length_limit(pieces: Sequence[Piece], sample: int = 2000) -> int | None:
    """The smallest of ``LIMITS`` that four posts in five keep to (a paste that lost some
    markers glues posts together, so not all), or None when posts are longer or too few."""
    if len(pieces) < 8:
        return None
    step = max(1, len(pieces) // sample)
    lengths = sorted(weighted_length(p.post.text) for p in pieces[::step])
    typical = lengths[(len(lengths) * 4) // 5 - 1]
    return next((limit for limit in LIMITS if typical <= limit), None)


def split_overflow(piece: Piece, limit: int | None, *, keep_end: bool = True
                   ) -> tuple[str, Piece]:
    """(lines that cannot be part of the post, the piece without them).

    A post holds at most ``limit`` characters: when the text glued to a thread's first
    post is longer, the lines before the longest ending that fits are no part of it (the
    previous thread's addendum). ``keep_end=False`` is the mirror for opening markers: the
    post keeps its longest beginning, and the lines after it are cut.
    """
    text = piece.post.text
    if limit is None or weighted_length(text) <= limit:
        return "", piece
    lines = text.split("\n")
    # each line measured once: as the first line of the post (leading @mentions free) and
    # inside it (plus its line break); the ending (or beginning) grows line by line
    # "x " stands for the line break before the line and keeps its @mentions counted
    inside = [weighted_length("x " + line) - 1 for line in lines]
    first = [weighted_length(line) for line in lines]
    order = range(1, len(lines)) if keep_end else range(len(lines) - 1, 0, -1)
    if keep_end:
        after = [0] * (len(lines) + 1)
        for k in range(len(lines) - 1, -1, -1):
            after[k] = after[k + 1] + inside[k]
        sizes = {k: first[k] + after[k + 1] for k in order}
    else:
        before = [0] * (len(lines) + 1)
        for k in range(1, len(lines) + 1):
            before[k] = before[k - 1] + inside[k - 1]
        sizes = {k: first[0] + before[k] - inside[0] for k in order}
    for k in order:
        if sizes[k] <= limit:
            cut = "\n".join(lines[:k] if keep_end else lines[k:]).strip()
            kept = "\n".join(lines[k:] if keep_end else lines[:k]).strip()
            line = piece.post.line + (k if keep_end else 0)
            post = replace(piece.post, text=kept, line=line)
            return cut, replace(piece, post=post, lead=None if keep_end else piece.lead,
                                tail=piece.tail if keep_end else None)
    return "", piece


def split_tail(piece: Piece) -> tuple[Piece, str]:
    """(the piece without its trailing paragraphs, those paragraphs)."""
    if not piece.tail:
        return piece, ""
    own = _BLANK.split(piece.post.text)[0].strip()
    return replace(piece, post=replace(piece.post, text=own), tail=None), piece.tail


def segment_posts(posts: Sequence[Post], *, check: bool = True) -> Segments:
    """Posts that are already apart (web copy): each post's marker from its last or first
    line, kept where the author's other markers make it plausible (``check``); a number that
    is no marker stays in the text."""
    found = [post_marker(post) for post in posts]
    markers = [f[0] if f is not None else None for f in found]
    if check:
        markers = plausible(markers, [post.author for post in posts])
    pieces = []
    for post, marker, cut in zip(posts, markers, found, strict=True):
        if marker is None or cut is None:
            pieces.append(Piece(post, None))
            continue
        text = cut[1]
        pieces.append(Piece(replace(post, text=text, index=marker.index, total=marker.total),
                            marker.kind))
    return Segments(tuple(pieces))


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


def post_marker(post: Post) -> tuple[Marker, str] | None:
    """The marker of a post that stands apart, and its text without the marker. A poll's
    options under the text (``POLL_OPTION`` lines) are no place for one: the closing marker
    is looked for above them, and they stay under the text."""
    lines = post.text.strip().splitlines()
    lines, poll = _poll_apart(lines)
    if not lines:
        return None
    for cut in (1, 2):  # the marker's line, or the line before a link card under it
        if len(lines) < cut or (cut == 2 and not is_link_line(lines[-1])):
            break
        last = closing_marker(lines[-cut])
        if last is not None and last.kind is Kind.HINT and opening_marker(lines[0]) is not None:
            break  # ``1/4 Ein Thread … 🧵``: the number the author wrote, not the 🧵
        if last is not None:
            return last, _join([*lines[:-cut], last.rest, *lines[len(lines) - cut + 1 :]]) + poll
    first = opening_marker(lines[0])
    if first is not None:
        return first, _join([first.rest, *lines[1:]]) + poll
    return None


def _poll_apart(lines: list[str]) -> tuple[list[str], str]:
    """(the lines above a poll's options, the options as they end the text); the lines as
    they are and ``""`` when the text ends in no poll."""
    start = len(lines)
    while start > 0 and lines[start - 1].startswith(POLL_OPTION):
        start -= 1
    if start == len(lines) or start < 2 or lines[start - 1].strip():
        return lines, ""
    return lines[: start - 1], "\n\n" + "\n".join(lines[start:])


def _join(lines: Sequence[str]) -> str:
    return "\n".join(map(str.rstrip, lines)).strip()
