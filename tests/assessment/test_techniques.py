"""``techniques``: what a name is read as before the brand index is asked."""

from __future__ import annotations

import pytest

from threadscope.assessment import BrandRegistry, assess
from threadscope.assessment.techniques import homoglyph, symbols_as_separators
from threadscope.models import Brand


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("tagesschau\u2764news", "tagesschau-news"),  # HEAVY BLACK HEART
        ("tagesschau-\u2764-news", "tagesschau-news"),  # the hyphens beside it are one break
        ("welt\u2605\u2605news", "welt-news"),  # a run of symbols is one break
        ("\U0001f4f0welt", "welt"),  # none at either end: where nothing would be
        ("bild\U0001f44d\U0001f3fd", "bild"),  # an emoji with its skin-tone modifier
        ("w\u0435lt\u2764news", "w\u0435lt-news"),  # other letters stay as they are
        ("\U0001f4a9", ""),  # a lone emoji reads as nothing
    ],
)
def test_symbols_read_as_separators(name: str, read: str) -> None:
    assert symbols_as_separators(name) == read


@pytest.mark.parametrize("name", ["welt-news", "w\u0435lt", "caf\u00e9", "e\u0301t\u00e9"])
def test_names_without_symbols_are_left_alone(name: str) -> None:
    """Letters of any script and combining marks are no separators."""
    assert symbols_as_separators(name) is None


@pytest.mark.parametrize(
    ("host", "family"),
    [
        ("tagess9piegel.de", "adds a digit to"),  # a digit put between two letters
        ("tagessp2egel.de", "replaces one letter of"),  # a digit in place of a letter
        ("washingt9npost.com", "neighbour on the keyboard"),  # 9 beside o
    ],
)
def test_a_digit_edit_inside_a_long_name_is_a_typo(
    registry: BrandRegistry, host: str, family: str
) -> None:
    result = assess(host, registry)
    assert result.verdict.flagged
    assert result.reasons[0].code == "typo"
    assert family in result.reasons[0].detail


@pytest.mark.parametrize(
    "host",
    [
        "kur7ier.at",  # kurier: six letters, digits in short names are names (9gag, 4chan)
        "tagesspiege7.de",  # at an end: a number, not a slip
        "7agesspiegel.de",
    ],
)
def test_a_digit_edit_at_an_end_or_in_a_short_name_is_no_typo(
    registry: BrandRegistry, host: str
) -> None:
    assert not any(reason.code == "typo" for reason in assess(host, registry).reasons)


def test_a_plain_name_is_not_a_copy_of_a_listed_name_drawn_with_digits() -> None:
    """The ranking lists look-alikes that draw traffic (xvv1deos.com): xvideos.com, in plain
    letters, is what it is drawn after, not a copy of it. A curated brand's digits are its own:
    2ominutes (o for 0) still copies 20minutes."""
    registry = BrandRegistry.of([
        Brand("xvv1deos.com", ("xvv1deos.com",), None, "popular", tier=2),
        Brand("20 Minutes", ("20minutes.fr",), "FR", "news"),
    ])
    assert not list(homoglyph(registry.index, "xvideos", "com"))
    assert not list(homoglyph(registry.index, "xvvideos", "com"))
    copies = [m.target.domain for m in homoglyph(registry.index, "2ominutes", "com")]
    assert copies == ["20minutes.fr"]
    assert assess("2ominutes.com", registry).imitates == "20minutes.fr"
