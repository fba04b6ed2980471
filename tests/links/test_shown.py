"""``shown_site``: the one rule for what a link is shown as, for every source that puts text
in a link's place (Markdown labels, Mastodon and HTML anchors, Bluesky facets, X link cards)."""

from __future__ import annotations

import json

import pytest

from threadscope.links import extract_links, post_links
from threadscope.links.shown import MAX_READ, shown_site
from threadscope.models import Link, Post
from threadscope.pipeline import audit


@pytest.mark.parametrize(("text", "site"), [
    ("welt.de", "welt.de"),
    ("https://welt.de/politik/x", "https://welt.de/politik/x"),
    ("Quelle: welt.de", "welt.de"),
    ("Quelle:welt.de.", "welt.de"),
    ('welt.de/politik/x"', "welt.de/politik/x"),
    ("(welt.de)", "welt.de"),
    ("  Lies welt.de/politik/x heute  ", "welt.de/politik/x"),
    ("welt.de/politik/artikel-20...", "welt.de/politik/artikel-20..."),  # a client's cut
    ("welt.de/politik/x…", "welt.de/politik/x…"),
    ("Quelle: 𝐰𝐞𝐥𝐭.𝐝𝐞", "𝐰𝐞𝐥𝐭.𝐝𝐞"),  # as the reader sees it
    ("xn--wlt-rdd.de", "xn--wlt-rdd.de"),  # punycode that decodes: wеlt.de, another site
    ("welt.ltd und welt.de", "welt.de"),  # the link's own site is passed over, not the rest
])
def test_text_naming_another_site_shows_it(text: str, site: str) -> None:
    found = shown_site(text, "welt.ltd")
    assert found is not None and found.text == site


@pytest.mark.parametrize("text", [
    "", "hier lesen", "Mehr dazu", "#welt", "#welt.de", "@olaf@welt.social", "README.md",
    "sagte.er", "welt.ltd", "www.welt.ltd/politik/x", "https://m.welt.ltd/x", "WELT.LTD",
])
def test_words_hashtags_and_the_links_own_site_show_none(text: str) -> None:
    assert shown_site(text, "welt.ltd") is None


def test_the_own_site_is_told_by_registrable_domain_in_either_form() -> None:
    assert shown_site("wеlt.de/x", "xn--wlt-rdd.de") is None  # the same Cyrillic name
    assert shown_site("xn--wlt-rdd.de/x", "www.wеlt.de") is None
    assert shown_site("news.bbc.co.uk", "bbc.co.uk") is None
    assert shown_site("bbc.co.uk", "evil.co.uk") is not None


@pytest.mark.parametrize("text", [
    "x" * 1_000_000 + " welt.de",  # past what a reader is shown of a label: not read
    "xn--zz.de",  # broken punycode: no name a site can have
    "Quelle: xn--a.de",
    "\x00\x01\x1b[31m\x7f",
    "\ud800\udfff",  # lone surrogates (a "\ud800" escape in hostile JSON)
    "a" * 70 + ".de",  # an over-long label
    "[" * 5000 + "](" * 5000,
])
def test_hostile_text_shows_nothing_and_never_raises(text: str) -> None:
    assert shown_site(text, "welt.ltd") is None


def test_hostile_text_around_a_site_still_shows_it() -> None:
    huge = shown_site("welt.de " + "x" * 1_000_000, "welt.ltd")
    assert huge is not None and huge.text == "welt.de"
    assert shown_site(" " * (MAX_READ - 8) + "welt.de", "welt.ltd") is not None
    # control characters show as nothing: the reader sees welt.de, and so is it read
    for text in ("w\x07elt.de", "\x00welt.de\x1b", "welt.de\n/politik", "\u200bwelt.de"):
        found = shown_site(text, "welt.ltd")
        assert found is not None and found.text.startswith("welt.de"), text
    broken_then_real = shown_site("xn--zz.de oder welt.de", "welt.ltd")
    assert broken_then_real is not None and broken_then_real.text == "welt.de"


# --------------------------------------------------------------------------- each source


LABELS = ["Quelle: welt.de", "welt.de/politik/x", 'welt.de/politik/x"', "https://welt.de/x"]
"""Labels that show welt.de, over a link to welt.ltd, in every source."""


def _markdown(label: str, href: str) -> str:
    return f"Lies [{label}]({href}) jetzt\n"


def _mastodon(label: str, href: str) -> str:
    content = f'<p>Lies <a href="{href}" rel="nofollow">{label.replace(chr(34), "&quot;")}</a></p>'
    return json.dumps([{"id": "1", "content": content, "account": {"id": "2", "acct": "olaf"}}])


def _bluesky(label: str, href: str) -> str:
    body = f"Lies {label} jetzt"
    start = len(b"Lies ")
    end = start + len(label.encode("utf-8", errors="surrogatepass"))
    return json.dumps({"feed": [{"post": {
        "uri": "at://did:plc:a/app.bsky.feed.post/1", "author": {"handle": "a.bsky.social"},
        "record": {"text": body, "facets": [{
            "index": {"byteStart": start, "byteEnd": end},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": href}]}]},
    }}]})


SOURCES = {"markdown": _markdown, "mastodon": _mastodon, "bluesky": _bluesky}


def _shown(dump: str) -> list[tuple[str, str | None, list[str]]]:
    """(url, shown, shown-elsewhere details) of each link the offline audit lists."""
    return [(link.url or link.input, link.shown,
             [r.detail for r in link.reasons if r.code == "shown-elsewhere"])
            for link in audit(dump, source="dump").links]


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("label", LABELS)
def test_every_source_reads_a_label_by_the_same_rule(source: str, label: str) -> None:
    links = _shown(SOURCES[source](label, "https://welt.ltd/politik/x"))
    site = shown_site(label, "welt.ltd")
    assert site is not None
    assert links == [("https://welt.ltd/politik/x", site.text,
                      [f"the link shows {site.text} but goes to welt.ltd"])]


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("label", ["hier lesen", "#welt", "welt.ltd/politik/x", "WELT"])
def test_no_source_reads_words_a_hashtag_or_the_own_site_as_another(source: str,
                                                                    label: str) -> None:
    links = _shown(SOURCES[source](label, "https://welt.ltd/politik/x"))
    assert ("https://welt.ltd/politik/x", None, []) in links
    assert all(shown is None and not details for _, shown, details in links)


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("label", [
    "x" * 100_000, "w\x07elt.de", "Quelle: xn--zz.de", "\x00\x1b\x7f", "welt.de" * 2000,
])
def test_every_source_takes_a_hostile_label_without_a_traceback(source: str,
                                                                label: str) -> None:
    links = _shown(SOURCES[source](label, "https://welt.ltd/politik/x"))
    (clone,) = [link for link in links if link[0] == "https://welt.ltd/politik/x"]
    assert clone[1] is None or clone[1].startswith("welt.de")


def test_an_x_link_card_is_read_by_the_same_rule() -> None:
    from threadscope.assessment.core import assess

    under = extract_links("Lest https://tulpenweg.net/a\nKanzler tritt zurück\nFrom welt.de")
    glued = extract_links("Lest https://t.co/abcdefghijWelt.de")
    assert [link.card_domain for link in under] == ["welt.de"]
    assert [link.card_domain for link in glued] == ["welt.de"]
    (card,) = [r.detail for r in assess(under[0]).reasons if r.code == "shown-elsewhere"]
    assert card == "the link card shows welt.de but the link goes to tulpenweg.net"
    own = Link("https://www.tulpenweg.net/a", "https://www.tulpenweg.net/a",
               "www.tulpenweg.net", card_domain="tulpenweg.net")
    assert "shown-elsewhere" not in [r.code for r in assess(own).reasons]
    assert shown_site("welt.de", "tulpenweg.net") is not None
    assert shown_site("tulpenweg.net", "www.tulpenweg.net") is None


def test_a_markdown_label_naming_its_own_site_first_still_shows_the_other() -> None:
    """The label's own-site link no longer hides another site named before it."""
    (link,) = [found for found in extract_links("[welt.de oder welt.ltd](https://welt.ltd/x)")
               if found.url == "https://welt.ltd/x"]
    assert link.shown == "welt.de"


def test_a_platform_label_with_words_around_the_site_shows_it() -> None:
    """An anchor or facet ``Quelle: welt.de`` was read as words; it shows welt.de, and
    the text's welt.de is the label, no link of its own."""
    post = Post("Lies Quelle: welt.de jetzt", 1, urls=("https://welt.ltd/x",),
                link_texts=(("https://welt.ltd/x", "Quelle: welt.de"),))
    (link,) = post_links(post)
    assert isinstance(link, Link) and link.shown == "welt.de"
