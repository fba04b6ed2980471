"""``assess``: from one link or domain to a verdict, by the name alone (no network).

The direction is reverse: given a domain, which protected brand does it imitate? The host is
checked as a host name first (bad input becomes verdict ``invalid`` with ``error``, never an
exception), then its registrable name (Public Suffix List, private suffixes included) is looked
up in the brand index by every technique, and the strongest match plus the brand-independent
signals make the reasons. The score is their clamped sum (``score.total``).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import idna

from threadscope.assessment import signals, techniques
from threadscope.assessment.confusables import skeleton
from threadscope.assessment.index import Target
from threadscope.assessment.registry import BrandRegistry, load_registry
from threadscope.assessment.score import total, verdict_for
from threadscope.assessment.suffixes import split_plain
from threadscope.errors import InputError, ThreadscopeError
from threadscope.links.shorteners import shorteners
from threadscope.models import Assessment, Link, Reason, Verdict
from threadscope.names import split_host

MAX_NAME = 253
MAX_LABEL = 63
"""RFC 1035 limits, counted on the ASCII (punycode) form."""

# A bare ASCII domain needs no link parsing: the common case in bulk lists, kept fast.
_PLAIN = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_-]{0,62}\.)+[A-Za-z][A-Za-z0-9-]{0,62}\.?")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?")
_DEFAULT_PORTS = {None, 80, 443}
_SPOOFABLE = re.compile(r"[01|]|rn|vv|cl")
"""ASCII that ``skeleton`` would change; kept here too to spare most names the call."""


@functools.cache
def default_registry() -> BrandRegistry:
    """The built-in registry (curated brands and the popular tier), loaded once."""
    return load_registry()


def assess(target: str | Link, registry: BrandRegistry | None = None) -> Assessment:
    """The verdict on one link or domain. Never raises for bad input: ``invalid`` + ``error``."""
    registry = registry or default_registry()
    if isinstance(target, str) and _PLAIN.fullmatch(target):
        host = target.lower().rstrip(".")
        if "xn--" not in host:
            # A bare ASCII domain, the common case in bulk lists: no link parsing needed.
            try:
                return _assess_host(target, f"https://{host}/", host, registry, (), None, True)
            except ThreadscopeError as error:
                return invalid(target, str(error))
    raw = target.input if isinstance(target, Link) else target
    try:
        if isinstance(target, str) and _hostlike(target):
            # A bare host name the fast path refused (a label too long, an empty label,
            # punycode, Unicode letters): the host checks judge it, no link parsing needed.
            host = target.lower().rstrip(".")
            target = Link(input=target, url=f"https://{host}/", host=host)
        link = target if isinstance(target, Link) else to_link(target)
        return _assess_link(link, registry)
    except ThreadscopeError as error:
        return invalid(raw, str(error))
    except (ValueError, UnicodeError) as error:  # from urllib/idna on hostile input
        return invalid(raw, f"not a usable link ({type(error).__name__})")


def assess_many(
    targets: Iterable[str | Link], registry: BrandRegistry | None = None
) -> Iterator[Assessment]:
    """Assess a stream lazily: one assessment per target, in order, with flat memory."""
    registry = registry or default_registry()
    for target in targets:
        yield assess(target, registry)


def invalid(raw: str, error: str) -> Assessment:
    return Assessment(
        input=raw,
        url=None,
        domain=None,
        registrable_domain=None,
        verdict=Verdict.INVALID,
        score=0,
        error=error,
    )


def _hostlike(raw: str) -> bool:
    """Only letters, digits, hyphens, underscores and dots, already in NFKC form (so nothing
    for ``links`` to fold or record as an evasion), with a dot before a letter."""
    if not raw or not all(c.isalnum() or c in "-._" for c in raw):
        return False
    return "." in raw.strip(".") and unicodedata.is_normalized("NFKC", raw)


def to_link(raw: str) -> Link:
    """A target string as a Link, through ``threadscope.links`` (defanging, NFKC, IDNA …)."""
    if not raw.strip():
        raise InputError("empty input")
    # Imported on use: ``links`` sits upstream and is only needed for non-trivial targets.
    links = importlib.import_module("threadscope.links")
    link: Link = links.parse_target(raw)
    return link


# --------------------------------------------------------------------------- the pipeline


def _assess_link(link: Link, registry: BrandRegistry) -> Assessment:
    host = link.host.lower().rstrip(".")
    if not host:
        raise InputError("no host name")
    address = _ip(host)
    extra = _url_reasons(link)
    if address is not None:
        reasons = [signals.ip_host(address), *extra]
        return _verdict(link.input, link.url, address, None, reasons, None, link.card_domain)
    _check_host(host)
    return _assess_host(link.input, link.url, host, registry, extra, link.card_domain)


def _assess_host(
    raw: str,
    url: str,
    host: str,
    registry: BrandRegistry,
    extra: Sequence[Reason] = (),
    card_domain: str | None = None,
    plain: bool = False,
) -> Assessment:
    """Judge a checked host name; ``extra`` holds what the link itself gave away. ``plain``:
    the host is lower-case ASCII without punycode, which ``split_plain`` splits fastest."""
    if len(host) > MAX_NAME:
        raise InputError(f"host name longer than {MAX_NAME} characters")
    split = split_plain(host) if plain else None
    if split is None:
        parts = split_host(host)
        split = parts.subdomain, parts.name, parts.suffix
    subdomain, name, suffix = split
    if not suffix:
        raise InputError(f"{host[:80]}: no known public suffix")
    if not name:
        # The host is itself a (private) suffix, such as github.io or cloudapp.net: judge it
        # as the name it reads as.
        name, _, suffix = suffix.partition(".")
        if not suffix:
            raise InputError(f"{host[:80]}: a top-level domain alone is not a host")
    registrable = f"{name}.{suffix}"
    owner = None
    if host in registry.domains or registrable in registry.domains:
        owner = registry.by_domain.get(host) or registry.by_domain.get(registrable)
    if owner is None and host.count(".") > 1:
        # A brand listed by a public suffix (www.gov.uk) or by a subdomain (abcnews.go.com).
        owner = registry.parent_owner(host)
    if registrable in shorteners() or host in shorteners():
        return _shortened(raw, url, host, registrable, extra, card_domain)
    if owner is not None:
        return _official(raw, url, host, registrable, owner.name, extra, card_domain)
    if name.startswith("xn--"):
        name = _decode(name)
    best = _best(registry, url, host, name, suffix, subdomain)
    abused_suffix = suffix in signals.abused_suffixes()
    if best is None and not abused_suffix and not extra and name.isascii():
        return _benign(raw, url, host, registrable, card_domain)  # most names in a bulk list
    reasons: list[Reason] = [best.reason] if best else []
    if abused_suffix:
        curated = best is not None and techniques.full_weight(best.target)
        abused = signals.abused_tld(suffix, with_brand=curated)
        if abused is not None:
            reasons.append(abused)
    if not name.isascii():
        mixed = signals.mixed_script(name)
        if mixed is not None:
            reasons.append(mixed)
    if extra:
        reasons.extend(r for r in extra if not (best and r.code == best.reason.code))
    target = best.target if best else None
    return _verdict(raw, url, host, registrable, reasons, target, card_domain)


def _verdict(
    raw: str,
    url: str,
    host: str,
    registrable: str | None,
    reasons: list[Reason],
    target: Target | None,
    card_domain: str | None,
) -> Assessment:
    score = 0
    for reason in reasons:
        score += reason.points
    score = 100 if score > 100 else max(score, 0)  # score.total, without a generator
    imitates, brand = (target.main, target.brand.name) if target else (None, None)
    return _assessment(
        raw, url, host, registrable, verdict_for(score) if score else Verdict.BENIGN,
        score, imitates, tuple(reasons), brand, card_domain,
    )  # fmt: skip


_DEFAULTS = {
    f.name: None if f.default is dataclasses.MISSING else f.default
    for f in dataclasses.fields(Assessment)
}
"""Every field in declaration order, with its default (None for the required ones)."""
_FACTORIES = {
    f.name: f.default_factory
    for f in dataclasses.fields(Assessment)
    if f.default_factory is not dataclasses.MISSING
}
_LAYOUT: dict[str, Any] = {
    "input": None, "url": None, "domain": None, "registrable_domain": None, "verdict": None,
    "score": None, "imitates": None, "reasons": (), "final_url": None, "chain": (),
    "error": None, "registration": None, "page": None, "brand": None, "card_domain": None,
    "unresolved": False,
}  # fmt: skip
_KNOWN_LAYOUT = list(_DEFAULTS.items()) == list(_LAYOUT.items()) and not _FACTORIES
"""``_assessment`` writes these fields out; a field added to ``Assessment`` since makes it
take the generic way."""


def _assessment(
    raw: str,
    url: str | None,
    host: str | None,
    registrable: str | None,
    verdict: Verdict,
    score: int,
    imitates: str | None,
    reasons: tuple[Reason, ...],
    brand: str | None,
    card_domain: str | None,
) -> Assessment:
    """``Assessment(...)`` without the frozen dataclass ``__init__``, which costs one
    ``object.__setattr__`` per field (about 2 µs, as much as judging a name in a bulk run).
    The result is the same object: every field set, the others at their defaults, still
    immutable."""
    if not _KNOWN_LAYOUT:
        return _built(
            input=raw, url=url, domain=host, registrable_domain=registrable, verdict=verdict,
            score=score, imitates=imitates, reasons=reasons, final_url=url, brand=brand,
            card_domain=card_domain,
        )  # fmt: skip
    assessment: Assessment = object.__new__(Assessment)
    fields = _LAYOUT.copy()
    fields["input"] = raw
    fields["url"] = url
    fields["domain"] = host
    fields["registrable_domain"] = registrable
    fields["verdict"] = verdict
    fields["score"] = score
    fields["imitates"] = imitates
    fields["reasons"] = reasons
    fields["final_url"] = url
    fields["brand"] = brand
    fields["card_domain"] = card_domain
    object.__setattr__(assessment, "__dict__", fields)
    return assessment


def _built(**values: Any) -> Assessment:
    """The generic ``_assessment``, for any layout of ``Assessment``."""
    assessment: Assessment = object.__new__(Assessment)
    fields = assessment.__dict__
    fields.update(_DEFAULTS)
    for name, factory in _FACTORIES.items():
        fields[name] = factory()
    fields.update(values)
    return assessment


def _benign(
    raw: str, url: str, host: str, registrable: str, card_domain: str | None
) -> Assessment:
    """``_verdict`` without reasons: a bulk run builds this for most names."""
    return _assessment(raw, url, host, registrable, Verdict.BENIGN, 0, None, (), None, card_domain)


def _official(
    raw: str,
    url: str,
    host: str,
    registrable: str,
    brand: str,
    extra: Sequence[Reason],
    card_domain: str | None,
) -> Assessment:
    reasons = tuple(extra)
    score = total(reasons) if reasons else 0
    return _assessment(
        raw, url, host, registrable, Verdict.OFFICIAL, score, None, reasons, brand, card_domain
    )


def _shortened(
    raw: str,
    url: str,
    host: str,
    registrable: str,
    extra: Sequence[Reason],
    card_domain: str | None,
) -> Assessment:
    """t.co is X's own domain, but a t.co link is not X's content: it is only a pointer.

    Calling it ``official`` would read as "this link is fine"; offline we cannot know where it
    leads, so it is judged on what we can see (evasions), with the shortener said in words.
    """
    detail = f"{registrable} is a link shortener: where it leads is known only by following it"
    if card_domain:
        detail += f"; its link card claims {card_domain}"
    reasons = (*extra, Reason("shortener", 0, detail))
    score = total(reasons)
    return _assessment(
        raw, url, host, registrable, verdict_for(score), score, None, reasons, None, card_domain
    )


def _best(
    registry: BrandRegistry, url: str, host: str, name: str, suffix: str, subdomain: str
) -> techniques.Match | None:
    """The strongest brand match of any technique (the first of equals, in the order below).
    Each technique runs only when a cheap probe says it can match, because most names in a
    bulk list match nothing and the probes are then their whole cost."""
    index = registry.index
    names = index.keys
    matches: list[techniques.Match] = []
    if name in names:
        matches.extend(techniques.tld_swap(index, name, suffix))
    if name.isascii():
        # An ASCII name that is its own skeleton disguises nothing (``homoglyph`` says so).
        if _SPOOFABLE.search(name):
            skel = skeleton(name)
            if skel != name and skel in index.skeletons:
                matches.extend(techniques.homoglyph(index, name, suffix, skel))
        near = index.near(name)
        if near:
            matches.extend(techniques.typo(index, name, suffix, near))
        if name.startswith("www"):
            matches.extend(techniques.missing_dot(index, name, suffix))
        if "-" in name:
            if techniques.may_be_hyphenated(index, name):
                matches.extend(techniques.hyphenated(index, name, suffix))
        elif techniques.may_be_glued(index, name):
            matches.extend(techniques.glued(index, name, suffix))
    else:
        skel = skeleton(name)
        if skel in index.skeletons:
            matches.extend(techniques.homoglyph(index, name, suffix, skel))
    if subdomain and subdomain != "www" and any(p in names for p in subdomain.split(".")):
        matches.extend(_brand_subdomain(registry, host, subdomain, name))
    if "@" in url:
        matches.extend(_userinfo(registry, url, host))
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0]
    return max(matches, key=lambda m: (m.reason.points, -m.target.brand.tier))


# --------------------------------------------------------------------------- host checks


def _ip(host: str) -> str | None:
    """The address for an IP literal host (``[::1]`` or ``192.0.2.1``); raises for broken ones."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare or host.startswith("["):
        try:
            return str(ipaddress.IPv6Address(bare.split("%", 1)[0]))
        except ValueError as error:
            raise InputError(f"broken IPv6 literal: {host[:80]}") from error
    if bare.replace(".", "").isdigit():
        try:
            return str(ipaddress.IPv4Address(bare))
        except ValueError as error:
            raise InputError(f"not a valid IPv4 address or host name: {host[:80]}") from error
    return None


def _check_host(host: str) -> None:
    """Enforce RFC 1035 lengths (on the punycode form), host-name characters and punycode
    that decodes; ``InputError`` says what is wrong."""
    labels = host.split(".")
    ascii_length = len(labels) - 1
    for label in labels:
        if not label:
            raise InputError(f"empty label in host name: {host[:80]}")
        if label.isascii():
            encoded = label
            if not _LABEL.fullmatch(label):
                raise InputError(f"character not allowed in a host name: {label[:80]}")
            _decode(label)
        else:
            if not all(c.isalnum() or c in "-_" or _is_mark(c) for c in label):
                raise InputError(f"character not allowed in a host name: {label[:80]}")
            encoded = "xn--" + label.encode("punycode").decode("ascii")
        if len(encoded) > MAX_LABEL:
            raise InputError(f"label longer than {MAX_LABEL} characters: {label[:40]}…")
        ascii_length += len(encoded)
    if ascii_length > MAX_NAME:
        raise InputError(f"host name longer than {MAX_NAME} characters")


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _decode(label: str) -> str:
    """``xn--wlt-rdd`` → ``wеlt``; broken punycode is an input error.

    IDNA 2008 (the ``idna`` package) decides what is broken. Labels that decode but hold
    code points IDNA 2008 disallows (emoji domains registered under IDNA 2003 rules) are
    shown decoded all the same: they exist, and a reader sees them that way.
    """
    if not label.startswith("xn--"):
        return label
    try:
        return str(idna.decode(label)).lower()
    except idna.InvalidCodepoint:
        return label[4:].encode("ascii").decode("punycode").lower()
    except (idna.IDNAError, UnicodeError, ValueError) as error:
        raise InputError(f"broken punycode label: {label[:80]}") from error


def _url_reasons(link: Link) -> list[Reason]:
    reasons = [signals.evasion(code) for code in link.evasions]
    try:
        port = urlsplit(link.url).port
    except ValueError as error:
        raise InputError("invalid port in link") from error
    if port not in _DEFAULT_PORTS and port is not None:
        reasons.append(signals.port(port))
    return reasons


# --------------------------------------------------------------------------- host tricks


def _brand_subdomain(
    registry: BrandRegistry, host: str, subdomain: str, name: str
) -> Iterator[techniques.Match]:
    """``welt.de.news-today.com``: a brand's domain written as the start of another host."""
    labels = [*subdomain.split("."), name]
    registrable = split_host(host).registrable
    for i in range(len(labels) - 1):
        for width in (2, 3):
            window = ".".join(labels[i : i + width])
            if i + width > len(labels) or window not in registry.by_domain:
                continue
            brand = registry.by_domain[window]
            target = Target.of(window, brand)
            if target is None:
                continue
            points = 80 if brand.tier == 1 else 45
            detail = f"{window} is written as a subdomain of {registrable}, which is not theirs"
            yield techniques.Match(target, Reason("brand-subdomain", points, detail))


def _userinfo(registry: BrandRegistry, url: str, host: str) -> Iterator[techniques.Match]:
    """``https://welt.de@evil.example/``: browsers skip everything before the @."""
    try:
        shown = (urlsplit(url).username or "").lower()
    except ValueError:
        return
    if "." not in shown:
        return
    brand = registry.official(shown)
    if brand is None:
        return
    target = Target.of(shown, brand)
    if target is None:
        return
    detail = f"the link shows {shown} before an @, but it leads to {host}"
    yield techniques.Match(target, Reason("userinfo", 75 if brand.tier == 1 else 50, detail))
