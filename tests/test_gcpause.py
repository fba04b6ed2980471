"""``threadscope.gcpause``: the collector comes back as it was, whatever happens inside."""

from __future__ import annotations

import gc

import pytest

from threadscope.gcpause import cycles_uncollected, frozen


def test_paused_inside_and_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycles_uncollected():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_pause_inside_another_leaves_the_collector_paused() -> None:
    with cycles_uncollected():
        with cycles_uncollected():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_was_made_while_paused_joins_the_oldest_generation() -> None:
    with cycles_uncollected():
        made = [[i] for i in range(1_000)]
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in made)  # no young pass will walk them again


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with cycles_uncollected():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_frozen_releases_what_it_froze_and_leaves_the_callers_freeze_alone() -> None:
    with frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        held = gc.get_freeze_count()
        with frozen(), cycles_uncollected():
            pass
        assert gc.get_freeze_count() == held  # neither released the caller's frozen objects
    finally:
        gc.unfreeze()
