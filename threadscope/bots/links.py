"""The links in replies, each distinct one assessed once (as ``check`` does).

A campaign posts one cloned outlet from many accounts, often through a shortener so that each
bot's link looks different. Every distinct link is assessed by name (``assess``), and enriched
over the network unless the caller runs offline; the network may resolve a shortener to the
look-alike behind it (``final_url``), which then joins the accounts that used it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from threadscope.assess import BrandRegistry, assess
from threadscope.enrich.evidence import is_shortener
from threadscope.errors import ThreadscopeError
from threadscope.models import Assessment, Link, NetworkOptions, Reply, Verdict

MAX_LINKS_PER_REPLY = 20

_FALLBACK_URL = re.compile(r"https?://[^\s<>\"']+", re.I)


@dataclass(frozen=True)
class LinkedReplies:
    """Distinct links across all replies and, per reply, the indices of its links."""

    assessments: tuple[Assessment, ...]
    per_reply: tuple[tuple[int, ...], ...]


def _extractor() -> Callable[[str], Sequence[Link]]:
    try:
        from threadscope.links import extract_links  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # the links package not built yet: plain http(s) URLs only
        return _plain_links
    extract: Callable[[str], Sequence[Link]] = extract_links
    return extract


def _plain_links(text: str) -> tuple[Link, ...]:
    found = []
    for match in _FALLBACK_URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?)]…")
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            continue
        if host:
            found.append(Link(url, url, host, match.start(), match.start() + len(url)))
    return tuple(found)


def _link_for_url(url: str) -> Link | None:
    links = _plain_links(url if "://" in url else f"https://{url}")
    return links[0] if links else None


def reply_links(reply: Reply, extract: Callable[[str], Sequence[Link]]) -> tuple[Link, ...]:
    """Links the platform expanded for us first (they name the real target), then the text's."""
    links: list[Link] = []
    for url in reply.urls:
        link = _link_for_url(url)
        if link is not None:
            links.append(link)
    try:
        links.extend(extract(reply.text))
    except (ValueError, ThreadscopeError):  # one unreadable reply must not end the run
        pass
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
    extract = _extractor()
    index: dict[str, int] = {}
    distinct: list[Link] = []
    per_reply: list[tuple[int, ...]] = []
    for reply in replies:
        positions: list[int] = []
        for link in reply_links(reply, extract):
            if link.url not in index:
                index[link.url] = len(distinct)
                distinct.append(link)
            positions.append(index[link.url])
        per_reply.append(tuple(positions))
    assessments = [assess(link, registry) for link in distinct]
    if network is not None and assessments:
        from threadscope.enrich import enrich_stream

        assessments = list(enrich_stream(assessments, network, registry))
    return LinkedReplies(tuple(assessments), tuple(per_reply))


def shortened(assessment: Assessment) -> bool:
    return bool(assessment.domain) and is_shortener(assessment.domain or "")


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
