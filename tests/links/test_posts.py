"""``post_links``: the links a post holds, one set of rules for audit and bots."""

from __future__ import annotations

from threadscope.links import post_links
from threadscope.models import Link, Post


def _urls(post: Post) -> list[str]:
    return [t.url if isinstance(t, Link) else f"raw:{t}" for t in post_links(post)]


def test_text_links_then_expanded_urls_each_once() -> None:
    post = Post("Lest 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/a und https://t.co/Ab12Cd34Ef", 1,
                urls=("https://welt.ltd/a", "https://spiegel.ltd/b"))
    assert _urls(post) == ["https://welt.ltd/a", "https://t.co/Ab12Cd34Ef", "https://spiegel.ltd/b"]
    first = post_links(post)[0]
    assert isinstance(first, Link) and "unicode-compat" in first.evasions  # the text's form kept


def test_a_link_cut_short_by_the_platform_is_no_link() -> None:
    assert _urls(Post("RT @a: Mehr dazu https://t.co/b8kO…", 1)) == []
    assert _urls(Post("Mehr dazu https://t.co/b8kOabc123 hier", 1)) == ["https://t.co/b8kOabc123"]


def test_an_expanded_url_no_parser_reads_is_kept_as_given() -> None:
    assert _urls(Post("", 1, urls=("not a url at all",))) == ["raw:not a url at all"]


def test_bots_spread_what_audit_finds_less_stand_ins_and_reposts() -> None:
    from threadscope.bots.links import reply_links

    post = Post("Lies welt.ltd/a https://t.co/Ab12Cd34Ef", 1, urls=("https://spiegel.ltd/b",))
    audit_urls = _urls(post)
    assert audit_urls == ["https://welt.ltd/a", "https://t.co/Ab12Cd34Ef", "https://spiegel.ltd/b"]
    assert [link.url for link in reply_links(post)] == ["https://welt.ltd/a", "https://spiegel.ltd/b"]
    repost = Post(post.text, 2, urls=post.urls, repost_of="123")
    assert reply_links(repost) == () and _urls(repost) == audit_urls


def test_an_anchor_shown_as_another_site_is_its_href_shown_so() -> None:
    post = Post("Lies welt.de/politik/x heute", 1, urls=("https://welt.ltd/politik/x",),
                link_texts=(("https://welt.ltd/politik/x", "welt.de/politik/x"),))
    (link,) = post_links(post)
    assert isinstance(link, Link) and link.url == "https://welt.ltd/politik/x"
    assert link.shown == "welt.de/politik/x"


def test_an_anchor_shown_as_its_own_site_or_in_words_changes_nothing() -> None:
    own = Post("Lies welt.de/politik/x heute", 1, urls=("https://welt.de/politik/x?ref=1",),
               link_texts=(("https://welt.de/politik/x?ref=1", "welt.de/politik/x"),))
    assert _urls(own) == ["https://welt.de/politik/x", "https://welt.de/politik/x?ref=1"]
    words = Post("Lies hier heute", 1, urls=("https://welt.ltd/x",),
                 link_texts=(("https://welt.ltd/x", "hier"),))
    (link,) = post_links(words)
    assert isinstance(link, Link) and link.shown is None


def test_the_link_that_says_what_it_was_shown_as_is_kept() -> None:
    post = Post("https://welt.ltd/politik/x und [welt.de](https://welt.ltd/politik/x)", 1)
    (link,) = post_links(post)
    assert isinstance(link, Link) and link.shown == "welt.de"


def test_a_label_a_client_cut_short_still_shows_its_site() -> None:
    """Bluesky's app writes a long link's facet text cut: ``welt.de/politik/artikel-20...``."""
    for cut in ("welt.de/politik/artikel-20...", "welt.de/politik/artikel-20…"):
        post = Post(f"Lies {cut}", 1, urls=("https://welt.ltd/politik/x",),
                    link_texts=(("https://welt.ltd/politik/x", cut),))
        (link,) = post_links(post)
        assert isinstance(link, Link) and link.shown == cut
