"""``threadscope thread FILE``."""

from __future__ import annotations

import click

from threadscope.cli.options import column_option, format_option, output_options
from threadscope.cli.output import emit, read_dump, refuse_output_onto_input, use_color, warn
from threadscope.ingest.csv_input import parse_column_options
from threadscope.report import Format, formatter
from threadscope.report.common import plural
from threadscope.threads import reassemble


@click.command(
    short_help="Reassemble the threads of a saved dump (text, JSON, CSV)."
)
@click.argument("file")
@column_option
@format_option(Format.TABLE, Format.JSON, Format.JSONL, Format.CSV, Format.MARKDOWN, Format.HTML)
@output_options
@click.option(
    "--offline", is_flag=True, hidden=True, help="Accepted for symmetry; no network here."
)
def thread(
    file: str, columns: tuple[str, ...], fmt: Format, output: str | None, offline: bool
) -> None:
    """Reassemble the threads in a pasted dump (FILE or - for stdin).

    Plain text pasted from X or elsewhere, X web copy, X API v2 JSON (or JSON Lines pages),
    the X archive tweets.js, Bluesky getPostThread JSON or a Jetstream log, Mastodon
    context JSON, Threads API JSON, Telegram (Telegram Desktop's JSON export, Telethon
    message dumps), the JSON of snscrape, twint and youtube-comment-downloader, the YouTube
    Data API's comments, Reddit's (the API's listings, Pushshift-style archives), and CSV
    (twarc2's, twint's, the QUT coordination-network toolkit's, a spreadsheet's: columns
    guessed, or named with --column; threads by the reply and conversation ids, else by
    their numbers as in pasted text).

    \b
    threadscope thread dump.txt
    threadscope thread tweets.js --format json
    threadscope thread toots.json --format html -o threads.html
    threadscope thread export.csv --column author=screen_name --column reply_to=parent
    """
    named = parse_column_options(columns) or None
    refuse_output_onto_input(file, output)
    source = read_dump(file)
    result = reassemble(source.text, source=source.name, columns=named)
    for message in result.warnings:
        warn(message)
    if fmt in (Format.JSONL, Format.CSV) and result.unthreaded:
        # Nothing is dropped silently: jsonl has a line per thread, CSV a row per post of a
        # thread (its columns are the threads' fields), and neither a place for the rest.
        count = len(result.unthreaded)
        verb, them = ("is", "it") if count == 1 else ("are", "them")
        warn(f"{plural(count, 'piece')} of text in no thread {verb} not in {fmt.value} "
             f"output; --format json keeps {them} under 'unthreaded'")
    emit(formatter(fmt, color=use_color(output)).threads_chunks(result), output)
