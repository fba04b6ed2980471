"""``--format csv``: rows for spreadsheets and scripts (stdlib ``csv``, RFC 4180 quoting).

Assessments: one row per link. Audit: one row per link occurrence, with thread id and post
index, so a spreadsheet can be filtered by thread, the post's own author, and whether the post
had the link only in an earlier version (``edited_away``); ``link`` indexes the JSON's
``links`` from 0, ``link_number`` is the ``#n`` the tables show (from 1); ``unlinked_card``
holds the line of a link card whose link the copy lost (``From welt.ltd``) on the row of the
domain it names; ``not_followed`` says whether the link was followed and why not; with
``--found-in first``, one row per link (its first post) and how many posts hold it, in a column
after every other. Columns are only ever added at the end. Bots: one row per
account (``status`` empty where the dump does not say what became of it). Brands: one row per
brand. Threads: one row per post.

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first; OWASP "CSV
injection") get a leading apostrophe: a journalist opening the file in Excel must not execute
what a troll wrote. So do those where white space comes first (a spreadsheet may skip it) or
the full-width ``＝ ＋ － ＠`` (Excel in East Asian locales reads them as the ASCII ones), and
those that start with an apostrophe themselves: a script then gets the true value by dropping
the first character of any cell that starts with ``'``, with no guessing. A cell holding ``;``
is quoted, so that a spreadsheet splitting lines at
``;`` (its list separator in many locales) cannot start a cell inside it. Control characters
are shown as escapes, as on the terminal.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from threadscope.models import (
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Card,
    Post,
    Reassembly,
    Thread,
)
from threadscope.report import common
from threadscope.report.base import Format, Formatter, FoundIn
from threadscope.textsafe import visible

# A formula sign after any white space (``\s`` is Unicode's: tabs, line breaks, no-break and
# ideographic spaces), in ASCII or full width; or an apostrophe of the value's own, doubled so
# that the apostrophe we add is always the first character and only it.
_NEEDS_APOSTROPHE = re.compile(r"'|\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")

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
    "first_page_url",
    "first_page_title",
    "shown",
)
NOT_FOLLOWED_COLUMN = "not_followed"
"""``Assessment.not_followed``: the last column of ``check``, ``domains`` and ``audit`` (after
``unlinked_card`` there: columns are only ever added at the end)."""


def cell(value: Cell) -> str:
    """A value made safe for a spreadsheet cell."""
    if value is None:
        return ""
    if type(value) is int:  # most numbers of a report: nothing to escape, a sign at most
        return str(value) if value >= 0 else "'" + str(value)
    text = visible(str(value))
    return "'" + text if _NEEDS_APOSTROPHE.match(text) else text


# ``csv.writer`` quotes a field that holds any character of its line terminator; ending each
# row with ``;`` after the CRLF makes it quote a field holding ``;`` as well: a spreadsheet
# whose locale separates lists with ``;`` (Excel in Germany, France, …) splits an unquoted line
# there, and ``hallo;=1+1`` would start a cell with a formula that ``cell`` never saw. The ``;``
# is dropped once the rows are written: no cell holds a ``\r`` (``visible`` escapes it), so
# ``\r\n;`` is only ever the end of a row.
_ROW_END = "\r\n;"


def cells_to_csv(rows: Iterable[Sequence[str]]) -> str:
    """Rows of cells already made safe (``cell``) as CSV: the stdlib's writer (RFC 4180,
    minimal quoting, ``""`` for a row of one empty cell), also quoting a ``;``, CRLF lines."""
    out = io.StringIO()
    csv.writer(out, lineterminator=_ROW_END).writerows(rows)
    return out.getvalue().replace(_ROW_END, "\r\n")


def _row_text(cells: Sequence[str]) -> str:
    """One row of safe cells as ``cells_to_csv`` writes it, without the line's end."""
    return cells_to_csv([cells])[:-2]


# Marks the place of a link's cells in an audit row (written once per link, put in after):
# no safe cell holds it, as ``visible`` escapes every control character.
_LINK = "\x01"


def rows_to_csv(rows: Iterable[Sequence[Cell]]) -> str:
    """Rows as CSV: each value made safe (``cell``), then written by ``cells_to_csv``."""
    return cells_to_csv([cell(value) for value in row] for row in rows)


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
        item.first_page.url if item.first_page else None,
        item.first_page.title if item.first_page else None,
        item.shown,
    ]


def _cards_in_posts(report: AuditReport) -> dict[tuple[int, int | None, str | None], str]:
    """(thread id, post index, domain) → the line of a card without a link in that post, or
    in that thread's trailing text (post None) (``Card.text``): the row of the domain the
    card names there is that card's."""
    return {(card.thread, card.post, card.domain): card.text for card in report.unlinked_cards
            if card.thread is not None}


def _card_link(links: Sequence[Assessment], card: Card) -> int | None:
    """The index of the link a card's domain was assessed as (its post's link: ``Card``)."""
    return next((index for index, link in enumerate(links) if link.domain == card.domain),
                None)


def _labels_cell(post: Post) -> str:
    """The post's author's platform labels, ``; ``-separated as ``bots`` writes an
    account's; empty where the platform said nothing. The column is always there, so a
    script finds it by name whatever the dump."""
    return "; ".join(post.author_labels)


class CsvFormatter(Formatter):
    name = Format.CSV

    def __init__(self, found_in: FoundIn = "all") -> None:
        self.first = found_in == "first"

    def threads(self, result: Reassembly) -> str:
        """One row per post: the thread's author and what it is, then the post's own where the
        dump has them (a reply's author and what it is, its id and times, links edited away,
        image descriptions; several in one cell, a line each)."""
        header = ("thread", "author", "index", "total", "line", "text", "author_kind",
                  "post_author", "post_author_kind", "post_id", "reply_to", "created_at",
                  "edited_at", "edited_away", "alt_text", "post_author_labels")
        rows: list[Sequence[Cell]] = [header]
        for thread in result.threads:
            rows += [
                (thread.id, thread.author, post.index, post.total, post.line, post.text,
                 thread.author_kind, post.author, post.author_kind, post.post_id,
                 post.reply_to, post.created_at, post.edited_at, "\n".join(post.edited_away),
                 "\n".join(post.alt_text), _labels_cell(post))
                for post in thread.posts
            ]
        return rows_to_csv(rows)

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        yield rows_to_csv([(*ASSESSMENT_COLUMNS, NOT_FOLLOWED_COLUMN)])
        for item in items:
            yield rows_to_csv([[*assessment_cells(item), item.not_followed]])

    def audit(self, report: AuditReport) -> str:
        """One row per link in each post that holds it: the threads' posts, each thread's
        trailing text after them (its thread's columns, the post's empty), then the dump's
        records in no thread (thread and post columns empty, the record named by its line,
        author and id), then the links only pasted text outside the threads holds.

        ``--found-in first``: of those rows, each link's first only, and one more column at
        the end, ``found_in_count``: how many posts hold the link (the rows ``all`` gives it,
        a thread's trailing text counted as one; 0 for a link only pasted text outside the
        threads holds)."""
        header = ("thread", "author", "post", "post_line", "link", *ASSESSMENT_COLUMNS,
                  "author_kind", "post_author", "post_author_kind", "edited_away", "post_id",
                  "link_number", "post_author_labels", "unlinked_card", NOT_FOLLOWED_COLUMN,
                  *(("found_in_count",) if self.first else ()))
        rows: list[Sequence[str]] = [[cell(name) for name in header]]
        seen: set[int] = set()
        threads = {thread.id: thread for thread in report.threads}
        placed: list[tuple[Thread | None, Post | None, tuple[int, ...]]] = [
            (threads[thread_id], None if position is None else threads[thread_id].posts[position],
             indices)
            for thread_id, position, indices in report.thread_places()
        ]
        placed += [(None, post, indices) for post, indices in report.outside_post_links]
        # A link's cells are made safe and written once however many posts hold it (a dump
        # of 30k replies holds one clone in thousands, and its cells are most of each row):
        # a row holds a placeholder field for them, replaced once the rows are written.
        cards = _cards_in_posts(report)
        written: dict[int, str] = {}
        carded: set[tuple[int, str | None]] = set()  # trailing rows that name their card
        counts: Counter[int] = Counter()  # posts holding each link, for --found-in first
        if self.first:
            counts.update(index for _, _, indices in placed for index in indices)
        for thread, post, indices in placed:
            if self.first and seen.issuperset(indices):
                continue  # every link of the post has its row
            if post is None:  # a thread's trailing text: its thread, no post
                assert thread is not None
                where = [cell(thread.id), cell(thread.author), "", ""]
                who = [cell(thread.author_kind), "", ""]
                post_id = labels = ""
            else:
                where = [cell(value) for value in (thread.id if thread else None,
                                                   thread.author if thread else None,
                                                   post.index if thread else None, post.line)]
                who = [cell(value) for value in (thread.author_kind if thread else None,
                                                 post.author, post.author_kind)]
                post_id, labels = cell(post.post_id), cell(_labels_cell(post))
            for index in indices:
                if self.first and index in seen:
                    continue
                seen.add(index)
                link = report.links[index]
                if index not in written:
                    written[index] = _row_text([cell(value) for value in assessment_cells(link)])
                # The post no longer shows the link: an earlier version had it.
                away = post is not None and (link.input in post.edited_away
                                             or link.url in post.edited_away)
                # a card in a thread's trailing text (post None) is on the trailing row
                card = (cards.get((thread.id, post.index if post else None, link.domain))
                        if thread else None)
                if card is not None and post is None and thread is not None:
                    carded.add((thread.id, link.domain))
                rows.append([*where, str(index), f"{_LINK}{index}{_LINK}", *who,
                             "true" if away else "false", post_id, str(index + 1), labels,
                             cell(card), cell(link.not_followed),
                             *((str(counts[index]),) if self.first else ())])
        # A card without a link outside the posts (a thread's trailing text, text in no
        # thread): its domain's row says where the card stands and what it says.
        for card_outside in report.unlinked_cards:
            if card_outside.post is not None and card_outside.thread is not None:
                continue  # on its post's row of the domain
            if (card_outside.thread, card_outside.domain) in carded:
                continue  # on its thread's trailing row of the domain
            at = _card_link(report.links, card_outside)
            if self.first and at is not None and at in seen:
                continue  # the link has its one row
            link_cells = [None] * len(ASSESSMENT_COLUMNS) if at is None else (
                assessment_cells(report.links[at]))
            if at is not None:
                seen.add(at)
            rows.append([cell(value) for value in (
                card_outside.thread, None, card_outside.post, card_outside.line, at,
                *link_cells, None, None, None, None, None, None if at is None else at + 1,
                None, card_outside.text, None if at is None else report.links[at].not_followed,
                *((0 if at is None else counts[at],) if self.first else ()))])
        # Links found only in pasted text outside every thread still get a row.
        rows += [
            [cell(value) for value in (None, None, None, None, index, *assessment_cells(link),
                                       None, None, None, None, None, index + 1, None, None,
                                       link.not_followed, *((0,) if self.first else ()))]
            for index, link in enumerate(report.links)
            if index not in seen
        ]
        pieces = cells_to_csv(rows).split(_LINK)
        pieces[1::2] = [written[int(index)] for index in pieces[1::2]]
        return "".join(pieces)

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
            "status",
            "platform_labels",
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
                    account.status,
                    "; ".join(account.platform_labels),
                )
            )
        return rows_to_csv(rows)

    def brands(self, brands: Sequence[Brand]) -> str:
        rows: list[Sequence[Cell]] = [("name", "domains", "country", "category", "tier")]
        rows += [(b.name, " ".join(b.domains), b.country, b.category, b.tier) for b in brands]
        return rows_to_csv(rows)
