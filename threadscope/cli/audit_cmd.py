"""``threadscope audit FILE``: reassemble, assess every link, report; exit 1 when any is flagged."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from threadscope.assessment.registry import load_registry
from threadscope.cli.options import (
    brands_option,
    format_option,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import emit, use_color, warn
from threadscope.errors import ExitStatus
from threadscope.ingest.source import read_source
from threadscope.models import Assessment, NetworkOptions
from threadscope.pipeline import audit as run_audit
from threadscope.report import Format, formatter

Callbacks = tuple[Callable[[int], None] | None, Callable[[Assessment], None] | None]


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[Callbacks]:
    """A progress bar on stderr while links are checked over the network (terminals only)."""
    if not enabled:
        yield None, None
        return
    bar = Progress(
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("links", total=None)
    with bar:
        yield (
            lambda total: bar.update(task, total=total),
            lambda _assessment: bar.advance(task),
        )


@click.command()
@click.argument("file")
@format_option(*Format)
@output_options
@offline_option
@brands_option
@network_options
def audit(
    file: str,
    fmt: str,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    network: NetworkOptions | None,
) -> None:
    """Reassemble the threads in FILE (- for stdin), assess every link in every post, report.

    Exit status 1 when any link is a look-alike or suspicious.

    \b
    threadscope audit dump.txt
    threadscope audit dump.txt --offline
    threadscope audit dump.txt --format html -o report.html
    """
    source = read_source(file)
    for message in source.warnings:
        warn(message)
    registry = load_registry(Path(brands_file) if brands_file else None)
    with _progress(network is not None and sys.stderr.isatty()) as (on_links, progress):
        report = run_audit(
            source.text,
            source=source.name,
            registry=registry,
            network=network,
            progress=progress,
            on_links=on_links,
        )
    for message in report.warnings:
        warn(message)
    emit(formatter(Format(fmt), color=use_color(output)).audit(report), output)
    click.get_current_context().exit(ExitStatus.FLAGGED if report.flagged else ExitStatus.OK)
