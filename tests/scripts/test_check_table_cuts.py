"""``scripts/check_table_cuts.py``: it finds a word cut at a point that is not safe, lets one
broken where it may be, and finds none in the tables of a dump of long links and words."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from .test_real_sets import load_script

LINK = ("https://notesfrompoland.com.news-today.co/2024/03/15/sanctions-report-government-"
        "hides-the-truth?utm_source=telegram&utm_campaign=spring")


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    return load_script("check_table_cuts")


def test_a_word_folded_at_a_letter_is_a_cut(checker: ModuleType) -> None:
    output = (" 1/2   Read this:\n"
              "       https://notesfrompoland.com.news-today.co/2024/03/15/sanctions-report-gover\n"
              "       nment-hides-the-truth?utm_source=telegram&utm_campaign=spring and share\n")
    found = list(checker.cuts(output, {LINK, "share"}))
    assert [(word, word[:at][-5:]) for word, at, _ in found] == [(LINK, "gover")]
    assert not checker.safe_at(LINK, LINK.index("nment"))


def test_a_link_broken_after_a_slash_or_a_defanged_dot_is_not(checker: ModuleType) -> None:
    output = (" 1/2   https://notesfrompoland.com.news-today.co/2024/03/15/\n"
              "       sanctions-report-government-hides-the-truth?\n"
              "       utm_source=telegram&utm_campaign=spring and share\n")
    found = list(checker.cuts(output, {LINK}))
    assert len(found) == 2
    assert all(checker.safe_at(word, at) for word, at, _ in found)
    assert checker.safe_at("hxxps://welt[.]ltd", len("hxxps://welt[.]"))
    assert checker.safe_at("www.seoulbeat.example:", len("www.seoulbeat.example"))
    assert checker.safe_at("漢字漢字", 2)


def test_words_that_only_look_continued_are_not_cuts(checker: ModuleType) -> None:
    """A short piece, or one in another column, is a coincidence, not a cut."""
    output = (" 2   lookalike  100  x\n"
              " 3   benign       0  y\n"
              " braypeople.ie      news   2\n"
              " break.com          news   2\n")
    assert list(checker.cuts(output, {"1000", "newsbreak.com"})) == []


@pytest.mark.parametrize("command", ["thread", "audit"])
def test_no_cut_in_the_tables_of_long_links_and_words(checker: ModuleType, tmp_path: Path,
                                                      command: str) -> None:
    dump = tmp_path / "posts.txt"
    dump.write_text(f"1/2 Read {LINK} and #{'Wahrheit' * 9} now\n"
                    f"2/2 {'这是一个没有空格的很长的中文句子' * 4} https://welt.ltd/{'a-b' * 30}\n",
                    encoding="utf-8")
    cuts = list(checker.check(command, dump, (40, 60, 100, 200), colors=(False, True)))
    assert cuts == [], "\n".join(map(str, cuts))
