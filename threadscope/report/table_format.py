"""``--format table`` (default): rich tables for a person at a terminal.

All attacker text passes through ``textsafe.visible`` (escape sequences, bidi overrides) and
``rich.markup.escape`` (a post containing ``[bold]`` is shown literally). Rich renders into a
string; colour only when the CLI says the output is a terminal without ``NO_COLOR``.
"""

from __future__ import annotations

import itertools
import re
import shutil
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from io import StringIO
from typing import NamedTuple, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.markup import render as render_markup
from rich.table import Table
from rich.text import Text

from threadscope.links.extract import extract_links
from threadscope.models import (
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Card,
    Cluster,
    ClusterVerdict,
    Reassembly,
    Thread,
    Verdict,
)
from threadscope.report import (
    brands_table,
    color_table,
    common,
    fitting,
    links_table,
    plain_table,
    stacked,
)
from threadscope.report.base import Format, Formatter
from threadscope.textsafe import visible

VERDICT_STYLE = {
    Verdict.LOOKALIKE: "bold red",
    Verdict.SUSPICIOUS: "bold yellow",
    Verdict.BENIGN: "green",
    Verdict.OFFICIAL: "cyan",
    Verdict.INVALID: "magenta",
}
UNRESOLVED_STYLE = "yellow"
LINK_WIDTH = 48
"""Characters of a link in a bulk row; longer ones are cut with an ellipsis."""
IMITATES_WIDTH = 20
VERDICT_WIDTH = len(common.NOT_FOLLOWED)
"""The widest verdict a row shows (``not followed``): every label fits its column, so no
score is pushed out of its own."""
SCORE_WIDTH = 4
"""A score of up to 3 digits, right-aligned, after at least one space."""
ROW_HEAD = VERDICT_WIDTH + SCORE_WIDTH + 2
"""Verdict and score: where the link starts, and where lines below a row are indented."""
MIN_REASON_WIDTH = 32
ACCOUNT_WIDTH = 40
"""The widest account name ``bots``' tables show on one line (a wider one is folded)."""


def _bare(text: str) -> str:
    """A link without scheme, trailing slash and case, to compare written and shown forms."""
    text = text.strip()
    scheme = text.find("://")
    if 0 < scheme <= 8:
        text = text[scheme + 3 :]
    return text.rstrip("/").lower()


def _written(item: Assessment) -> str:
    """How the link was pasted, as ``written as:`` shows it: defanged when the link is
    (``common.defanged_if_needed``, as Markdown and HTML show it), or a flagged
    ``https://WELT.LTD./a`` pasted with a scheme is a live link a terminal makes clickable."""
    written = common.defanged_if_needed(item, item.input)
    return common.cut_link(visible(written, keep_newlines=False), 200)


def _written_differently(item: Assessment) -> bool:
    """True when the pasted form is worth showing: a disguise (𝐰𝐞𝐥𝐭.𝐥𝐭𝐝, a glued link card,
    hidden characters), not merely a missing scheme or a defanged spelling."""
    written = _bare(item.input)
    same = {_bare(item.url or ""), _bare(item.domain or ""), _bare(common.link_text(item))}
    return written not in same and _bare(common.defang(item.input)) not in same
CLUSTER_STYLE = {ClusterVerdict.COORDINATED: "bold red", ClusterVerdict.ORGANIC: "green"}


def safe(text: str | None, *, keep_newlines: bool = True) -> str:
    """Attacker text made inert for the terminal and for rich markup."""
    return escape(visible(text or "", keep_newlines=keep_newlines))


ROW_CHARS = 100_000
"""The longest piece of a post given to rich as one table row. Rich wraps a cell as one piece,
at a cost that grows with its length times its wrapped lines: a 10 MB post (hostile, or a
paste that lost its markers) took minutes. One row per line, and a longer line in pieces cut
after a space, show the same text in linear time."""


class Piece(NamedTuple):
    """One row of a post in a table: plain text (never read as markup) and its style."""

    text: str
    style: str = ""

    def rich(self) -> Text:
        return Text.assemble((self.text, self.style))  # styles the text, not padding


Cell = Piece | str
"""A table cell: a piece of a post, or markup written by us."""

THREAD_LINK_WIDTH = 60
"""The longest link a ``↳`` row shows on its line after the score; a longer one goes beneath
(``_LinkRow``), whole."""
LINK_INDENT = 4
"""Where a link beneath its ``↳`` row starts (under its ``#``); its further lines start two
further in, as a detail's do in the stacked layout."""


class _LinkRow(NamedTuple):
    """A link of a post longer than ``THREAD_LINK_WIDTH``, laid out once the post column's
    width is known: on its ``↳`` row when the whole row fits on one line, else beneath it,
    broken only where a link may be (``fitting.break_link``), so that it is copied whole."""

    head: str
    """``↳``, the link's number, verdict and score (markup)."""
    link: str
    """The link as shown: inert (``visible``), defanged where it must be."""
    tail: str
    """What it imitates and its top reason (markup), or nothing."""

    short: bool = False
    """The link is at most ``THREAD_LINK_WIDTH`` long: it stays on the ``↳`` row."""

    def lines(self, room: int) -> list[str]:
        """The rows (markup) that show it in a column ``room`` cells wide."""
        inline = f"{self.head}  [underline]{escape(self.link)}[/]{self.tail}"
        if cell_len(_plain(inline)) <= room:
            return [inline]
        if self.short:
            return _hung(inline, room)
        first = fitting.break_link(self.link, room - LINK_INDENT)[0]
        rest = self.link[len(first):]
        pieces = [(LINK_INDENT, first)] + [
            (LINK_INDENT + stacked.HANG, piece)
            for piece in (fitting.break_link(rest, room - LINK_INDENT - stacked.HANG)
                          if rest else [])]
        return [*_hung(self.head + (" " + self.tail if self.tail else ""), room),
                *(" " * indent + f"[underline]{escape(piece)}[/]" for indent, piece in pieces)]


def _hung(markup: str, room: int) -> list[str]:
    """A link's row (markup) broken at spaces into lines of ``room`` cells, each line after
    the first indented as a link beneath its row is (``LINK_INDENT`` and ``stacked.HANG``):
    the table broke it at the column's edge, and a reason's last words stood under the post
    as if they were the post's own text. A word longer than a line runs on, uncut."""
    text = render_markup(markup, emoji=False)
    plain = text.plain
    if cell_len(plain) <= room:
        return [markup]
    hang = LINK_INDENT + stacked.HANG
    spans: list[tuple[int, int]] = []
    start, end = 0, -1
    for word in re.finditer(r"\S+", plain):
        indent = hang if spans else 0
        if end >= 0 and indent + cell_len(plain[start:word.end()]) > room:
            spans.append((start, end))
            start = word.start()
        end = word.end()
    spans.append((start, max(end, len(plain))))
    return [(" " * hang if number else "") + text[first:last].markup
            for number, (first, last) in enumerate(spans)]


def _whole(row: Cell | _LinkRow) -> Cell:
    """A link's row on one line (markup), the link whole: for a column that breaks a long
    link where it may (``fitting``), as the text outside the posts is printed."""
    if isinstance(row, _LinkRow):
        return f"{row.head}  [underline]{escape(row.link)}[/]{row.tail}"
    return row


def cell_rows(text: str, style: str = "") -> list[Text]:
    """``text`` made inert (``visible``; no markup is read) as the rows of a table cell that
    together show it."""
    return [piece.rich() for piece in cell_pieces(text, style)]


def cell_pieces(text: str, style: str = "") -> list[Piece]:
    """The pieces of ``cell_rows``, before rich sees them."""
    pieces: list[str] = []
    for line in visible(text).split("\n"):
        while len(line) > ROW_CHARS:
            cut = line.rfind(" ", ROW_CHARS // 2, ROW_CHARS) + 1 or ROW_CHARS
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    return [Piece(piece, style) for piece in pieces]


class Rendered(str):
    """Output already laid out (``plain_table``), written as it is."""


def _plain(cell: Cell) -> str:
    """What a cell shows without colour: a piece's characters, or markup rendered."""
    if isinstance(cell, Piece):
        return plain_table.strip_controls(cell.text)
    if "[" not in cell:  # as rich.markup.render
        return plain_table.strip_controls(cell)
    return render_markup(cell, emoji=False).plain


def _rich(cell: Cell) -> Text | str:
    return cell.rich() if isinstance(cell, Piece) else cell


def _width() -> int:
    return max(60, min(160, shutil.get_terminal_size((100, 24)).columns))


class TableFormatter(Formatter):
    name = Format.TABLE

    def __init__(
        self, *, color: bool = False, width: int | None = None, explain: bool = False,
        terminal: bool = True,
    ) -> None:
        self.color = color
        self.width = width or _width()
        self.explain = explain
        self.terminal = terminal
        """False: the table goes to a pipe or a file, whose lines may be wider than
        ``width`` (``brands``: the table at the width its words need, never entries)."""
        self._positions_of: tuple[AuditReport, dict[str, int]] | None = None

    # ----------------------------------------------------------------------- rendering

    def _render(self, *items: RenderableType) -> str:
        return "".join(self._render_chunks(items))

    def _render_chunks(self, items: Iterable[RenderableType]) -> Iterator[str]:
        """Each item rendered as it comes, so tables made lazily are rendered one at a time
        and never held all at once. Every print ends a line, so trimming each piece's lines
        is trimming the whole text's. Rich's console is made only for an item that needs it
        (making one costs more than a bulk row)."""
        buffer = StringIO()
        console: Console | None = None
        for item in items:
            if isinstance(item, Rendered):
                yield item
                continue
            if isinstance(item, Text):  # as printed below, without rich's console
                unwrapped = (color_table.unwrapped(item) if self.color
                             else plain_table.unwrapped(item.plain))
                if unwrapped is not None:
                    yield unwrapped
                    continue
            if console is None:
                console = self._console(buffer)
            # Lines built by hand (bulk rows) are not wrapped: the terminal does that.
            console.print(item, soft_wrap=isinstance(item, Text))
            # Rich pads cells with spaces to the full width; files and diffs are nicer without.
            rendered = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            yield "\n".join(line.rstrip(" ") for line in rendered.split("\n"))

    def _console(self, buffer: StringIO) -> Console:
        """Rich's console, printing into ``buffer``, in colour only when asked."""
        return Console(
            file=buffer,
            width=self.width,
            color_system="truecolor" if self.color else None,
            force_terminal=self.color,
            no_color=not self.color,
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )

    def _verdict(self, verdict: Verdict, width: int = 0) -> str:
        return f"[{VERDICT_STYLE[verdict]}]{verdict.value:<{width}}[/]"

    @staticmethod
    def _tally_style(name: str) -> str:
        """A verdict's colour, yellow for the links whose landing is not known."""
        if name == common.UNKNOWN_LANDING:
            return UNRESOLVED_STYLE
        return VERDICT_STYLE[Verdict(name)]

    def _label(self, item: Assessment, width: int = 0) -> str:
        """The verdict, or ``unresolved`` for a harmless-looking link never followed."""
        label = common.verdict_label(item)
        style = _label_style(label, item.verdict)
        return f"[{style}]{label:<{width}}[/]"

    # ----------------------------------------------------------------------- threads

    def _thread_table(
        self, thread: Thread, report: AuditReport | None = None,
        flagged: Sequence[Assessment] = (),
    ) -> RenderableType:
        rows = self._thread_rows(thread, report, flagged)
        plain = [(_plain(label), _plain(cell)) for label, cell in rows]
        if plain_table.fits(plain, self.width):
            if not self.color:
                return Rendered(plain_table.render(plain, self.width, safe=True))
            return Rendered(color_table.render(rows, self.width, safe=True))
        table = Table(box=box.SIMPLE_HEAD, show_header=True, expand=True, pad_edge=False)
        table.add_column("#", justify="right", no_wrap=True, style="bold")
        table.add_column("post", ratio=1, overflow="fold")
        for label, cell in rows:
            table.add_row(label, _rich(cell))
        return table

    def _thread_rows(
        self, thread: Thread, report: AuditReport | None, flagged: Sequence[Assessment] = ()
    ) -> list[tuple[str, Cell]]:
        """The table's rows: a ``#`` label (markup) and one line of a post, or a link row. An
        audit's flagged links are defanged in the text too (a post's own links; ``flagged``
        in the text after the thread): a terminal makes any https:// it shows clickable."""
        rows: list[tuple[str, Cell | _LinkRow]] = []
        for row in common.post_rows(thread):
            if row.post is None or row.position is None:
                label = common.gap_label(row.missing, thread.total)
                rows.append(("", f"[dim]— {label} —[/]"))
                continue
            links = common.links_at(report, thread.id, row.position) if report else []
            cells: list[Cell | _LinkRow] = [
                *cell_pieces(common.defang_flagged(row.post.text, links))]
            for note in common.post_notes(row.post):
                cells += cell_pieces("  ✎ " + common.defang_flagged(note, links), "dim")
            if report is not None:
                cells += self._post_links(report, thread.id, row.position)
            rows.append((common.post_label(row.post), cells[0]))
            rows += [("", cell) for cell in cells[1:]]
        if thread.trailing:
            trailing = cell_pieces(common.defang_flagged(thread.trailing, flagged), "dim")
            rows.append(("[dim]after[/]", trailing[0]))
            rows += [("", line) for line in trailing[1:]]
            if report is not None:  # its links, as a post's (the Links table cuts them)
                found = common.links_in(self._positions(report), extract_links(thread.trailing))
                rows += [("", cell) for cell in self._link_rows(report, found)]
        return self._links_laid_out(rows) if report is not None else cast(
            "list[tuple[str, Cell]]", rows)

    def _links_laid_out(self, rows: list[tuple[str, Cell | _LinkRow]]
                        ) -> list[tuple[str, Cell]]:
        """``rows`` with each long link's row (``_LinkRow``) laid out in the post column's
        width: the width the table gives the column beside its widest label."""
        if not any(isinstance(cell, _LinkRow) for _, cell in rows):
            return cast("list[tuple[str, Cell]]", rows)
        label_width = max([1, *(cell_len(_plain(label)) for label, _ in rows)])
        room = self.width - 5 - label_width  # the table's edges, padding and the rule
        laid_out: list[tuple[str, Cell]] = []
        for label, cell in rows:
            if isinstance(cell, _LinkRow):
                laid_out += [(label if number == 0 else "", line)
                             for number, line in enumerate(cell.lines(room))]
            else:
                laid_out.append((label, cell))
        return laid_out

    def _post_links(self, report: AuditReport, thread_id: int, position: int
                    ) -> list[Cell | _LinkRow]:
        """One row for each link of the post, below its text (``_link_rows``)."""
        return self._link_rows(report, report.post_links.get((thread_id, position), ()))

    def _positions(self, report: AuditReport) -> dict[str, int]:
        """``common.link_positions`` of the report being written, made once."""
        if self._positions_of is None or self._positions_of[0] is not report:
            self._positions_of = (report, common.link_positions(report))
        return self._positions_of[1]

    def _link_rows(self, report: AuditReport, indices: Iterable[int]
                   ) -> list[Cell | _LinkRow]:
        """One row for each link a text holds (a post's, or text outside the posts): a link
        longer than ``THREAD_LINK_WIDTH`` is shown whole (``_LinkRow``), never cut."""
        lines: list[Cell | _LinkRow] = []
        for index in indices:
            link = report.links[index]
            reason = common.shown_top_reason(link)
            imitates = f" imitates {safe(link.imitates)}" if link.imitates else ""
            landing = common.landing_note(link)
            imitates = (f" ({safe(landing)})" if landing else "") + imitates
            head = f"  ↳ [dim]#{index + 1}[/] {self._label(link, 10)} {link.score:>3}"
            tail = imitates + (f" [dim]— {safe(reason, keep_newlines=False)}[/]"
                               if reason else "")
            shown = visible(common.link_text(link), keep_newlines=False)
            lines.append(_LinkRow(head, shown, tail, short=len(shown) <= THREAD_LINK_WIDTH))
        return lines

    def _thread_heading(self, thread: Thread) -> RenderableType:
        return self._line(f"\n[bold]{safe(common.thread_title(thread), keep_newlines=False)}[/]")

    def _line(self, markup: str) -> RenderableType:
        """Markup to print, already printed here (``plain_table.printed``, or in colour
        ``color_table.printed`` when no line wraps), which for a line per thread is much
        cheaper than rich's print."""
        text = render_markup(markup, emoji=False)
        if "\t" in text.plain or self.width < plain_table.MIN_WIDTH:
            return markup
        if self.color:
            printed = color_table.printed(text, self.width, safe=True)
            return markup if printed is None else Rendered(printed)
        return Rendered(plain_table.printed(text.plain, self.width, safe=True))

    def _unthreaded(self, unthreaded: Sequence[str],
                    links: Sequence[Assessment] = ()) -> list[RenderableType]:
        if not unthreaded:
            return []
        heading = f"\n[bold]{common.UNTHREADED}[/] ({len(unthreaded)})"
        pieces = [piece for text in unthreaded
                  for piece in cell_pieces(common.defang_flagged(text, links), "dim")]
        return [heading, self._column(pieces)]

    def _unthreaded_excerpts(self, unthreaded: Sequence[str], links: Sequence[Assessment],
                             report: AuditReport | None = None) -> list[RenderableType]:
        """The text in no thread of an audit as ``common.excerpt`` shortens it (whole with
        ``--explain``), as Markdown and HTML show it: a pasted article, which is no thread,
        printed whole before "No links found." buried the answer the reader asked for; its
        first lines say which text it was, and the lines with links are shown."""
        if not unthreaded:
            return []
        excerpts = [common.excerpt(text, whole=self.explain) for text in unthreaded]
        heading = (f"\n[bold]{common.UNTHREADED}[/]: "
                   + safe(common.unthreaded_heading(excerpts), keep_newlines=False))
        pieces: list[Piece] = []
        for excerpt in excerpts:
            for before, text in excerpt.runs:
                pieces += [Piece(common.left_out_note(before), "italic")] if before else []
                pieces += cell_pieces(common.defang_flagged(text, links), "dim")
            after = excerpt.left_out_after
            pieces += [Piece(common.left_out_note(after), "italic")] if after else []
            if report is not None:  # its links whole, as a post's (the Links table cuts them)
                found = common.links_in(self._positions(report), excerpt.links)
                pieces += [Piece(_plain(_whole(row))) for row in self._link_rows(report, found)]
        return [heading, self._column(pieces)]

    def _column(self, pieces: Sequence[Piece]) -> RenderableType:
        rendered = color_table.column([(piece.text, piece.style) for piece in pieces],
                                      self.width, color=self.color, safe=True)
        return _unthreaded_table(pieces) if rendered is None else Rendered(rendered)

    def threads(self, result: Reassembly) -> str:
        return "".join(self.threads_chunks(result))

    def threads_chunks(self, result: Reassembly) -> Iterator[str]:
        return self._render_chunks(self._threads_items(result))

    def _threads_items(self, result: Reassembly) -> Iterator[RenderableType]:
        threads = common.plural(len(result.threads), "thread")
        yield self._line(f"[bold]{safe(result.source, keep_newlines=False)}[/]: {threads}, "
                         f"read as {safe(result.format)}")
        for thread in result.threads:
            yield self._thread_heading(thread)
            yield self._thread_table(thread)
        yield from self._unthreaded(result.unthreaded)

    # ----------------------------------------------------------------------- assessments

    def _reason_column(self) -> int | None:
        """Where the reason starts in a bulk row, or None when the terminal is too narrow for
        a reason column (the reason then goes on the next line)."""
        start = ROW_HEAD + LINK_WIDTH + 1 + IMITATES_WIDTH + 1
        return start if self.width - start >= MIN_REASON_WIDTH else None

    @property
    def _narrow(self) -> bool:
        """True when the terminal is too narrow for table columns: rows become entries
        (``stacked``)."""
        return self.width < stacked.NARROW

    def _assessment_line(self, item: Assessment) -> str:
        """A row, or an entry (``stacked``) on a narrow terminal and for a flagged link whose
        host the link column would cut."""
        if self._narrow:
            return self._render(self._assessment_entry(item))
        link = visible(common.link_text(item), keep_newlines=False)
        if _cuts_host(item, link, LINK_WIDTH):
            return self._render(self._assessment_entry(item))
        return self._render(self._assessment_text(item, link))

    def _reasons_shown(self, item: Assessment) -> list[str]:
        """The reasons a row shows: the top one (and how many more), then, for a link that
        could not be followed, the failure on a line of its own; or with ``--explain`` every
        one and the cap note; each on one line, inert."""
        reasons = [visible(common.shown_reason(item, line), keep_newlines=False)
                   for line in common.reasons_by_weight(item)]
        if self.explain:
            return reasons + _capped(item)
        top = visible(common.shown_top_reason(item), keep_newlines=False)
        note = common.not_followed_note(item)
        note = common.shown_reason(item, note) if note else None
        more = len(reasons) - 1 - (note is not None)
        shown = [top + (f" (+{more} more: --explain)" if more > 0 else "")] if top else []
        landing = common.landing_note(item)  # --explain names it in a reason
        shown += [landing] if landing else []
        return shown + ([visible(note, keep_newlines=False)] if note else [])

    def _entry_head(self, item: Assessment) -> tuple[list[stacked.Piece], stacked.Piece,
                                                     list[stacked.Piece]]:
        """A link's head line in the stacked layout: verdict and score, the link (bold),
        and what it imitates."""
        label = common.verdict_label(item)
        head = [stacked.Piece(label, _label_style(label, item.verdict)),
                stacked.Piece(str(item.score))]
        link = stacked.Piece(visible(common.link_text(item), keep_newlines=False), "bold")
        imitates = ([stacked.Piece("imitates " + visible(item.imitates, keep_newlines=False))]
                    if item.imitates else [])
        return head, link, imitates

    def _assessment_entry(self, item: Assessment) -> Text:
        """``check``'s row on a narrow terminal: the head line, reasons beneath."""
        head, link, imitates = self._entry_head(item)
        details = [stacked.Detail(line, "dim") for line in self._reasons_shown(item)]
        if _written_differently(item):
            details.append(stacked.Detail(f"written as: {_written(item)}", "dim"))
        return stacked.entry(head, details, self.width, link=link, after_link=imitates)

    def _assessment_text(self, item: Assessment, link: str | None = None) -> Text:
        """One row, fixed columns, so that rows can be printed as they arrive. The reason
        wraps at words (in its column, or below the row on a narrow terminal); ``--explain``
        lists every reason below; a link written in a disguise says how it was written."""
        if link is None:  # the link as shown (``visible``), when the caller has not made it
            link = visible(common.link_text(item), keep_newlines=False)
        shown = common.cut_link(link, LINK_WIDTH)
        imitates = visible(item.imitates or "-", keep_newlines=False)
        text = Text()
        label = common.verdict_label(item)
        style = _label_style(label, item.verdict)
        text.append(f"{label:<{VERDICT_WIDTH}}", style=style)
        text.append(f"{item.score:>{SCORE_WIDTH}}  ")
        text.append(f"{shown:<{LINK_WIDTH}} ", style="bold")
        text.append(f"{common.cut_link(imitates, IMITATES_WIDTH):<{IMITATES_WIDTH}} ")
        column = self._reason_column()
        for number, line in enumerate(self._reasons_shown(item)):
            if column is not None:
                text.append(("" if number == 0 else "\n" + " " * column)
                            + self._wrapped(line, column), style="dim")
            else:
                text.append("\n" + " " * ROW_HEAD + self._wrapped(line, ROW_HEAD), style="dim")
        if _written_differently(item):
            text.append(f"\n{'':{ROW_HEAD}}written as: {_written(item)}", style="dim")
        return text

    def _wrapped(self, text: str, indent: int) -> str:
        """``text`` wrapped at words to the table's width, lines after the first indented to
        ``indent``; no word is cut in two (one longer than the room runs on)."""
        room = max(MIN_REASON_WIDTH, self.width - indent)
        lines = textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False)
        return ("\n" + " " * indent).join(lines)

    def assessments(self, items: Iterable[Assessment]) -> Iterator[str]:
        items = iter(items)
        first = next(items, None)
        if first is None:  # headings over no rows read as a failure: say it in words
            yield self._render(self._line(escape(common.NO_TARGETS)))
            return
        items = itertools.chain((first,), items)
        if self._narrow:  # entries name what each part is: no column headings
            for item in items:
                yield self._assessment_line(item)
            return
        header = Text(
            # "score" ends where the scores end, so each heading stands over its column
            f"{'verdict':<{VERDICT_WIDTH + SCORE_WIDTH - 5}}{'score':>5}  {'link':<{LINK_WIDTH}} "
            f"{'imitates':<{IMITATES_WIDTH}} "
            + ("" if self._reason_column() is None else "reasons" if self.explain else "top reason")
        )
        header.stylize("bold underline")
        yield self._render(header)
        for item in items:
            yield self._assessment_line(item)

    # ----------------------------------------------------------------------- audit

    def _links_table(self, report: AuditReport) -> RenderableType:
        """Numbered from 1 (as the ``#n`` under each post); links cut with an ellipsis, never
        broken inside a word; the top reason, or with ``--explain`` every reason. Laid out by
        ``links_table`` (as rich would, faster), or by rich's Table when that cannot be sure."""
        rows = self._links_rows(report)
        return self._wide_links(rows, self._found_width(rows))

    def _links_section(self, report: AuditReport) -> Iterator[RenderableType]:
        """The links as a table, or as entries (``stacked``) on a narrow terminal and where
        the table would cut a flagged link's host (the part that tells a look-alike,
        ``www.spiegel.de.nachrichten-…[.]com``, from the site it imitates) or a word of a
        reason or a place (a defanged domain, a handle: ``_links_layout``)."""
        if self._narrow:
            yield from self._links_entries(report)
            return
        rows = self._links_rows(report)
        found = self._found_width(rows)
        cells = links_table.cells(rows)
        layout = self._links_layout(report, rows, cells, found)
        if layout is None:
            yield from self._links_entries(report)
            return
        widths, reasons = layout
        yield self._wide_links(rows, found, cells, widths, reasons)

    def _links_layout(self, report: AuditReport, rows: list[list[str]],
                      cells: list[list[links_table.Cell]] | None, found: int
                      ) -> tuple[Sequence[int] | None, int] | None:
        """The links table's column widths and the least width given to its reasons (0:
        rich's share); None where it cannot be laid out without cutting a flagged link's host
        or a word in two. A word wider than the reasons' share gets that much room, unless it
        would be taken from the link column's least (``links_table.LEAST_LINK``) or from a
        column of fixed width (a verdict would be cut)."""
        widths = self._links_widths(rows, cells, found)
        if widths is None:  # too narrow for this arithmetic: rich's table, as it comes
            return None, 0
        texts = [self._links_headers(found), *self._links_texts(rows, cells)]
        reasons = 0
        if links_table.cuts_a_word(texts, widths):
            reasons = links_table.longest_word(texts, links_table.REASONS_COLUMN)
            before = widths
            widths = self._links_widths(rows, cells, found, reasons)
            if (widths is None or links_table.cuts_a_word(texts, widths)
                    or widths[links_table.LINK_COLUMN]
                    < min(before[links_table.LINK_COLUMN], links_table.LEAST_LINK + 2)
                    or any(widths[column] != before[column]
                           for column in links_table.FIXED_COLUMNS)):
                return None
        room = links_table.link_room(widths)
        if any(_cuts_host(link, row[links_table.LINK_COLUMN], room)
               for link, row in zip(report.links, texts[1:], strict=True)):
            return None
        return widths, reasons

    @staticmethod
    def _links_texts(rows: list[list[str]], cells: list[list[links_table.Cell]] | None
                     ) -> list[list[str]]:
        """The table's rows as the plain text they show."""
        if cells is not None:
            return [[item.text for item in row] for row in cells]
        return [[fitting.plain(markup) for markup in row] for row in rows]

    def _links_widths(self, rows: list[list[str]], cells: list[list[links_table.Cell]] | None,
                      found: int, reasons: int = 0) -> list[int] | None:
        """The columns' widths (with padding) as rich's Table gives them at this width."""
        if cells is not None:
            return links_table.column_widths(self._links_headers(found), cells, self.width,
                                             explain=self.explain, found=found,
                                             reasons=reasons)
        if self.width < plain_table.MIN_WIDTH:
            return None
        return fitting.table_widths(self._rich_links(rows, found, reasons), self.width)

    def _found_width(self, rows: list[list[str]]) -> int:
        """The "found in" column's width: the longest place, where the terminal has room."""
        return links_table.found_width(
            (line for row in rows for line in row[-1].split("\n")), self.width)

    def _links_headers(self, found: int) -> list[str]:
        columns = links_table.new_table()
        links_table.add_columns(columns, explain=self.explain, found=found)
        return [str(column.header) for column in columns.columns]

    def _wide_links(self, rows: list[list[str]], found: int,
                    cells: list[list[links_table.Cell]] | None = None,
                    widths: Sequence[int] | None = None, reasons: int = 0) -> RenderableType:
        """The links table from its rows (and their cells and column widths, when known;
        ``reasons``: the least width of the reasons column, 0 for rich's share)."""
        if cells is None:
            cells = links_table.cells(rows)
        if cells is not None:
            rendered = links_table.render(self._links_headers(found), cells, self.width,
                                          explain=self.explain, color=self.color,
                                          found=found, reasons=reasons, widths=widths)
            if rendered is not None:
                return Rendered(rendered)
        return self._rich_links(rows, found, reasons)

    def _rich_links(self, rows: list[list[str]], found: int, reasons: int = 0) -> Table:
        """The links table as rich's Table (``links_table`` lays it out the same, faster,
        where it can)."""
        columns = links_table.new_table()
        links_table.add_columns(columns, explain=self.explain, found=found, reasons=reasons)
        for row in rows:
            columns.add_row(*row)
        return columns

    def _links_rows(self, report: AuditReport) -> list[list[str]]:
        """The table's rows, each cell as markup (attacker text escaped)."""
        places = common.where_found(report)
        rows = []
        for index, link in enumerate(report.links):
            reasons = self._reasons_shown(link)
            expands = common.expansion_note(report, index)
            reasons = [expands, *reasons] if expands else reasons
            rows.append([
                str(index + 1),
                self._label(link),
                str(link.score),
                safe(common.link_text(link), keep_newlines=False),
                safe(link.imitates or "-"),
                safe("\n".join(reasons)),  # each line made inert by ``_reasons_shown``
                safe(_places(places.get(index, [common.IN_UNTHREADED_TEXT]))),
            ])
        return rows

    def _links_entries(self, report: AuditReport) -> Iterator[RenderableType]:
        """The links table on a narrow terminal: an entry per link, numbered as the table's
        rows, with the same reasons and places."""
        places = common.where_found(report)
        yield Text("")
        for index, link in enumerate(report.links):
            head, shown, imitates = self._entry_head(link)
            reasons = self._reasons_shown(link)
            expands = common.expansion_note(report, index)
            reasons = [expands, *reasons] if expands else reasons
            details = [stacked.Detail(line, "dim") for line in reasons]
            found = "; ".join(places.get(index, [common.IN_UNTHREADED_TEXT]))
            details.append(stacked.Detail("found in " + visible(found, keep_newlines=False)))
            yield stacked.entry([stacked.Piece(f"#{index + 1}", "bold"), *head], details,
                                self.width, link=shown, after_link=imitates)
        yield Text("")

    def _summary(self, report: AuditReport) -> str:
        # counted as the rows show them: a link not followed is not among the benign ones
        counts = common.shown_counts(report.links)
        tally = "  ".join(
            f"[{self._tally_style(name)}]{name}[/] {count}" for name, count in counts.items()
            if count or name != common.UNKNOWN_LANDING
        )
        style = "bold red" if report.flagged else "bold green"
        return (
            f"\n[bold]Summary[/]: {common.audit_counts(report)}\n{tally}\n"
            f"[{style}]{safe(common.summary_sentence(report.links))}[/]"
        )

    def audit(self, report: AuditReport) -> str:
        return "".join(self.audit_chunks(report))

    def audit_chunks(self, report: AuditReport) -> Iterator[str]:
        return self._render_chunks(self._audit_items(report))

    def _audit_items(self, report: AuditReport) -> Iterator[RenderableType]:
        yield self._line(f"[bold]Audit of {safe(report.source)}[/]")
        flagged = common.flagged_only(report.links)
        for thread in report.threads:
            yield self._thread_heading(thread)
            yield self._thread_table(thread, report, flagged)
        yield from self._unthreaded_excerpts(report.unthreaded, flagged, report)
        yield from self._unlinked_cards(report.unlinked_cards, flagged)
        if report.links:
            yield "\n[bold]Links[/] (each assessed once)"
            yield from self._links_section(report)
        yield self._summary(report)

    def _unlinked_cards(self, cards: Sequence[Card], flagged: Sequence[Assessment]
                        ) -> Iterator[RenderableType]:
        """Cards with no link to belong to: their domains are assessed under Links."""
        if not cards:
            return
        yield f"\n[bold]{common.UNLINKED_CARDS}[/] ({len(cards)}): {common.UNLINKED_CARDS_NOTE}"
        for card in cards:
            yield self._line(f"  {safe(common.card_line(card, flagged), keep_newlines=False)}")

    # ----------------------------------------------------------------------- bots

    def bots(self, report: BotReport) -> str:
        flagged_links = common.flagged_only(report.links)
        parts: tuple[Sequence[RenderableType], Sequence[RenderableType]] | None = None
        if self.width >= stacked.NARROW_BOTS and not _folds_a_handle(report):
            clusters, accounts = self._bot_tables(report, flagged_links)
            if not any(fitting.cuts_silently(table, self.width) for table in (clusters,
                                                                              accounts)):
                parts = ((clusters,), (accounts,))
        if parts is None:  # a narrow terminal, or a column that would cut a word
            parts = (self._cluster_entries(report, flagged_links),
                     self._account_entries(report, flagged_links))
        # An empty section reads as a failure: it says in words that none was found.
        cluster_part = parts[0] if report.clusters else self._none(common.no_clusters_line(report))
        account_part = parts[1] if report.accounts else self._none(common.NO_ACCOUNTS)
        tables = (*cluster_part, "\n[bold]Accounts[/]", *account_part)
        flagged = sum(c.verdict is ClusterVerdict.COORDINATED for c in report.clusters)
        style = "bold red" if flagged else "bold green"
        return self._render(
            self._line(f"[bold]{report.read_as.capitalize()} in {safe(report.source)}[/]: "
                       f"{report.replies}"),
            "\n[bold]Clusters[/]",
            *tables,
            _network_line(report),
            f"[{style}]{common.plural(flagged, 'coordinated cluster')} "
            f"of {len(report.clusters)}[/]",
        )

    def _none(self, sentence: str) -> list[RenderableType]:
        """A section's "none found" sentence, under a blank line as a table stands."""
        return ["", self._line(escape(sentence))]

    def _cluster_reasons(self, cluster: Cluster, flagged_links: Sequence[Assessment]
                         ) -> list[str]:
        """A cluster's reasons, each on one line (a line break in one would fake another)."""
        return [*(visible(common.defang_reason(f"{r.points:+d} {r.detail}", flagged_links),
                          keep_newlines=False) for r in cluster.reasons),
                *common.cluster_platform_lines(cluster)]

    def _cluster_entries(self, report: BotReport, flagged_links: Sequence[Assessment]
                         ) -> list[Text]:
        """The clusters table on a narrow terminal: an entry per cluster, its accounts (each
        handle whole) and its reasons beneath."""
        entries = [Text("")]
        for cluster in report.clusters:
            head = [stacked.Piece(f"cluster {cluster.id}", "bold"),
                    stacked.Piece(cluster.verdict.value, CLUSTER_STYLE[cluster.verdict]),
                    stacked.Piece(f"score {cluster.score}"),
                    stacked.Piece(f"replies {len(cluster.replies)}")]
            details = [stacked.Detail("accounts " + ", ".join(common.cluster_labels(cluster)))]
            details += [stacked.Detail(line, "dim")
                        for line in self._cluster_reasons(cluster, flagged_links)]
            entries.append(stacked.entry(head, details, self.width))
        return [*entries, Text("")]

    def _account_entries(self, report: BotReport, flagged_links: Sequence[Assessment]
                         ) -> list[Text]:
        """The accounts table on a narrow terminal: an entry per account, the handle whole
        on its head line, its top reason beneath."""
        entries = [Text("")]
        statuses = any(account.status for account in report.accounts)
        for account in report.accounts:
            head = [stacked.Piece(common.account_label(account.handle, account.author_kind),
                                  "bold"),
                    stacked.Piece("cluster " + ("-" if account.cluster is None
                                                else str(account.cluster))),
                    stacked.Piece(f"score {account.score}"),
                    stacked.Piece(f"replies {len(account.replies)}"),
                    stacked.Piece("created " + visible(account.created_at or "-",
                                                       keep_newlines=False))]
            if statuses:
                head.append(stacked.Piece("status " + visible(account.status or "-",
                                                              keep_newlines=False)))
            top = common.account_top_reason(account)
            details = ([stacked.Detail(visible(common.defang_reason(top, flagged_links),
                                               keep_newlines=False), "dim")] if top else [])
            if account.platform_labels:
                details.append(stacked.Detail(
                    f"{common.PLATFORM_SAYS}: {common.platform_labels(account.platform_labels)}"))
            entries.append(stacked.entry(head, details, self.width))
        return [*entries, Text("")]

    def _bot_tables(self, report: BotReport, flagged_links: Sequence[Assessment]
                    ) -> tuple[Table, Table]:
        """The clusters and accounts tables, in columns (a wide terminal; ``bots`` prints
        entries instead where a column would cut a word: a handle, a link in a reason)."""
        clusters = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        for name in ("cluster", "verdict", "score"):
            clusters.add_column(name, no_wrap=True)
        clusters.add_column("accounts", no_wrap=True, overflow="fold", max_width=ACCOUNT_WIDTH)
        clusters.add_column("replies", justify="right", no_wrap=True)
        clusters.add_column("reasons", overflow="fold", ratio=3)
        for cluster in report.clusters:
            style = CLUSTER_STYLE[cluster.verdict]
            clusters.add_row(
                str(cluster.id),
                f"[{style}]{cluster.verdict.value}[/]",
                str(cluster.score),
                safe("\n".join(common.cluster_labels(cluster))),
                str(len(cluster.replies)),
                safe("\n".join(self._cluster_reasons(cluster, flagged_links))),
            )
        accounts = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        accounts.add_column("account", no_wrap=True, overflow="fold", max_width=ACCOUNT_WIDTH)
        for name in ("cluster", "score", "replies"):
            accounts.add_column(name, justify="right", no_wrap=True)
        accounts.add_column("created", no_wrap=True)
        statuses = any(account.status for account in report.accounts)
        if statuses:  # only a dump that says what became of accounts (a Jetstream log)
            accounts.add_column("status", no_wrap=True)
        labelled = any(account.platform_labels for account in report.accounts)
        if labelled:  # only a dump whose platform says something of an account
            accounts.add_column(common.PLATFORM_SAYS, overflow="fold", max_width=LABELS_WIDTH)
        accounts.add_column("top reason", overflow="fold", ratio=2)
        for account in report.accounts:
            top = common.account_top_reason(account)
            optional = [safe(account.status or "-")] if statuses else []
            optional += [safe("\n".join(account.platform_labels) or "-")] if labelled else []
            accounts.add_row(
                safe(common.account_label(account.handle, account.author_kind)),
                "-" if account.cluster is None else str(account.cluster),
                str(account.score),
                str(len(account.replies)),
                safe(account.created_at or "-"),
                *optional,
                safe(common.defang_reason(top, flagged_links), keep_newlines=False),
            )
        return clusters, accounts

    # ----------------------------------------------------------------------- brands

    def brands(self, brands: Sequence[Brand]) -> str:
        """The brands as a table; where a column would cut a word (a long domain, at 80 or
        100 columns), that column as wide as its longest word; where even that
        does not fit, an entry per brand, its domains beneath (never cut). The check is
        made on the few rows that set the column widths (``fitting.measured_rows``), each
        cell measured once for that and for the layout (``brands_table.measure``)."""
        count = common.plural(len(brands), "brand")
        rows = brands_table.measure([_brand_cells(brand) for brand in brands])
        sample = _brands_table([rows.rows[index] for index in rows.widest])
        if not fitting.cuts_silently(sample, self.width):
            return self._render(self._brands_table(rows), count)
        widened = fitting.widened(sample, self.width)
        if fitting.fits(widened, self.width):
            return self._render(
                self._brands_table(rows, [column.width for column in widened.columns]), count)
        if self.terminal:
            return self._render(*self._brand_entries(brands), count)
        return self._wider_brands(brands, rows, sample, count)

    def _wider_brands(self, brands: Sequence[Brand], rows: brands_table.Measured,
                      sample: Table, count: str) -> str:
        """Into a pipe or a file (``| grep``, ``| less``, ``-o brands.txt``), where no
        terminal wraps the lines: the table as wide as its longest words need, so that no
        word is cut and no brand leaves its place in the list (entries would take two lines
        a brand; the table's rows stay in the registry's order, a brand's domains wrapped
        between domains beside its name)."""
        width = max(self.width, fitting.least_width(sample))
        widened = fitting.widened(sample, width)
        while not fitting.fits(widened, width) and width < MAX_PIPED_WIDTH:
            width += 1  # rich rounds its columns: a cell more where it comes short
            widened = fitting.widened(sample, width)
        if not fitting.fits(widened, width):
            return self._render(*self._brand_entries(brands), count)
        wider = type(self)(color=self.color, width=width, terminal=False)
        return wider._render(
            wider._brands_table(rows, [column.width for column in widened.columns]), count)

    def _brands_table(self, rows: Sequence[Sequence[str]] | brands_table.Measured,
                      widths: Sequence[int | None] = ()) -> RenderableType:
        """The brands table (``rows`` of markup, ``_brand_cells``, or those measured) at this
        width, laid out by ``brands_table`` (as rich would, faster), or by rich's Table where
        that cannot be sure."""
        rendered = brands_table.render(rows, self.width, color=self.color, widths=widths)
        if rendered is not None:
            return Rendered(rendered)
        return _brands_table(rows.rows if isinstance(rows, brands_table.Measured) else rows,
                             widths)

    def _brand_entries(self, brands: Sequence[Brand]) -> Iterator[Text]:
        """An entry per brand (a terminal too narrow for the table): its name and facts on
        the head line, its domains beneath, wrapped between domains; not beneath when the
        name is the one domain (the popular tier's sites are known by their domain)."""
        yield Text("")
        for brand in brands:
            head = [stacked.Piece(visible(brand.name, keep_newlines=False), "bold"),
                    stacked.Piece("country " + visible(brand.country or "-",
                                                       keep_newlines=False)),
                    stacked.Piece("category " + visible(brand.category or "-",
                                                        keep_newlines=False)),
                    stacked.Piece(f"tier {brand.tier}")]
            domains = visible(", ".join(brand.domains), keep_newlines=False)
            if [domain.lower() for domain in brand.domains] == [brand.name.lower()]:
                yield stacked.entry(head, [], self.width)  # a site known by its domain
                continue
            yield stacked.entry(head, [stacked.Detail(domains)], self.width)
        yield Text("")


def _brand_cells(brand: Brand) -> list[str]:
    """A brand's row of the table, as markup."""
    return [safe(brand.name), safe(", ".join(brand.domains)), safe(brand.country or "-"),
            safe(brand.category or "-"), str(brand.tier)]


def _brands_table(rows: Sequence[Sequence[str]], widths: Sequence[int | None] = ()) -> Table:
    """The brands table as rich's Table, a column ``widths`` wide where given
    (``fitting.widened``; ``brands_table`` lays it out the same, faster, where it can)."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    brands_table.add_columns(table, widths)
    for row in rows:
        table.add_row(*row)
    return table


MAX_PIPED_WIDTH = 400
"""The widest ``brands`` makes its table for a pipe or a file; a wider need (a 300-letter
word in a brand's name) gets the entries."""


LABELS_WIDTH = 40
"""The widest the accounts table's ``platform says`` column grows: a label a line, the
longest (an X affiliation with its account id) folded, the reasons keeping their room."""


def _capped(item: Assessment) -> list[str]:
    """``--explain``'s last line when the listed points add up to more than 100 (or less
    than 0): the sum, and that the score stops there."""
    note = common.capped_note(item)
    return [f"= {note}"] if note else []


def _cuts_host(item: Assessment, shown: str, room: int) -> bool:
    """True when ``item`` is flagged and a link column of ``room`` cells would cut the scheme
    and host of ``shown``, its link as shown (one that fits is whole; a longer one keeps
    ``room`` - 1 cells and ``…``)."""
    return (item.verdict in (Verdict.LOOKALIKE, Verdict.SUSPICIOUS)
            and cell_len(shown) > room
            and cell_len(shown[:stacked.authority_end(shown)]) > room - 1)


def _folds_a_handle(report: BotReport) -> bool:
    """True when an account's name is wider than the tables' account column, which would
    fold it: the tables are then entries, each name whole."""
    return any(cell_len(common.account_label(account.handle, account.author_kind))
               > ACCOUNT_WIDTH for account in report.accounts)


def _unthreaded_table(pieces: Sequence[Piece]) -> Table:
    """The text outside any thread, as rich's Table (``color_table.column`` lays it out the
    same, faster, where it can)."""
    table = Table(box=box.SIMPLE, show_header=False, expand=True, pad_edge=False)
    table.add_column("text", overflow="fold")
    for piece in pieces:
        table.add_row(piece.rich())
    return table


def _places(places: Sequence[str]) -> str:
    """The "found in" cell: a place a line, its words joined by no-break spaces, so that the
    column wraps between places, never inside one (``thread 1, post`` / ``2/6``); a record in
    no thread (``no thread: @anna, line 2, id 17…``, longer than the column) a part a line."""
    return ";\n".join(_unbroken(place) for place in places)


def _unbroken(place: str) -> str:
    if place == common.IN_UNTHREADED_TEXT:  # two lines, no wider than the places beside it
        return place.replace(" any ", "\nany ")
    if place.startswith(common.OUTSIDE):
        parts = place.removeprefix(common.OUTSIDE).split(", ")
        return common.OUTSIDE.strip() + "\n" + ",\n".join(parts)
    return place.replace(" ", "\u00a0")


def _network_line(report: BotReport) -> str:
    """How many pairs the coordination network links, per kind (``--graph`` writes them)."""
    kinds: dict[str, int] = {}
    for edge in report.network:
        for item in edge.co_actions:
            if item.weight >= report.min_repeats:
                kinds[item.kind] = kinds.get(item.kind, 0) + 1
    found = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "none"
    windows = sorted(set(report.window.values()))
    within = "/".join(f"{w:g}" for w in windows) or "60"
    return (f"\nNetwork: {common.plural(len(report.network), 'linked pair')} ({found}), "
            f"co-acting within {within} s at least {report.min_repeats} times")


def _label_style(label: str, verdict: Verdict) -> str:
    """Yellow for a link whose landing is not known (never green)."""
    if label in (common.UNRESOLVED, common.NOT_FOLLOWED):
        return UNRESOLVED_STYLE
    return VERDICT_STYLE[verdict]
