"""CSV of posts → ``Post`` records, streamed row by row for ``threadscope bots``, and as a
``Dump`` for ``thread`` and ``audit`` (``csv_dump``): one reader, one set of guesses.

Scrapers and spreadsheets name their columns differently, so the common names are guessed
(``author``/``username``/``screen_name``/``user``, ``text``/``full_text``/``content``/
``message``, ``created_at``/``date``/``timestamp``, ``url``/``urls``, ``in_reply_to``/
``reply_id``, ``repost_id``/``retweeted_status_id``, ``quoted_status_id``, and twarc-csv's
dotted names: ``author.username``, ``referenced_tweets.replied_to.id``, ``entities.urls``, …)
and ``--column KEY=NAME`` overrides the guess. twarc-csv's ``author.verified``,
``author.protected`` and ``author.verified_type`` are what X says about the author
(``Post.author_labels``). The QUT coordination-network toolkit's CSV
(``message_id,user_id,username,repost_id,reply_id,message,timestamp,urls``, also read by
CooRTweet) is one such shape: its ``user_id`` is the account's stable id
(``Post.author_id``, what ``bots`` tells accounts apart by), its ``repost_id`` makes the row
a plain repost (``Post.kind``), its ``timestamp`` is seconds (Unix seconds, or any
consistent offset: the toolkit only compares them) and its ``urls`` are space-separated
(the toolkit's own sample writes a Python list, ``['http://…']``, which is read too).
twint's and youtube-comment-downloader's CSV are told by their columns and read by what
they mean (``ingest.twint``, ``ingest.youtube_comments``), unless ``--column`` is given.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from threadscope.errors import InputError
from threadscope.ingest.account_labels import x_table_labels
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.dump import Dump
from threadscope.models import AuthorKind, Platform, Post

KEYS = ("author", "text", "created_at", "urls", "reply_to", "post_id", "author_created_at",
        "display_name", "repost_of", "quote_of", "conversation_id", "author_id")
"""The fields a column can fill; ``--column KEY=NAME`` names one of these (``_post`` reads
them in this order)."""

GUESSES: dict[str, tuple[str, ...]] = {
    "author": ("author", "username", "screen_name", "user", "handle", "user_screen_name",
               "author_username", "account", "author.username"),
    "text": ("text", "full_text", "content", "message", "tweet", "body", "post"),
    "created_at": ("created_at", "date", "timestamp", "time", "datetime", "posted_at"),
    "urls": ("urls", "url", "links", "expanded_url", "expanded_urls", "link", "entities.urls"),
    "reply_to": ("in_reply_to", "reply_id", "in_reply_to_status_id", "in_reply_to_id",
                 "reply_to", "parent_id", "referenced_tweets.replied_to.id"),
    "post_id": ("message_id", "id", "tweet_id", "status_id", "post_id", "id_str"),
    "author_created_at": ("author_created_at", "user_created_at", "account_created_at",
                          "account_created", "author.created_at"),
    "display_name": ("display_name", "name", "user_name", "author_name", "author.name"),
    "repost_of": ("repost_id", "retweeted_status_id", "retweeted_id", "retweet_of",
                  "reposted_id", "repost_of", "reblog_of", "referenced_tweets.retweeted.id"),
    "quote_of": ("quoted_status_id", "quote_id", "quoted_id", "quote_of",
                 "referenced_tweets.quoted.id"),
    "conversation_id": ("conversation_id", "thread_id"),
    "author_id": ("user_id", "author_id", "author.id", "user_id_str", "account_id"),
}
"""Column names tried in order for each key (compared case-insensitively)."""

NAME_COLUMNS = frozenset((*GUESSES["display_name"], "displayname", "display name", "full_name",
                          "author_display_name", "authordisplayname", "from", "sender"))
"""Columns of display names: an author taken from one (``--column author=name``) is a name,
not a handle, and is never shown with ``@``."""

ALIASES = {"in_reply_to": "reply_to", "url": "urls", "date": "created_at", "user": "author",
           "repost_id": "repost_of", "reply_id": "reply_to", "quote_id": "quote_of"}
"""Friendly spellings accepted on the left of ``--column KEY=NAME``."""

MAX_FIELD = 1024 * 1024
"""The one CSV field limit of every CSV reader in ``ingest``: a cell may hold a whole post,
longer than the stdlib's default limit (128 KiB) allows, while a quote left open, which would
swallow the rest of the file into one cell, still fails at a line that says so."""
_URL_SPLIT = re.compile(r"[\s,;|]+")
_URL_QUOTES = "[]'\""
_SECONDS = re.compile(r"-?\d{1,10}(?:\.\d+)?")
_DELIMITERS = ",;\t"


def parse_column_options(pairs: Sequence[str]) -> dict[str, str]:
    """``["author=screen_name", "text=tweet"]`` → ``{"author": "screen_name", ...}``."""
    columns: dict[str, str] = {}
    for pair in pairs:
        key, sep, name = pair.partition("=")
        key = ALIASES.get(key.strip().lower(), key.strip().lower())
        if not sep or not name.strip():
            raise InputError(f"--column {pair!r}: expected KEY=NAME, e.g. author=screen_name")
        if key not in KEYS:
            raise InputError(f"--column {pair!r}: KEY must be one of {', '.join(KEYS)}")
        columns[key] = name.strip()
    return columns


def target_column(value: str) -> str:
    """``domains --column``: the CSV column of links or domains, named as the other commands
    name a CSV's link column (``urls=NAME``, ``url=NAME``; ``parse_column_options`` reads it)
    or by its NAME alone, as before. A value whose part before ``=`` is no KEY is a NAME
    (a column may be called ``a=b``); another KEY is an error: ``domains`` reads links only.
    An empty value is an error too: read as no ``--column`` at all, a script's unset variable
    (``--column "$COL"``) scored every row of a CSV as one invalid target and exited 0, where
    a CSV without ``--column`` is refused."""
    if not value:
        raise InputError("--column '': expected the CSV column of the links: NAME "
                         "(or urls=NAME)")
    key, sep, _ = value.partition("=")
    if not sep or ALIASES.get(key.strip().lower(), key.strip().lower()) not in KEYS:
        return value
    ((named, name),) = parse_column_options([value]).items()
    if named != "urls":
        raise InputError(f"--column {value!r}: domains reads one column, the links': "
                         "urls=NAME (or NAME alone)")
    return name


def looks_like_csv(text: str, columns: Mapping[str, str] | None = None) -> bool:
    """True when the first line, or one of the first few below title lines
    (``HEADER_SEARCH``), is a header naming at least an author and a text column."""
    if _found_header(text, columns or {}) is not None:
        return True
    return bool(columns) and _header(text) is not None


def tabular(text: str) -> bool:
    """True when the first line splits into several cells that could be column names (a CSV
    header, perhaps); a headline with a comma is prose ("NATO und Russland reden offen, aber …")."""
    header = _header(text)
    return header is not None and all(_column_name_like(cell) for cell in header)


def _column_name_like(cell: str) -> bool:
    return len(cell) <= 48 and cell.count(" ") <= 3


def within_field_limit(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The rows of ``reader``, each read with the field limit raised to ``MAX_FIELD`` and put
    back after it: the stdlib's limit is one setting for the whole process, which a library
    must not change under its caller (who may rely on the default as a guard)."""
    while True:
        previous = csv.field_size_limit(MAX_FIELD)
        try:
            row = next(reader, None)
        finally:
            csv.field_size_limit(previous)
        if row is None:
            return
        yield row


def read_csv(text: str, columns: Mapping[str, str] | None = None) -> tuple[Post, ...]:
    """Read posts from CSV text; ``InputError`` when the author or text column is missing."""
    return tuple(iter_csv(io.StringIO(text.lstrip("\ufeff"), newline=""), columns))


@dataclass(frozen=True)
class _Layout:
    mapping: dict[str, int]
    seconds: bool
    """The time column is the QUT toolkit's ``timestamp``: bare numbers are seconds."""
    positions: tuple[int, ...] = ()
    """The column of each of ``KEYS``, in that order; -1 for a key no column fills."""
    author_names: bool = False
    """The author column holds display names (``NAME_COLUMNS``), not handles."""
    escaped_newlines: bool = False
    """twarc-csv's CSV: it writes a line break in a text as ``\\n`` (and drops ``\\r``), to
    keep one row a line; read back as the line break it was, so that a thread marker after
    it (``… im Thread\\n1/5``) starts its line again."""
    label_positions: tuple[int, int, int] | None = None
    """The columns of ``LABEL_COLUMNS`` (-1 for one not there); None where none is."""
    platform: Platform | None = None
    """X for twarc-csv's CSV (its columns say so); None for any other: a CSV names no
    platform, and its rows may come from any."""


def iter_csv(
    lines: Iterable[str], columns: Mapping[str, str] | None = None
) -> Iterator[Post]:
    """Posts from CSV lines (a text file opened with ``newline=""``), one row at a time.

    The header is the first line that is not blank (``csv_start``), its delimiter the one it
    uses most (``sniff_delimiter``). Blank rows are skipped; ``Post.line`` is the row's first
    line in the file.
    """
    source = iter(lines)
    start, source = _start_below_titles(source, columns or {})
    header = _header(start.header)
    if header is None:
        raise InputError("not CSV: no header line with column names")
    layout = _layout(header, columns or {})
    tool_row = _tool_reader(header, columns)
    reader = csv.reader(source, delimiter=start.delimiter)
    before = start.skipped + 1  # the lines above the first row: blank ones, the header
    next_line = before + 1
    try:
        for row in within_field_limit(reader):
            line, next_line = next_line, reader.line_num + before + 1
            if any(map(str.strip, row)):  # not a blank row
                yield _post(line, row, layout) if tool_row is None else tool_row(line, row)
    except csv.Error as error:
        raise InputError(f"CSV: {error} (line {reader.line_num + before})") from error


def _tool_reader(header: Sequence[str], columns: Mapping[str, str] | None
                 ) -> Callable[[int, Sequence[str]], Post] | None:
    """The CSV of a tool whose columns say more than their names (twint's, where a retweet's
    row is the original's; youtube-comment-downloader's, whose ids say which comment a reply
    answers) is read by what they mean, unless ``--column`` names the columns; None for any
    other CSV, read by the columns guessed."""
    tool = _tool(header, columns)
    return None if tool is None else tool[1](header)


def _tool(header: Sequence[str], columns: Mapping[str, str] | None
          ) -> tuple[str, Callable[[Sequence[str]], Callable[[int, Sequence[str]], Post]]] | None:
    """The ``Dump.format`` of a tool's CSV (``_tool_reader``) and its reader's maker."""
    from threadscope.ingest import twint, youtube_comments  # they import this module

    if columns:
        return None
    if twint.is_twint_header(header):
        return "twint", twint.csv_reader
    if youtube_comments.is_youtube_header(header):
        return "youtube", youtube_comments.csv_reader
    return None


def csv_dump(text: str, columns: Mapping[str, str] | None = None) -> Dump:
    """CSV text → a ``Dump`` for ``thread`` and ``audit``, read row by row as ``bots`` reads
    it (``read_csv``); ``InputError`` when the author or text column is missing.

    ``format`` is ``csv``, or ``twint``/``youtube`` for those tools' CSV (read by what their
    columns mean, as their JSON is). In a CSV that has a conversation column (twarc2's and
    twint's ``conversation_id``, a ``thread_id``) but no reply column, a post of a
    conversation it did not start answers the conversation's first post, as twint's are
    read: a self-thread is then its author's replies to its first post, in the order
    posted. Ids a spreadsheet rounded (``1.23457E+18``) stand for many posts and link none:
    they are dropped, with a warning, so that the rows they would merge stay apart.
    """
    posts = read_csv(text, columns)
    found = _found_header(text, columns or {})
    header = found[0] if found else _header(text) or []
    titles = (f"CSV: its header is on line {found[1]}; the lines above it are no posts, "
              "skipped",) if found and found[1] > 1 else ()
    tool = _tool(header, columns)
    if tool is not None:
        return Dump(tool[0], posts, titles)
    mapping = _column_map(header, columns or {})
    if "conversation_id" in mapping and "reply_to" not in mapping:
        posts = tuple(map(_answers_conversation, posts))
    posts, rounded = _without_rounded_ids(posts, [key for key in _ID_FIELDS if key in mapping])
    warnings = (f"CSV: {rounded} post id(s) rounded to scientific notation by a spreadsheet; "
                "not used to link replies",) if rounded else ()
    accounts = csv_accounts()
    for post in posts:
        learn_name(accounts, post)
    renamed = tuple(accounts.warnings())
    if renamed:
        posts = tuple(_under_latest_name(post, accounts.names) for post in posts)
    return Dump("csv", posts, (*titles, *warnings, *renamed))


def csv_accounts() -> AccountFacts:
    """The accounts of a CSV with an id column (the QUT toolkit's ``user_id``, twarc-csv's
    ``author.id``) by that id: one shown under two handles (a search saved again after a
    rename, rows of two fetches in one sheet) is one account renamed, said as every reader
    of a platform's ids says it (``AccountFacts.warnings``), its latest handle the one of its
    latest row by the time column (``AccountFacts.name``), as ``bots`` names it
    (``bots.cluster.latest_names``)."""
    return AccountFacts("CSV", _no_fields)


def _no_fields(_: Any) -> dict[str, Any]:
    """A CSV row holds no account object: only the handle and the id."""
    return {}


def learn_name(accounts: AccountFacts, post: Post) -> None:
    """The row's author under its id, at the row's time (rows without an id: nothing)."""
    if post.author_id and post.author:
        accounts.name(post.author_id, post.author, post.created_at)


def said_renames(posts: Iterable[Post], warnings: list[str]) -> Iterator[Post]:
    """The rows as read (``bots`` names each account by its latest handle itself), the
    renamed accounts added to ``warnings`` once the last row is read: a stream's rows go by
    before the file has ended."""
    accounts = csv_accounts()
    for post in posts:
        learn_name(accounts, post)
        yield post
    warnings.extend(accounts.warnings())


def _under_latest_name(post: Post, names: Mapping[str, str]) -> Post:
    """The row under its account's latest handle (its kind is the column's, unchanged)."""
    latest = names.get(post.author_id) if post.author_id else None
    return replace(post, author=latest) if latest and latest != post.author else post


def _answers_conversation(post: Post) -> Post:
    root = post.conversation_id
    if root is None or root == post.post_id or post.reply_to is not None:
        return post
    return replace(post, reply_to=root)


ROUNDED_ID = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")
"""An id as a spreadsheet shows a large number, and saves it when the file is saved from the
spreadsheet (``1.23457E+18``, ``1,23457E+18`` in German): one such id stands for many posts."""


def _without_rounded_ids(posts: tuple[Post, ...], fields: Sequence[str]
                         ) -> tuple[tuple[Post, ...], int]:
    """The posts with every id a spreadsheet rounded (``ROUNDED_ID``) taken out, and how many
    post ids were; ``fields``: the id fields a column fills (none: nothing to look at)."""
    if not fields:
        return posts, 0
    rounded = 0
    kept: list[Post] = []
    for post in posts:
        if any(_rounded(getattr(post, name)) for name in fields):
            rounded += _rounded(post.post_id)
            post = replace(post, post_id=_unrounded(post.post_id),
                           reply_to=_unrounded(post.reply_to),
                           conversation_id=_unrounded(post.conversation_id),
                           repost_of=_unrounded(post.repost_of),
                           quote_of=_unrounded(post.quote_of))
        kept.append(post)
    return tuple(kept), rounded


def _rounded(value: str | None) -> bool:
    return value is not None and ROUNDED_ID.fullmatch(value) is not None


def _unrounded(value: str | None) -> str | None:
    return None if _rounded(value) else value


_ID_FIELDS = ("post_id", "reply_to", "conversation_id", "repost_of", "quote_of")


@dataclass(frozen=True)
class CsvStart:
    """Where a CSV's rows begin, as every CSV reader in ``ingest`` finds it."""

    header: str
    """The header line as read (line ending included); empty when there is none."""
    delimiter: str
    skipped: int
    """Lines before the header (blank ones, which spreadsheets and hand edits leave, and what
    else the reader's ``preamble`` passes over), for line numbers that match the file."""


def blank(line: str) -> bool:
    """A line of white space only: what every CSV reader here skips before the header."""
    return not line.strip()


def csv_start(lines: Iterator[str], preamble: Callable[[str], bool] = blank) -> CsvStart:
    """Consume the lines before the header (``preamble``: blank ones) and the header line from
    ``lines``, which then holds the rows; one shared reading, so ``bots`` and ``domains
    --column`` take the same files."""
    skipped = 0
    for line in lines:
        if not preamble(line):
            return CsvStart(line, sniff_delimiter(line), skipped)
        skipped += 1
    return CsvStart("", ",", skipped)


def sniff_delimiter(header: str) -> str:
    """The delimiter of a CSV, told by its header line: the one of ``,``, ``;`` and tab that
    it holds most. Excel writes ``;`` in German and French locales, tab-separated exports are
    common; ``,`` (first, so it wins a tie) when the header holds none or is unsure.

    Counting beats ``csv.Sniffer`` here: one header line is too little for the sniffer, which
    guesses letters as delimiters and raises where a count just falls back to ``,``."""
    return max(_DELIMITERS, key=header.count)


HEADER_SEARCH = 10
"""Lines that are not blank looked through for a header: exports open with a title, the
query or the date above it (``Export: Antworten auf @…``, ``Suchbegriff: …``)."""


def _names_columns(line: str, columns: Mapping[str, str]) -> list[str] | None:
    """The line's cells when it is a header naming an author and a text column (or every
    column ``--column`` names), else None."""
    header = _header(line)
    if header is None:
        return None
    try:
        _column_map(header, columns)
    except InputError:
        return None
    return header


def _found_header(text: str, columns: Mapping[str, str]) -> tuple[list[str], int] | None:
    """The header among the first ``HEADER_SEARCH`` lines of ``text`` that are not blank,
    and its line (1-based), found without splitting the rest (runs of blank lines skipped
    by one search, a long line never copied); None when none is one."""
    start = 1 if text.startswith("\ufeff") else 0
    number = 1
    for _ in range(HEADER_SEARCH):
        begin = blank_lines_end(text, start)
        number += text.count("\n", start, begin)
        if begin >= len(text):
            return None
        end = text.find("\n", begin, begin + LONGEST_HEADER + 2)
        header = _names_columns(text[begin : begin + LONGEST_HEADER + 2 if end < 0 else end],
                                columns)
        if header is not None:
            return header, number
        if end < 0:
            return None
        start, number = end + 1, number + 1
    return None


def _start_below_titles(source: Iterator[str], columns: Mapping[str, str]
                        ) -> tuple[CsvStart, Iterator[str]]:
    """``csv_start``, the header looked for below title lines too, as ``_found_header``
    looks in a whole text. When none is one, the first line is taken for the header, whose
    missing columns the reader then names: the lines read past are not wanted back, and none
    is held (a run of blank lines may be long)."""
    start = csv_start(source)
    if not start.header or _names_columns(start.header, columns) is not None:
        return start, source
    read = titles = 0
    for line in source:
        read += 1
        if _names_columns(line, columns) is not None:
            return CsvStart(line, sniff_delimiter(line), start.skipped + read), source
        titles += not blank(line)
        if titles >= HEADER_SEARCH - 1 or len(line) > LONGEST_HEADER:
            break  # no title is that long: rows have begun
    return start, source  # its first line no header: the reader says which column it lacks


def _header(text: str) -> list[str] | None:
    """The column names in the first line of ``text`` that is not blank, or None."""
    first = _first_line(text).strip("\r\n")
    if not first or first.lstrip().startswith(("{", "[")) or len(first) > LONGEST_HEADER:
        return None
    try:
        row = next(csv.reader([first], delimiter=sniff_delimiter(first)))
    except (csv.Error, StopIteration):
        return None
    if len(row) < 2:
        return None
    return [cell.strip() for cell in row]


_NOT_SPACE = re.compile(r"\S")


def blank_lines_end(text: str, start: int) -> int:
    """Where the blank lines (white space only) from ``start`` end: after the last newline
    before the first character that is not white space. Two searches, constant memory: the
    regular expression it replaces, ``(?:[^\\S\\n]*\\n)*``, kept a backtracking mark of
    120 bytes for each blank line (30 GB for a paste of 256 MiB of newlines)."""
    first = _NOT_SPACE.search(text, start)
    stop = first.start() if first else len(text)
    return text.rfind("\n", start, stop) + 1 or start


LONGEST_HEADER = 10_000
"""The longest header line read as one, in characters: a longer first line is no header."""


def _first_line(text: str) -> str:
    """The first line of ``text`` that is not blank (as ``csv_start`` finds the header), found
    without copying the rest (``text`` may be a whole dump, on one line: minified JSON); a
    line longer than any header (``LONGEST_HEADER``) is cut there, and so refused."""
    begin = blank_lines_end(text, 1 if text.startswith("\ufeff") else 0)
    stop = begin + LONGEST_HEADER + 2  # room for a "\r" before the "\n"
    end = text.find("\n", begin, stop)
    return text[begin:stop] if end < 0 else text[begin:end]


def _layout(header: Sequence[str], columns: Mapping[str, str]) -> _Layout:
    mapping = _column_map(header, columns)
    time = mapping.get("created_at")
    twarc = any(name.lower().startswith(_TWARC_CSV) for name in header)
    return _Layout(mapping, time is not None and header[time].lower() == "timestamp",
                   tuple(mapping.get(key, -1) for key in KEYS),
                   header[mapping["author"]].strip().lower() in NAME_COLUMNS,
                   twarc, _label_positions(header), Platform.X if twarc else None)


LABEL_COLUMNS = ("author.verified", "author.protected", "author.verified_type")
"""twarc-csv's columns of what X says about the author (``Post.author_labels``)."""


def _label_positions(header: Sequence[str]) -> tuple[int, int, int] | None:
    lower = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    verified, protected, kind = (lower.get(name, -1) for name in LABEL_COLUMNS)
    return None if verified == protected == kind == -1 else (verified, protected, kind)


def _labels(row: Sequence[str], positions: tuple[int, int, int] | None) -> tuple[str, ...]:
    """What X says about the row's author; only a true or false cell counts, never text."""
    if positions is None:
        return ()
    verified, protected, kind = (row[i] if 0 <= i < len(row) else None for i in positions)
    return x_table_labels(verified, protected, kind)


_TWARC_CSV = ("__twarc.", "referenced_tweets.")
"""Column names only twarc-csv writes (its ``--output-columns`` may leave out either)."""


def _column_map(header: Sequence[str], columns: Mapping[str, str]) -> dict[str, int]:
    lower = {name.lower(): i for i, name in reversed(list(enumerate(header)))}
    mapping: dict[str, int] = {}
    for key, name in columns.items():
        if name.lower() not in lower:
            raise InputError(f"CSV has no column {name!r} (columns: {', '.join(header)[:200]})")
        mapping[key] = lower[name.lower()]
    for key, guesses in GUESSES.items():
        if key in mapping:
            continue
        found = next((lower[g] for g in guesses if g in lower), None)
        if found is not None and found not in mapping.values():
            mapping[key] = found
    for key in ("author", "text"):
        if key not in mapping:
            raise InputError(
                f"CSV has no {key} column (columns: {', '.join(header)[:200]}); "
                f"name it with --column {key}=NAME"
            )
    return mapping


def _post(line: int, row: Sequence[str], layout: _Layout) -> Post:
    size = len(row)
    # one pass over the columns, in the order of KEYS (a cell that is blank is None)
    (author, text, created, urls, reply_to, post_id, author_created_at, display_name,
     repost_of, quote_of, conversation_id, author_id) = [
        (row[position].strip() or None) if 0 <= position < size else None
        for position in layout.positions
    ]
    text = text or ""
    if layout.escaped_newlines:
        text = text.replace("\\n", "\n")
    if repost_of is None and "repost_of" not in layout.mapping:
        repost_of = retweet_key(text)
    return Post(
        text=text,
        line=line,
        author=author.lstrip("@") if author else None,
        author_kind=_author_kind(author, layout),
        created_at=_seconds(created) if layout.seconds else iso_time(created),
        author_created_at=iso_time(author_created_at),
        display_name=display_name,
        post_id=post_id,
        reply_to=reply_to,
        conversation_id=conversation_id,
        urls=_urls(urls),
        repost_of=repost_of,
        quote_of=quote_of,
        author_labels=_labels(row, layout.label_positions),
        platform=layout.platform,
        author_id=author_id if author else None,
    )


_HANDLE_SHAPE = re.compile(r"[\w.@-]+")
"""What a handle is made of on every platform a CSV comes from: letters, digits, ``_``,
``.`` and ``-`` (Bluesky, YouTube), ``@`` (Mastodon's ``user@instance``)."""


def _author_kind(author: str | None, layout: _Layout) -> AuthorKind | None:
    """A handle, unless the column holds display names or the cell has a character no
    platform's handle has: white space (``Maria Weber`` in a column named ``author``),
    quotes, brackets, ``=`` (``=HYPERLINK("…")``, which a report must not print as a
    ``@`` mention of someone)."""
    if not author:
        return None
    if layout.author_names or _HANDLE_SHAPE.fullmatch(author) is None:
        return AuthorKind.NAME
    return AuthorKind.HANDLE


_RETWEET = re.compile(r"RT @([A-Za-z0-9_]{1,15}): ")


def retweet_key(text: str) -> str | None:
    """``RT @tagesschau: …`` in a CSV that has no repost column is a retweet all the same.

    The original's id is unknown; the retweet text stands for it (every retweet of one post
    carries the same ``RT @handle: text``), so retweets of one post still share one key.
    """
    return text if _RETWEET.match(text) else None


def _urls(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    found = (u.strip(_URL_QUOTES) for u in _URL_SPLIT.split(cell))
    return tuple(dict.fromkeys(u for u in found if "." in u))


def _seconds(value: str | None) -> str | None:
    """The QUT toolkit's ``timestamp``: seconds of any consistent offset, else any time."""
    if value and _SECONDS.fullmatch(value):
        try:
            moment = datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.isoformat().replace("+00:00", "Z")
    return iso_time(value)


_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"


_UTC_SECONDS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
"""What ``iso_time`` writes for a whole second, as most dumps give it already."""


def iso_time(value: str | None) -> str | None:
    """Unix seconds, ISO 8601 or Twitter's classic format → ISO 8601 UTC; else None.

    A time already in the form written here is returned as it is once it reads as a real
    date: two per row, that was a third of reading a CSV of replies.
    """
    if not value:
        return None
    value = value.strip()
    if _UTC_SECONDS.fullmatch(value):
        return value if _iso(value) is not None else None
    moment = _parse_time(value)
    if moment is None:
        return None
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999, pushed past the calendar's end: no real time
        return None
    return moment.isoformat().replace("+00:00", "Z")


def _parse_time(value: str) -> datetime | None:
    try:
        if re.fullmatch(r"\d{9,10}(\.\d+)?", value):
            return datetime.fromtimestamp(float(value), UTC)
        if re.fullmatch(r"\d{12,13}", value):  # milliseconds
            return datetime.fromtimestamp(int(value) / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    for parse in (_iso, _classic):
        moment = parse(value)
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _classic(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, _TWITTER_TIME)
    except ValueError:
        return None
