"""The stacked layout of a table, for a terminal too narrow for its columns.

At 80 columns rich's tables left a link 15 characters (``hxxps://spiegel…``: the look-alike
domain itself was cut away), folded reasons inside words and gave ``bots``' top reason four
characters. Below ``NARROW`` columns every row is printed as an entry instead: a head line of
short facts (``#1 lookalike 92 hxxps://spiegel[.]ltd/… imitates spiegel.de``) and the long
ones (reasons, where a link was found) indented beneath, wrapped at spaces only. One layout
serves ``audit``'s links, ``check``/``domains`` rows and both tables of ``bots``.

Nothing here cuts a word: a link may lose the end of its path (never its scheme and host, the
part that identifies it), and a word longer than the line runs on for the terminal to wrap.
The caller passes text already made inert (``visible``); an entry is a ``Text`` (never read as
markup), printed in colour or plain by the formatter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text

NARROW = 100
"""Terminals narrower than this get the stacked layout. 100 is the width assumed when none is
known (``shutil.get_terminal_size``'s fallback here), so output to a file or a pipe keeps the
wide tables; below it ``audit``'s link column falls under 25 characters (15 at 80) and its
reason column under 20, where a look-alike host no longer fits."""

NARROW_BOTS = 120
"""The same for ``bots``, whose tables have more fixed columns (about 64 characters): at 100
columns its reasons had 32 and a defanged link in one was folded inside the word
(``hxxps://welt[.]ltd/politik/foerd`` / ``erung-8812``), its top reason 22."""

INDENT = 3
"""Where the lines beneath a head line start."""

HANG = 2
"""Further indent of a detail's own continuation lines, so each detail's start stands out."""


class Piece(NamedTuple):
    """A short fact of a head line (kept whole on one line) and its style."""

    text: str
    style: str = ""


class Detail(NamedTuple):
    """A long fact printed beneath the head line, wrapped at spaces, and its style."""

    text: str
    style: str = ""


def wrap_words(text: str, room: int) -> list[str]:
    """``text`` in lines of at most ``room`` cells, broken at spaces only: no word is cut in
    two (a word longer than ``room`` gets a line of its own and runs on)."""
    lines: list[str] = []
    line = ""
    length = 0
    for word in text.split():
        size = cell_len(word)
        if line and length + 1 + size > room:
            lines.append(line)
            line, length = word, size
        elif line:
            line += " " + word
            length += 1 + size
        else:
            line, length = word, size
    if line or not lines:
        lines.append(line)
    return lines


def authority_end(link: str) -> int:
    """Where a link's scheme and host (with any user part and port) end: the part that must
    never be cut (``hxxps://spiegel[.]ltd``)."""
    start = link.find("://")
    start = start + 3 if 0 < start <= 8 else 0
    ends = [index for index in (link.find(mark, start) for mark in "/?#\\") if index >= 0]
    return min(ends, default=len(link))


def shorten_link(link: str, room: int) -> str:
    """``link`` in about ``room`` cells: the end of a long path replaced by ``…``; the scheme
    and host are kept whole however long they are."""
    if cell_len(link) <= room:
        return link
    keep = max(room - 1, authority_end(link) + 1)
    if keep >= len(link) - 1:
        return link
    cut = link[:keep]
    while cut and cell_len(cut) > keep:  # wide characters in the path
        cut = cut[:-1]
    return cut + "…" if len(cut) >= authority_end(link) else link


def entry(head: Sequence[Piece], details: Sequence[Detail], width: int, *,
          link: Piece | None = None, after_link: Sequence[Piece] = ()) -> Text:
    """One row as an entry: ``head`` pieces then ``link`` (shortened to the line's room) on
    the first line, ``after_link`` pieces after it while they fit (beneath otherwise), then
    every detail wrapped beneath, indented."""
    text = Text()
    used = _place(text, head, 0, width)
    if link is not None:
        room = width - used - (1 if used else 0)
        after = sum(cell_len(piece.text) + 1 for piece in after_link)
        if room - after > authority_end(link.text) + 1:  # room for the host and what follows
            room -= after
        shown = shorten_link(link.text, room)
        used = _place(text, [Piece(shown, link.style)], used, width)
    used = _place(text, after_link, used, width)
    for detail in details:
        first = wrap_words(detail.text, max(1, width - INDENT))[0]
        rest = " ".join(detail.text.split())[len(first):].strip()
        lines = [first, *(wrap_words(rest, max(1, width - INDENT - HANG)) if rest else [])]
        for number, line in enumerate(lines):
            indent = INDENT + (HANG if number else 0)
            text.append("\n" + " " * indent)
            text.append(line, style=detail.style)
    return text


def _place(text: Text, pieces: Sequence[Piece], used: int, width: int) -> int:
    """``pieces`` appended after ``used`` cells of the current line, a space apart; a piece
    that does not fit starts a new line (indented); returns the cells the last line uses."""
    for piece in pieces:
        size = cell_len(piece.text)
        if used > INDENT and used + 1 + size > width:
            text.append("\n" + " " * INDENT)
            used = INDENT
        elif used and text.plain[-1:] != " ":
            text.append(" ")
            used += 1
        text.append(piece.text, style=piece.style)
        used += size
    return used
