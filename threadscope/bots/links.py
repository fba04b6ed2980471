"""The links in replies, each distinct one assessed once (as ``check`` does).

A campaign posts one cloned outlet from many accounts, often through a shortener so that each
bot's link looks different. Every distinct link is assessed by name (``assess``), and enriched
over the network unless the caller runs offline; the network may resolve a shortener to the
look-alike behind it (``final_url``), which then joins the accounts that used it.

A plain repost spreads someone else's post, not a link of its own: its links are left to the
post it reposts. A link cut short by the platform (``https://t.co/b8kO…`` at the end of a
truncated retweet text) is not a link at all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from threadscope.assessment import BrandRegistry, assess
from threadscope.links import extract_links
from threadscope.links.extract import DEFANGED_CODE
from threadscope.links.shorteners import is_shortener
from threadscope.models import Assessment, Link, NetworkOptions, Post, PostKind, Verdict
from threadscope.names import registrable_domain

MAX_LINKS_PER_REPLY = 20
TRUNCATION = ("…", "...")
"""What a platform puts where it cut a text, and a link with it."""


@dataclass(frozen=True)
class LinkedReplies:
    """Distinct links across all replies and, per reply, the indices of its links."""

    assessments: tuple[Assessment, ...]
    per_reply: tuple[tuple[int, ...], ...]
    """The links each reply spreads. A link the reply defangs (``welt[.]ltd``) is cited, not
    spread: that is how fact-checkers and researchers warn of a clone, and a campaign that wants
    clicks posts its links live. Cited links are assessed but join no one."""


@functools.lru_cache(maxsize=1 << 12)
def _link_for_url(url: str) -> Link | None:
    """A URL the platform expanded for us, as a ``Link`` (None when it is not one); cached:
    a crowd shares the same few articles."""
    found = extract_links(url if "://" in url else f"https://{url}")
    return found[0] if found else None


def truncated(link: Link, text: str) -> bool:
    """The link runs into an ellipsis: a fragment of a longer URL the platform cut off."""
    return text.startswith(TRUNCATION, link.end) or link.input.endswith(TRUNCATION)


def reply_links(post: Post) -> tuple[Link, ...]:
    """Links the platform expanded for us first (they name the real target), then the text's.

    None for a plain repost; none that the text only shows truncated.
    """
    if post.kind is PostKind.REPOST:
        return ()
    links: list[Link] = []
    for url in post.urls:
        link = _link_for_url(url)
        if link is not None:
            links.append(link)
    links.extend(link for link in extract_links(post.text) if not truncated(link, post.text))
    kept: list[Link] = []
    seen: set[str] = set()
    for link in links:
        # A t.co link in the text stands for the expanded URL we already have.
        if link.url in seen or (post.urls and link.host == "t.co"):
            continue
        seen.add(link.url)
        kept.append(link)
    return tuple(kept[:MAX_LINKS_PER_REPLY])


class LinkIndex:
    """Collects each post's links as posts stream past; assesses each distinct link once."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._distinct: list[Link] = []
        self._per_post: list[tuple[int, ...]] = []

    def add(self, post: Post) -> None:
        positions: list[int] = []
        for link in reply_links(post):
            position = self._index.get(link.url)
            if position is None:
                position = self._index[link.url] = len(self._distinct)
                self._distinct.append(link)
            if DEFANGED_CODE not in link.evasions:
                positions.append(position)
        self._per_post.append(tuple(positions) if positions else ())

    def assess(
        self, registry: BrandRegistry, network: NetworkOptions | None = None
    ) -> LinkedReplies:
        """Assess each distinct link once; enrich over the network unless ``network`` is None."""
        assessments = [assess(link, registry) for link in self._distinct]
        if network is not None and assessments:
            from threadscope.enrich import enrich_stream

            assessments = list(enrich_stream(assessments, network, registry))
        return LinkedReplies(tuple(assessments), tuple(self._per_post))


def assess_links(
    posts: Iterable[Post],
    registry: BrandRegistry,
    network: NetworkOptions | None = None,
) -> LinkedReplies:
    """Assess each distinct link once; enrich over the network unless ``network`` is None."""
    index = LinkIndex()
    for post in posts:
        index.add(post)
    return index.assess(registry, network)


def shortened(assessment: Assessment) -> bool:
    return bool(assessment.domain) and is_shortener(assessment.domain or "")


def landing_domain(assessment: Assessment) -> str | None:
    """The registrable domain a link leads to: of ``final_url`` when it was followed.

    None for a shortener nobody followed (everyone uses bit.ly: its name joins no one).
    """
    final = assessment.final_url
    if final and final != assessment.url:
        try:
            host = urlsplit(final).hostname or ""
        except ValueError:
            host = ""
        domain = registrable_domain(host) if host else ""
        return domain if domain and not is_shortener(domain) else None
    if shortened(assessment):
        return None
    return assessment.registrable_domain


def dubious(assessment: Assessment) -> bool:
    """Flagged, with any reason against it, or a shortener: a link worth joining accounts on.

    A plain news link (official or without any reason) is what real people share with one
    another, so sharing it says nothing about coordination.
    """
    if assessment.verdict is Verdict.INVALID:
        return False
    if shortened(assessment):
        return True
    return assessment.verdict is not Verdict.OFFICIAL and assessment.score > 0
