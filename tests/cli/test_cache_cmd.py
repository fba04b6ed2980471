"""``threadscope cache info|prune|clear`` over ``threadscope.enrich.cache``'s maintenance."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from tests.enrich.helpers import filled_cache
from threadscope.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_info_says_where_how_big_and_what(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"a.de": 3600, "b.de": 2 * 86400})
    status, out, err = run("cache", "info", "--cache", str(path))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["cache", str(path)]
    assert lines[1].startswith("size ") and lines[1].endswith("KiB")
    assert lines[2].split() == ["resolutions", "0"]
    assert lines[4].split()[:3] == ["registrations", "2", "observed"]
    assert lines[5].startswith("last pruned ")
    status, out, _ = run("cache", "info", "--cache", str(path), "--format", "json")
    found = json.loads(out)
    assert found["path"] == str(path) and found["exists"] is True and found["bytes"] > 0
    assert found["entries"]["registration"]["count"] == 2
    assert found["entries"]["registration"]["oldest"].endswith("Z")
    assert found["entries"]["page"] == {"count": 0, "oldest": None, "newest": None}


def test_info_on_no_cache_yet_makes_none(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    status, out, _ = run("cache", "info", "--cache", str(path), "--format", "json")
    assert status == 0 and json.loads(out)["exists"] is False
    assert not path.exists()


def test_prune_and_clear_say_what_they_removed_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"a.de": 3600, "b.de": 2 * 86400, "c.de": 30 * 86400})
    status, out, err = run("cache", "prune", "--cache", str(path))
    assert (status, out) == (0, "")
    assert err.startswith("threadscope: removed 1 entry observed over 7 days ago from ")
    assert "registrations 1); 2 left" in err and err.count("\n") == 1
    status, _, err = run("cache", "prune", "--older-than", "1", "--cache", str(path))
    assert status == 0 and "removed 1 entry observed over 1 day ago" in err
    status, _, err = run("cache", "clear", "--cache", str(path))
    assert status == 0 and "removed all 1 entry from" in err and "0 left" in err


def test_a_file_that_is_no_cache_is_exit_2_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n", "utf-8")
    for action in ("info", "prune", "clear"):
        status, out, err = run("cache", action, "--cache", str(path))
        assert (status, out) == (2, "")
        assert err.count("\n") == 1 and "not a usable threadscope cache, left as it is" in err
    assert path.read_text("utf-8") == "my notes\n"


def test_a_negative_age_is_a_usage_error(tmp_path: Path) -> None:
    status, out, err = run("cache", "prune", "--older-than", "-1", "--cache",
                           str(tmp_path / "c.sqlite3"))
    assert (status, out) == (2, "") and err.count("\n") == 1


def test_info_on_times_no_clock_shows_is_no_internal_error(tmp_path: Path) -> None:
    """A cache file may be anyone's: an entry observed at 1e308 seconds (or before any
    calendar) ended ``cache info`` with "internal error: OverflowError"."""
    path = tmp_path / "c.sqlite3"
    filled_cache(path, {"a.de": 3600, "b.de": 7200, "c.de": 2 * 86400})
    with sqlite3.connect(path) as db:
        db.execute("UPDATE registration SET observed = 1e308 WHERE domain = 'a.de'")
        db.execute("UPDATE registration SET observed = -1e308 WHERE domain = 'b.de'")
    db.close()
    status, out, err = run("cache", "info", "--cache", str(path))
    assert (status, err) == (0, "")
    assert out.splitlines()[4].split() == ["registrations", "3"]
    status, out, err = run("cache", "info", "--cache", str(path), "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out)["entries"]["registration"] == {"count": 3, "oldest": None,
                                                          "newest": None}
