"""The links in replies, each distinct one assessed once (as ``check`` does).

A campaign posts one cloned outlet from many accounts, often through a shortener so that each
bot's link looks different. Every distinct link is assessed by name (``assess``), and enriched
over the network unless the caller runs offline; the network may resolve a shortener to the
look-alike behind it (``final_url``), which then joins the accounts that used it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from threadscope.assessment import BrandRegistry, assess
from threadscope.links import extract_links
from threadscope.links.extract import DEFANGED_CODE
from threadscope.links.shorteners import is_shortener
from threadscope.models import Assessment, Link, NetworkOptions, Reply, Verdict
from threadscope.names import registrable_domain

MAX_LINKS_PER_REPLY = 20


@dataclass(frozen=True)
class LinkedReplies:
    """Distinct links across all replies and, per reply, the indices of its links."""

    assessments: tuple[Assessment, ...]
    per_reply: tuple[tuple[int, ...], ...]
    """The links each reply spreads. A link the reply defangs (``welt[.]ltd``) is cited, not
    spread: that is how fact-checkers and researchers warn of a clone, and a campaign that wants
    clicks posts its links live. Cited links are assessed but join no one."""


def _link_for_url(url: str) -> Link | None:
    """A URL the platform expanded for us, as a ``Link`` (None when it is not one)."""
    found = extract_links(url if "://" in url else f"https://{url}")
    return found[0] if found else None


def reply_links(reply: Reply) -> tuple[Link, ...]:
    """Links the platform expanded for us first (they name the real target), then the text's."""
    links: list[Link] = []
    for url in reply.urls:
        link = _link_for_url(url)
        if link is not None:
            links.append(link)
    links.extend(extract_links(reply.text))
    kept: list[Link] = []
    seen: set[str] = set()
    for link in links:
        # A t.co link in the text stands for the expanded URL we already have.
        if link.url in seen or (reply.urls and link.host == "t.co"):
            continue
        seen.add(link.url)
        kept.append(link)
    return tuple(kept[:MAX_LINKS_PER_REPLY])


def assess_links(
    replies: Sequence[Reply],
    registry: BrandRegistry,
    network: NetworkOptions | None = None,
) -> LinkedReplies:
    """Assess each distinct link once; enrich over the network unless ``network`` is None."""
    index: dict[str, int] = {}
    distinct: list[Link] = []
    per_reply: list[tuple[int, ...]] = []
    for reply in replies:
        positions: list[int] = []
        for link in reply_links(reply):
            if link.url not in index:
                index[link.url] = len(distinct)
                distinct.append(link)
            if DEFANGED_CODE not in link.evasions:
                positions.append(index[link.url])
        per_reply.append(tuple(positions))
    assessments = [assess(link, registry) for link in distinct]
    if network is not None and assessments:
        from threadscope.enrich import enrich_stream

        assessments = list(enrich_stream(assessments, network, registry))
    return LinkedReplies(tuple(assessments), tuple(per_reply))


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
