"""Making attacker-written text safe to show on a terminal.

Input text comes from people who want to deceive: an escape sequence in a post could rewrite
the analyst's screen, a bidi override could reverse a domain name. Everything shown on a terminal
passes through ``visible``, which turns such characters into readable escapes.
"""

from __future__ import annotations

import unicodedata

# Bidi controls and zero-width characters are invisible but change what a reader sees.
_INVISIBLE = {
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2060",
    "\ufeff",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u061c",
    "\u00ad",
}


# Controls, surrogates, private use, and the line/paragraph separators U+2028/U+2029, which
# break a "one line" message for anything that splits lines the Unicode way.
_ESCAPED_CATEGORIES = ("Cc", "Cs", "Co", "Zl", "Zp")


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with control, bidi and zero-width characters shown as escapes."""
    out: list[str] = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append("    ")
        elif char in _INVISIBLE or unicodedata.category(char) in _ESCAPED_CATEGORIES:
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)
