"""Is there a network at all? Told from the first requests of a run.

With no network (a laptop offline, a runner without a way out, a desk proxy that is down) every
link fails, each after its own timeout: a 10,000-name run spent five minutes reaching its
deadline and said nothing. The first requests tell sooner. When ``SAMPLE`` of them have failed
and nothing has answered yet, the run is judged:

- failures that are silence (timeouts, an unreachable network, a proxy that cannot be reached)
  on at least ``MIN_HOSTS`` hosts mean there is no way out;
- name-resolution failures mean either dead names (a list of seized campaign domains is all
  NXDOMAIN) or no DNS at all: asking the resolver for ``REFERENCE_HOST``, which exists as long
  as .com does and which enrichment asks for anyway (RDAP), tells the two apart.

Something answered = any HTTP status (a proxy's 502 too), a refused connection, a TLS
handshake or a reset, or a connection taken (the resolver tells it from httpcore's trace): a
peer was there, even one that then never answers (a tarpit host, or the proxy before one).
Once anything answers, the run is never judged again.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
from collections import Counter

import httpx

from threadscope.enrich.guard import Lookup, system_lookup
from threadscope.errors import FetchError

SAMPLE = 8
"""Failures (with no answer) before the run is judged. Fewer save no time at the default
concurrency (they all fail within the same timeout), and only at low concurrency, where
they cost a run that starts with a few dead hosts (gone campaign servers drop connections
as no network does): ``scripts/bench_no_network.py`` measures both."""
MIN_HOSTS = 3
"""Distinct hosts among silent failures before silence is taken for no network."""
REFERENCE_HOST = "rdap.verisign.com"
"""A name that resolves wherever there is DNS: the RDAP server of .com."""
_UNREACHABLE_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL,
                                 errno.ENETDOWN})

ANSWERED = "answered"
DNS = "dns"
SILENCE = "silence"


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(chain) < 16:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    return chain


def classify(error: BaseException, *, proxied: bool) -> str | None:
    """What a failed request says about the network: ``ANSWERED`` (a peer was there),
    ``DNS`` (a name did not resolve), ``SILENCE`` (nothing answered), or None (our own
    refusal or a rule of ours, which says nothing about the network)."""
    causes = _causes(error)
    if any(isinstance(c, socket.gaierror) for c in causes):
        return DNS
    if isinstance(error, FetchError):
        return DNS if str(error) == "dns failure" else None
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return SILENCE
    if isinstance(error, httpx.ProxyError):
        return ANSWERED  # the proxy answered, with an error status
    if isinstance(error, httpx.ConnectError):
        for cause in causes:
            if isinstance(cause, ConnectionRefusedError):
                # A host that refuses is there; a proxy that refuses is not running.
                return SILENCE if proxied else ANSWERED
            if isinstance(cause, ssl.SSLError):
                return ANSWERED
            if isinstance(cause, OSError) and cause.errno in _UNREACHABLE_ERRNOS:
                return SILENCE
        text = str(error).lower()
        if "refused" in text:
            return SILENCE if proxied else ANSWERED
        return SILENCE
    if isinstance(error, httpx.TransportError):  # read/write errors, protocol errors: a peer
        return ANSWERED
    return None


class Reachability:
    """Watches the outcomes of a run's first requests; ``message`` is set when the network
    is judged unreachable (the stream then stops with ``NetworkUnreachable``)."""

    def __init__(self, lookup: Lookup = system_lookup, timeout: float = 10.0) -> None:
        self._lookup = lookup
        self._timeout = timeout
        self._settled = False
        self._judging: asyncio.Task[None] | None = None
        self.failures: Counter[str] = Counter()
        self._kinds: Counter[str] = Counter()
        self._hosts: set[str] = set()
        self._proxied = False
        self.message: str | None = None

    @property
    def settled(self) -> bool:
        return self._settled

    def answered(self) -> None:
        """A server or proxy answered: the network is there; stop watching."""
        if self.message is None:
            self._settled = True

    def failed(self, host: str, error: BaseException, reason: str, *, proxied: bool) -> None:
        """Record a failed request (``reason`` is the link's ``error`` value)."""
        if self._settled:
            return
        kind = classify(error, proxied=proxied)
        if kind is None:
            return
        if kind == ANSWERED:
            self.answered()
            return
        self.failures[reason] += 1
        self._kinds[kind] += 1
        self._hosts.add(host)
        self._proxied = self._proxied or proxied
        if sum(self._kinds.values()) >= SAMPLE and self._judging is None:
            self._judging = asyncio.ensure_future(self._judge(proxied))

    async def conclude(self) -> None:
        """At the end of a run, judge what its requests showed if that is not done yet.

        A run can end before its judgement does: a thread's three links, or ten t.co links
        that all fail at once, are over while the reference name is still being asked, and
        the run said ``dns failure`` for each link (a clone "gone", an outlet "dead") on a
        laptop with no network. So a judgement under way is waited for, and a run that
        ended with fewer than ``SAMPLE`` failures, all unanswered, is judged when names
        failed to resolve (the reference name tells no DNS from dead names however few
        they are) or a proxy never took a connection (it is not running). Silence from a
        few links' own hosts is left alone: a few dead hosts look the same.
        """
        if self._judging is not None:
            await asyncio.shield(self._judging)
        elif not self._settled and (self._kinds[DNS] or self._proxied):
            await self._judge(self._proxied)

    async def _judge(self, proxied: bool) -> None:
        try:
            await self._decide(proxied)
        finally:
            self._judging = None

    async def _decide(self, proxied: bool) -> None:
        if self._settled:
            return
        if self._kinds[DNS] == 0:
            # Through a proxy, silence is the proxy's (a link's host that is down answers
            # through it, 502): one host however many links. Direct, silence on one or two
            # hosts may be those hosts down: wait for more.
            if proxied or len(self._hosts) >= MIN_HOSTS:
                self._unreachable(proxied, resolves=True)
            return
        if proxied:  # names are the proxy's to resolve; ours failing says nothing
            return
        try:
            async with asyncio.timeout(self._timeout):
                resolves = bool(await self._lookup(REFERENCE_HOST, 443))
        except (OSError, TimeoutError, UnicodeError, FetchError):
            resolves = False
        if resolves:
            self._settled = True  # DNS works: the names are dead, not the network
            return
        self._unreachable(proxied, resolves=False)

    def _unreachable(self, proxied: bool, *, resolves: bool) -> None:
        if self._settled:
            return
        self._settled = True
        counts = ", ".join(f"{reason} {count}" for reason, count in self.failures.most_common())
        tried = sum(self.failures.values())
        what = (
            "the proxy does not answer" if proxied
            else "no name resolves" if not resolves
            else "no server answers"
        )
        hosts = len(self._hosts)
        requests = (f"{tried} request{'s' if tried != 1 else ''} to "
                    f"{hosts} host{'s' if hosts != 1 else ''}")
        self.message = (
            f"no network: {requests} {'all ' if tried > 1 else ''}failed "
            f"({counts}) and {what}; check the connection or --proxy, or use --offline to "
            "judge the names alone"
        )
