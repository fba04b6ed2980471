from __future__ import annotations

from tests.bots.conftest import reply
from threadscope.assessment import default_registry
from threadscope.bots.cluster import UnionFind, group, text_sets
from threadscope.bots.links import assess_links


def test_union_find_joins_transitively() -> None:
    found = UnionFind(5)
    found.union(0, 1)
    found.join([1, 3])
    assert found.find(0) == found.find(3)
    assert found.find(2) != found.find(0)


def test_many_people_saying_thanks_never_make_a_text_group() -> None:
    replies = [reply(i, f"person{i}", text) for i, text in
               enumerate(["Danke!", "Danke!", "Great thread", "Great thread", "👏👏", "👏👏"] * 5)]
    texts = text_sets(replies)
    assert not any(texts.informative)
    assert len({texts.found.find(i) for i in range(len(replies))}) == len(replies)


def test_official_news_links_do_not_join_people() -> None:
    url = "https://www.tagesschau.de/inland/glasfaser-100.html"
    replies = [reply(i, f"person{i}", f"Gerade gelesen {url}", urls=(url,)) for i in range(4)]
    grouping = group(replies, assess_links(replies, default_registry()), text_sets(replies))
    assert grouping.groups == ()


def test_lookalike_domain_joins_different_texts() -> None:
    replies = [
        reply(0, "a", "Unbedingt lesen! https://welt.ltd/politik/1"),
        reply(1, "b", "Das sollte jeder lesen: https://welt.ltd/news/2"),
        reply(2, "c", "Danke!"),
    ]
    grouping = group(replies, assess_links(replies, default_registry()), text_sets(replies))
    assert grouping.groups == ((0, 1),)


def test_one_account_alone_is_no_group() -> None:
    text = "Endlich zeigt ein Bericht, was die Regierung verschweigt. Lesen Sie selbst"
    replies = [reply(i, "same_person", text) for i in range(3)]
    grouping = group(replies, assess_links(replies, default_registry()), text_sets(replies))
    assert grouping.groups == ()


def test_a_retweet_has_no_text_of_its_own() -> None:
    text = "RT @tagesschau: Die Inflation ist im März auf 2,2 Prozent gesunken, meldet das Amt"
    posts = [reply(i, f"person{i}", text, repost_of="17") for i in range(4)]
    texts = text_sets(posts)
    assert not any(texts.informative)
    assert group(posts, assess_links(posts, default_registry()), texts).groups == ()
