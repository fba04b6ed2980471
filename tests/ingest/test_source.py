"""``read_source`` / ``decode``: bad input is an ``InputError`` or a warning, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadscope.errors import InputError
from threadscope.ingest.source import decode, read_source


def test_utf8_with_bom_and_invalid_bytes() -> None:
    assert decode(b"\xef\xbb\xbf1/2 a", "x").text == "1/2 a"
    bad = decode(b"1/2 a \xff b", "x")
    assert bad.text == "1/2 a \ufffd b"
    assert bad.warnings and "invalid UTF-8 at byte 6" in bad.warnings[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_a_bom_is_text_not_binary(encoding: str) -> None:
    data = "\ufeff1/2 Siehe welt.ltd\n".encode(encoding)
    source = decode(data, "notepad.txt")
    assert source.text.lstrip("\ufeff") == "1/2 Siehe welt.ltd\n"
    assert source.warnings == ()


def test_broken_utf16_warns() -> None:
    source = decode("\ufeffab".encode("utf-16-le") + b"\x00\xd8", "x")  # a lone surrogate
    assert source.text.startswith("ab")
    assert source.warnings


def test_nul_bytes_without_a_bom_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def", "x")


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(str(tmp_path / "gone"))
    with pytest.raises(InputError, match="directory"):
        read_source(str(tmp_path))
