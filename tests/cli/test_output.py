"""Writing results: text that comes as UTF-8 (bulk scoring's workers send it so) is written as
``emit`` writes the text, whatever standard output encodes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from threadscope.cli.output import emit, emit_utf8

CHUNKS = ("input,verdict\n", "ladepeche.de,benign,La Dépêche du Midi\n", "…\n", "welt.ltd\n")


def written(encoding: str, monkeypatch: pytest.MonkeyPatch, utf8: bool) -> bytes:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
    monkeypatch.setattr(sys, "stdout", stream)
    stream.write("said first\n")  # text written before goes first
    if utf8:
        emit_utf8((chunk.encode("utf-8") for chunk in CHUNKS), None)
    else:
        emit(CHUNKS, None)
    stream.flush()
    return raw.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf-16", "utf-8-sig"])
def test_utf8_chunks_reach_standard_output_as_text_would(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = written(encoding, monkeypatch, utf8=False)
    assert written(encoding, monkeypatch, utf8=True) == expected
    assert expected.decode(encoding).endswith("".join(CHUNKS))


def test_utf8_chunks_reach_an_output_file_as_text_would(tmp_path: Path) -> None:
    text, encoded = tmp_path / "text.csv", tmp_path / "encoded.csv"
    emit(CHUNKS, str(text))
    emit_utf8((chunk.encode("utf-8") for chunk in CHUNKS), str(encoded))
    assert encoded.read_bytes() == text.read_bytes() == "".join(CHUNKS).encode("utf-8")
