"""``--format csv``: rows for spreadsheets and scripts (stdlib ``csv``, RFC 4180 quoting).

Assessments: one row per link. Audit: one row per link occurrence, with thread id and post
index, so a spreadsheet can be filtered by thread. Bots: one row per account. Brands: one row
per brand. Threads: one row per post.

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first; OWASP "CSV
injection") get a leading apostrophe: a journalist opening the file in Excel must not execute
what a troll wrote. Control characters are shown as escapes, as on the terminal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly
from threadscope.report import common
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import visible

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | None

ASSESSMENT_COLUMNS = (
    "input",
    "url",
    "domain",
    "registrable_domain",
    "verdict",
    "score",
    "imitates",
    "brand",
    "top_reason",
    "reasons",
    "final_url",
    "chain",
    "error",
    "registered",
    "registrar",
    "page_title",
    "card_domain",
    "unresolved",
)


def cell(value: Cell) -> str:
    """A value made safe for a spreadsheet cell."""
    if value is None:
        return ""
    text = visible(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows_to_csv(rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def assessment_cells(item: Assessment) -> list[Cell]:
    registration = item.registration
    return [
        item.input,
        item.url,
        item.domain,
        item.registrable_domain,
        item.verdict.value,
        item.score,
        item.imitates,
        item.brand,
        common.top_reason(item),
        "; ".join(f"{r.code} ({r.points:+d}): {r.detail}" for r in item.reasons),
        item.final_url,
        " -> ".join(f"{hop.url} [{hop.status or hop.error or '?'}]" for hop in item.chain),
        item.error,
        registration.created if registration else None,
        registration.registrar if registration else None,
        item.page.title if item.page else None,
        item.card_domain,
        "true" if item.unresolved else "false",
    ]


class CsvFormatter(Formatter):
    name = Format.CSV

    def threads(self, result: Reassembly) -> str:
        header = ("thread", "author", "index", "total", "line", "text", "author_kind")
        rows: list[Sequence[Cell]] = [header]
        for thread in result.threads:
            rows += [
                (thread.id, thread.author, post.index, post.total, post.line, post.text,
                 thread.author_kind)
                for post in thread.posts
            ]
        return rows_to_csv(rows)

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        yield rows_to_csv([ASSESSMENT_COLUMNS])
        for item in items:
            yield rows_to_csv([assessment_cells(item)])

    def audit(self, report: AuditReport) -> str:
        header = ("thread", "author", "post", "post_line", "link", *ASSESSMENT_COLUMNS,
                  "author_kind")
        rows: list[Sequence[Cell]] = [header]
        seen: set[int] = set()
        threads = {thread.id: thread for thread in report.threads}
        for (thread_id, position), indices in sorted(report.post_links.items()):
            thread = threads[thread_id]
            post = thread.posts[position]
            for index in indices:
                seen.add(index)
                rows.append(
                    (thread_id, thread.author, post.index, post.line, index)
                    + tuple(assessment_cells(report.links[index])) + (thread.author_kind,)
                )
        # Links found outside every thread (unthreaded text) still get a row.
        rows += [
            (None, None, None, None, index, *assessment_cells(link), None)
            for index, link in enumerate(report.links)
            if index not in seen
        ]
        return rows_to_csv(rows)

    def bots(self, report: BotReport) -> str:
        clusters = {cluster.id: cluster for cluster in report.clusters}
        header = (
            "account",
            "cluster",
            "cluster_verdict",
            "cluster_score",
            "account_score",
            "replies",
            "created_at",
            "reasons",
            "author_kind",
        )
        rows: list[Sequence[Cell]] = [header]
        for account in report.accounts:
            cluster = clusters.get(account.cluster) if account.cluster is not None else None
            reasons = account.reasons or (cluster.reasons if cluster else ())
            rows.append(
                (
                    account.handle,
                    account.cluster,
                    cluster.verdict.value if cluster else None,
                    cluster.score if cluster else None,
                    account.score,
                    " ".join(map(str, account.replies)),
                    account.created_at,
                    "; ".join(f"{r.code} ({r.points:+d}): {r.detail}" for r in reasons),
                    account.author_kind,
                )
            )
        return rows_to_csv(rows)

    def brands(self, brands: Sequence[Brand]) -> str:
        rows: list[Sequence[Cell]] = [("name", "domains", "country", "category", "tier")]
        rows += [(b.name, " ".join(b.domains), b.country, b.category, b.tier) for b in brands]
        return rows_to_csv(rows)
