"""Link cards that a copy cut from their links, read across the posts of a pasted thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadscope.links.cards import CardsRead, read_cards, unlinked_in
from threadscope.links.posts import Target
from threadscope.models import Link
from threadscope.threads import reassemble

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "links"


def read(text: str, *, lines: bool = True) -> CardsRead:
    return read_cards(reassemble(text).threads, text.splitlines() if lines else None)


def shown(targets: tuple[Target, ...]) -> list[tuple[str, str | None]]:
    """(url, card_domain) of each target."""
    return [(t.url, t.card_domain) if isinstance(t, Link) else (t, None) for t in targets]


def test_a_card_at_the_top_of_the_next_post_is_the_card_of_the_link_above() -> None:
    read_ = read((FIXTURES / "cards_cut_from_links.txt").read_text(encoding="utf-8"))
    assert shown(read_.posts[(1, 1)]) == [
        ("https://welt.ltd/politik/kanzler-ruecktritt-8812", "welt.de")]
    assert read_.posts[(1, 2)] == ()  # the card's domain is no link of post 3


def test_the_counter_alone_between_link_and_card_does_not_part_them() -> None:
    read_ = read((FIXTURES / "cards_cut_from_links.txt").read_text(encoding="utf-8"))
    assert shown(read_.posts[(1, 3)]) == [("https://t.co/Zx81QwErTy", "tagesschau.de")]
    assert read_.posts[(1, 4)] == ()


def test_a_card_after_the_next_posts_counter_is_the_card_of_the_link_above() -> None:
    read_ = read((FIXTURES / "cards_after_counters.txt").read_text(encoding="utf-8"))
    assert shown(read_.posts[(1, 1)]) == [("https://t.co/Pq4LmN8vXa", "spiegel.de")]
    assert read_.posts[(1, 2)] == ()


def test_a_counter_read_as_text_before_the_card_does_not_hide_it() -> None:
    text = ("Was ich in den Antworten finde 🧵 1/4\nDie Accounts posten dieselben Texte. 2/4\n"
            "Sie verlinken eine Kopie:\n3/4 https://t.co/Zx81QwErTy\n4/4 From tagesschau.de\n"
            "Die Domain ist drei Tage alt, registriert über einen Reseller. 4/4\n")
    read_ = read(text)
    assert shown(read_.posts[(1, 2)]) == [("https://t.co/Zx81QwErTy", "tagesschau.de")]
    assert read_.posts[(1, 3)] == () and read_.unlinked == ()


def test_a_card_in_the_text_after_the_last_post_is_the_card_of_its_link() -> None:
    read_ = read((FIXTURES / "cards_cut_from_links.txt").read_text(encoding="utf-8"))
    assert shown(read_.posts[(1, 8)]) == [("https://bild.ltd/news/bundeswehr", "bild.de")]
    assert read_.trailing == {1: ()}


def test_a_glued_card_and_its_card_line_in_the_next_post_are_one_card() -> None:
    text = ("Eine Kopie der Welt 🧵\n1/3\nDie Karte sagt Welt:\n2/3 https://t.co/cykVk0lJUJWelt.de\n"
            "Kanzler tritt zurück\nFrom welt.de\nDie Adresse führt woandershin.\n3/3\n")
    read_ = read(text)
    assert shown(read_.posts[(1, 1)]) == [("https://t.co/cykVk0lJUJ", "welt.de")]
    assert read_.posts[(1, 2)] == ()


def test_a_card_of_another_site_than_the_glued_one_stays_where_it_is() -> None:
    text = ("Eine Kopie der Welt 🧵\n1/3\nDie Karte sagt Welt:\n2/3 https://t.co/cykVk0lJUJWelt.de\n"
            "Kanzler tritt zurück\nFrom spiegel.de\nDie Adresse führt woandershin.\n3/3\n")
    read_ = read(text)
    assert shown(read_.posts[(1, 1)]) == [("https://t.co/cykVk0lJUJ", "welt.de")]
    assert [card.domain for card in read_.unlinked] == ["spiegel.de"]


@pytest.mark.parametrize("between", [
    "\n",  # a blank line: the next post is not right under the link
    "Erster Satz.\nZweiter Satz.\nDritter Satz.\nVierter Satz.\n",  # too far down
])
def test_a_card_not_right_under_the_link_is_not_its_card(between: str) -> None:
    text = (f"Eine Kopie 🧵\n1/3\nhttps://welt.ltd/politik/x\n2/3\n{between}"
            "Kanzler tritt zurück\nwelt.de\nDas ist das Original.\n3/3\n")
    read_ = read(text)
    assert all(card is None for _, card in shown(read_.posts[(1, 1)]))


def test_a_domain_right_under_a_link_without_a_title_is_a_link_of_its_own() -> None:
    read_ = read((FIXTURES / "cards_cut_from_links.txt").read_text(encoding="utf-8"))
    assert shown(read_.posts[(1, 5)]) == [("https://www.spiegel.de/politik/", None)]
    assert shown(read_.posts[(1, 6)]) == [("https://bild.de/", None)]


def test_a_card_whose_domain_the_post_also_names_keeps_that_link() -> None:
    text = ("Eine Kopie der Welt 🧵\n1/3\nDie Karte sagt Welt:\n2/3 https://welt.ltd/politik/x\n"
            "Kanzler tritt zurück\nFrom welt.de\nDas Original wäre welt.de, nicht das hier.\n3/3\n")
    read_ = read(text)
    assert shown(read_.posts[(1, 1)]) == [("https://welt.ltd/politik/x", "welt.de")]
    assert shown(read_.posts[(1, 2)]) == [("https://welt.de/", None)]


def test_a_card_line_without_a_link_is_a_card_and_stays_its_posts_link() -> None:
    read_ = read((FIXTURES / "cards_cut_from_links.txt").read_text(encoding="utf-8"))
    assert [target.url for target in read_.posts[(1, 7)]] == ["https://n-tv.de/"]
    (card,) = read_.unlinked
    assert (card.domain, card.text, card.thread, card.post, card.line) == (
        "n-tv.de", "From n-tv.de", 1, 8, 23)


def test_without_the_pasted_lines_no_card_is_read_across_posts() -> None:
    read_ = read((FIXTURES / "cards_after_counters.txt").read_text(encoding="utf-8"), lines=False)
    assert shown(read_.posts[(1, 1)]) == [("https://t.co/Pq4LmN8vXa", None)]
    assert [card.domain for card in read_.unlinked] == ["spiegel.de"]


def test_a_loose_texts_card_line_is_a_card_and_its_links_stay() -> None:
    links, cards = unlinked_in("Nachtrag: die Karte ohne Link\nVon welt.de\nund welt.ltd/x")
    assert [link.url for link in links] == ["https://welt.de/", "https://welt.ltd/x"]
    assert [(card.domain, card.thread, card.line) for card in cards] == [("welt.de", None, None)]


@pytest.mark.parametrize("text", [
    "1/2 https://t.co/AbCdEfGhIj\n2/2 From " + "a" * 1_000_000 + ".de\n",
    "1/2 x\n2/2 " + "From welt.de " * 50_000,
    "1/2 https://welt.ltd/x\n" + "From welt.de\n" * 30_000 + "2/2\n",
    "1/2 https://welt.ltd/x\x00\x1b[31m\n2/2 From\x07 welt.de\u202e\nFrom \x00welt.de\n",
    "From welt.de\n" * 50_000,
])
def test_hostile_text_never_raises(text: str) -> None:
    read_ = read(text)
    assert isinstance(read_.unlinked, tuple)
