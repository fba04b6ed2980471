"""The ``threadscope`` command: a click group, each command a few lines over the library.

Exit statuses live in ``threadscope.errors.ExitStatus``: 0 nothing flagged, 1 something
flagged, 2 usage or input error with one line on stderr and never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from threadscope import __version__
from threadscope.errors import ExitStatus, ThreadscopeError
from threadscope.textsafe import visible

COMMANDS = {
    "thread": "threadscope.cli.thread_cmd:thread",
    "audit": "threadscope.cli.audit_cmd:audit",
    "check": "threadscope.cli.check_cmd:check",
    "domains": "threadscope.cli.check_cmd:domains",
    "brands": "threadscope.cli.check_cmd:brands",
    "bots": "threadscope.cli.bots_cmd:bots",
    "cache": "threadscope.cli.cache_cmd:cache",
    "update-rdap": "threadscope.cli.refresh_cmd:update_rdap",
}
"""Command name → ``module:attribute``. A command's module is imported only when that command
runs (or help lists it): ``threadscope --version`` and ``check --offline`` never load the HTTP
stack, and each command pays for its own imports only."""


class _OneLine(click.ClickException):
    """Our own errors, shown as one line and exit 2 (also under ``CliRunner`` in tests)."""

    exit_code = ExitStatus.ERROR

    def show(self, file: object = None) -> None:
        click.echo(f"threadscope: {visible(self.message, keep_newlines=False)}", err=True)


def _one_line_usage(error: click.UsageError) -> _OneLine:
    """Click prints usage errors on three lines; the contract promises one."""
    path = error.ctx.command_path if error.ctx else "threadscope"
    return _OneLine(f"{error.format_message()} (see '{path} --help')")


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _one_line_usage(error) from error

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ThreadscopeError as error:
            raise _OneLine(str(error)) from error
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _one_line_usage(error) from error
        except KeyboardInterrupt as error:  # click would exit 1, which reads as "flagged"
            raise _OneLine("interrupted") from error


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="threadscope")
def cli() -> None:
    """Reassemble pasted threads, audit their links for look-alike news domains, flag bot replies.

    \b
    threadscope thread dump.txt
    threadscope audit dump.txt --format html -o report.html
    threadscope check 'hxxps://welt[.]ltd/politik'
    """


def main() -> None:
    """Entry point; commands end with ``ctx.exit(status)`` (0 clean, 1 flagged, 2 error)."""
    if sys.stdout is None and not _closed_stdout_is_fine(sys.argv[1:]):
        click.echo("threadscope: standard output is closed: nowhere to write the report "
                   "(give -o FILE)", err=True)
        sys.exit(ExitStatus.ERROR)
    try:
        cli(prog_name="threadscope")
    except BrokenPipeError:
        # `threadscope domains big.txt | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitStatus.OK)
    except Exception as error:  # the last line of defence: never a traceback for a user
        if os.environ.get("THREADSCOPE_DEBUG"):
            raise
        click.echo(
            f"threadscope: internal error: {type(error).__name__}: "
            f"{visible(str(error), keep_newlines=False)[:300]} (THREADSCOPE_DEBUG=1 shows more)",
            err=True,
        )
        sys.exit(ExitStatus.ERROR)


def _closed_stdout_is_fine(args: list[str]) -> bool:
    """Started with standard output closed (``>&-``): fine when the report goes to a file
    (``-o FILE``), which then needs only a stand-in to ask whether it is a terminal."""
    if not _names_an_output_file(args):
        return False
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as we do)
    return True


def _names_an_output_file(args: list[str]) -> bool:
    """``-o FILE``, ``-oFILE``, ``--output FILE`` or ``--output=FILE`` before any ``--``, with
    FILE not ``-`` (standard output); the last one counts, as for click. Read before click
    so that a closed standard output is said before any work is done."""
    value = ""
    for position, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("-o", "--output"):
            value = args[position + 1] if position + 1 < len(args) else ""
        elif arg.startswith("--output="):
            value = arg.removeprefix("--output=")
        elif arg.startswith("-o"):
            value = arg.removeprefix("-o")
    return value not in ("", "-")
