"""Offline bulk scoring on every core: ``threadscope domains --offline`` for large lists.

Chunks of targets go to worker processes, which assess and format them (the formatter stays
the one source of the format) and send back the text as UTF-8; it comes out in input order,
with a bounded number of chunks in flight, so memory stays flat in input size. This sits after
``report`` in the pipeline because the workers format their own output.
"""

from __future__ import annotations

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
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

from threadscope.assessment.core import prepare
from threadscope.assessment.registry import BrandRegistry, load_registry
from threadscope.auditor import LinkAuditor
from threadscope.errors import ThreadscopeError, UsageError
from threadscope.gcpause import frozen
from threadscope.links.posts import listed_batch
from threadscope.outcomes import Tally
from threadscope.report import Format, formatter

STREAMED_FORMATS = frozenset({Format.JSONL, Format.CSV})
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
    """Formatted output for ``count`` targets, whether any of them was flagged (for the exit
    status), and what could not be checked. The first one carries the format's head
    (``count`` 0).

    The output comes as UTF-8, the bytes that are written: a worker sends some 460 bytes a
    target back through its pipe, and text would be decoded on arrival only to be encoded
    again for writing (a chunk holding one accented brand name or ellipsis is a string of
    two bytes a character, which costs both ways)."""

    data: bytes
    count: int
    flagged: bool
    tally: Tally = field(default_factory=Tally)

    @property
    def text(self) -> str:
        """``data`` as text, for a caller that writes text."""
        return self.data.decode("utf-8")


def score_lines(
    targets: Iterable[str],
    spec: RegistrySpec,
    fmt: Format | str,
    *,
    workers: int,
    registry: BrandRegistry | None = None,
    chunk: int = CHUNK,
    start_method: str | None = None,
) -> Generator[Scored, None, None]:
    """Assess ``targets`` offline and format them as ``fmt`` (jsonl or csv), on ``workers``
    processes; the text (``Scored.data``, UTF-8) is byte for byte what the formatter writes
    for the whole stream in one process. Input that fits in one chunk, or ``workers`` 1, is
    scored here, without a pool.
    ``registry`` is ``spec.load()`` if the caller has it already (spawned workers load the
    spec, so it must describe the same registry); ``start_method`` overrides
    the choice of ``_context`` (tests run 'spawn' too)."""
    if fmt not in STREAMED_FORMATS:
        raise UsageError(f"--format {fmt} cannot be scored in parallel chunks")
    fmt = Format(fmt)
    if registry is None:
        registry = spec.load()
    head = "".join(formatter(fmt).assessments(()))
    yield Scored(head.encode("utf-8"), 0, False)
    chunks = _chunks(targets, chunk)
    first = next(chunks, None)
    second = next(chunks, None) if workers > 1 else None
    if first is None:
        return
    ahead = [first] if second is None else [first, second]
    if second is None:
        with frozen():
            for batch in itertools.chain(ahead, chunks):
                yield _score(batch, registry, fmt)
        return
    context = multiprocessing.get_context(start_method) if start_method else _context()
    inherit = context.get_start_method() == "fork"
    if inherit:
        prepare(registry)  # built once here; forked workers share the pages
    with frozen():
        yield from _parallel(
            itertools.chain(ahead, chunks), spec, registry, fmt, workers, context, inherit
        )


def _chunks(targets: Iterable[str], size: int) -> Iterator[list[str]]:
    """Lists of ``size`` targets. When reading fails (a broken CSV row), the targets read so
    far come out first and then the error, as they would one by one (``list.extend`` keeps
    what it took before the error)."""
    iterator = iter(targets)
    while True:
        batch: list[str] = []
        try:
            batch.extend(itertools.islice(iterator, size))
        except ThreadscopeError:
            if batch:
                yield batch
            raise
        if not batch:
            return
        yield batch


def _score(batch: list[str], registry: BrandRegistry, fmt: Format) -> Scored:
    """The chunk's text, each assessment formatted as it comes and then dropped. Held in a
    list, a thousand assessments would outlive hundreds of allocations and set off the cycle
    collector, which walked them again and again: a tenth to a fifth of a worker's CPU. Dropped at
    once, they leave nothing to collect."""
    auditor = LinkAuditor(registry)  # offline: no enricher
    render = formatter(fmt)
    head = sum(1 for _ in render.assessments(()))  # the pieces before the first item
    assessed = auditor.assess(listed_batch(batch))
    text = "".join(itertools.islice(render.assessments(assessed), head, None))
    tally = auditor.tally
    return Scored(text.encode("utf-8"), tally.total, tally.flagged, tally)


def _parallel(
    batches: Iterator[list[str]],
    spec: RegistrySpec,
    registry: BrandRegistry,
    fmt: Format,
    workers: int,
    context: BaseContext,
    inherit: bool,
) -> Iterator[Scored]:
    """Order-preserving: results are taken oldest first; at most two chunks per worker are
    in flight, so input is read only as fast as output is written."""
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
            for batch in batches:
                pending.append(executor.submit(_score_in_worker, batch, fmt))
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
    """'fork' where it is safe (Linux, where it is the default, and no other thread that could
    hold a lock in the child): workers start in a millisecond with the parent's registry and
    index. Otherwise (macOS, Windows) 'spawn', whose workers rebuild the registry from its
    spec once, a fraction of a second that a bulk run amortises."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_worker_registry: BrandRegistry | None = None


def _init_worker(spec: RegistrySpec, registry: BrandRegistry | None) -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides, and shuts us down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker_registry
    _worker_registry = registry if registry is not None else spec.load()


def _score_in_worker(batch: list[str], fmt: Format) -> Scored:
    if _worker_registry is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker registry not initialised")
    return _score(batch, _worker_registry, fmt)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
