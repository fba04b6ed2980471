"""``links_table`` lays out audit's table of links as rich's Table does, byte for byte, with
colour (escape sequences included) and without.

The reference is rich itself: the same columns (``links_table.add_columns``) given the same
markup cells, printed by a console set up as ``TableFormatter`` sets it up. The cells are
made as the formatter makes them (``safe``: ``visible`` then markup escaped) from hostile text:
wide CJK, emoji sequences, combining marks, bidi controls (shown as escapes), runs of spaces,
URLs longer than any column, markup-like text that must stay literal, empty cells; at several
widths, so that rich's column arithmetic (ratios, minimum widths, collapsing) is exercised.
Where ``links_table.render`` declines (None), the formatter gives the table to rich. The text
outside any thread (``color_table.column``) is compared the same way.
"""

from __future__ import annotations

import random
from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from threadscope.models import AuditReport
from threadscope.report import color_table, fitting, links_table
from threadscope.report.table_format import (
    Rendered,
    TableFormatter,
    _unthreaded_table,
    cell_pieces,
    safe,
)

from .test_color_table import HOSTILE

LABELS = ["[bold red]lookalike[/]", "[green]benign[/]", "[yellow]unresolved[/]",
          "[yellow]not followed[/]", "[bold yellow]suspicious[/]", "[magenta]invalid[/]"]
URL = "https://welt.ltd/politik/" + "foerderung-8812-" * 20
WIDTHS = [40, 60, 61, 80, 100, 123, 160, 200]


def _rich(rows: list[list[str]], width: int, *, color: bool, explain: bool,
          found: int = links_table.FOUND_IN_WIDTH, reasons: int = 0) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system="truecolor" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False,
                      soft_wrap=False)
    table = links_table.new_table()
    links_table.add_columns(table, explain=explain, found=found, reasons=reasons)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


def _fast(rows: list[list[str]], width: int, *, color: bool, explain: bool,
          found: int = links_table.FOUND_IN_WIDTH, reasons: int = 0) -> str | None:
    cells = links_table.cells(rows)
    if cells is None:
        return None
    table = links_table.new_table()
    links_table.add_columns(table, explain=explain, found=found)
    headers = [str(column.header) for column in table.columns]
    return links_table.render(headers, cells, width, explain=explain, color=color, found=found,
                              reasons=reasons)


def _text(rnd: random.Random, words: int) -> str:
    return "".join(rnd.choice([*HOSTILE, URL]) + rnd.choice(["", " ", " "])
                   for _ in range(rnd.randint(0, words)))


def _row(rnd: random.Random, number: int) -> list[str]:
    reasons = "\n".join(_text(rnd, 10) for _ in range(rnd.randint(0, 3)))
    places = "; ".join(_text(rnd, 4) for _ in range(rnd.randint(1, 3)))
    return [str(number), rnd.choice(LABELS), str(rnd.randint(0, 100)),
            safe(_text(rnd, 6), keep_newlines=False), safe(rnd.choice(["-", _text(rnd, 3)])),
            safe(reasons), safe(places)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("color", [False, True])
def test_same_bytes_as_rich(width: int, color: bool) -> None:
    rnd = random.Random(width * 2 + color)
    checked = 0
    for _ in range(40):
        rows = [_row(rnd, rnd.randint(1, 10 ** rnd.randint(0, 6)))
                for _ in range(rnd.randint(0, 6))]
        explain = rnd.random() < 0.3
        fast = _fast(rows, width, color=color, explain=explain)
        if fast is not None:
            checked += 1
            assert fast == _rich(rows, width, color=color, explain=explain), rows
    if width >= 60:  # at 40 columns rich cuts no-wrap cells: every table there is rich's own
        assert checked > 20


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from([*HOSTILE, URL, " ", "\u00a0", "\n", ""]),
                            max_size=12).map("".join), min_size=5, max_size=5),
    label=st.sampled_from(LABELS),
    number=st.integers(1, 10**6),
    score=st.integers(0, 100),
    rows=st.integers(1, 3),
    width=st.integers(40, 200),
    color=st.booleans(),
    explain=st.booleans(),
)
def test_same_bytes_as_rich_on_any_text(texts: list[str], label: str, number: int, score: int,
                                        rows: int, width: int, color: bool,
                                        explain: bool) -> None:
    link, imitates, reasons, places, raw = texts
    row = [str(number), label, str(score), safe(link, keep_newlines=False), safe(imitates),
           safe(reasons), safe(places)]
    table = [row] * rows + [[str(number + 1), label, "7", escape(raw), escape(raw),
                             escape(raw), escape(raw)]]
    fast = _fast(table, width, color=color, explain=explain)
    if fast is not None:
        assert fast == _rich(table, width, color=color, explain=explain)


def test_markup_like_and_empty_cells_stay_literal() -> None:
    rows = [["1", LABELS[0], "92", safe("[bold]x[/bold]"), safe("[red]"), safe(""),
             safe("[link=https://x]y[/link]")],
            ["2", LABELS[1], "0", "", "", "", ""]]
    for color in (False, True):
        for width in (60, 100, 160):
            fast = _fast(rows, width, color=color, explain=False)
            assert fast is not None
            assert fast == _rich(rows, width, color=color, explain=False)
            assert ("\x1b[" in fast) is color
            if width > 60:  # narrower, rich cuts and folds them
                assert "[bold]x[/bold]" in fast and "[link=https:" in fast


def test_what_rich_must_lay_out_goes_to_rich() -> None:
    """A tab (which rich expands; ``visible`` already did), a cell styled in more than one
    way, a console too narrow."""
    assert links_table.cells([["1", LABELS[0], "92", "a\tb", "-", "", "post 1/1"]]) is None
    assert links_table.cells([["1", "[bold]a[/] [red]b[/]", "9", "x", "-", "", ""]]) is None
    plain = [["1", LABELS[0], "92", "x", "-", "", "post 1/1"]]
    assert _fast(plain, 30, color=False, explain=False) is None


@pytest.mark.parametrize("width", [60, 80, 100, 160])
@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("explain", [False, True])
def test_formatter_lays_out_the_audit_links(audit_report: AuditReport, width: int,
                                            color: bool, explain: bool) -> None:
    """The formatter's own rows (the hand-built report's hostile links) as rich printed them."""
    formatter = TableFormatter(color=color, width=width, explain=explain)
    table = formatter._links_table(audit_report)
    assert isinstance(table, Rendered)
    assert formatter._render(table) == formatter._render(_rich_table(formatter, audit_report))
    assert ("\x1b[" in table) is color


def _rich_table(formatter: TableFormatter, report: AuditReport) -> Table:
    table = links_table.new_table()
    links_table.add_columns(table, explain=formatter.explain)
    for row in formatter._links_rows(report):
        table.add_row(*row)
    return table


def test_formatter_gives_a_narrow_table_to_rich(audit_report: AuditReport) -> None:
    formatter = TableFormatter(width=30)
    table = formatter._links_table(audit_report)
    assert isinstance(table, Table)
    assert formatter._render(table) == formatter._render(_rich_table(formatter, audit_report))


def _rich_column(texts: list[str], width: int, *, color: bool) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system="truecolor" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, emoji=False,
                      soft_wrap=False)
    console.print(_unthreaded_table([piece for text in texts
                                     for piece in cell_pieces(text, "dim")]))
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


def _fast_column(texts: list[str], width: int, *, color: bool) -> str | None:
    pieces = [piece for text in texts for piece in cell_pieces(text, "dim")]
    return color_table.column([(piece.text, piece.style) for piece in pieces], width,
                              color=color)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from([*HOSTILE, URL, " ", "\u00a0", "\n", ""]),
                            max_size=30).map("".join), min_size=1, max_size=4),
    width=st.integers(40, 200),
    color=st.booleans(),
)
def test_text_outside_threads_as_rich_lays_it_out(texts: list[str], width: int,
                                                  color: bool) -> None:
    """The other table of ``audit`` (and ``thread``): "Not in any thread"."""
    fast = _fast_column(texts, width, color=color)
    assert fast is not None  # ``visible`` leaves no tab, and pieces have no newline
    assert fast == _rich_column(texts, width, color=color)


def test_text_outside_threads_in_the_formatter(audit_report: AuditReport) -> None:
    for color in (False, True):
        formatter = TableFormatter(color=color, width=100)
        heading, table = formatter._unthreaded(audit_report.unthreaded)
        assert isinstance(table, Rendered)
        assert table == _rich_column(list(audit_report.unthreaded), 100, color=color)
        assert "[red]markup[/red]" in table
        assert color_table.column([("a\tb", "")], 100, color=color) is None


@pytest.mark.parametrize("width", [120, 160, 200])
@pytest.mark.parametrize("found", [19, 24])
def test_a_widened_found_in_column_is_laid_out_as_rich_lays_it(width: int, found: int) -> None:
    rnd = random.Random(width + found)
    checked = 0
    for _ in range(20):
        rows = [_row(rnd, rnd.randint(1, 1000)) for _ in range(rnd.randint(1, 5))]
        fast = _fast(rows, width, color=False, explain=False, found=found)
        if fast is not None:
            checked += 1
            assert fast == _rich(rows, width, color=False, explain=False, found=found), rows
    assert checked > 10


def test_found_in_is_widened_to_its_longest_place_only_where_there_is_room() -> None:
    places = ["thread\u00a01,\u00a0post\u00a02/6", "outside\u00a0the\u00a0threads"]
    assert links_table.found_width(places, 130) == 19
    assert links_table.found_width(places, 100) == links_table.FOUND_IN_WIDTH
    assert links_table.found_width(["x" * 60], 200) == links_table.MAX_FOUND_IN_WIDTH


@pytest.mark.parametrize(("width", "reasons"), [(100, 26), (110, 30), (120, 36), (160, 44)])
@pytest.mark.parametrize("color", [False, True])
def test_reasons_given_their_longest_word_are_laid_out_as_rich_lays_them(
        width: int, reasons: int, color: bool) -> None:
    rnd = random.Random(width + reasons + color)
    words = ["+20", "hosted", "on", "notesfrompoland[.]com[.]news-today[.]co", "a", "[bold]",
             *HOSTILE[-12:-1], "\u00a0"]
    checked = 0
    for _ in range(20):
        rows = [[str(number), rnd.choice(LABELS), str(rnd.randint(0, 100)),
                 safe(rnd.choice(["hxxps://welt[.]ltd/x", URL]), keep_newlines=False),
                 safe(rnd.choice(["-", "welt.de"])),
                 safe(" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 12)))),
                 safe("thread 1, post 2/3")] for number in range(1, rnd.randint(2, 6))]
        fast = _fast(rows, width, color=color, explain=False, reasons=reasons)
        if fast is not None:
            checked += 1
            assert fast == _rich(rows, width, color=color, explain=False,
                                 reasons=reasons), rows
    assert checked > 10


@pytest.mark.parametrize("width", [100, 110, 119, 120, 140, 160])
def test_a_word_cut_by_a_folding_column_is_foretold(width: int) -> None:
    """``cuts_a_word`` is true exactly when the printed table breaks a word of the reasons or
    places (every word then appears whole on some line, or it does not)."""
    rnd = random.Random(width)
    words = ["+20", "hosted", "on", "notesfrompoland[.]com[.]news-today[.]co", "@" + "a" * 30,
             "thread\u00a01,", "outside", "www.seoulbeat.example:", "(welt[.]ltd),"]
    seen = set()
    for _ in range(30):
        reason = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))
        row = ["1", LABELS[0], "80", safe("hxxps://welt[.]ltd/x"), "-", safe(reason),
               safe("thread 1, post 2/3")]
        cells = links_table.cells([row])
        assert cells is not None
        table = links_table.new_table()
        links_table.add_columns(table, explain=False)
        headers = [str(column.header) for column in table.columns]
        widths = links_table.column_widths(headers, cells, width, explain=False)
        assert widths is not None
        texts = [headers, [item.text for item in cells[0]]]
        cuts = links_table.cuts_a_word(texts, widths)
        seen.add(cuts)
        printed = _rich([row], width, color=False, explain=False).splitlines()
        whole = all(any(fitting.word(word) in line for line in printed)
                    for word in reason.split())
        assert cuts != whole, (width, reason)
    if width < 140:
        assert seen == {True, False}
