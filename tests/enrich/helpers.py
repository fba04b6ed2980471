"""Test helpers: plain name-only assessments to enrich, and a name server with fixed answers."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from threadscope.models import Assessment, Verdict
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
