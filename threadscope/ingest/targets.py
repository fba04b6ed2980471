"""Target lists for ``check`` (stdin) and ``domains``: one link or domain per line, or one
column of a CSV, streamed line by line.

Bytes are decoded per line with replacement characters, so one bad line becomes one
``invalid`` assessment instead of stopping the run. A binary stream is refused: on its first
line when that holds a NUL byte, else at the line where most of the lines just read hold
control bytes (``BinaryLines``), so ``/dev/urandom`` ends in one line, not endless rows. A CSV
export given without ``--column`` is recognised by its header and refused with a line that
names the option.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections import deque
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from threadscope.errors import InputError
from threadscope.ingest.csv_input import blank, csv_start, sniff_delimiter, within_field_limit
from threadscope.ingest.source import (
    MAX_INPUT_ENV,
    SNIFF_BINARY,
    UTF16_BOMS,
    empty_notice,
    is_blank,
    looks_binary,
    max_input_bytes,
    open_input,
)

MAX_LINE = 64 * 1024
"""A line of a target list (``domains``) longer than this is cut here: no host name or
sensible URL comes near it. The cut line is assessed as given and the cut said at the end."""
SKIP_CHUNK = 1024 * 1024
"""Bytes read at a time while skipping the rest of a cut line (never held together)."""
PEEK = 64 * 1024
"""Bytes of a file looked at before its first line is read (a binary or CSV file is refused
before a report has written its head)."""
BINARY_WINDOW = 32
"""Lines looked back over to tell a binary stream from a list with a few damaged lines: the
stream is refused at the line where more than half of the last ``BINARY_WINDOW`` hold
control bytes (about 17 lines, 4 KiB, into random bytes)."""
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
"""Bytes that no text in an ASCII-based encoding holds: NUL and the C0 controls but tab,
line and page breaks and ESC (terminal colours in a pasted log). Invalid UTF-8 is not among
them: a Latin-1 list is text whose lines with umlauts are each one ``invalid`` target."""

Warn = Callable[[str], None]


@dataclass
class _Cuts:
    """Lines cut at the line limit, counted as the lines stream past."""

    count: int = 0


def target_lines(
    stream: BinaryIO, warn: Warn | None = None, *, max_line: int = MAX_LINE
) -> Generator[str, None, None]:
    """One target per non-blank line (``#`` comments skipped), the line ending removed.

    ``warn`` hears once about the first line that is not valid UTF-8 and, once the input is
    read, how many lines were longer than ``max_line`` bytes (cut there, the rest unread): a
    gap the run must not keep quiet about."""
    cuts = _Cuts()
    for text in _decoded_lines(stream, warn, max_line=max_line, cuts=cuts):
        line = text.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield line
    if warn is not None and cuts.count:
        warn(cut_notice(cuts.count, max_line))


def pasted_lines(stream: BinaryIO, warn: Warn | None = None) -> Generator[str, None, None]:
    """The lines pasted into ``check`` on stdin, as ``target_lines`` reads them, but each read
    whole up to the input limit (``max_input_bytes``): a line may be a whole pasted text (an
    article, a chat export on one line) whose links all count, and reading its links is linear
    in its length. Only a line past the limit is cut (and said)."""
    return target_lines(stream, warn, max_line=max_input_bytes())


def cut_notice(count: int, max_line: int) -> str:
    """The one line that says how many input lines were cut, and where."""
    lines, was, them = ("1 line", "was", "it") if count == 1 else (f"{count:,} lines", "were",
                                                                    "them")
    hint = f" (raise the limit with {MAX_INPUT_ENV})" if max_line > MAX_LINE else ""
    return (f"{lines} longer than {_size(max_line)} {was} cut there; the rest of {them} was "
            f"not read{hint}")


def _size(count: int) -> str:
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count >= size and count % size == 0:
            return f"{count // size:,} {unit}"
    return f"{count:,} bytes"


def _decoded_lines(
    stream: BinaryIO, warn: Warn | None, *, max_line: int, cuts: _Cuts | None
) -> Iterator[str]:
    """Lines as text, bad bytes replaced (one bad line is one ``invalid`` target, not the end
    of the run) and said once; lines longer than ``max_line`` are cut there and counted in
    ``cuts``, or, without ``cuts`` (a CSV, where a cut line would be a wrong row), refused.
    A stream that never breaks a line ends too: past the input limit (``_skip_rest``)."""
    warned = False
    binary, control = BinaryLines(), _CONTROL.search
    for number in itertools.count(1):
        raw = _first_line(stream, max_line) if number == 1 else stream.readline(max_line)
        if not raw:
            return
        if control(raw) is not None:
            binary.see(number)
        if len(raw) == max_line and not raw.endswith(b"\n"):
            if cuts is None:
                raise _endless(number, max_line)
            if _skip_rest(stream, number, max_input_bytes()):
                cuts.count += 1
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            if warn is not None and not warned:
                warn(f"line {number}: invalid UTF-8; undecodable bytes shown as \ufffd")
                warned = True
        del raw  # a pasted line may be tens of MiB: not held twice while it is read
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield text


def _first_line(stream: BinaryIO, max_line: int) -> bytes:
    """The first line, up to ``max_line`` bytes, refused as binary from its first
    ``SNIFF_BINARY`` bytes (``/dev/zero`` as FILE or stdin was read to the input limit, and
    held twice, 580 MiB, before its NULs were seen)."""
    raw = stream.readline(min(max_line, SNIFF_BINARY))
    _refuse_binary(raw)
    if len(raw) < max_line and raw and not raw.endswith(b"\n"):
        raw += stream.readline(max_line - len(raw))
    return raw


def _refuse_binary(first: bytes) -> None:
    """A list of links is text: NUL bytes on its first line mean a binary file. UTF-16 text
    is read through ``as_utf8``; a stream handed to ``target_lines`` without it is refused
    here with a line saying why."""
    if first.startswith(UTF16_BOMS):
        raise InputError("the list is UTF-16 text (a Windows 'Unicode' export): save it as UTF-8")
    if looks_binary(first):
        raise InputError("looks like binary data (NUL bytes), expected one link or domain a line")


class BinaryLines:
    """Counts the lines with control bytes among the last ``BINARY_WINDOW`` read and refuses
    the stream when they are more than half of them. A list with a damaged line or a short
    run of them is still read (each is one ``invalid`` target); a stream of random bytes, a
    disk image or an archive is refused within a few kilobytes, however long it would go on."""

    def __init__(self) -> None:
        self._recent: deque[int] = deque()

    def see(self, number: int) -> None:
        """Take line ``number``, which holds control bytes (``_CONTROL``: the caller tests, one
        search a line of text); ``InputError`` naming it when it tips the window."""
        recent = self._recent
        recent.append(number)
        while recent[0] <= number - BINARY_WINDOW:
            recent.popleft()
        if 2 * len(recent) > BINARY_WINDOW:
            raise InputError(
                f"line {number}: looks like binary data (control bytes on {len(recent)} of "
                f"the last {BINARY_WINDOW} lines), expected one link or domain a line"
            )


def _refuse_binary_head(stream: BinaryIO) -> None:
    """``_refuse_binary`` on the first line, and ``BinaryLines`` on the whole lines in the
    buffer, before anything is read: a binary list is refused before a report has written its
    head (the readers check it again as they go, past what a peek can show)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return
    head = peek(PEEK)
    _refuse_binary(head.split(b"\n", 1)[0])
    binary = BinaryLines()
    for number, raw in enumerate(head.split(b"\n")[:-1], start=1):
        if _CONTROL.search(raw) is not None:
            binary.see(number)


def _skip_rest(stream: BinaryIO, number: int, limit: int) -> bool:
    """Read past the rest of line ``number``; True when more than its line ending was there.
    A rest longer than ``limit`` bytes is refused (``_endless``): a stream with no line break
    (``tr -d '\\n' < /dev/urandom``) would be read for ever, with no row and no end."""
    skipped = False
    size = 0
    while True:
        rest = stream.readline(SKIP_CHUNK)
        skipped = skipped or bool(rest.rstrip(b"\r\n"))
        if not rest or rest.endswith(b"\n"):
            return skipped
        size += len(rest)
        if size > limit:
            raise _endless(number, limit)


def _endless(number: int, limit: int) -> InputError:
    """The one line for a line longer than any input threadscope reads."""
    return InputError(
        f"line {number}: no line break in {_size(limit)}, the most threadscope reads at once "
        f"(expected one link or domain a line; the limit is {MAX_INPUT_ENV})"
    )


def _no_column(column: str, names: list[str]) -> InputError:
    """The one line for a ``--column`` the header lacks; ``KEY=NAME`` (as ``audit``'s and
    ``bots``' ``--column`` are written) answered with ``domains``' own form, the name alone."""
    shown = ", ".join(names[:20]) or "none"
    _, equals, name = column.partition("=")
    if equals and name.strip() in names:
        return InputError(f"no column {column!r} in the CSV header: domains names the column "
                          f"alone, --column {name.strip()!r} (columns: {shown})")
    if len(names) == 1 and any(mark in names[0] for mark in ("://", "/", "[.]", "www.")):
        # A plain list of links given --column: its first link was read as a header with
        # one column, "no column 'url' in the CSV header (columns: http://t.co/x1)".
        return InputError(f"--column {column!r}: this is a list of links, not a CSV (its "
                          f"first line is {names[0]!r}); without --column, domains reads one "
                          "link or domain per line")
    return InputError(f"no column {column!r} in the CSV header (columns: {shown})")


def csv_column(
    stream: BinaryIO, column: str, warn: Warn | None = None
) -> Generator[str, None, None]:
    """The values of ``column`` in a CSV with a header row, streamed (stdlib ``csv``); blank
    lines before the header and the delimiter are read as ``bots`` reads them (``csv_start``),
    and ``#`` comment lines before the header are skipped as a list's are (``comment_before``:
    IOC exports start with ``# source: …``)."""
    lines = _decoded_lines(stream, warn, max_line=max_input_bytes(), cuts=None)
    start = csv_start(lines, comment_before(column))
    if not start.header:
        return
    reader = csv.reader(itertools.chain([start.header], lines), delimiter=start.delimiter)
    rows = within_field_limit(reader)
    try:
        header = next(rows, None)
        if header is None:
            return
        names = [name.strip() for name in header]
        if column not in names:
            raise _no_column(column, names)
        position = names.index(column)
        for row in rows:
            value = row[position] if position < len(row) else ""
            if value.strip():
                yield from _links_of_cell(value)
    except csv.Error as error:
        raise InputError(f"CSV line {reader.line_num + start.skipped}: {error}") from error


def _links_of_cell(value: str) -> list[str]:
    """A cell's targets: the cell, or each of the links it lists. The QUT coordination
    toolkit's ``urls`` column is "a space delimited list of URLs", twarc-csv's
    ``entities.urls`` a JSON list (``["https://…", "https://…"]``); read as one target, every
    such cell was an ``invalid`` row ("white space inside a link or domain", "character not
    allowed in a host name"), and the clones in it went unjudged. A cell is split only when
    every piece has a dot or ``://`` (a link or a domain, defanged or not), so a sentence stays
    one row (``check`` finds the links in it, as the run's last line says)."""
    listed = _json_strings(value)
    pieces = value.split() if listed is None else listed
    if len(pieces) > 1 and all("." in piece or "://" in piece for piece in pieces):
        return pieces
    return [value] if listed is None else listed


def _json_strings(value: str) -> list[str] | None:
    """The strings of a cell that is a JSON list of strings (empty ones left out), else None."""
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
        return None
    return [item for item in found if item.strip()]


def comment_before(column: str) -> Callable[[str], bool]:
    """What ``csv_column`` skips before the header: blank lines, and lines starting with
    ``#`` that do not hold ``column`` as a cell. A header whose first column is named ``#``
    (a row number, as spreadsheets label it) names the column asked for, so it stays the
    header; a comment line that does not is skipped instead of refused for lacking it."""

    def preamble(line: str) -> bool:
        if blank(line):
            return True
        if not line.lstrip().startswith("#"):
            return False
        return column not in _cells(line)

    return preamble


def _cells(line: str) -> list[str]:
    """The cells of one line as a header (its own delimiter), white space stripped; none for
    a line the CSV reader cannot take (a quote left open, a cell over the stdlib's limit)."""
    try:
        row = next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
    except csv.Error:
        return []
    return [cell.strip() for cell in row]


def read_targets(
    file: str, column: str | None, stack: ExitStack, warn: Warn | None = None
) -> Generator[str, None, None]:
    """The targets of FILE (``-``: stdin): one per line, or the values of a CSV ``column``;
    the file and the reader are closed with ``stack``, also when a run stops early. A CSV
    given without ``column`` is refused (``refuse_csv_without_column``)."""
    stream = open_targets(file, stack)
    _refuse_binary_head(stream)
    if column is None:
        refuse_csv_without_column(stream, file)
    empty = warn is not None and blank_head(stream)
    targets = csv_column(stream, column, warn) if column else target_lines(stream, warn)
    if empty and warn is not None:
        targets = said_if_none(targets, empty_notice(file), warn)
    stack.callback(targets.close)  # the reader before its file (LIFO)
    return targets


def blank_head(stream: BinaryIO) -> bool:
    """Whether what ``stream`` has ready to read (``peek``) is nothing but white space: an
    empty input, if nothing comes after it either (``said_if_none`` tells)."""
    return is_blank(stream.peek(PEEK))  # type: ignore[attr-defined]


def said_if_none(
    targets: Generator[str, None, None], notice: str, warn: Warn
) -> Generator[str, None, None]:
    """``targets``, and ``notice`` to ``warn`` once they have ended if there were none."""
    none = True
    try:
        for target in targets:
            none = False
            yield target
    finally:
        targets.close()
    if none:
        warn(notice)


def open_targets(file: str, stack: ExitStack) -> BinaryIO:
    """``file`` (``-``: stdin) opened for ``target_lines`` or ``csv_column``, closed with
    ``stack``; its first line can be peeked at (``refuse_csv_without_column``). UTF-16 after
    a byte-order mark is read as the UTF-8 it says (``as_utf8``)."""
    if file == "-":
        stream = open_input(file)
        stream = stream if hasattr(stream, "peek") else cast(BinaryIO, _Peekable(stream))
    else:
        stream = stack.enter_context(open_input(file, buffering=PEEK))
    return as_utf8(stream)


def as_utf8(stream: BinaryIO) -> BinaryIO:
    """``stream`` itself, or, when it starts with a UTF-16 byte-order mark (Excel's "Unicode
    text" export, Notepad's "Unicode"), its text re-encoded as UTF-8 as it is read: the line
    readers work on bytes, and UTF-16's NUL bytes and two-byte line ends would make every
    line a broken target."""
    if not hasattr(stream, "peek"):  # stdin and files have it; a BytesIO, a wrapper not
        stream = cast(BinaryIO, io.BufferedReader(_Reading(stream), buffer_size=PEEK))
    if not stream.peek(2)[:2].startswith(UTF16_BOMS):  # type: ignore[attr-defined]
        return stream
    return cast(BinaryIO, io.BufferedReader(_Utf16AsUtf8(stream), buffer_size=PEEK))


class _Reading(io.RawIOBase):
    """Any stream with ``read``, as the raw stream a ``BufferedReader`` (which can peek)
    reads from."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._stream.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


class _Utf16AsUtf8(io.RawIOBase):
    """A UTF-16 stream read as UTF-8 bytes, a chunk at a time; bad code units become U+FFFD,
    and so does half a code unit at the end (an odd byte count)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-16")("replace")
        self._pending = b""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            if self._ended:
                return 0
            data = self._stream.read(SKIP_CHUNK // 4)  # as much as a read asked for before
            self._ended = not data
            text = self._decoder.decode(data, final=self._ended)
            self._pending = text.encode("utf-8", errors="replace")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def count_targets(file: str, column: str | None) -> int | None:
    """How many targets FILE holds, for a progress bar's total and time left (a first pass
    over a regular file; stdin cannot be read twice); None when it cannot tell."""
    if file == "-":
        return None
    try:
        with open(file, "rb") as raw:
            stream = as_utf8(cast(BinaryIO, raw))
            rows = csv_column(stream, column) if column else target_lines(stream)
            return sum(1 for _ in rows)
    except (OSError, InputError):
        return None  # the real run says what is wrong


class _Peekable:
    """A stream without ``peek`` (a test's, a wrapper's) whose first line can be looked at
    before it is read; reading goes through ``readline`` as the readers use it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._head: bytes | None = None

    def peek(self, size: int = 0) -> bytes:
        if self._head is None:
            self._head = self._stream.readline(64 * 1024)
        return self._head

    def read(self, size: int | None = -1) -> bytes:
        """The peeked line, then the stream: ``as_utf8`` decodes UTF-16 through ``read``."""
        head, self._head = self._head or b"", b""
        if size is None or size < 0:
            return head + self._stream.read()
        if not head:
            return self._stream.read(size)
        self._head = head[size:]
        return head[:size]

    def readline(self, size: int = -1) -> bytes:
        if not self._head:
            self._head = b""
            return self._stream.readline(size)
        cut = len(self._head) if size is None or size < 0 else min(size, len(self._head))
        line, self._head = self._head[:cut], self._head[cut:]
        return line


_NOT_NAMES = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
"""Characters no column name holds: a first line with them is binary, not a header (a
header in Latin-1, its umlauts undecodable, still is one)."""
_URL_LIKE = ("url", "link", "domain", "host", "website", "site", "href", "expanded")


def refuse_csv_without_column(stream: BinaryIO, file: str) -> None:
    """A CSV export given without ``--column`` would be one invalid row per line: its header
    gives it away (several fields, none of them a host), so say which option reads it."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return
    lines = peek(PEEK).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    fields = _cells(first)
    if len(fields) < 2 or _NOT_NAMES.search(first):
        return
    if any("." in name or "/" in name for name in fields):
        return
    if not all(name and len(name) <= 40 for name in fields):
        return
    guess = next((n for n in fields if any(word in n.lower() for word in _URL_LIKE)), fields[0])
    shown = ", ".join(fields[:12]) + (", …" if len(fields) > 12 else "")
    raise InputError(
        f"{file} looks like a CSV file (header: {shown}); name the column that holds the links "
        f"with --column, e.g. --column {guess}"
    )
