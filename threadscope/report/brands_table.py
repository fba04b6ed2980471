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

from rich.table import Table

from threadscope.report import links_table, plain_table

HEADERS = ("brand", "domains", "country", "category", "tier")


def add_columns(table: Table, widths: Sequence[int | None] = ()) -> None:
    """The brands table's columns, for rich's table and for this layout alike: each folds,
    and is ``widths[index]`` wide where given (``fitting.widened``), else rich's share."""
    for index, name in enumerate(HEADERS):
        table.add_column(name, overflow="fold", width=widths[index] if widths else None)


def render(rows: Sequence[Sequence[str]], width: int, *, color: bool,
           widths: Sequence[int | None] = ()) -> str | None:
    """The table of ``rows`` (each a brand's cells as markup) as rich prints it at ``width``
    with colour or not, every line stripped of trailing spaces; None where this layout is not
    sure to be rich's, for rich to lay out."""
    if width < plain_table.MIN_WIDTH or not links_table.has_rich_methods():
        return None
    cells = links_table.cells(rows)
    if cells is None:
        return None
    measured = links_table.measured_table()
    add_columns(measured, widths)
    column_widths = links_table.measured_widths(measured, HEADERS, cells, width)
    columns = links_table.new_table()
    add_columns(columns, widths)
    return links_table.laid_out(columns, HEADERS, cells, width, column_widths, color=color)
