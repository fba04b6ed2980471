"""CSV as spreadsheets export it, read alike by ``thread``/``audit`` (whole) and ``bots``
(streamed): Excel's "CSV" in Windows-1252 (German and French text: umlauts, curly quotes),
semicolon-separated, title lines above the header."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadscope.ingest import parse_dump
from threadscope.ingest.replies import open_replies
from threadscope.ingest.source import decode

ROWS = ("Konto;Text\r\n"
        "jörg_müller;„Schöne Grüße“ – siehe welt.ltd/politik\r\n"
        "françois;C’est l’été… 5 € bild.eu.com\r\n")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_excel_csv_in_windows_1252_is_read_as_such_and_said(encoding: str) -> None:
    rows = ROWS if encoding == "cp1252" else ROWS.translate(str.maketrans("„“’…€–", '""\'.E-'))
    source = decode(rows.encode(encoding), "export.csv")
    assert source.text == rows
    assert source.warnings == ("export.csv: not UTF-8 but Windows-1252 (Excel's CSV in "
                               "Western Europe); read as that",)


def test_bytes_no_western_text_is_written_with_stay_replaced() -> None:
    """Junk, or UTF-8 damaged in places, is not taken for Windows-1252."""
    assert decode(b"1/2 a \xff\xfe b", "x").text == "1/2 a \ufffd\ufffd b"
    damaged = "Grüße \u201ehallo\u201c ".encode() + b"\xe4"  # UTF-8, cut off
    assert decode(damaged, "x").text == "Grüße \u201ehallo\u201c \ufffd"


def test_bots_streams_a_windows_1252_csv_as_thread_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n" * 3 + ROWS).encode("cp1252"))
    columns = {"author": "Konto", "text": "Text"}
    stream = open_replies(str(path), columns=columns)
    streamed = [(p.author, p.text) for p in stream]
    whole = parse_dump(decode(path.read_bytes(), str(path)).text, columns=columns)
    assert streamed == [(p.author, p.text) for p in whole.posts] == [
        ("jörg_müller", "„Schöne Grüße“ – siehe welt.ltd/politik"),
        ("françois", "C’est l’été… 5 € bild.eu.com")]
    assert stream.warnings == [f"{path}: not UTF-8 but Windows-1252 (Excel's CSV in "
                               "Western Europe); read as that"]


TITLED = ("Export: Antworten auf @stadtblatt, 01.05.2024\r\n"
          "Suchbegriff: #kieswerk\r\n"
          "\r\n"
          "author,text,url\r\n"
          "anna,Seht selbst welt.ltd/a,https://welt.ltd/a\r\n"
          "ben,\"zwei\r\nZeilen\",\r\n")


def test_a_header_below_title_lines_is_found_by_thread_and_bots(tmp_path: Path) -> None:
    """Exports open with a title, the query or the date above the header: the header is
    the first of the first lines that names an author and a text column."""
    dump = parse_dump(TITLED)
    assert dump.format == "csv"
    assert [(p.author, p.text, p.urls, p.line) for p in dump.posts] == [
        ("anna", "Seht selbst welt.ltd/a", ("https://welt.ltd/a",), 5),
        ("ben", "zwei\r\nZeilen", (), 6)]
    assert dump.warnings == ("CSV: its header is on line 4; the lines above it are no "
                             "posts, skipped",)
    path = tmp_path / "export.csv"
    path.write_text(TITLED, "utf-8", newline="")
    stream = open_replies(str(path))
    assert stream.format == "csv"
    assert [(p.author, p.text, p.line) for p in stream] == [
        (p.author, p.text, p.line) for p in dump.posts]


def test_named_columns_below_title_lines_are_found() -> None:
    text = TITLED.replace("author,text", "Konto,Beitrag")
    dump = parse_dump(text, columns={"author": "Konto", "text": "Beitrag"})
    assert [p.author for p in dump.posts] == ["anna", "ben"]


def test_a_long_run_of_blank_lines_below_a_title_is_passed_alike(tmp_path: Path) -> None:
    text = "Export vom 01.05.2024\n" + "\n" * 200_000 + "author,text\nanna,hallo\n"
    dump = parse_dump(text)
    assert [(p.author, p.line) for p in dump.posts] == [("anna", 200_003)]
    path = tmp_path / "export.csv"
    path.write_text(text, "utf-8")
    assert [(p.author, p.line) for p in open_replies(str(path))] == [("anna", 200_003)]


def test_a_csv_without_its_columns_names_the_first_lines_columns(tmp_path: Path) -> None:
    from threadscope.errors import InputError

    text = "Konto,Beitrag\n" + "\n".join(f"anna,hallo {n}" for n in range(20)) + "\n"
    with pytest.raises(InputError, match=r"no column 'Nutzer' \(columns: Konto, Beitrag\)"):
        parse_dump(text, columns={"author": "Nutzer"})
    path = tmp_path / "export.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError, match=r"no column 'Nutzer' \(columns: Konto, Beitrag\)"):
        list(open_replies(str(path), columns={"author": "Nutzer"}))
