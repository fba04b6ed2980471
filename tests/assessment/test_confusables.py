"""TR39-style skeletons for host labels."""

from __future__ import annotations

import pytest

from threadscope.assessment.confusables import confusables, scripts, skeleton


@pytest.mark.parametrize(
    ("spoof", "plain"),
    [
        ("w\u0435lt", "welt"),  # Cyrillic е
        ("\u0440\u0430\u0443\u0440\u0430l", "paypal"),  # Cyrillic р а у
        ("\u03bfrf", "orf"),  # Greek ο
        ("we1t", "welt"),
        ("g00gle", "google"),
        ("rnicrosoft", "microsoft"),
        ("vvelt", "welt"),
        ("w\u00e9lt", "welt"),  # a combining accent dropped as well
        ("\uff57\uff45\uff4c\uff54", "welt"),  # fullwidth
        ("we\u0142t", "welt"),  # ł: a stroke, no decomposition
        ("jp\u00f8\u0282\u0167", "jpost"),  # ø, ʂ (hook), ŧ (stroke)
        ("huffpos\u01ab", "huffpost"),  # ƫ: palatal hook
        ("\u0111\u0268\u0180", "dib"),  # đ, ɨ, ƀ
    ],
)
def test_lookalikes_share_a_skeleton(spoof: str, plain: str) -> None:
    assert skeleton(spoof) == skeleton(plain)


def test_plain_ascii_is_its_own_skeleton() -> None:
    assert skeleton("spiegel") == "spiegel"


def test_table_is_latin_prototypes_only() -> None:
    data = confusables()
    assert len(data.table) > 100
    assert all(len(p) == 1 and p.isascii() for p in data.table.values())


def test_letters_with_a_stroke_bar_or_hook_read_as_the_letter_their_name_gives() -> None:
    """Derived from Unicode names, not listed: every one is a small Latin letter WITH
    something (or BARRED, or BAR), and its prototype is that letter."""
    import unicodedata

    data = confusables()
    derived = {chr(p): t for p, t in data.table.items() if " WITH " in unicodedata.name(chr(p))}
    assert {"\u0142", "\u00f8", "\u0167", "\u01ab", "\u0282", "\u0247"} <= derived.keys()
    assert data.table[ord("\u0275")] == "o"  # LATIN SMALL LETTER BARRED O
    for char, prototype in derived.items():
        name = unicodedata.name(char)
        if name.startswith("LATIN SMALL LETTER ") and not unicodedata.decomposition(char):
            letter = name.removeprefix("LATIN SMALL LETTER ").split(" ")[0]
            if len(letter) == 1 and char != "\u028b":  # ʋ (V WITH HOOK): TR39's u
                assert prototype == letter.lower(), name


def test_scripts_of_a_mixed_name() -> None:
    assert scripts("w\u0435lt") == ("LATIN", "CYRILLIC")
    assert scripts("welt-24") == ("LATIN",)
