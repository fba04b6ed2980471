"""The protected-brand registry: which domains belong to which outlet, ministry or platform.

Three shipped lists: ``data/brands.tsv`` (curated, tier 1, with country and category),
``data/outlets.tsv`` (known news outlets from public lists, tier 2, category ``news``, with
their market where known) and ``data/popular.txt`` (a popularity ranking, tier 2, category
``popular``). ``--brands FILE`` extends them with lines of ``domain`` or
``Brand name<TAB>domain1,domain2,...``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from threadscope.assessment.suffixes import split_plain
from threadscope.errors import InputError
from threadscope.gcpause import cycles_uncollected
from threadscope.links import LinkError, is_ip_literal, parse_target
from threadscope.links.hosts import MAX_LABEL, MAX_NAME, decode_label
from threadscope.models import Brand
from threadscope.names import DomainParts, registrable_domain, split_host

if TYPE_CHECKING:
    from threadscope.assessment.index import BrandIndex


@dataclass(frozen=True)
class BrandRegistry:
    brands: tuple[Brand, ...]
    by_domain: Mapping[str, Brand] = field(default_factory=dict)

    @classmethod
    def of(cls, brands: Iterable[Brand]) -> BrandRegistry:
        ordered = tuple(brands)
        by_domain: dict[str, Brand] = {}
        parents: list[tuple[str, Brand]] = []
        for brand in ordered:
            for domain in brand.domains:
                # A curated brand wins over a popularity-tier entry for the same domain.
                current = by_domain.get(domain)
                if current is None or brand.tier < current.tier:
                    by_domain[domain] = brand
            if brand.tier == 1:
                parents += ((parent, brand) for parent in _plain_parents(brand.domains))
        for parent, brand in parents:  # after every listed domain: a listing wins
            by_domain.setdefault(parent, brand)
        for domain, brand in list(by_domain.items()):
            if "xn--" in domain:  # a few dozen at most: the lists write IDNs in punycode
                decoded = _decoded(domain)
                if decoded is not None:
                    by_domain.setdefault(decoded, brand)
        return cls(ordered, by_domain)

    def official(self, host: str) -> Brand | None:
        """The brand owning ``host`` (any subdomain of an official domain counts), or None."""
        host = host.lower().rstrip(".")
        found = self.by_domain.get(host) or self.by_domain.get(registrable_domain(host))
        return found or self.parent_owner(host)

    def parent_owner(self, host: str) -> Brand | None:
        """The curated brand owning a parent of ``host``, for brands whose domain is itself
        a public suffix (www.gov.uk under gov.uk) or a subdomain (abcnews.go.com). Popular
        entries never count here: subdomains of github.io or blogspot.com are anyone's."""
        if not host.endswith(self._deep_tails):
            return None
        labels = host.split(".")
        for start in range(1, len(labels) - 1):
            found = self.by_domain.get(".".join(labels[start:]))
            if found is not None and found.tier == 1:
                return found
        return None

    @functools.cached_property
    def domains(self) -> frozenset[str]:
        """Every official domain: most hosts in a bulk list belong to no brand, and a set
        says so touching half the memory the ``by_domain`` dict does."""
        return frozenset(self.by_domain)

    @functools.cached_property
    def _deep_tails(self) -> tuple[str, ...]:
        deep = []
        for domain, brand in self.by_domain.items():
            if brand.tier != 1:  # 800 curated domains of 17,000: split only those
                continue
            plain = split_plain(domain) if domain.isascii() and "xn--" not in domain else None
            parts = DomainParts(*plain) if plain is not None else split_host(domain)
            if parts.subdomain or not parts.name:
                deep.append(f".{domain}")
        return tuple(deep)

    def complete(self) -> BrandRegistry:
        """Build every lazy part now, the index's too (before forking workers, which then
        share them instead of each building its own)."""
        self.domains  # noqa: B018
        self._deep_tails  # noqa: B018
        self.index.complete()
        return self

    @functools.cached_property
    def index(self) -> BrandIndex:
        """Lookup maps for every technique, built on first use and kept with the registry."""
        from threadscope.assessment.index import BrandIndex

        return BrandIndex.build(self.brands)


def _decoded(domain: str) -> str | None:
    """``xn--ngstr-lra8j.com`` as a link's host reaches the registry (``ångströ.com``: hosts
    are decoded, as readers see them), or None for punycode that does not decode."""
    try:
        return ".".join(decode_label(label) for label in domain.split("."))
    except LinkError:
        return None


def _plain_parents(domains: Iterable[str]) -> Iterator[str]:
    """The registrable domains of a brand's domains listed by a subdomain that names no
    brand (``www.example.com``, ``news.example.co.uk`` in ``--brands``): the index keys such
    a domain by its registrable name, so ``imitates`` names that domain, and it is the
    brand's own (else ``example.com`` were a look-alike of itself)."""
    for domain in domains:
        if domain.count(".") < 2:  # most are a name and a one-label suffix: no subdomain
            continue
        plain = split_plain(domain) if domain.isascii() and "xn--" not in domain else None
        parts = DomainParts(*plain) if plain is not None else split_host(domain)
        if parts.subdomain and parts.name:
            from threadscope.assessment.index import PLAIN_SUBDOMAINS  # a subdomain: rare

            if parts.subdomain.rsplit(".", 1)[-1] in PLAIN_SUBDOMAINS:
                yield parts.registrable


def parse_tsv(lines: Iterable[str], source: str) -> list[Brand]:
    """The shipped format: ``name<TAB>country<TAB>category<TAB>domain,domain``."""
    brands: list[Brand] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise InputError(f"{source}:{number}: expected 4 tab-separated fields")
        name, country, category, domains = parts
        brands.append(
            Brand(
                name=name,
                domains=tuple(d.strip().lower() for d in domains.split(",") if d.strip()),
                country=country or None,
                category=category or None,
            )
        )
    return brands


def parse_user_brands(lines: Iterable[str], source: str) -> list[Brand]:
    """``--brands FILE``: ``domain`` or ``Brand name<TAB>domain1,domain2,...`` per line.

    Each domain goes through the same checks as a pasted link, so a broken punycode label or
    a 64-character label is refused with its line number instead of becoming "official".
    """
    brands: list[Brand] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, domains = line.partition("\t") if "\t" in line else (line, "", line)
        try:
            if "," in domains:
                listed = tuple(
                    _user_domain(d.strip(), source, number) for d in domains.split(",") if d.strip()
                )
            else:  # one domain, as in most lines: no generator (a million lines, a second)
                one = domains.strip()
                listed = (_user_domain(one, source, number),) if one else ()
        except InputError:
            if _names_no_domain(raw, line):
                raise InputError(_no_domain(f"{source}:{number}", name)) from None
            raise
        if not listed:
            raise InputError(_no_domain(f"{source}:{number}", name))
        brands.append(Brand(name=name.strip(), domains=listed, category="user"))
    return brands


def _names_no_domain(raw: str, line: str) -> bool:
    """True for a line ``Name<TAB>`` with nothing after the tab: stripped, it reads as a
    bare domain (still taken when the name is one, as before), so its refusal must say
    that the line names no domain, not that ``Name`` is a bad one."""
    return "\t" not in line and raw.rstrip("\r\n").rstrip(" ").endswith("\t")


def _no_domain(where: str, name: str) -> str:
    return (f"{where}: {name.strip()[:80]!r} names no domain: expected 'domain' or "
            "'Name<TAB>domain,domain'")


_PLAIN_DOMAIN = re.compile(
    r"(?:[a-z0-9]{1,63}(?:-[a-z0-9]+)*\.)+[a-z]{2,63}", re.ASCII | re.IGNORECASE)
"""A domain written plainly: labels of ASCII letters, digits and single inner hyphens, a
top level of letters. Such a domain is its own host, lower-cased: ``parse_target`` (fold,
URL parse, IDNA checks: 150 µs) returns just that, so a list of a million outlets is read
in seconds. Anything else (Unicode, punycode, ``--``, a URL, a defanged dot) goes through
``parse_target``, which also refuses it with its reason. A plain domain that starts with
``hxxp`` or ``fxp`` is plain too: ``parse_target`` refangs those letters only as a scheme
(``fxpro.com`` stays ``fxpro.com``), so the shortcut and it agree."""


def _user_domain(text: str, source: str, number: int) -> str:
    """A ``--brands`` domain as a host, or an ``InputError`` naming ``source:number``."""
    if (len(text) <= MAX_NAME and _PLAIN_DOMAIN.fullmatch(text)
            and (len(text) <= MAX_LABEL  # no label can be too long: no split
                 or all(len(label) <= MAX_LABEL for label in text.split(".")))):
        lowered = text.lower()
        return text if lowered == text else lowered  # one string for name and domain
    where = f"{source}:{number}"
    try:
        link = parse_target(text)
    except LinkError as error:
        raise InputError(f"{where}: {text[:80]!r}: {_domain_problem(text, error)}") from error
    if is_ip_literal(link.host) or "." not in link.host or any(c in text for c in "/@:"):
        raise InputError(f"{where}: {text[:80]!r}: expected a domain name, not a URL or address")
    return link.host


def _domain_problem(text: str, error: LinkError) -> str:
    """What is wrong with a brand's domain, in a user's words: a stray ``[`` or ``]``
    (``welt].de``, a bracket copied from Markdown) made the URL parser read an IPv6 address,
    and "broken IPv6 literal" named a thing the user never wrote."""
    if "[" in text or "]" in text:
        return ("a domain name holds no '[' or ']' (only a defanged dot, '[.]', may be "
                "written so): write the domain alone, as in welt.de")
    return str(error)


@functools.cache
def builtin_brands() -> tuple[Brand, ...]:
    text = resources.files("threadscope.data").joinpath("brands.tsv").read_text("utf-8")
    return tuple(parse_tsv(text.splitlines(), "brands.tsv"))


@functools.cache
def popular_brands() -> tuple[Brand, ...]:
    """Tier 2: widely used domains from a popularity ranking (``data/popular.txt``)."""
    text = resources.files("threadscope.data").joinpath("popular.txt").read_text("utf-8")
    return tuple(parse_popular(text.splitlines()))


@functools.cache
def outlet_brands() -> tuple[Brand, ...]:
    """Tier 2: known news outlets from public lists (``data/outlets.tsv``)."""
    text = resources.files("threadscope.data").joinpath("outlets.tsv").read_text("utf-8")
    return tuple(parse_outlets(text.splitlines()))


def parse_outlets(lines: Iterable[str]) -> list[Brand]:
    """``domain<TAB>market<TAB>name<TAB>source``; each outlet is its own brand, named after
    its name where the list gives one, else its domain."""
    brands: list[Brand] = []
    for line in lines:
        if not line or line.startswith("#"):
            continue
        domain, market, name, _ = line.split("\t")
        brands.append(
            Brand(name or domain, (domain,), market or None, category="news", tier=2)
        )
    return brands


def parse_popular(lines: Iterable[str]) -> list[Brand]:
    """One domain a line; each is its own brand, named after the domain."""
    brands: list[Brand] = []
    for raw in lines:
        domain = raw.strip().lower()
        if domain and not domain.startswith("#"):
            brands.append(Brand(name=domain, domains=(domain,), category="popular", tier=2))
    return brands


def load_registry(
    extra: Path | None = None, *, popular: bool = True, exclude: Collection[str] = ()
) -> BrandRegistry:
    """Curated brands, then ``--brands`` entries, then (unless ``popular=False``) tier 2: the
    known outlets, then the popular domains not already listed. ``exclude`` leaves domains
    out of tier 2, so that an evaluation can judge outlets the registry does not know."""
    if not popular and not exclude and extra is None:
        return _curated()
    if popular and not exclude and extra is None:
        return _builtin()
    return BrandRegistry.of(_brands(extra, popular, frozenset(exclude)))


@functools.cache
def _curated() -> BrandRegistry:
    return BrandRegistry.of(_brands(None, False, frozenset()))


@functools.cache
def _builtin() -> BrandRegistry:
    with cycles_uncollected():
        return BrandRegistry.of(_brands(None, True, frozenset()))


def _brands(extra: Path | None, popular: bool, exclude: frozenset[str]) -> list[Brand]:
    brands = list(builtin_brands())
    if extra is not None:
        # Imported here: the ingest package loads every dump format (bs4 among them), which
        # no command needs just to know its brands.
        from threadscope.ingest.source import read_source

        text = read_source(str(extra)).text  # bad bytes surface as a refused domain line
        brands.extend(parse_user_brands(text.splitlines(), str(extra)))
    if popular:
        listed = {domain for brand in brands for domain in brand.domains} | exclude
        for brand in (*outlet_brands(), *popular_brands()):
            domain = brand.domains[0]
            if domain not in listed:
                listed.add(domain)
                brands.append(brand)
    return brands
