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
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from threadscope.assessment import model, signals, techniques
from threadscope.assessment.index import BrandIndex, Target
from threadscope.assessment.markets import private_suffixes
from threadscope.assessment.registry import BrandRegistry, load_registry
from threadscope.assessment.score import total, verdict_for
from threadscope.assessment.suffixes import split_plain
from threadscope.errors import InputError, ThreadscopeError
from threadscope.links import parse_target
from threadscope.links.fold import (
    BIDI_CODE,
    BIDI_CONTROL,
    HIDDEN,
    ZERO_WIDTH_CODE,
    hidden_characters,
)
from threadscope.links.hosts import MAX_NAME, check_host, decode_label, ip_literal
from threadscope.links.redirects import embedded_destination
from threadscope.links.shorteners import SHORTENER_CODE, leads, shorteners
from threadscope.links.shown import shown_site
from threadscope.models import (
    LOOKALIKE_THRESHOLD,
    SUSPICIOUS_THRESHOLD,
    UNOPENABLE_CODE,
    Assessment,
    Link,
    Reason,
    Verdict,
)
from threadscope.names import registrable_domain, split_host

# A bare ASCII domain needs no link parsing: the common case in bulk lists, kept fast.
_PLAIN = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_-]{0,62}+\.)+[A-Za-z][A-Za-z0-9-]{0,62}+\.?")
"""Possessive (``{0,62}+``): a label never gives letters back, which no match needs (a dot
ends it), so the last label is not retried letter by letter as a subdomain's."""
_DEFAULT_PORTS = {None, 80, 443}
_BENIGN = Verdict.BENIGN
"""Most names' verdict, as a global: an enum member looked up on its class costs 50 ns."""


@functools.cache
def default_registry() -> BrandRegistry:
    """The built-in registry (curated brands and the popular tier), loaded once."""
    return load_registry()


def prepare(registry: BrandRegistry) -> BrandRegistry:
    """Build now every table that assessing builds on first use: the registry's and its
    index's lazy parts, the points table, the suffix lists, tldextract's trie. Workers forked
    afterwards share them; each would otherwise build its own (0.1–0.2 s apiece)."""
    registry.complete()
    model.points_table()
    signals.abused_suffixes()
    shorteners()
    split_plain("example.com")  # the suffix trie
    split_host.__wrapped__("example.com")  # tldextract's trie, for hosts split_plain leaves
    return registry


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
            # Unicode letters): the host checks judge it, no link parsing needed.
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
    for ``links`` to fold or record as an evasion), with a dot before a letter. Not the
    Hangul fillers, letters that show as nothing (``w\u115felt.ltd`` is welt.ltd). Not
    punycode either: ``links`` shows ``xn--wlt-rdd.de`` as the reader sees it, ``wеlt.de``, and
    records the ``punycode`` evasion, as it does for the same name in a link."""
    if not raw or not all(c.isalnum() or c in "-._" for c in raw):
        return False
    if "xn--" in raw.lower():
        return False
    if not raw.isascii() and not HIDDEN.isdisjoint(raw):
        return False
    return "." in raw.strip(".") and unicodedata.is_normalized("NFKC", raw)


def to_link(raw: str) -> Link:
    """A target string as a Link, through ``threadscope.links`` (defanging, NFKC, IDNA …)."""
    if not raw.strip():
        raise InputError("empty input")
    return parse_target(raw)


# --------------------------------------------------------------------------- the pipeline


def _assess_link(link: Link, registry: BrandRegistry) -> Assessment:
    if link.malformed is not None:
        return _unopenable(link, registry)
    host = link.host.lower().rstrip(".")
    if not host:
        raise InputError("no host name")
    address = ip_literal(host)
    extra = _url_reasons(link)
    if address is not None:
        reasons = [signals.ip_host(address), *extra]
        return _verdict(link.input, link.url, address, None, reasons, None, link.card_domain)
    check_host(host)
    assessment = _assess_host(link.input, link.url, host, registry, extra, link.card_domain)
    if link.shown is not None:
        return dataclasses.replace(assessment, shown=link.shown)
    return assessment


def _unopenable(link: Link, registry: BrandRegistry) -> Assessment:
    """A link no browser opens (``Link.malformed``: ``https://spiegel.ltd:99999/a``,
    ``https://welt%00.ltd/x``), judged by its host name as the same name in a link that
    opens, and said to be one that cannot be opened: ``url`` the link as written (so reports
    show it and a wrapper's destination is found by it), ``error`` why, the ``unopenable``
    reason (0 points) last, which keeps it from being followed. Dropped, it evaded the audit
    while its name still did its work on the reader."""
    host = f"[{link.host}]" if ":" in link.host else link.host
    opening = dataclasses.replace(link, url=f"https://{host}/", malformed=None)
    judged = _assess_link(opening, registry)
    detail = f"no browser opens this link ({link.malformed}): judged by its host name alone"
    reasons = (*judged.reasons, Reason(UNOPENABLE_CODE, 0, detail))
    return dataclasses.replace(
        judged, url=link.url, final_url=link.url, error=link.malformed, reasons=reasons
    )


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
    whole = split is not None  # ``split_plain`` splits the host itself, every letter kept
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
        whole = False
        if not suffix:
            raise InputError(f"{host[:80]}: a top-level domain alone is not a host")
    # Without a subdomain, the host is its own registrable domain: the same string, whose
    # hash the look-ups below then share (most names in a bulk list).
    registrable = host if whole and not subdomain else f"{name}.{suffix}"
    owner = None
    domains = registry.domains
    if host in domains or (registrable != host and registrable in domains):
        owner = registry.by_domain.get(host) or registry.by_domain.get(registrable)
    if owner is None and host.count(".") > 1:
        # A brand listed by a public suffix (www.gov.uk) or by a subdomain (abcnews.go.com).
        owner = registry.parent_owner(host)
    services = shorteners()
    if (registrable in services or host in services) and embedded_destination(url) is None:
        return _shortened(raw, url, host, registrable, extra, card_domain)
    if owner is not None:
        return _official(raw, url, host, registrable, owner.name, extra, card_domain)
    if name.startswith("xn--"):
        name = decode_label(name)
    best = _best(registry, url, host, name, suffix, subdomain, registrable)
    abused_suffix = suffix in signals.abused_suffixes()
    if best is None and not abused_suffix and not extra and name.isascii():
        # Most names in a bulk list: ``_verdict`` without reasons (``_assessment``, inline).
        return _new_assessment(
            raw, url, host, registrable, _BENIGN, 0, None, (),
            url, (), None, None, None, None, card_domain, False, None,
        )  # fmt: skip
    reasons: list[Reason] = list(best.reasons) if best else []
    if abused_suffix and not any(r.code == "abused-tld" for r in reasons):
        abused = signals.abused_tld(suffix, with_brand=False)
        if abused is not None:
            reasons.append(abused)
    if not name.isascii():
        mixed = signals.mixed_script(name)
        if mixed is not None:
            reasons.append(mixed)
    if extra:
        first = reasons[0].code if best else None
        reasons.extend(r for r in extra if r.code != first)
    return _verdict(raw, url, host, registrable, reasons, imitated(best), card_domain)


def imitated(best: Scored | None) -> Target | None:
    """The brand a name is said to imitate (``imitates``, ``brand``): the best match's, when
    its look-alike reasons add up to more than nothing. never-answers.net is answers.com's
    name with a word, but a word that makes it a name of its own (-24): beside its score of
    0, "imitates answers.com" would mislead the reader; on .xyz, the points of the suffix
    alone do not make it a copy of answers.com either. Every output reads ``imitates``, so
    this is the one place the rule lives."""
    if best is None:
        return None
    points = 0
    for reason in best.reasons:
        points += reason.points
    return best.target if points > 0 else None


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
    """An offline assessment: the final URL is the URL itself. The arguments go by
    position, a fifth cheaper than by keyword for a name in bulk runs, in the order of the
    fields: tests/assessment/test_core.py checks each field by name."""
    return _new_assessment(
        raw, url, host, registrable, verdict, score, imitates, reasons,
        url, (), None, None, None, brand, card_domain, False, None,
    )  # fmt: skip


_ASSESSMENT_FIELDS = (
    "input", "url", "domain", "registrable_domain", "verdict", "score", "imitates", "reasons",
    "final_url", "chain", "error", "registration", "page", "brand", "card_domain", "unresolved",
    "first_page", "shown",
)  # fmt: skip


def _fields_filled(
    input: str,
    url: str | None,
    domain: str | None,
    registrable_domain: str | None,
    verdict: Verdict,
    score: int,
    imitates: str | None,
    reasons: tuple[Reason, ...],
    final_url: str | None,
    chain: tuple[()],
    error: str | None,
    registration: None,
    page: None,
    brand: str | None,
    card_domain: str | None,
    unresolved: bool,
    first_page: None,
    shown: str | None = None,
) -> Assessment:
    """``Assessment(...)`` with every field given (``shown`` is None: ``_assess_link`` sets
    it for the few links shown as another), the same object at a third of the cost:
    a frozen dataclass's ``__init__`` sets each of its 17 fields through
    ``object.__setattr__``, which cost some 10 % of a bulk run's CPU; here they go into the
    instance's dictionary in field order (so it shares its keys as the dataclass's would).
    Used only while the fields are exactly these and ``Assessment`` has no ``__post_init__``
    (``_new_assessment``); tests/assessment/test_core.py compares it with the constructor."""
    item = _bare(Assessment)
    fields = item.__dict__
    fields["input"] = input
    fields["url"] = url
    fields["domain"] = domain
    fields["registrable_domain"] = registrable_domain
    fields["verdict"] = verdict
    fields["score"] = score
    fields["imitates"] = imitates
    fields["reasons"] = reasons
    fields["final_url"] = final_url
    fields["chain"] = chain
    fields["error"] = error
    fields["registration"] = registration
    fields["page"] = page
    fields["brand"] = brand
    fields["card_domain"] = card_domain
    fields["unresolved"] = unresolved
    fields["first_page"] = first_page
    fields["shown"] = shown
    return item


_bare = object.__new__
_new_assessment: Callable[..., Assessment] = (
    _fields_filled
    if tuple(f.name for f in dataclasses.fields(Assessment)) == _ASSESSMENT_FIELDS
    and not hasattr(Assessment, "__post_init__")
    and not hasattr(Assessment, "__slots__")
    else Assessment
)
"""The plain constructor should ``Assessment`` change: ``_fields_filled`` knows these
fields only."""


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
    Not for a redirect wrapper on a shortener's host that writes its destination into the
    link (``l.facebook.com/l.php?u=…``, ``redirects.embedded_destination``): where it leads
    is known, and assessed as a link of its own; the wrapper is judged by its name as
    google.com/url is (``_assess_host``).
    """
    detail = f"{registrable} is a link shortener: where it leads is known only by following it"
    if card_domain:
        detail += f"; its link card claims {card_domain}"
    reasons = (*extra, Reason(SHORTENER_CODE, 0, detail))
    score = total(reasons)
    return _assessment(
        raw, url, host, registrable, verdict_for(score), score, None, reasons, None, card_domain
    )


class Scored(NamedTuple):
    """The kept match: its points, its reasons, its target."""

    total: int
    reasons: list[Reason]
    target: Target
    shows_name: int = 0
    """``WHOLE_ADDRESS`` (3): the brand's whole address, a suffix after it
    (watson.ch.ltd); 2: the brand's very name (tf1.ltd), 1: its name drawn in look-alike
    letters (tfl drawn as tf1), 0: a name near it."""


WHOLE_ADDRESS = 3
"""``Scored.shows_name`` of a host whose labels before its public suffix end with a listed
brand's whole address (watson.ch.ltd, bbc.co.uk.news, www.welt.de.ltd). That reading
accounts for every label up to the suffix; any other reads one label alone, and the label
before the suffix is then most often the brand's own country code, itself the name of some
listed site (ch.ch, fr.de): watson.ch.ltd read as ch.ch's name under .ltd. So it wins over
every other reading, whatever their points."""


def _best(
    registry: BrandRegistry,
    url: str,
    host: str,
    name: str,
    suffix: str,
    subdomain: str,
    registrable: str,
) -> Scored | None:
    """The strongest brand match of any technique (curated brands first among equals).
    ``registrable`` is the host's, as ``split_host`` gives it (``name`` may be decoded)."""
    index = registry.index
    best: Scored | None = None
    kept: tuple[techniques.Match, tuple[str, ...]] | None = None
    for match in techniques.candidates(index, name, suffix, subdomain):
        total, found = model.points(match, suffix, index)
        variant = match.variant
        shows = 2 if variant in model.SAME_NAME else 1 if variant in model.DISPLAY_NAME else 0
        scored = Scored(total, [], match.target, shows)
        if best is None or _stronger(scored, best):
            best, kept = scored, (match, found)
    if best is not None and kept is not None:
        # Sentences only for the match that is kept: most candidates lose. (A new tuple, not
        # ``_replace``, which costs three times as much.)
        said = model.reasons(kept[0], suffix, index, kept[1])
        best = Scored(best.total, said, best.target, best.shows_name)
    if subdomain and subdomain != "www" and any(p in index.keys for p in subdomain.split(".")):
        whole = _whole_address(registry, subdomain, name, suffix, registrable)
        if whole is not None and (best is None or _stronger(whole, best)):
            best = whole
        for scored in _brand_subdomain(registry, host, subdomain, name, registrable):
            if best is None or _stronger(scored, best):
                best = scored
    if subdomain and subdomain != "www" and name.isascii():  # www: no name is split there
        for scored in _split_name(index, subdomain, name, suffix, registrable):
            if best is None or _stronger(scored, best):
                best = scored
    if "@" in url:
        for scored in _userinfo(registry, url, host):
            if best is None or _stronger(scored, best):
                best = scored
    return best


def _stronger(scored: Scored, best: Scored) -> bool:
    """A brand's whole address before the suffix over any reading of one label of it
    (``WHOLE_ADDRESS``); then the higher verdict; within one, the brand's own name over a
    near one (20minutes.ltd is 20minutes.fr's name, not a letter off 20minuten.ch's,
    whatever a point or two say), and a brand's very name over another's drawn in
    look-alike letters (tf1.ltd is TF1's, not TfL's with 1 for l); then more points (up to
    the score's cap), then curated brands over listed ones."""
    if (scored.shows_name == WHOLE_ADDRESS) != (best.shows_name == WHOLE_ADDRESS):
        return scored.shows_name == WHOLE_ADDRESS
    mine, theirs = min(scored.total, 100), min(best.total, 100)
    level = _level(mine)
    if level and level == _level(theirs) and scored.shows_name != best.shows_name:
        return scored.shows_name > best.shows_name
    if mine != theirs:
        return mine > theirs
    if scored.shows_name != best.shows_name:
        return scored.shows_name > best.shows_name
    return scored.target.brand.tier < best.target.brand.tier


def _level(points: int) -> int:
    """0 benign, 1 suspicious, 2 look-alike."""
    return (points >= SUSPICIOUS_THRESHOLD) + (points >= LOOKALIKE_THRESHOLD)


def _url_reasons(link: Link) -> list[Reason]:
    reasons = [signals.evasion(code, _hidden(link, code)) for code in link.evasions]
    try:
        port = urlsplit(link.url).port
    except ValueError as error:
        raise InputError("invalid port in link") from error
    if port not in _DEFAULT_PORTS and port is not None:
        reasons.append(signals.port(port))
    if link.card_domain or link.shown:
        reasons.extend(_shown_elsewhere(link))
    return reasons


def _shown_elsewhere(link: Link) -> Iterator[Reason]:
    """A card's domain or a label (``Link.shown``) that shows another site than the one the
    link goes to, by the one rule for every source (``shown_site``): the link's own, or the
    destination a redirect wrapper names in itself (``l.facebook.com/l.php?u=…``,
    ``shorteners.leads``), which is where the reader is sent. Not for a shortener's link,
    nor a wrapper's naming one: a t.co link under a welt.de card goes where it redirects,
    which only following it tells (``enrich.evidence.card_reasons``,
    ``enrich.evidence.shown_reasons``)."""
    host, wrapper, shortener = leads(link.url, link.host.lower().rstrip("."))
    if shortener or not host:
        return
    goes_to = registrable_domain(host) or host
    if link.card_domain and shown_site(link.card_domain, host):
        yield signals.shown_elsewhere(link.card_domain, goes_to, card=True, wrapper=wrapper)
    if link.shown and shown_site(link.shown, host):
        yield signals.shown_elsewhere(" ".join(link.shown.split()), goes_to, card=False,
                                      wrapper=wrapper)


def _hidden(link: Link, code: str) -> str:
    """The invisible characters behind a ``zero-width`` or ``bidi-control`` evasion, as
    written in the link (percent-encoded ones decoded); "" for other evasions."""
    if code not in (ZERO_WIDTH_CODE, BIDI_CODE):
        return ""
    written = unquote(link.input) if "%" in link.input else link.input
    bidi = code == BIDI_CODE
    return "".join(c for c in hidden_characters(written) if (c in BIDI_CONTROL) == bidi)


# --------------------------------------------------------------------------- host tricks


def _whole_address(
    registry: BrandRegistry, subdomain: str, name: str, suffix: str, registrable: str
) -> Scored | None:
    """``watson.ch.ltd``, ``spiegel.de.ltd``, ``bbc.co.uk.news``: the labels before the
    public suffix end with a listed brand's whole address, the widest that does
    (abcnews.go.com.ltd is abcnews.go.com's, not go.com's). Under a suffix anyone may buy
    under, the suffix is appended to the brand's address, as in brand.com.co and
    brand.gr.com (``techniques.tld_swap``'s ``swap-appended``): scored as that technique
    is, by the model, and said so. Under a private suffix, a hosting platform's
    (``welt.de.s3.amazonaws.com``: a storage bucket named welt.de), nothing was appended:
    the brand's address is a subdomain of someone's account there, said and scored as
    ``_brand_subdomain`` says and scores a subdomain."""
    labels = [*subdomain.split("."), name]
    domains = registry.by_domain
    for start in range(len(labels) - 1):
        window = ".".join(labels[start:])
        brand = domains.get(window)
        if brand is None:
            continue
        target = Target.of(window, brand)
        index = registry.index
        if target is None or target not in index.names.get(target.key, ()):
            # Only a domain the index holds as a target: not a decoded IDN listing
            # (ångströ.com, which the index holds as xn--ngstr-lra8j.com).
            return None
        if suffix in private_suffixes():
            return _written_into(target, window, registrable, "a subdomain", WHOLE_ADDRESS)
        match = techniques.Match(
            target, techniques.TLD_SWAP, "swap-appended", techniques.whole_appended,
            name, suffix,
        )  # fmt: skip
        points, found = model.points(match, suffix, index)
        return Scored(points, model.reasons(match, suffix, index, found), target, WHOLE_ADDRESS)
    return None


def _written_into(
    target: Target, window: str, registrable: str, where: str, shows_name: int = 0
) -> Scored:
    """A brand's domain (``window``) written into a host bought by someone else
    (``registrable``), as ``where`` says: a subdomain of it (``welt.de.news-today.com``,
    ``welt.de.s3.amazonaws.com``) or the start of its name (``bild.de-artikel.info``). One
    ``brand-subdomain`` reason, 80 points for a curated brand and 45 for a listed site,
    whether ``_brand_subdomain`` or ``_whole_address`` finds it."""
    points = 80 if target.brand.tier == 1 else 45
    detail = f"{window} is written as {where} of {registrable}, which is not theirs"
    reason = Reason(techniques.BRAND_SUBDOMAIN, points, detail)
    return Scored(points, [reason], target, shows_name)


def _brand_subdomain(
    registry: BrandRegistry, host: str, subdomain: str, name: str, registrable: str
) -> Iterator[Scored]:
    """``welt.de.news-today.com``, ``bild.de-artikel.info``: a brand's domain written as the
    start of another host (``registrable``), whole or glued by a hyphen to the next label;
    not whole right before the public suffix (``_whole_address``)."""
    labels = [*subdomain.split("."), name]
    for i in range(len(labels) - 1):
        for width in (2, 3):
            if i + width > len(labels):
                continue
            *first, last = labels[i : i + width]
            window = ".".join([*first, last])
            glued = window not in registry.by_domain
            if not glued and i + width == len(labels):
                continue  # the brand's whole address before the suffix: ``_whole_address``
            if glued:  # bild.de-artikel: the brand's domain, then a hyphen and more
                window = ".".join([*first, last.partition("-")[0]])
                if "-" not in last or window not in registry.by_domain:
                    continue
            brand = registry.by_domain[window]
            target = Target.of(window, brand)
            if target is None or glued and brand.tier != 1:
                continue  # shop.de-vries.nl: glued, only a curated brand's domain reads so
            where = f"the start of {host}, a name" if glued else "a subdomain"
            yield _written_into(target, window, registrable, where)


SPLIT_MIN_KEY = 7
"""A curated brand's name split by a dot is read from seven letters on, where one-letter
typos count too (``index.MIN_TYPO_KEY`` is for slips): a shorter name split in two is too
often two words of a real host (``ze.it.de``, ``j.post.com``)."""
SPLIT_CODES = frozenset({techniques.TLD_SWAP, techniques.COMBOSQUAT, techniques.HYPHENATED})
"""What the joined name may match: the brand's very name, or the name with a word or hyphen
added (``spie.gel-news.com`` reads as ``spiegel-news``); a typo of a joined name is two
edits from the brand."""


def _split_name(
    index: BrandIndex, subdomain: str, name: str, suffix: str, registrable: str
) -> Iterator[Scored]:
    """``ga.zetaprawna.pl``, ``spie.gel-news.com``: a curated brand's name split by a dot
    between a subdomain and the name that was bought (``zetaprawna.pl``), read as the joined
    name would be, under a ``brand-subdomain`` reason that says where the dot is. Only a
    split inside the name counts (the last subdomain label a start of it, the bought name
    its rest): a brand's whole name in a subdomain is ``_brand_subdomain``'s."""
    label = subdomain.rpartition(".")[2]
    if not label or label == "www" or not label.isascii():
        return
    joined = label + name
    keys = index.keys
    split_keys = [
        joined[:end]
        for end in range(max(len(label) + 1, SPLIT_MIN_KEY), len(joined) + 1)
        if joined[:end] in keys
    ]
    if not split_keys:
        return
    for match in techniques.candidates(index, joined, suffix):
        target = match.target
        if (
            match.code not in SPLIT_CODES
            or target.key not in split_keys
            or target.brand.tier != 1
        ):
            continue
        points, found = model.points(match, suffix, index)
        reasons = model.reasons(match, suffix, index, found)
        first, rest = reasons[0], reasons[1:]
        detail = (
            f"{label}.{name} is {joined} split by a dot, so that {registrable} is what was "
            f"bought: {first.detail}"
        )
        split = Reason(techniques.BRAND_SUBDOMAIN, first.points, detail)
        yield Scored(points, [split, *rest], target, 0)


def _userinfo(registry: BrandRegistry, url: str, host: str) -> Iterator[Scored]:
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
    points = 75 if brand.tier == 1 else 50
    yield Scored(points, [Reason(techniques.USERINFO, points, detail)], target)
