"""One-letter typos, named the way a reader would describe them.

Typosquatting studies (Agten et al., "Seven Months' Worth of Mistakes", NDSS 2015; dnstwist's
fuzzers) use the same families: a letter added, dropped, repeated, swapped with its neighbour,
or replaced, most often by a neighbouring key. We name the family so that the reason reads as a
sentence a journalist can cite.
"""

from __future__ import annotations

import enum
import functools


class Typo(enum.Enum):
    REPETITION = "repeats a letter of"
    INSERTION = "adds a letter to"
    OMISSION = "drops a letter from"
    TRANSPOSITION = "swaps two letters of"
    KEYBOARD = "replaces a letter with its neighbour on the keyboard in"
    REPLACEMENT = "replaces one letter of"

    def phrase(self, letters: str) -> str:
        """The family as the reason reads it: ``adds a digit to`` when the character added,
        dropped or repeated is a digit, ``drops a hyphen from`` for a hyphen, since calling
        ``9`` or ``-`` a letter misleads the reader checking the name."""
        text: str = self.value
        if self not in (Typo.INSERTION, Typo.OMISSION, Typo.REPETITION) or len(letters) != 1:
            return text
        if letters.isdigit():
            return text.replace("a letter", "a digit")
        if letters == "-":
            return text.replace("a letter", "a hyphen")
        return text


# QWERTY rows, plus the QWERTZ swap of y and z used across Central Europe.
_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


@functools.cache
def _neighbours() -> dict[str, frozenset[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, char in enumerate(row):
            found = near.setdefault(char, set())
            for other_row in (r - 1, r, r + 1):
                if not 0 <= other_row < len(_ROWS):
                    continue
                line = _ROWS[other_row]
                for j in (i - 1, i, i + 1):
                    if 0 <= j < len(line) and line[j] != char:
                        found.add(line[j])
    near["y"].add("z")
    near["z"].add("y")
    return {char: frozenset(chars) for char, chars in near.items()}


def keyboard_neighbours(a: str, b: str) -> bool:
    return b in neighbours_of(a)


def neighbours_of(char: str) -> frozenset[str]:
    """The keys around ``char`` on QWERTY/QWERTZ (none for characters off the keyboard)."""
    return _neighbours().get(char, frozenset())


def classify(name: str, key: str) -> tuple[Typo, str] | None:
    """The typo family turning ``key`` into ``name`` and the letters involved, or None when the
    two are not exactly one edit apart."""
    if len(name) == len(key) + 1:
        return _added(name, key)
    if len(name) + 1 == len(key):
        found = _added(key, name)
        return None if found is None else (Typo.OMISSION, found[1])
    if len(name) != len(key):
        return None
    diffs = [i for i, (x, y) in enumerate(zip(name, key, strict=True)) if x != y]
    if len(diffs) == 1:
        i = diffs[0]
        family = Typo.KEYBOARD if keyboard_neighbours(key[i], name[i]) else Typo.REPLACEMENT
        return family, f"{name[i]} for {key[i]}"
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        i, j = diffs
        if name[i] == key[j] and name[j] == key[i]:
            return Typo.TRANSPOSITION, f"{key[i]}{key[j]} → {name[i]}{name[j]}"
    return None


def _added(longer: str, shorter: str) -> tuple[Typo, str] | None:
    """``longer`` is ``shorter`` with one character added: which, and was it a repeat?"""
    i = first_difference(longer, shorter)
    if longer[i + 1 :] != shorter[i:]:
        return None
    char = longer[i]
    repeated = (i > 0 and longer[i - 1] == char) or (i + 1 < len(longer) and longer[i + 1] == char)
    return (Typo.REPETITION if repeated else Typo.INSERTION), char


def first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))
