"""``--format misp``: a MISP event in MISP's JSON format (``{"Event": {...}}``), for a CERT or
fact-checking team to import into its MISP instance ("Import from…" MISP JSON, or PyMISP).

What goes in:

- a ``domain`` and a ``url`` attribute for each distinct link (an IDN's domain as its A-label,
  which is what DNS and proxy logs hold and what MISP makes of a Unicode domain, with the
  Unicode form in its comment), with the landing page of a followed link; each one's
  comment gives the verdict, the score and every reason, where the link was found and how it
  was written: text a journalist can cite. Bare attributes, as analysts exchange them: a
  ``url`` object adds only the URL's parts (MISP derives them), ``domain-ip`` needs an address;
- ``audit``: a ``microblog`` object per post of every thread (text, author, time, edit time,
  links; links edited away, image descriptions and what the platform says of its author in
  its comment), which
  ``contains`` the link attributes and is ``followed-by`` the next post of its thread;
- ``bots``: for each coordinated cluster an ``annotation`` object (score and reasons) that
  ``annotates`` a ``user-account`` object per account (``disabled`` where the dump says it was
  taken down, suspended, deactivated or deleted; what the platform says of it, its
  ``platform_labels``, in its ``description``, as context; the cluster's in the annotation)
  and a ``microblog`` object per reply of the cluster (commented as a post of ``audit``); each
  reply is ``authored-by`` its account and ``contains`` the links it spreads.
  ``user-account``, not ``twitter-account``: replies come from X, Bluesky, Mastodon or a CSV,
  and the report does not say which.

Choices a MISP user should know (README, "MISP events"):

- ``to_ids`` is true only for flagged links (look-alike, suspicious): a url always, its domain
  only when the evidence is about the name (a t.co link whose card claims welt.de flags that
  one address, never every t.co link). Official and benign links are context (``to_ids``
  false, category "External analysis"; flagged ones are "Network activity").
- Values are live, not defanged: MISP stores the value as it is and ``to_ids`` governs whether
  it is used for detection; defanged values would neither correlate nor export.
- distribution "Your organisation only" (0) for the event, "inherit" (5) for everything in it;
  analysis "Initial" (0): no person has reviewed the tool's output yet; threat level "Medium"
  (2) when something is flagged, else "Low" (3); never published. Each is one edit in MISP.
- The uuids are derived from the content (uuid5 over a digest of the event, and of each element
  within the event): importing the same report twice finds the same event instead of adding a
  duplicate, and two reports that share a domain still get distinct attribute uuids, which MISP
  requires across an instance.
- Tags are only MISP galaxy tags whose exact strings come from the MISP galaxy (the DISARM
  techniques cluster, checked in the tests against ``pymispgalaxies``): "Impersonate Existing
  Entity" (T0099) on look-alikes that imitate a brand, "Post Inauthentic Social Media Comment"
  (T0116.001) on events with a coordinated cluster.
- Lone surrogates become U+FFFD: MISP (PHP's ``json_decode``) refuses a document holding one.
  Other control, bidi and invisible characters are ``\\u`` escapes (``textsafe.json_safe``).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from threadscope.authors import Account, members_of
from threadscope.links.hosts import is_ip_literal
from threadscope.models import (
    AccountSummary,
    Assessment,
    AuditReport,
    AuthorKind,
    BotReport,
    Cluster,
    ClusterVerdict,
    Post,
    Thread,
    Verdict,
)
from threadscope.report import common
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import json_safe

NAMESPACE = uuid.UUID("e6f1de69-cef6-467c-884d-c6a732f162bf")
"""threadscope's namespace for the event uuids (uuid5 over a digest of the event)."""

DISTRIBUTION_ORGANISATION = "0"
DISTRIBUTION_INHERIT = "5"
ANALYSIS_INITIAL = "0"
THREAT_MEDIUM = "2"
THREAT_LOW = "3"

IMPERSONATION_TAG = 'misp-galaxy:disarm-techniques="Impersonate Existing Entity"'
INAUTHENTIC_COMMENT_TAG = 'misp-galaxy:disarm-techniques="Post Inauthentic Social Media Comment"'

FLAGGED_CATEGORY = "Network activity"
CONTEXT_CATEGORY = "External analysis"

TEMPLATES = {
    "microblog": ("8ec8c911-ddbe-4f5b-895b-fbff70c42a60", "20", "misc"),
    "user-account": ("49606b06-22f0-4ac8-8eee-2f12ad46f3d3", "6", "misc"),
    "annotation": ("5d8dc046-15a1-4ca3-a09f-ed4ede7c4487", "3", "misc"),
}
"""The misp-objects templates used: name → (template uuid, version, meta-category)."""

RELATIONS = {
    "post": ("text", "Other"),
    "username": ("text", "Other"),
    "display-name": ("text", "Other"),
    "creation-date": ("datetime", "Other"),
    "modification-date": ("datetime", "Other"),
    "disabled": ("boolean", "Other"),
    "embedded-link": ("url", "Network activity"),
    "in-reply-to-status-id": ("text", "Other"),
    "created": ("datetime", "Other"),
    "description": ("text", "Other"),
    "text": ("text", "Other"),
    "type": ("text", "Other"),
    "format": ("text", "Other"),
}
"""Object relation → (MISP attribute type, category): the type the templates give, the
category MISP's describeTypes makes the default for it."""

_SURROGATE = re.compile("[\ud800-\udfff]")


MAX_VALUE_BYTES = 60_000
"""MISP keeps values and comments in MySQL TEXT columns (65,535 bytes): longer ones fail to
save. A value is cut there, on a character, and ends in ``…`` to say so."""
MAX_PLACES = 20
"""Posts named in a link's comment; the rest are counted (a link in 3,000 posts)."""


def _clean(text: str) -> str:
    """A value MISP can read and store: lone surrogates as U+FFFD (see the module's
    docstring), and no longer than ``MAX_VALUE_BYTES`` in UTF-8."""
    text = _SURROGATE.sub("\ufffd", text)
    if len(text) * 4 <= MAX_VALUE_BYTES:
        return text
    encoded = text.encode("utf-8")
    if len(encoded) <= MAX_VALUE_BYTES:
        return text
    return encoded[: MAX_VALUE_BYTES - 3].decode("utf-8", errors="ignore") + "…"


_REFANGED = re.compile(r"(?i)\[(?:\.|:|dot|hxxp://)\]|\(dot\)")
"""What MISP refangs in a url before it stores it (``[.]``, ``[:]``, ``[dot]``, ``(dot)``,
``[hxxp://]``; PyMISP's ``REFANG_REGEX_TABLE`` ports the server's): in a live URL's path or
query it is no defanging, and MISP would store another URL."""


def url_value(url: str) -> str:
    """``url`` as a ``url`` value MISP stores as it is: the brackets of what MISP would
    refang percent-encoded (``/a[:]b`` → ``/a%5B:%5Db``), the same address to a server."""
    return _REFANGED.sub(lambda found: found.group().replace("[", "%5B").replace(
        "]", "%5D").replace("(", "%28").replace(")", "%29"), url)


def _iso_time(value: str | None) -> str | None:
    """``value`` when it is an ISO 8601 time MISP's ``datetime`` type accepts, else None."""
    if not value:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def link_comment(assessment: Assessment, places: Sequence[str]) -> str:
    """``lookalike, score 92/100, imitates welt.de (Die Welt). +60 same name as …; …``,
    ending ``Written as: hxxps://welt[.]ltd/a``: text for a reader, so the link is shown as
    every report shows it (``common.defanged_if_needed``: a link no browser opens, too),
    while the attribute's value stays live for correlation."""
    head = f"threadscope: {common.verdict_label(assessment)}, score {assessment.score}/100"
    if assessment.imitates:
        brand = f" ({assessment.brand})" if assessment.brand else ""
        head += f", imitates {assessment.imitates}{brand}"
    parts = [head + "."]
    reasons = common.reasons_by_weight(assessment)
    if reasons:
        parts.append("; ".join(reasons) + ".")
    capped = common.capped_note(assessment)
    if capped:  # the points listed add up to more than the score: say why
        parts.append(f"({capped[0].upper()}{capped[1:]}.)")
    if places:
        more = len(places) - MAX_PLACES
        named = "; ".join(places[:MAX_PLACES])
        parts.append(f"Found in {named}" + (f" and {more} more places." if more > 0 else "."))
    parts.append(f"Written as: {common.defanged_if_needed(assessment, assessment.input)}")
    return " ".join(parts)


class _Event:
    """Collects attributes (once per type and value) and objects, then writes the event."""

    def __init__(self) -> None:
        self.attributes: dict[tuple[str, str], dict[str, Any]] = {}
        self.ranks: dict[tuple[str, str], int] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, None] = {}
        self.flagged = False

    # ----------------------------------------------------------------- attributes

    def attribute(
        self, kind: str, value: str, *, to_ids: bool, comment: str, rank: int,
        tags: Iterable[str] = (),
    ) -> str:
        """The attribute's uuid; a value seen again keeps the comment of its worst verdict
        (``rank``: lower is worse) and is for detection if any sighting says so."""
        value = _clean(value)
        key = (kind, value)
        found = self.attributes.get(key)
        if found is None:
            found = {
                "uuid": _local(f"attribute\0{kind}\0{value}"),
                "type": kind,
                "category": CONTEXT_CATEGORY,
                "value": value,
                "to_ids": False,
                "distribution": DISTRIBUTION_INHERIT,
                "comment": _clean(comment),
            }
            self.attributes[key] = found
            self.ranks[key] = rank
        elif rank < self.ranks[key]:
            found["comment"] = _clean(comment)
            self.ranks[key] = rank
        if to_ids:
            found["to_ids"] = True
            found["category"] = FLAGGED_CATEGORY
        for tag in tags:
            names = found.setdefault("Tag", [])
            if {"name": tag} not in names:
                names.append({"name": tag})
        return str(found["uuid"])

    def link(self, assessment: Assessment, places: Sequence[str]) -> str | None:
        """The link's ``domain`` and ``url`` attributes (and its landing page's); the uuid of the
        one a post that holds the link refers to (the url, else the domain)."""
        domain = assessment.domain
        if not domain or assessment.verdict is Verdict.INVALID:
            return None
        flagged = assessment.verdict.flagged
        self.flagged |= flagged
        rank = common.VERDICT_ORDER.index(assessment.verdict)
        comment = link_comment(assessment, places)
        impersonates = assessment.verdict is Verdict.LOOKALIKE and bool(assessment.imitates)
        tags = (IMPERSONATION_TAG,) if impersonates else ()
        about_name = flagged and not common.about_address(assessment)
        target = self._domain(domain, to_ids=about_name, comment=comment, rank=rank,
                              tags=tags if about_name else ())
        if assessment.url:
            target = self.attribute("url", url_value(assessment.url), to_ids=flagged,
                                    comment=comment,
                                    rank=rank, tags=tags if not about_name else ())
            self._landing(assessment, comment, rank, impersonates)
            self._first_page(assessment, comment, rank)
        if impersonates:
            self.tags[IMPERSONATION_TAG] = None
        return target

    def _domain(self, domain: str, *, to_ids: bool, comment: str, rank: int,
                tags: Sequence[str]) -> str:
        """A ``domain`` attribute, or ``ip-dst`` for an address: MISP's domain type refuses
        ``1.2.3.4`` and ``2001:db8::1``. An IDN is one attribute, its A-label, with the
        Unicode form in the comment: MISP itself turns a Unicode domain into its A-label
        before it validates it (``AttributeValidationTool``, which PyMISP ports), so the two
        forms would be one value twice, and MISP refuses the second."""
        if is_ip_literal(domain):
            return self.attribute("ip-dst", domain.strip("[]"), to_ids=to_ids, comment=comment,
                                  rank=rank, tags=tags)
        encoded = common.a_label(domain)
        if encoded:
            return self.attribute("domain", encoded, to_ids=to_ids, rank=rank, tags=tags,
                                  comment=f"A-label (punycode) of {domain}. {comment}")
        return self.attribute("domain", domain, to_ids=to_ids, comment=comment, rank=rank,
                              tags=tags)

    def _landing(self, assessment: Assessment, comment: str, rank: int,
                 impersonates: bool) -> None:
        """Where a followed link ends up (t.co → bit.ly → welt.ltd): the landing url and, when
        the host differs, its domain (for detection when the link is a look-alike)."""
        final = assessment.final_url
        if not final or final == assessment.url:
            return
        where = f"Where {assessment.url} lands. {comment}"
        host = common.url_host(final)
        # The imitated site's own page, where a clone sends its readers after showing itself
        # (``first_page``), is where the link leads, not something to detect.
        real = host is not None and common.imitated_site(assessment, host)
        flagged = assessment.verdict.flagged and not real
        self.attribute("url", url_value(final), to_ids=flagged, comment=where, rank=rank)
        if host and host != assessment.domain:
            marked = impersonates and not real
            tags = (IMPERSONATION_TAG,) if marked else ()
            self._domain(host, to_ids=marked, comment=where, rank=rank, tags=tags)

    def _first_page(self, assessment: Assessment, comment: str, rank: int) -> None:
        """The page the link shows its readers first, before its refresh sends them on to
        the landing page: its url (for detection when the link is flagged) and domain."""
        first = assessment.first_page
        if first is None or first.url == assessment.url:
            return
        note = common.first_page_note(first)
        where = f"Shown first to readers of {assessment.url} ({note}). {comment}"
        flagged = assessment.verdict.flagged
        self.attribute("url", url_value(first.url), to_ids=flagged, comment=where, rank=rank)
        host = common.url_host(first.url)
        if host and host != assessment.domain:
            self._domain(host, to_ids=False, comment=where, rank=rank, tags=())

    # ----------------------------------------------------------------- objects

    def add_object(
        self, name: str, key: str, relations: Sequence[tuple[str, str | None]], comment: str
    ) -> dict[str, Any] | None:
        """A misp-objects ``name`` object with the relations that have a value (the one made
        before under the same ``key``, if any); None when it would hold nothing."""
        template, version, meta = TEMPLATES[name]
        object_id = _local(f"object\0{name}\0{key}")
        if object_id in self.objects:
            return self.objects[object_id]
        attributes = [
            self._object_attribute(object_id, relation, value)
            for relation, value in relations
            if value is not None and value.strip()
        ]
        if not attributes:
            return None
        made: dict[str, Any] = {
            "uuid": object_id,
            "name": name,
            "meta-category": meta,
            "template_uuid": template,
            "template_version": version,
            "distribution": DISTRIBUTION_INHERIT,
            "comment": _clean(comment),
            "Attribute": attributes,
            "ObjectReference": [],
        }
        self.objects[object_id] = made
        return made

    @staticmethod
    def _object_attribute(object_id: str, relation: str, value: str) -> dict[str, Any]:
        kind, category = RELATIONS[relation]
        value = _clean(value)
        return {
            "uuid": _local(f"{object_id}\0{relation}\0{value}"),
            "object_relation": relation,
            "type": kind,
            "category": category,
            "value": value,
            "to_ids": False,
            "distribution": DISTRIBUTION_INHERIT,
        }

    @staticmethod
    def refer(source: dict[str, Any], target: str, relationship: str) -> None:
        """``source`` ``relationship`` ``target`` (an attribute's or object's uuid), once."""
        references: list[dict[str, Any]] = source["ObjectReference"]
        if any(r["referenced_uuid"] == target and r["relationship_type"] == relationship
               for r in references):
            return
        references.append({
            "uuid": _local(f"{source['uuid']}\0{relationship}\0{target}"),
            "object_uuid": source["uuid"],
            "referenced_uuid": target,
            "relationship_type": relationship,
        })

    # ----------------------------------------------------------------- writing

    def serialize(self, info: str, flagged: bool) -> str:
        event: dict[str, Any] = {
            "info": _clean(info),
            "threat_level_id": THREAT_MEDIUM if flagged or self.flagged else THREAT_LOW,
            "analysis": ANALYSIS_INITIAL,
            "distribution": DISTRIBUTION_ORGANISATION,
            "published": False,
            "Tag": [{"name": tag} for tag in self.tags],
            "Attribute": list(self.attributes.values()),
            "Object": list(self.objects.values()),
        }
        content = json.dumps(event, sort_keys=True, ensure_ascii=True).encode("ascii")
        event_id = uuid.uuid5(NAMESPACE, hashlib.sha256(content).hexdigest())
        _rebase(event, event_id)
        document = {"Event": {"uuid": str(event_id),
                              "date": datetime.now(UTC).date().isoformat(), **event}}
        return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


_LOCAL = uuid.UUID(int=0)


def _local(key: str) -> str:
    """A uuid for an element while the event is built; ``_rebase`` makes it the event's own."""
    return str(uuid.uuid5(_LOCAL, key.encode("utf-8", "surrogatepass").hex()))


def _rebase(event: dict[str, Any], event_id: uuid.UUID) -> None:
    """Every element's uuid derived from the event's: the same element in another report (a
    domain both mention) gets another uuid, as MISP wants uuids unique across an instance."""

    def rebased(local: str) -> str:
        return str(uuid.uuid5(event_id, local))

    for attribute in event["Attribute"]:
        attribute["uuid"] = rebased(attribute["uuid"])
    for made in event["Object"]:
        made["uuid"] = rebased(made["uuid"])
        for attribute in made["Attribute"]:
            attribute["uuid"] = rebased(attribute["uuid"])
        for reference in made["ObjectReference"]:
            for name in ("uuid", "object_uuid", "referenced_uuid"):
                reference[name] = rebased(reference[name])


# --------------------------------------------------------------------------- posts


def _post_relations(post: Post, links: Sequence[str]) -> list[tuple[str, str | None]]:
    """A handle is the post's ``username``, a display name its ``display-name`` (a name in
    ``username`` would correlate with whoever holds that handle); the template has no field
    for an account id, which the object's comment names (``_post_comment``)."""
    kind = post.author_kind
    handle = post.author if kind is None or kind is AuthorKind.HANDLE else None
    named = post.author if kind is AuthorKind.NAME else None
    relations: list[tuple[str, str | None]] = [
        ("post", post.text),
        ("username", handle),
        ("display-name", post.display_name or named),
        ("creation-date", _iso_time(post.created_at)),
        ("modification-date", _iso_time(post.edited_at)),
        ("in-reply-to-status-id", post.reply_to),
    ]
    relations += [("embedded-link", url_value(url)) for url in dict.fromkeys(links)]
    return relations


def _post_comment(label: str, post: Post) -> str:
    parts = [label, f"line {post.line}"]
    if post.post_id:
        parts.append(f"id {post.post_id}")
    if post.author and post.author_kind is AuthorKind.ID:
        parts.append(f"by account id {post.author}")
    notes = [note for note in common.post_notes(post) if not note.startswith("edited ")]
    if post.author_labels:
        notes.append(f"{common.PLATFORM_SAYS} of its author: "
                     f"{common.platform_labels(post.author_labels)}")
    return "threadscope: " + ", ".join(parts) + "".join(f"; {note}" for note in notes)


def _microblog(
    event: _Event, key: str, label: str, post: Post, links: Sequence[Assessment],
    targets: Sequence[str | None],
) -> dict[str, Any] | None:
    """A post's ``microblog`` object, which ``contains`` the attributes of its links."""
    if not post.text.strip():
        return None
    urls = [link.url for link in links if link.url and link.verdict is not Verdict.INVALID]
    made = event.add_object("microblog", key, _post_relations(post, urls),
                            _post_comment(label, post))
    if made is not None:
        for target in targets:
            if target is not None:
                event.refer(made, target, "contains")
    return made


def _thread(event: _Event, report: AuditReport, thread: Thread,
            targets: Sequence[str | None]) -> None:
    previous: dict[str, Any] | None = None
    for position, post in enumerate(thread.posts):
        indices = report.post_links.get((thread.id, position), ())
        label = f"thread {thread.id}, post {common.post_label(post)}"
        made = _microblog(
            event, f"thread\0{thread.id}\0{position}", label, post,
            [report.links[i] for i in indices if i < len(report.links)],
            [targets[i] for i in indices if i < len(targets)],
        )
        if made is None:
            continue
        if previous is not None:
            event.refer(previous, made["uuid"], "followed-by")
        previous = made


# --------------------------------------------------------------------------- bots


def _cluster_text(cluster: Cluster) -> str:
    lines = [
        f"threadscope cluster {cluster.id}: coordinated replies, score {cluster.score}/100 "
        f"over {len(cluster.replies)} replies by {len(cluster.accounts)} accounts."
    ]
    lines += [f"{r.points:+d} {r.detail}" for r in cluster.reasons]
    if cluster.imitates:
        lines.append("Its links imitate " + ", ".join(cluster.imitates) + ".")
    named = [account.name for account in members_of(cluster) if account.kind is AuthorKind.NAME]
    if named:
        lines.append("Accounts known by their display name only (no handle): "
                     + ", ".join(named) + ".")
    return "\n".join(lines + common.cluster_platform_lines(cluster))


def _account_description(cluster: Cluster, summary: AccountSummary | None) -> str:
    parts = [f"threadscope: in coordinated cluster {cluster.id} (score {cluster.score}/100)"]
    if summary is not None:
        parts.append(f"account score {summary.score}/100")
        parts += [f"{r.points:+d} {r.detail}" for r in summary.reasons]
        if summary.status:
            parts.append(f"account status later in the dump: {summary.status}")
        if summary.platform_labels:
            parts.append(f"{common.PLATFORM_SAYS}: "
                         f"{common.platform_labels(summary.platform_labels)}")
    return "; ".join(parts) + "."


def _cluster(event: _Event, report: BotReport, cluster: Cluster,
             summaries: dict[Account, AccountSummary], targets: Sequence[str | None]) -> None:
    note = event.add_object(
        "annotation", f"cluster\0{cluster.id}",
        [("text", _cluster_text(cluster)), ("type", "Annotation"), ("format", "text")],
        f"threadscope cluster {cluster.id}",
    )
    if note is None:
        return
    accounts: dict[Account, str] = {}
    for account in members_of(cluster):
        handle, kind = account.name, account.kind
        if kind is AuthorKind.NAME:
            continue  # no username, no id: the annotation names it (``_cluster_text``)
        summary = summaries.get(account)
        made = event.add_object(
            "user-account",
            f"account\0{handle}\0id" if kind is AuthorKind.ID else f"account\0{handle}",
            [("user-id" if kind is AuthorKind.ID else "username", handle),
             ("created", _iso_time(summary.created_at if summary else None)),
             ("disabled", "1" if summary and summary.status else None),
             ("description", _account_description(cluster, summary))],
            f"threadscope: account of coordinated cluster {cluster.id}",
        )
        if made is not None:
            accounts[account] = made["uuid"]
            event.refer(note, made["uuid"], "annotates")
    for position in cluster.replies:
        post = report.flagged_posts.get(position)
        if post is None:
            continue
        indices = report.flagged_links.get(position, ())
        made = _microblog(
            event, f"reply\0{position}",
            f"coordinated cluster {cluster.id}, post {position + 1} of the dump", post,
            [report.links[i] for i in indices if i < len(report.links)],
            [targets[i] for i in indices if i < len(targets)],
        )
        if made is None:
            continue
        event.refer(note, made["uuid"], "annotates")
        author = accounts.get(Account(post.author or "", post.author_kind, post.author_id))
        if author is not None:
            event.refer(made, author, "authored-by")


class MispFormatter(Formatter):
    name = Format.MISP

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        event = _Event()
        links = list(items)
        for link in links:
            event.link(link, ())
        yield event.serialize(
            f"threadscope link check: {common.summary_sentence(links)}", flagged=False
        )

    def audit(self, report: AuditReport) -> str:
        event = _Event()
        places = common.where_found(report)
        targets = [event.link(link, places.get(index, ()))
                   for index, link in enumerate(report.links)]
        for thread in report.threads:
            _thread(event, report, thread, targets)
        return event.serialize(
            f"threadscope audit of {report.source}: {common.summary_sentence(report.links)}",
            flagged=False,
        )

    def bots(self, report: BotReport) -> str:
        event = _Event()
        targets = [event.link(link, ()) for link in report.links]
        summaries = {Account(account.handle, account.author_kind, account.account_id): account
                     for account in report.accounts}
        coordinated = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
        for cluster in coordinated:
            _cluster(event, report, cluster, summaries, targets)
        if coordinated:
            event.tags[INAUTHENTIC_COMMENT_TAG] = None
        return event.serialize(
            f"threadscope bots in {report.source}: "
            f"{common.plural(len(coordinated), 'coordinated cluster')} among {report.replies} "
            f"{report.read_as}",
            flagged=bool(coordinated),
        )
