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
        ("\u0442\u0456\u043c\u0435", "time"),  # Cyrillic т and м: small capitals T and M
        ("\u044c\u0456\u04cf\u0501", "bild"),  # Cyrillic ь: a b with a short stem
        ("\u050d\u043e\u04cf\u0435\u043c", "golem"),  # Cyrillic ԍ: a small capital G
        ("\u043d\u0432", "hb"),  # Cyrillic н and в: small capitals H and B
        ("\u0299\u026a\u029f\u1d05", "bild"),  # Latin small capitals ʙ ɪ ʟ ᴅ
        ("\u0280\u0262\u1d07\ua730\u1d18", "rgefp"),  # ʀ ɢ ᴇ ꜰ ᴘ
        ("\u0138\u014b\u0259\u01bf", "knap"),  # kra, eng, schwa, wynn
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


def test_small_capitals_read_as_their_letter_from_their_names() -> None:
    """Derived from Unicode names: each Latin small capital of one letter is that letter;
    the turned, reversed and inverted ones (mirrored letters) are left out."""
    import re
    import unicodedata

    one_letter = re.compile(r"LATIN (?:LETTER SMALL CAPITAL|SMALL CAPITAL LETTER) ([A-Z])\b.*")
    data = confusables()
    checked = 0
    for point, prototype in data.table.items():
        named = one_letter.fullmatch(unicodedata.name(chr(point)))
        if named:
            assert prototype == named.group(1).lower(), unicodedata.name(chr(point))
            checked += 1
    assert checked >= 25
    assert data.table[ord("\u0280")] == "r"  # ʀ
    assert data.table[ord("\u1d03")] == "b"  # ᴃ BARRED B
    for mirrored in ("\u0281", "\u1d19", "\u1d1a", "\u2c7b"):  # ʁ ᴙ ᴚ ⱻ
        assert ord(mirrored) not in data.table, unicodedata.name(mirrored)


def test_letters_drawn_as_latin_ones_say_why_in_the_table() -> None:
    """The rows no name derives (Cyrillic т, м, ь, ԍ; kra, eng, schwa, wynn) each give the
    reason its glyph passes for the Latin letter, for a reviewer to check."""
    import unicodedata
    from importlib import resources

    text = resources.files("threadscope.data").joinpath("confusables.tsv").read_text("utf-8")
    rows = {line.split("\t")[1]: line.split("\t")[3] for line in text.splitlines()
            if line and not line.startswith("#")}
    for char in "\u0442\u043c\u044c\u050d\u0138\u014b\u0259\u01bf":
        name, _, why = rows[char].partition(": ")
        assert name == unicodedata.name(char)
        assert len(why.split()) >= 5, rows[char]


def test_cyrillic_letters_not_drawn_as_latin_ones_stay_apart() -> None:
    """л, п, и, д look like no Latin letter: велт is not welt."""
    assert skeleton("\u0432\u0435\u043b\u0442") != "welt"
    for char in "\u043b\u043f\u0438\u0434\u044f":
        assert ord(char) not in confusables().table


def test_scripts_of_a_mixed_name() -> None:
    assert scripts("w\u0435lt") == ("LATIN", "CYRILLIC")
    assert scripts("welt-24") == ("LATIN",)
