"""Every command has help with an example, and an unknown --format is a usage error."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from threadscope.cli import cli

COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_all_contract_commands_exist() -> None:
    assert {"thread", "audit", "check", "domains", "bots", "brands"} <= set(COMMANDS)


def test_the_command_list_fits_80_columns_without_cut_sentences() -> None:
    """``threadscope --help`` in an 80-column terminal: each command's line is whole (click
    cut the docstrings' first sentences with '...'), one line each, saying what it does."""
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80, catch_exceptions=False)
    listed = result.output.split("Commands:")[1].strip().splitlines()
    assert len(listed) == len(COMMANDS)
    assert all(len(line) <= 80 and not line.endswith("...") for line in listed)
    assert {line.split()[0] for line in listed} == set(COMMANDS)


def test_the_command_list_says_which_commands_exit_1_when_something_is_flagged() -> None:
    """A script's author reads the exit statuses off the list, the same for every command
    whose exit status says whether something was flagged."""
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80, catch_exceptions=False)
    listed = {line.split()[0]: line for line in
              result.output.split("Commands:")[1].strip().splitlines()}
    for name in ("audit", "bots", "check", "domains"):
        assert "exit 1 if" in listed[name], listed[name]


@pytest.mark.parametrize("width", [80, 100, 200])
def test_domains_help_fits_80_columns_and_says_a_csv_needs_column(width: int) -> None:
    result = CliRunner().invoke(cli, ["domains", "--help"], terminal_width=width,
                                catch_exceptions=False)
    examples = [line for line in result.output.splitlines()
                if line.strip().startswith("threadscope domains")]
    assert examples and all(len(line) <= 80 for line in examples)
    text = " ".join(result.output.split("Options:")[0].split())
    assert "A CSV needs --column NAME" in text
    if width == 80:
        assert all(len(line) <= 80 for line in result.output.splitlines())
