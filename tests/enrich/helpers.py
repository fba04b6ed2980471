"""Test helpers: plain name-only assessments to enrich, and a name server with fixed answers."""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from threadscope.enrich.cache import Cache
from threadscope.models import Assessment, Registration, Verdict
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
