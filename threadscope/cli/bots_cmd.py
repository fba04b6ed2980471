"""``threadscope bots FILE``: flag coordinated accounts in a dump of replies or posts."""

from __future__ import annotations

import math

import click

from threadscope.bots import DEFAULT_MIN_REPEATS, DEFAULT_WINDOW, KINDS, detect_file
from threadscope.cli.options import (
    brands_option,
    column_option,
    format_option,
    link_auditor,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import (
    emit,
    refuse_files_onto_input_or_report,
    refuse_files_onto_kept,
    refuse_output_onto_input,
    use_color,
    warn,
)
from threadscope.errors import ExitStatus
from threadscope.ingest.csv_input import parse_column_options
from threadscope.models import NetworkOptions
from threadscope.report import Format, formatter
from threadscope.report.network_export import graph_files, graph_format, write_graph


def parse_windows(values: tuple[str, ...]) -> dict[str, float]:
    """``("60", "co-text=3600")`` → ``{"*": 60.0, "co-text": 3600.0}``."""
    found: dict[str, float] = {}
    for value in values:
        kind, sep, seconds = value.rpartition("=")
        kind = kind.strip() if sep else "*"
        if kind not in ("*", *KINDS):
            raise click.BadParameter(
                f"{value!r}: KIND must be one of {', '.join(KINDS)}", param_hint="--window")
        try:
            number = float(seconds)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number <= 0 or number > 366 * 86400:
            # 0 is no window: only actions stamped the very same second would co-act, and
            # the clusters would be gone without a word (as a typo such as 0 for 60).
            raise click.BadParameter(
                f"{value!r}: seconds above 0, up to a year, e.g. 60 or co-text=3600",
                param_hint="--window")
        found[kind] = number
    return found


def _cache_of(network: NetworkOptions | None) -> str | None:
    """The cache file this run uses, None offline or with ``--no-cache``."""
    if network is None or not network.use_cache:
        return None
    from threadscope.enrich.cache import default_path  # not loaded by an offline run

    return str(network.cache_path or default_path())


def _graph_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            graph_format(value)
        except Exception as error:  # UsageError: the message says which extensions work
            raise click.BadParameter(str(error).removeprefix(f"--graph {value}: ")) from None
    return value


@click.command(
    short_help="Flag coordinated accounts among replies; exit 1 if any found."
)
@click.argument("file")
@column_option
@click.option(
    "--window",
    "window",
    multiple=True,
    metavar="[KIND=]SECONDS",
    help=f"Co-action window in seconds (default {DEFAULT_WINDOW:g}, as the QUT toolkit), or "
    f"per kind: co-retweet, co-reply, co-link, co-text (repeatable).",
)
@click.option(
    "--min-repeats",
    type=click.IntRange(1, 1_000_000),
    default=DEFAULT_MIN_REPEATS,
    show_default=True,
    help="Occasions a pair (and a group) must co-act on to count as repeated.",
)
@click.option(
    "--graph",
    "graph",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    callback=_graph_path,
    help="Also write the account network: FILE.graphml, or FILE.csv (edges) plus "
    "FILE.nodes.csv (nodes).",
)
@format_option(*Format)
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
    window: tuple[str, ...],
    min_repeats: int,
    graph: str | None,
    fmt: Format,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    network: NetworkOptions | None,
) -> None:
    """Flag coordinated accounts in a dump of replies or posts (FILE, or - for stdin).

    Reads X web copy, X API v2 JSON (or JSON Lines), Bluesky, Mastodon and Threads JSON, a
    Bluesky Jetstream log, Telegram (a Desktop export, Telethon messages), snscrape, twint
    and youtube-comment-downloader output, the YouTube Data API's comments, Reddit (the API's
    listings, Pushshift-style archives), or CSV (columns guessed, or named with --column;
    the QUT coordination-network toolkit's and twarc-csv's CSV as they are). CSV and JSON
    Lines are streamed.
    Exit 1 when a cluster is flagged as coordinated.

    \b
    threadscope bots replies.txt --offline
    threadscope bots export.csv --window 60 --min-repeats 3 --graph net.graphml
    threadscope bots export.csv --column author=screen_name --column text=tweet --format json
    """
    windows = parse_windows(window)
    auditor = link_auditor(brands_file, network)
    refuse_output_onto_input(file, output)
    if graph is not None:
        refuse_files_onto_input_or_report(file, output, "--graph", graph_files(graph))
        refuse_files_onto_kept("--graph", graph_files(graph), [
            (brands_file, "the --brands file"), (_cache_of(network), "the cache file")])
    report = detect_file(file, columns=parse_column_options(columns) or None, auditor=auditor,
                         window=windows or None, min_repeats=min_repeats)
    for message in report.warnings:
        warn(message)
    emit(formatter(fmt, color=use_color(output)).bots_chunks(report), output)
    if graph is not None:
        write_graph(report, graph)
    for line in auditor.summary(found=True):
        warn(line)
    ctx.exit(ExitStatus.FLAGGED if report.flagged else ExitStatus.OK)
