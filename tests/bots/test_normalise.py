from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from threadscope.bots import normalise as module
from threadscope.bots.normalise import informative, normalise, shingles, stripped_length, words


def test_normalise_folds_case_links_handles_numbers_and_emojis() -> None:
    a = normalise("@BMin Endlich zeigt ein BERICHT, was 2024 verschwiegen wird!! 👏 https://welt.ltd/a")
    b = normalise("Endlich zeigt ein Bericht was verschwiegen wird https://bit.ly/xyz @other 17")
    assert a == b == "endlich zeigt ein bericht was verschwiegen wird"


def test_defanged_and_bare_links_are_removed() -> None:
    assert normalise("Lies hxxps://welt[.]ltd/x und welt.ltd/politik/1 heute") == "lies und heute"


def test_generic_replies_are_not_informative() -> None:
    for text in ("Danke!", "Great thread", "👏👏", "So true", "Genau so ist es!",
                 "Vielen Dank!!! 🙏🙏", "Thank you so much"):
        assert not informative(words(normalise(text))), text


def test_a_template_sentence_is_informative() -> None:
    text = "Endlich zeigt ein Bericht, was die Regierung verschweigt. Lesen Sie selbst"
    assert informative(words(normalise(text)))


def test_repetition_is_not_information() -> None:
    assert not informative(words(normalise("ja ja ja ja ja ja ja ja nein nein")))


def test_shingles_hold_words_and_pairs() -> None:
    assert shingles(("a", "b", "c")) == frozenset({"a", "b", "c", "a b", "b c"})


def test_stripped_length_ignores_links_and_handles() -> None:
    assert stripped_length("@x Must read: https://welt.ltd/a") == len("Must read:")


def test_dotted_junk_does_not_backtrack() -> None:
    # "a.a.a.…" once took minutes (quadratic backtracking); now it is read in one pass.
    assert normalise("a." * 100_000) == " ".join(["a"] * 100_000)
    assert normalise("x" * 100 + "/" + "a." * 50_000).startswith("x")


def _every_step(text: str) -> str:
    """``normalise`` without its shortcuts: every pattern on every text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = module._URL.sub(" ", text)
    text = module._HANDLE.sub(" ", text)
    text = re.sub(r"\d+(?:[.,:]\d+)*", " ", text)
    return " ".join(module._WORD.findall(text))


PIECES = st.sampled_from(
    ["welt.de/a", "www.x.de", "hxxps://a.b", "@bot_1", "3,5", "１２ab", "ＷＷＷ．x．de／p", "＠x",
     "ﬁnanz", "Ⅻ", " ", "/", ".", "ß", "İ", "wort", "ab12cd", "https://t.co/x…"]
)


@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join))
def test_the_shortcuts_change_nothing(text: str) -> None:
    assert normalise(text) == _every_step(text)
