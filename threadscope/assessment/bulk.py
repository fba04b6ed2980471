"""Bulk runs: reading target lists line by line.

``threadscope domains`` and ``check`` (on stdin) feed these iterators straight into
``assess_many`` (or ``threadscope.parallel.score_lines``). Bytes are decoded per line with
replacement characters, so one bad line becomes one ``invalid`` assessment instead of stopping
the run.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from typing import BinaryIO

from threadscope.errors import InputError

MAX_LINE = 64 * 1024
"""Longer lines are cut here: no host name or sensible URL comes near it (and the cut line is
assessed as given, which makes it invalid)."""
MAX_FIELD = 16 * 1024 * 1024
"""A CSV cell may hold a whole post; the stdlib's default limit (128 KiB) would end the run."""


Warn = Callable[[str], None]


def target_lines(stream: BinaryIO, warn: Warn | None = None) -> Iterator[str]:
    """One target per non-blank line (``#`` comments skipped), the line ending removed.

    ``warn`` hears once about the first line that is not valid UTF-8."""
    for text in _decoded_lines(stream, warn, cut=True):
        line = text.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def _decoded_lines(stream: BinaryIO, warn: Warn | None, *, cut: bool) -> Iterator[str]:
    """Lines as text, bad bytes replaced (one bad line is one ``invalid`` target, not the end
    of the run) and said once; with ``cut``, lines longer than ``MAX_LINE`` are cut there."""
    warned = False
    for number in itertools.count(1):
        raw = stream.readline(MAX_LINE if cut else -1)
        if not raw:
            return
        if cut and len(raw) == MAX_LINE and not raw.endswith(b"\n"):
            _skip_rest(stream)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            if warn is not None and not warned:
                warn(f"line {number}: invalid UTF-8; undecodable bytes shown as \ufffd")
                warned = True
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield text


def _skip_rest(stream: BinaryIO) -> None:
    while True:
        rest = stream.readline(MAX_LINE)
        if not rest or rest.endswith(b"\n"):
            return


def csv_column(stream: BinaryIO, column: str, warn: Warn | None = None) -> Iterator[str]:
    """The values of ``column`` in a CSV with a header row, streamed (stdlib ``csv``)."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(_decoded_lines(stream, warn, cut=False))
    try:
        header = next(reader, None)
        if header is None:
            return
        names = [name.strip() for name in header]
        if column not in names:
            shown = ", ".join(names[:20]) or "none"
            raise InputError(f"no column {column!r} in the CSV header (columns: {shown})")
        position = names.index(column)
        for row in reader:
            value = row[position] if position < len(row) else ""
            if value.strip():
                yield value
    except csv.Error as error:
        raise InputError(f"CSV line {reader.line_num}: {error}") from error
