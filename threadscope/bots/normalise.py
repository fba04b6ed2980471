"""Reply text → the words that carry its meaning, for comparing replies across accounts.

Bots vary the surface of a template: case, punctuation, emojis, the link (each bot its own
short link), the handle they answer, a number. All of that is folded away. What remains must be
*informative* before it may join a text cluster: at least ``MIN_WORDS`` words and
``MIN_DISTINCT`` distinct ones of ``MIN_WORD_LENGTH``+ letters, so that the short generic replies
many real people write ("Danke!", "Great thread", "👏👏", "So true", "Genau so ist es!") never
cluster on their text alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from threadscope.assessment.confusables import confusables, script_of, scripts

MIN_WORDS = 6
"""Fewer words than this is a generic reply: it never clusters on text."""
MIN_DISTINCT = 5
"""Distinct content words (``MIN_WORD_LENGTH``+ letters) a text needs to be informative."""
MIN_WORD_LENGTH = 3

# Bounded repetitions: an unbounded ``(label.)+`` backtracks quadratically on "a.a.a.a…".
_URL = re.compile(
    r"(?:https?://|hxxps?://|www\.)\S+|\b[\w-]{1,63}(?:\[?\.\]?[\w-]{1,63}){1,8}/\S*", re.I
)
_HANDLE = re.compile(r"@\w+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ASCII_WORD = re.compile(r"[a-z]+")
"""``_WORD`` on case-folded ASCII, where a letter is a-z: a plain class is matched faster."""


def normalise(text: str) -> str:
    """Lower-case words only: links, handles, numbers, punctuation and emojis removed.

    Numbers go because ``_WORD`` takes letters only; each pattern runs only when the text
    holds what it needs (ASCII is its own NFKC form): a third of ``bots`` was spent here.
    Text that is not ASCII is also stripped of invisible characters and read through its
    look-alike letters (``unmasked``): copy-pasta is made to differ so.
    """
    text = unmasked(unicodedata.normalize("NFKC", text).casefold()) if not text.isascii() \
        else text.casefold()
    if "/" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    return " ".join((_ASCII_WORD if text.isascii() else _WORD).findall(text))


_INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
                        r"\ufeff\uffa0]")
"""Characters that show as nothing (zero-width spaces and joiners, the soft hyphen, word
joiners, direction marks, variation selectors, Hangul fillers): inside a word they split it
for a tokeniser while a reader sees one word. Bots insert them so that each copy of a text
differs from the next; no one writes them by hand."""
_MIXED_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def unmasked(text: str) -> str:
    """``text`` without invisible characters, and each word that mixes Latin letters with
    letters of another script read through the look-alike table (``Wаhrheit`` with a Cyrillic
    ``а`` is ``Wahrheit``): one disguised copy of a text compares as the text it copies. A word
    wholly in one script (Russian, Greek) is left as it is: only a mix is a disguise."""
    text = _INVISIBLE.sub("", text)
    if text.isascii() or not _foreign_look_alikes().search(text):
        return text  # no letter of another script that passes for a Latin one: most text
    return _MIXED_WORD.sub(_latin_if_mixed, text)


@functools.cache
def _foreign_look_alikes() -> re.Pattern[str]:
    """Any letter of a script other than Latin that the look-alike table reads as Latin
    (Cyrillic ``а``, Greek ``ο``, …): only a text holding one can hide a disguised word."""
    foreign = sorted(chr(c) for c in confusables().table
                     if script_of(chr(c)) not in (None, "LATIN"))
    return re.compile("[" + re.escape("".join(foreign)) + "]")


def disguised(text: str) -> bool:
    """``text`` holds invisible characters or words of mixed-script look-alike letters: what
    ``unmasked`` reads through, and a reader of the post does not see."""
    if text.isascii():
        return False
    if not _INVISIBLE.search(text) and not _foreign_look_alikes().search(text):
        return False  # the common case, decided without normalising
    text = unicodedata.normalize("NFKC", text).casefold()
    return unmasked(text) != text


def _latin_if_mixed(match: re.Match[str]) -> str:
    word = match.group()
    if word.isascii():
        return word
    found = scripts(word)
    if "LATIN" not in found or len(found) < 2:
        return word
    return word.translate(confusables().table)


MAX_WORDS = 1000
"""Words compared per reply: a reply is a few sentences; a pasted novel is cut, not hashed."""


def words(normalised: str) -> tuple[str, ...]:
    return tuple(normalised.split()[:MAX_WORDS])


def informative(tokens: tuple[str, ...]) -> bool:
    """Long and varied enough that two accounts writing it alike is not chance."""
    if len(tokens) < MIN_WORDS:
        return False
    return len({t for t in tokens if len(t) >= MIN_WORD_LENGTH}) >= MIN_DISTINCT


def shingles(tokens: tuple[str, ...]) -> frozenset[str]:
    """Words and word pairs: pairs keep order, single words survive a synonym swap."""
    pairs = map(" ".join, zip(tokens, tokens[1:], strict=False))  # no bytecode per pair
    return frozenset((*tokens, *pairs))


def stripped_length(text: str) -> int:
    """Characters left once links and handles are removed (for 'a sentence plus a link')."""
    return len(_HANDLE.sub("", _URL.sub("", text)).strip())
