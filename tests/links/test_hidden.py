"""Invisible characters inside a link: the link is found whole and the evasion is said.

An attacker puts a character no font draws inside a look-alike host (``we<U+E0041>lt.ltd``),
so that a filter matching ``welt.ltd`` misses it while a reader sees ``welt.ltd``. Each such
character is removed from the host and recorded as ``zero-width`` (``bidi-control`` for the
bidi controls). Where a browser resolves the host (UTS 46 maps the character to nothing) the
host is the one it visits; where a browser refuses it (tag characters, bidi controls, a joiner
between Latin letters) the host is the one the reader sees, as for bidi controls before.
"""

from __future__ import annotations

import idna
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.links import extract_links, parse_target
from threadscope.links.fold import HIDDEN, fold, hidden_characters, hides, without_hidden

# Every invisible character the task names, one or two of each range.
INVISIBLE = {
    "\u200b": "zero-width",  # zero width space
    "\u200c": "zero-width",  # zero width non-joiner
    "\u200d": "zero-width",  # zero width joiner
    "\u2060": "zero-width",  # word joiner
    "\u00ad": "zero-width",  # soft hyphen
    "\ufeff": "zero-width",  # BOM
    "\ufe00": "zero-width",  # variation selector 1
    "\ufe0f": "zero-width",  # variation selector 16
    "\U000e0100": "zero-width",  # variation selector 17
    "\U000e01ef": "zero-width",  # variation selector 256
    "\U000e0001": "zero-width",  # language tag
    "\U000e0041": "zero-width",  # tag latin capital letter A
    "\U000e007f": "zero-width",  # cancel tag
    "\u180e": "zero-width",  # Mongolian vowel separator
    "\u180b": "zero-width",  # Mongolian free variation selector
    "\u034f": "zero-width",  # combining grapheme joiner
    "\u115f": "zero-width",  # Hangul choseong filler
    "\u1160": "zero-width",  # Hangul jungseong filler
    "\u3164": "zero-width",  # Hangul filler
    "\uffa0": "zero-width",  # halfwidth Hangul filler
    "\u17b4": "zero-width",  # Khmer vowel inherent aq
    "\u206a": "zero-width",  # inhibit symmetric swapping
    # Default-ignorable format controls beyond the BMP: UTS 46 maps them to nothing too, and
    # a link hiding them went unreported (its host was right, its disguise unsaid).
    "\U0001bca0": "zero-width",  # shorthand format letter overlap
    "\U0001bca3": "zero-width",  # shorthand format up step
    "\U0001d173": "zero-width",  # musical symbol begin beam
    "\U0001d17a": "zero-width",  # musical symbol end phrase
    "\u200e": "bidi-control",  # LRM
    "\u200f": "bidi-control",  # RLM
    "\u202a": "bidi-control",  # LRE
    "\u202e": "bidi-control",  # RLO
    "\u2066": "bidi-control",  # LRI
    "\u2069": "bidi-control",  # PDI
}
FORMS = (
    "siehe we{c}lt.ltd heute",
    "siehe welt{c}.ltd heute",
    "siehe welt.{c}ltd heute",
    "siehe welt.lt{c}d heute",
    "https://we{c}lt.ltd/a",
    "https://{c}welt.ltd/a",
    "https://welt.ltd{c}/a",
    "https://welt.ltd{c}:8443/a",
    "www.we{c}lt.ltd/a",
    "hxxps://we{c}lt[.]ltd/a",
)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_inside_a_link_keeps_it_whole(form: str, char: str) -> None:
    text = form.format(c=char)
    [link] = extract_links(text)
    assert link.host in ("welt.ltd", "www.welt.ltd")
    assert char in link.input
    assert INVISIBLE[char] in link.evasions


@pytest.mark.parametrize("char", INVISIBLE)
def test_a_pasted_target_with_an_invisible_character(char: str) -> None:
    link = parse_target(f"we{char}lt.ltd")
    assert link.host == "welt.ltd"
    assert link.evasions == (INVISIBLE[char],)


@pytest.mark.parametrize("char", INVISIBLE)
def test_where_a_browser_resolves_the_host_it_is_the_host_found(char: str) -> None:
    """UTS 46 (the ``idna`` package, non-transitional, as WHATWG URL) maps the soft hyphen,
    zero-width space, word joiner, BOM, variation selectors, fillers and the like to nothing;
    it refuses bidi controls, tag characters and a joiner between Latin letters (CONTEXTJ),
    where the host found is the one a reader sees."""
    written = f"we{char}lt.ltd"
    try:
        visited = idna.decode(idna.encode(written, uts46=True))
    except idna.IDNAError:
        visited = None
    assert parse_target(written).host == (visited or "welt.ltd")


def test_the_known_gap_a_tag_character_no_longer_splits_the_host() -> None:
    [link] = extract_links("Lesen Sie we\U000e0041lt.ltd heute")
    assert link.input == "we\U000e0041lt.ltd"
    assert link.url == "https://welt.ltd/"


def test_many_hidden_characters_of_several_kinds() -> None:
    text = "w\U000e0041\U000e0042e\u3164l\ufe0ft\u202e.ltd"
    [link] = extract_links(text)
    assert link.host == "welt.ltd"
    assert link.evasions == ("zero-width", "bidi-control")


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("\u2764\ufe0f https://welt.de/a", "https://welt.de/a"),
        ("https://x.de/\u2764\ufe0f", "https://x.de/\u2764\ufe0f"),
        ("https://x.de/\U0001f3f3\ufe0f\u200d\U0001f308", "https://x.de/\U0001f3f3\ufe0f\u200d\U0001f308"),
        ("https://x.de/\U0001f468\u200d\U0001f4bb", "https://x.de/\U0001f468\u200d\U0001f4bb"),
    ],
)
def test_a_selector_or_joiner_in_an_emoji_is_no_evasion(text: str, url: str) -> None:
    [link] = extract_links(text)
    assert link.url == url
    assert link.evasions == ()


def test_the_flag_of_scotland_keeps_its_tags() -> None:
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    text = f"{flag} welt.ltd"
    assert fold(text).text == text
    assert hidden_characters(flag) == ""
    [link] = extract_links(f"https://x.de/{flag}")
    assert link.url == f"https://x.de/{flag}"
    assert link.evasions == ()


def test_selectors_after_letters_are_removed_and_after_symbols_kept() -> None:
    folded = fold("a\ufe0fb \u2764\ufe0f c\U000e0041")
    assert folded.text == "ab \u2764\ufe0f c"
    assert hidden_characters("a\ufe0fb \u2764\ufe0f c\U000e0041\ufe0f") == "\ufe0f\U000e0041"


def test_a_million_selectors_fold_in_linear_time() -> None:
    """A selector looks a bounded way back for its emoji: no quadratic walk."""
    text = "\u2764" + "\U000e0041" * 200_000 + " welt.ltd"
    [link] = extract_links(text)
    assert link.host == "welt.ltd"
    assert fold("\u2764" + "\ufe0f" * 70).text == "\u2764" + "\ufe0f" * 64  # none so long


@pytest.mark.parametrize(
    ("written", "evasions"),
    [
        ("https://we%F3%A0%81%81lt.ltd/", ("zero-width", "percent-encoded")),
        ("https://we%E2%80%AElt.ltd/", ("bidi-control", "percent-encoded")),
        ("https://%E2%80%8Bwelt.ltd/", ("zero-width", "percent-encoded")),
    ],
)
def test_percent_encoded_hidden_characters_in_a_host(
    written: str, evasions: tuple[str, ...]
) -> None:
    [link] = extract_links(written)
    assert link.host == "welt.ltd"
    assert link.evasions == evasions


def test_without_hidden() -> None:
    assert without_hidden("welt.ltd") == ("welt.ltd", ())
    assert without_hidden("w\u202ee\U000e0041lt") == ("welt", ("bidi-control", "zero-width"))
    assert without_hidden("\u2764\ufe0f") == ("\u2764\ufe0f", ())


_ALPHABET = ["a", "1", ".", " ", "/", "\u2764", "\U0001f3f4", "\u6771", "\u20e3", "\u0436",
             "\ufe0f", "\U000e0041", "\U000e007f", "\u200d", "\u200b", "\u202e", "\u3164"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
def test_fold_removes_exactly_what_hides_says(text: str) -> None:
    """``fold`` decides run by run whether to look at each character (``_removes_any``);
    the result is the text less each character ``hides`` says is removed."""
    expected = "".join(c for i, c in enumerate(text) if c not in HIDDEN or not hides(text, i))
    assert fold(text).text == expected
    assert without_hidden(text)[0] == expected
