"""Redirect wrappers that write their destination into the link (``links.redirects``)."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from threadscope.links import post_links
from threadscope.links.posts import destination_of, with_destinations
from threadscope.links.redirects import MAX_ENCODINGS, embedded_destination
from threadscope.links.target import parse_target
from threadscope.models import Link, Post


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


# Real shapes of wrappers whose destination was percent-encoded once more than the parameter
# needs (a link copied out of a tool, an e-mail client or a chat that encoded it again).
_TWICE = "https%253A%252F%252Fwelt.ltd%252Fpolitik%252Fartikel-42.html%253Fref%253Dfb"


@pytest.mark.parametrize(
    "wrapper",
    [
        # Google search result (q= empty, url= the destination), and Docs/Gmail's q=
        "https://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&cd=&cad=rja&uact=8"
        f"&ved=2ahUKEwiL7pT0&url={_TWICE}&usg=AOvVaw0xX1",
        f"https://www.google.com/url?q={_TWICE}&sa=D&source=docs&ust=1701430000000000"
        "&usg=AOvVaw2k",
        f"https://www.google.de/url?q={_TWICE}",
        # Facebook's and Messenger's link shim
        f"https://l.facebook.com/l.php?u={_TWICE}&h=AT0kVq9Z3x&s=1",
        f"https://lm.facebook.com/l.php?u={_TWICE}&h=AT1",
        f"https://l.messenger.com/l.php?u={_TWICE}&h=AT2",
        # Outlook safelinks, as Outlook on the web writes them
        f"https://eur02.safelinks.protection.outlook.com/?url={_TWICE}"
        "&data=05%7C02%7Cuser%40example.org%7C1a2b%7C0%7C0%7C638&sdata=Xy%2Bz%3D&reserved=0",
        # Slack's redirect, YouTube's, Reddit's, VK's, Tumblr's, LinkedIn's, Steam's, href.li
        f"https://slack-redir.net/link?url={_TWICE}",
        f"https://www.youtube.com/redirect?event=video_description&redir_token=QUFF&q={_TWICE}",
        f"https://out.reddit.com/t3_abc?url={_TWICE}&token=AQAA",
        f"https://vk.com/away.php?to={_TWICE}&cc_key=",
        f"https://t.umblr.com/redirect?z={_TWICE}&t=YjE",
        f"https://www.linkedin.com/safety/go?url={_TWICE}&trk=flagship-messaging-web",
        f"https://steamcommunity.com/linkfilter/?url={_TWICE}",
        f"https://href.li/?{_TWICE}",
        # Proofpoint v3 keeps the address between its __ as written: encoded, it is read too
        "https://urldefense.com/v3/__https%3A%2F%2Fwelt.ltd%2Fpolitik%2Fartikel-42.html%3Fref"
        "%3Dfb__;!!ABC$",
    ],
)
def test_a_destination_encoded_twice_is_read(wrapper: str) -> None:
    assert embedded_destination(wrapper) == "https://welt.ltd/politik/artikel-42.html?ref=fb"


def test_each_layer_up_to_the_bound_is_read_and_no_more() -> None:
    destination = "https://welt.ltd/a?b=1&c=%2F"
    encoded = quote(destination, safe="")  # what the parameter itself needs
    for extra in range(MAX_ENCODINGS + 3):
        found = embedded_destination(f"https://www.google.com/url?q={encoded}&sa=D")
        if extra <= MAX_ENCODINGS:
            assert found == destination, extra
        else:  # no wrapper or browser decodes so often: no destination, as for any non-link
            assert found is None, extra
        encoded = quote(encoded, safe="")


def test_a_readable_destination_keeps_its_own_escapes() -> None:
    # only an address encoded from its start is decoded again; one already readable is as given
    wrapper = "https://www.google.com/url?q=https://welt.ltd/suche%253Fq%253Dx&sa=D"
    assert embedded_destination(wrapper) == "https://welt.ltd/suche%3Fq%3Dx"


def test_a_wrapper_inside_a_wrapper_each_encoded_again() -> None:
    # Google's result for a Facebook share whose own destination was encoded twice
    wrapper = ("https://www.google.com/url?q=https%3A%2F%2Fl.facebook.com%2Fl.php%3Fu%3D"
               "https%25253A%25252F%25252Fwelt.ltd%25252Fa%26h%3DAT0&sa=D")
    assert embedded_destination(wrapper) == "https://welt.ltd/a"


def test_fifty_layers_and_a_long_link_of_them_cost_little_time() -> None:
    # hostile input: the layers are counted from the first escape, none decoded past the bound
    layers = "25" * 49
    deep = f"https://www.google.com/url?q=https%{layers}3A%{layers}2F%{layers}2Fwelt.ltd"
    huge = ("https://www.google.com/url?q=https%25253A%25252F%25252Fwelt.ltd%25252F"
            + "%2525" * 50_000)
    nested = "https://www.google.com/url?q=" + "https%253A%252F%252Fhref.li%252F%253F" * 5000
    started = time.perf_counter()
    assert embedded_destination(deep) is None
    found = embedded_destination(huge)
    assert found is not None and found.startswith("https://welt.ltd/%%")
    assert embedded_destination(nested) is not None
    assert time.perf_counter() - started < 2


def test_a_tco_link_that_expands_to_a_wrapper_encoded_twice() -> None:
    # an X post: its t.co link's expanded URL (the card's link) is a Google redirect
    post = Post("Unglaublich, was hier steht https://t.co/Ab12Cd34Ef", 1,
                urls=(f"https://www.google.com/url?q={_TWICE}&sa=D",))
    hosts = [target.host for target in post_links(post) if isinstance(target, Link)]
    assert "welt.ltd" in hosts and "www.google.com" in hosts
