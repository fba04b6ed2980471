"""Folding keeps a way back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.links.fold import fold


def test_plain_text_is_untouched() -> None:
    folded = fold("welt.de und mehr")
    assert folded.text == "welt.de und mehr"
    assert folded.span(0, 7) == (0, 7)
    assert folded.evasions(0, 16) == ()


def test_already_normalised_unicode_is_untouched() -> None:
    folded = fold("Grüße aus Kyjiw: Київ")
    assert folded.text == "Grüße aus Kyjiw: Київ"
    assert folded.marks == ()


def test_bold_letters_fold_and_map_back() -> None:
    text = "auf 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 gehostet"
    folded = fold(text)
    assert folded.text == "auf welt.ltd gehostet"
    start, end = folded.span(4, 12)
    assert text[start:end] == "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝"
    assert folded.evasions(start, end) == ("unicode-compat",)
    assert folded.span(13, 21) == (end + 1, len(text))


@pytest.mark.parametrize(
    ("text", "folded_text"),
    [
        ("auf welt。ltd gehostet", "auf welt.ltd gehostet"),
        ("spiegel｡ltd", "spiegel.ltd"),  # halfwidth: NFKC makes it 。, then a dot
        ("𝐰𝐞𝐥𝐭。𝐥𝐭𝐝", "welt.ltd"),
        ("welt\u200b。\u200dltd", "welt.ltd"),  # hidden characters are removed first
    ],
)
def test_an_ideographic_full_stop_between_host_letters_is_a_dot(
    text: str, folded_text: str
) -> None:
    folded = fold(text)
    assert folded.text == folded_text
    if "." in folded_text:
        start, end = folded.span(folded_text.index("."), folded_text.index(".") + 1)
        assert text[start:end] in ("。", "｡")
        assert "unicode-compat" in folded.evasions(0, len(text))


@pytest.mark.parametrize(
    "text",
    ["ありがとう。世界、みんな。", "Danke。 Bis morgen。", "東京。com", "。welt", "welt。"],
)
def test_an_ideographic_full_stop_in_prose_stays_one(text: str) -> None:
    assert fold(text).text == text


def test_hidden_characters_are_removed_and_kept_as_marks() -> None:
    text = "a\u200bb\u202ec"
    folded = fold(text)
    assert folded.text == "abc"
    assert folded.span(0, 3) == (0, 5)
    assert folded.evasions(0, 5) == ("zero-width", "bidi-control")
    # A span that stops before the hidden character does not see it.
    assert folded.span(0, 1) == (0, 1)
    assert folded.evasions(0, 1) == ()


def test_one_character_folding_to_several() -> None:
    text = "x\ufb01y"  # the fi ligature
    folded = fold(text)
    assert folded.text == "xfiy"
    assert folded.span(1, 3) == (1, 2)
    assert folded.span(2, 4) == (1, 3)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_folded_span_maps_inside_the_original(text: str) -> None:
    folded = fold(text)
    for start in range(len(folded.text)):
        low, high = folded.span(start, start + 1)
        assert 0 <= low < high <= len(text)
    if folded.text:
        assert folded.span(0, len(folded.text))[1] <= len(text)
