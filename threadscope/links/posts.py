"""The links a post holds, read by one set of rules for ``audit`` and ``bots`` alike.

The links in the text come first, as written (a disguise such as 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝 is evidence),
less those cut short by the platform (``https://t.co/b8kO…`` at the end of a truncated retweet
text): a fragment of a longer URL is no link at all. Then the links the platform expanded for
us (``Post.urls``), which name the real target of a shortened link. Between the two, links
written in the descriptions of the post's images (``Post.alt_text``): no platform makes them
links, but a reader of the description can follow them, and a text filter misses them.

An expanded URL that no parser can read is kept as the raw string, so that an audit can say
why it is unusable (its verdict is ``invalid``).
"""

from __future__ import annotations

import functools

from threadscope.errors import ThreadscopeError
from threadscope.links.extract import extract_links
from threadscope.links.target import parse_target
from threadscope.models import Link, Post

Target = Link | str
"""A link to assess: extracted and normalised, or a raw string no parser could make sense of."""

TRUNCATION = ("…", "...")
"""What a platform puts where it cut a text, and a link with it."""


def truncated(link: Link, text: str) -> bool:
    """The link runs into an ellipsis: a fragment of a longer URL the platform cut off."""
    return text.startswith(TRUNCATION, link.end) or link.input.endswith(TRUNCATION)


def target_key(target: Target) -> str:
    """What makes two targets the same link: the normalised URL (the raw text when there is
    none)."""
    return target if isinstance(target, str) else target.url or target.input


@functools.lru_cache(maxsize=1 << 12)
def expanded_link(raw: str) -> Target:
    """A URL the platform expanded for us, as a ``Link``; the raw string when it is none.
    Cached: a crowd shares the same few articles (records are frozen, so sharing is safe)."""
    try:
        return parse_target(raw)
    except ThreadscopeError:
        return raw


def post_links(post: Post) -> tuple[Target, ...]:
    """The text's links, the image descriptions' links, then the expanded URLs, each
    normalised URL once."""
    found: list[Target] = [
        link for link in extract_links(post.text) if not truncated(link, post.text)
    ]
    for described in post.alt_text:  # a link in an image description evades text filters
        found.extend(link for link in extract_links(described) if not truncated(link, described))
    found.extend(expanded_link(raw) for raw in post.urls)
    kept: dict[str, Target] = {}
    for target in found:
        kept.setdefault(target_key(target), target)
    return tuple(kept.values())
