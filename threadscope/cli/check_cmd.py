"""``threadscope check``, ``threadscope domains``, ``threadscope brands``.

Each command is a few lines over ``threadscope.auditor.LinkAuditor`` (assess by name, follow
over the network unless ``--offline``); what the run could not check is counted on the way
(``LinkAuditor.tally``) and said on stderr at the end.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO, TypeVar

import click

from threadscope.assessment import BrandRegistry, load_registry
from threadscope.auditor import LinkAuditor
from threadscope.cli.options import (
    brands_option,
    explain_option,
    format_option,
    link_auditor,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import (
    emit,
    emit_utf8,
    refuse_output_onto_input,
    to_terminal,
    use_color,
    warn,
)
from threadscope.cli.progress import Ticker, progress_bar
from threadscope.errors import ExitStatus
from threadscope.ingest.csv_input import target_column
from threadscope.ingest.source import empty_notice, stdin_bytes
from threadscope.ingest.targets import (
    as_utf8,
    blank_head,
    count_targets,
    pasted_lines,
    read_targets,
    said_if_none,
)
from threadscope.links import Target
from threadscope.links.posts import listed_targets
from threadscope.links.target import LINK_IN_TEXT
from threadscope.models import NetworkOptions
from threadscope.parallel import STREAMED_FORMATS, RegistrySpec, default_workers, score_lines
from threadscope.pipeline import pasted_targets
from threadscope.report import Format, formatter
from threadscope.textsafe import visible


@click.command(
    short_help="Assess links, domains or pasted sentences; exit 1 if flagged."
)
@click.argument("targets", nargs=-1)
@format_option(*Format)
@output_options
@offline_option
@brands_option
@explain_option
@network_options
@click.pass_context
def check(
    ctx: click.Context,
    /,
    targets: tuple[str, ...],
    fmt: Format,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    explain: bool,
    network: NetworkOptions | None,
) -> None:
    """Assess pasted links or domains: which outlet does each imitate, and why.

    A TARGET may be a whole pasted sentence: its links are found as audit finds them; a
    Markdown link is its address, and one link broken over two lines is joined. With no
    TARGET (or -), read one per line from stdin; on a terminal, prompt for link after link (an
    empty line or Ctrl-D ends). Exit status 1 when any is a look-alike or suspicious.

    \b
    threadscope check 'hxxps://welt[.]ltd/politik' welt.de --offline
    threadscope check 'Lest das: welt.ltd/politik und bild.eu.com' --offline --explain
    pbpaste | threadscope check --format json
    """
    auditor = link_auditor(brands_file, network)
    if targets == ("-",):  # `pbpaste | threadscope check -`, as for every FILE argument
        targets = ()
    if not targets and sys.stdin is not None and sys.stdin.isatty():
        ctx.exit(prompt_loop(sys.stdin, sys.stderr, auditor.registry, fmt, network, explain))
    if not targets:
        refuse_output_onto_input("-", output)
    items: Iterable[str] = _decoded(targets) or _stdin_lines()
    _render(auditor, pasted_targets(items), fmt, output, explain)
    ctx.exit(_finish(auditor))


def _decoded(targets: tuple[str, ...]) -> list[str]:
    """The arguments as text, an argument that is not UTF-8 decoded as a piped line is
    (undecodable bytes shown as \ufffd, and said on stderr): Python hands such bytes over as
    lone surrogates, which reached the report as ``caf\\udce9.de`` and, in JSON, as text a
    strict parser refuses."""
    decoded = []
    for number, target in enumerate(targets, 1):
        fixed = target.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if fixed != target:
            warn(f"argument {number}: invalid UTF-8; undecodable bytes shown as \ufffd")
        decoded.append(fixed)
    return decoded


def _stdin_lines() -> Iterator[str]:
    """The lines piped into ``check``; ``stdin is empty`` said when nothing came."""
    stream = as_utf8(stdin_bytes())
    lines = pasted_lines(stream, warn)
    return said_if_none(lines, empty_notice("-"), warn) if blank_head(stream) else lines


@click.command(
    short_help="A list of domains or URLs, or a CSV column; exit 1 if flagged."
)
@click.argument("file")
@click.option("--column", default=None, metavar="[urls=]NAME",
              help="Read targets from this column of a CSV (a CSV needs it): NAME, or "
              "urls=NAME as thread, audit and bots name a CSV's link column.")
@format_option(*Format)
@output_options
@offline_option
@brands_option
@explain_option
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=None,
    metavar="N",
    help="Processes scoring --offline jsonl/csv runs (default: one per core; 1: no others).",
)
@network_options
@click.pass_context
def domains(
    ctx: click.Context,
    /,
    file: str,
    column: str | None,
    fmt: Format,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    explain: bool,
    workers: int | None,
    network: NetworkOptions | None,
) -> None:
    """Bulk: one domain or URL per line of FILE (- for stdin), streamed, for scripts.

    Lines starting with # are skipped. A CSV needs --column NAME (or urls=NAME), the column
    holding the URLs or domains: without it a CSV is refused, and the message names the likely
    column. Exit status 1 when any is a look-alike or suspicious.

    \b
    threadscope domains new-domains.txt --offline --format jsonl
    threadscope domains export.csv --column url --format csv -o out.csv
    threadscope domains export.csv --column urls=expanded_url --offline
    """
    column = target_column(column) if column is not None else None
    refuse_output_onto_input(file, output)
    auditor = link_auditor(brands_file, network)
    show_progress = sys.stderr.isatty()
    total = count_targets(file, column) if show_progress else None
    with ExitStack() as stack:
        targets = started(read_targets(file, column, stack, warn))
        label = "checking" if network is not None else "assessing"
        ticker = stack.enter_context(progress_bar(label, total, show_progress))
        workers = workers or default_workers()
        if offline and fmt in STREAMED_FORMATS and workers > 1:
            _score_offline(auditor, targets, brands_file, fmt, output, workers, stack, ticker)
        else:
            _render(auditor, listed_targets(targets), fmt, output, explain, ticker)
    status = _finish(auditor)
    _hint_text_with_links(auditor)
    ctx.exit(status)


def _hint_text_with_links(auditor: LinkAuditor) -> None:
    """Lines of text holding a link (a pasted thread given to ``domains``) are scored as
    invalid, their links unread: say which commands read the links in text."""
    count = auditor.tally.not_usable.get(LINK_IN_TEXT, 0)
    if count:
        lines = "line is" if count == 1 else "lines are"
        warn(f"{count:,} {lines} text with a link in it, not one link or domain: "
             "'threadscope check' finds the links in sentences, 'threadscope audit' in a "
             "pasted thread or a dump")


@click.command(
    short_help="List the protected brands in use (built-in plus --brands)."
)
@format_option(Format.TABLE, Format.JSON, Format.JSONL, Format.CSV)
@output_options
@offline_option
@brands_option
@click.option(
    "--curated",
    is_flag=True,
    help="Only the curated brands (and --brands), not the known outlets or the popular tier.",
)
def brands(
    fmt: Format, output: str | None, offline: bool, brands_file: str | None, curated: bool
) -> None:
    """Show the protected-brand registry in use (built-in plus --brands).

    \b
    threadscope brands --curated
    threadscope brands --brands ours.txt --format csv
    """
    registry = _registry(brands_file, popular=not curated)
    render = formatter(fmt, color=use_color(output), terminal=to_terminal(output))
    emit(render.brands(list(registry.brands)), output)


# --------------------------------------------------------------------------- helpers


def _registry(brands_file: str | None, *, popular: bool = True) -> BrandRegistry:
    return load_registry(Path(brands_file) if brands_file else None, popular=popular)


def _render(
    auditor: LinkAuditor,
    targets: Iterable[Target],
    fmt: Format,
    output: str | None,
    explain: bool = False,
    ticker: Ticker | None = None,
) -> None:
    """Assess, follow (unless offline), format and write."""
    render = formatter(fmt, color=use_color(output), explain=explain)
    emit(render.assessments(started(auditor.assess(targets, ticker))), output)


Item = TypeVar("Item")


def started(items: Iterable[Item]) -> Iterator[Item]:
    """``items`` with its first item already taken: what fails at the start (an unusable
    ``--proxy``, a ``--column`` the CSV lacks) fails before a word is written, rather than
    after a table's header or JSON's ``[`` (over the last report, with ``-o FILE``)."""
    iterator = iter(items)
    first = list(itertools.islice(iterator, 1))
    return itertools.chain(first, iterator)


def _finish(auditor: LinkAuditor) -> int:
    """Say on stderr what was not checked; the exit status says whether any was flagged."""
    for line in auditor.summary():
        warn(line)
    return ExitStatus.FLAGGED if auditor.tally.flagged else ExitStatus.OK


def _score_offline(
    auditor: LinkAuditor,
    targets: Iterable[str],
    brands_file: str | None,
    fmt: Format,
    output: str | None,
    workers: int,
    stack: ExitStack,
    ticker: Ticker,
) -> None:
    """The bulk offline path on every core: the same bytes as ``_render``, in input order
    (each worker runs its own offline ``LinkAuditor``; their tallies join this one's)."""
    results = score_lines(
        targets, RegistrySpec(brands_file), fmt, workers=workers, registry=auditor.registry
    )
    # Shut the workers down before the input closes, also on Ctrl-C and `| head`.
    stack.callback(results.close)

    def encoded() -> Iterator[bytes]:
        for scored in results:
            auditor.tally.merge(scored.tally)
            ticker.advance(scored.count)
            yield scored.data

    emit_utf8(encoded(), output)


def prompt_loop(
    reader: TextIO,
    prompt: TextIO,
    registry: BrandRegistry,
    fmt: Format,
    network: NetworkOptions | None,
    explain: bool = True,
) -> int:
    """Paste a link (or a sentence with links), get a verdict, repeat; an empty line or end of
    input stops."""
    status: int = ExitStatus.OK
    prompt.write("Paste a link, a domain or a sentence with links "
                 "(an empty line or Ctrl-D to stop).\n")
    while True:
        prompt.write("link> ")
        prompt.flush()
        line = reader.readline()
        target = line.strip()
        if not target:
            if not line:  # Ctrl-D leaves the cursor after the prompt: the shell's goes below
                prompt.write("\n")
            return status
        auditor = LinkAuditor.from_options(registry, network)  # what was not checked, said per link
        _render(auditor, pasted_targets([target]), Format(fmt), None, explain)
        status = max(status, _finish(auditor))
        if len(visible(target)) != len(target):
            prompt.write("(the pasted text contains hidden characters; shown escaped)\n")
