"""The thread table without colour, laid out line for line as rich lays it out, only faster.

Rich renders a table through layers made for any renderable (measuring every cell, padding,
segments, cropping): on a 20 MB dump, 20 000 threads and 400 000 rows, that was 25–40 s of
CPU for ``thread``, most of it spent on cells that are one line of plain text. Without colour
the table is only text, and its shape here is fixed (``box.SIMPLE_HEAD``, a right-aligned
``#`` column, a ``post`` column that takes the rest and folds), so it is laid out directly.
The wrapping is rich's own (``divide_line``, ``set_cell_size``, cell widths), so lines break
exactly where rich breaks them; ``tests/test_plain_table.py`` compares the two on hostile text.
With colour, or a label too wide for this layout, the rich table is used as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes

Row = tuple[str, str]
"""A row as plain text: the ``#`` label (one line) and one line of the post."""

MAX_LABEL = 20
"""Labels wider than this go to rich: its column arithmetic is only reproduced for short ones."""

_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's ``_re_whitespace``


def fits(rows: Sequence[Row], width: int) -> bool:
    """True when ``render`` lays these rows out as rich would at this width."""
    return width >= 40 and all(cell_len(label) <= MAX_LABEL and "\n" not in label
                               for label, _ in rows)


def fold(text: str, width: int) -> list[str]:
    """One line of text wrapped at words to ``width`` cells, a word too long folded, as
    ``rich.text.Text.wrap`` does it (left-justified, overflow ``fold``); lines may keep
    trailing spaces, which the caller strips."""
    text = strip_control_codes(text)
    if "\t" in text:  # never after ``visible``; rich would expand it
        text = text.expandtabs(8)
    offsets = divide_line(text, width, fold=True)
    lines = []
    for start, end in pairwise([0, *offsets, len(text)]):
        line = text[start:end]
        if len(line) > width:  # Text.rstrip_end
            match = _TRAILING_SPACE.search(line)
            if match is not None:
                line = line[: len(line) - min(len(match.group()), len(line) - width)]
        lines.append(set_cell_size(line, width) if cell_len(line) > width else line)
    return lines


def render(rows: Sequence[Row], width: int) -> str:
    """The table as rich prints it (top edge, header, rule, rows, bottom edge), every line
    stripped of trailing spaces."""
    label_width = max([1, *(cell_len(label) for label, _ in rows)])
    post_width = width - 5 - label_width
    blank = " " * label_width
    lines = ["", f" {'#':>{label_width}}   post".rstrip(" "), " " + "─" * (width - 2)]
    for label, post in rows:
        label = label.rstrip()
        head = " " * (label_width - cell_len(label)) + label
        for number, line in enumerate(fold(post, post_width)):
            lines.append(f" {head if number == 0 else blank}   {line}".rstrip(" "))
    lines.append("")
    return "\n".join(lines) + "\n"
