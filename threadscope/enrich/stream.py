"""The synchronous face of enrichment: a stream in, the same stream out, in input order.

Commands hand in an iterator (a million lines of ``domains`` or a few links of ``check``) and
print as results come. An event loop runs in a helper thread (one ``asyncio.run`` per stream);
this thread reads the input, keeps at most a window of a few times the concurrency in flight,
and yields in input order, so memory stays flat however long the input is. The window counts
links still being followed, not results waiting for their turn: a link that stalls until its
timeout no longer stops the links behind it from starting (up to ``OUTPUT_BUFFER`` results
wait behind it), so stalls spread through the input overlap instead of adding up. The
deadline is kept here: when it passes, what is unfinished is cancelled and reported as
``"deadline"``, and the stream ends on time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator
from typing import Any, TypeVar

from threadscope.assessment.registry import BrandRegistry
from threadscope.enrich.cache import Cache, context_of
from threadscope.enrich.client import ClientPool, HttpClient
from threadscope.enrich.enricher import Enricher, EnrichSettings
from threadscope.errors import NetworkUnreachable
from threadscope.models import Assessment, NetworkOptions, Verdict

T = TypeVar("T")
DEADLINE = "deadline"
OUTPUT_BUFFER = 1024
"""Results (and inputs) held at most for output behind one still running: what lets the links
after a stalled one go on while it waits for its timeout, at a few KB a result."""


def _windows(options: NetworkOptions) -> tuple[int, int]:
    """(links in flight at most, items held at most): a few times the concurrency in flight,
    so that the limiter always has work; up to ``OUTPUT_BUFFER`` waiting to be output."""
    in_flight = max(16, 4 * options.concurrency)
    return in_flight, max(in_flight, OUTPUT_BUFFER)


def _needs_network(assessment: Assessment) -> bool:
    return (assessment.verdict is not Verdict.INVALID and bool(assessment.url)
            and not assessment.unopenable)


def _expired(assessment: Assessment) -> Assessment:
    return dataclasses.replace(assessment, error=DEADLINE, unresolved=True)


def _stop_if_unreachable(enricher: Enricher) -> None:
    """Raise ``NetworkUnreachable`` once the first requests have shown there is no network."""
    message = enricher.resolver.reachability.message
    if message is not None:
        raise NetworkUnreachable(message)


class _LoopThread:
    """An event loop in a daemon thread, alive until ``close``."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="threadscope-enrich", daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        await self._stop.wait()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def call(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return self.submit(coroutine).result(timeout)

    def close(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)


async def _open(options: NetworkOptions, registry: BrandRegistry, cache: Cache | None,
                settings: EnrichSettings | None) -> Enricher:
    return Enricher(ClientPool.for_options(options), options, registry, cache, settings)


async def _close(enricher: Enricher) -> None:
    await enricher.aclose()


def enrich_stream(assessments: Iterable[Assessment], options: NetworkOptions,
                  registry: BrandRegistry,
                  progress: Callable[[Assessment], None] | None = None,
                  settings: EnrichSettings | None = None) -> Iterator[Assessment]:
    """Yield each assessment enriched from the network, in input order, within the deadline.

    Invalid assessments pass through untouched. ``progress`` is called once per finished item.
    Raises ``NetworkUnreachable`` when the run's first requests show there is no network.
    """
    cache = (Cache(options.cache_path, options.cache_ttl, context_of(options))
             if options.use_cache else None)
    runner = _LoopThread()
    enricher: Enricher | None = None
    try:
        enricher = runner.call(_open(options, registry, cache, settings))
        yield from _ordered(assessments, enricher, runner, options, progress)
    finally:
        if enricher is not None:
            runner.call(_close(enricher), timeout=10)
        runner.close()
        if cache is not None:
            cache.close()


def _ordered(assessments: Iterable[Assessment], enricher: Enricher, runner: _LoopThread,
             options: NetworkOptions,
             progress: Callable[[Assessment], None] | None) -> Iterator[Assessment]:
    window, held = _windows(options)
    slots = threading.BoundedSemaphore(window)  # released as each link's work ends
    ends_at = time.monotonic() + options.deadline if options.deadline else None
    pending: deque[tuple[Assessment, concurrent.futures.Future[Assessment] | None]] = deque()
    expired = False

    def finish(result: Assessment) -> Assessment:
        _stop_if_unreachable(enricher)
        if progress is not None:
            progress(result)
        return result

    def head() -> Assessment:
        nonlocal expired
        assessment, future = pending.popleft()
        if future is None:
            return finish(_expired(assessment) if expired and _needs_network(assessment)
                          else assessment)
        left = None if ends_at is None else max(0.0, ends_at - time.monotonic())
        try:
            return finish(future.result(timeout=left))
        except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
            expired = True
            for _, other in pending:
                if other is not None:
                    other.cancel()
            future.cancel()
            return finish(_expired(assessment))

    def slot() -> bool:
        """Wait for a slot in flight (False: the deadline passed first)."""
        left = None if ends_at is None else max(0.0, ends_at - time.monotonic())
        return slots.acquire(timeout=left)

    def ready() -> bool:
        future = pending[0][1]
        return future is None or future.done()

    try:
        for assessment in assessments:
            if not expired and ends_at is not None and time.monotonic() >= ends_at:
                expired = True
            future = None
            if _needs_network(assessment) and not expired:
                if slot():
                    future = runner.submit(enricher.enrich(assessment))
                    future.add_done_callback(lambda _: slots.release())
                else:
                    expired = True
            pending.append((assessment, future))
            while pending and (len(pending) >= held or ready()):
                yield head()
        while pending:
            yield head()
        if not expired:
            left = None if ends_at is None else max(0.0, ends_at - time.monotonic())
            _conclude(enricher, runner, options.timeout if left is None
                      else min(options.timeout, left))
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()


def _conclude(enricher: Enricher, runner: _LoopThread, timeout: float) -> None:
    """Raise ``NetworkUnreachable`` if the run's requests, judged at its end, showed there
    is no network (``Reachability.conclude``); within ``timeout`` seconds."""
    future = runner.submit(enricher.resolver.reachability.conclude())
    try:
        future.result(timeout + 1)
    except concurrent.futures.TimeoutError:
        future.cancel()
        return
    _stop_if_unreachable(enricher)


async def enrich_many(assessments: Iterable[Assessment], client: HttpClient,
                      options: NetworkOptions, registry: BrandRegistry,
                      cache: Cache | None = None,
                      settings: EnrichSettings | None = None) -> AsyncIterator[Assessment]:
    """The async API (for tests and scripts): the caller owns ``client`` and the loop.

    Yields in input order, with the same window and deadline rules as ``enrich_stream``.
    """
    enricher = Enricher(client, options, registry, cache, settings)
    loop = asyncio.get_running_loop()
    ends_at = loop.time() + options.deadline if options.deadline else None
    window, held = _windows(options)
    running = _Running()
    pending: deque[tuple[Assessment, asyncio.Task[Assessment] | None]] = deque()
    iterator = iter(assessments)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < held and running.count < window:
                assessment = next(iterator, None)
                if assessment is None:
                    exhausted = True
                    break
                task = running.start(enricher.enrich(assessment)) \
                    if _needs_network(assessment) else None
                pending.append((assessment, task))
            if not pending:
                if ends_at is None or loop.time() < ends_at:
                    await enricher.resolver.reachability.conclude()
                    _stop_if_unreachable(enricher)
                return
            assessment, task = pending[0]
            left = None if ends_at is None else max(0.0, ends_at - loop.time())
            if (task is not None and not task.done() and not exhausted
                    and len(pending) < held and left != 0.0):
                # The head still runs and the window is full of running links: wait for any
                # of them to end, and start the next (output keeps its order).
                await running.one_ends(left)
                continue
            pending.popleft()
            if task is None:
                yield assessment
                continue
            left = None if ends_at is None else max(0.0, ends_at - loop.time())
            try:
                result = await asyncio.wait_for(asyncio.shield(task), left)
            except TimeoutError:
                task.cancel()
                result = _expired(assessment)
            _stop_if_unreachable(enricher)
            yield result
    finally:
        for _, task in pending:
            if task is not None:
                task.cancel()
        await enricher.stop()


class _Running:
    """Tasks started and not yet ended, and a way to wait for the next to end."""

    def __init__(self) -> None:
        self.count = 0
        self._ended = asyncio.Event()

    def start(self, work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.ensure_future(work)
        self.count += 1
        task.add_done_callback(self._end)
        return task

    def _end(self, _: asyncio.Future[Any]) -> None:
        self.count -= 1
        self._ended.set()

    async def one_ends(self, timeout: float | None) -> None:
        """Return when a task has ended since the last call (or after ``timeout``)."""
        try:
            await asyncio.wait_for(self._ended.wait(), timeout)
        except TimeoutError:
            return
        self._ended.clear()
