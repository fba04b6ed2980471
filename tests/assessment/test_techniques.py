"""``techniques``: what a name is read as before the brand index is asked."""

from __future__ import annotations

import pytest

from threadscope.assessment import BrandRegistry, assess
from threadscope.assessment.techniques import symbols_as_separators


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
