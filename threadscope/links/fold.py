"""Fold text for link finding without losing where each character came from.

Links are found in a folded copy of the text: Unicode compatibility letters (mathematical bold
𝐰𝐞𝐥𝐭, fullwidth ｗｅｌｔ, the one-dot leader ․) become the ASCII they display as (NFKC), and
invisible characters are removed: zero-width characters, bidirectional controls, and the
other default-ignorable characters a font draws as nothing (tag characters, variation
selectors, the combining grapheme joiner, Hangul fillers). Both are evasions: a reader sees
``welt.de`` while a naive matcher sees something else (``we<U+E0041>lt.de`` read as ``lt.de``).
A variation selector, tag character or zero width joiner that follows a symbol is no evasion
but part of an emoji (a red heart: ``❤`` and VS16; the flag of Scotland; a technologist:
``👨``, ZWJ, ``💻``), and stays. ``Folded`` maps every span of the folded copy back to the
original text, so a link's ``input``, ``start`` and ``end`` quote the source exactly, and it
remembers which original characters were folded or removed.

The ideographic full stops ``。`` and ``｡`` (which NFKC keeps) become dots only between two
letters or digits that fold to ASCII (``welt。ltd``, ``𝐰𝐞𝐥𝐭。𝐥𝐭𝐝``): browsers read them as
dots in a host name (UTS 46), while in Chinese and Japanese prose they end sentences, and
``ありがとう。世界`` must not become a domain under .世界.

ASCII text and text that is already in NFKC form pass through untouched; only runs of
non-ASCII characters that NFKC would change are folded one character at a time, so folding is
linear in the text and costs almost nothing for ordinary posts.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

ZERO_WIDTH = frozenset(
    "\u200b"  # zero width space
    "\u200c"  # zero width non-joiner
    "\u200d"  # zero width joiner
    "\u2060"  # word joiner
    "\ufeff"  # zero width no-break space (BOM)
    "\u00ad"  # soft hyphen: invisible unless the line breaks there
    "\u180e"  # Mongolian vowel separator (zero width since Unicode 6.3)
    "\u2061\u2062\u2063\u2064"  # invisible operators
)
BIDI_CONTROL = frozenset(
    "\u200e\u200f\u061c"  # LRM, RLM, Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides (RLO reverses text)
    "\u2066\u2067\u2068\u2069"  # isolates
)
INVISIBLE = frozenset(
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers (blank "names", blank labels)
    "\u17b4\u17b5"  # Khmer inherent vowels, drawn as nothing
    "\u2065\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated format characters
    "\U0001bca0\U0001bca1\U0001bca2\U0001bca3"  # shorthand format controls
    "\U0001d173\U0001d174\U0001d175\U0001d176"  # musical symbol format controls
    "\U0001d177\U0001d178\U0001d179\U0001d17a"
)
"""Default-ignorable characters (Unicode) that are neither zero-width spaces nor bidi controls:
no font draws them. UTS 46 maps them to nothing (but the unassigned U+2065, which it
refuses), so a browser visits ``welt.ltd`` for ``we\u3164lt.ltd``."""
_SELECTOR_RANGES = (
    ("\u180b", "\u180d"),  # Mongolian free variation selectors
    ("\u180f", "\u180f"),
    ("\ufe00", "\ufe0f"),  # variation selectors (VS16 makes ❤ the red heart emoji)
    ("\U000e0000", "\U000e0fff"),  # tag characters, the variation selectors 17-256, reserved
)
SELECTORS = frozenset(
    chr(code) for low, high in _SELECTOR_RANGES for code in range(ord(low), ord(high) + 1)
)
"""Invisible characters that modify the character before them: variation selectors and the
tag characters of flag emoji. After a symbol they are part of an emoji and stay; after a
letter, a digit or anything ASCII they only hide (``we\ufe0flt.ltd``). UTS 46 maps the
variation selectors to nothing and refuses the tag characters and the reserved code points
of their block (U+E0000–U+E0FFF), which fonts draw as nothing all the same."""
HIDDEN = ZERO_WIDTH | BIDI_CONTROL | INVISIBLE | SELECTORS
EMOJI_PARTS = SELECTORS | {"\u200d"}
"""What may belong to the symbol before it: the selectors, and the zero width joiner that
joins two emoji into one (``👨``, ZWJ, ``💻``: a technologist)."""

ZERO_WIDTH_CODE = "zero-width"
BIDI_CODE = "bidi-control"
COMPAT_CODE = "unicode-compat"

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _character_class(chars: frozenset[str]) -> re.Pattern[str]:
    """A class of ``chars`` written as ranges: one of 4,000 single characters beyond the BMP
    is slow to match."""
    codes = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


_HIDDEN_RE = _character_class(HIDDEN)
_REMOVED_RE = _character_class(HIDDEN - EMOJI_PARTS)
"""The hidden characters that are removed wherever they stand."""


@dataclass(frozen=True)
class Folded:
    """The folded text and the way back to the original."""

    original: str
    text: str
    """NFKC-folded per character, hidden characters removed."""
    starts: tuple[int, ...] = ()
    """Folded start of each segment (segments of length 0 are not listed)."""
    origins: tuple[int, ...] = ()
    """Original start of each segment."""
    lengths: tuple[int, ...] = ()
    """Original length of each segment; a folded character's segment has length 1 and may
    hold several folded characters (``ﬁ`` → ``fi``)."""
    linear_segments: tuple[bool, ...] = ()
    """True when the segment's folded offsets map one to one to original offsets."""
    marks: tuple[int, ...] = ()
    """Original offsets of folded or removed characters, ascending."""
    kinds: tuple[str, ...] = ()
    """The evasion code for each mark."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covering the folded ``[start, end)`` (end > start)."""
        if not self.starts:
            return start, end
        return self._origin(start, at_end=False), self._origin(end - 1, at_end=True)

    def _origin(self, position: int, *, at_end: bool) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        origin = self.origins[index]
        if self.linear_segments[index]:
            return origin + position - self.starts[index] + (1 if at_end else 0)
        return origin + (self.lengths[index] if at_end else 0)

    def evasions(self, start: int, end: int) -> tuple[str, ...]:
        """Evasion codes for the folded or removed characters inside the original span."""
        low = bisect.bisect_left(self.marks, start)
        high = bisect.bisect_left(self.marks, end)
        found: list[str] = []
        for kind in self.kinds[low:high]:
            if kind not in found:
                found.append(kind)
        return tuple(found)


def fold(text: str) -> Folded:
    """Fold ``text``; returns the text itself (and an identity map) when nothing changes.

    The builder is made only for a run that may change: most posts have none.
    """
    if text.isascii():
        return Folded(text, text)
    builder: _Builder | None = None
    for run in _NON_ASCII.finditer(text):
        chunk = run.group()
        start = run.start()
        hidden = _HIDDEN_RE.search(chunk) is not None and _removes_any(chunk)
        if not hidden and unicodedata.is_normalized("NFKC", chunk) and chunk != "\u3002":
            # Nothing to fold: a full stop between host letters would be the run's only
            # character, its neighbours ASCII (a normalised run holds no 𝐰 or ｗ).
            continue
        mapped = None if hidden else [_folded_at(text, start + i) for i in range(len(chunk))]
        if mapped is not None and mapped == list(chunk):
            continue
        builder = builder or _Builder(text)
        if mapped is not None and all(len(m) == 1 for m in mapped):
            builder.linear(start, chunk, mapped)
            continue
        for offset in range(len(chunk)):
            builder.char(start + offset, _folded_at(text, start + offset))
    return builder.done() if builder else Folded(text, text)


IDEOGRAPHIC_DOTS = frozenset("\u3002\uff61")
"""The ideographic full stop and its halfwidth form; the fullwidth ``．`` is NFKC's."""


def hides(text: str, position: int) -> bool:
    """Whether the ``HIDDEN`` character at ``position`` is removed: always, but a selector
    or joiner (``EMOJI_PARTS``) that follows a symbol, as in an emoji (``❤`` and VS16, ``🏴``
    and its tags, ``👨``, ZWJ and ``💻``), is part of it. The symbol is found behind other
    hidden characters and combining marks; a letter, a digit, anything that folds to ASCII
    or a full stop is no emoji's."""
    if text[position] not in EMOJI_PARTS:
        return True
    for before in range(position - 1, max(position - _LONGEST_SEQUENCE, 0) - 1, -1):
        base = text[before]
        if base not in HIDDEN:
            kind = _base_kind(base)
            if kind != _MARK:
                return kind == _NO_EMOJI
    return True


_MARK, _SYMBOL, _NO_EMOJI = "mark", "symbol", "no emoji"


@functools.lru_cache(maxsize=4096)
def _base_kind(char: str) -> str:
    """What a selector after ``char`` belongs to: a combining mark (look further back), a
    symbol (an emoji's), or a letter, digit, ASCII or a full stop (no emoji's)."""
    if unicodedata.category(char).startswith("M"):
        return _MARK
    if char.isalnum() or char in IDEOGRAPHIC_DOTS or _nfkc(char).isascii():
        return _NO_EMOJI
    return _SYMBOL


def _removes_any(chunk: str) -> bool:
    """Whether ``fold`` removes any hidden character of ``chunk``, a run of non-ASCII
    characters: the hidden characters of most posts are the selectors and joiners of emoji,
    which stay. ``hides`` for each of them, in one pass."""
    if _REMOVED_RE.search(chunk):
        return True
    kind, base_at = _NO_EMOJI, -1  # what stands before the run is ASCII, or nothing
    for at, char in enumerate(chunk):
        if char in EMOJI_PARTS:
            if kind == _NO_EMOJI or at - base_at > _LONGEST_SEQUENCE:
                return True
        elif (found := _base_kind(char)) != _MARK:
            kind, base_at = found, at
    return False


_LONGEST_SEQUENCE = 64
"""How far back a selector's symbol is looked for: an emoji's tag sequence is far shorter,
and a bound keeps folding linear in a text of a million selectors."""


def without_hidden(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with the hidden characters ``fold`` removes taken out, and their evasion codes:
    for a host that arrives percent-encoded (``we%F3%A0%81%81lt.ltd``), which ``fold`` never
    saw decoded."""
    hidden = hidden_characters(text)
    if not hidden:
        return text, ()
    kept = "".join(
        char for index, char in enumerate(text) if char not in hidden or not hides(text, index)
    )
    codes = [BIDI_CODE if char in BIDI_CONTROL else ZERO_WIDTH_CODE for char in hidden]
    return kept, tuple(dict.fromkeys(codes))


def hidden_characters(text: str) -> str:
    """The characters ``fold`` removes from ``text`` as hidden, each once, in order: what a
    reason names (``U+E0041``) where a link hides them."""
    found: dict[str, None] = {}
    for match in _HIDDEN_RE.finditer(text):
        char = match.group()
        if char not in found and hides(text, match.start()):
            found[char] = None
    return "".join(found)


def _folded_at(text: str, position: int) -> str:
    """What the character at ``position`` folds to: NFKC, and an ideographic full stop a dot
    between two letters or digits of a host name."""
    char = text[position]
    if char in IDEOGRAPHIC_DOTS:
        if _host_char(text, position, -1) and _host_char(text, position, 1):
            return "."
        return char
    return _nfkc(char)


def _host_char(text: str, position: int, step: int) -> bool:
    """The next visible character from ``position`` in the direction of ``step`` is a letter
    or digit that folds to ASCII (w, 𝐰, ｗ); hidden characters between are skipped, as they
    are removed."""
    position += step
    while 0 <= position < len(text) and text[position] in HIDDEN:
        position += step
    if position < 0 or position >= len(text):
        return False
    folded = _nfkc(text[position])
    return len(folded) == 1 and folded.isascii() and folded.isalnum()


# The ellipsis ends or truncates links in posts (``welt.de/artik…``); folded to three full
# stops it would join the link to the text after it.
_UNFOLDED = frozenset("\u2025\u2026")


@functools.lru_cache(maxsize=4096)
def _nfkc(char: str) -> str:
    if char in _UNFOLDED:
        return char
    return unicodedata.normalize("NFKC", char)


class _Builder:
    """Accumulates the folded pieces and the segment map (a private, mutable helper).

    A segment is linear when each of its characters folds to exactly one character (copied
    text, 𝐰 → w): offsets map one to one, so neighbouring linear segments merge and a long run
    of mathematical bold costs one segment, not one per letter.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pieces: list[str] = []
        self.copied = 0
        """Original offset up to which the text has been copied or folded."""
        self.folded_length = 0
        self.starts: list[int] = []
        self.origins: list[int] = []
        self.lengths: list[int] = []
        self.linear_segments: list[bool] = []
        self.marks: list[int] = []
        self.kinds: list[str] = []

    def char(self, position: int, replacement: str) -> None:
        """The character at ``position`` folded to ``replacement`` (``_folded_at``), or
        removed when it is hidden."""
        char = self.text[position]
        if char in HIDDEN and hides(self.text, position):
            replacement = ""
            kind = BIDI_CODE if char in BIDI_CONTROL else ZERO_WIDTH_CODE
        else:
            if replacement == char:
                return
            kind = COMPAT_CODE
        self._copy_to(position)
        self.marks.append(position)
        self.kinds.append(kind)
        if replacement:
            self._segment(len(replacement), position, 1)
            self.pieces.append(replacement)
        self.copied = position + 1

    def linear(self, position: int, chunk: str, mapped: list[str]) -> None:
        """A run where every character folds to exactly one character (𝐰𝐞𝐥𝐭 → welt)."""
        self._copy_to(position)
        changed = [
            position + i for i, (a, b) in enumerate(zip(chunk, mapped, strict=True)) if a != b
        ]
        self.marks.extend(changed)
        self.kinds.extend([COMPAT_CODE] * len(changed))
        self._segment(len(chunk), position, len(chunk))
        self.pieces.append("".join(mapped))
        self.copied = position + len(chunk)

    def _copy_to(self, position: int) -> None:
        if position > self.copied:
            length = position - self.copied
            self._segment(length, self.copied, length)
            self.pieces.append(self.text[self.copied : position])
        self.copied = max(self.copied, position)

    def _segment(self, folded: int, origin: int, length: int) -> None:
        linear = folded == length
        if (
            linear
            and self.linear_segments
            and self.linear_segments[-1]
            and self.origins[-1] + self.lengths[-1] == origin
        ):
            self.lengths[-1] += length
        else:
            self.starts.append(self.folded_length)
            self.origins.append(origin)
            self.lengths.append(length)
            self.linear_segments.append(linear)
        self.folded_length += folded

    def done(self) -> Folded:
        if not self.marks:
            return Folded(self.text, self.text)
        self._copy_to(len(self.text))
        return Folded(
            self.text,
            "".join(self.pieces),
            tuple(self.starts),
            tuple(self.origins),
            tuple(self.lengths),
            tuple(self.linear_segments),
            tuple(self.marks),
            tuple(self.kinds),
        )
