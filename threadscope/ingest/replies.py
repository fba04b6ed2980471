"""A dump of posts for ``threadscope bots``: CSV streamed row by row, anything else parsed whole.

A bot analysis reads the largest inputs the tool sees (a hundred thousand replies, a QUT
toolkit export of a million rows), so CSV and JSON Lines are streamed from the file: posts are
yielded one at a time (a Bluesky Jetstream log's once it has ended: ``_jetstream_posts``) and
the file's text is never held whole, one line of it at a time (up to the input limit: a longer
line is refused), however long (twarc2's X API v2 pages of 100 tweets and their ``includes``,
200 KB to 1 MB a line, are told as JSON Lines by their first two lines read whole:
``_leading_lines``). What one line tells about another (``ingest.across``) is
carried from line to line, so that a streamed file gives the posts the whole file read at once
by ``parse_dump`` gives. Every other shape (X web copy, one JSON document from
X API v2, Bluesky or Mastodon) is read whole by ``parse_dump``. Posts a platform included only
for context (the post being answered) are kept apart in ``context``: they tell when the
original was posted.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, BinaryIO

from threadscope.errors import InputError
from threadscope.ingest.across import AsContext, Wait, add_up
from threadscope.ingest.csv_input import (
    iter_csv,
    looks_like_csv,
    read_csv,
    said_renames,
    tabular,
)
from threadscope.ingest.dump import MIXED, context_once
from threadscope.ingest.jetstream import JetstreamLog, is_jetstream, read_events
from threadscope.ingest.jsonish import (
    SHOWN_BAD_LINES,
    NotJson,
    bad_lines_warning,
    line_error,
    line_values,
    load_line,
    looks_structured,
    split_lines,
)
from threadscope.ingest.parse import Carried, parse_dump, read_line
from threadscope.ingest.source import (
    CHUNK,
    UTF16_BOMS,
    WINDOWS_1252,
    decode,
    empty_notice,
    line_too_long,
    max_input_bytes,
    open_input,
    read_limited,
    refuse_binary,
    western_european,
    windows_1252_warning,
)
from threadscope.ingest.versions import OneEach, one_each
from threadscope.models import Post

SNIFF_BYTES = 65536
"""Bytes read ahead to recognise the format before streaming (more when the first lines are
longer: ``_first_line``, ``_leading_lines``)."""
NO_POSTS = (
    "no replies found: expected CSV with author and text columns, X web copy, X API v2 "
    "(JSON or JSON Lines), Bluesky, Mastodon, Threads, Telegram, snscrape, twint, YouTube "
    "comments or Reddit JSON (text pasted without X's name and @handle lines names no "
    "accounts to compare; `threadscope audit` reads it)"
)


@dataclass
class PostStream:
    """Posts of a dump, to be iterated once; ``context`` and ``warnings`` are complete once the
    posts have been consumed (a CSV has no context)."""

    source: str
    format: str
    posts: Iterable[Post]
    context: list[Post] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Post]:
        """Each post once: a post whose platform id came before is the same post saved again
        (overlapping search pages, a collection concatenated twice, a status streamed on two
        subscriptions), and counting it again would make one account repeat itself. How many
        were passed over is said in ``warnings``. A post seen again with other words or links
        is an edit (a streamed ``status.update``, a Reddit comment fetched again): a Mastodon
        status's or a Reddit post's versions are one post (``versions.OneEach``), as
        ``parse_mastodon`` and ``read_reddit`` read them in one file, the latest in the first
        one's place with the links the earlier had; elsewhere (records of several platforms)
        it is passed on too: posting something harmless and editing the look-alike link in
        later must not hide the link. An id a spreadsheet rounded (``1.23457E+18``) names
        many posts, not one: it tells no repeats, and that is said too."""
        one = OneEach()
        for post in self.posts:
            yield from one.take(post, self.format)
        # a line of another platform after the last post (an empty chat) makes the file
        # one of several platforms all the same, read as it came
        yield from one.end(self.format)
        if self.context:  # complete now: each id once (a status's versions folded, as
            # read whole: ``parse._versions_folded``), none of the file's own posts
            self.context[:] = context_once(one_each(self.context, self.format), one.seen)
        repeated, rounded, first_rounded = one.repeated, one.rounded, one.first_rounded
        if repeated:
            self.warnings.append(
                f"{self.source}: {repeated} post(s) saved more than once (same id), "
                "each counted once")
        if rounded:
            self.warnings.append(
                f"{self.source}: {rounded} post id(s) rounded to scientific notation by "
                f"a spreadsheet ({first_rounded[:40]}); not used to tell repeated posts apart")


def read_replies(text: str, *, columns: Mapping[str, str] | None = None) -> tuple[Post, ...]:
    """Posts from CSV or any dump ``parse_dump`` recognises; ``InputError`` if none fit."""
    return tuple(stream_text(text, columns=columns))


def stream_text(
    text: str, *, columns: Mapping[str, str] | None = None, source: str = "<text>"
) -> PostStream:
    """A ``PostStream`` over text already in memory. Empty text (white space alone) is no
    error but a dump of no posts, with one warning that says so (``FILE is empty``): as
    ``thread``, ``audit`` and ``domains`` read it, so a script's empty search gives an empty
    report and exit 0, told apart from a dump in no known shape (exit 2)."""
    if not text.strip():
        shown = empty_notice(source) if source != "<text>" else "the input is empty"
        return PostStream(source, "text", iter(()), warnings=[shown])
    if columns or looks_like_csv(text, columns):
        stream = PostStream(source, "csv", ())
        stream.posts = said_renames(read_csv(text, columns), stream.warnings)
        return stream
    dump = parse_dump(text)
    if not dump.posts:
        if tabular(text):
            read_csv(text)  # raises the CSV reader's own message (which column is missing)
        raise InputError(NO_POSTS)
    return PostStream(source, dump.format, iter(dump.posts), list(dump.context),
                      list(dump.warnings))


def open_replies(path: str, *, columns: Mapping[str, str] | None = None) -> PostStream:
    """A ``PostStream`` over a file (``-``: stdin); CSV and JSON Lines are streamed.

    The format is told from the first ``SNIFF_BYTES``; a CSV header is looked for further,
    up to the input limit, when blank lines (or a first line too long to be a header) fill
    them (``_first_line``): a CSV is streamed wherever its header starts. JSON whose first
    two lines do not fit in them is read on until they do, up to the input limit
    (``_leading_lines``): JSON Lines are streamed whatever the length of their lines. No
    streamed line is held past the input limit (``_text_lines``)."""
    name = "<stdin>" if path == "-" else path
    raw = open_input(path)
    try:
        limit = max_input_bytes()
        head = _read_head(raw)
        encoding = "utf-16" if head.startswith(UTF16_BOMS) else "utf-8-sig"
        if encoding != "utf-16":
            refuse_binary(head, name)
        warnings = []
        if encoding != "utf-16" and _western_european(head):
            encoding = WINDOWS_1252
            warnings.append(windows_1252_warning(name))
        preview = _preview(head, encoding)
        if (columns or looks_like_csv(preview, columns)
                or looks_like_csv(_first_line(head, raw, limit, encoding), columns)):
            stream = PostStream(name, "csv", (), warnings=warnings)
            handle = io.BufferedReader(_Prefixed(head, raw))
            stream.posts = said_renames(iter_csv(
                _text_lines(handle, name, stream.warnings, encoding, limit), columns),
                stream.warnings)
            return stream
        lines = [line for line in split_lines(preview) if line.strip()]
        if len(lines) < 3 and encoding != "utf-16" and looks_structured(preview):
            lines = _leading_lines(head, raw, limit)  # lines longer than the sniffed bytes
        if len(lines) > 2 and looks_structured(preview) and _json_lines(lines[:2]):
            stream = PostStream(name, "jsonl", (), warnings=warnings)
            read = _jetstream_posts if _jetstream(lines) else _jsonl_posts
            stream.posts = read(io.BufferedReader(_Prefixed(head, raw)), name, stream, encoding,
                                limit)
            return stream
        data = read_limited(raw, name, limit, into=head)  # the rest onto the head, no copy
    except BaseException:
        raw.close()
        raise
    raw.close()
    whole = decode(data, name)
    stream = stream_text(whole.text, columns=columns, source=name)
    stream.warnings[:0] = whole.warnings
    return stream


def _read_head(raw: BinaryIO) -> bytearray:
    """Up to ``SNIFF_BYTES``, however the pipe hands them over."""
    head = bytearray()
    while len(head) < SNIFF_BYTES:
        chunk = raw.read(SNIFF_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head


_BLANK = re.compile(rb"[ \t\r\n\f\v]*")
HEADER_BYTES = 64 * 1024
"""The longest first line looked for past ``SNIFF_BYTES``: a CSV header is far shorter (the
CSV reader takes none over 10,000 characters)."""


def _blank_end(data: bytearray, begin: int) -> int:
    """Where the white space from ``begin`` on ends."""
    match = _BLANK.match(data, begin)
    return match.end() if match else begin


def _western_european(head: bytearray) -> bool:
    """The sniffed bytes are not UTF-8 (a character cut at their end forgiven) but
    Windows-1252 (``source.western_european``): the stream is read as that. Told by its
    head alone, where a file read whole is told by all of it."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return western_european(head)
    return False


def _first_line(head: bytearray, raw: BinaryIO, limit: int, encoding: str) -> str:
    """The first line of the input that is not blank, whole (read on into ``head`` until it
    is, the input limit at most), as text; empty when there is none, or it is longer than
    ``HEADER_BYTES``. A CSV after a long run of blank lines is thus still recognised by its
    header, and streamed."""
    if head.startswith(UTF16_BOMS):
        return ""  # the preview decodes UTF-16; bytes are not searched for its lines
    begin = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    while True:
        begin = _blank_end(head, begin)
        if begin < len(head):
            end = head.find(b"\n", begin)
            if end >= 0:
                return _preview(bytes(head[begin : end + 1]), encoding)
            if len(head) - begin > HEADER_BYTES:
                return ""
        if len(head) > limit:
            return ""  # refused as too large when it is read whole
        chunk = raw.read(min(CHUNK, limit + 1 - len(head)))
        if not chunk:
            return _preview(bytes(head[begin:]), encoding)
        head += chunk


def _line_break(data: bytearray, start: int) -> int:
    """Where the first line from ``start`` on ends (``jsonish.split_lines``: at ``\n``,
    ``\r\n``, ``\r``), -1 if it does not in ``data``: two byte searches, each far faster
    than a regular expression over a megabyte-long line."""
    newline = data.find(b"\n", start)
    carriage = data.find(b"\r", start, len(data) if newline < 0 else newline)
    return carriage if carriage >= 0 else newline


def _leading_lines(head: bytearray, raw: BinaryIO, limit: int) -> list[str]:
    """The first two lines of the input that are not blank, whole, and the start of a third,
    as text: read on into ``head`` until there is a third or the input ends, the input limit
    at most. JSON Lines whose lines are longer than the sniffed bytes (twarc2's X API v2
    pages of 100 tweets and their ``includes``, the YouTube Data API's of 100 comments, often
    200 KB to 1 MB a line) are thus told from one JSON document and streamed. Fewer lines
    when the input holds fewer, or when they are not within the limit together: the input is
    then read whole, and refused there as too large (a file of one endless line)."""
    begin = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    searched = begin  # no line break in head[begin:searched]
    lines: list[str] = []
    while True:
        begin = _blank_end(head, begin)
        if begin < len(head):
            found = _line_break(head, max(begin, searched))
            if found >= 0 or len(lines) == 2:
                end = len(head) if found < 0 else found
                line = _decoded(head, begin, end, whole=found >= 0)
                if line.strip():  # blank as ``str.strip`` sees it (U+00A0, U+2028)
                    lines.append(line)
                if len(lines) == 3:
                    return lines
                begin = searched = end
                continue
        searched = len(head)
        if len(head) > limit:
            return lines
        chunk = raw.read(min(CHUNK, limit + 1 - len(head)))
        if not chunk:
            line = _decoded(head, begin, len(head), whole=True)
            return [*lines, line] if line.strip() else lines
        head += chunk


def _decoded(data: bytearray, begin: int, end: int, *, whole: bool) -> str:
    """``data[begin:end]`` as UTF-8 text, not copied as bytes first; ``whole``: it is a
    whole line, else a character it cuts at the end is forgiven (``_preview``)."""
    with memoryview(data) as view, view[begin:end] as line:
        if whole:
            return str(line, "utf-8", "replace")
        return codecs.getincrementaldecoder("utf-8")(errors="replace").decode(line)


class _Prefixed(io.RawIOBase):
    """The sniffed head, then the rest of the file: one stream again."""

    def __init__(self, head: bytes | bytearray, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:] if size < len(self._head) else memoryview(b"")
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


def _preview(head: bytes | bytearray, encoding: str = "utf-8-sig") -> str:
    """The sniffed bytes as text, a character cut at the end forgiven."""
    if head.startswith(UTF16_BOMS):
        return head.decode("utf-16", errors="replace")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=False)


def _text_lines(handle: BinaryIO, name: str, warnings: list[str], encoding: str,
                limit: int) -> Iterator[str]:
    """Lines of text: UTF-8, or UTF-16 after its byte-order mark (Excel's "Unicode text"
    export, tab-separated); invalid bytes become U+FFFD (said once in ``warnings``).

    A streamed file may be larger than the input limit (``max_input_bytes``), but none of
    its lines is held past it: a line of more characters than the limit has bytes (a file
    that never breaks its line) is refused with one line, ``InputError``."""
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    label = {"utf-16": "UTF-16", WINDOWS_1252: "Windows-1252"}.get(encoding, "UTF-8")
    warned = False
    with text:
        for number, line in enumerate(iter(partial(text.readline, limit + 1), ""), start=1):
            if len(line) > limit:
                raise line_too_long(name, number, limit)
            if not warned and "\ufffd" in line:
                warnings.append(f"{name}: invalid {label}; undecodable bytes shown as \ufffd")
                warned = True
            yield line


def _json_lines(lines: list[str]) -> bool:
    try:
        load_line(lines[0])
        load_line(lines[1])
    except NotJson:
        return False
    return True


def _jetstream(lines: list[str]) -> bool:
    """The sniffed lines are mostly Jetstream events (the last may be cut short)."""
    values: list[Any] = []
    for line in lines[:20]:
        try:
            values.extend(load_line(line).values)
        except NotJson:
            values.append(None)
    return is_jetstream(values)


def _loaded_lines(handle: BinaryIO, name: str, warnings: list[str], encoding: str,
                  limit: int) -> Iterator[tuple[int, list[Any] | NotJson]]:
    """Each non-blank line's JSON values, or why it holds none, with its line number, as
    the text read whole gives them (``jsonish.line_values``: a pretty-printed document
    after the lines is one value): one line's text and values held at a time, or one
    document's, up to the input limit."""
    yield from line_values(_text_lines(handle, name, warnings, encoding, limit), limit)


def _jetstream_posts(handle: BinaryIO, name: str, stream: PostStream,
                     encoding: str, limit: int) -> Iterator[Post]:
    """A Bluesky Jetstream log, one event a line: every event is fed to one
    ``JetstreamLog`` (handles and edits span the log), its posts yielded once it has ended.

    ``bots`` keeps every post it is given, so holding them here until the end costs a dict
    entry each (not a copy); the file's text is still never held whole."""
    log = JetstreamLog()
    bad: list[tuple[int, str]] = []
    broken = 0
    for number, values in _loaded_lines(handle, name, stream.warnings, encoding, limit):
        if isinstance(values, NotJson):
            broken += 1
            if len(bad) < SHOWN_BAD_LINES:
                bad.append((number, line_error(values)))
            continue
        read_events(values, log)
    stream.format = "bluesky"
    if broken:
        stream.warnings.append(bad_lines_warning(bad, broken, log.events + log.others))
    stream.warnings.extend(log.warnings())
    posts = log.posts()
    if not posts:
        raise InputError(f"{name}: no posts or reposts among the {log.events} Jetstream "
                         "event(s) (likes, follows, deletes and identity events are none)")
    yield from posts


def _jsonl_posts(handle: BinaryIO, name: str, stream: PostStream,
                 encoding: str, limit: int) -> Iterator[Post]:
    """One JSON value a line (X API v2 pages, twarc2 output): each read as its own dump, with
    what the lines before it told (``Carried``: snscrape's users, YouTube's channels by name,
    Telegram's authors by message and senders by name, an X archive's owner), so that the
    posts are those the whole file read at once would give; what those facts say once the
    file has ended (an archive that never named its owner) is added to the warnings.

    A post a later line may still change (its author a ``UserRef`` not yet shown, a YouTube
    name a second channel may show, a reply whose parent is yet to come, a Telegram name a
    later chat's sender may share, an archive's tweet whose owner is still unnamed) waits,
    and the posts after it with it, in the file's order, until that line comes or the file
    ends: waiting costs a place in a list each, for posts ``bots`` keeps anyway; the file's
    text and its JSON are never held beyond their line.

    Posts repeat across lines (a streaming log gives a status on every subscribed stream,
    saved pages overlap): ``PostStream`` passes over the repeats and passes edits on."""
    carried = Carried()
    waiting: deque[tuple[Post, Wait | None]] = deque()
    context: list[tuple[int, Wait]] = []  # the context posts that wait, by place
    formats: set[str] = set()
    gapped: dict[str, dict[str, None]] = {}  # each gap warning's ids (``add_up``)
    seen = skipped = 0

    def skip(number: int, why: str) -> None:
        """The first ``SHOWN_BAD_LINES`` skipped lines said one by one, the rest counted: a
        log of a million broken lines is not a million lines of warnings."""
        nonlocal skipped
        skipped += 1
        if skipped <= SHOWN_BAD_LINES:
            stream.warnings.append(f"{name}: line {number} skipped ({why})")

    for number, values in _loaded_lines(handle, name, stream.warnings, encoding, limit):
        if isinstance(values, NotJson):
            skip(number, str(values))
            continue
        read = read_line(values, carried)
        if read is None:
            skip(number, "no known shape")
            continue
        dump = read.dump
        formats.add(dump.format)
        stream.format = dump.format if len(formats) == 1 else MIXED
        for post, wait in zip(dump.context, read.context_post_waits(), strict=True):
            if wait is not None:
                context.append((len(stream.context), wait))
            stream.context.append(post)
        if dump.warnings:
            add_up(stream.warnings, dump.warnings, dump.gaps, gapped)
        if not waiting and not any(read.waits):  # nothing waits: handed on at once
            seen += len(dump.posts)
            yield from dump.posts
            continue
        waiting.extend(zip(dump.posts, read.post_waits(), strict=True))
        for post in _settled_ahead(waiting, stream.context):
            seen += 1
            yield post
    for post in _settled_at_end(stream, context, waiting):
        seen += 1
        yield post
    add_up(stream.warnings, carried.warnings())
    if skipped > SHOWN_BAD_LINES:
        stream.warnings.append(f"{name}: {skipped - SHOWN_BAD_LINES} more line(s) skipped "
                               "(not valid JSON, or no known shape)")
    if not seen:
        raise InputError(NO_POSTS)


def _settled_at_end(stream: PostStream, context: list[tuple[int, Wait]],
                    waiting: deque[tuple[Post, Wait | None]]) -> Iterator[Post]:
    """The file has ended: each context post that waited settled in its place, then every
    post still waiting, in order, settled with what the whole file told."""
    for place, waits in context:
        found = waits.settle(stream.context[place], final=True)
        if found is not None:
            stream.context[place] = found.post if isinstance(found, AsContext) else found
    while waiting:  # one by one: the post as read is let go as its settled copy is kept
        post, wait = waiting.popleft()
        settled = None if wait is None else wait.settle(post, final=True)
        if isinstance(settled, AsContext):
            stream.context.append(settled.post)
        else:
            yield settled or post


def _settled_ahead(waiting: deque[tuple[Post, Wait | None]],
                   context: list[Post] | None = None) -> Iterator[Post]:
    """The waiting posts from the first on that the lines read so far settle, in order: the
    first that a later line may still change stops the rest; one a line showed to be
    context goes to ``context`` (the stream's)."""
    while waiting:
        post, wait = waiting[0]
        if wait is not None:
            found = wait.settle(post, final=False)
            if found is None:
                return
            if isinstance(found, AsContext):
                waiting.popleft()
                if context is not None:
                    context.append(found.post)
                continue
            post = found
        waiting.popleft()
        yield post
