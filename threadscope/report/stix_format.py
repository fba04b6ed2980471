"""``--format stix``: a STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP, …).

What goes in: a ``domain-name`` and a ``url`` observable for each distinct link (the url
``related-to`` its domain); for each look-alike or suspicious link an ``indicator`` with a STIX
pattern, ``based-on`` the observable it describes; for bots, a ``user-account`` per account of a
coordinated cluster and a ``grouping`` per cluster. Objects are built with the ``stix2`` library,
so the bundle is valid by construction and parses back with ``stix2.parse``.

Which pattern: a domain-name pattern when the domain itself is the look-alike; a url pattern when
the evidence is about one address on a shared host (a t.co link whose card claims welt.de must not
turn every t.co link into an indicator).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import idna
import stix2

from threadscope.authors import Account, members_of
from threadscope.models import (
    Assessment,
    AuditReport,
    AuthorKind,
    BotReport,
    ClusterVerdict,
    Verdict,
)
from threadscope.report import common
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import json_safe


def _literal(value: str) -> str:
    """A STIX pattern string literal: backslash and quote escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


# What RFC 3986 lets each part hold unescaped ("%" too: escapes already in the URL).
_PCHAR = "-._~!$&'()*+,;=:@%"
_QUERY = _PCHAR + "/?"


_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A ``%`` that begins no escape (``/%ZZ``, a ``%`` at the end): RFC 3986 allows none, so it
is written ``%25``, what it stands for, or the bundle is no valid STIX."""


def _quote(text: str, safe: str) -> str:
    return _STRAY_PERCENT.sub("%25", quote(text, safe=safe, errors="surrogatepass"))


def uri(url: str) -> str:
    """``url`` as an RFC 3986 URI, which STIX requires of ``url:value``: the host in A-labels
    (``xn--wlt-rdd.de``), every other character a part may not hold percent-encoded as UTF-8
    (controls, spaces, brackets outside the host, non-ASCII letters, lone surrogates)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return _quote(url, _QUERY)
    if ":" in host:
        host = f"[{host}]"
    elif not host.isascii():
        host = common.a_label(host) or _quote(host, "")
    else:
        host = _quote(host, "-._~!$&'()*+,;=%")
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (_quote(userinfo, "-._~!$&'()*+,;=:%") + "@" if userinfo else "") + host
    netloc += f":{port}" if port is not None else ""
    return urlunsplit((parts.scheme, netloc, _quote(parts.path, _PCHAR + "/"),
                       _quote(parts.query, _QUERY), _quote(parts.fragment, _QUERY)))


def _idn_hostname(name: str) -> bool:
    """What STIX (and its validator, through jsonschema's ``idn-hostname``) accepts."""
    try:
        idna.encode(name)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


def _plain(text: str) -> str:
    """A value stix2 hashes into a deterministic id: lone surrogates cannot be hashed."""
    return text.encode("utf-8", errors="replace").decode("utf-8")


_SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
"""STIX 2.1's namespace for the deterministic ids of cyber observables."""


def _user_account(account: Account, status: str | None) -> Any:
    """A handle is the account's login (and its id, as before); an account id its
    ``user_id`` only; a display name its ``display_name`` only, never a login: ``Anna`` shown
    on Telegram is not whoever logs in as ``anna``. A display name contributes to no id in
    STIX, so its id is derived from it here, as STIX derives the others', to stay the same
    from run to run. ``is_disabled`` where the dump says the account was taken down,
    suspended, deactivated or deleted (``AccountSummary.status``: None while active or not
    said); it changes no id."""
    value = _plain(account.name)
    extra = {"is_disabled": True} if status else {}
    if account.kind is AuthorKind.NAME:
        named = json.dumps({"display_name": value}, ensure_ascii=False, separators=(",", ":"))
        return stix2.UserAccount(id=f"user-account--{uuid.uuid5(_SCO_NAMESPACE, named)}",
                                 display_name=value, **extra)
    if account.kind is AuthorKind.ID:
        return stix2.UserAccount(user_id=value, **extra)
    return stix2.UserAccount(account_login=value, user_id=value, **extra)


def _domain_pattern(domain: str) -> str:
    """The domain, and its punycode form for an IDN (what DNS and proxy logs contain)."""
    alternatives = [f"domain-name:value = {_literal(domain)}"]
    encoded = common.a_label(domain)
    if encoded:
        alternatives.append(f"domain-name:value = {_literal(encoded)}")
    return "[" + " OR ".join(alternatives) + "]"


def _pattern(assessment: Assessment, domain: str) -> str:
    if common.about_address(assessment) and assessment.url:
        return f"[url:value = {_literal(uri(assessment.url))}]"
    return _domain_pattern(domain)


def _description(assessment: Assessment, places: Sequence[str]) -> str:
    lines = [f"threadscope verdict: {assessment.verdict.value}, score {assessment.score}/100."]
    if assessment.imitates:
        lines.append(f"Imitates {assessment.imitates}.")
    # Strongest first, as every other report lists them, and the clamp said where the points
    # add up to more than the score: an analyst adding them up must find the score.
    lines += [f"{r.points:+d} {r.detail} ({r.code})"
              for r in sorted(assessment.reasons, key=lambda r: -r.points)]
    capped = common.capped_note(assessment)
    if capped:
        lines.append(f"= {capped}")
    if places:
        lines.append("Found in " + "; ".join(places) + ".")
    lines.append(f"Written as: {common.defanged_if_needed(assessment, assessment.input)}")
    return "\n".join(lines)


class _Bundle:
    """Collects objects once each (observables have deterministic ids)."""

    def __init__(self) -> None:
        self.objects: dict[str, Any] = {}
        self.now = datetime.now(UTC)
        self.related: set[tuple[str, str, str]] = set()
        self.indicators: dict[str, Any] = {}
        self.noted: set[str] = set()

    def add(self, obj: Any) -> Any:
        return self.objects.setdefault(str(obj.id), obj)

    def relate(self, source: Any, kind: str, target: Any) -> None:
        """One relationship per (source, kind, target), however often a link was pasted."""
        key = (str(source.id), kind, str(target.id))
        if key not in self.related:
            self.related.add(key)
            self.add(stix2.Relationship(source, kind, target))

    def _domain(self, name: str) -> Any:
        """The ``domain-name`` observable, or None for a name STIX cannot hold (its value
        must be an IDNA host name: no ``_www.…``, no emoji label of IDNA 2003)."""
        if not _idn_hostname(name):
            return None
        return self.add(stix2.DomainName(value=name))

    def link(self, assessment: Assessment, places: Sequence[str]) -> None:
        domain_name = assessment.domain
        if not domain_name or assessment.verdict is Verdict.INVALID:
            return
        domain_name = _plain(domain_name)
        domain = self._domain(domain_name)
        url = None
        if assessment.url:
            url = self.add(stix2.URL(value=uri(assessment.url)))
            if domain is not None:
                self.relate(url, "related-to", domain)
        if not assessment.verdict.flagged:
            return
        about_url = common.about_address(assessment) and url is not None
        target = url if about_url or domain is None else domain
        label = (assessment.url if about_url else None) or domain_name
        self._indicate(assessment, places, _pattern(assessment, domain_name), label, target)
        if url is not None:
            self._landing(assessment, places, url)
            self._first_page(assessment, url)

    def _first_page(self, assessment: Assessment, url: Any) -> None:
        """The page a flagged link shows its readers first, before its refresh sends them on
        (a clone that then hands them to the real site): its URL and domain, related to the
        link. No indicator of its own: the link's says what it is."""
        first = assessment.first_page
        host = common.url_host(first.url) if first is not None else None
        if first is None or not host or first.url == assessment.url:
            return
        shown = self.add(stix2.URL(value=uri(first.url)))
        self.relate(url, "related-to", shown)
        domain = self._domain(_plain(host))
        if domain is not None:
            self.relate(shown, "related-to", domain)

    def _landing(self, assessment: Assessment, places: Sequence[str], url: Any) -> None:
        """Where a flagged link ends up (t.co → bit.ly → welt.ltd): the landing domain too.
        None for a link no browser opens: never followed, its ``final_url`` is itself as
        written, whose host (``welt%00.ltd``) made a second indicator of a domain that is
        no one's."""
        final = assessment.final_url
        host = common.url_host(final)
        if not final or not host or host == assessment.domain or assessment.unopenable:
            return
        host = _plain(host)
        final_domain = self._domain(host)
        final_url = self.add(stix2.URL(value=uri(final)))
        if final_domain is not None:
            self.relate(final_url, "related-to", final_domain)
        self.relate(url, "related-to", final_url)
        if (assessment.verdict is Verdict.LOOKALIKE and assessment.imitates
                and not common.imitated_site(assessment, host)):
            pattern = _domain_pattern(host)
            self._indicate(assessment, places, pattern, host, final_domain or final_url)

    def _indicate(
        self, assessment: Assessment, places: Sequence[str], pattern: str, label: str, target: Any
    ) -> None:
        """One indicator per pattern, ``based-on`` the observable it describes."""
        indicator = self.indicators.get(pattern)
        if indicator is None:
            imitating = f" imitating {assessment.imitates}" if assessment.imitates else ""
            try:
                indicator = stix2.Indicator(
                    name=f"{assessment.verdict.value.capitalize()} link{imitating}: "
                    f"{common.defang(label)}",
                    description=_description(assessment, places),
                    pattern=pattern,
                    pattern_type="stix",
                    valid_from=self.now,
                    indicator_types=[
                        "malicious-activity"
                        if assessment.verdict is Verdict.LOOKALIKE
                        else "anomalous-activity"
                    ],
                    confidence=assessment.score,
                    labels=[assessment.verdict.value],
                )
            except (ValueError, stix2.exceptions.STIXError):
                # A pattern stix2 rejects (odd characters in a URL): keep the observables only.
                return
            self.indicators[pattern] = self.add(indicator)
        self.relate(indicator, "based-on", target)

    def note_labels(self, member: Account, account: Any, labels: Sequence[str]) -> None:
        """What the platform says of an account (``AccountSummary.platform_labels``), as a
        ``note`` about its ``user-account``, once per account: a standard object, so a
        consumer that refuses custom properties (``stix2.parse`` by default) still reads the
        bundle; context, as in the other formats, never part of an indicator."""
        key = str(account.id)
        if key in self.noted:
            return
        self.noted.add(key)
        self.add(stix2.Note(
            abstract=f"{common.PLATFORM_SAYS} of {common.account_label(member.name, member.kind)}",
            content="\n".join(common.platform_labels((label,)) for label in labels),
            object_refs=[account.id],
        ))

    def serialize(self, name: str, description: str) -> str:
        objects = list(self.objects.values())
        if objects:
            objects.append(
                stix2.Report(
                    name=name,
                    description=description,
                    published=self.now,
                    report_types=["indicator", "observed-data"]
                    if any(o.type == "indicator" for o in objects)
                    else ["observed-data"],
                    object_refs=[o.id for o in objects],
                )
            )
        bundle = stix2.Bundle(objects=objects)
        # stix2's own pretty printer sorts properties in quadratic time; indent it ourselves.
        data = json.loads(bundle.serialize())
        return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


class StixFormatter(Formatter):
    name = Format.STIX

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        bundle = _Bundle()
        links = list(items)
        for item in links:
            bundle.link(item, ())
        yield bundle.serialize("threadscope link check", common.summary_sentence(links))

    def audit(self, report: AuditReport) -> str:
        bundle = _Bundle()
        places = common.where_found(report)
        for index, link in enumerate(report.links):
            bundle.link(link, places.get(index, ()))
        return bundle.serialize(
            f"threadscope audit of {report.source}", common.summary_sentence(report.links)
        )

    def bots(self, report: BotReport) -> str:
        bundle = _Bundle()
        summaries = {Account(account.handle, account.author_kind, account.account_id): account
                     for account in report.accounts}
        for cluster in report.clusters:
            if cluster.verdict is not ClusterVerdict.COORDINATED:
                continue
            accounts = []
            for member in members_of(cluster):
                summary = summaries.get(member)
                account = bundle.add(_user_account(member, summary.status if summary else None))
                accounts.append(account)
                if summary is not None and summary.platform_labels:
                    bundle.note_labels(member, account, summary.platform_labels)
            if not accounts:
                continue
            bundle.add(
                stix2.Grouping(
                    name=f"threadscope cluster {cluster.id}: coordinated replies",
                    description="\n".join(
                        [f"Score {cluster.score}/100 over {len(cluster.replies)} replies."]
                        + [f"{r.points:+d} {r.detail} ({r.code})" for r in cluster.reasons]
                        + common.cluster_platform_lines(cluster)
                    ),
                    context="suspicious-activity",
                    object_refs=[account.id for account in accounts],
                )
            )
        for link in report.links:
            bundle.link(link, ())
        flagged = sum(c.verdict is ClusterVerdict.COORDINATED for c in report.clusters)
        return bundle.serialize(
            f"threadscope bots in {report.source}",
            f"{common.plural(flagged, 'coordinated cluster')} among {report.replies} "
            f"{report.read_as}.",
        )
