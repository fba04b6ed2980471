"""Test helpers: plain name-only assessments to enrich, a name server with fixed answers, links
followed for real where no name resolves, and a WHOIS answer python-whois reads for hours."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from threadscope.assessment import assess, default_registry
from threadscope.enrich import ClientPool, EnrichSettings, enrich_many
from threadscope.enrich.cache import Cache
from threadscope.enrich.reachability import REFERENCE_HOST
from threadscope.enrich.whois_text import WHOIS_PARSE_LIMIT
from threadscope.models import Assessment, NetworkOptions, Registration, Verdict
from threadscope.names import registrable_domain


def name_only(url: str, card_domain: str | None = None) -> Assessment:
    host = (urlsplit(url).hostname or "").lower()
    return Assessment(
        input=url, url=url, domain=host, registrable_domain=registrable_domain(host),
        verdict=Verdict.BENIGN, score=0, card_domain=card_domain,
    )


def invalid(text: str) -> Assessment:
    return Assessment(input=text, url=None, domain=None, registrable_domain=None,
                      verdict=Verdict.INVALID, score=0, error="no host")


class NameServer:
    """A name server for tests: fixed answers, "no such name" for the rest; ``asked`` logs
    the names it was asked about. Stands in for the system resolver (``guard.Lookup``)."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.answers[host]


def filled_cache(path: Path, ages: dict[str, float]) -> None:
    """A cache holding a registration per domain, observed ``ages[domain]`` seconds ago
    (negative: ahead), and no prune stamp (as a cache the runs never pruned)."""
    cache = Cache(path, ttl=3600)
    for domain in ages:
        cache.put_registration(domain, Registration("2020-01-01"))
    cache.close()
    with sqlite3.connect(path) as db:
        for domain, age in ages.items():
            db.execute("UPDATE registration SET observed = ? WHERE domain = ?",
                       (time.time() - age, domain))
    db.close()
    Path(f"{path}.pruned").unlink()


def followed_where_no_name_resolves(urls: Sequence[str]) -> list[Assessment]:
    """Each link assessed by name, then followed for real (the guard, the pinned connection,
    the enricher) with a name server that knows none of their names: each is its own
    ``dns failure``, as a seized or mistyped domain is. The reachability check's reference
    name answers, so the run goes on rather than stop as one without a network."""
    names = NameServer({REFERENCE_HOST: ["192.0.2.1"]})  # answers; never connected to
    options = NetworkOptions(timeout=3, use_cache=False)

    async def run() -> list[Assessment]:
        pool = ClientPool.for_options(options, names)
        try:
            stream = enrich_many([assess(url) for url in urls], pool, options,
                                 default_registry(), settings=EnrichSettings(registration=False))
            return [item async for item in stream]
        finally:
            await pool.aclose()

    return asyncio.run(run())


HK_BAIT = ("Domain Name: CLONE.HK\n"
           + ("Registrant Contact Information: " + "x" * 200 + "\n") * 290)[:WHOIS_PARSE_LIMIT]
"""python-whois's ``.hk`` parser has twenty-five regexes like ``[Registrant Contact
Information\\w\\W]+Country: (...)``: with no ``Country: `` they try every start position to the
end, quadratic in the whole answer (8 KB took 110 s; these 64 KB, hours)."""


def children() -> set[int]:
    """This process's child processes (Linux's /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found
