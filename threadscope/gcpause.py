"""Keeping Python's cycle collector off bulk work that makes no reference cycles.

Registries, indexes, reassembled threads and the bots' tables are hundreds of thousands of
small objects built in one go. The collector, set off by every 700 allocations, walks them
again and again while they are built and frees nothing: a fifth to two fifths of the CPU of a
large run. Memory is still freed by reference counting. Each command's heavy step runs inside
``cycles_uncollected``; a bulk run that forks workers runs inside ``frozen``.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cycles_uncollected() -> Iterator[None]:
    """The collector paused for the block, then as it was (a pause inside another leaves it
    paused). What was made meanwhile joins the oldest generation at once: left in the
    youngest, all of it would be walked by the first collection after, to find nothing (0.16 s
    after 100,000 replies). ``gc.freeze`` and ``unfreeze`` move the generations' lists, not
    the objects; not done when the caller holds objects frozen, which ``unfreeze`` would
    release."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Every object there is moved out of the collector's sight for the block, and back after
    it. A bulk run's growing caches set off collections whose first full ones walk the whole
    registry (0.06 s of a 100,000-name run in one process). Forked workers inherit the frozen
    state, as the ``gc`` docs advise before forking: their collections would otherwise also
    write to every page of what they inherited, so that each ends up with a private copy.
    Nothing is done where the caller has frozen objects of its own (its to unfreeze)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
