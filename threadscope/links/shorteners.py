"""Link shorteners and redirect services (``data/shorteners.txt``).

A link on t.co or bit.ly says nothing about where it leads: offline it is neither the
platform's "official" content nor evidence against it, and online every shortener in a chain
is a reason of its own. Assessment, enrichment and bot forensics all ask this one list.
"""

from __future__ import annotations

import functools
from importlib import resources

from threadscope.links.redirects import embedded_destination
from threadscope.models import SHORTENER_CODE as SHORTENER_CODE  # named once: models
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
