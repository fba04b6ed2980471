"""Reading bulk target lists line by line, so memory stays flat whatever the input size.

``threadscope domains`` and ``check`` (on stdin) feed these iterators straight into
``assess_many``. Bytes are decoded per line with replacement characters, so one bad line
becomes one ``invalid`` assessment instead of stopping the run.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from threadscope.errors import InputError

MAX_LINE = 64 * 1024
"""Longer lines are cut here: no host name or sensible URL comes near it (and the cut line is
assessed as given, which makes it invalid)."""


def target_lines(stream: BinaryIO) -> Iterator[str]:
    """One target per non-blank line (``#`` comments skipped), the line ending removed."""
    decoder = codecs.getincrementaldecoder("utf-8")
    while True:
        raw = stream.readline(MAX_LINE)
        if not raw:
            return
        if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
            _skip_rest(stream)
        text = decoder(errors="replace").decode(raw, final=True)
        if text.startswith("\ufeff"):
            text = text[1:]
        line = text.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def _skip_rest(stream: BinaryIO) -> None:
    while True:
        rest = stream.readline(MAX_LINE)
        if not rest or rest.endswith(b"\n"):
            return


def csv_column(stream: BinaryIO, column: str) -> Iterator[str]:
    """The values of ``column`` in a CSV with a header row, streamed (stdlib ``csv``)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
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
    finally:
        text.detach()
