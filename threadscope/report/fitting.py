"""Whether a table's columns would cut a word, and a long link in lines broken where it is safe.

A column that folds (rich's ``overflow="fold"``) wraps its text at spaces, and a word wider than
the column is cut in two with no mark: ``notesfrompoland[.]com[.]news-`` / ``today[.]co`` reads
as two names, and a handle or a link cut so is copied wrong. A column that does not wrap and
does not end with ``…`` crops its text without a mark. So before a table is printed, its longest
unbreakable word (and a no-wrap line) is measured against the width its column gets: where one
does not fit, the caller gives the column more room or prints the stacked layout (``stacked``),
which never cuts a word. Columns cut with ``…`` (a link's path) show that they were cut.

A link that must be shown whole in a column narrower than it (``thread``'s ``↳`` rows, and
any word of a post wider than the post column: ``plain_table.divide`` with ``safe``) is
broken into lines only after a ``/ ? & # =`` or a defanged dot ``[.]``: a line that ends so is
plainly not the end of the link, and no character is added to what a reader copies. CJK text,
written without spaces, breaks between characters as before. A stretch with no such point
that is wider than the column (a long hashtag, a hostile host) is kept whole on a line of its
own, for the terminal to wrap, as the stacked layout lets a long word run on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import StringIO

from rich.cells import cell_len
from rich.console import Console
from rich.markup import render as render_markup
from rich.table import Column, Table

try:
    from rich.cells import _is_single_cell_widths as single_cells
except ImportError:  # a rich without this private helper: every word is measured

    def single_cells(text: str) -> bool:
        return False

_RICH_METHODS = ("_calculate_column_widths", "_get_padding_width", "_extra_width")
"""Rich's Table methods that give its column widths (private: without them, no answer)."""

BREAK_AFTER = "/?&#="
"""Characters of a link after which it may go on on the next line."""

DEFANGED_DOT = "[.]"


TRAILING = ",;:.…!?\"'”’»"
"""Punctuation after a word that may go to the next line alone: a column folds a word from its
start, so ``www.seoulbeat.example:`` one cell too wide keeps the name whole and moves ``:``."""


def word(text: str) -> str:
    """A word as it must stay whole: without the punctuation that ends a sentence or clause."""
    return text.rstrip(TRAILING) or text


def longest_word(text: str) -> int:
    """The cells of the widest word of ``text`` (``word``): what a column that wraps at
    spaces needs so that it cuts no word (rich divides lines at whitespace, as ``str.split``)."""
    if not text:
        return 0
    if single_cells(text):
        return max((len(word(item)) for item in text.split()), default=0)
    return max((cell_len(word(item)) for item in text.split()), default=0)


def longest_line(text: str) -> int:
    """The cells of the widest line of ``text``: what a column that does not wrap needs."""
    if single_cells(text):
        return max(map(len, text.split("\n")), default=0)
    return max(map(cell_len, text.split("\n")), default=0)


def longest_words(texts: Iterable[str]) -> int:
    """``longest_word`` over many cells."""
    return max(map(longest_word, texts), default=0)


def table_widths(table: Table, width: int) -> list[int] | None:
    """Each column's width with its padding, as rich's Table computes it when printed at
    ``width``; None for a rich without the private methods that tell it."""
    if not all(hasattr(Table, name) for name in _RICH_METHODS):
        return None
    console = Console(file=StringIO(), width=width, color_system=None, force_terminal=False,
                      no_color=True, highlight=False, emoji=False, soft_wrap=False)
    options = console.options
    max_width = options.max_width if table.width is None else table.width
    return table._calculate_column_widths(
        console, options.update_width(max_width - table._extra_width))


def plain(cell: object) -> str:
    """A cell of rich's table as the characters it shows (markup rendered)."""
    if not isinstance(cell, str):
        return str(getattr(cell, "plain", ""))
    return render_markup(cell, emoji=False).plain if "[" in cell else cell


def cuts_silently(table: Table, width: int) -> bool:
    """True when rich's ``table``, printed ``width`` wide, would cut a word in two (a column
    that wraps, narrower than a word of its cells) or crop a line without a mark (a column
    that does not wrap nor end a cut with ``…``). Unknown widths count as a cut."""
    widths = table_widths(table, width)
    return widths is None or _cuts(table, widths)


def fits(table: Table, width: int) -> bool:
    """True when ``table`` printed ``width`` wide cuts no word (``cuts_silently``) and is
    no wider than ``width``: rich keeps a column's ``min_width`` even where the columns then
    add up to more than the terminal has, whose lines would be wrapped or cropped."""
    widths = table_widths(table, width)
    return (widths is not None and sum(widths) + table._extra_width <= width
            and not _cuts(table, widths))


def widened(table: Table, width: int) -> Table:
    """``table`` with each column that would cut a word, printed ``width`` wide, given the
    width of its longest word (and again for a column the others then narrow), so that rich
    cuts none where the terminal has room for them all; ``fits`` tells whether it has."""
    for _ in table.columns:  # each round fixes at least one column
        widths = table_widths(table, width)
        cut = [] if widths is None else [
            column for column, column_width in zip(table.columns, widths, strict=True)
            if column.width is None and _need(table, column) > _room(table, column, column_width)]
        if not cut:
            break
        for column in cut:
            column.width = _need(table, column)
    return table


def least_width(table: Table) -> int:
    """The narrowest ``table`` can be printed and cut no word: each column its ``_need``
    with its padding, and the table's edges."""
    return table._extra_width + sum(
        max(1, _need(table, column)) + table._get_padding_width(column._index)
        for column in table.columns)


def measured_rows(rows: Sequence[Sequence[str]]) -> list[int]:
    """The indexes of the rows (as plain text) that give some column its widest line, its
    widest word as rich measures it, or its widest word to keep whole (``word``): rich's
    column widths depend on these only, so a table of just these rows gets the widths the
    whole table gets and cuts a word where it does (checked without measuring every cell)."""
    return widest_rows([column_sizes(cells) for cells in zip(*rows, strict=True)])


Sizes = tuple[int, int, int]
"""A cell's widest line and widest word as rich measures them, and its widest word to keep
whole (``word``)."""

ColumnSizes = tuple[Sequence[int], Sequence[int], Sequence[int]]
"""A column's cells' ``Sizes``, a sequence for each of the three, in the rows' order."""


def cell_sizes(text: str) -> Sizes:
    """``text``'s ``Sizes``, measured in one pass: a caller that needs rich's measurements of
    a cell too (``brands_table.measure``) takes them from here rather than again."""
    measure = len if single_cells(text) else cell_len
    line = max(map(measure, text.splitlines()), default=0)
    words = text.split()
    return (line, max(map(measure, words), default=line),
            max((measure(word(item)) for item in words), default=0))


def column_sizes(cells: Sequence[str]) -> ColumnSizes:
    """The ``Sizes`` of a column's ``cells`` (plain text), by kind of size."""
    sizes = list(map(cell_sizes, cells))
    if not sizes:
        return (), (), ()
    lines, words, keeps = zip(*sizes, strict=True)
    return lines, words, keeps


def widest_rows(columns: Iterable[ColumnSizes]) -> list[int]:
    """``measured_rows`` for columns already measured (``column_sizes``)."""
    chosen: set[int] = set()
    for sizes in columns:
        for size in sizes:
            if size:
                chosen.add(size.index(max(size)))  # the first widest, as ``max`` picks it
    return sorted(chosen)


def _cuts(table: Table, widths: list[int]) -> bool:
    """``cuts_silently`` for the column ``widths`` rich gives ``table``."""
    return any(_need(table, column) > _room(table, column, column_width)
               for column, column_width in zip(table.columns, widths, strict=True))


def _room(table: Table, column: Column, width: int) -> int:
    """The cells of text a column ``width`` wide (with its padding) shows on a line."""
    return width - table._get_padding_width(column._index)


def _need(table: Table, column: Column) -> int:
    """The cells a column needs to cut nothing silently: its widest line if it does not
    wrap, its widest word if it does, none if it marks a cut with "…" (or never cuts)."""
    if column.overflow in ("ellipsis", "ignore"):
        return 0
    texts = [plain(cell) for cell in (column.header, *column._cells)]
    return (max(map(longest_line, texts), default=0) if column.no_wrap
            else longest_words(texts))


def is_cjk(char: str) -> bool:
    """An ideograph, kana, a Hangul syllable or CJK punctuation: text written without spaces
    that a line may break between any two characters of (as rich folds it)."""
    code = ord(char)
    return (0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


def _break_points(link: str) -> list[int]:
    """Where ``link`` (or any word) may be broken: after ``BREAK_AFTER`` or a defanged dot,
    never inside the scheme's ``://`` or before the host starts (nor inside a ``://`` further
    on, ``href="https://…``), nor after a first character (``#`` of a hashtag); and beside a
    CJK character (``is_cjk``)."""
    start = link.find("://")
    start = start + 3 if 0 < start <= 8 else 0
    points = []
    for index in range(len(link) - 1):
        if index >= max(1, start) and (link[index] in BREAK_AFTER
                               or link.startswith(DEFANGED_DOT, index - 2)):
            if not (link.startswith("://", index - 1) or link.startswith("://", index - 2)):
                points.append(index + 1)
        elif is_cjk(link[index]) or is_cjk(link[index + 1]):
            points.append(index + 1)
    return points


def cuts_nothing(text: str, pieces: Sequence[str]) -> bool:
    """True when ``pieces`` of ``text`` (its lines, in order) each end where a line may end:
    a safe point (``_break_points``), or before the punctuation that closes the word."""
    points = set(_break_points(text))
    points.add(len(word(text)))
    end = 0
    for piece in pieces[:-1]:
        end += len(piece)
        if end not in points:
            return False
    return True


def break_link(link: str, room: int) -> list[str]:
    """``link`` in lines of at most ``room`` cells, each as long as it can be, broken only at
    safe points (``_break_points``); a stretch with none that is wider than ``room`` (a
    hostile link, a long hashtag) is kept whole on a line of its own, wider than ``room``,
    for the terminal to wrap (as ``stacked`` lets a long word run on): cut, it would be
    copied wrong. Joined, the lines are ``link``.

    Each character is measured about once (``_line_end`` walks on from the last line's end):
    measuring every later stretch again for each line took 37 s for 24 KB of ``[.]``."""
    room = max(1, room)
    if cell_len(link) <= room:
        return [link]
    lines: list[str] = []
    start = 0
    points = _break_points(link)
    first = 0  # the first of ``points`` after ``start``
    while True:
        while first < len(points) and points[first] <= start:
            first += 1
        end = _line_end(link, start, points, first, room)
        if end is None:
            break
        lines.append(link[start:end])
        start = end
    lines.append(link[start:])
    return lines


def _line_end(link: str, start: int, points: Sequence[int], first: int, room: int) -> int | None:
    """Where the line of ``link`` from ``start`` ends: the last break point (of ``points``
    from ``first``) whose stretch fits ``room``, else the first (a stretch wider than ``room``,
    whole); None when the rest fits, or has no point to break at. The stretches are measured
    one after another until they pass ``room``, and the line chosen is measured whole (rich's
    cell width of an emoji sequence is not the sum of its parts)."""
    width = 0
    fitting = first - 1
    previous = start
    for position in range(first, len(points)):
        width += cell_len(link[previous : points[position]])
        previous = points[position]
        if width > room:
            break
        fitting = position
    else:
        if first == len(points) or cell_len(link[start:]) <= room:
            return None
    while fitting >= first and cell_len(link[start : points[fitting]]) > room:
        fitting -= 1
    return points[fitting] if fitting >= first else points[first]
