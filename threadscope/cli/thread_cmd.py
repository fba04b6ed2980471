"""``threadscope thread FILE``."""

from __future__ import annotations

import click

from threadscope.cli.options import format_option, output_options
from threadscope.report import Format


@click.command()
@click.argument("file")
@format_option(Format.TABLE, Format.JSON, Format.JSONL, Format.MARKDOWN)
@output_options
@click.option(
    "--offline", is_flag=True, hidden=True, help="Accepted for symmetry; no network here."
)
def thread(file: str, fmt: str, output: str | None, offline: bool) -> None:
    """Reassemble the threads in a pasted dump (FILE or - for stdin).

    \b
    threadscope thread dump.txt
    threadscope thread tweets.js --format json
    """
    raise click.UsageError("not built yet")
