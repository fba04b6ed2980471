"""Reading target lists line by line: blank lines, comments, bad bytes, huge lines, CSV."""

from __future__ import annotations

import io
from contextlib import ExitStack
from typing import Any

import pytest

from threadscope.errors import InputError
from threadscope.ingest.targets import (
    MAX_LINE,
    as_utf8,
    csv_column,
    pasted_lines,
    read_targets,
    target_lines,
)


def test_lines_skip_blanks_and_comments_and_keep_the_text() -> None:
    data = b"\xef\xbb\xbfwelt.ltd\r\n\n  # comment\n example.org \n"
    assert list(target_lines(io.BytesIO(data))) == ["welt.ltd", " example.org "]


def test_invalid_utf8_is_replaced_per_line() -> None:
    lines = list(target_lines(io.BytesIO(b"ok.de\n\xff\xfe.de\n")))
    assert lines == ["ok.de", "\ufffd\ufffd.de"]


def test_huge_line_is_cut_and_the_next_line_kept() -> None:
    data = b"a" * (MAX_LINE * 3) + b"\nnext.de\n"
    lines = list(target_lines(io.BytesIO(data)))
    assert len(lines[0]) == MAX_LINE
    assert lines[1] == "next.de"


def test_cut_lines_are_said_once_at_the_end_with_their_count_and_the_size() -> None:
    heard: list[str] = []
    data = b"a" * (MAX_LINE + 1) + b"\nnext.de\n" + b"b" * (MAX_LINE * 2) + b"\r\n"
    lines = target_lines(io.BytesIO(data), heard.append)
    assert next(lines) == "a" * MAX_LINE and not heard  # said when the input is read
    assert list(lines) == ["next.de", "b" * MAX_LINE]
    assert heard == ["2 lines longer than 64 KiB were cut there; the rest of them was not read"]


@pytest.mark.parametrize("rest", [b"\n", b"\r\nnext.de\n", b""])
def test_a_line_just_at_the_limit_is_not_cut(rest: bytes) -> None:
    heard: list[str] = []
    lines = list(target_lines(io.BytesIO(b"a" * MAX_LINE + rest), heard.append))
    assert lines[0] == "a" * MAX_LINE and not heard


def test_pasted_lines_are_read_whole_up_to_the_input_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    heard: list[str] = []
    long, longer = "x " * (MAX_LINE * 4), "y" * (2 * 1024 * 1024)
    data = f"{long}\n{longer}\nwelt.ltd\n".encode()
    lines = list(pasted_lines(io.BytesIO(data), heard.append))
    assert lines == [long, "y" * 1024 * 1024, "welt.ltd"]
    assert heard == ["1 line longer than 1 MiB was cut there; the rest of it was not read "
                     "(raise the limit with THREADSCOPE_MAX_INPUT_MIB)"]


def test_csv_column_by_name() -> None:
    data = b'id,url\n1,"welt.ltd"\n2,\n3,example.org\n4\n'
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd", "example.org"]


def test_a_cell_listing_links_gives_each_link_and_a_sentence_stays_whole() -> None:
    """The QUT coordination toolkit's ``urls``: "a space delimited list of URLs"; twarc-csv's
    ``entities.urls``: a JSON list. Each was lost in one ``invalid`` row."""
    data = (b"message_id,message,urls\n"
            b"1,two clones,https://welt.ltd/a  hxxps://bild[.]eu[.]com/b\n"
            b"2,one,www.google.com youtu.be/123\n"
            b"3,a sentence,see welt.ltd now\n"
            b"4,one link,https://spiegel.cfd/x\n"
            b'5,twarc-csv,"[""https://welt.ltd/c"", ""https://bild.eu.com/d""]"\n'
            b'6,none,[]\n'
            b'7,not a list of strings,"[1, 2]"\n')
    assert list(csv_column(io.BytesIO(data), "urls")) == [
        "https://welt.ltd/a", "hxxps://bild[.]eu[.]com/b", "www.google.com", "youtu.be/123",
        "see welt.ltd now", "https://spiegel.cfd/x", "https://welt.ltd/c",
        "https://bild.eu.com/d", "[1, 2]"]


def test_a_list_of_links_given_a_column_is_told_to_drop_it() -> None:
    with pytest.raises(InputError) as refused:
        list(csv_column(io.BytesIO(b"http://t.co/x1\nwelt.ltd\n"), "url"))
    assert str(refused.value) == (
        "--column 'url': this is a list of links, not a CSV (its first line is "
        "'http://t.co/x1'); without --column, domains reads one link or domain per line")
    with pytest.raises(InputError, match=r"^no column 'url' in the CSV header \(columns: "
                                         r"entities\.urls\)$"):  # a CSV of one dotted column
        list(csv_column(io.BytesIO(b'entities.urls\n"[]"\n'), "url"))


def test_csv_missing_column() -> None:
    with pytest.raises(InputError, match="no column 'url'"):
        list(csv_column(io.BytesIO(b"id,link\n1,a.de\n"), "url"))


def test_a_column_written_key_equals_name_is_answered_with_the_name_alone() -> None:
    """``audit``'s and ``bots``' ``--column`` is ``KEY=NAME``; ``domains`` takes the name."""
    data = b"id,links\n1,welt.ltd\n"
    with pytest.raises(InputError) as raised:
        list(csv_column(io.BytesIO(data), "urls=links"))
    assert str(raised.value) == ("no column 'urls=links' in the CSV header: domains names the "
                                 "column alone, --column 'links' (columns: id, links)")
    with pytest.raises(InputError) as raised:
        list(csv_column(io.BytesIO(data), "urls=url"))
    assert str(raised.value) == "no column 'urls=url' in the CSV header (columns: id, links)"


def test_csv_empty_input() -> None:
    assert list(csv_column(io.BytesIO(b""), "url")) == []


def test_csv_cells_larger_than_the_stdlib_default_are_read() -> None:
    rows = b"url,text\nwelt.ltd," + b"x" * 200_000 + b"\nspiegel.de,ok\n"
    assert list(csv_column(io.BytesIO(rows), "url")) == ["welt.ltd", "spiegel.de"]


def test_invalid_utf8_is_said_once_with_its_line() -> None:
    heard: list[str] = []
    data = b"welt.de\nspiegel\xff.de\nbild\xfe.de\n"
    lines = list(target_lines(io.BytesIO(data), heard.append))
    assert len(lines) == 3 and "\ufffd" in lines[1]
    assert heard == ["line 2: invalid UTF-8; undecodable bytes shown as \ufffd"]


def test_a_huge_csv_cell_is_read_and_the_process_wide_limit_is_left_alone() -> None:
    import csv

    before = csv.field_size_limit()
    cell = "x" * (before + 10)
    data = f"url,note\nwelt.ltd,{cell}\nspiegel.ltd,short\n".encode()
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd", "spiegel.ltd"]
    assert csv.field_size_limit() == before


@pytest.mark.parametrize("data", [b"\x7fELF\x02\x01\x01\x00\x00\nwelt.ltd\n",
                                  "welt.ltd\n".encode("utf-16")])
def test_a_binary_or_utf16_list_is_refused_with_one_line(data: bytes) -> None:
    with pytest.raises(InputError, match="binary|UTF-16"):
        list(target_lines(io.BytesIO(data)))


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_column_reads_the_delimiter_of_the_header(delimiter: str) -> None:
    """Excel in German and French locales writes ``;``; tab-separated exports are common."""
    data = f"id{delimiter}url\n1{delimiter}welt.ltd\n2{delimiter}example.org\n".encode()
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd", "example.org"]


def test_csv_column_with_one_column_keeps_commas_as_the_delimiter() -> None:
    data = b"url\nwelt.ltd/a;b,c\n"
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd/a;b"]


def test_csv_column_skips_blank_lines_before_the_header() -> None:
    data = b"\xef\xbb\xbf\n  \r\n\t\nid;url\n1;welt.ltd\n"
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd"]


def test_csv_of_blank_lines_only_has_no_values() -> None:
    assert list(csv_column(io.BytesIO(b"\n \n\n"), "url")) == []


def test_csv_error_line_counts_the_blank_lines_before_the_header() -> None:
    rows = b"\n\nurl,note\nwelt.ltd," + b"x" * (2 * 1024 * 1024) + b"\n"
    with pytest.raises(InputError, match="CSV line 4:"):
        list(csv_column(io.BytesIO(rows), "url"))


def _random_bytes(size: int) -> bytes:
    """Random bytes (seeded) whose first line holds no NUL: the first-line rule does not see
    them, so what refuses them is the rule over the lines read."""
    import random

    data = random.Random(7).randbytes(size)
    return b"welt.de\n" + data.replace(b"\x00", b"\x01", data.find(b"\n") + 1)


def test_a_long_binary_stream_is_refused_at_the_line_that_tips_the_window() -> None:
    lines = target_lines(io.BytesIO(_random_bytes(4 * 1024 * 1024)))
    with pytest.raises(InputError, match=r"^line \d+: looks like binary data \(control bytes on "
                                         r"17 of the last 32 lines\)") as refused:
        for _ in lines:
            pass
    assert int(str(refused.value).split(":")[0].removeprefix("line ")) < 64


@pytest.mark.parametrize("damaged", [16, 1])
def test_a_list_with_damaged_lines_is_still_read(damaged: int) -> None:
    """Half of the window is not more than half: 16 junk lines in a row, or a junk line in
    every other one, are each one target, as before."""
    junk = b"\x01\x02junk\xff\n"
    runs = b"welt.de\n" * 40 + junk * damaged + b"spiegel.de\n" * 40
    alternating = (junk + b"bild.de\n") * 100
    for data in (runs, alternating):
        lines = list(target_lines(io.BytesIO(data)))
        assert len(lines) == data.count(b"\n")


def test_csv_column_skips_comment_lines_before_the_header_and_counts_them() -> None:
    """IOC exports start with ``# source: …`` lines; a plain list skips them, so does a CSV."""
    data = b"# source: partner feed, 2026-11-30\n\n  # url,first seen\nurl,first seen\nwelt.ltd,x\n"
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd"]
    broken = data + b"spiegel.ltd," + b"x" * (2 * 1024 * 1024) + b"\n"
    with pytest.raises(InputError, match="CSV line 6:"):
        list(csv_column(io.BytesIO(broken), "url"))


def test_csv_column_keeps_comment_like_lines_after_the_header() -> None:
    data = b"# export\nurl\nwelt.ltd\n# not a comment here\n"
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd", "# not a comment here"]


def test_csv_column_header_may_start_with_a_hash_column() -> None:
    data = b"# export of 2 rows\n#,url\n1,welt.ltd\n2,spiegel.ltd\n"
    assert list(csv_column(io.BytesIO(data), "url")) == ["welt.ltd", "spiegel.ltd"]
    assert list(csv_column(io.BytesIO(b"#;url\n1;welt.ltd\n"), "url")) == ["welt.ltd"]


def test_a_first_line_of_control_bytes_is_no_csv_header_but_latin1_is() -> None:
    from threadscope.ingest.targets import refuse_csv_without_column

    refuse_csv_without_column(io.BufferedReader(io.BytesIO(b"\x13r\x02,\x1f~q\nx\n")), "x.bin")
    with pytest.raises(InputError, match="--column Dom"):
        refuse_csv_without_column(io.BufferedReader(io.BytesIO(b"Dom\xe4ne,Typ\n")), "iocs.csv")


class _Unbroken(io.RawIOBase):
    """A stream that never breaks a line (``tr -d '\\n' < /dev/urandom``), ending after 4 MiB
    only so that a reader that would read it for ever fails this test instead of hanging."""

    def __init__(self) -> None:
        self.left = 4 * 1024 * 1024

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self.left)
        buffer[:size] = b"y" * size
        self.left -= size
        return size


@pytest.mark.parametrize("read", [target_lines, pasted_lines,
                                  lambda stream: csv_column(stream, "url")])
def test_a_stream_without_line_breaks_ends_past_the_input_limit(
    read: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    with pytest.raises(InputError, match=r"^line 1: no line break in 1 MiB"):
        list(read(io.BufferedReader(_Unbroken())))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_list_is_read_as_the_text_it_is(encoding: str) -> None:
    """Excel's "Unicode text" and Notepad's "Unicode": UTF-16 after a byte-order mark."""
    bom = "" if encoding == "utf-16" else "\ufeff"
    data = (bom + "welt.ltd\r\nhttps://spiegel.ltd/ä\r\n# note\r\n").encode(encoding)
    assert list(target_lines(as_utf8(io.BufferedReader(io.BytesIO(data))))) == [
        "welt.ltd", "https://spiegel.ltd/ä"]


def test_a_utf16_csv_gives_its_column() -> None:
    data = "url\tnote\r\nwelt.ltd\tDoppelgänger\r\n".encode("utf-16")
    stream = as_utf8(io.BufferedReader(io.BytesIO(data)))
    assert list(csv_column(stream, "url")) == ["welt.ltd"]


def test_a_long_utf16_list_is_streamed_whole() -> None:
    names = [f"name{i}.example" for i in range(50_000)]
    data = "\n".join(names).encode("utf-16")
    assert list(target_lines(as_utf8(io.BufferedReader(io.BytesIO(data))))) == names


def test_utf8_that_can_be_peeked_at_is_left_as_it_is() -> None:
    plain = io.BufferedReader(io.BytesIO(b"welt.ltd\n"))
    assert as_utf8(plain) is plain


@pytest.mark.parametrize("text", ["welt.ltd\nspiegel.ltd\n", "welt.ltd\nDoppelgänger.de\n"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_a_stream_without_peek_is_read_in_its_encoding(text: str, encoding: str) -> None:
    """A script's ``io.BytesIO`` (or any wrapper with ``read`` only): UTF-16 is still seen."""
    bare = io.BytesIO(text.encode(encoding))
    assert list(target_lines(as_utf8(bare))) == text.splitlines()


@pytest.mark.parametrize("data", ["welt.ltd\r\nspiegel.ltd\r\n".encode("utf-16"),
                                  "welt.ltd\nspiegel.ltd\n".encode("utf-16"), b"\xff\xfe"])
def test_a_utf16_list_on_a_standard_input_without_peek_is_read(
        data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """A standard input without ``peek`` (a wrapper's, a test runner's) is peeked at through
    ``_Peekable``; a UTF-16 list on it is decoded through ``read`` as from a file (it was an
    AttributeError, an internal error of ``domains -``)."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    with ExitStack() as stack:
        names = list(read_targets("-", None, stack))
    assert names == ["welt.ltd", "spiegel.ltd"][: 2 if len(data) > 2 else 0]


def test_a_utf16_list_cut_after_an_odd_byte_ends_in_a_replacement_character() -> None:
    """Half a UTF-16 code unit at the end is said (U+FFFD, as ``source.decode`` says it), not
    dropped: ``spiegel.ltd`` cut there is no ``spiegel.lt``, another domain."""
    data = "welt.ltd\nspiegel.ltd".encode("utf-16")[:-1]
    names = list(target_lines(as_utf8(io.BufferedReader(io.BytesIO(data)))))
    assert names == ["welt.ltd", "spiegel.lt\ufffd"]
