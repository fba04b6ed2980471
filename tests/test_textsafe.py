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


def test_json_safe_escapes_every_invisible_and_control_character() -> None:
    """The class in textsafe is written out for speed; checked here against the Unicode
    database: every C1 control, format character, separator and surrogate is escaped."""
    import json
    import sys
    import unicodedata

    from threadscope.textsafe import json_safe

    unsafe = [chr(code) for code in range(0x7F, sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp", "Cs")]
    text = " ".join(unsafe)  # apart: two adjacent surrogates would read back as one pair
    escaped = json_safe(json.dumps(text, ensure_ascii=False))
    assert escaped.isascii()
    assert json.loads(escaped) == text
    assert json_safe('"wеlt.de ü"') == '"wеlt.de ü"'  # letters of any script stay as they are


def test_json_safe_on_ascii_escapes_delete_only() -> None:
    from threadscope.textsafe import json_safe

    assert json_safe('"a\x7fb"') == '"a\\u007fb"'
    assert json_safe('{"x": "plain"}') == '{"x": "plain"}'


def test_visible_changes_exactly_the_characters_it_names() -> None:
    """``visible`` is one written-out regular expression for speed; checked here, character by
    character, against its definition: the tab as four spaces, the newline kept or escaped,
    and escaped every invisible character it lists and every control, format character,
    surrogate, private-use and line or paragraph separator in the Unicode database."""
    import sys
    import unicodedata

    from threadscope.textsafe import _ESCAPED_CATEGORIES, _INVISIBLE, _escape

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Cn" and 0x13439 <= code <= 0x1343F:
            continue  # format characters since Unicode 15, unassigned before
        if char == "\t":
            expected = "    "
        elif char in _INVISIBLE or unicodedata.category(char) in _ESCAPED_CATEGORIES:
            expected = _escape(char)
        else:
            expected = char
        assert visible(char, keep_newlines=False) == expected, hex(code)
        assert visible(char) == ("\n" if char == "\n" else expected), hex(code)


def test_every_format_character_is_shown_escaped() -> None:
    """A tag character or an invisible operator inside a host name renders as nothing: a
    fact-checker would read ``https://welt.ltd/a`` where the text holds another host."""
    for hidden in ("\U000e0041", "\u2062", "\u2064", "\u180e", "\ufff9", "\u206a",
                   "\U0001d173", "\u3164", "\u115f", "\u034f"):
        shown = visible(f"https://we{hidden}lt.ltd/a")
        assert shown != "https://welt.ltd/a" and shown.isascii(), hex(ord(hidden))
        assert shown.startswith("https://we\\") and shown.endswith("lt.ltd/a")
    assert visible("Scheiße ❤️ 👍🏽 ﷺ") == "Scheiße ❤️ 👍🏽 ﷺ"  # emoji keep their selectors


def test_json_safe_leaves_printable_lines_alone_and_escapes_the_rest() -> None:
    """A non-ASCII line that Python calls printable (its newline aside) is returned as it is:
    every character the escaped class names must then be unprintable, checked here one by
    one against the class itself."""
    import sys

    from threadscope.textsafe import _JSON_UNSAFE, json_safe

    named = [chr(code) for code in range(sys.maxunicode + 1) if _JSON_UNSAFE.match(chr(code))]
    assert len(named) > 2000
    assert not any(char.isprintable() for char in named)
    assert json_safe('{"x": "Süddeutsche’s"}\n') == '{"x": "Süddeutsche’s"}\n'
    assert json_safe('{"x": "Süd\u200bdeutsche"}\n') == '{"x": "Süd\\u200bdeutsche"}\n'
    assert json_safe('{"x": "ü\u00a0\u2028"}') == '{"x": "ü\u00a0\\u2028"}'
