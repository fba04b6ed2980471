"""Reading what the user hands us: a path, ``-`` for stdin, or text.

Bad input is the normal case. A missing file, a directory or binary data is an ``InputError``
(one line, exit 2); invalid UTF-8 is decoded with replacement characters and said in a warning,
because a researcher would rather see a partly garbled thread than nothing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from threadscope.errors import InputError

MAX_INPUT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    name: str
    """What to call the source in output: the path as given, or ``<stdin>``."""
    text: str
    warnings: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text pastes or JSON; their presence means a binary file."""
    return b"\x00" in data[:65536]


def decode(data: bytes, name: str) -> SourceText:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows "Unicode" text (Notepad, Excel exports) is UTF-16 with a BOM: text, not binary.
        text = data.decode("utf-16", errors="replace")
        warnings = (f"{name}: invalid UTF-16; undecodable bytes shown as \ufffd",)
        return SourceText(name, text, warnings if "\ufffd" in text else ())
    if looks_binary(data):
        raise InputError(f"{name}: looks like binary data (NUL bytes), expected text or JSON")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return SourceText(name, data.decode("utf-8"))
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        warning = f"{name}: invalid UTF-8 at byte {error.start}; undecodable bytes shown as \ufffd"
        return SourceText(name, text, (warning,))


def read_source(path: str) -> SourceText:
    """Read ``path`` (``-``: stdin) as text; ``InputError`` with one line if we cannot."""
    if path == "-":
        return decode(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "<stdin>")
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError(f"{path}: is a directory, expected a file")
        with file.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except PermissionError as error:
        raise InputError(f"{path}: permission denied") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from error
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    return decode(data, path)
