"""``threadscope check``, ``threadscope domains``, ``threadscope brands``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, TextIO

import click

from threadscope.assessment import BrandRegistry, assess, assess_many, load_registry
from threadscope.assessment.bulk import csv_column, target_lines
from threadscope.cli.options import (
    brands_option,
    format_option,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import emit, use_color, warn
from threadscope.enrich import enrich_stream
from threadscope.errors import ExitStatus, InputError
from threadscope.models import Assessment, NetworkOptions
from threadscope.parallel import STREAMED_FORMATS, RegistrySpec, default_workers, score_lines
from threadscope.report import Format, formatter
from threadscope.textsafe import visible

ASSESSMENT_FORMATS = (
    Format.TABLE,
    Format.JSON,
    Format.JSONL,
    Format.CSV,
    Format.MARKDOWN,
    Format.HTML,
    Format.STIX,
)


@click.command()
@click.argument("targets", nargs=-1)
@format_option(*ASSESSMENT_FORMATS)
@output_options
@offline_option
@brands_option
@network_options
@click.pass_context
def check(
    ctx: click.Context,
    /,
    targets: tuple[str, ...],
    fmt: str,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    network: NetworkOptions | None,
) -> None:
    """Assess pasted links or domains: which outlet does each imitate, and why.

    With no TARGET (or -), read one per line from stdin; on a terminal, prompt for link after link
    (an empty line or Ctrl-D ends).

    \b
    threadscope check 'hxxps://welt[.]ltd/politik' welt.de --offline
    pbpaste | threadscope check --format json
    """
    registry = _registry(brands_file)
    if targets == ("-",):  # `pbpaste | threadscope check -`, as for every FILE argument
        targets = ()
    if not targets and sys.stdin.isatty():
        ctx.exit(_interactive(registry, fmt, network))
    items: Iterable[str] = targets or target_lines(sys.stdin.buffer, warn)
    ctx.exit(_render(assess_many(items, registry), registry, fmt, output, network))


@click.command()
@click.argument("file")
@click.option("--column", default=None, metavar="NAME", help="Read targets from this CSV column.")
@format_option(*ASSESSMENT_FORMATS)
@output_options
@offline_option
@brands_option
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
    fmt: str,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    workers: int | None,
    network: NetworkOptions | None,
) -> None:
    """Bulk: one domain or URL per line of FILE (- for stdin), streamed, for scripts.

    \b
    threadscope domains new-registrations.txt --offline --format jsonl
    threadscope domains export.csv --column url --format csv -o verdicts.csv
    """
    registry = _registry(brands_file)
    with ExitStack() as stack:
        stream = _open(file, stack)
        targets = csv_column(stream, column, warn) if column else target_lines(stream, warn)
        # Close the reader before its file (LIFO), also when the run stops early (`| head`).
        stack.callback(getattr(targets, "close", lambda: None))
        tick = _progress() if sys.stderr.isatty() else None
        workers = workers or default_workers()
        if offline and fmt in STREAMED_FORMATS and workers > 1:
            status = _score_offline(targets, registry, brands_file, fmt, output, workers, stack)
        else:
            assessments = assess_many(targets, registry)
            if tick is not None and offline:
                assessments = _each(assessments, tick)
            status = _render(assessments, registry, fmt, output, network, tick)
        if tick is not None:
            click.echo("", err=True)
    ctx.exit(status)


@click.command()
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
    fmt: str, output: str | None, offline: bool, brands_file: str | None, curated: bool
) -> None:
    """Show the protected-brand registry in use (built-in plus --brands).

    \b
    threadscope brands --curated
    threadscope brands --brands ours.txt --format csv
    """
    registry = _registry(brands_file, popular=not curated)
    emit(formatter(Format(fmt), color=use_color(output)).brands(list(registry.brands)), output)


# --------------------------------------------------------------------------- helpers


def _registry(brands_file: str | None, *, popular: bool = True) -> BrandRegistry:
    return load_registry(Path(brands_file) if brands_file else None, popular=popular)


def _render(
    assessments: Iterable[Assessment],
    registry: BrandRegistry,
    fmt: str,
    output: str | None,
    network: NetworkOptions | None,
    progress: Callable[[Assessment], None] | None = None,
) -> int:
    """Enrich (unless offline), format and write; the exit status says whether any was flagged."""
    if network is not None:
        assessments = enrich_stream(assessments, network, registry, progress)
    flagged = [False]

    def tally(items: Iterable[Assessment]) -> Iterator[Assessment]:
        for item in items:
            flagged[0] = flagged[0] or item.verdict.flagged
            yield item

    render = formatter(Format(fmt), color=use_color(output))
    emit(render.assessments(tally(assessments)), output)
    return ExitStatus.FLAGGED if flagged[0] else ExitStatus.OK


def _score_offline(
    targets: Iterable[str],
    registry: BrandRegistry,
    brands_file: str | None,
    fmt: str,
    output: str | None,
    workers: int,
    stack: ExitStack,
) -> int:
    """The bulk offline path on every core: the same bytes as ``_render``, in input order."""
    results = score_lines(
        targets, RegistrySpec(brands_file), fmt, workers=workers, registry=registry
    )
    # Shut the workers down before the input closes, also on Ctrl-C and `| head`.
    stack.callback(results.close)
    flagged = False
    count = 0
    progress = sys.stderr.isatty()

    def texts() -> Iterator[str]:
        nonlocal flagged, count
        for scored in results:
            flagged = flagged or scored.flagged
            count += scored.count
            if progress and scored.count:
                click.echo(f"\rassessed {count:,}", err=True, nl=False)
            yield scored.text

    emit(texts(), output)
    return ExitStatus.FLAGGED if flagged else ExitStatus.OK


def _open(file: str, stack: ExitStack) -> BinaryIO:
    if file == "-":
        return sys.stdin.buffer
    path = Path(file)
    try:
        if path.is_dir():
            raise InputError(f"{file}: is a directory, expected a file")
        return stack.enter_context(path.open("rb"))
    except FileNotFoundError as error:
        raise InputError(f"{file}: no such file") from error
    except PermissionError as error:
        raise InputError(f"{file}: permission denied") from error
    except OSError as error:
        raise InputError(f"{file}: cannot read ({error.strerror or error})") from error


def _progress() -> Callable[[Assessment], None]:
    count = [0]

    def tick(_: Assessment) -> None:
        count[0] += 1
        if count[0] % 500 == 0:
            click.echo(f"\rassessed {count[0]:,}", err=True, nl=False)

    return tick


def _each(
    items: Iterable[Assessment], tick: Callable[[Assessment], None]
) -> Iterator[Assessment]:
    for item in items:
        tick(item)
        yield item


def _interactive(registry: BrandRegistry, fmt: str, network: NetworkOptions | None) -> int:
    return prompt_loop(sys.stdin, sys.stderr, registry, fmt, network)


def prompt_loop(
    reader: TextIO,
    prompt: TextIO,
    registry: BrandRegistry,
    fmt: str,
    network: NetworkOptions | None,
) -> int:
    """Paste a link, get a verdict, repeat; an empty line or end of input stops."""
    status: int = ExitStatus.OK
    prompt.write("Paste a link or domain (empty line to stop).\n")
    while True:
        prompt.write("link> ")
        prompt.flush()
        line = reader.readline()
        target = line.strip()
        if not target:
            return status
        found = _render([assess(target, registry)], registry, fmt, None, network)
        status = max(status, found)
        if len(visible(target)) != len(target):
            prompt.write("(the pasted text contains hidden characters; shown escaped)\n")
