"""``threadscope audit FILE``: reassemble, assess every link, report; exit 1 when any is flagged."""

from __future__ import annotations

import sys

import click

from threadscope.cli.options import (
    brands_option,
    column_option,
    explain_option,
    format_option,
    link_auditor,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import emit, read_dump, refuse_output_onto_input, use_color, warn
from threadscope.cli.progress import progress_bar
from threadscope.errors import ExitStatus
from threadscope.gcpause import cycles_uncollected
from threadscope.ingest.csv_input import parse_column_options
from threadscope.models import NetworkOptions
from threadscope.pipeline import audit as run_audit
from threadscope.report import FOUND_IN, Format, FoundIn, formatter


@click.command(
    short_help="Reassemble a dump, assess each of its links; exit 1 if flagged."
)
@click.argument("file")
@column_option
@format_option(*Format)
@output_options
@offline_option
@brands_option
@explain_option
@click.option(
    "--found-in",
    "found_in",
    type=click.Choice(FOUND_IN),
    default="all",
    show_default=True,
    help="CSV, JSON, jsonl: every post that holds a link (a CSV row each), or the first one "
    "and how many (found_in_count; one CSV row per link).",
)
@network_options
def audit(
    file: str,
    columns: tuple[str, ...],
    fmt: Format,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    explain: bool,
    found_in: FoundIn,
    network: NetworkOptions | None,
) -> None:
    """Reassemble the threads in FILE (- for stdin), assess every link in every post, report.

    Reads what `thread` reads, CSV too (columns guessed, or named with --column): a CSV's
    link column (url, urls, entities.urls, …) is audited with the links in its text.
    Exit status 1 when any link is a look-alike or suspicious.

    \b
    threadscope audit dump.txt
    threadscope audit dump.txt --offline --explain
    threadscope audit dump.txt --format html -o report.html
    threadscope audit export.csv --column text=tweet --column urls=links --offline
    threadscope audit replies.csv --offline --format csv --found-in first -o links.csv
    """
    named = parse_column_options(columns) or None
    refuse_output_onto_input(file, output)
    source = read_dump(file)
    auditor = link_auditor(brands_file, network)
    # The bar shows while links are followed over the network (terminals only).
    with progress_bar("checking links", None, network is not None and sys.stderr.isatty()) as tick:
        report = run_audit(
            source.text,
            source=source.name,
            auditor=auditor,
            progress=tick,
            on_links=tick.total,
            columns=named,
        )
    for message in report.warnings:
        warn(message)
    # A report's rows (tens of thousands on a dump of replies) make no reference cycles.
    with cycles_uncollected():
        render = formatter(fmt, color=use_color(output), explain=explain, found_in=found_in)
        emit(render.audit_chunks(report), output)
    for line in auditor.summary(found=True):
        warn(line)
    click.get_current_context().exit(ExitStatus.FLAGGED if report.flagged else ExitStatus.OK)
