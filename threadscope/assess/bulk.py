"""Bulk runs: reading target lists line by line, and scoring them on every core.

``threadscope domains`` and ``check`` (on stdin) feed these iterators straight into
``assess_many``. Bytes are decoded per line with replacement characters, so one bad line
becomes one ``invalid`` assessment instead of stopping the run.

``score_lines`` is the offline bulk path: chunks of targets go to worker processes, which
assess and format them (the formatter stays the one source of the format) and send back text;
the text comes out in input order, with a bounded number of chunks in flight, so memory stays
flat in input size.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import BinaryIO

from threadscope.assess.core import assess
from threadscope.assess.registry import BrandRegistry, load_registry
from threadscope.errors import InputError, ThreadscopeError, UsageError
from threadscope.report import Format, formatter

MAX_LINE = 64 * 1024
"""Longer lines are cut here: no host name or sensible URL comes near it (and the cut line is
assessed as given, which makes it invalid)."""


def target_lines(stream: BinaryIO) -> Iterator[str]:
    """One target per non-blank line (``#`` comments skipped), the line ending removed."""
    decoder = codecs.getincrementaldecoder("utf-8")
    while True:
        raw = stream.readline(MAX_LINE)
        if not raw:
            return
        if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
            _skip_rest(stream)
        text = decoder(errors="replace").decode(raw, final=True)
        if text.startswith("\ufeff"):
            text = text[1:]
        line = text.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def _skip_rest(stream: BinaryIO) -> None:
    while True:
        rest = stream.readline(MAX_LINE)
        if not rest or rest.endswith(b"\n"):
            return


def csv_column(stream: BinaryIO, column: str) -> Iterator[str]:
    """The values of ``column`` in a CSV with a header row, streamed (stdlib ``csv``)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
        if header is None:
            return
        names = [name.strip() for name in header]
        if column not in names:
            shown = ", ".join(names[:20]) or "none"
            raise InputError(f"no column {column!r} in the CSV header (columns: {shown})")
        position = names.index(column)
        for row in reader:
            value = row[position] if position < len(row) else ""
            if value.strip():
                yield value
    except csv.Error as error:
        raise InputError(f"CSV line {reader.line_num}: {error}") from error
    finally:
        text.detach()


# --------------------------------------------------------------------------- parallel scoring

STREAMED_FORMATS = frozenset({"jsonl", "csv"})
"""Formats whose assessment output is a fixed head (the CSV header) then one piece per item,
so chunks formatted apart join into the same bytes."""

CHUNK = 1000
"""Targets per task: ~15 ms of work, so the per-task cost (pickling, a pipe round trip) is
small, while the first output comes quickly and few targets wait in flight."""


@dataclass(frozen=True)
class RegistrySpec:
    """The inputs of a registry rather than the registry itself, so a spawned worker builds
    the same one the parent uses (forked workers simply inherit the parent's)."""

    brands_file: str | None = None
    popular: bool = True

    def load(self) -> BrandRegistry:
        extra = Path(self.brands_file) if self.brands_file else None
        return load_registry(extra, popular=self.popular)


@dataclass(frozen=True)
class Scored:
    """Formatted output for ``count`` targets, and whether any of them was flagged (for the
    exit status). The first one carries the format's head (``count`` 0)."""

    text: str
    count: int
    flagged: bool


def score_lines(
    targets: Iterable[str],
    spec: RegistrySpec,
    fmt: str,
    *,
    workers: int,
    registry: BrandRegistry | None = None,
    chunk: int = CHUNK,
) -> Generator[Scored, None, None]:
    """Assess ``targets`` offline and format them as ``fmt`` (jsonl or csv), on ``workers``
    processes; the text is byte for byte what the formatter writes for the whole stream in one
    process. Input that fits in one chunk, or ``workers`` 1, is scored here, without a pool.
    ``registry`` is ``spec.load()`` if the caller has it already."""
    if fmt not in STREAMED_FORMATS:
        raise UsageError(f"--format {fmt} cannot be scored in parallel chunks")
    registry = registry or spec.load()
    head = "".join(formatter(Format(fmt)).assessments(()))
    yield Scored(head, 0, False)
    chunks = _chunks(targets, chunk)
    first = next(chunks, None)
    second = next(chunks, None) if workers > 1 else None
    if first is None:
        return
    ahead = [first] if second is None else [first, second]
    if second is None:
        for batch in itertools.chain(ahead, chunks):
            yield _score(batch, registry, fmt)
        return
    yield from _parallel(itertools.chain(ahead, chunks), spec, registry, fmt, workers)


def _chunks(targets: Iterable[str], size: int) -> Iterator[list[str]]:
    """Lists of ``size`` targets. When reading fails (a broken CSV row), the targets read so
    far come out first and then the error, as they would one by one."""
    batch: list[str] = []
    try:
        for target in targets:
            batch.append(target)
            if len(batch) == size:
                yield batch
                batch = []
    except ThreadscopeError:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _score(batch: list[str], registry: BrandRegistry, fmt: str) -> Scored:
    items = [assess(target, registry) for target in batch]
    render = formatter(Format(fmt))
    head = sum(1 for _ in render.assessments(()))  # the pieces before the first item
    text = "".join(itertools.islice(render.assessments(items), head, None))
    return Scored(text, len(items), any(item.verdict.flagged for item in items))


def _parallel(
    batches: Iterator[list[str]],
    spec: RegistrySpec,
    registry: BrandRegistry,
    fmt: str,
    workers: int,
) -> Iterator[Scored]:
    """Order-preserving: results are taken oldest first; at most two chunks per worker are
    in flight, so input is read only as fast as output is written."""
    context = _context()
    inherit = context.get_start_method() == "fork"
    if inherit:
        registry.index  # noqa: B018 - build it once here; forked workers share the pages
    # Anything still buffered would be written again by each forked child on exit.
    sys.stdout.flush()
    sys.stderr.flush()
    executor = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(spec, registry if inherit else None),
    )
    pending: deque[Future[Scored]] = deque()
    try:
        try:
            import gc, os as _os
            if _os.environ.get("TS_FREEZE"): gc.freeze()
            for batch in batches:
                pending.append(executor.submit(_score_in_worker, batch, fmt))
                if _os.environ.get("TS_FREEZE"): gc.unfreeze()
                if len(pending) >= 2 * workers:
                    yield _result(pending.popleft())
        except ThreadscopeError:
            # Reading failed (a broken CSV row): what was read comes out before the error.
            while pending:
                yield _result(pending.popleft())
            raise
        while pending:
            yield _result(pending.popleft())
    finally:
        # Normal end, Ctrl-C or `| head`: drop queued chunks and wait for the few running
        # ones (workers ignore SIGINT), so no process outlives the command.
        executor.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[Scored]) -> Scored:
    try:
        return future.result()
    except BrokenProcessPool as error:
        raise ThreadscopeError("a worker process died; try --workers 1") from error


def _context() -> BaseContext:
    """'fork' where it is safe (POSIX, and no other thread that could hold a lock in the
    child): workers start in a millisecond with the parent's registry and index. Otherwise
    'spawn', whose workers rebuild the registry from its spec once."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_worker_registry: BrandRegistry | None = None


def _init_worker(spec: RegistrySpec, registry: BrandRegistry | None) -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides, and shuts us down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker_registry
    _worker_registry = registry if registry is not None else spec.load()


def _score_in_worker(batch: list[str], fmt: str) -> Scored:
    if _worker_registry is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker registry not initialised")
    return _score(batch, _worker_registry, fmt)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
