"""``threadscope check``, ``threadscope domains``, ``threadscope brands``.

Each command is a few lines over ``threadscope.pipeline.check`` (assess by name, follow over the
network unless ``--offline``); what the run could not check is counted on the way
(``pipeline.Tally``) and said on stderr at the end.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, TextIO, cast

import click

from threadscope.assessment import BrandRegistry, load_registry
from threadscope.assessment.bulk import csv_column, target_lines
from threadscope.cli.options import (
    brands_option,
    explain_option,
    format_option,
    network_options,
    offline_option,
    output_options,
)
from threadscope.cli.output import emit, use_color, warn
from threadscope.cli.progress import Ticker, progress_bar
from threadscope.errors import ExitStatus, InputError
from threadscope.models import Link, NetworkOptions
from threadscope.outcomes import Tally
from threadscope.parallel import STREAMED_FORMATS, RegistrySpec, default_workers, score_lines
from threadscope.pipeline import check as check_targets
from threadscope.pipeline import pasted_targets
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
@explain_option
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
    explain: bool,
    network: NetworkOptions | None,
) -> None:
    """Assess pasted links or domains: which outlet does each imitate, and why.

    A TARGET may be a whole pasted sentence: its links are found as audit finds them. With no
    TARGET (or -), read one per line from stdin; on a terminal, prompt for link after link (an
    empty line or Ctrl-D ends). Exit status 1 when any is a look-alike or suspicious.

    \b
    threadscope check 'hxxps://welt[.]ltd/politik' welt.de --offline
    threadscope check 'Lest das: welt.ltd/politik und bild.eu.com' --offline --explain
    pbpaste | threadscope check --format json
    """
    registry = _registry(brands_file)
    if targets == ("-",):  # `pbpaste | threadscope check -`, as for every FILE argument
        targets = ()
    if not targets and sys.stdin.isatty():
        ctx.exit(_interactive(registry, fmt, network, explain))
    items: Iterable[str] = targets or target_lines(sys.stdin.buffer, warn)
    tally = Tally()
    status = _render(pasted_targets(items), registry, fmt, output, network, tally, explain)
    _say_what_was_not_checked(tally, network)
    ctx.exit(status)


@click.command()
@click.argument("file")
@click.option("--column", default=None, metavar="NAME", help="Read targets from this CSV column.")
@format_option(*ASSESSMENT_FORMATS)
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
    fmt: str,
    output: str | None,
    offline: bool,
    brands_file: str | None,
    explain: bool,
    workers: int | None,
    network: NetworkOptions | None,
) -> None:
    """Bulk: one domain or URL per line of FILE (- for stdin), streamed, for scripts.

    Exit status 1 when any is a look-alike or suspicious.

    \b
    threadscope domains new-registrations.txt --offline --format jsonl
    threadscope domains export.csv --column url --format csv -o verdicts.csv
    """
    registry = _registry(brands_file)
    show_progress = sys.stderr.isatty()
    total = _count(file, column) if show_progress else None
    tally = Tally()
    with ExitStack() as stack:
        stream = _open(file, stack)
        if column is None:
            _refuse_csv_without_column(stream, file)
        targets = csv_column(stream, column, warn) if column else target_lines(stream, warn)
        # Close the reader before its file (LIFO), also when the run stops early (`| head`).
        stack.callback(getattr(targets, "close", lambda: None))
        label = "checking" if network is not None else "assessing"
        ticker = stack.enter_context(progress_bar(label, total, show_progress))
        workers = workers or default_workers()
        if offline and fmt in STREAMED_FORMATS and workers > 1:
            _score_offline(targets, registry, brands_file, fmt, output, workers, stack, tally,
                           ticker)
        else:
            _render(targets, registry, fmt, output, network, tally, explain, ticker)
    _say_what_was_not_checked(tally, network)
    ctx.exit(ExitStatus.FLAGGED if tally.flagged else ExitStatus.OK)


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
    targets: Iterable[str | Link],
    registry: BrandRegistry,
    fmt: str,
    output: str | None,
    network: NetworkOptions | None,
    tally: Tally,
    explain: bool = False,
    ticker: Ticker | None = None,
) -> int:
    """Assess, follow (unless offline), format and write; the exit status says whether any
    was flagged."""
    assessments = check_targets(targets, registry=registry, network=network, progress=ticker)
    render = formatter(Format(fmt), color=use_color(output), explain=explain)
    emit(render.assessments(tally.watch(assessments)), output)
    return ExitStatus.FLAGGED if tally.flagged else ExitStatus.OK


def _say_what_was_not_checked(tally: Tally, network: NetworkOptions | None) -> None:
    for line in tally.summary(offline=network is None):
        warn(line)


def _score_offline(
    targets: Iterable[str],
    registry: BrandRegistry,
    brands_file: str | None,
    fmt: str,
    output: str | None,
    workers: int,
    stack: ExitStack,
    tally: Tally,
    ticker: Ticker,
) -> None:
    """The bulk offline path on every core: the same bytes as ``_render``, in input order."""
    results = score_lines(
        targets, RegistrySpec(brands_file), fmt, workers=workers, registry=registry
    )
    # Shut the workers down before the input closes, also on Ctrl-C and `| head`.
    stack.callback(results.close)

    def texts() -> Iterator[str]:
        for scored in results:
            tally.merge(scored.tally)
            ticker.advance(scored.count)
            yield scored.text

    emit(texts(), output)


def _count(file: str, column: str | None) -> int | None:
    """How many targets FILE holds, for the progress bar's total and time left (a first pass
    over a regular file; stdin cannot be read twice)."""
    if file == "-":
        return None
    try:
        with open(file, "rb") as stream:
            rows = csv_column(stream, column) if column else target_lines(stream)
            return sum(1 for _ in rows)
    except (OSError, InputError):
        return None  # the real run says what is wrong


class _Peekable:
    """A stream without ``peek`` (a test's, a wrapper's) whose first line can be looked at
    before it is read; reading goes through ``readline`` as the readers use it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._head: bytes | None = None

    def peek(self, size: int = 0) -> bytes:
        if self._head is None:
            self._head = self._stream.readline(64 * 1024)
        return self._head

    def readline(self, size: int = -1) -> bytes:
        if not self._head:
            self._head = b""
            return self._stream.readline(size)
        cut = len(self._head) if size is None or size < 0 else min(size, len(self._head))
        line, self._head = self._head[:cut], self._head[cut:]
        return line


_URL_LIKE = ("url", "link", "domain", "host", "website", "site", "href", "expanded")


def _refuse_csv_without_column(stream: BinaryIO, file: str) -> None:
    """A CSV export given without ``--column`` would be one invalid row per line: its header
    gives it away (several fields, none of them a host), so say which option reads it."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return
    lines = peek(64 * 1024).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    delimiter = max(",;\t", key=first.count)
    fields = [name.strip() for name in next(csv.reader([first], delimiter=delimiter), [])]
    if len(fields) < 2 or any("." in name or "/" in name for name in fields):
        return
    if not all(name and len(name) <= 40 for name in fields):
        return
    guess = next((n for n in fields if any(word in n.lower() for word in _URL_LIKE)), fields[0])
    shown = ", ".join(fields[:12]) + (", …" if len(fields) > 12 else "")
    raise InputError(
        f"{file} looks like a CSV file (header: {shown}); name the column that holds the links "
        f"with --column, e.g. --column {guess}"
    )


def _open(file: str, stack: ExitStack) -> BinaryIO:
    if file == "-":
        stdin = sys.stdin.buffer
        return stdin if hasattr(stdin, "peek") else cast(BinaryIO, _Peekable(stdin))
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


def _interactive(
    registry: BrandRegistry, fmt: str, network: NetworkOptions | None, explain: bool
) -> int:
    return prompt_loop(sys.stdin, sys.stderr, registry, fmt, network, explain)


def prompt_loop(
    reader: TextIO,
    prompt: TextIO,
    registry: BrandRegistry,
    fmt: str,
    network: NetworkOptions | None,
    explain: bool = True,
) -> int:
    """Paste a link (or a sentence with links), get a verdict, repeat; an empty line or end of
    input stops."""
    status: int = ExitStatus.OK
    prompt.write("Paste a link or domain (empty line to stop).\n")
    while True:
        prompt.write("link> ")
        prompt.flush()
        line = reader.readline()
        target = line.strip()
        if not target:
            return status
        tally = Tally()
        found = _render(pasted_targets([target]), registry, fmt, None, network, tally, explain)
        _say_what_was_not_checked(tally, network)
        status = max(status, found)
        if len(visible(target)) != len(target):
            prompt.write("(the pasted text contains hidden characters; shown escaped)\n")
