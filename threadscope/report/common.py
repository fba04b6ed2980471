"""What several formats need alike: post order with gaps, defanging, the summary sentence.

Every format shows the same facts; only the markup differs. Keeping the facts here means a
table, a Markdown ticket and an HTML report never disagree about what is missing or flagged.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import idna

from threadscope.assessment.techniques import NAME_CODES
from threadscope.authors import account_labels, author_label
from threadscope.bots.codes import COORDINATED_CLUSTER
from threadscope.links.extract import DEFANGED_CODE, extract_links
from threadscope.links.posts import expanded_link, target_key, with_destinations
from threadscope.links.redirects import embedded_destination
from threadscope.models import (
    NOT_FOLLOWED_FAILED,
    NOT_FOLLOWED_INVALID,
    NOT_FOLLOWED_OFFLINE,
    NOT_FOLLOWED_OFFLINE_SHORTENER,
    UNOPENABLE_CODE,
    AccountSummary,
    Assessment,
    AuditReport,
    AuthorKind,
    BotReport,
    Card,
    Cluster,
    ClusterVerdict,
    FirstPage,
    Link,
    Post,
    Thread,
    Verdict,
)
from threadscope.names import registrable_domain, split_host
from threadscope.textsafe import visible

VERDICT_ORDER = (
    Verdict.LOOKALIKE,
    Verdict.SUSPICIOUS,
    Verdict.BENIGN,
    Verdict.OFFICIAL,
    Verdict.INVALID,
)
"""Worst first: the order of legends, chart segments and summaries."""


@dataclass(frozen=True)
class PostRow:
    """One row of a thread as shown to a reader: a post, or a gap where posts are missing."""

    position: int | None
    """Position in ``thread.posts`` (the key of ``AuditReport.post_links``); None for a gap."""
    post: Post | None
    missing: tuple[int, ...] = ()
    """For a gap: the consecutive missing indices it stands for."""


def _runs(numbers: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Consecutive runs: (2, 4, 5, 6) → (2,), (4, 5, 6)."""
    run: list[int] = []
    for number in sorted(numbers):
        if run and number != run[-1] + 1:
            yield tuple(run)
            run = []
        run.append(number)
    if run:
        yield tuple(run)


def post_rows(thread: Thread) -> list[PostRow]:
    """The thread's posts in order, with each run of missing posts placed where it belongs."""
    pending = list(_runs(thread.missing))
    rows: list[PostRow] = []
    for position, post in enumerate(thread.posts):
        while pending and post.index is not None and pending[0][-1] < post.index:
            rows.append(PostRow(None, None, pending.pop(0)))
        rows.append(PostRow(position, post))
    rows.extend(PostRow(None, None, run) for run in pending)
    return rows


def gap_label(missing: tuple[int, ...], total: int | None) -> str:
    """``2/22 missing`` or ``4–25/25 missing (22 posts)``."""
    of = f"/{total}" if total else ""
    if len(missing) == 1:
        return f"{missing[0]}{of} missing"
    return f"{missing[0]}–{missing[-1]}{of} missing ({len(missing)} posts)"


def post_label(post: Post) -> str:
    """``3/22``, ``3/`` or ``·`` for an unnumbered post."""
    if post.index is None:
        return "·"
    return f"{post.index}/{post.total}" if post.total else f"{post.index}/"


def post_notes(post: Post) -> list[str]:
    """What the post's text does not show and a reader of it must know: that it was edited
    (and when), the links an earlier version had (they are among its links, assessed), the
    descriptions of its images (links hidden there are its links too)."""
    notes = []
    if post.edited_at:
        first = f" (first posted {post.created_at})" if post.created_at else ""
        notes.append(f"edited {post.edited_at}{first}")
    notes += [f"link edited away: {url}" for url in post.edited_away]
    notes += [f"image description: {text.strip()}" for text in post.alt_text]
    return notes


MAX_REPLIES_SHOWN = 50
"""Replies quoted per coordinated cluster; the rest are counted (JSON has their positions)."""


def account_label(handle: str, kind: AuthorKind | None = None) -> str:
    """An account as reports name it (``author_label``: ``@handle``, a DID, an id or a name
    bare) on one line: a line break in a handle (a CSV cell can hold one) would show one
    account as two in a list of accounts, so it is an escape, as other controls are."""
    return visible(author_label(handle, kind), keep_newlines=False)


def cluster_labels(cluster: Cluster) -> list[str]:
    """The cluster's accounts as reports name them (``authors.account_labels``), each on one
    line, as ``account_label`` writes one."""
    return [visible(label, keep_newlines=False) for label in account_labels(cluster)]


def dump_positions(positions: Iterable[int]) -> str:
    """``posts 2, 3 and 10 of the dump``: reply positions (``Cluster.replies``, counted from
    0 as JSON indexes them) as a reader counts them and as the quoted replies name them
    (``reply_meta``); the HTML cluster card showed ``input positions 1, 2, 9`` for the posts
    it quotes as 2, 3 and 10."""
    shown = [str(position + 1) for position in sorted(positions)]
    if len(shown) == 1:
        return f"post {shown[0]} of the dump"
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if shown else "none"
    return f"posts {listed} of the dump"


def bot_link_places(report: BotReport) -> dict[int, list[str]]:
    """Link index → where ``bots`` saw it, as a link's "found in" says it: ``coordinated
    cluster 1: posts 2, 3 and 10 of the dump`` for a link the replies of a coordinated cluster
    spread (``BotReport.flagged_links``), else ``the dump's replies``. The links of a dump of
    replies were said to be in "text not in any thread", a section no bots report has."""
    cluster_of = {position: cluster.id for cluster in report.clusters
                  if cluster.verdict is ClusterVerdict.COORDINATED for position in cluster.replies}
    seen: dict[int, dict[int, list[int]]] = {}
    for position, indices in report.flagged_links.items():
        for index in indices:
            by_cluster = seen.setdefault(index, {})
            by_cluster.setdefault(cluster_of.get(position, 0), []).append(position)
    everywhere = [f"the dump's {report.read_as}"]
    places = dict.fromkeys(range(len(report.links)), everywhere)
    for index, by_cluster in seen.items():
        places[index] = [
            (f"coordinated cluster {cluster}: " if cluster else "") + dump_positions(positions)
            for cluster, positions in sorted(by_cluster.items())]
    return places


def account_top_reason(account: AccountSummary) -> str:
    """The strongest of the account's own reasons (a generated-looking handle, a young
    account): membership of its cluster, worth the most, repeats the cluster column and hid
    them. That membership only where the account has no reason of its own; "" for none."""
    own = [r for r in account.reasons if r.code != COORDINATED_CLUSTER]
    strongest = max(own or account.reasons, key=lambda r: r.points, default=None)
    return strongest.detail if strongest else ""


PLATFORM_SAYS = "platform says"
"""How reports introduce what the platforms say about accounts (``AccountSummary.
platform_labels``, ``Cluster.platform_labels``): context beside the score, not part of it."""


def platform_labels(labels: Sequence[str]) -> str:
    """An account's platform labels on one line, ``; ``-separated ("" for none)."""
    return visible("; ".join(labels), keep_newlines=False)


def thread_author_labels(thread: Thread) -> str:
    """What the platform says of the thread's author, on one line as ``platform_labels``
    writes it: the labels of its first post by that author that has any ("" for none)."""
    labels = next((post.author_labels for post in thread.posts
                   if post.author == thread.author and post.author_labels), ())
    return platform_labels(labels)


def cluster_platform_lines(cluster: Cluster) -> list[str]:
    """A cluster's platform labels, each on a line after its reasons: ``platform says:
    Mastodon: marked as automated (bot), 3 of 5 accounts``."""
    return [visible(f"{PLATFORM_SAYS}: {label}", keep_newlines=False)
            for label in cluster.platform_labels]


def reply_meta(post: Post, position: int) -> str:
    """``post 3 of the dump · @handle (account takendown) · 2024-01-01T10:00:00Z · id 123 ·
    repost of 99``: where a quoted reply is, for a reader to find it again, and what it is."""
    parts = [f"post {position + 1} of the dump"]
    if post.author:
        status = f" (account {post.author_status})" if post.author_status else ""
        parts.append(account_label(post.author, post.author_kind) + status)
    parts += [post.created_at] if post.created_at else []
    parts += [f"id {post.post_id}"] if post.post_id else []
    parts += [f"repost of {post.repost_of}"] if post.repost_of else []
    parts += [f"quoting {post.quote_of}"] if post.quote_of else []
    return " · ".join(parts)


def thread_title(thread: Thread) -> str:
    """``Thread 1 · @author · 22 posts declared · 19 shown · missing 2, 4``; the author's
    account ``(account takendown)`` where the dump says what became of it, ``(platform says:
    X: verified)`` where the platform said something of it (``thread_author_labels``)."""
    parts = [f"Thread {thread.id}"]
    if thread.author:
        status = next((post.author_status for post in thread.posts
                       if post.author == thread.author and post.author_status), None)
        said = [f"account {status}"] if status else []
        said += [f"{PLATFORM_SAYS}: {labels}"] if (labels := thread_author_labels(thread)) else []
        shown = f" ({'; '.join(said)})" if said else ""
        parts.append(account_label(thread.author, thread.author_kind) + shown)
    if thread.total:
        parts.append(f"{plural(thread.total, 'post')} declared")
    if len(thread.declared_totals) > 1:
        parts.append("totals changed: " + " → ".join(map(str, thread.declared_totals)))
    parts.append(f"{len(thread.posts)} shown")
    if thread.missing:
        parts.append(f"{len(thread.missing)} missing")
    if thread.head_missing:
        parts.append("its first post is not in the dump (more may be missing before it)")
    if thread.duplicates:
        # ``post 4 pasted twice``: ``pasted twice: 4`` read as a count of posts
        word = "post" if len(thread.duplicates) == 1 else "posts"
        parts.append(f"{word} {', '.join(map(str, thread.duplicates))} pasted twice")
    return " · ".join(parts)


# --------------------------------------------------------------------------- links


def top_reason(assessment: Assessment) -> str:
    """The reason that names the imitated brand and how (same name as welt.de under .ltd),
    else the reason worth most points, else the official owner (the error for an invalid
    link, or for one that could not be followed and has nothing else to say). A link that
    could not be followed keeps its citable name reason here: the failure is said apart
    (``not_followed_note``), where it hid the reason a journalist quotes."""
    if assessment.reasons:
        named = [reason for reason in assessment.reasons if reason.code in NAME_CODES]
        return max(named or assessment.reasons, key=lambda reason: reason.points).detail
    if assessment.error and not assessment.unresolved:
        return assessment.error
    if assessment.verdict is Verdict.OFFICIAL:
        return f"official domain of {assessment.brand}" if assessment.brand else "official domain"
    if assessment.error:  # could not be followed, and nothing else to say
        return not_followed(assessment)
    return ""


def not_followed_note(assessment: Assessment) -> str | None:
    """The failure of a link that could not be followed, shown on a line of its own under
    its top reason (``could not be followed (dns failure): judged by its name alone``);
    None when it was followed, or when the failure is its top reason already. A link no
    browser opens (``unopenable``) says so the same way, under the reason its name earns."""
    if assessment.unopenable:
        note = next(r.detail for r in assessment.reasons if r.code == UNOPENABLE_CODE)
    elif not (assessment.unresolved and assessment.error):
        return None
    else:
        note = not_followed(assessment)
    return None if note == top_reason(assessment) else note


def landing_note(assessment: Assessment) -> str | None:
    """``lands on welt[.]ltd``: the host a followed link ended on, where that is another
    site than the link's own (a t.co link to a clone); None otherwise. Its verdict is the
    landing's, and without this a table named neither it nor the site (``t.co`` flagged as a
    look-alike of welt.de "under .ltd"); JSON's ``final_url`` and the Markdown and HTML
    reports' final address had it. Defanged as the link is (``defanged_if_needed``)."""
    if not assessment.chain or not assessment.final_url:
        return None
    landed = _site(assessment.final_url)
    host = url_host(assessment.final_url)
    if not landed or not host or landed == _site(assessment.url):
        return None
    return "lands on " + defanged_if_needed(assessment, visible(host, keep_newlines=False))


def not_followed(assessment: Assessment) -> str:
    """``could not be followed (dns failure): judged by its name alone``; for a link that
    stopped on a page whose refresh or JavaScript redirect failed, that page counts too."""
    if assessment.page_cut_off:
        return (f"its page was read only in part ({assessment.error}): judged by its name "
                "and what arrived")
    if assessment.page is not None:
        return (f"its page's redirect could not be followed ({assessment.error}): judged by "
                "its name and that page")
    return f"could not be followed ({assessment.error}): judged by its name alone"


def reasons_by_weight(assessment: Assessment) -> list[str]:
    """Every reason, strongest first, as ``+60 detail`` (the failure first when the link
    could not be followed; the official owner when there is nothing else to say). A reason
    that counts nothing reads ``+0 detail``, as in HTML, Markdown and CSV: without its number,
    a wrapped list showed it as the previous reason's continuation."""
    lines = [f"{r.points:+d} {r.detail}"
             for r in sorted(assessment.reasons, key=lambda r: -r.points)]
    if assessment.unresolved and assessment.error:
        lines.insert(0, not_followed(assessment))
    elif assessment.error and not lines:
        lines.append(assessment.error)
    if assessment.verdict is Verdict.OFFICIAL and not assessment.reasons and (
            assessment.unresolved or not lines):  # an official site keeps its owner
        lines.append(top_reason(assessment))
    return lines


def capped_note(assessment: Assessment) -> str | None:
    """Why the reasons' points do not add up to the score, when the 0–100 clamp is why
    (``the reasons add up to 107; a score is at most 100``); None when they add up. A
    journalist who adds the listed points must find the score, or be told why not."""
    total = sum(reason.points for reason in assessment.reasons)
    if total == assessment.score or not assessment.reasons:
        return None
    if total > 100 and assessment.score == 100:
        return f"the reasons add up to {total}; a score is at most 100"
    if total < 0 and assessment.score == 0:
        return f"the reasons add up to {total}; a score is at least 0"
    return None


def verdict_label(assessment: Assessment) -> str:
    """The verdict as shown to a reader: a benign link whose landing is not known is not shown
    as a green ``benign``: ``unresolved`` where it could not be followed, ``not followed``
    where it is a short link judged offline by its name alone. Read from
    ``Assessment.not_followed``, the field JSON, jsonl and CSV give, so that the reports and
    a script never tell the two apart differently. Flagged links keep their verdict, and so
    does an official one: its name is the brand's own domain whether or not it answered (the
    failure is said under its reason, ``not_followed_note``), and ``unresolved`` hid that."""
    if assessment.verdict is not Verdict.BENIGN:
        return assessment.verdict.value
    why = assessment.not_followed
    if why == NOT_FOLLOWED_FAILED:
        return UNRESOLVED
    if why == NOT_FOLLOWED_OFFLINE_SHORTENER:
        return NOT_FOLLOWED
    return assessment.verdict.value


UNRESOLVED = "unresolved"
NOT_FOLLOWED = "not followed"


def shown_link(assessment: Assessment) -> str:
    """How a link is named to a reader: its normalised URL, else the domain, else the input."""
    return assessment.url or assessment.domain or assessment.input


# Reason codes that speak about one address rather than its domain.
_ADDRESS_HINTS = ("card", "shortener", "redirect", "path", "userinfo")


def about_address(assessment: Assessment) -> bool:
    """Whether the evidence is about one address on a host rather than the host's name: a
    t.co link whose card claims welt.de must not make t.co itself an indicator (STIX uses a
    url pattern, MISP sets ``to_ids`` on the url only)."""
    if assessment.card_domain:
        return True
    return any(hint in reason.code for reason in assessment.reasons for hint in _ADDRESS_HINTS)


def written_defanged(assessment: Assessment) -> bool:
    """True when the link was defanged where it was found (``hxxps://``, ``welt[.]ltd``)."""
    return any(reason.code == DEFANGED_CODE for reason in assessment.reasons)


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)(://)", re.IGNORECASE)
_DEFANGED_SCHEMES = {"http": "hxxp", "https": "hxxps", "ftp": "fxp"}


def defang(text: str) -> str:
    """``https://welt.ltd/a`` → ``hxxps://welt[.]ltd/a``: readable, never clickable.

    Only the host's dots are bracketed, so paths stay legible; text without a scheme is treated
    as a host (``welt.ltd`` → ``welt[.]ltd``). ``ftp://`` becomes ``fxp://``. Text written
    defanged stays as it is (``welt[.]ltd``, not ``welt[[.]]ltd``). A link inside the path or
    query is defanged as well (``?to=hxxps://welt[.]ltd``), percent-encoded as a redirect
    wrapper holds it too (``l.php?u=hxxps%3A%2F%2Fwelt[.]ltd%2Fa``: the address a reader of
    the wrapper is sent to, which an IOC search of the report reads as welt.ltd), and so is
    one after other text, where a pasted target is more than its link
    (``[welt.de](https://welt.ltd/a)``, ``<https://welt.ltd/a>``).
    """
    scheme = _SCHEME.match(text)
    if scheme is None:
        inner = _NESTED.search(text)
        if inner is not None and inner.start() > 0:  # "<https://…", "[label](https://…"
            return defang(text[: inner.start()]) + defang(text[inner.start() :])
    rest = text[scheme.end() :] if scheme else text
    prefix = ""
    if scheme:
        name = scheme.group(1).lower()
        prefix = _DEFANGED_SCHEMES.get(name, name) + "://"
    host_end = len(rest)
    for separator in "/?#":
        found = rest.find(separator)
        if found != -1:
            host_end = min(host_end, found)
    return prefix + _bracketed(rest[:host_end]) + _NESTED.sub(_nested, rest[host_end:])


_NESTED = re.compile(
    r"(?i)(?P<scheme>https?|ftp)(?P<sep>(?::|%(?:25)*3a)(?:/|%(?:25)*2f){2})"
    r"(?P<host>(?:[^/?#\s%&]|%(?:25)*(?!2f|3f|23|26)[0-9a-f]{2})*)"
)
"""A live link inside a link's path or query (``…/redirect?to=https://welt.ltd``), which a
terminal would make clickable, or percent-encoded (``?u=https%3A%2F%2Fwelt.ltd``, once or
more: ``%253A``), as a redirect wrapper names its destination: its scheme and host, which
end where the host does (a ``/ ? # &``, encoded or not)."""
_ENCODED_DOT = re.compile(r"(?i)%(?:25)*2e")


def _nested(found: re.Match[str]) -> str:
    name = found["scheme"].lower()
    return _DEFANGED_SCHEMES.get(name, name) + found["sep"] + _bracketed(found["host"])


_DOT = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\.")
"""A dot, or a dot written defanged as researchers write it (``[.]``, ``(.)``, ``{.}``)."""


def _bracketed(host: str) -> str:
    """A host's dots bracketed (``welt[.]ltd``); one written defanged already is left as
    written (``spiegel(.)ltd``, not ``spiegel([.])ltd``: "written as" showed a spelling nobody
    wrote), and an encoded dot (``welt%2Eltd``, which a browser reads as ``.``) is bracketed as
    written."""
    host = _DOT.sub(lambda dot: "[.]" if dot.group() == "." else dot.group(), host)
    return _ENCODED_DOT.sub(lambda dot: f"[{dot.group()}]", host) if "%" in host else host


def shown_defanged(assessment: Assessment) -> bool:
    """Whether a report shows this link defanged: when flagged, when it was written
    defanged (no report turns ``hxxps://welt[.]ltd`` back into a live link), or when it is a
    redirect wrapper naming its destination (``google.com/url?q=…``): opening it is opening
    that destination, judged on a row of its own that a stream prints after this one, and a
    live Google link to welt.ltd stood right above ``written as: hxxps://…welt[.]ltd``."""
    return (assessment.verdict.flagged or written_defanged(assessment)
            or _names_destination(assessment.url))


def _names_destination(url: str | None) -> bool:
    """``url`` is a redirect wrapper that names its destination (``redirects``)."""
    return url is not None and embedded_destination(url.strip()) is not None


def defanged_if_needed(assessment: Assessment, text: str) -> str:
    """``text`` (the link's URL, its input, a hop) as a report shows it (``shown_defanged``);
    a wrapper is defanged wherever it is shown (the input of its destination's row)."""
    return defang(text) if shown_defanged(assessment) or _names_destination(text) else text


def shown_reason(assessment: Assessment, text: str) -> str:
    """A reason of ``assessment`` (its detail, a line of ``reasons_by_weight``) as the
    human formats show it (table, Markdown, HTML): where the link itself is shown defanged
    (``shown_defanged``), every domain name the text holds is defanged as the link is
    (``welt.de.ltd is welt.de's whole address`` → ``welt[.]de[.]ltd is welt.de's whole
    address``), but the imitated site's own (``imitated_site``). A journalist copies a reason
    into a report or a chat, where a bare ``welt.ltd`` became a live link to the clone; the
    outlet's own name is the one a reader should be able to open to compare, and left as
    written it stays apart from the hostile ones, as the ``imitates`` column beside it shows
    it. The machine formats (JSON, jsonl, CSV, STIX, MISP) keep the reasons as found."""
    if "." not in text or not shown_defanged(assessment):
        return text
    imitates = assessment.imitates or ""
    return _NAME_IN_TEXT.sub(lambda found: _shown_name(found.group(), imitates), text)


def shown_top_reason(assessment: Assessment) -> str:
    """``top_reason`` as the human formats show it (``shown_reason``)."""
    return shown_reason(assessment, top_reason(assessment))


_NAME_IN_TEXT = re.compile(
    r"(?<![\w.\[\]/-])(?:(?:https?|ftp)://)?[\w-]++(?:\.[\w-]++)+", re.IGNORECASE)
"""A domain name in a reason, with its scheme where one is written: not part of a longer
word, an address's path nor a name written defanged (``welt[.]ltd``). Possessive, so that
the words of a reason are not tried again letter by letter."""


@functools.lru_cache(maxsize=4096)
def _shown_name(name: str, imitates: str) -> str:
    """``name`` defanged, unless it is no domain (``3.5``, ``e.g``: no public suffix; an
    IPv4 address is one, ``the link points at a bare IP address (203.0.113.9)``) or a name
    of the site imitated (``imitated_site``). A report's reasons name the same few names
    again and again: each is judged once."""
    host = name.rsplit("/", 1)[-1].lower()
    parts = split_host(host)
    if not (parts.name and parts.suffix) and not _IPV4.fullmatch(host):
        return name
    return name if imitates and parts.registrable == imitates else defang(name)


_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


class FlaggedLinks(tuple[Assessment, ...]):
    """The flagged links among some assessments, with what ``flagged_forms`` looks for in a
    text (their inputs, addresses and hosts) gathered once: text outside the posts is searched
    for every flagged link of the report, piece by piece, and sifting the report's links and
    reading their verdicts again for each piece made a 20 MB dump's table take twice as long."""

    inputs: tuple[str, ...]
    urls: frozenset[str]
    hosts: tuple[str, ...]

    def __new__(cls, links: Iterable[Assessment]) -> FlaggedLinks:
        made = super().__new__(cls, (link for link in links if link.verdict.flagged))
        made.inputs = tuple(dict.fromkeys(link.input for link in made if link.input))
        made.urls = frozenset(link.url for link in made if link.url)
        made.hosts = tuple(dict.fromkeys(link.domain.lower() for link in made if link.domain))
        return made


    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The hosts and registrable domains of the flagged links and of where they lead
        (``final_url``): what a bot cluster's reason names (``link to welt.ltd``, ``posted
        https://welt.ltd/a`` after a shortener), read only for reasons."""
        found: set[str] = set()
        for link in self:
            for host in (link.domain, url_host(link.final_url)):
                if host:
                    found.update((host.lower(), registrable_domain(host.lower())))
            if link.registrable_domain:
                found.add(link.registrable_domain.lower())
        found.discard("")
        return frozenset(found)


def flagged_forms(text: str, links: Iterable[Assessment]) -> list[str]:
    """How the flagged links are written in ``text``, longest first: each one's ``input``
    (as written where it was found first) and any other spelling of the same address in this
    text (``welt.ltd/a`` where another post wrote ``https://welt.ltd/a``), which the text's
    own links tell."""
    flagged = links if isinstance(links, FlaggedLinks) else FlaggedLinks(links)
    forms = {form for form in flagged.inputs if form in text}
    rest = text
    for form in forms:
        rest = rest.replace(form, " ")
    if flagged.urls and _may_hold(rest, flagged.hosts):
        forms.update(found.input for found in extract_links(text) if found.url in flagged.urls)
    return sorted(forms, key=lambda form: (-len(form), form))


def reason_forms(text: str, links: Iterable[Assessment]) -> list[str]:
    """``flagged_forms`` for a reason's detail, and the flagged links it names by their host
    or domain alone: a bot cluster's reason says ``12 accounts link to welt.ltd (lookalike)``
    of links assessed as ``https://welt.ltd/politik``, or names the address a shortener led
    to, cut at 100 characters. Each link written in the detail whose host is a flagged
    link's host or registrable domain, or those of where it led (``FlaggedLinks.names``)."""
    flagged = links if isinstance(links, FlaggedLinks) else FlaggedLinks(links)
    forms = set(flagged_forms(text, flagged))
    if flagged:  # a reason is a line: finding its links costs less than looking for each name
        forms.update(found.input for found in extract_links(text) if found.host in flagged.names)
    return sorted(forms, key=lambda form: (-len(form), form))


def links_at(report: AuditReport, thread_id: int, position: int) -> list[Assessment]:
    """The assessments of the links a post holds (``AuditReport.post_links``): the few a
    report looks for in its text, not every link of the dump."""
    return [report.links[index] for index in report.post_links.get((thread_id, position), ())
            if index < len(report.links)]


def flagged_only(links: Iterable[Assessment]) -> FlaggedLinks:
    """The look-alike and suspicious links among ``links``: what text outside the posts (a
    thread's trailing text, text in no thread) is searched for, found once per report."""
    return FlaggedLinks(links)


def defang_flagged(text: str, links: Sequence[Assessment]) -> str:
    """``text`` with each flagged link in it (``flagged_forms``) defanged: a post, an image
    description."""
    if not links:  # a post without links, or a thread shown without an audit
        return text
    for form in flagged_forms(text, links):
        text = text.replace(form, defang(form))
    return text


def defang_reason(text: str, links: Sequence[Assessment]) -> str:
    """A reason's detail with each flagged link it names (``reason_forms``) defanged: the
    link a cluster spread, or its domain alone."""
    if not links:
        return text
    for form in reason_forms(text, links):
        text = text.replace(form, defang(form))
    return text


def _may_hold(text: str, hosts: Sequence[str]) -> bool:
    """Whether ``text`` (what is left of it once the forms already found are taken out) may
    spell a flagged link: it holds one's host in any case, in bold or full-width letters
    (NFKC), or characters a link may hide in (format characters). Finding the links of every
    post again costs more than this look."""
    if not text.isascii():
        if _HIDDEN.search(text):
            return True
        text = unicodedata.normalize("NFKC", text)
    lowered = text.lower()
    return any(host in lowered for host in hosts)


_HIDDEN = re.compile("[\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                     "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff"
                     "\uffa0\U000e0000-\U000e0fff]")
"""Invisible characters a link may be spelled with (Unicode's default ignorables)."""


def link_text(assessment: Assessment) -> str:
    """The link as written in a report: defanged when flagged, or when it was written
    defanged, so nobody opens it by accident and no report turns ``hxxps://`` back into a
    live link."""
    return defanged_if_needed(assessment, shown_link(assessment))


def cut_link(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut at the end with an ellipsis: the scheme
    and host, which identify a link, stay; the end of a long path goes."""
    if len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    return text[: width - 1] + "…"


NO_ACCOUNTS = "None found: no account is in a cluster or scored on evidence of its own."
"""What ``bots`` reports say in place of an empty accounts table."""


NO_TARGETS = "None checked: the input holds no link or domain."
"""What the ``check`` and ``domains`` table says in place of column headings over no rows."""


def no_clusters_line(report: BotReport) -> str:
    """What ``bots`` reports say in place of an empty clusters table: that none was found,
    and what was checked, so an empty section does not read as a failure."""
    return (f"None found: in {report.replies} {report.read_as}, no accounts wrote near-identical "
            "text, posted the same dubious link or links imitating one brand, or acted "
            f"together (co-retweet, co-reply, co-link or co-text within "
            f"{network_window(report)} s, at least {report.min_repeats} times).")


def network_window(report: BotReport) -> str:
    """The coordination network's time windows in seconds, ``60`` or ``30/60``."""
    return "/".join(f"{w:g}" for w in sorted(set(report.window.values()))) or "60"


def where_found(report: AuditReport) -> dict[int, list[str]]:
    """Link index → ``thread 6, post 2/14`` for every post that contains it, in thread
    order, with ``thread 6, after post 14/14`` for a thread's trailing text (``after_label``)
    after its posts, then ``no thread: @anna, line 12, id …`` for every record in no thread
    that does (``outside_label``): the places ``AuditReport.found_in`` gives JSON."""
    places: dict[int, list[str]] = {}
    threads = {thread.id: thread for thread in report.threads}
    for thread_id, position, indices in report.thread_places():
        thread = threads[thread_id]
        label = (after_label(thread) if position is None
                 else f"thread {thread_id}, post {post_label(thread.posts[position])}")
        for index in indices:
            places.setdefault(index, []).append(label)
    for post, indices in report.outside_post_links:
        label = outside_label(post)
        for index in indices:
            places.setdefault(index, []).append(label)
    return places


def after_label(thread: Thread) -> str:
    """``thread 1, after post 3/3``: where a link of a thread's trailing text stands (the
    text the thread shows under its last post, ``after``). It was said to be in "text not in
    any thread", which a reader looked for under "Not in any thread" and did not find."""
    last = post_label(thread.posts[-1]) if thread.posts else "·"
    return f"thread {thread.id}, " + (f"after post {last}" if last != "·"
                                      else "after its last post")


def outside_label(post: Post) -> str:
    """``no thread: @anna, line 12, id 1768…``: a dump's record in no thread (a reply by
    another account) that holds a link, named as a researcher looks it up; author and id only
    where the dump has them, each on one line."""
    parts = [f"line {post.line}"]
    if post.author:
        parts.insert(0, account_label(post.author, post.author_kind))
    if post.post_id:
        parts.append("id " + visible(post.post_id, keep_newlines=False))
    return OUTSIDE + ", ".join(parts)


OUTSIDE = "no thread: "
"""How ``outside_label`` opens: a place that is a record in no thread."""

IN_UNTHREADED_TEXT = "text not in any thread"
"""Where a link was found when only pasted text in no thread holds it (no post of a record
to name): the same words in every format (the table said ``outside the threads``, Markdown
``text outside the threads``, HTML nothing) and as the section that shows that text."""


def expansion_note(report: AuditReport, index: int) -> str | None:
    """``expands to #4 (as the dump says)`` for a short link whose expansion the dump gives
    (``AuditReport.expands_to``), numbered from 1 as the tables number links; else None."""
    target = report.expands_to.get(index)
    if target is None:
        return None
    return f"expands to #{target + 1} ({expansion_source(report.links, index, target)})"


EXPANSION_DISPUTED = "as the dump says; followed, it led to another site"


EXPANSION_IN_LINK = "a redirect: the link itself names it"


def expansion_source(links: Sequence[Assessment], index: int, target: int) -> str:
    """Whose word an expansion is: ``as the dump says``, or, for a redirect wrapper
    (``google.com/url?q=…``), the link's own (``EXPANSION_IN_LINK``). A dump is text anyone
    may have written: where the short link was followed and led to another site than the one
    the dump names (neither landing there nor passing through it), the words say so too, so
    that the dump's claim never stands for what was seen."""
    if _names_in_itself(links[index], links[target]):
        return EXPANSION_IN_LINK
    if _led_elsewhere(links[index], links[target]):
        return EXPANSION_DISPUTED
    return "as the dump says"


def _names_in_itself(wrapper: Assessment, said: Assessment) -> bool:
    """``wrapper`` is a redirect wrapper whose link writes ``said`` as its destination."""
    destination = embedded_destination(wrapper.url) if wrapper.url else None
    if destination is None:
        return False
    link = expanded_link(destination)
    return isinstance(link, Link) and link.url == said.url


def _site(url: str | None) -> str:
    host = url_host(url)
    return registrable_domain(host.rstrip(".")) if host else ""


def _led_elsewhere(short: Assessment, said: Assessment) -> bool:
    """True when ``short`` was followed to a landing (``final_url``, or the page a failed
    refresh left the reader on) on a site the dump's expansion ``said`` is not on."""
    if not short.chain or (short.error is not None and short.page is None):
        return False  # not followed (offline), or where it leads is unknown
    landed = _site(short.final_url)
    claimed = {said.registrable_domain or "", _site(said.url), _site(said.final_url)} - {""}
    if not landed or not claimed:
        return False
    seen = {landed, *(_site(hop.url) for hop in short.chain)}
    return not claimed & seen


def verdict_counts(links: Sequence[Assessment]) -> dict[Verdict, int]:
    counts = dict.fromkeys(VERDICT_ORDER, 0)
    for link in links:
        counts[link.verdict] += 1
    return counts


UNKNOWN_LANDING = "not followed / unresolved"
"""The links ``verdict_label`` shows as ``unresolved`` or ``not followed`` taken together, as
the HTML summary tiles and charts show them: grey, apart from the benign ones."""


def shown_counts(links: Sequence[Assessment]) -> dict[str, int]:
    """How many links of each verdict a reader is shown (``verdict_label``): the benign ones
    whose landing is not known counted apart as ``UNKNOWN_LANDING`` (an official site that
    could not be followed is counted official, as it is shown); every
    verdict a key (0 where none), worst first, the unknown ones before ``invalid``."""
    keys = [verdict.value for verdict in VERDICT_ORDER]
    counts = dict.fromkeys([*keys[:-1], UNKNOWN_LANDING, keys[-1]], 0)
    for link in links:
        unknown = verdict_label(link) in (UNRESOLVED, NOT_FOLLOWED)
        counts[UNKNOWN_LANDING if unknown else link.verdict.value] += 1
    return counts


def plural(count: int, word: str) -> str:
    """``1 thread``, ``2 threads``: a report's counts read as sentences ("1 threads" did not)."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def audit_counts(report: AuditReport) -> str:
    """``1 thread, 6 posts, 9 distinct links``: what an audit read, as the table's and the
    Markdown report's first lines say it (``1 thread(s)`` read as unfinished)."""
    posts = sum(len(thread.posts) for thread in report.threads)
    return (f"{plural(len(report.threads), 'thread')}, {plural(posts, 'post')}, "
            f"{plural(len(report.links), 'distinct link')}")


def summary_sentence(links: Sequence[Assessment]) -> str:
    """``3 look-alike links imitating welt.de; 1 suspicious link; 3 official, 2 benign.``"""
    if not links:
        return "No links found."
    counts = verdict_counts(links)
    parts: list[str] = []
    named = ((Verdict.LOOKALIKE, "look-alike link"), (Verdict.SUSPICIOUS, "suspicious link"))
    for verdict, word in named:
        if not counts[verdict]:
            continue
        imitated = sorted({a.imitates for a in links if a.verdict is verdict and a.imitates})
        target = f" imitating {', '.join(imitated)}" if imitated else ""
        parts.append(plural(counts[verdict], word) + target)
    if not parts:
        parts.append("Nothing flagged")
    unresolved = sum(1 for a in links if verdict_label(a) == UNRESOLVED)
    official = sum(1 for a in links if a.unresolved and a.verdict is Verdict.OFFICIAL)
    short = sum(1 for a in links if verdict_label(a) == NOT_FOLLOWED)
    settled = _settled_counts(counts, official, unresolved + short)
    if settled:
        parts.append(settled)
    if unresolved:
        parts.append(f"{unresolved} could not be followed (judged by name alone)")
    if official:  # the brands' own sites: counted with the unknown ones, they read as such
        parts.append(f"{plural(official, 'official site')} could not be followed (judged by "
                     "name alone)")
    if short:  # shown as `not followed`, not green: counting them benign hid them here
        parts.append(f"{plural(short, 'short link')} not followed (offline: destination "
                     "unknown)")
    unopenable = sum(1 for a in links if a.unopenable)
    if unopenable:  # an evasion: a filter drops such a link, its name still works
        parts.append(f"{plural(unopenable, 'link')} no browser opens (judged by the host name "
                     "alone, not followed)")
    if counts[Verdict.INVALID]:
        parts.append(f"{counts[Verdict.INVALID]} not usable as a link")
    return "; ".join(parts) + "."


def _settled_counts(counts: dict[Verdict, int], official_unknown: int,
                   benign_unknown: int) -> str:
    """``3 official, 2 benign``: the links judged harmless, each kind counted apart (a
    fact-checker reads "5 benign or official" as possibly none of them official); a kind with
    none is left out. The ones whose landing is not known are said on their own."""
    official = counts[Verdict.OFFICIAL] - official_unknown
    benign = counts[Verdict.BENIGN] - benign_unknown
    said = [f"{official} official"] if official else []
    return ", ".join([*said, *([f"{benign} benign"] if benign else [])])


def generated_at() -> str:
    """Report timestamp, UTC, to the minute."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


METHOD_NOTE = (
    "Each distinct link is scored from 0 to 100 by adding the points of every piece of "
    "evidence found (a brand's name under another top-level domain, look-alike letters, "
    "disguised spelling, a young registration, a page that claims to be the brand, redirects). "
    "70 or more is a look-alike, 40 to 69 suspicious, below 40 benign; a protected brand's own "
    "domain is official. The score counts evidence, it is not a probability: read the reasons."
)

_LABEL_NOTES = {
    NOT_FOLLOWED: "Not followed: a short link judged without following it, so where it leads "
                  "is unknown; it is not cleared until it is followed.",
    UNRESOLVED: "Unresolved: a link that could not be followed (its error says why), judged "
                "by its name alone.",
    Verdict.INVALID.value: "Invalid: not a usable link or domain (its error says why).",
}
_JUDGED_UNOPENED = frozenset({NOT_FOLLOWED_OFFLINE, NOT_FOLLOWED_OFFLINE_SHORTENER,
                              NOT_FOLLOWED_INVALID})


def method_note(links: Sequence[Assessment]) -> str:
    """``METHOD_NOTE``, then what each label beyond the four verdicts that the report shows
    means (``not followed``, ``unresolved``, ``invalid``: a reader saw a grey ``not followed``
    with a score of 0 and no word on whether that cleared the link), and, where no link was
    followed (an ``--offline`` run), that every verdict rests on the names alone: a report
    forwarded to an editor did not say so, and a ``benign`` read as a page looked at."""
    shown = {verdict_label(link) for link in links}
    notes = [note for label, note in _LABEL_NOTES.items() if label in shown]
    followed = {link.not_followed for link in links}
    if links and followed <= _JUDGED_UNOPENED and followed != {NOT_FOLLOWED_INVALID}:
        notes.append("No link in this report was followed: each is judged by its name alone, "
                     "without its page, its redirects or its registration date.")
    return " ".join([METHOD_NOTE, *notes])


def a_label(domain: str) -> str | None:
    """The A-label (punycode) form of an IDN, as DNS and proxy logs hold it, or None when it
    is ASCII already or not encodable."""
    if domain.isascii():
        return None
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return _punycode_labels(domain)


def _punycode_labels(domain: str) -> str | None:
    """Each label that is not ASCII as ``xn--`` and its punycode, for a name IDNA refuses: a
    link written ``xn--a-ecp.ltd`` is read as ``a⒈.ltd``, which no IDNA rules encode (⒈ is
    "1."); its A-label is still what was written, and what MISP must be given (it turns a
    Unicode domain into an A-label of its own rules before it checks it, a different one)."""
    if _SURROGATE.search(domain):  # no name at all, which punycode would encode still
        return None
    return ".".join(
        label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        for label in domain.split(".")
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def first_page_note(first: FirstPage) -> str:
    """``shown 86400 s before its meta refresh``: how long readers see the page first."""
    return f"shown {first.wait()}"


def imitated_site(assessment: Assessment, host: str) -> bool:
    """True for a host of the site the link imitates: the real site a clone sends its readers
    on to (after showing itself first) is where it leads, never an indicator against it."""
    return bool(assessment.imitates) and registrable_domain(host) == assessment.imitates


def url_host(url: str | None) -> str | None:
    """The host of ``url`` as ``urlsplit`` reads it, or None for no URL or a broken one."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


UNLINKED_CARDS = "Link cards without a link"
"""The heading under which every human format lists ``AuditReport.unlinked_cards``."""


UNLINKED_CARDS_NOTE = ("the address is not in the paste; the site each card names is assessed "
                       "under Links")
"""What the list of cards without a link is, said with it."""


def card_line(card: Card, flagged: Sequence[Assessment]) -> str:
    """``line 12, thread 1, post 4: From welt[.]ltd``: where a card without a link stands and
    its line as pasted, a flagged site in it defanged (the card is the one place the clone's
    name stands in the paste); to be escaped by each format as its posts are."""
    return f"{card_place(card)}: {defang_flagged(card.text, flagged)}"


def card_place(card: Card) -> str:
    """Where a link card without a link stands: ``line 12, thread 1, post 4``."""
    parts = [f"line {card.line}" if card.line is not None else "",
             f"thread {card.thread}" if card.thread is not None else "not in a thread",
             f"post {card.post}" if card.post is not None else ""]
    return ", ".join(part for part in parts if part)


# --------------------------------------------------------------------------- text in no thread

UNTHREADED = "Not in any thread"


def no_threads_note(report: AuditReport) -> str | None:
    """What the Markdown and HTML "Threads" heading says where there is none (an article
    pasted with its links): an empty heading read as a part of the report that failed. None
    where there are threads."""
    if report.threads:
        return None
    if report.unthreaded:
        return f"No thread found in the paste: its text is under \u201c{UNTHREADED}\u201d."
    return "No thread found in the paste."


EXCERPT_HEAD = 2
"""The first lines of a piece of text in no thread that a report shows, for a reader to know
which text it is (the article's headline and opening)."""

EXCERPT_SLACK = 2
"""A piece shortened by fewer lines than this is shown whole: a note that one line was left
out takes the room of the line."""


@dataclass(frozen=True)
class Excerpt:
    """What an audit report shows of one piece of text in no thread (most often a whole
    article pasted with the thread): its first lines and every line that holds a link, the
    rest counted, not echoed back. A verification desk asked for the links; ``--explain``
    shows the text whole and JSON keeps it under ``unthreaded``."""

    runs: tuple[tuple[int, str], ...]
    """The shown lines, consecutive ones joined as one text, each with the number of lines
    left out before it (0 for the first run, or where nothing was left out)."""
    left_out_after: int
    """Lines left out after the last run."""
    lines: int
    """Lines of the whole piece."""
    link_lines: int
    """Lines that hold (a part of) a link."""
    links: tuple[Link, ...] = ()
    """The links found in the whole piece (``extract_links``), for a report to list them
    under it as it lists a post's (``links_in``)."""

    @property
    def left_out(self) -> int:
        return self.left_out_after + sum(before for before, _ in self.runs)


def excerpt(text: str, *, whole: bool = False) -> Excerpt:
    """``text`` shortened to its first ``EXCERPT_HEAD`` lines (not counting blank ones) and the
    lines that hold a link
    (all the lines a link spans, as ``extract_links`` finds it in the whole piece); ``whole``
    (``--explain``), or a piece that would lose fewer than ``EXCERPT_SLACK`` lines, kept
    whole."""
    lines = text.split("\n")
    found = extract_links(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    with_links: set[int] = set()
    for link in found:
        first = _line_at(starts, link.start)
        last = _line_at(starts, max(link.start, link.end - 1))
        with_links.update(range(first, last + 1))
    kept = with_links | set(range(_head_end(lines)))
    if whole or len(lines) - len(kept) < EXCERPT_SLACK:
        kept = set(range(len(lines)))
    runs: list[tuple[int, str]] = []
    run: list[str] = []
    gap = 0
    for number, line in enumerate(lines):
        if number not in kept:
            if run:
                runs.append((gap, "\n".join(run)))
                run, gap = [], 0
            gap += 1
            continue
        run.append(line)
    if run:
        runs.append((gap, "\n".join(run)))
        gap = 0
    return Excerpt(tuple(runs), gap, len(lines), len(with_links), found)


def link_positions(report: AuditReport) -> dict[str, int]:
    """Each link's ``target_key`` → its index in ``report.links``: for ``links_in``, made once
    per report (the audit's distinct links are one per key)."""
    positions: dict[str, int] = {}
    for index, link in enumerate(report.links):
        positions.setdefault(link.url or link.input, index)
    return positions


def links_in(positions: dict[str, int], found: Iterable[Link]) -> list[int]:
    """The indices (``link_positions``) of the links ``found`` in a text outside the posts
    (``Excerpt.links``, a thread's trailing text's), each once, in the order written, each
    redirect wrapper's destination after it, as the audit read them
    (``pipeline.collect_post_links``): what a post's links are to its text."""
    indices = (positions.get(target_key(link)) for link in with_destinations(list(found)))
    return list(dict.fromkeys(index for index in indices if index is not None))


def _head_end(lines: Sequence[str]) -> int:
    """How many lines from the top hold the first ``EXCERPT_HEAD`` lines with words (blank
    lines between them shown, as they stood)."""
    seen = 0
    for number, line in enumerate(lines):
        seen += bool(line.strip())
        if seen == EXCERPT_HEAD:
            return number + 1
    return len(lines)


def _line_at(starts: Sequence[int], offset: int) -> int:
    """The 0-based line holding character ``offset`` (``starts``: each line's first offset,
    then one past the end)."""
    return min(bisect.bisect_right(starts, offset) - 1, len(starts) - 2)


def left_out_note(count: int) -> str:
    """``… 24 lines left out …``: where lines of a piece in no thread are not shown."""
    return f"… {plural(count, 'line')} left out …"


def unthreaded_heading(pieces: Sequence[Excerpt]) -> str:
    """``1 piece of text, 27 lines, no links in it; shown: the first lines, 25 lines left
    out (--explain shows all …)``: what every format says under "Not in
    any thread" before the excerpts, and how to see the rest."""
    lines = sum(piece.lines for piece in pieces)
    with_links = sum(piece.link_lines for piece in pieces)
    left_out = sum(piece.left_out for piece in pieces)
    said = (f"{plural(len(pieces), 'piece')} of text, {plural(lines, 'line')}, "
            + (f"{with_links} with links" if with_links else "no links in it"))
    if left_out:
        shown = "the first lines and those with links" if with_links else "the first lines"
        said += (f"; shown: {shown}, {plural(left_out, 'line')} left out (--explain shows "
                 "all; --format json keeps all under 'unthreaded')")
    return said
