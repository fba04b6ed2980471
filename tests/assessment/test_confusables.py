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


def test_scripts_of_a_mixed_name() -> None:
    assert scripts("w\u0435lt") == ("LATIN", "CYRILLIC")
    assert scripts("welt-24") == ("LATIN",)
