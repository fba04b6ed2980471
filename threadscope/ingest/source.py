"""Reading what the user hands us: a path, ``-`` for stdin, or text.

Bad input is the normal case. A missing file, a directory or binary data is an ``InputError``
(one line, exit 2); invalid UTF-8 is decoded with replacement characters and said in a warning,
because a researcher would rather see a partly garbled thread than nothing.

A dump is read whole (threads interleave anywhere in it, so they can only be reassembled from
all of it), and its text takes up to four bytes a character in memory, more for the posts and
links made of it. So there is one stated limit, ``max_input_bytes()`` (256 MiB, or
``THREADSCOPE_MAX_INPUT_MIB``), the same for a file and for stdin: above it the input is
refused with one line and exit 2, never cut short and never read to a MemoryError. Files are
refused by their size before reading; stdin is read in chunks and refused once past the limit.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from threadscope.errors import InputError

DEFAULT_MAX_INPUT_MIB = 256
MAX_INPUT_ENV = "THREADSCOPE_MAX_INPUT_MIB"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    name: str
    """What to call the source in output: the path as given, or ``<stdin>``."""
    text: str
    warnings: tuple[str, ...] = ()


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
"""Windows "Unicode" text (Notepad, Excel exports) starts with one of these."""


def looks_binary(data: bytes | bytearray) -> bool:
    """NUL bytes never occur in text pastes or JSON; their presence means a binary file."""
    return b"\x00" in data[:SNIFF_BINARY]


SNIFF_BINARY = 65536
"""Bytes ``looks_binary`` looks at: the first ones of a file."""


def refuse_binary(data: bytes | bytearray, name: str) -> None:
    """``InputError`` for bytes that start as a binary file does (UTF-16 text has NULs too,
    and is text when its BOM says so)."""
    if not data.startswith(UTF16_BOMS) and looks_binary(data):
        raise InputError(f"{name}: looks like binary data (NUL bytes), expected text or JSON")


def decode(data: bytes | bytearray, name: str) -> SourceText:
    if data.startswith(UTF16_BOMS):
        # Windows "Unicode" text (Notepad, Excel exports) is UTF-16 with a BOM: text, not binary.
        text = data.decode("utf-16", errors="replace")
        warnings = (f"{name}: invalid UTF-16; undecodable bytes shown as \ufffd",)
        return SourceText(name, text, warnings if "\ufffd" in text else ())
    refuse_binary(data, name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return SourceText(name, data.decode("utf-8"))
    except UnicodeDecodeError as error:
        if western_european(data):
            return SourceText(name, data.decode(WINDOWS_1252), (windows_1252_warning(name),))
        text = data.decode("utf-8", errors="replace")
        warning = f"{name}: invalid UTF-8 at byte {error.start}; undecodable bytes shown as \ufffd"
        return SourceText(name, text, (warning,))


WINDOWS_1252 = "cp1252"
_WESTERN = frozenset(
    "ÄÖÜäöüßÀÂÆÇÈÉÊËÎÏÔŒÙÛàâæçèéêëîïôœùûÁÍÑÓÚáíñóúãõÃÕÅåØø"
    "„“”‘’‚‹›«»–—…€•·°§´¨²³µ½¼¾©®™¡¿\xa0"
)
"""What Western European text (German, French, Spanish, Portuguese, Scandinavian) writes
above ASCII, as Windows-1252 (and ISO 8859-1, its subset) encodes it."""
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII = bytes(range(128))


def western_european(data: bytes | bytearray) -> bool:
    """Bytes that are not UTF-8 but Windows-1252: Excel's "CSV" on a Western European
    Windows (and ISO 8859-1 from older tools). Told apart from UTF-8 damaged in places by
    holding no UTF-8 sequence at all, and from junk by every byte above ASCII being a
    letter or mark such text is written with (``ä``, ``ß``, ``é``, ``„“``, ``–``, ``€``): a
    researcher's export is read as it was written, not as ``Gr��e``."""
    if _UTF8_SEQUENCE.search(data):
        return False
    above = data.translate(None, _ASCII)
    return bool(above) and set(above.decode(WINDOWS_1252, errors="replace")) <= _WESTERN


def windows_1252_warning(name: str) -> str:
    return f"{name}: not UTF-8 but Windows-1252 (Excel's CSV in Western Europe); read as that"


def max_input_bytes() -> int:
    """The input limit: ``THREADSCOPE_MAX_INPUT_MIB`` (a positive whole number) or 256 MiB."""
    value = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_INPUT_MIB * 1024 * 1024
    try:
        mib = int(value) if value.isdigit() else 0
    except ValueError:  # "²" is a digit to isdigit, not to int; 5000 digits are past int
        mib = 0
    if mib < 1:
        raise InputError(f"{MAX_INPUT_ENV}={value[:20]!r}: expected a whole number of MiB")
    return mib * 1024 * 1024


def _too_large(name: str, limit: int) -> InputError:
    return InputError(
        f"{name}: larger than {limit // (1024 * 1024)} MiB, the most threadscope reads at once "
        f"(split the dump, or raise the limit with {MAX_INPUT_ENV})"
    )


def line_too_long(name: str, number: int, limit: int) -> InputError:
    """The one line that refuses a streamed input whose line ``number`` runs past the input
    limit (a file of one endless line, a broken export): a streamed file may be larger than
    the limit, but no line of it is held whole beyond it."""
    return InputError(
        f"{name}: line {number} is longer than {limit // (1024 * 1024)} MiB, the most "
        f"threadscope reads at once (split the dump, or raise the limit with {MAX_INPUT_ENV})"
    )


def read_limited(handle: BinaryIO, name: str, limit: int,
                 into: bytearray | None = None) -> bytearray:
    """Read chunk by chunk (onto ``into``, the bytes read of it so far, when given); refuse
    as soon as more than ``limit`` bytes came, and binary data as soon as its first
    ``SNIFF_BINARY`` bytes are in (``/dev/zero``, a disk image or a 200 MB archive given as
    FILE was read up to the limit, 256 MiB of memory, before its first bytes were looked at)."""
    data = bytearray() if into is None else into
    if len(data) > limit:
        raise _too_large(name, limit)
    sniffed = False
    while chunk := handle.read(CHUNK):
        data += chunk
        if not sniffed and len(data) >= SNIFF_BINARY:
            refuse_binary(data, name)
            sniffed = True
        if len(data) > limit:
            raise _too_large(name, limit)
    return data


def open_input(path: str, buffering: int = -1) -> BinaryIO:
    """``path`` opened to read bytes (``-``: stdin, left open by ``with``-less callers), a file
    with a buffer of ``buffering`` bytes (-1: the default), as much as a ``peek`` shows;
    ``InputError`` with one line when it cannot be."""
    if path == "-":
        return stdin_bytes()
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError(f"{path}: is a directory, expected a file")
        return file.open("rb", buffering=buffering)
    except OSError as error:
        raise unreadable(path, error) from error


def stdin_bytes() -> BinaryIO:
    """Standard input as bytes; ``InputError`` when the process was started with it closed
    (``<&-``, some cron and service wrappers), where Python leaves ``sys.stdin`` None, or with
    a descriptor no byte can be read from (``_unreadable_stdin``)."""
    if sys.stdin is None:
        raise InputError("standard input is closed: nothing to read")
    problem = _unreadable_stdin()
    if problem:
        raise InputError(f"standard input {problem}: nothing to read")
    return sys.stdin.buffer


def _unreadable_stdin() -> str | None:
    """Why standard input's descriptor cannot be read, or None: open for writing only
    (``0>>log``, a wrapper that hands on its own log) or closed under Python's feet. Each was
    an ``internal error: OSError: [Errno 9]`` from the first read, wherever in a reader that
    came; asked of the descriptor before any read, so every reader of stdin is covered at
    once. (A directory as stdin never gets here: Python refuses to start on one.)"""
    try:
        descriptor = sys.stdin.fileno()
    except (OSError, ValueError, AttributeError):  # a stand-in stream (tests): no descriptor
        return None
    try:
        os.fstat(descriptor)
        if sys.platform != "win32":
            import fcntl

            mode = fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_ACCMODE
            if mode == os.O_WRONLY:
                return "is open for writing only"
    except OSError:
        return "is closed"
    return None


def empty_notice(name: str) -> str:
    """``FILE is empty`` or ``stdin is empty`` (``name``: a path, ``-`` or ``<stdin>``): the
    one stderr line of a run given nothing to read, whose report alone (``0 thread(s)``, a
    table header) does not tell an empty input from one that holds nothing found."""
    shown = "stdin" if name in ("-", "<stdin>") else name
    return f"{shown} is empty"


def is_blank(text: str | bytes) -> bool:
    """Nothing but white space: an empty input, for what ``empty_notice`` says."""
    return not text.strip()


_WEB_ADDRESS = re.compile(r"(?:https?|hxxps?)://|www\.", re.IGNORECASE)
"""A FILE argument that is a web address: a thread's URL pasted where its saved text goes."""


def unreadable(path: str, error: OSError) -> InputError:
    """The one line that says why ``path`` cannot be read."""
    if isinstance(error, FileNotFoundError):
        if _WEB_ADDRESS.match(path):
            return InputError(f"{path}: no such file; threadscope fetches no threads: save "
                              "the thread's text or export to a file and give that, or "
                              "assess one link with `threadscope check`")
        return InputError(f"{path}: no such file")
    if isinstance(error, PermissionError):
        return InputError(f"{path}: permission denied")
    return InputError(f"{path}: cannot read ({error.strerror or error})")


def read_source(path: str) -> SourceText:
    """Read ``path`` (``-``: stdin) as text; ``InputError`` with one line if we cannot."""
    limit = max_input_bytes()
    if path == "-":
        return decode(read_limited(stdin_bytes(), "<stdin>", limit), "<stdin>")
    try:
        with open_input(path) as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > limit:
                raise _too_large(path, limit)
            data = read_limited(handle, path, limit)
    except OSError as error:
        raise unreadable(path, error) from error
    return decode(data, path)
