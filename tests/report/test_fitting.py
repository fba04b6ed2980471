"""Measuring what a table's columns would cut, and breaking a long link where it is safe."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from threadscope.report import fitting

DOMAIN = "notesfrompoland[.]com[.]news-today[.]co"
LINK = ("hxxps://notesfrompoland[.]com[.]news-today[.]co/2024/03/15/sanctions-report?"
        "utm_source=telegram&utm_campaign=spring#top")


def test_the_longest_word_is_measured_in_cells() -> None:
    assert fitting.longest_word("") == 0
    assert fitting.longest_word(f"+20 hosted on {DOMAIN} as") == len(DOMAIN)
    assert fitting.longest_word("ａｂｃ de") == 6  # wide characters take two cells each
    assert fitting.longest_line("ab cd\nabcdef") == 6
    assert fitting.longest_words(["a bb", "ccc d", ""]) == 3
    # a column folds a word from its start: a comma or colon may go to the next line alone
    assert fitting.longest_word("www.seoulbeat.example: no") == len("www.seoulbeat.example")
    assert fitting.longest_word("(welt[.]ltd)") == len("(welt[.]ltd)")
    assert fitting.longest_word("… ...") == 3


@given(st.lists(st.sampled_from(["a", "b", " ", "\n", ",", ":", "…", "ｗ", "e\u0301", "\u200d",
                                 "🏳️", "\x1c", "\u2028", "日本"])).map("".join))
def test_a_cell_is_measured_in_one_pass_as_rich_measures_it(text: str) -> None:
    """``cell_sizes``: the widest line (rich's largest width), the widest word (rich's
    smallest; the line where there is none) and the widest word to keep whole (``word``)."""
    line = max(map(cell_len, text.splitlines()), default=0)
    rich_word = max(map(cell_len, text.split()), default=line)
    assert fitting.cell_sizes(text) == (line, rich_word, fitting.longest_word(text))


def test_a_column_is_measured_by_kind_of_size() -> None:
    assert fitting.column_sizes(["ab cd", "", "x\nlonger"]) == ((5, 0, 6), (2, 0, 6), (2, 0, 6))
    assert fitting.column_sizes([]) == ((), (), ())
    assert fitting.widest_rows([fitting.column_sizes([])]) == []


def _printed(table: Table, width: int) -> str:
    buffer = StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False, emoji=False,
            soft_wrap=False).print(table)
    return buffer.getvalue()


def _table(reasons: list[str], accounts: list[str]) -> Table:
    """A table shaped as ``bots``' clusters table."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("cluster", no_wrap=True)
    table.add_column("accounts", no_wrap=True, overflow="fold", max_width=40)
    table.add_column("link", no_wrap=True, overflow="ellipsis", max_width=12)
    table.add_column("reasons", overflow="fold", ratio=3)
    for number, (reason, account) in enumerate(zip(reasons, accounts, strict=True)):
        table.add_row(str(number), escape(account), escape(LINK), escape(reason))
    return table


def _whole(words: list[str], printed: str) -> bool:
    """True when every word appears whole on a line of ``printed``."""
    return all(any(fitting.word(word) in line for line in printed.splitlines())
               for word in words)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 140, 160, 200])
def test_a_cut_is_foretold_exactly_as_rich_then_prints(width: int) -> None:
    """Rich's own table, printed: where ``cuts_silently`` says no, every word of the folding
    column and every line of the cropping one is printed whole; where it says yes, one is not
    (the ``…`` column cuts with a mark and is not counted)."""
    rnd = random.Random(width)
    seen = set()
    for _ in range(30):
        words = [rnd.choice(["a", "reason:", DOMAIN, DOMAIN + ",", LINK,
                             "@" + "x" * rnd.randint(5, 45) + "…"])
                 for _ in range(rnd.randint(1, 8))]
        reasons = [" ".join(words)]
        accounts = ["@" + "k" * rnd.randint(3, 44)]
        table = _table(reasons, accounts)
        printed = _printed(table, width)
        cuts = fitting.cuts_silently(table, width)
        seen.add(cuts)
        assert cuts != _whole([*words, *accounts], printed), (width, reasons, accounts)
    if width <= 100:
        assert True in seen


def test_a_column_that_ends_a_cut_with_an_ellipsis_is_not_a_silent_cut() -> None:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("link", no_wrap=True, overflow="ellipsis", max_width=12)
    table.add_column("reason", overflow="fold", ratio=1)
    table.add_row(escape(LINK), "short words only")
    assert not fitting.cuts_silently(table, 80)


def _folding(rows: list[list[str]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    for name in ("name", "domains", "tier"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*map(escape, row))
    return table


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_the_measured_rows_give_the_whole_table_s_widths(width: int) -> None:
    rnd = random.Random(width)
    rows = [[" ".join(rnd.choice(["Die", "Welt", "bundesgesundheitsministerium.de,", DOMAIN])
                      for _ in range(rnd.randint(1, 4))),
             ", ".join(rnd.choice(["welt.de", DOMAIN, "x" * rnd.randint(1, 40) + ".de"])
                       for _ in range(rnd.randint(1, 3))), str(rnd.randint(1, 2))]
            for _ in range(200)]
    sample = _folding([rows[index] for index in fitting.measured_rows(rows)])
    whole = _folding(rows)
    assert len(sample.rows) <= 9
    assert fitting.table_widths(sample, width) == fitting.table_widths(whole, width)
    assert fitting.cuts_silently(sample, width) == fitting.cuts_silently(whole, width)


@pytest.mark.parametrize("width", [70, 80])
def test_a_widened_table_that_fits_cuts_no_word(width: int) -> None:
    """A column that would cut a word gets the width of its longest word; where the table
    then ``fits``, rich prints every word whole within the width."""
    rows = [["Bundesministerium für Gesundheit", "bundesgesundheitsministerium.de", "1"],
            ["Die Welt", "welt.de", "1"], ["x", DOMAIN, "2"]]
    table = _folding(rows)
    assert fitting.cuts_silently(table, width)
    widened = fitting.widened(table, width)
    assert fitting.fits(widened, width)
    printed = _printed(widened, width)
    assert _whole([word for row in rows for word in " ".join(row).split()], printed)
    assert max(map(len, printed.splitlines())) <= width


def test_a_widened_table_wider_than_the_terminal_does_not_fit() -> None:
    table = _folding([[DOMAIN + "-and-more", DOMAIN + "-again", "1"]])
    assert not fitting.fits(fitting.widened(table, 60), 60)


def test_markup_in_a_cell_is_measured_as_shown() -> None:
    assert fitting.plain("[bold red]lookalike[/]") == "lookalike"
    assert fitting.plain(escape("[bold]x[/bold]")) == "[bold]x[/bold]"
    assert fitting.plain("plain") == "plain"


def test_a_long_link_breaks_only_after_a_safe_character() -> None:
    lines = fitting.break_link(LINK, 40)
    assert "".join(lines) == LINK
    assert all(len(line) <= 40 for line in lines)
    for line in lines[:-1]:
        assert line.endswith(tuple(fitting.BREAK_AFTER)) or line.endswith("[.]"), lines
    assert lines[0] == "hxxps://notesfrompoland[.]com[.]"  # the next break is too far


def test_a_host_that_fits_stays_on_one_line() -> None:
    lines = fitting.break_link(LINK, 60)
    assert lines[0] == "hxxps://notesfrompoland[.]com[.]news-today[.]co/2024/03/15/"
    assert fitting.break_link("https://a.example/x", 60) == ["https://a.example/x"]


def test_the_scheme_is_never_broken_and_a_stretch_without_breaks_is_kept_whole() -> None:
    """A stretch with no safe point wider than the room (a hostile host, a long hashtag) is
    not folded at a random letter, where it would be copied wrong: it runs on whole."""
    link = "https://" + "a" * 50 + ".example/path/x"
    lines = fitting.break_link(link, 20)
    assert lines == ["https://" + "a" * 50 + ".example/", "path/x"]
    assert fitting.break_link("https://x/y", 3) == ["https://x/", "y"]
    assert fitting.break_link("#" + "Wahrheit" * 10, 20) == ["#" + "Wahrheit" * 10]


def test_no_break_inside_a_scheme_further_on() -> None:
    word = 'href="https://www.welt.de/politik/ausland/article123456789/geheime.html">'
    lines = fitting.break_link(word, 30)
    assert lines[0] == 'href="https://www.welt.de/'
    assert all(not line.endswith((":/", "://")) for line in lines)


def test_cjk_breaks_between_characters_as_a_table_folds_it() -> None:
    text = "这是一个没有空格的很长的中文句子"
    assert fitting.break_link(text, 10) == ["这是一个没", "有空格的很", "长的中文句", "子"]
    assert fitting.break_link("中文abcdef中文", 6) == ["中文", "abcdef", "中文"]


def _breakable(line: str) -> bool:
    """A line that may be wider than the room: one with no safe point inside."""
    return not fitting._break_points(line)


@settings(max_examples=200, deadline=None)
@given(link=st.text(alphabet="ab/?&#=[.]:ｗ-中", max_size=80), room=st.integers(1, 50))
def test_broken_links_join_back_whole_and_fit(link: str, room: int) -> None:
    lines = fitting.break_link(link, room)
    assert "".join(lines) == link
    assert all(fitting.longest_line(line) <= max(room, 2) or _breakable(line)
               for line in lines)
    ends = [sum(map(len, lines[:number + 1])) for number in range(len(lines) - 1)]
    assert set(ends) <= set(fitting._break_points(link))


def test_a_fold_that_cuts_nothing_is_kept() -> None:
    """Lines of a word that end only where a line may (CJK; before a closing full stop) cut
    nothing: the thread table keeps rich's fold of them, byte for byte."""
    assert fitting.cuts_nothing("漢字漢字", ["漢字", "漢字"])
    assert fitting.cuts_nothing("https://welt.ltd/a.", ["https://welt.ltd/a", "."])
    assert fitting.cuts_nothing("https://welt.ltd/a", ["https://", "welt.ltd/a"]) is False
    assert not fitting.cuts_nothing("#Wahrheit", ["#Wahr", "heit"])


def _break_link_by_definition(link: str, room: int) -> list[str]:
    """``break_link`` as its docstring defines it, measuring every later stretch for each line
    (quadratic and more: the oracle for short links only)."""
    room = max(1, room)
    if cell_len(link) <= room:
        return [link]
    lines: list[str] = []
    start = 0
    points = fitting._break_points(link)
    while cell_len(link[start:]) > room:
        later = [p for p in points if p > start]
        fitting_points = [p for p in later if cell_len(link[start:p]) <= room]
        if fitting_points:
            end = fitting_points[-1]
        elif later:
            end = later[0]
        else:
            break
        lines.append(link[start:end])
        start = end
    lines.append(link[start:])
    return lines


@settings(max_examples=300, deadline=None)
@given(link=st.text(alphabet=st.sampled_from(list("ab/?&#=[.]:ｗ-中") + ["é", "\u0301"]),
                    max_size=120),
       room=st.integers(1, 40))
def test_a_link_is_broken_as_the_definition_says(link: str, room: int) -> None:
    assert fitting.break_link(link, room) == _break_link_by_definition(link, room)


def test_a_long_run_of_defanged_dots_is_broken_in_one_pass() -> None:
    """24 KB of ``[.]`` (a break point every three characters) took 37 s when every later
    stretch was measured again for each line; it is now broken at once, every line full."""
    link = "[.]" * 8000
    lines = fitting.break_link(link, 40)
    assert "".join(lines) == link
    assert lines[0] == "[.]" * 13 and len(lines) == -(-8000 // 13)


def test_a_long_path_of_short_steps_is_broken_in_one_pass() -> None:
    """A 400 KB link of ``a/`` steps: each line starts where the last ended, the break points
    before it are not walked again. Before, ``audit`` took 6.9 s of CPU on an 8 KB link of
    this shape and over 290 s on a 50 KB one."""
    link = "https://welt.ltd/" + "a/" * 200_000
    lines = fitting.break_link(link, 60)
    assert "".join(lines) == link
    assert lines[0] == "https://welt.ltd/" + "a/" * 21
    assert all(len(line) <= 60 for line in lines)
