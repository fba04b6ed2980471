"""``audit``'s table of links laid out directly, line for line and escape for escape as rich's
Table lays it out, only faster.

Rich's Table measures and renders every cell through layers made for any renderable: on a
20 MB dump that was most of ``audit``'s CPU time. The cells here are one or a few lines of
text, so they are measured and laid out directly. The column widths are rich's own arithmetic
(``Table._calculate_column_widths``, with its ratios and collapsing), fed with measurements
taken here as rich takes them (``Text.__rich_measure__``, ``Padding``, ``Measurement``); the
text of a cell is cut, padded and folded as ``Text.wrap`` does it (``plain_table.fold`` for a
folding column). Colour adds rich's escape sequences to the few styled pieces: the header
(bold, over its padding) and a cell whose markup styles all its text one way (the verdict).

Anything else (a tab, a cell rich would style in more ways, a table rich would crop, a column
without room inside its padding, a verdict cut short, a rich without the private methods used
here) returns None, and the caller gives the table to rich as before.
``tests/report/test_links_table.py`` compares the two byte for byte on hostile text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.style import Style
from rich.table import Column, Table

from threadscope.report import color_table, fitting, plain_table

try:
    from rich.cells import _is_single_cell_widths as single_cells
except ImportError:  # a rich without this private helper: every cell width is measured

    def single_cells(text: str) -> bool:
        return False

MIN_FOLD = 1
"""The narrowest folding column laid out here (``plain_table.fold`` folds as ``Text.wrap`` at
any width, a wide character alone in one cell included)."""

_RICH_METHODS = ("_calculate_column_widths", "_measure_column", "_get_padding_width",
                 "_extra_width")
"""Rich's Table methods this layout relies on (private: a rich without them goes to rich)."""


@dataclass(frozen=True)
class Cell:
    """A cell's plain text and the style of all of it (``None``: unstyled)."""

    text: str
    style: str | None = None


class _Measured(Table):
    """A table without rows whose columns measure as precomputed: rich's own width arithmetic
    run on measurements taken here."""

    spans: list[tuple[int, int]]

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        """``Table._measure_column`` for text cells whose ``Text.__rich_measure__`` gives
        (smallest, largest) over the column's cells ``self.spans[column._index]``."""
        max_width = options.max_width
        if max_width < 1:
            return Measurement(0, 0)
        padding = self._get_padding_width(column._index)
        if column.width is not None:
            return Measurement(column.width + padding, column.width + padding).with_maximum(
                max_width)
        if max_width - padding < 1:  # Padding.__rich_measure__: each cell takes the width
            measurement = Measurement(max_width, max_width)
        else:  # Padding measures its text at the full width, then adds itself, capped
            smallest, largest = self.spans[column._index]
            measurement = Measurement(min(smallest + padding, max_width),
                                      min(largest + padding, max_width))
        return measurement.with_maximum(max_width).clamp(
            None if column.min_width is None else column.min_width + padding,
            None if column.max_width is None else column.max_width + padding,
        )


FOUND_IN_WIDTH = 12
"""The narrowest the "found in" column gets, unless its places ask for more (``found_width``)."""
MAX_FOUND_IN_WIDTH = 24
"""The most a place (``thread 12, post 14/22``) widens the "found in" column to."""
ROOM_FOR_PLACES = 120
"""The least table width at which "found in" is widened to its longest place: on a narrower
terminal the room would come from the reasons, which matter more."""


def found_width(places: Iterable[str], width: int) -> int:
    """The "found in" column's least width in a table ``width`` wide: its longest place, so
    that a place (written with no-break spaces) is not broken in two, within
    ``FOUND_IN_WIDTH``–``MAX_FOUND_IN_WIDTH``; ``FOUND_IN_WIDTH`` below ``ROOM_FOR_PLACES``."""
    if width < ROOM_FOR_PLACES:
        return FOUND_IN_WIDTH
    longest = max((cell_len(place) for place in places), default=0)
    return min(MAX_FOUND_IN_WIDTH, max(FOUND_IN_WIDTH, longest))


def add_columns(table: Table, *, explain: bool, found: int = FOUND_IN_WIDTH,
                reasons: int = 0) -> None:
    """The links table's columns, for rich's table and for this layout alike; ``found``: the
    least width of "found in" (``found_width``); ``reasons``: the least width of the reasons
    (its longest word, where the share rich gives it would cut one; 0: rich's share)."""
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("link", no_wrap=True, overflow="ellipsis", ratio=4, min_width=24)
    table.add_column("imitates", no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column("reasons" if explain else "top reason", overflow="fold", ratio=3,
                     width=reasons or None)
    # a ratio column's ``width`` is the least rich gives it (``min_width`` it passes over)
    table.add_column("found in", overflow="fold", ratio=2, min_width=FOUND_IN_WIDTH,
                     width=found if found > FOUND_IN_WIDTH else None)


def new_table() -> Table:
    """Rich's table of links, without columns (``add_columns``) or rows."""
    return Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)


def cell(markup: str) -> Cell | None:
    """A cell given as markup, as its plain text and style; None for markup styling its text
    in more than one way, or for a tab (rich expands tabs)."""
    styled = _parsed(markup) if markup.startswith("[") else color_table.single_style(markup)
    if not isinstance(styled, tuple):
        return None
    text, style = styled
    if "\t" in text:
        return None
    return Cell(text, style or None)


@lru_cache(maxsize=256)
def _parsed(markup: str) -> tuple[str, str] | None:
    """``color_table.single_style`` remembered for markup that starts with a tag (a verdict's
    few labels, repeated on every row)."""
    styled = color_table.single_style(markup)
    return styled if isinstance(styled, tuple) else None


def _cells(text: str) -> int:
    """``cell_len``, skipped for text of single-cell characters only (its length)."""
    return len(text) if single_cells(text) else cell_len(text)


def cells(rows: Sequence[Sequence[str]]) -> list[list[Cell]] | None:
    """Rows of markup as cells; None when a cell is not one ``cell`` handles."""
    out = []
    for row in rows:
        items = [cell(markup) for markup in row]
        if None in items:
            return None
        out.append([item for item in items if item is not None])
    return out


def _span(text: str) -> tuple[int, int]:
    """``Text.__rich_measure__``, normalised as ``Measurement.get`` does."""
    if single_cells(text):  # every cell width is a length
        lines = text.splitlines()
        largest = max(map(len, lines)) if lines else 0
        words = text.split()
        smallest = max(map(len, words)) if words else largest
    else:
        lines = text.splitlines()
        largest = max(cell_len(line) for line in lines) if lines else 0
        words = text.split()
        smallest = max(cell_len(word) for word in words) if words else largest
    smallest = min(max(0, smallest), largest)
    return max(0, smallest), max(0, smallest, largest)


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]], width: int,
            explain: bool, found: int = FOUND_IN_WIDTH, reasons: int = 0) -> list[int]:
    """Each column's width with its padding, as rich's Table computes it at ``width``."""
    table = measured_table()
    add_columns(table, explain=explain, found=found, reasons=reasons)
    return measured_widths(table, headers, rows, width)


def measured_table() -> _Measured:
    """A table shaped as ``new_table``'s, without rows, whose columns (added by the caller)
    ``measured_widths`` measures."""
    return _Measured(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)


def measured_widths(table: _Measured, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
                    width: int) -> list[int]:
    """Each column's width with its padding, as rich's Table with ``table``'s columns and
    these cells computes it at ``width`` (rich's own arithmetic on measurements made here)."""
    spans = [_span(header) for header in headers]
    for row in rows:
        for index, item in enumerate(row):
            smallest, largest = _span(item.text)
            old_small, old_large = spans[index]
            spans[index] = (max(old_small, smallest), max(old_large, largest))
    return spanned_widths(table, spans, width)


def spanned_widths(table: _Measured, spans: list[tuple[int, int]], width: int) -> list[int]:
    """``measured_widths`` for each column's cells already measured: ``spans`` gives each
    column's (smallest, largest) ``_span`` over its header and cells."""
    table.spans = spans
    console = _console(width)
    options = console.options
    return table._calculate_column_widths(
        console, options.update_width(options.max_width - table._extra_width))


@lru_cache(maxsize=4)
def _console(width: int) -> Console:
    return Console(file=StringIO(), width=width, color_system=None, force_terminal=False,
                   no_color=True, highlight=False, emoji=False, soft_wrap=False)


Shape = tuple[bool, bool, bool]
"""A column's ``no_wrap``, right justification, ``ellipsis`` overflow."""

Line = tuple[str, str, str]
"""A line of a cell: the spaces before its text, its text, the spaces after (``width``)."""


def _fit(line: str, width: int, *, right: bool, ellipsis: bool) -> Line:
    """A line of a no-wrap cell as ``Text.wrap`` leaves it: cut (with ``…``), padded."""
    if right:
        line = plain_table._TRAILING_SPACE.sub("", line)
    length = _cells(line)
    if length > width:
        line = set_cell_size(line, width - 1) + "…" if ellipsis else set_cell_size(line, width)
        length = width
    return (" " * (width - length), line, "") if right else ("", line, " " * (width - length))


def _lines(text: str, width: int, shape: Shape) -> list[Line]:
    """A cell's lines, each exactly ``width`` cells."""
    no_wrap, right, ellipsis = shape
    out = []
    for line in text.split("\n"):
        if no_wrap:
            out.append(_fit(line, width, right=right, ellipsis=ellipsis))
            continue
        for piece in plain_table.fold(line, width):  # a folding column is left-justified
            out.append(("", piece, " " * (width - _cells(piece))))
    return out


LINK_COLUMN = 3
"""The link's column (``add_columns``)."""
REASONS_COLUMN = 5
FOUND_COLUMN = 6
FOLDING_COLUMNS = (REASONS_COLUMN, FOUND_COLUMN)
"""The columns that wrap their text at spaces (and fold a word wider than themselves)."""
LEAST_LINK = 24
"""The link column's ``min_width``: what the reasons may not take from it."""
FIXED_COLUMNS = (0, 1, 2, 4)
"""The columns that do not share the room by ratio: number, verdict, score, imitates."""


def longest_word(texts: Sequence[Sequence[str]], column: int) -> int:
    """The widest word of a column, over its header and cells (plain text): the least width
    at which it cuts none in two."""
    return fitting.longest_words(row[column] for row in texts)


def cuts_a_word(texts: Sequence[Sequence[str]], widths: Sequence[int]) -> bool:
    """True when a folding column (``FOLDING_COLUMNS``) of ``widths`` (with padding) is
    narrower inside than a word of its cells (``texts``: the headers, then each row, as plain
    text): rich's table, and ``render``, would fold that word in two with no mark."""
    last = len(widths) - 1
    return any(longest_word(texts, column)
               > widths[column] - (column > 0) - (column < last)
               for column in FOLDING_COLUMNS)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]], width: int, *,
                  explain: bool, found: int = FOUND_IN_WIDTH,
                  reasons: int = 0) -> list[int] | None:
    """Each column's width with its padding as rich's Table computes it at ``width``; None
    where ``render`` declines to lay the table out (too narrow, a rich without the methods)."""
    if width < plain_table.MIN_WIDTH or not has_rich_methods():
        return None
    return _widths(headers, rows, width, explain, found, reasons)


def has_rich_methods() -> bool:
    """True when rich's Table has the private methods this layout relies on."""
    return all(hasattr(Table, name) for name in _RICH_METHODS)


def link_room(widths: Sequence[int]) -> int:
    """The cells a link has inside its column (a longer one is cut, ``…`` in the last)."""
    return widths[LINK_COLUMN] - 2


def render(headers: Sequence[str], rows: Sequence[Sequence[Cell]], width: int, *,
           explain: bool, color: bool, found: int = FOUND_IN_WIDTH, reasons: int = 0,
           widths: Sequence[int] | None = None) -> str | None:
    """The table as rich prints it at ``width`` (with colour or not), every line stripped of
    trailing spaces; None when this layout is not sure to be rich's. ``widths`` are
    ``column_widths``' when the caller has them already."""
    if widths is None:
        widths = column_widths(headers, rows, width, explain=explain, found=found,
                               reasons=reasons)
    if widths is None:
        return None
    columns = new_table()
    add_columns(columns, explain=explain, found=found, reasons=reasons)
    return laid_out(columns, headers, rows, width, widths, color=color)


def laid_out(columns: Table, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
             width: int, widths: Sequence[int], *, color: bool) -> str | None:
    """A table of ``new_table``'s shape with ``columns``' columns (no rows), laid out as rich
    prints it with these cells in these column ``widths`` (with padding, rich's own); None
    when this layout is not sure to be rich's (``_handled``)."""
    shapes = [(bool(c.no_wrap), c.justify == "right", c.overflow == "ellipsis")
              for c in columns.columns]
    if not _handled(columns, shapes, widths, rows, width):
        return None
    pads = [(0 if i == 0 else 1, 0 if i == len(widths) - 1 else 1) for i in range(len(widths))]
    inner = [w - left - right for w, (left, right) in zip(widths, pads, strict=True)]
    bold = color_table.LABEL_STYLE

    def styled(text: str, style: Style | None) -> str:
        return color_table._styled(text, style) if color and style else text

    def header_cell(head: str, w: int, pad: tuple[int, int], shape: Shape) -> list[str]:
        return [styled(" " * pad[0], bold) + styled("".join(line), bold)
                + styled(" " * pad[1], bold) for line in _lines(head, w, shape)]

    header = [header_cell(*column) for column in zip(headers, inner, pads, shapes, strict=True)]
    height = max(len(lines) for lines in header)  # a header is aligned to the bottom
    header = [[styled(" " * w, bold)] * (height - len(lines)) + lines
              for lines, w in zip(header, widths, strict=True)]
    out = [""]
    out += _joined(header, widths)
    out.append(" " + "─" * (sum(widths) + len(widths) - 1))
    for row in rows:
        cells: list[list[str]] = []
        for item, w, (left, right), shape in zip(row, inner, pads, shapes, strict=True):
            style = color_table._style(item.style) if item.style and color else None
            cells.append([" " * left + before + styled(text, style) + after + " " * right
                          for before, text, after in _lines(item.text, w, shape)])
        out += _joined(cells, widths)
    out.append("")
    return "\n".join(out) + "\n"


def _handled(columns: Table, shapes: Sequence[Shape], widths: Sequence[int],
             rows: Sequence[Sequence[Cell]], width: int) -> bool:
    """True when ``render`` lays out these rows in these widths as rich does: the table fits
    the console (rich would crop it), every column has room inside its padding, and a styled
    cell is one line in a left-justified column, never cut (its style would be cut too)."""
    last = len(widths) - 1
    inner = [w - (index > 0) - (index < last) for index, w in enumerate(widths)]
    if sum(widths) + columns._extra_width > width:
        return False
    if any(w < (1 if no_wrap else MIN_FOLD) for w, (no_wrap, _, _) in zip(inner, shapes,
                                                                          strict=True)):
        return False
    for row in rows:
        for item, w, (no_wrap, right, _) in zip(row, inner, shapes, strict=True):
            if item.style and (not item.text or "\n" in item.text or not no_wrap or right
                               or cell_len(item.text) > w):
                return False
    return True


def _joined(cells: Sequence[Sequence[str]], widths: Sequence[int]) -> list[str]:
    """A row's lines: its cells side by side (a short cell padded below with blank lines),
    between the box's edges, trailing spaces stripped."""
    height = max(len(lines) for lines in cells)
    return [(" " + " ".join(lines[number] if number < len(lines) else " " * w
                            for lines, w in zip(cells, widths, strict=True)) + " ").rstrip(" ")
            for number in range(height)]
