"""Which links a reply spreads (``bots.links.reply_links``)."""

from __future__ import annotations

import pytest

from threadscope.bots.links import reply_links
from threadscope.models import Platform, Post

TEXT = "Lest das https://t.co/AbCdEf1234 und https://kiesel-wahrheit.info/a"


@pytest.mark.parametrize("platform", [Platform.X, None])
def test_an_x_posts_t_co_stands_for_the_links_x_expanded(platform: Platform | None) -> None:
    post = Post(TEXT, 1, post_id="1", platform=platform,
                urls=("https://welt.ltd/b", "https://kiesel-wahrheit.info/a"))
    assert {link.host for link in reply_links(post)} == {"welt.ltd", "kiesel-wahrheit.info"}


@pytest.mark.parametrize("platform", [Platform.MASTODON, Platform.BLUESKY, Platform.REDDIT,
                                      Platform.TELEGRAM])
def test_elsewhere_a_t_co_link_is_the_link_that_was_posted(platform: Platform) -> None:
    # The platform marks up the links as written: the t.co is one of them, expanded by no one.
    post = Post(TEXT, 1, post_id="1", platform=platform,
                urls=("https://t.co/AbCdEf1234", "https://kiesel-wahrheit.info/a"))
    assert {link.host for link in reply_links(post)} == {"t.co", "kiesel-wahrheit.info"}
