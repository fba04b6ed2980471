"""An empty input (no bytes, or white space alone) says so in one stderr line, ``FILE is
empty`` or ``stdin is empty``, and is no error: every command exits 0 (nothing flagged, as
the contract's exit statuses say; 2 is for input that cannot be read) with its report of
nothing, so a script's empty search runs through as an empty list does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.cli import cli

EXITS = {"thread": 0, "audit": 0, "domains": 0, "bots": 0}


def run(args: list[str], stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("command", sorted(EXITS))
@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_an_empty_file_is_named(command: str, content: str, tmp_path: Path) -> None:
    empty = tmp_path / "dump.txt"
    empty.write_text(content, encoding="utf-8")
    code, err = run([command, str(empty), "--offline"])
    assert code == EXITS[command]
    assert [line for line in err.splitlines() if "is empty" in line] == [
        line for line in err.splitlines() if line.endswith(f"{empty} is empty")
    ]
    assert sum("is empty" in line for line in err.splitlines()) == 1


@pytest.mark.parametrize("command", sorted(EXITS))
def test_an_empty_stdin_is_named(command: str) -> None:
    code, err = run([command, "-", "--offline"], stdin="")
    assert code == EXITS[command]
    assert sum(line.endswith("stdin is empty") for line in err.splitlines()) == 1


def test_check_with_nothing_piped_says_stdin_is_empty() -> None:
    code, err = run(["check", "--offline"], stdin="")
    assert code == 0
    assert err.splitlines() == ["threadscope: stdin is empty"]


def test_input_with_something_in_it_is_not_empty(tmp_path: Path) -> None:
    comments = tmp_path / "list.txt"
    comments.write_text("# no targets yet\n", encoding="utf-8")
    assert "is empty" not in run(["domains", str(comments), "--offline"])[1]
    assert "is empty" not in run(["check", "--offline"], stdin="welt.de\n")[1]
    assert "is empty" not in run(["thread", "-"], stdin="1/2 hallo\n2/2 welt\n")[1]


def test_an_empty_target_is_an_invalid_row_joined_to_its_argument() -> None:
    """``check ''`` is not made a usage error: the contract has ``input`` echo each argument
    so that output joins to input, and a script's ``check "$a" "$b"`` with one empty value
    must still get the other's verdict (exit 1 here), not lose the run to exit 2. Alone it
    is one ``invalid`` row and exit 0, as empty stdin is (its exit status is the contract's)."""
    result = CliRunner().invoke(cli, ["check", "", "welt.ltd", "--offline", "--format",
                                      "jsonl"], catch_exceptions=False)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [(row["input"], row["verdict"], row["error"]) for row in rows] == [
        ("", "invalid", "empty input"), ("welt.ltd", "lookalike", None)]
    code, err = run(["check", "", "--offline"])
    assert code == 0
    assert err.splitlines() == [
        "threadscope: 1 of 1 inputs are not a usable link or domain (empty input 1)"]


@pytest.mark.parametrize("command", ["domains", "bots"])
def test_an_empty_file_gives_a_sentence_not_headings_over_no_rows(
        command: str, tmp_path: Path) -> None:
    """The table says in words that there was nothing, as ``bots`` says of an empty
    section: column headings over no rows read as a failure."""
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(empty), "--offline"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "verdict" not in result.stdout
    assert ("None checked" if command == "domains" else "None found") in result.stdout


@pytest.mark.parametrize("command", ["thread", "audit", "domains", "bots"])
def test_an_empty_file_gives_the_json_of_nothing(command: str, tmp_path: Path) -> None:
    """A script reading JSON gets the shape it parses, with nothing in it."""
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(empty), "--offline", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    if command == "domains":
        assert data == []
    elif command == "bots":
        assert (data["replies"], data["clusters"], data["accounts"]) == (0, [], [])
    else:
        assert data["threads"] == []


def test_the_library_reads_an_empty_file_as_no_posts(tmp_path: Path) -> None:
    from threadscope.bots import detect_file

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    report = detect_file(str(empty))
    assert (report.replies, report.clusters, report.flagged) == (0, (), False)
    assert report.warnings == (f"{empty} is empty",)
