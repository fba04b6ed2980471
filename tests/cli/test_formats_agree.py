"""``thread`` and ``bots`` read the same records alike whatever file they come in.

Each JSON Lines fixture is also saved as one JSON array of the same records (``jq -s``):
``bots`` streams the lines one by one and reads the array whole, and must flag the same
accounts for the same reasons and see the same links either way; ``thread`` reads both
whole and must give the same threads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.ingest.test_bluesky import deep_thread
from threadscope.cli import cli
from threadscope.ingest.jsonish import load

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LINES = sorted(FIXTURES.glob("*/*.jsonl"))


def _run(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _as_array(path: Path, tmp_path: Path) -> Path:
    array = tmp_path / f"{path.stem}.json"
    array.write_text(json.dumps(load(path.read_text("utf-8")).values), "utf-8")
    return array


def _flagged(report: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return sorted((account["handle"], sorted(reason["code"] for reason in account["reasons"]))
                  for account in report["accounts"])


@pytest.mark.parametrize("path", LINES, ids=lambda p: p.name)
def test_bots_flags_the_same_accounts_and_links_in_lines_and_in_one_array(
        path: Path, tmp_path: Path) -> None:
    lines = _run("bots", str(path), "--offline")
    array = _run("bots", str(_as_array(path, tmp_path)), "--offline")
    assert _flagged(lines) == _flagged(array)
    assert (sorted(link["input"] for link in lines["links"])
            == sorted(link["input"] for link in array["links"]))


@pytest.mark.parametrize("path", LINES, ids=lambda p: p.name)
def test_thread_gives_the_same_threads_from_lines_and_from_one_array(
        path: Path, tmp_path: Path) -> None:
    lines = _run("thread", str(path))
    array = _run("thread", str(_as_array(path, tmp_path)))
    assert lines["threads"] == array["threads"]


def test_a_thread_deeper_than_the_recursion_limit_is_read_by_thread_and_bots_alike(
        tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(deep_thread(1500), "utf-8")
    result = CliRunner().invoke(cli, ["thread", str(path), "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["format"] == "bluesky"
    shown = [post["text"] for thread in report["threads"] for post in thread["posts"]]
    assert len(shown) + len(report["unthreaded"]) == 1501
    assert _run("bots", str(path), "--offline")["replies"] == 1500
