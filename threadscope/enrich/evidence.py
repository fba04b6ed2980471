"""From what the network showed to reasons: claims on the page, the chain, the domain's age.

Each function takes plain data and returns reasons, so every rule can be tested without a
network. Points are chosen so that one strong piece of evidence (a clone claiming a brand's
canonical address) makes a link at least ``suspicious`` on its own.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from typing import Final
from urllib.parse import urlsplit

from threadscope.assessment import signals
from threadscope.assessment.core import assess
from threadscope.assessment.registry import BrandRegistry
from threadscope.enrich.page import RawPage
from threadscope.enrich.registration import registration_day
from threadscope.links.hosts import LinkError, normalise_host, wire_host
from threadscope.links.shorteners import hides_destination, leads
from threadscope.links.shown import shown_site, site_of
from threadscope.models import (
    Brand,
    FirstPage,
    Hop,
    Link,
    PageEvidence,
    Reason,
    Registration,
)
from threadscope.names import registrable_domain

# Reason codes (``reasons[].code`` in the contract), each named once.
CLAIMS_BRAND_CODE: Final = "claims-brand"
CLAIMS_NAMESAKE_CODE: Final = "claims-namesake"
SITE_NAME_CODE: Final = "site-name-brand"
BRAND_ASSETS_CODE: Final = "brand-assets"
CARD_MISMATCH_CODE: Final = "card-mismatch"
LANDS_ELSEWHERE_CODE: Final = "lands-elsewhere"
SHORTENER_CHAIN_CODE: Final = "shortener-chain"
REDIRECT_CHAIN_CODE: Final = "redirect-chain"
YOUNG_DOMAIN_CODE: Final = "young-domain"

# Their points.
CLAIMS_BRAND = 60
CLAIMS_NAMESAKE = 60
CLAIMED = "claimed"
"""The category of a site known only from a page that claims its address."""
SITE_NAME = 30
BRAND_ASSETS = 20
CARD_MISMATCH = 40
LANDS_ELSEWHERE = 5
SHORTENER_CHAIN = 15
REDIRECT_CHAIN = 10
YOUNG_STRONG = 30
YOUNG_WEAK = 10
LONG_CHAIN_HOPS = 4
HEADER_CANONICAL_LABEL = "canonical address in its Link header"
"""How a ``Link: <…>; rel="canonical"`` header's claim is named in a reason."""


def host_of(url: str | None) -> str:
    """The host a request for ``url`` goes to (``wire_host``: ``%77elt.de`` and
    ``ｗｅｌｔ.ｄｅ`` are welt.de, a Unicode name its ``xn--`` form, as the registry lists
    names), without a trailing dot; the host as written, lower-cased, when no client could
    send it. The resolver requests this form: judging the spelling instead would call
    welt.de's own page, reached through ``http://%77elt.de/``, a clone claiming welt.de."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    try:
        host = wire_host(host)
    except LinkError:
        pass
    return host.lower().rstrip(".")


def main_domain(brand: Brand) -> str:
    return registrable_domain(brand.domains[0]) if brand.domains else ""


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


_NAME_INDEXES: dict[int, tuple[weakref.ref[BrandRegistry], dict[str, Brand]]] = {}


def _name_index(registry: BrandRegistry) -> dict[str, Brand]:
    """Brand by folded name and by each official domain (as listed and as registrable),
    built once per registry: the first brand in registry order wins a key, as a scan in
    that order would find it. A page's ``og:site_name`` is then one probe, not a pass over
    every brand (which was a fifth of the online path's CPU, and grows with ``--brands``)."""
    known = _NAME_INDEXES.get(id(registry))
    if known is not None and known[0]() is registry:
        return known[1]
    index: dict[str, Brand] = {}
    for brand in registry.brands:
        index.setdefault(_folded(brand.name), brand)
        for domain in brand.domains:
            index.setdefault(domain, brand)
            index.setdefault(registrable_domain(domain), brand)
    key = id(registry)
    _NAME_INDEXES[key] = (weakref.ref(registry, lambda _: _NAME_INDEXES.pop(key, None)), index)
    return index


def _brand_by_name(registry: BrandRegistry, name: str) -> Brand | None:
    """The brand a page names itself after: its name, or one of its domains."""
    return _name_index(registry).get(_folded(name))


def _page_owner(registry: BrandRegistry, host: str) -> Brand | None:
    return registry.official(host) if host else None


def page_evidence(raw: RawPage, landing_host: str, registry: BrandRegistry) -> PageEvidence:
    """The page as the report shows it: brand assets picked out with the registry in use."""
    owner = _page_owner(registry, landing_host)
    assets = tuple(
        url for url in raw.assets
        if (brand := registry.official(host_of(url))) is not None and brand != owner
    )
    return PageEvidence(
        title=raw.title,
        canonical=raw.canonical,
        og_url=raw.og_url,
        site_name=raw.site_name,
        brand_assets=assets,
        truncated=raw.truncated,
        header_canonical=raw.header_canonical,
    )


def page_reasons(page: PageEvidence, landing_host: str, registry: BrandRegistry,
                 which: str = "page") -> tuple[list[Reason], Brand | None]:
    """Reasons from a page that is not a brand's own but dresses as one; and that brand.
    ``which`` names the page in the reasons (``page``; ``landing page`` and
    ``first_page_label``'s words when two pages speak)."""
    if not landing_host or registry.official(landing_host) is not None:
        return [], None
    reasons: list[Reason] = []
    claimed: Brand | None = None
    unlisted: list[tuple[str, str]] = []
    for label, url in (("canonical address", page.canonical), ("og:url", page.og_url),
                       (HEADER_CANONICAL_LABEL, page.header_canonical)):
        claimed_host = host_of(url)
        brand = registry.official(claimed_host) if claimed_host else None
        if brand is not None:
            claimed = claimed or brand
            reasons.append(Reason(
                CLAIMS_BRAND_CODE, CLAIMS_BRAND,
                f"{which} on {landing_host} names {claimed_host} as its {label}",
            ))
            break
        if claimed_host:
            unlisted.append((label, claimed_host))
    if claimed is None:
        for label, claimed_host in unlisted:
            found = namesake_claim(landing_host, claimed_host, label, which)
            if found is not None:
                reasons.append(found[0])
                claimed = found[1]
                break
    if page.site_name:
        brand = _brand_by_name(registry, page.site_name)
        if brand is not None:
            claimed = claimed or brand
            reasons.append(Reason(
                SITE_NAME_CODE, SITE_NAME,
                f"{which} on {landing_host} calls itself \"{page.site_name[:80]}\" "
                f"({brand.name})",
            ))
    if page.brand_assets:
        hosts = sorted({host_of(url) for url in page.brand_assets})
        brand = registry.official(hosts[0])
        claimed = claimed or brand
        reasons.append(Reason(
            BRAND_ASSETS_CODE, BRAND_ASSETS,
            f"{which} on {landing_host} loads {_files(len(page.brand_assets))} from "
            f"{_hosts_named(hosts)}",
        ))
    return reasons, claimed


def _files(count: int) -> str:
    """``1 file``, ``2 files``: a reason is quoted in articles, where ``file(s)`` reads as a
    form left half filled in."""
    return f"{count} file" if count == 1 else f"{count} files"


def _hosts_named(hosts: Sequence[str], shown: int = 3) -> str:
    """The first hosts by name and how many more, so that a reason never says less than the
    page did without saying so (``a.example, b.example, c.example and 2 more hosts``)."""
    named = ", ".join(hosts[:shown])
    rest = len(hosts) - shown
    if rest <= 0:
        return named
    return f"{named} and {rest} more host" + ("" if rest == 1 else "s")


def namesake_claim(landing_host: str, claimed_host: str, label: str,
                   which: str = "page") -> tuple[Reason, Brand] | None:
    """A page that names another site as its own address, where its host is a look-alike of
    that site's name: a clone of an outlet no list of ours holds (dzienniknaukowy.link
    serving dzienniknaukowy.pl's articles, canonical address and all). The claimed site is
    judged as if protected, to name the technique; a page naming an unrelated site
    (syndication, an AMP cache) claims no namesake. The technique adds no points of its
    own: a site that moved to a new name and points its old one there looks the same, so
    the claim alone is suspicious and a young registration makes it a look-alike.

    The claimed host is the page's own words: one no browser could reach (a bidi override
    or an escape sequence in a label) names no site, so no namesake is claimed for it."""
    claimable = _claimable_host(claimed_host)
    if claimable is None:
        return None
    claimed_domain = registrable_domain(claimable)
    if not claimed_domain or claimed_domain == registrable_domain(landing_host):
        return None
    site = Brand(name=claimed_domain, domains=(claimed_domain,), category=CLAIMED)
    judged = assess(Link(input=landing_host, url=f"http://{landing_host}/", host=landing_host),
                    BrandRegistry.of([site]))
    if judged.imitates != claimed_domain or not judged.reasons:
        return None
    claim = Reason(
        CLAIMS_NAMESAKE_CODE, CLAIMS_NAMESAKE,
        f"{which} on {landing_host} names {claimed_host} as its {label}, though it is not "
        f"that site: {judged.reasons[0].detail}",
    )
    return claim, site


def _claimable_host(host: str) -> str | None:
    """The host as a browser reaches it (Unicode, lower case), or None when no browser
    could: what the page wrote is attacker text, and a site it names must be one that can
    exist before we say the page imitates it."""
    try:
        return normalise_host(wire_host(host), strict=True)[0]
    except LinkError:
        return None


LANDING_PAGE = "landing page"
"""How the landing page is named in its reasons when a first page speaks too."""


def first_page_label(first: FirstPage) -> str:
    """How the page seen first is named in its reasons: ``page shown first (86400 s before
    its meta refresh)``."""
    return f"page shown first ({first.wait()})"


def first_page_evidence(raw: RawPage, url: str, via: str, delay: float, host: str,
                        registry: BrandRegistry) -> FirstPage:
    """``page_evidence`` of the page seen first, with where it was and how long it showed."""
    seen = page_evidence(raw, host, registry)
    return FirstPage(**vars(seen), url=url, via=via, delay=delay)


def counted_once(reasons: Sequence[Reason], earlier: Sequence[Reason]) -> list[Reason]:
    """``reasons`` with no points for a code ``earlier`` already scored: two pages that both
    claim welt.de are one claim, told twice (each page's words kept, for the reader)."""
    scored = {reason.code for reason in earlier if reason.points}
    return [Reason(r.code, 0, r.detail) if r.code in scored else r for r in reasons]


def chain_reasons(chain: Sequence[Hop], link_domain: str | None,
                  final_url: str | None) -> list[Reason]:
    """Shortener hops, long chains, and a landing on another domain than the link's. A hop
    through a redirect wrapper that names its destination (``l.facebook.com/l.php?u=…``)
    is no shortener's: ``assess`` does not call it one (``shorteners.hides_destination``)."""
    reasons: list[Reason] = []
    services: list[str] = []
    for hop in chain:
        host = host_of(hop.url)
        service = registrable_domain(host) if host else ""
        if service not in services and hides_destination(hop.url, host):
            services.append(service)
    if len(services) >= 2:
        reasons.append(Reason(
            SHORTENER_CHAIN_CODE, SHORTENER_CHAIN,
            f"the link passes through {len(services)} shorteners: {' → '.join(services)}",
        ))
    if len(chain) >= LONG_CHAIN_HOPS:
        reasons.append(Reason(
            REDIRECT_CHAIN_CODE, REDIRECT_CHAIN, f"the link takes {len(chain) - 1} redirects",
        ))
    final_domain = registrable_domain(host_of(final_url)) if host_of(final_url) else ""
    if link_domain and final_domain and final_domain != link_domain:
        reasons.append(Reason(
            LANDS_ELSEWHERE_CODE, LANDS_ELSEWHERE, f"{link_domain} leads to {final_domain}",
        ))
    return reasons


def card_reasons(card_domain: str | None, final_url: str | None) -> list[Reason]:
    """A link card that names one site while the link lands on another."""
    final_host = host_of(final_url)
    if not card_domain or not final_host:
        return []
    if shown_site(card_domain, final_host) is None:  # the one rule for every source
        return []
    landing = registrable_domain(final_host)
    return [Reason(
        CARD_MISMATCH_CODE, CARD_MISMATCH,
        f"the link card says {card_domain} but the link lands on {landing}",
    )]


def shown_reasons(shown: str | None, link_url: str | None, link_host: str,
                  final_url: str | None) -> list[Reason]:
    """A label over a shortener's link (``Link.shown``: ``[welt.de](https://bit.ly/x)``), or
    over a redirect wrapper that names one (``google.com/url?q=https://bit.ly/x``), that
    shows another site than the one the link lands on, by the one rule for every source
    (``shown_site``). Offline nothing can say (a shortener goes where it redirects, so
    ``assessment`` leaves it); other links' labels were judged there against their own
    site, or a wrapper's against the destination it names (``shorteners.leads``: it shows
    where it goes, and is no shortener whatever its host). Nothing when the label and the
    landing agree."""
    landing_host = host_of(final_url)
    if not shown or not landing_host or not link_host:
        return []
    service = leads(link_url, link_host).shortener
    if not service or shown_site(shown, landing_host) is None:
        return []
    landing = site_of(landing_host)
    return [signals.shown_elsewhere(" ".join(shown.split()), landing, card=False,
                                    shortener=service)]


def registration_reasons(domain: str, registration: Registration,
                         today: dt.date | None = None) -> list[Reason]:
    """Young domains: under 30 days strong, under a year weak; unknown age is no evidence."""
    if registration.created is None:
        return []
    created = registration_day(registration.created)
    if created is None:
        return []
    age = ((today or dt.datetime.now(dt.UTC).date()) - created).days
    if age < 0:
        return []
    when = f"{domain} was registered on {created.isoformat()}, {age} days ago"
    if age < 30:
        return [Reason(YOUNG_DOMAIN_CODE, YOUNG_STRONG, when)]
    if age < 365:
        return [Reason(YOUNG_DOMAIN_CODE, YOUNG_WEAK, when)]
    return []
