"""Typo families, as a reader would name them."""

from __future__ import annotations

import pytest

from threadscope.assessment.typos import Typo, classify, keyboard_neighbours


@pytest.mark.parametrize(
    ("name", "key", "family"),
    [
        ("bildd", "bild", Typo.REPETITION),
        ("spiegeli", "spiegel", Typo.INSERTION),
        ("20minuts", "20minutes", Typo.OMISSION),
        ("wlet", "welt", Typo.TRANSPOSITION),
        ("welr", "welt", Typo.KEYBOARD),
        ("welz", "welt", Typo.REPLACEMENT),
    ],
)
def test_families(name: str, key: str, family: Typo) -> None:
    found = classify(name, key)
    assert found is not None
    assert found[0] is family


@pytest.mark.parametrize(("name", "key"), [("welt", "welt"), ("wxyz", "welt"), ("we", "welt"),
                                           ("tlew", "welt"), ("weltxx", "welt")])
def test_not_one_edit(name: str, key: str) -> None:
    assert classify(name, key) is None


def test_keyboard_neighbours_include_qwertz() -> None:
    assert keyboard_neighbours("t", "r")
    assert keyboard_neighbours("y", "z")
    assert not keyboard_neighbours("a", "p")
