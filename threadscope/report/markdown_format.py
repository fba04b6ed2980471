"""``--format markdown``: pasteable into a newsroom document, a wiki or a ticket.

Input text is made inert twice: control and bidi characters become visible escapes, and every
character Markdown (CommonMark and GitHub's dialect) could read as markup is backslash-escaped,
so a post cannot open a link, a table cell or raw HTML. Flagged links are defanged
(``hxxps://welt[.]ltd``) wherever they appear, so nobody clicks them by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from threadscope.links.extract import extract_links
from threadscope.models import (
    AccountSummary,
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Card,
    ClusterVerdict,
    PageEvidence,
    Reassembly,
    Thread,
    Verdict,
)
from threadscope.report import common
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import visible

# Inline markup anywhere (with ``[`` escaped, ``(`` and ``!`` cannot form a link or image);
# ``&`` would start an entity, ``<`` raw HTML or an autolink, ``$`` math on GitHub and GitLab
# (``$\Huge{…}$``: text of any size and colour in a ticket).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
# Four spaces (a tab is four after ``visible``) at the start of a line open a code block, in
# which the escapes and the hard line breaks show as backslashes: leading spaces become
# no-break spaces, which keep the indentation and open nothing.
_INDENT = re.compile(r"^ +", re.MULTILINE)
# Block markup only counts at the start of a line: headings, lists, quotes, rules.
_LINE_START = re.compile(r"^(\s*)([-+=>#])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
# GitHub (cmark-gfm) turns www., any scheme:// (http, https, ftp), mailto: and xmpp: into
# links even without markup, also right after an underscore or asterisk (``_https://…``,
# ``_www.…``); a backslash before the ``:`` or ``.`` stops it.
_AUTOLINK = re.compile(
    r"(?i)(?<=[a-z0-9+.-])(:)(?=//)|(?<=mailto)(:)|(?<=xmpp)(:)|(?<=www)(\.)"
)
# E-mail addresses are linked after parsing, on the text with escapes resolved (``a\@b.com``
# is still a mailto: link in cmark-gfm), and GitHub links @handles to its users in the
# rendered text, where ``\@`` is a plain ``@`` again: a backslash stops neither. A word
# joiner (U+2060) after the ``@`` stops both (a mention and an address's domain must start
# right after the ``@``, with a letter, digit or ``_``) and shows nothing, in CommonMark, on
# GitHub and in the chat tools and CMSs that show an HTML comment (the old ``@<!-- -->``) as
# it is written. Attacker text cannot forge or cancel it: ``visible`` writes a word joiner of
# its own as ``\u2060``.
# Also where an escape follows (``a@\_b.com``: cmark-gfm links ``a@_b.com``, the ``_`` being
# a domain's character).
_AT = re.compile(r"@(?=[\w.+\\-])")
MENTION_BREAK = "@\u2060"
"""What ``md`` writes for an ``@`` before a name: the only format character Markdown output
holds raw (every one in the input is a visible escape)."""


def md(text: str | None) -> str:
    """One line of input text as inert Markdown."""
    escaped = _INLINE.sub(r"\\\1", visible(text or "", keep_newlines=False))
    escaped = _INDENT.sub(lambda m: "\u00a0" * len(m.group()), escaped)
    escaped = _LINE_START.sub(r"\1\\\2", escaped)
    escaped = _ORDERED.sub(r"\1\\\2", escaped)
    escaped = _AUTOLINK.sub(lambda m: "\\" + m.group(), escaped)
    return _AT.sub(MENTION_BREAK, escaped)


def md_block(text: str | None) -> str:
    """Multi-line input text as a quoted block with hard line breaks."""
    out: list[str] = []
    for line in (text or "").split("\n"):
        escaped = md(line)
        if out and escaped and out[-1] != ">":
            out[-1] += "\\"  # CommonMark hard line break: the post's own line breaks survive
        out.append("> " + escaped if escaped else ">")
    return "\n".join(out)


def md_cell(text: str | None) -> str:
    """A table cell: escaped, on one line (a newline would end the row)."""
    return md((text or "").replace("\r", " ").replace("\n", " ")) or " "


def _reason_cell(link: Assessment) -> str:
    """The top reason, and under it (``<br>``: a cell is one line) the failure of a link
    that could not be followed: the name reason first, as a journalist cites it."""
    note = common.not_followed_note(link)
    top = md_cell(common.shown_top_reason(link))
    return f"{top}<br>{md_cell(common.shown_reason(link, note))}" if note else top


def _defang_in(text: str, links: Sequence[Assessment]) -> str:
    """Replace the written form of each flagged link in ``text`` (``common.flagged_forms``)
    by its defanged form."""
    return common.defang_flagged(text, links)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _verdict(link: Assessment) -> str:
    label = common.verdict_label(link)
    return f"**{label}**" if link.verdict.flagged else label


class MarkdownFormatter(Formatter):
    name = Format.MARKDOWN

    def __init__(self, *, explain: bool = False) -> None:
        self.explain = explain
        """``--explain``: an audit's text in no thread shown whole (``common.excerpt``)."""
        self._positions_of: tuple[AuditReport, dict[str, int]] | None = None

    # ----------------------------------------------------------------------- threads

    def _thread(self, thread: Thread, report: AuditReport | None = None,
                flagged: Sequence[Assessment] = ()) -> list[str]:
        """A thread's posts, each one's flagged links defanged (``flagged``: in the text
        after it)."""
        lines = [f"### {md(common.thread_title(thread))}", ""]
        for row in common.post_rows(thread):
            if row.post is None or row.position is None:
                lines += [f"*— {common.gap_label(row.missing, thread.total)} —*", ""]
                continue
            lines += [f"**{md(common.post_label(row.post))}**", ""]
            links = common.links_at(report, thread.id, row.position) if report else []
            lines += [md_block(_defang_in(row.post.text, links)), ""]
            notes = common.post_notes(row.post)
            lines += [f"- *{md(_defang_in(note, links))}*" for note in notes]
            lines += [""] if notes else []
            if report is not None:
                lines += self._post_links(report, thread.id, row.position)
        if thread.trailing:
            lines += ["*After the last post:*", "",
                      md_block(_defang_in(thread.trailing, flagged)), ""]
            if report is not None:
                found = common.links_in(self._positions(report), extract_links(thread.trailing))
                lines += self._link_lines(report, found)
        return lines

    def _positions(self, report: AuditReport) -> dict[str, int]:
        """``common.link_positions`` of the report being written, made once."""
        if self._positions_of is None or self._positions_of[0] is not report:
            self._positions_of = (report, common.link_positions(report))
        return self._positions_of[1]

    def _post_links(self, report: AuditReport, thread_id: int, position: int) -> list[str]:
        return self._link_lines(report, report.post_links.get((thread_id, position), ()))

    def _link_lines(self, report: AuditReport, indices: Iterable[int]) -> list[str]:
        """``- link 3: `hxxps://welt[.]ltd/a`, **lookalike** (score 92, …): …`` for each link
        a text holds (a post's, or text outside the posts: the same lines under it)."""
        lines = []
        for index in indices:
            link = report.links[index]
            imitates = f", imitates {md(link.imitates)}" if link.imitates else ""
            reason = common.shown_top_reason(link)
            lines.append(
                f"- link {index + 1}: `{md_code(common.link_text(link))}`, {_verdict(link)} "
                f"(score {link.score}{imitates})" + (f": {md(reason)}" if reason else "")
            )
        return [*lines, ""] if lines else []

    def _unthreaded(self, unthreaded: Sequence[str], links: Sequence[Assessment]) -> list[str]:
        """The text in no thread whole: what ``thread`` reassembled around its threads."""
        if not unthreaded:
            return []
        lines = [f"## {common.UNTHREADED}", ""]
        for text in unthreaded:
            lines += [md_block(_defang_in(text, links)), ""]
        return lines

    def _unthreaded_excerpts(self, report: AuditReport, links: Sequence[Assessment]
                             ) -> list[str]:
        """The text in no thread of an audit as ``common.excerpt`` shortens it (whole with
        ``--explain``): a pasted article is not echoed back, its links' lines are shown,
        and under each piece a line per link, as under a post."""
        if not report.unthreaded:
            return []
        pieces = [common.excerpt(text, whole=self.explain) for text in report.unthreaded]
        lines = [f"## {common.UNTHREADED}", "", md(common.unthreaded_heading(pieces)), ""]
        for piece in pieces:
            for before, text in piece.runs:
                lines += [f"*{common.left_out_note(before)}*", ""] if before else []
                lines += [md_block(_defang_in(text, links)), ""]
            after = piece.left_out_after
            lines += [f"*{common.left_out_note(after)}*", ""] if after else []
            lines += self._link_lines(report, common.links_in(self._positions(report),
                                                              piece.links))
        return lines

    def _unlinked_cards(self, cards: Sequence[Card], flagged: Sequence[Assessment]
                        ) -> list[str]:
        """Cards with no link to belong to, as the table lists them: their domains are
        assessed under Links."""
        if not cards:
            return []
        note = f"{common.plural(len(cards), 'card')}: {common.UNLINKED_CARDS_NOTE}."
        lines = [f"## {common.UNLINKED_CARDS}", "", md(note), ""]
        lines += [f"- {md(common.card_line(card, flagged))}" for card in cards]
        return [*lines, ""]

    def threads(self, result: Reassembly) -> str:
        lines = [
            f"# Threads in {md(result.source)}",
            "",
            f"{common.plural(len(result.threads), 'thread')}, read as {md(result.format)}. "
            f"Generated {common.generated_at()} by threadscope.",
            "",
        ]
        for thread in result.threads:
            lines += self._thread(thread)
        lines += self._unthreaded(result.unthreaded, ())
        return "\n".join(lines).rstrip() + "\n"

    # ----------------------------------------------------------------------- assessments

    def _link_rows(self, links: Sequence[Assessment]) -> Iterator[list[str]]:
        for link in links:
            yield [
                f"`{md_code(common.link_text(link))}`",
                _verdict(link),
                str(link.score),
                md_cell(link.imitates or "–"),
                _reason_cell(link),
            ]

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        header = ("link", "verdict", "score", "imitates", "top reason")
        yield "\n".join(_table(header, [])) + "\n"
        for item in items:
            yield "\n".join(_table(header, self._link_rows([item]))[2:]) + "\n"

    # ----------------------------------------------------------------------- audit

    def _link_details(self, report: AuditReport) -> list[str]:
        places = common.where_found(report)
        lines = ["## Links", ""]
        for index, link in enumerate(report.links):
            lines += [
                f"### {index + 1}. `{md_code(common.link_text(link))}`: {_verdict(link)}, "
                f"score {link.score}",
                "",
            ]
            facts = [
                ("Imitates", md(link.imitates) if link.imitates else None),
                ("Brand", md(link.brand) if link.brand else None),
                ("Written as", f"`{md_code(_defang_if(link, link.input))}`"),
                ("Found in", md("; ".join(places.get(index, [common.IN_UNTHREADED_TEXT])))),
                ("Expands to", _expands_to(report, index)),
                (
                    "Final URL",
                    f"`{md_code(_defang_if(link, link.final_url))}`"
                    if link.final_url and link.final_url != link.url
                    else None,
                ),
                (
                    "Redirects",
                    " → ".join(
                        f"`{md_code(_defang_if(link, hop.url))}` ({hop.status or md(hop.error)})"
                        for hop in link.chain
                    )
                    or None,
                ),
                ("Registered", md(_registration(link))),
                ("Page claims", md(_page_claims(link.page))),
                ("Shown first", _shown_first(link)),
                ("First page claims", md(_page_claims(link.first_page))),
                ("Error", md(link.error) if link.error else None),
            ]
            lines += [f"- **{name}:** {value}" for name, value in facts if value]
            lines += [
                f"- {r.points:+d} {md(common.shown_reason(link, r.detail))} (`{md_code(r.code)}`)"
                for r in sorted(link.reasons, key=lambda r: -r.points)
            ]
            if link.verdict is Verdict.OFFICIAL and not link.reasons:
                # Why "official": the table above says it, and this section is the one quoted.
                lines.append(f"- {md(common.shown_top_reason(link))}")
            capped = common.capped_note(link)
            lines += [f"- = {capped}"] if capped else []
            lines.append("")
        return lines

    def audit(self, report: AuditReport) -> str:
        lines = [
            f"# Link audit: {md(report.source)}",
            "",
            f"Generated {common.generated_at()} by threadscope: {common.audit_counts(report)}.",
            "",
            f"**Summary:** {md(common.summary_sentence(report.links))}",
            "",
        ]
        if report.links:
            # numbered as the table, the HTML page and "## Links" below number them
            header = ("#", "link", "verdict", "score", "imitates", "top reason")
            rows = ([str(number), *_noted(row, common.expansion_note(report, number - 1))]
                    for number, row in enumerate(self._link_rows(report.links), start=1))
            lines += [*_table(header, rows), ""]
        lines += ["## Threads", ""]
        if note := common.no_threads_note(report):
            lines += [md(note), ""]
        flagged = common.flagged_only(report.links)
        for thread in report.threads:
            lines += self._thread(thread, report, flagged)
        lines += self._unthreaded_excerpts(report, flagged)
        lines += self._unlinked_cards(report.unlinked_cards, flagged)
        if report.links:
            lines += self._link_details(report)
        lines += ["## Method", "", md(common.method_note(report.links)), ""]
        return "\n".join(lines).rstrip() + "\n"

    # ----------------------------------------------------------------------- bots

    def bots(self, report: BotReport) -> str:
        flagged = [c for c in report.clusters if c.verdict is ClusterVerdict.COORDINATED]
        flagged_links = common.flagged_only(report.links)
        lines = [
            f"# Coordinated replies in {md(report.source)}",
            "",
            f"{report.replies} {report.read_as}, {common.plural(len(report.clusters), 'cluster')}, "
            f"{len(flagged)} coordinated. Generated {common.generated_at()} by threadscope.",
            "",
        ]
        header = ("cluster", "verdict", "score", "accounts", "replies", "reasons")
        rows = [
            [
                str(c.id),
                f"**{c.verdict.value}**" if c in flagged else c.verdict.value,
                str(c.score),
                md_cell(", ".join(common.cluster_labels(c))),
                str(len(c.replies)),
                md_cell("; ".join([*(common.defang_reason(f"{r.points:+d} {r.detail}",
                                                          flagged_links) for r in c.reasons),
                                   *common.cluster_platform_lines(c)])) or "–",
            ]
            for c in report.clusters
        ]
        # An empty table reads as a failure: a sentence says that none was found.
        none = "**Clusters:** " + md(common.no_clusters_line(report))
        lines += [*(_table(header, rows) if rows else [none]), ""]
        # A status column only for a dump that says what became of accounts, as the table.
        statuses = any(a.status for a in report.accounts)
        labelled = any(a.platform_labels for a in report.accounts)
        account_header = ("account", "cluster", "score", "replies", "created",
                          *(("status",) if statuses else ()),
                          *((common.PLATFORM_SAYS,) if labelled else ()), "top reason")
        account_rows = [
            [
                md_cell(common.account_label(a.handle, a.author_kind)),
                "–" if a.cluster is None else str(a.cluster),
                str(a.score),
                str(len(a.replies)),
                md_cell(a.created_at or "–"),
                *([md_cell(a.status or "–")] if statuses else []),
                *([md_cell(common.platform_labels(a.platform_labels) or "–")] if labelled
                  else []),
                _account_reason(a, flagged_links),
            ]
            for a in report.accounts
        ]
        lines += ["## Accounts", "", *(_table(account_header, account_rows) if account_rows
                                       else [md(common.NO_ACCOUNTS)]), ""]
        for cluster in flagged:
            lines += self._replies(report, cluster.id, cluster.replies)
        return "\n".join(lines)

    def _replies(self, report: BotReport, cluster_id: int, positions: Sequence[int]) -> list[str]:
        """What a coordinated cluster's replies say (``BotReport.flagged_posts``), flagged
        links defanged, each under its place in the dump, author and time."""
        shown = [(position, report.flagged_posts[position]) for position in positions
                 if position in report.flagged_posts]
        if not shown:
            return []
        lines = [f"## Replies of cluster {cluster_id}", ""]
        for position, post in shown[:common.MAX_REPLIES_SHOWN]:
            links = [report.links[index] for index in report.flagged_links.get(position, ())
                     if index < len(report.links)]
            lines += [f"**{md(common.reply_meta(post, position))}**", "",
                      md_block(_defang_in(post.text, links)), ""]
            notes = common.post_notes(post)
            lines += [f"- *{md(_defang_in(note, links))}*" for note in notes]
            lines += [""] if notes else []
        more = len(shown) - common.MAX_REPLIES_SHOWN
        if more > 0:
            lines += [f"… and {more} more.", ""]
        return lines

    # ----------------------------------------------------------------------- brands

    def brands(self, brands: Sequence[Brand]) -> str:
        header = ("brand", "domains", "country", "category", "tier")
        rows = [
            [
                md_cell(b.name),
                md_cell(", ".join(b.domains)),
                md_cell(b.country or "–"),
                md_cell(b.category or "–"),
                str(b.tier),
            ]
            for b in brands
        ]
        return "\n".join(["# Protected brands", "", *_table(header, rows)]) + "\n"


def md_code(text: str | None) -> str:
    """Text for inside a code span: backticks cannot close it, pipes cannot split a table."""
    cleaned = visible(text or "", keep_newlines=False).replace("`", "'").replace("|", "¦")
    return cleaned or " "


def _defang_if(link: Assessment, text: str | None) -> str:
    return common.defanged_if_needed(link, text or "")


def _registration(link: Assessment) -> str | None:
    reg = link.registration
    if reg is None or not (reg.created or reg.error):
        return None
    if reg.created is None:
        return f"unknown ({reg.error})"
    registrar = f", {reg.registrar}" if reg.registrar else ""
    return f"{reg.created} (via {reg.source}{registrar})"


def _shown_first(link: Assessment) -> str | None:
    """The page readers see before the landing page: `its address` and for how long."""
    first = link.first_page
    if first is None:
        return None
    note = md(common.first_page_note(first))
    return f"`{md_code(_defang_if(link, first.url))}` ({note})"


def _page_claims(page: PageEvidence | None) -> str | None:
    if page is None:
        return None
    claims = [
        f"title “{page.title}”" if page.title else "",
        f"site name “{page.site_name}”" if page.site_name else "",
        f"canonical {page.canonical}" if page.canonical else "",
        f"canonical {page.header_canonical} (Link header)" if page.header_canonical else "",
        f"loads assets from {', '.join(page.brand_assets)}" if page.brand_assets else "",
    ]
    return "; ".join(claim for claim in claims if claim) or None


def _account_reason(account: AccountSummary, flagged_links: common.FlaggedLinks) -> str:
    """The account's strongest own reason (``common.account_top_reason``) as a cell, a
    flagged link it names defanged; ``–`` for none."""
    reason = common.account_top_reason(account)
    return md_cell(common.defang_reason(reason, flagged_links)) if reason else "–"


def _noted(row: list[str], note: str | None) -> list[str]:
    """A link row whose top reason (its last cell) begins with ``note`` where there is one."""
    if note is None:
        return row
    return [*row[:-1], md_cell(note) + ("; " + row[-1] if row[-1].strip() else "")]


def _expands_to(report: AuditReport, index: int) -> str | None:
    """``#4 (as the dump says)``: the link a short link stands for, numbered as the table."""
    target = report.expands_to.get(index)
    if target is None:
        return None
    return f"#{target + 1} ({common.expansion_source(report.links, index, target)})"
