"""Tests that need ``../shared/`` say so: a named skip and a warning at the end of the run, and
a failure in CI, where the folder is always there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.shared import SKIP_PREFIX, shared_file, shared_skips

ROOT = Path(__file__).resolve().parent.parent


def test_a_present_file_is_returned(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "a.txt").write_text("x", "utf-8")
    assert shared_file("examples/a.txt", tmp_path) == tmp_path / "examples" / "a.txt"


def test_a_missing_file_skips_with_a_reason_that_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        shared_file("examples/missing.txt", tmp_path)
    assert f"{SKIP_PREFIX}examples/missing.txt" in str(skipped.value)
    assert shared_skips([str(skipped.value), "some other reason"]) == 1


def test_in_ci_a_missing_file_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        shared_file("examples/missing.txt", tmp_path)


def test_the_run_ends_with_a_warning_that_counts_them(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)  # outside CI, where skipping is the answer
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text("utf-8"))
    pytester.syspathinsert(ROOT)
    pytester.makepyfile(
        test_needs_shared=(
            "from pathlib import Path\n"
            "from tests.support.shared import shared_file\n\n"
            "def test_one(tmp_path: Path) -> None:\n"
            "    shared_file('examples/gone.txt', tmp_path)\n\n"
            "def test_two(tmp_path: Path) -> None:\n"
            "    shared_file('data/gone.tsv', tmp_path)\n"
        )
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*2 test(s) skipped for want of ../shared/ (real data*"])
