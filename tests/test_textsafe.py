"""``visible``: what reaches a terminal shows hostile characters as escapes."""

from __future__ import annotations

from threadscope.textsafe import visible


def test_escape_sequences_and_bidi_are_shown_escaped() -> None:
    shown = visible("a\x1b[2Jb\x1b]0;t\x07\u202egro.elpmaxe\x00")
    assert shown == "a\\x1b[2Jb\\x1b]0;t\\x07\\u202egro.elpmaxe\\x00"


def test_newlines_kept_or_escaped_on_request() -> None:
    assert visible("a\nb") == "a\nb"
    assert visible("a\nb", keep_newlines=False) == "a\\x0ab"


def test_unicode_line_separators_never_split_a_one_line_message() -> None:
    shown = visible("no column\u2028x\u2029y\x85z\x1cw", keep_newlines=False)
    assert shown.splitlines() == [shown]
    assert "\\u2028" in shown and "\\u2029" in shown


def test_ordinary_text_is_unchanged() -> None:
    text = "Übersicht 🧵 welt.de — 1/5"
    assert visible(text) == text
