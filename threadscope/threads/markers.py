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
import functools
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
_LONGEST = len("(999/999)")
"""No token of ``_TOKEN`` or ``_END`` is longer: a longer word is never a marker."""
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
    read = read_token(token)
    if read is None:
        return None
    kind, index, total, weak = read
    return Marker(kind, index, total, position, rest, weak=weak)


def read_token(token: str) -> tuple[Kind, int | None, int | None, bool] | None:
    """What a marker ``token`` says: (kind, index, total, weak), or None for a word.

    Every word at a line's edge is asked, and a dump repeats the same few tokens (``3/22``)
    on line after line: most words are refused by their length or their lack of ``/``, the
    rest are read once (``_read_token``)."""
    if len(token) > _LONGEST or ("/" not in token and not token.endswith((")", "]"))):
        return None  # most words: no regex needed
    return _read_token(token)


@functools.lru_cache(maxsize=4096)
def _read_token(token: str) -> tuple[Kind, int | None, int | None, bool] | None:
    if token[0] in "/[(" and _END.fullmatch(token):
        return Kind.END, None, None, False
    parsed = parse_token(token)
    if parsed is None:
        return None
    index, total = parsed
    return Kind.NUMBERED if total else Kind.OPEN, index, total, token.startswith("/")


def closing_marker(line: str) -> Marker | None:
    """A marker at the end of ``line``; a link or 🧵 after it stays with the post's text.

    Only the last two words are split off (``rsplit``), so a long line costs no more than a
    short one."""
    stripped = line.rstrip()
    parts = stripped.rsplit(None, 2)
    if len(parts) < 2:  # one word: a marker alone on its line, or no marker
        return _alone(parts[0]) if parts and read_token(parts[0]) is not None else None
    last = parts[-1]
    if read_token(parts[-2]) is not None and _is_trail(last):
        before = parts[0].strip() if len(parts) == 3 else ""
        rest = f"{before} {last}" if before else last
        return _make(parts[-2], Position.CLOSING if before else Position.ALONE, rest)
    read = read_token(last)
    if read is None and last != THREAD:
        return None  # the common line: its last word is no marker, so no text is cut
    before = stripped[: len(stripped) - len(last)].strip()  # not empty: a word is left
    if read is None:
        return Marker(Kind.HINT, 1, None, Position.CLOSING, stripped)
    kind, index, total, weak = read
    return Marker(kind, index, total, Position.CLOSING, before, weak=weak)


@functools.lru_cache(maxsize=4096)
def _alone(token: str) -> Marker | None:
    """The marker of a line that holds nothing but ``token`` (``3/22``, line after line):
    one object per token, as markers are frozen."""
    return _make(token, Position.ALONE, "")


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
    closing = closing_marker(line)
    if closing is not None and closing.kind is Kind.HINT:
        # ``1/4 Ein Thread … 🧵``: the number the author wrote, the 🧵 kept in the text
        return opening_marker(line) or closing
    return closing or opening_marker(line)


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
