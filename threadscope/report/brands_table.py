"""``brands``' table laid out directly, line for line and escape for escape as rich's Table lays
it out, only faster.

The registry has some 17 600 brands; rich measured, wrapped and cropped each of their cells
through its layers for any renderable, about 7 s of CPU against 1 s for ``--format json``.
The table's shape is ``links_table``'s (``box.SIMPLE_HEAD``, ``expand``, no edge padding) with
five folding columns of unstyled text, so ``links_table`` lays it out: the column widths are
rich's own arithmetic on measurements taken as rich takes them, each cell folded as
``Text.wrap`` folds it (``plain_table.fold``); with colour only the header is styled (bold,
over its padding). Where that layout cannot be sure to be rich's (a tab, a table narrower
than ``plain_table.MIN_WIDTH``, text whose cell widths rich measures by grapheme rather than by
character, a rich without the private methods used), ``render`` returns None and the caller
gives the table to rich as before. ``tests/report/test_brands_table.py`` compares the two byte
for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table

from threadscope.report import fitting, links_table, plain_table

HEADERS = ("brand", "domains", "country", "category", "tier")


def add_columns(table: Table, widths: Sequence[int | None] = ()) -> None:
    """The brands table's columns, for rich's table and for this layout alike: each folds,
    and is ``widths[index]`` wide where given (``fitting.widened``), else rich's share."""
    for index, name in enumerate(HEADERS):
        table.add_column(name, overflow="fold", width=widths[index] if widths else None)


@dataclass(frozen=True)
class Measured:
    """The brands' rows parsed and measured once, for every layout ``brands`` tries (at the
    terminal's width, widened, wider for a pipe): the markup is read and each cell measured
    here only, for the rows that set the column widths and for rich's arithmetic alike."""

    rows: Sequence[Sequence[str]]
    """Each brand's cells as markup (``table_format._brand_cells``)."""
    cells: list[list[links_table.Cell]] | None
    """The cells as plain text; None where the fast layout cannot take them (a tab)."""
    spans: list[tuple[int, int]]
    """Each column's (smallest, largest) width over its header and cells, as rich measures."""
    widest: list[int]
    """The indexes of the rows that set the column widths (``fitting.measured_rows``)."""


def measure(rows: Sequence[Sequence[str]]) -> Measured:
    """``rows`` (each a brand's cells as markup) read and measured, each cell once."""
    cells = links_table.cells(rows)
    texts = ([[item.text for item in row] for row in cells] if cells is not None
             else [[fitting.plain(markup) for markup in row] for row in rows])
    columns = ([fitting.column_sizes(column) for column in zip(*texts, strict=True)]
               or [fitting.column_sizes(())] * len(HEADERS))
    spans = []
    for header, (lines, words, _) in zip(HEADERS, columns, strict=True):
        header_line, header_word, _ = fitting.cell_sizes(header)
        # ``links_table._span``: a cell's widest word, no wider than its widest line
        spans.append((max([min(header_word, header_line), *map(min, words, lines)]),
                      max([header_line, *lines])))
    return Measured(rows, cells, spans, fitting.widest_rows(columns))


def render(rows: Sequence[Sequence[str]] | Measured, width: int, *, color: bool,
           widths: Sequence[int | None] = ()) -> str | None:
    """The table of ``rows`` (each a brand's cells as markup, or those ``measure``d) as rich
    prints it at ``width`` with colour or not, every line stripped of trailing spaces; None
    where this layout is not sure to be rich's, for rich to lay out."""
    if width < plain_table.MIN_WIDTH or not links_table.has_rich_methods():
        return None
    measured = rows if isinstance(rows, Measured) else measure(rows)
    if measured.cells is None:
        return None
    table = links_table.measured_table()
    add_columns(table, widths)
    column_widths = links_table.spanned_widths(table, list(measured.spans), width)
    columns = links_table.new_table()
    add_columns(columns, widths)
    return links_table.laid_out(columns, HEADERS, measured.cells, width, column_widths,
                                color=color)
