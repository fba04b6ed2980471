"""Network → reasons: resolution, page evidence, RDAP/WHOIS, cache and the address guard.

``enrich_stream`` is what the commands call: assessments in, the same assessments enriched out,
in input order, streaming, within a deadline. ``enrich_many`` and ``Enricher`` are the async
API for code that owns its event loop and ``httpx.AsyncClient``.
"""

from __future__ import annotations

from threadscope.enrich.cache import Cache
from threadscope.enrich.client import ClientPool, make_client
from threadscope.enrich.enricher import Enricher, EnrichSettings
from threadscope.enrich.registration import Bootstrap, WhoisServer
from threadscope.enrich.resolve import Resolver
from threadscope.enrich.stream import enrich_many, enrich_stream

__all__ = [
    "Bootstrap",
    "Cache",
    "ClientPool",
    "EnrichSettings",
    "Enricher",
    "Resolver",
    "WhoisServer",
    "enrich_many",
    "enrich_stream",
    "make_client",
]
