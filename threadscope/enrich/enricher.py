"""One assessment in, one enriched assessment out: resolve, read the page, look up the domain.

The ``Enricher`` is the async core. It takes its ``httpx.AsyncClient`` (tests hand in one
pointed at a loopback proxy), shares work between links (one resolution per URL, one
registration lookup per registrable domain, in flight and in the cache) and turns every
failure into the link's ``error``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from threadscope.assessment import assess
from threadscope.assessment.registry import BrandRegistry
from threadscope.assessment.score import rescore
from threadscope.assessment.signals import SHOWN_ELSEWHERE_CODE
from threadscope.enrich import evidence
from threadscope.enrich.cache import Cache, CachedResolution, context_of
from threadscope.enrich.client import HttpClient, proxied
from threadscope.enrich.guard import literal_address, system_lookup
from threadscope.enrich.registration import (
    IANA_WHOIS,
    Bootstrap,
    RegistryGuard,
    WhoisServer,
    load_bootstrap,
    lookup,
)
from threadscope.enrich.resolve import Resolver
from threadscope.enrich.whois_text import WhoisReader
from threadscope.errors import ThreadscopeError
from threadscope.links.shorteners import is_shortener
from threadscope.models import (
    Assessment,
    Brand,
    FirstPage,
    Link,
    NetworkOptions,
    Reason,
    Registration,
    Verdict,
)
from threadscope.names import registrable_domain

T = TypeVar("T")
# Results kept in memory for reuse within a run: resolutions carry page data (up to a few KB),
# registrations are small and repeat far more often (one per registrable domain).
KEEP_RESOLUTIONS = 1_000
KEEP_REGISTRATIONS = 50_000
# Errors that say something lasting about a link; timeouts and refusals may pass, so they are
# not cached.
_LASTING_ERRORS = frozenset({"redirect loop", "too many redirects"})


@dataclasses.dataclass(frozen=True)
class EnrichSettings:
    """What tests and scripts may inject besides the client."""

    bootstrap: Bootstrap | None = None
    """RDAP servers by TLD; None means the shipped (or refreshed) IANA file."""
    whois_server: WhoisServer | None = None
    """Ask this server for every domain (tests: 127.0.0.1:PORT); None asks IANA's referral."""
    whois_root: WhoisServer = IANA_WHOIS
    """The server asked which server answers for a TLD (tests: 127.0.0.1:PORT). Trusted as
    configured; the server it names is vetted like a link's host (``RegistryGuard``)."""
    registration: bool = True
    """Look up creation dates at all."""


def _name_assess(host: str, registry: BrandRegistry) -> Assessment | None:
    """The look-alike assessment of a landing host (None when the name is unusable)."""
    # A Link, not a string: the host is already clean, no need to parse it again.
    link = Link(input=host, url=f"http://{host}/", host=host)
    try:
        return assess(link, registry)
    except ThreadscopeError:
        return None


def _retrieved(future: asyncio.Future[Any]) -> None:
    """Mark a shared future's exception as seen: its callers may all have been cancelled,
    and asyncio would then print "exception was never retrieved" with a traceback."""
    if not future.cancelled():
        future.exception()


class Enricher:
    def __init__(self, client: HttpClient, options: NetworkOptions,
                 registry: BrandRegistry, cache: Cache | None = None,
                 settings: EnrichSettings | None = None) -> None:
        self.client = client
        self.options = options
        self.registry = registry
        self.cache = cache
        if cache is not None and not cache.context:
            # A cache made without a context (a script's ``Cache(path, ttl)``) is keyed by
            # this run's settings, so that it never serves one setting's answer to another.
            cache.context = context_of(options)
        self.settings = settings or EnrichSettings()
        self.resolver = Resolver(client, options)
        self.whois_reader = WhoisReader()
        """The run's WHOIS answers are read in its worker processes (``whois_text``)."""
        self._resolutions: dict[str, asyncio.Future[CachedResolution]] = {}
        self._registrations: dict[str, asyncio.Future[Registration]] = {}

    async def _shared(self, table: dict[str, asyncio.Future[T]], key: str,
                      work: Callable[[], Awaitable[T]], keep: int) -> T:
        """Run ``work`` once per key; later callers await the same future.

        Finished futures stay in ``table`` (the oldest dropped beyond ``keep``), so a run
        without the cache still looks up each domain once.
        """
        known = table.get(key)
        if known is not None and not known.cancelled():
            return await asyncio.shield(known)
        future: asyncio.Future[T] = asyncio.ensure_future(work())
        future.add_done_callback(_retrieved)
        table[key] = future
        if len(table) > keep:
            oldest = next(iter(table))
            if table[oldest].done():
                del table[oldest]
        return await asyncio.shield(future)

    async def stop(self) -> None:
        """Cancel the shared work still in flight (a deadline passed) and wait for it to end.

        Work started for one link runs on when the caller that started it is cancelled (it is
        shared with others); left alone, it would meet a closed client after the deadline.
        The WHOIS workers are stopped too (started again if the enricher is used again).
        """
        running = [future for table in (self._resolutions, self._registrations)
                   for future in table.values() if not future.done()]
        for future in running:
            future.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        await self.whois_reader.aclose()

    async def aclose(self) -> None:
        """``stop``, then close the client."""
        await self.stop()
        await self.client.aclose()

    # ------------------------------------------------------------------ resolution

    async def _fetch(self, url: str) -> CachedResolution:
        result = await self.resolver.resolve(url)
        # The resolver parsed the landing page already (for its refresh), in slices the
        # deadline can cut: no second parse, and no thread left parsing after a deadline.
        raw = result.page if result.final_url else None
        resolution = CachedResolution(result.chain, result.final_url, result.error, raw,
                                      result.first)
        # A lasting error after a page that sent the reader on (a refresh loop) is not kept:
        # the cache reads a page back only for a resolution without an error.
        lasting = result.error is None or (result.error in _LASTING_ERRORS and raw is None)
        broken = result.body is not None and result.body.broken  # a retry may read it all
        # (The page seen first keeps no body: one read only in part is not kept either.)
        broken = broken or (result.first is not None and result.first.page.truncated)
        if self.cache is not None and lasting and not broken:
            self.cache.put_resolution(url, resolution)
        return resolution

    async def resolution(self, url: str) -> CachedResolution:
        if self.cache is not None:
            cached = self.cache.get_resolution(url)
            if cached is not None:
                return cached
        return await self._shared(self._resolutions, url, lambda: self._fetch(url),
                                  KEEP_RESOLUTIONS)

    # ------------------------------------------------------------------ registration

    async def _lookup(self, domain: str) -> Registration:
        found = await lookup(
            self.client, domain, self.settings.bootstrap or load_bootstrap(),
            self.settings.whois_server, self.options.timeout,
            # Port 43 cannot go through an HTTP proxy: behind one, only an explicitly
            # configured WHOIS server is asked, never a direct connection out. Whether there
            # is "one" is the https proxy's say (RDAP's scheme): with HTTP_PROXY alone,
            # https look-ups go direct, and so may WHOIS.
            use_whois=self.settings.whois_server is not None
            or not proxied(f"https://{domain}/", self.options),
            limiter=self.resolver.limiter,
            guard=RegistryGuard(self.options.allow_private,
                                getattr(self.client, "lookup", system_lookup),
                                self.settings.whois_root),
            reader=self.whois_reader,
        )
        lasting = found.created is not None or "not found" in (found.error or "")
        if self.cache is not None and lasting:
            self.cache.put_registration(domain, found)
        return found

    async def registration(self, domain: str) -> Registration:
        if self.cache is not None:
            cached = self.cache.get_registration(domain)
            if cached is not None:
                return cached
        return await self._shared(self._registrations, domain, lambda: self._lookup(domain),
                                  KEEP_REGISTRATIONS)

    # ------------------------------------------------------------------ one assessment

    async def enrich(self, assessment: Assessment) -> Assessment:
        """The assessment with chain, page, registration and their reasons; never raises."""
        if assessment.verdict is Verdict.INVALID or not assessment.url or assessment.unopenable:
            return assessment  # nothing a browser could request
        try:
            return await self._enrich(assessment)
        except Exception as error:  # one odd link must not end a million-line run
            return dataclasses.replace(
                assessment, error=f"internal error: {type(error).__name__}", unresolved=True
            )

    async def _enrich(self, assessment: Assessment) -> Assessment:
        assert assessment.url is not None
        resolved = await self.resolution(assessment.url)
        result = dataclasses.replace(
            assessment, chain=resolved.chain, final_url=resolved.final_url,
            error=resolved.error, unresolved=resolved.error is not None,
        )
        # A name that earned nothing (``meta-refresh`` is ``meta`` and a word: points against)
        # names no site the link imitates when the page it leads to claims or imitates one:
        # `imitates` is what the verdict's points are about. Kept when nothing else is named.
        own_target = (result.imitates, result.brand)
        if result.imitates is not None and assessment.score == 0:
            result = dataclasses.replace(result, imitates=None, brand=None)
        # Where the link lands is only known when it was followed to the end, or to a page a
        # browser shows while its refresh or JavaScript redirect fails (``Resolver.resolve``).
        shown = resolved.error is None or resolved.page is not None
        landed = resolved.final_url if shown else None
        reasons = evidence.chain_reasons(resolved.chain, assessment.registrable_domain, landed)
        reasons += evidence.shown_reasons(assessment.shown, assessment.url,
                                          assessment.domain or "", landed)
        if not any(r.code == SHOWN_ELSEWHERE_CODE for r in assessment.reasons):
            # A card already said to show another site than the link's is not counted again
            # for where the link lands.
            reasons += evidence.card_reasons(assessment.card_domain, landed)
        landing_host = evidence.host_of(landed)
        first = self._first_page(resolved, landing_host)
        claims: list[Brand | None] = []
        if resolved.page is not None and landing_host:
            page = evidence.page_evidence(resolved.page, landing_host, self.registry)
            which = "page" if first is None else evidence.LANDING_PAGE
            page_reasons, claimed = evidence.page_reasons(page, landing_host, self.registry,
                                                          which)
            reasons += page_reasons
            claims.append(claimed)
            result = dataclasses.replace(result, page=page)
        if first is not None:
            first_reasons, claimed = evidence.page_reasons(
                first, evidence.host_of(first.url), self.registry,
                evidence.first_page_label(first))
            reasons += evidence.counted_once(first_reasons, reasons)
            claims.append(claimed)
            result = dataclasses.replace(result, first_page=first)
        claimed = next((brand for brand in claims if brand is not None), None)
        if claimed is not None and result.imitates is None:
            result = dataclasses.replace(
                result, imitates=evidence.main_domain(claimed), brand=claimed.name
            )
        result = self._landing(result, landing_host, reasons)
        if result.imitates is None and own_target[0] is not None:
            result = dataclasses.replace(result, imitates=own_target[0], brand=own_target[1])
        result = await self._registration_evidence(result, landing_host, reasons, first)
        return rescore(result, reasons)

    def _first_page(self, resolved: CachedResolution, landing_host: str) -> FirstPage | None:
        """The page the reader saw before the landing page, judged as the landing page is
        (its claims against its own host), when there is a landing page to set it beside."""
        shown = resolved.first
        host = evidence.host_of(shown.url) if shown is not None else ""
        if shown is None or not host or not landing_host:
            return None
        return evidence.first_page_evidence(shown.page, shown.url, shown.via, shown.delay,
                                            host, self.registry)

    def _landing(self, result: Assessment, landing_host: str,
                 reasons: list[Reason]) -> Assessment:
        """When the link lands on another domain, that domain's name is judged too."""
        if not landing_host or registrable_domain(landing_host) == result.registrable_domain:
            return result
        if result.verdict is Verdict.OFFICIAL and self.registry.official(landing_host) is None:
            # A brand's own shortener (t.co) vouches for nothing about where it leads.
            result = dataclasses.replace(result, verdict=Verdict.BENIGN)
        landing = _name_assess(landing_host, self.registry)
        if landing is None or landing.verdict in (Verdict.OFFICIAL, Verdict.INVALID):
            return result
        reasons.extend(landing.reasons)
        if result.imitates is None and landing.imitates is not None:
            result = dataclasses.replace(result, imitates=landing.imitates, brand=landing.brand)
        return result

    async def _registration_evidence(self, result: Assessment, landing_host: str,
                                     reasons: list[Reason],
                                     first: FirstPage | None = None) -> Assessment:
        """The age of the domain the reader ends on; where that is a brand's own site after
        a page shown first, the age of that page's domain: a clone that shows itself, then
        sends its readers on to the real site, must not shed its young registration so."""
        if not self.settings.registration:
            return result
        domain = registrable_domain(landing_host) if landing_host else result.registrable_domain
        if first is not None and (not domain or self.registry.official(domain) is not None):
            domain = registrable_domain(evidence.host_of(first.url)) or domain
        if not domain or self.registry.official(domain) is not None:
            return result
        if literal_address(domain) is not None:
            return result
        if is_shortener(domain):
            return result
        try:
            found = await self.registration(domain)
        except Exception as error:  # a failed look-up costs the registration, nothing else
            found = Registration(None, error=f"internal error: {type(error).__name__}")
        reasons += evidence.registration_reasons(domain, found)
        return dataclasses.replace(result, registration=found)
