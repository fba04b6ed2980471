"""The enricher sets a label shown over a shortener's link beside where the link lands,
followed through the loopback web (``tests.support.web``: ``http://t.co/x`` → ``bit.ly/y`` →
a WELT clone on welt.ltd)."""

from __future__ import annotations

import json

import pytest

from tests.enrich.test_stream import SETTINGS
from tests.support.server import LoopbackServer
from threadscope.assessment.core import assess
from threadscope.assessment.registry import load_registry
from threadscope.enrich import enrich_stream
from threadscope.ingest import parse_dump
from threadscope.links import extract_links, post_links
from threadscope.models import Assessment, Link, NetworkOptions


def _assessed(text: str) -> Assessment:
    """The one link ``text`` holds (Markdown, or a Mastodon status as JSON), assessed by
    name, as ``audit`` does before it follows anything."""
    if text.startswith("["):
        (post,) = parse_dump(text).posts
        (link,) = post_links(post)
    else:
        (link,) = extract_links(text)
    assert isinstance(link, Link)
    return assess(link)


def _followed(assessment: Assessment, fake_web: LoopbackServer) -> Assessment:
    options = NetworkOptions(proxy=fake_web.url, timeout=3, use_cache=False)
    (result,) = enrich_stream([assessment], options, load_registry(), None, SETTINGS)
    return result


def _shown_elsewhere(assessment: Assessment) -> list[str]:
    return [r.detail for r in assessment.reasons if r.code == "shown-elsewhere"]


def _mastodon(label: str, href: str) -> str:
    content = f'<p>Lies <a href="{href}">{label}</a></p>'
    return json.dumps([{"id": "1", "content": content, "account": {"id": "2", "acct": "olaf"}}])


@pytest.mark.parametrize(("text", "shown", "shortener"), [
    ("Lies [welt.de/politik/x](http://bit.ly/y) jetzt", "welt.de/politik/x", "bit.ly"),
    ("Lies [Quelle: www.welt.de](http://t.co/x)", "www.welt.de", "t.co"),
    (_mastodon("Quelle: welt.de", "http://bit.ly/y"), "welt.de", "bit.ly"),
])
def test_a_label_over_a_shortener_is_set_beside_where_the_link_lands(
        fake_web: LoopbackServer, text: str, shown: str, shortener: str) -> None:
    offline = _assessed(text)
    assert offline.shown == shown and _shown_elsewhere(offline) == []  # unknown offline
    result = _followed(offline, fake_web)
    assert result.final_url is not None and "welt.ltd" in result.final_url
    assert _shown_elsewhere(result) == [
        f"the link shows {shown} but goes through the shortener {shortener} to welt.ltd"]
    assert result.shown == shown and result.score > offline.score


@pytest.mark.parametrize("text", [
    "Lies [welt.ltd/politik](http://bit.ly/y) jetzt",
    "Lies [hier](http://t.co/x)",
    _mastodon("www.welt.ltd", "http://t.co/x"),
])
def test_a_label_that_names_the_landing_or_no_site_gives_nothing(
        fake_web: LoopbackServer, text: str) -> None:
    result = _followed(_assessed(text), fake_web)
    assert result.final_url is not None and "welt.ltd" in result.final_url
    assert _shown_elsewhere(result) == []


def test_a_label_over_a_link_that_is_no_shortener_is_judged_once(
        fake_web: LoopbackServer) -> None:
    """A label over welt.ltd itself was judged by name (``assessment``): following the link
    adds no second reason for it."""
    offline = _assessed(f"Lies [welt.de]({'http://welt.ltd/politik/a'})")
    assert _shown_elsewhere(offline) == ["the link shows welt.de but goes to welt.ltd"]
    assert _shown_elsewhere(_followed(offline, fake_web)) == _shown_elsewhere(offline)


def test_a_link_no_browser_opens_is_not_requested_online(fake_web: LoopbackServer) -> None:
    """``http://welt.ltd:99999/x`` is judged by its name and never requested, though the same
    link on its port reaches the clone through the same proxy."""
    (link,) = extract_links("Lies http://welt.ltd:99999/x")
    unopenable = _followed(assess(link), fake_web)
    assert (unopenable.chain, unopenable.error, unopenable.unresolved) == ((), "invalid port",
                                                                           False)
    assert (unopenable.verdict.value, unopenable.not_followed) == ("lookalike", "invalid")
    opened = _followed(_assessed("Lies http://welt.ltd/x"), fake_web)
    assert opened.chain and opened.not_followed is None


def test_a_label_over_a_redirect_wrapper_is_judged_once_against_its_destination(
        fake_web: LoopbackServer) -> None:
    """Facebook's wrapper (on l.facebook.com, a host on the shortener list) names where it
    sends the reader: the label is held against that offline, and following the wrapper to
    the clone adds nothing, least of all a reason calling facebook.com a shortener (it did)."""
    wrapper = "http://l.facebook.com/l.php?u=http%3A%2F%2Fwelt.ltd%2Fpolitik%2Fa&h=AT0xYz"
    offline = _assessed(f"Lies [welt.de]({wrapper})")
    said = ["the link shows welt.de but goes through facebook.com's redirect to welt.ltd"]
    assert _shown_elsewhere(offline) == said
    followed = _followed(offline, fake_web)
    assert followed.final_url == "http://welt.ltd/politik/a"
    assert _shown_elsewhere(followed) == said
    honest = _followed(_assessed(f"Lies [welt.ltd/politik/a]({wrapper})"), fake_web)
    assert honest.final_url == "http://welt.ltd/politik/a" and _shown_elsewhere(honest) == []
