"""A link broken over two lines inside a post: joined when both lines say so, never glued to
the next post, a sentence, a counter, a card line or a hashtag."""

from __future__ import annotations

import pytest

from threadscope.links import extract_links
from threadscope.links.wrapped import WRAP_WIDTHS


def _urls(text: str) -> list[str]:
    return [link.url for link in extract_links(text)]


@pytest.mark.parametrize(("text", "url"), [
    ("Lest https://welt.ltd/politik/artikel-\n2024-ukraine.html heute",
     "https://welt.ltd/politik/artikel-2024-ukraine.html"),
    ("https://welt.ltd/politik/\nukraine-krieg-2024.html", "https://welt.ltd/politik/ukraine-krieg-2024.html"),
    ("https://welt.ltd/a-\r\nb-c.html\r\nDanke", "https://welt.ltd/a-b-c.html"),
    ("https://welt.ltd/suche?id=\n123&x=\n4", "https://welt.ltd/suche?id=123&x=4"),
    ("https://welt.ltd/politik/artikel-\n2024-\nukraine.html", "https://welt.ltd/politik/artikel-2024-ukraine.html"),
])
def test_a_wrapped_link_is_joined(text: str, url: str) -> None:
    assert _urls(text) == [url]


def test_the_joined_link_quotes_the_source_with_its_line_break() -> None:
    text = "Lest https://welt.ltd/politik/artikel-\n2024-ukraine.html heute"
    (link,) = extract_links(text)
    assert link.input == "https://welt.ltd/politik/artikel-\n2024-ukraine.html"
    assert text[link.start : link.end] == link.input and link.host == "welt.ltd"


def test_a_link_cut_mid_token_at_a_wrap_width_is_joined() -> None:
    width = max(WRAP_WIDTHS)
    first = "https://welt.ltd/politik/deutschland/article2024/" + "a" * width
    first = first[:width]
    text = f"{first}\nrtikel-ukraine.html\nund so weiter"
    assert _urls(text) == [first + "rtikel-ukraine.html"]
    # one character shorter: a line of no wrap width is a link that ends there
    assert _urls(f"{first[:-1]}\nrtikel-ukraine.html") == [first[:-1]]


@pytest.mark.parametrize("text", [
    "Lies https://welt.ltd/politik/artikel\n2/22",  # the thread's counter
    "Lies https://welt.ltd/politik/artikel-\n2/22",
    "Lies https://welt.ltd/politik/artikel-\n(3/5) weiter",
    "https://t.co/AbCdEfGhIj\nShow more",  # X's furniture
    "https://welt.ltd/politik/artikel-\nShow more",
    "https://welt.ltd/politik/\nDas ist schlimm",  # the next sentence
    "https://welt.ltd/politik/\nUkraine-Krieg: was nun",
    "https://welt.ltd/politik/artikel-2024\nukraine-krieg.html",  # a complete link, no break sign
    "https://welt.ltd/politik/artikel-\n#Ukraine",  # a hashtag
    "https://welt.ltd/politik/artikel-\n@CarloMasala1 ja",  # the next reply's mention
    "https://welt.ltd/politik/artikel-\n https://x.example/b",  # a space: a new line of text
    "https://welt.ltd/politik/artikel-\nhttps://x.example/b",  # a new link
    "https://welt.ltd/politik/artikel.\nDas",  # a full stop ends the sentence
])
def test_the_next_line_is_not_glued_on(text: str) -> None:
    first = extract_links(text)[0]
    assert "\n" not in first.input


def test_a_card_line_or_a_domain_on_the_next_line_stays_apart() -> None:
    assert _urls("https://welt.ltd/politik/artikel-\nwelt.de") == [
        "https://welt.ltd/politik/artikel-", "https://welt.de/"]
    assert _urls("https://welt.ltd/a/\nbild.de/politik") == [
        "https://welt.ltd/a/", "https://bild.de/politik"]


def test_a_bare_name_at_a_line_end_is_not_joined() -> None:
    assert _urls("welt.ltd/politik/artikel-\n2024-ukraine.html") == [
        "https://welt.ltd/politik/artikel-"]


def test_a_counter_before_a_glued_card_is_left_alone() -> None:
    """A real thread dump's shape: a counter, a t.co link with its card glued on, the next
    reply's mention on the next line."""
    text = ("Schaut bitte immer auf die URL\n2/14 https://t.co/cykVk0lJUJWelt.de\n"
            "@CarloMasala1 Der Text")
    (link,) = extract_links(text)
    assert link.url == "https://t.co/cykVk0lJUJ" and link.card_domain == "welt.de"
