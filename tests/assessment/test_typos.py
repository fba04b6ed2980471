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


@pytest.mark.parametrize(
    ("name", "key", "phrase"),
    [
        ("tagess9piegel", "tagesspiegel", "adds a digit to"),
        ("spiegeli", "spiegel", "adds a letter to"),
        ("20minuten", "200minuten", "drops a digit from"),
        ("thesun", "the-sun", "drops a hyphen from"),
        ("ouest--france", "ouest-france", "repeats a hyphen of"),
        ("welt24", "welt244", "drops a digit from"),
        ("bildd", "bild", "repeats a letter of"),
        ("welr", "welt", "replaces a letter with its neighbour on the keyboard in"),
        ("tagessp2egel", "tagesspiegel", "replaces one letter of"),
    ],
)
def test_the_phrase_names_what_was_added_or_dropped(name: str, key: str, phrase: str) -> None:
    """A digit or hyphen added, dropped or repeated is called what it is, not a letter."""
    found = classify(name, key)
    assert found is not None
    family, letters = found
    assert family.phrase(letters) == phrase
