"""The thread table without colour, laid out line for line as rich lays it out, only faster.

Rich renders a table through layers made for any renderable (measuring every cell, padding,
segments, cropping): on a 20 MB dump, 20 000 threads and 400 000 rows, that was 25–40 s of
CPU for ``thread``, most of it spent on cells that are one line of plain text. Without colour
the table is only text, and its shape here is fixed (``box.SIMPLE_HEAD``, a right-aligned
``#`` column, a ``post`` column that takes the rest and folds), so it is laid out directly.
The wrapping is rich's own (``divide_line``, ``set_cell_size``, cell widths), so lines break
exactly where rich breaks them; ``tests/test_plain_table.py`` compares the two on hostile text.
With colour, ``color_table`` adds rich's escape sequences to the same layout; a label too wide
for this layout goes to rich's table as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.control import strip_control_codes

from threadscope.report import fitting

try:
    from rich.cells import _is_single_cell_widths as single_cells
except ImportError:  # a rich without this private helper: every word is measured instead

    def single_cells(text: str) -> bool:
        return False

Row = tuple[str, str]
"""A row as plain text: the ``#`` label (one line) and one line of the post."""

MAX_LABEL = 20
"""Labels wider than this go to rich: its column arithmetic is only reproduced for short ones."""

MIN_WIDTH = 40
"""Narrower tables go to rich (the CLI never asks for one under 60)."""

_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's ``_re_whitespace``
_STRIPPED = re.compile("[\x07\x08\x0b\x0c\x0d]")  # rich.control.STRIP_CONTROL_CODES
_WORD = re.compile(r"(\s*\S+)\s*")  # rich._wrap's ``re_word``, the word apart from its spaces


def strip_controls(text: str) -> str:
    """``rich.control.strip_control_codes``, which every rich Text applies, skipped (it is a
    slow ``str.translate``) when there is nothing to strip, as after ``visible``."""
    return strip_control_codes(text) if _STRIPPED.search(text) else text


def fits(rows: Sequence[Row], width: int) -> bool:
    """True when ``render`` lays these rows out as rich would at this width."""
    return width >= MIN_WIDTH and all(
        cell_len(label) <= MAX_LABEL and "\n" not in label and "\t" not in post
        for label, post in rows
    )


def divide(text: str, width: int, *, safe: bool = False) -> list[int]:
    """Where ``rich._wrap.divide_line`` (fold) breaks ``text``, found with fewer calls: a word
    of single-cell characters (most words) is measured by its length, which is what rich's
    ``cell_len`` returns for it, and a line of them that fits is not looked at word by word.
    ``safe``: a word wider than ``width`` is broken only where ``fitting.break_link`` breaks
    it (a link after ``/ ? & # =`` or ``[.]``; CJK between characters), a stretch it cannot
    break left whole (``fold`` then lets that line run on), where rich folds it anywhere."""
    if single_cells(text):
        return [] if len(text) <= width else _divide_single_cells(text, width, safe)
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if single_cells(word):
            length, whole = match.end(1) - start, end - start
        else:
            length, whole = cell_len(word.rstrip()), cell_len(word)
        if width - offset >= length:
            offset += whole
        elif length > width and safe:
            offset = _broken(word, start, width, breaks)
        elif length > width:
            folded = chop_cells(word, width)
            for number, piece in enumerate(folded, 1):
                if start:
                    breaks.append(start)
                if number == len(folded):
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = whole
    return breaks


def _broken(word: str, start: int, width: int, breaks: list[int]) -> int:
    """``word`` (at ``start`` of its text, wider than ``width``) on lines of its own, broken
    where ``fitting.break_link`` breaks it, as rich puts a word it folds: the breaks are
    appended; returns the cells of its last line (with the spaces after the word). Where
    rich's own fold breaks it only where it may be (``fitting.cuts_nothing``: CJK text, a link
    cut before its closing punctuation), rich's fold is kept, so nothing changes there."""
    core = word.rstrip()
    pieces = chop_cells(core, width)
    if not fitting.cuts_nothing(core, pieces):
        pieces = fitting.break_link(core, width)
    for piece in pieces:
        if start:
            breaks.append(start)
        start += len(piece)
    return cell_len(pieces[-1]) + cell_len(word[len(core):])


def _divide_single_cells(text: str, width: int, safe: bool = False) -> list[int]:
    """``divide`` for a line of single-cell characters only: lengths are cell widths."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        length = match.end(1) - start
        if width - offset >= length:
            offset += end - start
        elif length > width and safe:
            offset = _broken(text[start:end], start, width, breaks)
        elif length > width:  # chop_cells: pieces of ``width`` characters
            for piece_start in range(start, end, width):
                if piece_start:
                    breaks.append(piece_start)
            offset = (end - start) % width or width
        elif offset and start:
            breaks.append(start)
            offset = end - start
    return breaks


def fold(text: str, width: int, *, safe: bool = False) -> list[str]:
    """One line of text wrapped at words to ``width`` cells, a word too long folded, as
    ``rich.text.Text.wrap`` does it (left-justified, overflow ``fold``); lines may keep
    trailing spaces, which the caller strips. ``safe``: a word too long is broken only where
    it may be (``divide``), and a piece that cannot be broken runs on whole."""
    text = strip_controls(text)
    offsets = divide(text, width, safe=safe)
    lines = []
    for start, end in pairwise([0, *offsets, len(text)]):
        line = text[start:end]
        if len(line) > width:  # Text.rstrip_end
            match = _TRAILING_SPACE.search(line)
            if match is not None:
                line = line[: len(line) - min(len(match.group()), len(line) - width)]
        if cell_len(line) > width:
            if safe and cell_len(line.rstrip()) > width:
                line = line.rstrip()  # a piece that may not be broken: whole
            else:
                line = set_cell_size(line, width)
        lines.append(line)
    return lines


def render(rows: Sequence[Row], width: int, *, safe: bool = False) -> str:
    """The table as rich prints it (top edge, header, rule, rows, bottom edge), every line
    stripped of trailing spaces; ``safe``: no word cut in two where it may not be (``fold``)."""
    label_width = max([1, *(cell_len(label) for label, _ in rows)])
    post_width = width - 5 - label_width
    blank = " " * label_width
    lines = ["", f" {'#':>{label_width}}   post".rstrip(" "), " " + "─" * (width - 2)]
    for label, post in rows:
        label = label.rstrip()
        head = " " * (label_width - cell_len(label)) + label
        for number, line in enumerate(fold(post, post_width, safe=safe)):
            lines.append(f" {head if number == 0 else blank}   {line}".rstrip(" "))
    lines.append("")
    return "\n".join(lines) + "\n"


def printed(text: str, width: int, *, safe: bool = False) -> str:
    """Plain text as ``Console.print`` prints it (wrapped at words, a long word folded, or with
    ``safe`` broken only where it may be: ``fold``), every line stripped of trailing spaces."""
    return "\n".join(line.rstrip(" ") for paragraph in text.split("\n")
                     for line in fold(paragraph, width, safe=safe)) + "\n"


def unwrapped(text: str) -> str | None:
    """Plain text as ``Console.print(..., soft_wrap=True)`` prints it (no line wrapped or
    cropped), every line stripped of trailing spaces; None for text with a tab, which rich
    expands."""
    if "\t" in text:
        return None
    return "\n".join(line.rstrip(" ") for line in text.split("\n")) + "\n"
