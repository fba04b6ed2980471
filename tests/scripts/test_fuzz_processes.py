"""``scripts/fuzz_processes.py``: its attacks cover what it says, its streams are closed for
threadscope alone, and its oracle catches an internal error, a hang and a memory peak."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return load_script("fuzz_processes")


def test_every_kind_of_attack_is_in_the_corpus(fuzz: ModuleType) -> None:
    names = " ".join(attack.name for attack in fuzz.attacks(1))
    for kind in ("binary-random", "dev-zero", "utf16-bom/", "utf16le/", "nul/", "deep-array",
                 "million-keys", "million-columns", "numbers 1e999/", "numbers -0/",
                 "broken-hosts", "hostile-brands", "hostile-column", "fifo/", "directory",
                 "stdin-closed", "stdin-write-only", "stdout-closed", "huge-line-text",
                 "huge-csv-field", "hostile-everywhere/"):
        assert kind in names, kind


def test_streams_are_closed_for_threadscope_not_for_time(fuzz: ModuleType) -> None:
    line = fuzz._inner(["thread", "-"], None, "closed", "closed", Path("/tmp/out"))
    assert line.startswith("exec ") and line.endswith(" <&- >&-")


def test_the_oracle_catches_an_internal_error_a_hang_and_a_peak(fuzz: ModuleType) -> None:
    options = argparse.Namespace(timeout=10.0, rss_base=100.0, rss_ratio=2.0)
    internal = fuzz.Run(2, "", "threadscope: internal error: OSError: x\n", 1.0, 50.0, False)
    assert "internal error" in fuzz.judge(internal, "table", "file", 0, options)
    hung = fuzz.Run(-9, "", "", 10.0, 0.0, True)
    assert fuzz.judge(hung, "table", "file", 0, options).startswith("hang")
    heavy = fuzz.Run(0, "", "", 1.0, 500.0, False)
    assert fuzz.judge(heavy, "table", "file", 1024 * 1024, options).startswith("peak RSS")
    fine = fuzz.Run(2, "", "threadscope: x: no such file\n", 1.0, 50.0, False)
    assert fuzz.judge(fine, "table", "file", 0, options) is None
