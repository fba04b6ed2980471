"""Redirect wrappers that write their destination into the link (``links.redirects``)."""

from __future__ import annotations

import pytest

from threadscope.links.posts import destination_of, with_destinations
from threadscope.links.redirects import embedded_destination
from threadscope.links.target import parse_target


@pytest.mark.parametrize(
    ("wrapper", "destination"),
    [
        ("https://www.google.com/url?q=https://spiegel.ltd/a&sa=D", "https://spiegel.ltd/a"),
        ("https://www.google.de/url?sa=t&url=https%3A%2F%2Fwelt.ltd%2Fx", "https://welt.ltd/x"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fwelt.ltd%2Fpolitik%2F&h=AT0abc",
         "https://welt.ltd/politik/"),
        ("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwelt.ltd%2Fa%3Fb%3D1"
         "&data=05", "https://welt.ltd/a?b=1"),
        ("https://urldefense.com/v3/__https://welt.ltd/politik__;!!ABC$",
         "https://welt.ltd/politik"),
        ("https://href.li/?https://welt.ltd/", "https://welt.ltd/"),
        ("https://www.youtube.com/redirect?event=video&q=https%3A%2F%2Fbild.today%2F",
         "https://bild.today/"),
        ("https://vk.com/away.php?to=https%3A%2F%2Fwelt.ltd%2F", "https://welt.ltd/"),
        # a wrapper inside a wrapper: the innermost destination
        ("https://www.google.com/url?q=https://l.facebook.com/l.php?u%3Dhttps://welt.ltd/x",
         "https://welt.ltd/x"),
    ],
)
def test_a_wrapper_names_the_destination_it_writes_in_itself(
    wrapper: str, destination: str
) -> None:
    assert embedded_destination(wrapper) == destination


@pytest.mark.parametrize(
    "url",
    [
        "https://www.google.com/search?q=https://welt.ltd/",  # a search, not a redirect
        "https://www.google.com/url?q=javascript:alert(1)",  # no web address
        "https://www.google.com/url?q=welt.ltd",  # no scheme: not what Google writes
        "https://l.facebook.com/other?u=https://welt.ltd/",  # not the redirect's path
        "https://t.co/AbCdEf1234",  # a shortener hides where it leads
        "https://welt.ltd/?url=https://welt.de/",  # any site may take a parameter so named
        "https://google.foo.com/url?q=https://welt.ltd/",  # foo.com's, not Google's
        "https://google.evil/url?q=https://welt.ltd/",  # not a suffix Google is under
        "http://[bad",  # unparsable
    ],
)
def test_other_links_name_no_destination(url: str) -> None:
    assert embedded_destination(url) is None


def test_the_destination_follows_its_wrapper_as_written_there() -> None:
    wrapper = parse_target("hxxps://www.google[.]com/url?q=https://spiegel.ltd/a")
    plain = parse_target("welt.de")
    found = with_destinations([wrapper, plain, "not a link"])
    assert [t if isinstance(t, str) else t.url for t in found] == [
        wrapper.url, "https://spiegel.ltd/a", plain.url, "not a link"]
    destination = destination_of(wrapper)
    assert destination is not None and destination.host == "spiegel.ltd"
    assert destination.input == wrapper.input  # where the reader met it
    assert destination_of(plain) is None and destination_of("not a link") is None
