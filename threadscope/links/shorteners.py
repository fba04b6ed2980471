"""Link shorteners and redirect services (``data/shorteners.txt``).

A link on t.co or bit.ly says nothing about where it leads: offline it is neither the
platform's "official" content nor evidence against it, and online every shortener in a chain
is a reason of its own. Assessment, enrichment and bot forensics all ask this one list.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import NamedTuple

from threadscope.links.posts import expanded_link
from threadscope.links.redirects import embedded_destination
from threadscope.models import SHORTENER_CODE as SHORTENER_CODE  # named once: models
from threadscope.models import Link
from threadscope.names import registrable_domain


@functools.cache
def shorteners() -> frozenset[str]:
    text = resources.files("threadscope.data").joinpath("shorteners.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def is_shortener(host: str) -> bool:
    known = shorteners()
    return host in known or registrable_domain(host) in known


def hides_destination(url: str | None, host: str) -> bool:
    """Whether ``url`` (on ``host``) is a shortener's link, whose destination is known only
    by following it: on a shortener's host, and no redirect wrapper that names its
    destination (``l.facebook.com/l.php?u=…``, ``redirects.embedded_destination``), which
    ``assess`` judges by its platform's name, offline or online. ``url`` None: the host
    alone."""
    if not host or not is_shortener(host):
        return False
    return url is None or embedded_destination(url) is None


class Leads(NamedTuple):
    """Where a link leads as far as the link itself tells (``leads``)."""

    host: str
    """The host the reader is sent to: the link's own, or the destination's that a redirect
    wrapper names; "" where the wrapper's destination is no link."""
    wrapper: str
    """The redirect wrapper's registrable domain (``google.com``), "" for no wrapper."""
    shortener: str
    """The shortener whose link decides where it goes, which only following it tells: the
    link's own (``bit.ly``) or the destination's a wrapper names
    (``google.com/url?q=https://bit.ly/x``); "" where the link shows where it goes."""


def leads(url: str | None, host: str) -> Leads:
    """Where ``url`` (on ``host``) leads, for judging the site it is shown as (a label, a
    card): a redirect wrapper (``l.facebook.com/l.php?u=…``, ``google.com/url?q=…``) shows
    its destination, which a label is held against offline; a shortener hides it, and only
    the landing of the link followed can be held against a label. Judged by the wrapper's
    own name instead, ``[welt.ltd/a](https://google.com/url?q=https://welt.ltd/a)`` (the
    anchor text of a copied Google result) showed welt.ltd but went to google.com, and a
    label over Facebook's wrapper was called a shortener's."""
    destination = embedded_destination(url) if url else None
    wrapper = ""
    if destination is not None:
        wrapper = registrable_domain(host) or host
        target = expanded_link(destination)
        if not isinstance(target, Link):
            return Leads("", wrapper, "")
        host = target.host.lower().rstrip(".")
    shortener = (registrable_domain(host) or host) if host and is_shortener(host) else ""
    return Leads(host, wrapper, shortener)
