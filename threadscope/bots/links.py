"""The links in replies, each distinct one assessed once (``threadscope.auditor``).

A campaign posts one cloned outlet from many accounts, often through a shortener so that each
bot's link looks different. Every distinct link is assessed by name (``assess``), and enriched
over the network unless the caller runs offline; the network may resolve a shortener to the
look-alike behind it (``final_url``), which then joins the accounts that used it.

A plain repost spreads someone else's post, not a link of its own: its links are left to the
post it reposts. Which links a post holds is read as ``audit`` reads it
(``threadscope.links.post_links``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from threadscope.assessment import BrandRegistry
from threadscope.auditor import DistinctLinks, LinkAuditor
from threadscope.bots.signals import reads_x_rules
from threadscope.links import post_links
from threadscope.links.extract import DEFANGED_CODE
from threadscope.links.shorteners import hides_destination, is_shortener
from threadscope.models import Assessment, Link, NetworkOptions, Post, PostKind, Verdict
from threadscope.names import registrable_domain

__all__ = ["LinkIndex", "LinkedReplies", "assess_links", "reply_links"]

MAX_LINKS_PER_REPLY = 20


@dataclass(frozen=True)
class LinkedReplies:
    """Distinct links across all replies and, per reply, the indices of its links."""

    assessments: tuple[Assessment, ...]
    per_reply: tuple[tuple[int, ...], ...]
    """The links each reply spreads. A link the reply defangs (``welt[.]ltd``) is cited, not
    spread: that is how fact-checkers and researchers warn of a clone, and a campaign that wants
    clicks posts its links live. Cited links are assessed but join no one."""


def reply_links(post: Post) -> tuple[Link, ...]:
    """The links a reply holds (``threadscope.links.post_links``), at most
    ``MAX_LINKS_PER_REPLY``; none for a plain repost, whose links belong to the post it
    reposts. An expanded URL no parser reads joins no one, so it is left out here, and so is
    a t.co link in the text of an X post whose links were expanded: it stands for one of them,
    and accounts are joined on where a link leads (``audit`` shows both). Only X expands its
    t.co links (``signals.reads_x_rules``): on Mastodon, Bluesky, Reddit or Telegram a t.co
    link is the link that was posted, and the post's marked-up links hold it as it is."""
    if post.kind is PostKind.REPOST:
        return ()
    expanded = bool(post.urls) and reads_x_rules(post.platform)
    links = [
        link
        for link in post_links(post)
        if isinstance(link, Link) and not (expanded and link.host == "t.co")
    ]
    return tuple(links[:MAX_LINKS_PER_REPLY])


class LinkIndex:
    """Collects each post's links as posts stream past; assesses each distinct link once."""

    def __init__(self) -> None:
        self._distinct = DistinctLinks()
        self._per_post: list[tuple[int, ...]] = []

    def add(self, post: Post) -> None:
        positions: list[int] = []
        for link in reply_links(post):
            position = self._distinct.add(link)
            if DEFANGED_CODE not in link.evasions:
                positions.append(position)
        self._per_post.append(tuple(positions) if positions else ())

    def assess(self, auditor: LinkAuditor) -> LinkedReplies:
        """Each distinct link once, through ``auditor`` (offline unless it has an enricher)."""
        assessments = auditor.assess_distinct(self._distinct)
        return LinkedReplies(assessments, tuple(self._per_post))


def assess_links(
    posts: Iterable[Post],
    registry: BrandRegistry,
    network: NetworkOptions | None = None,
) -> LinkedReplies:
    """Assess each distinct link once; enrich over the network unless ``network`` is None."""
    index = LinkIndex()
    for post in posts:
        index.add(post)
    return index.assess(LinkAuditor.from_options(registry, network))


def shortened(assessment: Assessment) -> bool:
    """A shortener's link, whose destination is known only by following it; not a redirect
    wrapper on a shortener's host that names it (``l.facebook.com/l.php?u=…``): its
    destination is a link of the reply's own (``post_links``), and ``assess`` judges the
    wrapper by its platform's name, as here."""
    return hides_destination(assessment.url, assessment.domain or "")


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
