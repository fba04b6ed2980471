"""Link shorteners and redirect services (``data/shorteners.txt``).

A link on t.co or bit.ly says nothing about where it leads: offline it is neither the
platform's "official" content nor evidence against it, and online every shortener in a chain
is a reason of its own. Assessment, enrichment and bot forensics all ask this one list.
"""

from __future__ import annotations

import functools
from importlib import resources

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
