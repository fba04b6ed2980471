"""JSON nested deeper than Python's recursion limit, read without recursion.

The standard decoder recurses once per array or object: a Bluesky thread ~500 replies deep
(each reply a node inside its parent's ``replies`` list), or a Reddit comment chain ~200
deep, is past the limit although it is an ordinary answer. ``raw_decode`` reads the same
texts ``json.JSONDecoder().raw_decode`` reads, into the same values, with an explicit stack:
memory grows with the text (a level of nesting takes at least two characters of it), never
with the call stack. It is the slow way (a Python loop per value), taken only for a text
the standard decoder gave up on for its depth.
"""

from __future__ import annotations

import re
from json import JSONDecodeError
from json.decoder import scanstring  # type: ignore[attr-defined]  # not in the stubs
from json.scanner import NUMBER_RE
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
"""What JSON counts as whitespace between tokens."""

_CONSTANTS: tuple[tuple[str, Any], ...] = (
    ("null", None), ("true", True), ("false", False),
    ("NaN", float("nan")), ("Infinity", float("inf")), ("-Infinity", float("-inf")),
)
"""Literals, with the non-standard ones Python's decoder accepts by default."""

MAX_DEPTH = 100_000
"""Levels of nesting read at most. A Bluesky reply takes two (its node, the list it is in),
so this is a thread far deeper than any platform serves; deeper text is hostile, and each
level costs some hundred bytes where the text spent two."""


class TooDeep(ValueError):
    """The text nests more than ``MAX_DEPTH`` levels deep."""


_Open = tuple[list[Any], None] | tuple[dict[str, Any], str]
"""A container being filled, and (objects) the key its next value goes under."""


def loads(text: str) -> Any:
    """``json.loads(text)``, read as ``raw_decode`` reads."""
    value, end = raw_decode(text, _space(text, 0))
    end = _space(text, end)
    if end != len(text):
        raise JSONDecodeError("Extra data", text, end)
    return value


def raw_decode(text: str, start: int = 0) -> tuple[Any, int]:
    """The JSON value that begins at ``start`` and the index just after it, as
    ``json.JSONDecoder().raw_decode``; ``JSONDecodeError`` (a ``ValueError``) when there is
    none, ``ValueError`` for an integer too long to convert, as json raises; ``TooDeep`` (a
    ``ValueError`` too) past ``MAX_DEPTH``."""
    opened: list[_Open] = []
    at = start
    while True:
        value, at, container = _value(text, at)
        if container is not None:
            if len(opened) == MAX_DEPTH:
                raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
            opened.append(container)
            continue
        while True:
            if not opened:
                return value, at
            parent, key = opened[-1]
            if key is None:
                parent.append(value)  # type: ignore[union-attr]
            else:
                parent[key] = value  # type: ignore[call-overload]
            at = _space(text, at)
            closer = "]" if key is None else "}"
            if text.startswith(",", at):
                if key is not None:
                    key, at = _member(text, at + 1)
                    opened[-1] = (parent, key)  # type: ignore[assignment]
                else:
                    at = _space(text, at + 1)
                break
            if not text.startswith(closer, at):
                raise JSONDecodeError("Expecting ',' delimiter", text, at)
            opened.pop()
            value, at = parent, at + 1


def _value(text: str, at: int) -> tuple[Any, int, _Open | None]:
    """The scalar or empty container at ``at`` and the index after it, or a container that
    opens there (its first key read, for an object) and the index of its first value."""
    char = text[at:at + 1]
    if char == '"':
        string, end = scanstring(text, at + 1, True)
        return string, end, None
    if char in ("[", "{"):
        inner = _space(text, at + 1)
        if char == "[":
            if text.startswith("]", inner):
                return [], inner + 1, None
            return None, inner, ([], None)
        if text.startswith("}", inner):
            return {}, inner + 1, None
        key, at = _member(text, inner)
        return None, at, ({}, key)
    number = NUMBER_RE.match(text, at)
    if number:
        integer, fraction, exponent = number.groups()
        if fraction or exponent:
            return float(integer + (fraction or "") + (exponent or "")), number.end(), None
        return int(integer), number.end(), None
    for name, constant in _CONSTANTS:
        if text.startswith(name, at):
            return constant, at + len(name), None
    raise JSONDecodeError("Expecting value", text, at)


def _member(text: str, at: int) -> tuple[str, int]:
    """The key of the object member that begins (after spaces) at ``at``, and the index of
    its value."""
    at = _space(text, at)
    if not text.startswith('"', at):
        raise JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
    key, end = scanstring(text, at + 1, True)
    end = _space(text, end)
    if not text.startswith(":", end):
        raise JSONDecodeError("Expecting ':' delimiter", text, end)
    return key, _space(text, end + 1)


def _space(text: str, at: int) -> int:
    """The index of the first character at or after ``at`` that is no JSON whitespace."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]  # `*` always matches
