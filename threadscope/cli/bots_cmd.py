"""``threadscope bots FILE``: flag coordinated spam-bot replies in a dump of replies."""

from __future__ import annotations

from pathlib import Path

import click

from threadscope.assessment import load_registry
from threadscope.bots import detect
from threadscope.bots.read import read_dump
from threadscope.cli.options import (
    brands_option,
    format_option,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import emit, use_color, warn
from threadscope.errors import ExitStatus
from threadscope.ingest.csv_input import parse_column_options
from threadscope.ingest.source import read_source
from threadscope.models import NetworkOptions
from threadscope.report import Format, formatter

BOTS_FORMATS = (
    Format.TABLE,
    Format.JSON,
    Format.JSONL,
    Format.CSV,
    Format.MARKDOWN,
    Format.HTML,
    Format.STIX,
)


@click.command()
@click.argument("file")
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="KEY=NAME",
    help="CSV column for author, text, created_at, urls, reply_to, … (repeatable).",
)
@format_option(*BOTS_FORMATS)
@output_options
@offline_option
@brands_option
@network_options
@click.pass_context
def bots(
    ctx: click.Context,
    /,
    file: str,
    columns: tuple[str, ...],
    fmt: str,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    network: NetworkOptions | None,
) -> None:
    """Flag coordinated spam-bot replies in a dump of replies (FILE, or - for stdin).

    Reads X web copy, X API v2 JSON, Bluesky and Mastodon JSON, or CSV (columns guessed, or
    named with --column). Exit 1 when a cluster is flagged as coordinated.

    \b
    threadscope bots replies.txt --offline
    threadscope bots export.csv --column author=screen_name --column text=tweet --format json
    """
    source = read_source(file)
    for message in source.warnings:
        warn(message)
    dump = read_dump(source.text, columns=parse_column_options(columns) or None)
    for message in dump.warnings:
        warn(message)
    registry = load_registry(Path(brands_file) if brands_file else None)
    report = detect(
        dump.replies, registry=registry, network=network, source=source.name, context=dump.context
    )
    emit(formatter(Format(fmt), color=use_color(output)).bots(report), output)
    ctx.exit(ExitStatus.FLAGGED if report.flagged else ExitStatus.OK)
