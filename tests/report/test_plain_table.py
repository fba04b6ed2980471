"""``plain_table`` lays out the thread table without colour as rich's Table does, byte for byte.

The reference is rich itself, set up as ``TableFormatter`` set it up before the fast path, on
text chosen to stress wrapping: wide and zero-width characters, emoji sequences, combining
marks, runs of spaces, Unicode spaces, words longer than the column."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from threadscope.report import fitting, plain_table

PIECES = [
    "word", "Wort", "a", "Übersicht", "новости", "Ελλάδα", " ", "  ", "   ", "\u00a0", "\u3000",
    "漢字", "アプリケーション", "🔥", "👇", "👨\u200d👩\u200d👧", "❤\ufe0f", "e\u0301", "\u2061",
    "https://welt.ltd/politik/foerderung-8812", "x" * 130, "🔥" * 70, "漢" * 90, "—", "…",
    "[bold]", "\\", "1/6", "\u200b",
]


def _rich(rows: list[tuple[str, str]], width: int) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      no_color=True, highlight=False, emoji=False, soft_wrap=False)
    table = Table(box=box.SIMPLE_HEAD, show_header=True, expand=True, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True, style="bold")
    table.add_column("post", ratio=1, overflow="fold")
    for label, post in rows:
        table.add_row(Text(label), Text(post))
    console.print(table)
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


def _text(rnd: random.Random) -> str:
    words = range(rnd.randint(0, 60))
    return "".join(rnd.choice(PIECES) + rnd.choice(["", " ", " "]) for _ in words)


@pytest.mark.parametrize("width", [40, 60, 61, 100, 137, 160])
def test_same_lines_as_rich(width: int) -> None:
    rnd = random.Random(width)
    for _ in range(40):
        labels = ["", "·", "1/6", "12/140", "after", "12345/99999", "99/"]
        rows = [(rnd.choice(labels), _text(rnd)) for _ in range(rnd.randint(1, 6))]
        assert plain_table.fits(rows, width)
        assert plain_table.render(rows, width) == _rich(rows, width), rows


def test_empty_and_blank_posts() -> None:
    rows = [("", ""), ("1/2", " "), ("2/2", "   a   "), ("", "\u3000")]
    assert plain_table.render(rows, 100) == _rich(rows, 100)


def test_wide_labels_left_to_rich() -> None:
    assert not plain_table.fits([("x" * 21, "post")], 100)
    assert not plain_table.fits([("a\nb", "post")], 100)


def test_divide_breaks_where_rich_does() -> None:
    from rich._wrap import divide_line

    rnd = random.Random(7)
    for _ in range(3000):
        text, width = _text(rnd), rnd.choice([1, 2, 3, 5, 20, 60, 95])
        assert plain_table.divide(text, width) == divide_line(text, width, fold=True), text


@pytest.mark.parametrize("width", [40, 60, 100, 160])
def test_printed_as_console_prints(width: int) -> None:
    rnd = random.Random(width + 1)
    for _ in range(100):
        text = "\n".join(_text(rnd) for _ in range(rnd.randint(1, 3)))
        buffer = StringIO()
        Console(file=buffer, width=width, color_system=None, no_color=True, highlight=False,
                emoji=False, soft_wrap=False).print(Text(text))
        expected = "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))
        assert plain_table.printed(text, width) == expected, text


def test_divide_breaks_where_rich_does_in_single_cell_text() -> None:
    from rich._wrap import divide_line

    rnd = random.Random(8)
    pieces = ["word", "Übersicht", "новости", " ", "   ", "\u00a0", "x" * 130, "a", "—"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        width = rnd.choice([1, 2, 3, 7, 20, 60, 95])
        assert plain_table.divide(text, width) == divide_line(text, width, fold=True), text


def _words_fit(rows: list[tuple[str, str]], width: int) -> bool:
    """True when no word of a post is wider than the post column (nothing for rich to fold)."""
    label_width = max([1, *(cell_len(label) for label, _ in rows)])
    room = width - 5 - label_width
    return all(cell_len(word) <= room for _, post in rows for word in post.split())


@pytest.mark.parametrize("width", [40, 60, 61, 100, 137, 160])
def test_safe_is_rich_where_no_word_is_too_long(width: int) -> None:
    """``safe`` changes a table only where rich would fold a word: elsewhere, the same bytes."""
    rnd = random.Random(width + 1)
    compared = 0
    for _ in range(200):
        rows = [(rnd.choice(["", "1/6", "12/140"]), _text(rnd))
                for _ in range(rnd.randint(1, 3))]
        if _words_fit(rows, width):
            compared += 1
            assert plain_table.render(rows, width, safe=True) == plain_table.render(rows, width)
    assert compared > 10


LINK = ("https://notesfrompoland.com.news-today.co/2024/03/15/sanctions-report-government-"
        "hides-the-truth?utm_source=telegram&utm_campaign=spring")


@pytest.mark.parametrize("width", [20, 40, 60, 100])
def test_safe_breaks_a_long_word_only_where_it_may(width: int) -> None:
    """A link folds only after ``/ ? & # =``; CJK between characters; a word that may not be
    broken stays whole on its line, wider than the column (for the terminal to wrap)."""
    hashtag = "#" + "Wahrheit" * 12
    cjk = "这是一个没有空格的很长的中文句子用来测试表格是否会在中间切断"
    text = f"Read {LINK} and {hashtag} or {cjk} end"
    for at in plain_table.divide(text, width, safe=True):
        before, after = text[:at], text[at:]
        assert (before.endswith(" ") or before.endswith(tuple("/?&#="))
                or "\u4e00" <= before[-1] <= "\u9fff" or "\u4e00" <= after[0] <= "\u9fff"), at
    lines = [line.rstrip() for line in plain_table.fold(text, width, safe=True)]
    assert hashtag in [line.strip() for line in lines] or any(
        hashtag in line.split() for line in lines)
    for line in lines:
        if cell_len(line) > width:  # only what has no point to break at
            assert not fitting._break_points(line.strip()), line


def test_safe_keeps_what_rich_keeps_of_a_cjk_run() -> None:
    """CJK text folds between characters: the same as rich, as nothing is cut."""
    rows = [("1/2", "漢" * 90 + " アプリケーション" * 12)]
    assert plain_table.render(rows, 60, safe=True) == plain_table.render(rows, 60)
