"""One sentence for every reader's count of the records it passed over."""

from __future__ import annotations

from threadscope.ingest.skipped import skipped_warning


def test_nothing_skipped_says_nothing() -> None:
    assert skipped_warning("Reddit", 0, "posts") == ()


def test_the_one_wording() -> None:
    assert skipped_warning("Telegram", 3, "messages") == (
        "Telegram: 3 record(s) that are not messages skipped",)

