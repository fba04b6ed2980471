"""``color_table`` lays out the thread table in colour as rich's Table does, byte for byte,
escape sequences included.

The reference is rich itself, set up as ``TableFormatter`` set it up before the fast path
(truecolor, a terminal, no highlighting, no emoji codes), on the rows the formatter makes from
the fixtures and the hand-built audit report (link rows styled in several ways), and on text
chosen to stress wrapping and styling: wide and zero-width characters, emoji sequences,
combining marks, bidi controls (shown as escapes by ``visible``), runs of spaces, words longer
than the column, empty cells, and markup-like text that must stay text. Lines printed without
rich's console (thread headings, rows of ``domains``) are compared with ``Console.print``; and
the command itself, on a pseudo-terminal, colours unless ``NO_COLOR`` is set."""

from __future__ import annotations

import os
import pty
import random
import subprocess
import sys
import tty
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.markup import render as render_markup
from rich.table import Table
from rich.text import Text

from threadscope.assessment import assess
from threadscope.models import AuditReport, Reassembly
from threadscope.report import color_table, plain_table
from threadscope.report.table_format import Piece, TableFormatter, cell_pieces
from threadscope.threads import reassemble

from .test_plain_table import PIECES, _words_fit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
HOSTILE = [
    *PIECES, "\u202e", "\u2066", "\u200f", "\x1b[31m", "\x07", "\t", "[/]", "[dim]x[/dim]",
    "[link=https://x]y[/link]", "\\[bold]", "[", "]", "🏳️\u200d🌈", "ا", "עברית", "\u0300",
    "\ufeff", "\U0001f1e9\U0001f1ea", "a" * 300,
]
STYLES = ["", "", "dim", "bold red", "underline"]
LABELS = ["", "·", "1/6", "12/140", "[dim]after[/]", "12345/99999", "99/", "[bold]x[/]"]


def _console(width: int) -> Console:
    return Console(file=StringIO(), width=width, color_system="truecolor", force_terminal=True,
                   no_color=False, highlight=False, emoji=False, soft_wrap=False)


def _trimmed(console: Console) -> str:
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip(" ") for line in output.split("\n"))


def _rich(rows: list[color_table.Row], width: int) -> str:
    """The table as ``TableFormatter`` printed it in colour with rich's Table."""
    console = _console(width)
    table = Table(box=box.SIMPLE_HEAD, show_header=True, expand=True, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True, style="bold")
    table.add_column("post", ratio=1, overflow="fold")
    for label, cell in rows:
        table.add_row(label, cell.rich() if isinstance(cell, Piece) else cell)
    console.print(table)
    return _trimmed(console)


def _fits(rows: list[color_table.Row], width: int) -> bool:
    def plain(cell: str) -> str:
        return render_markup(cell, emoji=False).plain

    return plain_table.fits(
        [(plain(label), cell.text if isinstance(cell, Piece) else plain(cell))
         for label, cell in rows], width)


def _text(rnd: random.Random) -> str:
    words = range(rnd.randint(0, 40))
    return "".join(rnd.choice(HOSTILE) + rnd.choice(["", " ", " ", "\n"]) for _ in words)


def _rows(rnd: random.Random) -> list[color_table.Row]:
    """Posts as the formatter cuts them (``cell_pieces``: ``visible``, a row a line), gap rows
    and link-like rows in markup, text written by an attacker escaped into it."""
    rows: list[color_table.Row] = []
    for _ in range(rnd.randint(1, 5)):
        kind = rnd.random()
        if kind < 0.15:
            rows.append(("", f"[dim]— {rnd.randint(1, 9)}/9 missing —[/]"))
        elif kind < 0.3:
            attacker = escape(_text(rnd).replace("\n", " ").replace("\t", " "))
            rows.append(("", f"  ↳ [dim]#1[/] [bold red]lookalike [/]  92  "
                             f"[underline]{attacker}[/] imitates x [dim]— {attacker}[/]"))
        else:
            pieces = cell_pieces(_text(rnd), rnd.choice(STYLES))
            rows.append((rnd.choice(LABELS), pieces[0]))
            rows += [("", piece) for piece in pieces[1:]]
    return rows


@pytest.mark.parametrize("width", [40, 60, 61, 100, 137, 160])
def test_same_bytes_as_rich(width: int) -> None:
    rnd = random.Random(width)
    checked = 0
    for _ in range(60):
        rows = _rows(rnd)
        if _fits(rows, width):
            checked += 1
            assert color_table.render(rows, width) == _rich(rows, width), rows
    assert checked > 40


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from([*HOSTILE, " ", "\u00a0", "\n"]), max_size=30)
                   .map("".join), min_size=1, max_size=4),
    style=st.sampled_from(STYLES),
    label=st.sampled_from(LABELS),
    width=st.integers(40, 160),
)
def test_same_bytes_as_rich_on_any_text(
    texts: list[str], style: str, label: str, width: int
) -> None:
    rows: list[color_table.Row] = []
    for text in texts:
        pieces = cell_pieces(text, style)
        rows.append((label, pieces[0]))
        rows += [("", piece) for piece in pieces[1:]]
    if _fits(rows, width):
        assert color_table.render(rows, width) == _rich(rows, width)


def test_empty_blank_and_markup_like_cells() -> None:
    rows: list[color_table.Row] = [
        ("", Piece("")), ("1/2", Piece(" ", "dim")), ("2/2", Piece("   a   ", "dim")),
        ("", Piece("\u3000")), ("[dim]after[/]", Piece("[bold]not bold[/bold] [red]", "dim")),
        ("", Piece("[bold]")), ("", "[dim][/]"), ("", "plain [dim]dim[/] plain"),
    ]
    for width in (40, 100):
        rendered = color_table.render(rows, width)
        assert rendered == _rich(rows, width)
        assert "[bold]not bold[/bold] [red]" in rendered


def test_fixture_threads_and_audit_rows(reassembly: Reassembly, audit_report: AuditReport) -> None:
    """The rows the formatter makes (labels, gap rows, trailing text, audit's link rows)."""
    results = [reassemble(path.read_text("utf-8"), source=path.name)
               for path in sorted(FIXTURES.iterdir()) if path.suffix in {".txt", ".json"}]
    for width in (60, 100, 160):
        formatter = TableFormatter(color=True, width=width)
        tables = [formatter._thread_rows(thread, None)
                  for result in [reassembly, *results] for thread in result.threads]
        tables += [formatter._thread_rows(thread, audit_report)
                   for thread in audit_report.threads]
        for rows in tables:
            assert _fits(rows, width)
            assert color_table.render(rows, width) == _rich(rows, width), rows


def _printed(markup: str, width: int) -> str:
    console = _console(width)
    console.print(markup)
    return _trimmed(console)


@pytest.mark.parametrize("width", [40, 60, 100, 160])
def test_printed_as_console_prints(width: int) -> None:
    rnd = random.Random(width + 2)
    checked = 0
    for _ in range(200):
        text = escape(_text(rnd))
        markup = rnd.choice([f"\n[bold]{text}[/]", f"[bold]{text}[/]: 3 thread(s)", text,
                             f"[dim]{text}[/] and [bold red]{text}[/]"])
        printed = color_table.printed(render_markup(markup, emoji=False), width)
        if printed is not None:
            checked += 1
            assert printed == _printed(markup, width), markup
    assert checked >= 20  # the fast path is taken, not only left to rich


def test_printed_leaves_wrapping_and_tabs_to_rich() -> None:
    assert color_table.printed(render_markup("[bold]" + "word " * 30 + "[/]"), 60) is None
    assert color_table.printed(render_markup("a\tb"), 60) is None
    assert color_table.printed(render_markup("[bold]Thread 1[/] · 3 shown"), 60) is not None


def test_formatter_colours_the_fast_table(reassembly: Reassembly) -> None:
    """What reaches the terminal: the laid-out table, bold labels, no markup read."""
    text = TableFormatter(color=True, width=100).threads(reassembly)
    assert "\x1b[1m" in text
    assert "[bold]B[/bold]" in text
    assert "\x1b[31mRED" not in text


def _random_text(rnd: random.Random) -> Text:
    """Pieces appended in styles (as an assessment line is built), some with line breaks and
    padding, some styles laid over others."""
    text = Text()
    for _ in range(rnd.randint(0, 8)):
        piece = _text(rnd) if rnd.random() < 0.05 else _text(rnd).replace("\t", " ")
        text.append(piece + rnd.choice(["", "  ", "\n", "\n    "]), style=rnd.choice(STYLES))
    if rnd.random() < 0.3:
        text.stylize("bold underline", 0, rnd.randint(0, len(text.plain)))
    return text


@pytest.mark.parametrize("color", [True, False])
def test_unwrapped_as_console_prints_with_soft_wrap(color: bool) -> None:
    rnd = random.Random(int(color))
    checked = 0
    for _ in range(300):
        text = _random_text(rnd)
        console = _console(100) if color else Console(
            file=StringIO(), width=100, color_system=None, force_terminal=False, no_color=True,
            highlight=False, emoji=False, soft_wrap=False)
        console.print(text, soft_wrap=True)
        unwrapped = (color_table.unwrapped(text) if color
                     else plain_table.unwrapped(text.plain))
        if unwrapped is not None:
            checked += 1
            assert unwrapped == _trimmed(console), text.plain
    assert checked > 200


def test_unwrapped_leaves_tabs_to_rich() -> None:
    assert color_table.unwrapped(Text("a\tb")) is None
    assert plain_table.unwrapped("a\tb") is None


def test_assessment_rows_as_rich_printed_them() -> None:
    """Assessment rows (verdict, score, link, reasons wrapped below, the written form) in
    colour and without, as rich's console printed them."""
    links = ["welt.ltd", "https://t.co/cykVk0lJUJWelt.de", "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝", "[bold]x.de",
             "a\u202eb.com", "spiegel-online.ltd/" + "x" * 300, "https://www.zeit.de/"]
    for color, explain, width in [(True, True, 100), (True, False, 60), (False, True, 160)]:
        formatter = TableFormatter(color=color, width=width, explain=explain)
        for link in links:
            text = formatter._assessment_text(assess(link))
            console = _console(width) if color else Console(
                file=StringIO(), width=width, color_system=None, no_color=True,
                highlight=False, emoji=False, soft_wrap=False)
            console.print(text, soft_wrap=True)
            assert formatter._render(text) == _trimmed(console), link


def _thread_on(terminal: bool, env: dict[str, str], command: tuple[str, ...] = ("thread",)
               ) -> bytes:
    """``threadscope thread`` (or ``command``) on a fixture, its output on a pseudo-terminal
    or a pipe."""
    reader, writer = pty.openpty() if terminal else os.pipe()
    if terminal:
        tty.setraw(writer)  # the bytes as written, no newline translation
    path = FIXTURES / "x_copy_closing_markers.txt"
    child = subprocess.Popen([sys.executable, "-m", "threadscope", *command, str(path)],
                             stdout=writer, stderr=subprocess.DEVNULL,
                             env={**env, "COLUMNS": "100"})
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 1 << 16)
        except OSError:  # the terminal's writer closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    assert child.wait(timeout=60) in (0, 1)  # ``audit`` exits 1 when a link is flagged
    return b"".join(chunks)


@pytest.mark.parametrize("command", [("thread",), ("audit", "--offline")])
def test_a_terminal_gets_colour_unless_no_color(command: tuple[str, ...]) -> None:
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    coloured = _thread_on(True, env, command)
    piped = _thread_on(False, env, command)
    assert b"\x1b[1m" in coloured
    assert b"\x1b[" not in piped
    assert _thread_on(True, {**env, "NO_COLOR": "1"}, command) == piped


def _plain_rows(rows: list[color_table.Row]) -> list[tuple[str, str]]:
    def plain(cell: str) -> str:
        return render_markup(cell, emoji=False).plain

    return [(plain(label), cell.text if isinstance(cell, Piece) else plain(cell))
            for label, cell in rows]


@pytest.mark.parametrize("width", [40, 60, 61, 100, 137, 160])
def test_safe_colour_shows_what_safe_plain_shows(width: int) -> None:
    """With ``safe``, the coloured table has the plain one's characters, line for line (a long
    word broken where it may be, in both), and is rich's own where no word is too long."""
    rnd = random.Random(width + 11)
    same = 0
    for _ in range(60):
        rows = _rows(rnd)
        if not _fits(rows, width) or any("\x1b" in text for _, text in _plain_rows(rows)):
            continue  # (a raw escape in a link row's markup would be read back as colour)
        coloured = color_table.render(rows, width, safe=True)
        plain = plain_table.render(_plain_rows(rows), width, safe=True)
        assert [line.rstrip() for line in Text.from_ansi(coloured).plain.split("\n")] == \
            [line.rstrip() for line in plain.split("\n")], rows
        if _words_fit(_plain_rows(rows), width):
            same += 1
            assert coloured == color_table.render(rows, width), rows
    assert same > 3


@pytest.mark.parametrize("width", [40, 60, 100])
def test_safe_printed_breaks_a_long_link_where_it_may(width: int) -> None:
    link = "/work/" + "fixtures/threads/" * 3 + "mastodon_context_without_status.json"
    text = render_markup(f"[bold]Audit of {link}[/]")
    printed = color_table.printed(text, width, safe=True)
    assert printed is not None
    lines = Text.from_ansi(printed).plain.splitlines()
    assert "".join(line.removeprefix("Audit of ") for line in lines) == link
    assert all(line.endswith("/") for line in lines[:-1] if "/" in line)
    assert color_table.printed(text, width) is None  # without ``safe``: left to rich
