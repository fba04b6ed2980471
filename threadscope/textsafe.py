"""Making attacker-written text safe to show on a terminal.

Input text comes from people who want to deceive: an escape sequence in a post could rewrite
the analyst's screen, a bidi override could reverse a domain name. Everything shown on a terminal
passes through ``visible``, which turns such characters into readable escapes.
"""

from __future__ import annotations

import re

# Every format character (Unicode category Cf: bidi controls and overrides, zero-width
# characters, the soft hyphen, the BOM, invisible operators, tag characters …) is invisible or
# changes what a reader sees: a tag character inside ``welt.ltd`` shows as ``welt.ltd`` and is
# another host. So are these letters and marks that render as nothing (fillers used for blank
# names, the combining grapheme joiner); variation selectors are left alone (every emoji ❤️).
_INVISIBLE = {
    "\u034f",  # combining grapheme joiner
    "\u115f",  # Hangul choseong filler
    "\u1160",  # Hangul jungseong filler
    "\u17b4",  # Khmer vowel inherent aq
    "\u17b5",  # Khmer vowel inherent aa
    "\u3164",  # Hangul filler
    "\uffa0",  # halfwidth Hangul filler
}


# Controls, format characters, surrogates, private use, and the line/paragraph separators
# U+2028/U+2029, which break a "one line" message for anything that splits lines the Unicode
# way. With _INVISIBLE, the definition ``_SHOWN_AS_ESCAPE`` is written out from (and tested
# against).
_ESCAPED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# Every character ``visible`` changes, but the newline: _INVISIBLE, the categories above
# (Cc, Cs, Co, Zl, Zp are fixed sets by Unicode's stability policy; Cf as of Unicode 15, with
# the few code points Unicode 15 made format characters) and the tab; in the BMP here, beyond
# it in ``_ASTRAL_ESCAPED``. tests/test_textsafe.py checks both against the Unicode database.
_SHOWN_AS_ESCAPE = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ud800-\udfff\ue000-\uf8ff\ufeff\uffa0\ufff9-\ufffb"
)
_ASTRAL_ESCAPED = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
# Beyond the BMP one range is searched and the character judged when found (emoji are most of
# what is found there): a class of many ranges there cost every character of a text twice.
_ASTRAL = "\U00010000-\U0010ffff"
_CHANGED = re.compile(f"[{_SHOWN_AS_ESCAPE}{_ASTRAL}]")
_CHANGED_OR_NEWLINE = re.compile(f"[\n{_SHOWN_AS_ESCAPE}{_ASTRAL}]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return "    "
    if char > "\uffff" and _ASTRAL_ESCAPED.match(char) is None:
        return char
    return _escape(char)


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with control, bidi and zero-width characters shown as escapes.

    One regular expression, not a loop over characters: every post of a dump passes here."""
    return (_CHANGED if keep_newlines else _CHANGED_OR_NEWLINE).sub(_shown, text)


# Everything JSON leaves raw with ensure_ascii=False that a reader cannot see or that breaks
# the output: C1 controls and DEL (Cc), format characters (Cf: bidi controls and overrides,
# zero-width characters, soft hyphen, BOM, tag characters …), the line and paragraph
# separators (Zl, Zp) and lone surrogates (Cs), which no UTF-8 output can even encode.
# tests/test_textsafe.py checks this class against the Unicode database.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_safe(text: str) -> str:
    """Serialised JSON with invisible, control and surrogate characters as ``\\u`` escapes.

    Only valid where such characters can occur, inside JSON strings, so it is applied to
    output of ``json.dumps``; the data read back is unchanged (``json.loads`` undoes it).
    """
    if text.isascii():  # the common case in bulk output, a hundred times cheaper
        return text.replace("\x7f", "\\u007f") if "\x7f" in text else text
    if (text[:-1] if text[-1:] == "\n" else text).isprintable():
        # A line with accented letters (a brand's name, a typographic apostrophe): every
        # character the class below names is unprintable to Python, and ``isprintable``
        # reads a line five times as fast as the class (the line's own newline aside).
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)
