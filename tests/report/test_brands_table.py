"""``brands_table`` lays out ``brands``' table as rich's Table does, byte for byte, with colour
(escape sequences included) and without.

The reference is rich itself: the same columns (``brands_table.add_columns``) given the same
markup cells (``_brand_cells``: ``visible`` then markup escaped), printed by a console set up
as ``TableFormatter`` sets it up. Brands are drawn at random (long words, hostile and wide
text, empty fields, markup-like text) and laid out at random widths, with and without the
column widths ``fitting.widened`` gives; and the real registry's rows that set its column
widths, with a slice of the others, at the widths a terminal and a pipe get. Where
``brands_table.render`` declines (None), the formatter gives the table to rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType

from threadscope.assessment import load_registry
from threadscope.models import Brand
from threadscope.report import brands_table, fitting, links_table
from threadscope.report.table_format import (
    Rendered,
    TableFormatter,
    _brand_cells,
    _brands_table,
)

from .test_color_table import HOSTILE


def _rich(rows: Sequence[Sequence[str]], width: int, *, color: bool,
          widths: Sequence[int | None] = ()) -> str:
    """The table as rich's Table prints it, as ``TableFormatter`` sets up its console."""
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system="truecolor" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False,
                      soft_wrap=False)
    console.print(_brands_table(rows, widths))
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


class _RichBrands(TableFormatter):
    """The formatter with every brands table given to rich's Table: the output before
    ``brands_table``, to compare the formatter's whole output with."""

    def _brands_table(self, rows: Sequence[Sequence[str]] | brands_table.Measured,
                      widths: Sequence[int | None] = ()) -> RenderableType:
        return _brands_table(rows.rows if isinstance(rows, brands_table.Measured) else rows,
                             widths)


WORDS = [*HOSTILE, "welt.de", "news", "DE", "-", "", " ", "  ",
         "notesfrompoland.com.news-today.co", "x" * 90, "é", "Ελλάδα", "日本経済新聞",
         "\u0301", "a\u200db", "\ufe0f", "www." + "longer-" * 12 + "example.org"]
NAMES = st.lists(st.sampled_from(WORDS), max_size=5).map("".join) | st.text(max_size=40)
BRANDS = st.builds(
    Brand,
    name=NAMES,
    domains=st.lists(NAMES, max_size=4).map(tuple),
    country=st.none() | NAMES,
    category=st.none() | NAMES,
    tier=st.integers(0, 10**6),
)


def _compare(brands: Sequence[Brand], width: int, *, color: bool,
             widths: Sequence[int | None] = ()) -> str | None:
    """``brands_table.render``'s table, checked against rich's where it lays one out; the
    same from the rows measured beforehand (``measure``, as ``brands`` gives them)."""
    rows = [_brand_cells(brand) for brand in brands]
    fast = brands_table.render(rows, width, color=color, widths=widths)
    if fast is not None:
        assert fast == _rich(rows, width, color=color, widths=widths)
    assert brands_table.render(brands_table.measure(rows), width, color=color,
                               widths=widths) == fast
    return fast


@settings(max_examples=150, deadline=None)
@given(st.lists(BRANDS, max_size=12), st.integers(40, 400), st.booleans())
def test_the_table_is_rich_s_at_any_width(brands: list[Brand], width: int, color: bool
                                          ) -> None:
    _compare(brands, width, color=color)


@settings(max_examples=150, deadline=None)
@given(st.lists(BRANDS, min_size=1, max_size=12), st.integers(40, 400), st.booleans(),
       st.lists(st.none() | st.integers(1, 120), min_size=5, max_size=5))
def test_the_table_is_rich_s_with_given_column_widths(
        brands: list[Brand], width: int, color: bool, widths: list[int | None]) -> None:
    _compare(brands, width, color=color, widths=widths)


@settings(max_examples=60, deadline=None)
@given(st.lists(BRANDS, min_size=1, max_size=12), st.integers(40, 400), st.booleans())
def test_the_table_is_rich_s_with_the_widths_widened_gives(
        brands: list[Brand], width: int, color: bool) -> None:
    rows = [_brand_cells(brand) for brand in brands]
    widened = fitting.widened(_brands_table(rows), width)
    _compare(brands, width, color=color, widths=[column.width for column in widened.columns])


@pytest.mark.parametrize("text", ["日本経済新聞 東京", "🏳️\u200d🌈 pride", "e\u0301cole",
                                  "\U0001f1e9\U0001f1ea flag", "한국일보", "a\ufe0f b", "x" * 300])
@pytest.mark.parametrize("width", [40, 57, 80, 200])
def test_wide_and_combining_text_is_laid_out_here_as_rich_does(text: str, width: int) -> None:
    """Wide characters, emoji sequences and combining marks are measured and cut by rich's own
    cell functions (``plain_table.fold``), so they stay in this layout, not rich's."""
    brands = [Brand(text, (text, "welt.de")), Brand("Die Welt", ("welt.de",), "DE", text)]
    for color in (False, True):
        assert _compare(brands, width, color=color) is not None


def test_a_tab_goes_to_rich() -> None:
    """``visible`` turns a brand's tabs into spaces; a cell with one would be expanded by rich
    at its own tab stops, so it is rich's."""
    row = ["tab\there", "welt.de", "-", "-", "1"]
    assert brands_table.render([row], 80, color=False) is None
    assert brands_table.render([[cell.replace("\t", " ") for cell in row]], 80,
                               color=False) is not None
    brands = [Brand("tab\there", ("welt.de",))]
    assert TableFormatter(width=80).brands(brands) == _RichBrands(width=80).brands(brands)


@settings(max_examples=100, deadline=None)
@given(st.lists(BRANDS, max_size=12))
def test_the_rows_measured_once_are_those_that_set_the_widths(brands: list[Brand]) -> None:
    """``measure`` reads and measures each cell once, for the rows that set the column widths
    (``fitting.measured_rows`` of the plain text) and for rich's widths alike."""
    rows = [_brand_cells(brand) for brand in brands]
    measured = brands_table.measure(rows)
    texts = [[fitting.plain(cell) for cell in row] for row in rows]
    assert measured.widest == fitting.measured_rows(texts)
    columns = list(zip(*texts, strict=True)) or [()] * len(brands_table.HEADERS)
    assert measured.spans == [_max_span(header, column) for header, column
                              in zip(brands_table.HEADERS, columns, strict=True)]


def _max_span(header: str, column: Sequence[str]) -> tuple[int, int]:
    """A column's (smallest, largest) width as ``links_table.measured_widths`` takes it."""
    spans = [links_table._span(text) for text in (header, *column)]
    return max(small for small, _ in spans), max(large for _, large in spans)


def test_a_narrow_table_goes_to_rich() -> None:
    rows = [_brand_cells(Brand("Die Welt", ("welt.de",)))]
    assert brands_table.render(rows, 39, color=False) is None
    assert brands_table.render(rows, 40, color=False) is not None


def test_a_table_wider_than_the_console_goes_to_rich() -> None:
    rows = [_brand_cells(Brand("Die Welt", ("welt.de",)))]
    assert brands_table.render(rows, 60, color=False, widths=[30, 30, None, None, None]) is None


def test_the_formatter_prints_the_fast_layout() -> None:
    formatter = TableFormatter(width=100)
    rows = [_brand_cells(Brand("Die Welt", ("welt.de",)))]
    assert isinstance(formatter._brands_table(rows), Rendered)


def _registry_sample() -> list[Brand]:
    """The registry's brands that set its table's column widths (``fitting.measured_rows``),
    and every 25th of the others: the real text at the real widths, at a fraction of the cost
    of rich laying out all 17 000."""
    brands = list(load_registry(None, popular=True).brands)
    texts = [[fitting.plain(cell) for cell in _brand_cells(brand)] for brand in brands]
    chosen = set(fitting.measured_rows(texts)) | set(range(0, len(brands), 25))
    return [brands[index] for index in sorted(chosen)]


@pytest.fixture(scope="module")
def registry_sample() -> list[Brand]:
    return _registry_sample()


@pytest.mark.parametrize(("width", "color", "terminal"), [
    (80, True, True), (80, False, False), (100, False, True), (100, True, False),
    (120, True, True), (120, False, False), (200, False, True), (200, True, False),
    (60, False, False),
])
def test_the_registry_prints_as_before(registry_sample: list[Brand], width: int, color: bool,
                                       terminal: bool) -> None:
    fast = TableFormatter(width=width, color=color, terminal=terminal)
    before = _RichBrands(width=width, color=color, terminal=terminal)
    assert fast.brands(registry_sample) == before.brands(registry_sample)
