"""The thread table in colour, laid out line for line and escape for escape as rich prints it.

``plain_table`` lays the table out without colour; this adds the escape sequences rich writes
around each piece of it, which in this table's fixed shape are few: the ``#`` column is bold
(its label, its padding, and the blank cell below a label), the header is bold, and a post's
piece carries its own style (``dim`` for the text after the thread) over its text, not over the
padding that follows it. Each style is written by rich's own ``Style.render``. The text of a
post is folded by ``plain_table.fold``, rich's wrapping, so lines break where rich breaks them.

A cell rich would style in more than one way (a link row of ``audit``: verdict, underline, dim
reason) is laid out by rich itself, cell by cell (``Console.render_lines``, what its Table does
for each cell), and only framed here. ``tests/report/test_color_table.py`` compares the whole
table with rich's Table, byte for byte, on hostile text.

``printed`` and ``unwrapped`` do the same for a line printed by ``Console.print`` (a thread's
heading; a row of ``domains``), where rich's console costs far more than the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from io import StringIO

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.markup import render as render_markup
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from threadscope.report import plain_table

COLOR_SYSTEM = ColorSystem.TRUECOLOR
"""What ``TableFormatter`` asks rich for when it colours (``color_system="truecolor"``)."""

LABEL_STYLE = Style(bold=True)
"""The ``#`` column's style, and rich's ``table.header`` style (both ``bold``)."""

Styled = tuple[str, str]
"""Text that is never read as markup, and the style of all of it (``""`` for none)."""

Row = tuple[str, "Styled | str"]
"""A row: the ``#`` label as markup, and a line of a post (``Styled``) or markup."""


@lru_cache(maxsize=64)
def _style(name: str) -> Style:
    """A style by name, found as rich's console finds it (its theme first)."""
    return _console().get_style(name)


def _styled(text: str, style: Style) -> str:
    """``text`` as rich's console writes a segment of it in this style."""
    return style.render(text, color_system=COLOR_SYSTEM) if style else text


@lru_cache(maxsize=1)
def _console() -> Console:
    """A console set up as ``TableFormatter``'s with colour, for the cells rich lays out."""
    return Console(file=StringIO(), width=100, color_system="truecolor", force_terminal=True,
                   no_color=False, highlight=False, emoji=False, soft_wrap=False)


def _written(line: list[Segment]) -> str:
    """Segments as rich's console writes them, each in its style."""
    return "".join(_styled(segment.text, segment.style or Style.null()) for segment in line)


def _rich_lines(text: Text, width: int, *, label: bool, safe: bool = False) -> list[str]:
    """Text laid out by rich as this table lays out a cell of its ``#`` column (``label``:
    right-justified, one line, bold under its own styles) or of its ``post`` column (``safe``:
    a long word broken only where it may be, ``safe_wrap``)."""
    console = _console()
    if not label:  # what Text.__rich_console__ renders, a line at a time
        lines = (safe_wrap(text, width, pad=True) if safe
                 else text.wrap(console, width, justify="left", overflow="fold"))
        return [_written(list(line.render(console))) for line in lines]
    options = console.options.update(
        width=width, justify="right", no_wrap=True, overflow="ellipsis", height=None,
        highlight=False,
    )
    return [_written(line) for line in console.render_lines(text, options, style=LABEL_STYLE)]


def safe_wrap(text: Text, width: int, *, pad: bool) -> list[Text]:
    """``Text.wrap`` (overflow ``fold``; ``pad``: left-justified, padded to ``width``) with a
    word wider than ``width`` broken only where it may be (``plain_table.divide``, ``safe``)
    and a piece that may not be broken left whole, wider than ``width``."""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        if "\t" in line.plain:
            line.expand_tabs(8)
        for piece in line.divide(plain_table.divide(line.plain, width, safe=True)):
            piece.rstrip_end(width)
            if cell_len(piece.plain.rstrip()) > width:
                piece.rstrip()  # a piece that may not be broken: whole
            else:
                piece.truncate(width, overflow="fold", pad=pad)
            lines.append(piece)
    return lines


def single_style(markup: str) -> Styled | Text:
    """Markup that styles all its text one way (``[dim]— 2/9 missing —[/]``) as plain text and
    that style, which the fast layout handles; other markup as rich's Text, for rich."""
    if "[" not in markup:  # as rich.markup.render
        return plain_table.strip_controls(markup), ""
    text = render_markup(markup, emoji=False)
    spans = text.spans
    if text.style or len(spans) > 1:
        return text
    if not spans:
        return text.plain, ""
    span = spans[0]
    if span.start != 0 or span.end != len(text.plain) or not isinstance(span.style, str):
        return text
    return text.plain, span.style


def _post_lines(cell: Styled | str, width: int, safe: bool = False) -> list[str]:
    """A post cell's lines as rich writes them, before trailing padding (``safe``: no word
    cut in two where it may not be, ``plain_table.fold``)."""
    styled = single_style(cell) if isinstance(cell, str) else cell
    if isinstance(styled, Text):
        return _rich_lines(styled, width, label=False, safe=safe)
    text, name = styled
    if "\n" in text:  # never in a piece; rich splits lines first
        return _rich_lines(Text.assemble((text, name)), width, label=False, safe=safe)
    style = _style(name) if name else None
    lines = plain_table.fold(text, width, safe=safe)
    return [_styled(line, style) for line in lines] if style else lines


@lru_cache(maxsize=256)
def _label_head(label: str, width: int) -> str:
    """A ``#`` cell's line, padded on the left to ``width``, bold (and its own styles)."""
    if "[" in label:
        return _rich_lines(render_markup(label, emoji=False), width, label=True)[0]
    plain = plain_table.strip_controls(label).rstrip()
    return _styled(" " * (width - cell_len(plain)) + plain, LABEL_STYLE)


def render(rows: Sequence[Row], width: int, *, safe: bool = False) -> str:
    """The table as rich prints it with colour, every line stripped of trailing spaces; the
    rows must pass ``plain_table.fits`` (checked on their plain text). ``safe``: no word cut
    in two where it may not be (``_post_lines``)."""
    plain_labels = [render_markup(label, emoji=False).plain if "[" in label
                    else plain_table.strip_controls(label) for label, _ in rows]
    label_width = max([1, *(cell_len(label) for label in plain_labels)])
    post_width = width - 5 - label_width
    pad = _styled(" ", LABEL_STYLE)
    blank = " " + _styled(" " * (label_width + 1), LABEL_STYLE) + "  "
    header = (" " + _styled(" " * (label_width - 1) + "#", LABEL_STYLE) + pad + " " + pad
              + _styled("post" + " " * (post_width - 4), LABEL_STYLE))
    lines = ["", header, " " + "─" * (width - 2)]
    heads: dict[str, str] = {}
    for label, cell in rows:
        head = heads.get(label)
        if head is None:
            head = heads[label] = " " + _label_head(label, label_width) + pad + "  "
        for number, line in enumerate(_post_lines(cell, post_width, safe)):
            lines.append(((blank if number else head) + line).rstrip(" "))
    lines.append("")
    return "\n".join(lines) + "\n"


def printed(text: Text, width: int, *, safe: bool = False) -> str | None:
    """Text as ``Console.print`` prints it with colour, every line stripped of trailing spaces,
    when no line of it is wider than ``width`` and it has no tab (rich then neither wraps nor
    expands it); otherwise None, for rich to print. ``safe``: a wider line wrapped here, a
    long word broken only where it may be (``safe_wrap``)."""
    lines: Iterable[Text] = list(text.split("\n", allow_blank=True))
    if "\t" in text.plain:
        return None
    if any(cell_len(line.plain) > width for line in lines):
        if not safe:
            return None
        lines = [piece for line in lines for piece in safe_wrap(line, width, pad=False)]
    return _lines_written(lines)


def unwrapped(text: Text) -> str | None:
    """Text as ``Console.print(text, soft_wrap=True)`` prints it with colour (no line wrapped
    or cropped), every line stripped of trailing spaces; None for text with a tab, which rich
    expands. Rich splits the text into lines before it styles them, so a style never runs over
    a line's end: here each segment is cut at its line ends instead, which writes the same."""
    if "\t" in text.plain:
        return None
    out = []
    for segment in text.render(_console()):
        style = segment.style or Style.null()
        out.append("\n".join(_styled(part, style) for part in segment.text.split("\n")))
    return "\n".join(line.rstrip(" ") for line in "".join(out).split("\n")) + "\n"


def _lines_written(lines: Iterable[Text]) -> str:
    console = _console()
    return "\n".join(_written(list(line.render(console))).rstrip(" ") for line in lines) + "\n"


def column(cells: Sequence[Styled], width: int, *, color: bool, safe: bool = False
           ) -> str | None:
    """A table of one folding column without header (``box.SIMPLE``, ``expand``, no edge
    padding; the text outside any thread) as rich prints it, with colour or not, every line
    stripped of trailing spaces: each cell's text folded to the whole width but the edges,
    its style over its text, not over the padding. None for text with a tab or a newline
    (rich expands or splits them) or a narrow table, for rich to lay out."""
    if width < plain_table.MIN_WIDTH or any("\t" in text or "\n" in text for text, _ in cells):
        return None
    lines = [""]
    for text, name in cells:
        style = _style(name) if name and color else None
        for line in plain_table.fold(text, width - 2, safe=safe):
            lines.append((" " + (_styled(line, style) if style else line)).rstrip(" "))
    lines.append("")
    return "\n".join(lines) + "\n"
