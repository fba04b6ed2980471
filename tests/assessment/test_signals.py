"""Brand-independent evidence."""

from __future__ import annotations

from threadscope.assessment import signals


def test_abused_tld_names_its_source() -> None:
    reason = signals.abused_tld("ltd", with_brand=True)
    assert reason is not None
    assert "Doppelganger" in reason.detail
    assert reason.points == signals.ABUSED_TLD_WITH_BRAND_POINTS
    alone = signals.abused_tld("ltd", with_brand=False)
    assert alone is not None and alone.points < reason.points


def test_ordinary_suffix_is_not_abused() -> None:
    assert signals.abused_tld("de", with_brand=True) is None


def test_defanging_is_said_but_free() -> None:
    reason = signals.evasion("defanged")
    assert reason.points == 0
    assert "defanged" in reason.detail


def test_mixed_script() -> None:
    assert signals.mixed_script("w\u0435lt") is not None
    assert signals.mixed_script("m\u00fcller") is None


def test_a_hidden_character_evasion_names_the_characters() -> None:
    reason = signals.evasion("zero-width", "\u200b\U000e0041")
    assert reason.points == signals.evasion("zero-width").points
    assert reason.detail.endswith(": U+200B ZERO WIDTH SPACE, U+E0041 TAG LATIN CAPITAL LETTER A")
    many = signals.evasion("zero-width", "\u200b\u200c\u200d\u2060\ufeff\u00ad")
    assert many.detail.endswith("U+2060 WORD JOINER and 2 more")
    assert signals.evasion("zero-width", "\U000e0000").detail.endswith(": U+E0000")
