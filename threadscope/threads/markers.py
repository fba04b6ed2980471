"""Thread markers: ``n/m``, ``(n/m)``, ``[n/m]``, ``n/``, ``(n/n)``, ``/n``, ``🧵``, ``/end``.

A marker stands at the edge of a line: at its end when it closes a post (``… Reaktion. 1/4``,
possibly followed by the post's link or card, ``18/22 de.wikipedia.org/…``), at its start when
it opens one (``2/ Die Quelle …``), or alone on a line. Numbers inside a sentence are never
markers, which already rules out most fractions in prose; dates (``12/03/2023``), URL paths
(``/archive/2/5/``), percentages (``1/2%``), leading zeros (``03/12``) and an index above its
total (``12/3``) fail the token grammar below. Only the edges of a line are examined, so a
10 MB line costs no more than a short one.

``(1/n)`` (the author did not know the total) and ``/1`` are open-ended like ``1/``; ``2/Before``
is an opening ``2/`` glued to its first word. ``/1`` and glued markers are ``weak``: they are
markers only beside another marker of the thread (``segment.plausible``), so ``and/or`` or a
``1/Tag`` in prose stay text. What fits the grammar but is prose (``before 9/11``, a score
``3/5``) is sorted out by the sequence the markers form, never by the token alone.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

THREAD = "\U0001f9f5"  # 🧵
_EDGE = 400
"""Characters examined at each end of a line: markers and their link sit at the edge."""

_TOKEN = re.compile(
    r"(?P<open>[(\[]?)(?:(?P<n>[1-9]\d{0,2})/(?:(?P<m>[1-9]\d{0,2})|(?P<unknown>[nN]))?"
    r"|/(?P<slash>[1-9]\d{0,2}))(?P<close>[)\]]?)"
)
_GLUED = re.compile(r"(?P<n>[1-9]\d{0,2})/(?=[^\W\d_])")
"""``2/Before …``: an opening marker with no space before the post's first word."""
_INNER = re.compile(
    r"(?<!\S)[(\[]?(?:[1-9]\d{0,2}/(?:[1-9]\d{0,2}|[nN])?|/[1-9]\d{0,2})[)\]]?(?!\S)"
)
"""A token anywhere in a line, for pages that run several posts into one line."""
_END = re.compile(r"/end\.?|\[end\]|\(end\)", re.IGNORECASE)
_URLISH = re.compile(r"(?:https?://|www\.)\S+|[^\s/]+\.[A-Za-z]{2,}(?:/\S*)?")
_HINTS = frozenset({THREAD, "\U0001f447", "\u2b07\ufe0f", "\u2b07"})  # 🧵 👇 ⬇️


class Kind(enum.StrEnum):
    NUMBERED = "numbered"
    """``n/m``: index and total."""
    OPEN = "open"
    """``n/``: an index, no total (open-ended thread)."""
    HINT = "hint"
    """``🧵`` with no number: the first post of a thread."""
    END = "end"
    """``/end``: the last post of a thread."""


class Position(enum.StrEnum):
    CLOSING = "closing"
    """At the end of a line with text before it."""
    OPENING = "opening"
    """At the start of a line with text after it."""
    ALONE = "alone"
    """The line holds nothing but the marker (and perhaps a link or 🧵)."""


@dataclass(frozen=True, slots=True)
class Marker:
    kind: Kind
    index: int | None
    total: int | None
    position: Position
    rest: str
    """The line without the marker: the post's text on that line (link or card included)."""
    weak: bool = False
    """``/n`` or glued to a word: a marker only beside others (``segment.plausible``)."""


def parse_token(token: str) -> tuple[int, int | None] | None:
    """``"3/14"``, ``"(3/14)"``, ``"3/"``, ``"(3/n)"``, ``"/3"`` → (3, 14) or (3, None)."""
    head, _, tail = token.partition("/")
    if head.isascii() and head.isdigit() and tail.isdigit() and tail.isascii():
        # the plain ``n/m`` of most markers, without the regex
        if head[0] == "0" or tail[0] == "0" or len(head) > 3 or len(tail) > 3:
            return None
        first, last = int(head), int(tail)
        return (first, last) if first <= last else None
    match = _TOKEN.fullmatch(token)
    if match is None or bool(match.group("open")) != bool(match.group("close")):
        return None
    if match.group("slash"):
        return None if match.group("open") else (int(match.group("slash")), None)
    index = int(match.group("n"))
    total = int(match.group("m")) if match.group("m") else None
    if total is not None and index > total:
        return None
    if total is None and match.group("open") and not match.group("unknown"):
        return None
    return index, total


def _make(token: str, position: Position, rest: str) -> Marker | None:
    if "/" not in token and not token.endswith((")", "]")):
        return None  # most words: no regex needed
    if _END.fullmatch(token):
        return Marker(Kind.END, None, None, position, rest)
    parsed = parse_token(token)
    if parsed is None:
        return None
    index, total = parsed
    kind = Kind.NUMBERED if total else Kind.OPEN
    return Marker(kind, index, total, position, rest, weak=token.startswith("/"))


def closing_marker(line: str) -> Marker | None:
    """A marker at the end of ``line``; a link or 🧵 after it stays with the post's text.

    Only the last two words are split off (``rsplit``), so a long line costs no more than a
    short one."""
    stripped = line.rstrip()
    parts = stripped.rsplit(None, 2)
    if not parts:
        return None
    last = parts[-1]
    if len(parts) >= 2 and _is_trail(last) and _make(parts[-2], Position.ALONE, ""):
        candidate, after, before = parts[-2], last, parts[0] if len(parts) == 3 else ""
    else:
        candidate, after = last, ""
        before = stripped[: len(stripped) - len(last)] if len(parts) >= 2 else ""
    before = before.strip()
    if candidate == THREAD and before and not after:
        return Marker(Kind.HINT, 1, None, Position.CLOSING, stripped)
    rest = f"{before} {after}" if before and after else before or after
    return _make(candidate, Position.CLOSING if before else Position.ALONE, rest)


def is_link_line(line: str) -> bool:
    """A line holding one link and nothing else (a card or link under a post's text)."""
    return bool(_URLISH.fullmatch(line.strip()))


def _is_trail(word: str) -> bool:
    return word in _HINTS or ("." in word and bool(_URLISH.fullmatch(word)))


def opening_marker(line: str) -> Marker | None:
    """A marker at the start of ``line``: ``2/ text``, ``(2/5) text``, ``🧵 1/8 text``."""
    parts = line.strip().split(None, 1)
    if len(parts) == 2 and parts[0] in _HINTS:
        parts = parts[1].split(None, 1)
    if not parts:
        return None
    if len(parts) == 2:
        marker = _make(parts[0], Position.OPENING, parts[1].strip())
        if marker is not None:
            return None if marker.kind is Kind.END else marker
    glued = _GLUED.match(parts[0])
    if glued is None or len(parts[0]) - glued.end() < 2 or parse_token(parts[0]):
        return None
    rest = " ".join([parts[0][glued.end() :], *parts[1:]])
    return Marker(Kind.OPEN, int(glued.group("n")), None, Position.OPENING, rest, weak=True)


def find_marker(line: str) -> Marker | None:
    """The marker of a line: closing (or alone) first, then opening; None for plain text."""
    if len(line) <= _EDGE:
        if "/" not in line and THREAD not in line:
            return None
    elif "/" not in line[:_EDGE] and "/" not in line[-_EDGE:] and THREAD not in line[-_EDGE:]:
        return None
    return closing_marker(line) or opening_marker(line)


def inner_markers(line: str, limit: int = 2000) -> list[tuple[int, int, Marker]]:
    """Every marker token in ``line`` as (start, end, marker), edges included, at most
    ``limit`` (a page that runs several posts into one line; ``segment`` decides whether they
    form a sequence). The marker's ``rest`` is empty: the caller cuts the line."""
    if line.count("/") < 2:
        return []  # one marker alone is no run
    found: list[tuple[int, int, Marker]] = []
    for match in _INNER.finditer(line):
        marker = _make(match.group(), Position.ALONE, "")
        if marker is not None:
            found.append((match.start(), match.end(), marker))
            if len(found) >= limit:
                break
    return found
