"""``scripts/fuzz_readers.py``: its mutations are what they say, and its oracle catches each
broken promise (a raw escape, a formula cell, unescaped HTML, JSON that does not parse, a
traceback) while a sane run passes."""

from __future__ import annotations

import json
from types import ModuleType

import pytest

from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return load_script("fuzz_readers")


def test_every_seed_is_a_fixture_that_exists(fuzz: ModuleType) -> None:
    missing = [name for name, path in fuzz.SEEDS.items() if not path.is_file()]
    assert missing == []


def test_the_oracle_catches_a_terminal_escape_and_a_bidi_override(fuzz: ModuleType) -> None:
    assert fuzz.check_output("table", "welt.ltd \x1b[2J") is not None
    assert fuzz.check_output("markdown", "\u202edl.tlew") is not None
    assert fuzz.check_output("table", "welt\u200b.ltd") is not None
    assert fuzz.check_output("table", "welt.ltd \\x1b[2J and \\u202e\n") is None


def test_the_oracle_catches_a_formula_cell_but_not_an_escaped_one(fuzz: ModuleType) -> None:
    assert fuzz.check_output("csv", 'input,url\r\n"=HYPERLINK(1)",x\r\n') is not None
    assert fuzz.check_output("csv", "input,url\r\n \t@SUM(1),x\r\n") is not None
    assert fuzz.check_output("csv", "input,url\r\n'=HYPERLINK(1),x\r\n") is None


def test_the_oracle_catches_unescaped_html(fuzz: ModuleType) -> None:
    assert fuzz.check_output("html", "<p><script>alert(1)</script></p>") is not None
    assert fuzz.check_output("html", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") is None


def test_the_oracle_catches_json_that_does_not_parse(fuzz: ModuleType) -> None:
    assert fuzz.check_output("json", '{"a": ') is not None
    assert fuzz.check_output("jsonl", '{"a": 1}\n{"b"\n') is not None
    assert fuzz.check_output("jsonl", '{"a": 1}\n{"b": 2}\n') is None


def test_a_sane_run_is_no_finding(fuzz: ModuleType) -> None:
    problem, _ = fuzz.run_one(["thread", "--format", "nonsense", "x"], None, 30.0)
    assert problem is None  # a usage error: exit 2, one line
    problem, _ = fuzz.run_one(["check", "--offline", "-"], b"welt.ltd\n", 30.0)
    assert problem is None


def test_a_run_over_its_cpu_limit_is_a_hang(fuzz: ModuleType) -> None:
    big = b"https://a.b/c " * 200_000
    problem, _ = fuzz.run_one(["check", "--offline", "-"], big, 0.05)
    assert problem is not None and problem.startswith("hang")


def test_wrong_types_go_where_the_path_says(fuzz: ModuleType) -> None:
    import random

    seed = fuzz.SEEDS["x-api-v2"]
    cases = list(fuzz.structured("x-api-v2", seed.read_bytes(), random.Random(1)))
    wrong = [case for case in cases if case.mutation.startswith("wrong-type ")]
    assert wrong
    original = json.loads(seed.read_bytes())
    changed = json.loads(wrong[0].data)
    assert changed != original


def test_byte_mutations_include_each_the_brief_names(fuzz: ModuleType) -> None:
    import random

    names = {case.mutation for case in fuzz.byte_level("plain", b"1/2 a\n2/2 b\n",
                                                        random.Random(1))}
    assert {"truncated-half", "byte-flips", "invalid-utf8", "utf16-bom", "utf16le-no-bom",
            "nul-bytes", "10mb-one-line", "10mb-line-appended"} <= names
