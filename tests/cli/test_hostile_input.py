"""Hostile input through every reading command, as a user in this field would paste it.

Whatever we are handed (missing paths, directories, binary junk, invalid UTF-8, a 10 MB line,
escape sequences, broken punycode, over-long names, truncated or mistyped JSON, broken CSV), the
CLI answers with a result (exit 0 or 1) or one line on stderr and exit 2, never a traceback,
and the terminal (``table``) output never carries a raw control byte that came from the input.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from threadscope.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

# C0 controls except the newline, plus DEL: none may reach a terminal from the input.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")

BIG = 10 * 1024 * 1024
SMALL = 1024 * 1024

FILE_COMMANDS: dict[str, list[str]] = {
    "thread": ["thread"],
    "audit": ["audit", "--offline"],
    "domains": ["domains", "--offline"],
    "bots": ["bots", "--offline"],
}
"""Commands that take FILE (or ``-``) as their first argument."""

# --------------------------------------------------------------------------- hostile inputs

_THREAD_LINES = [
    "Ein Thread über Klon-Seiten, bitte lesen 🧵",
    "1/4 Der Klon \x1b[2Jlag auf https://welt.ltd/politik\x1b]0;pwned title\x07 und sah echt aus.",
    "2/4 Achtung: \u202edl.tlew\u202c und xn--zz--.com und http://xn--.de/x sind kaputt.",
    "3/4 Zu lang: https://" + "a" * 64 + ".com/x und " + ".".join(["abcdefghij"] * 30) + ".com",
    "4/4 Kaputtes IPv6 http://[::1/ und \x00\x08\x7f\x9b[31m Reste. @lena_hartmann_dis",
]
HOSTILE_TEXT = "\n".join(_THREAD_LINES).replace("\x00", "") + "\n"
"""A plain-text thread whose posts carry escapes, bidi overrides, broken names and hosts."""

HOSTILE_LINES = "\n".join(
    [
        "welt\x1b[2J.ltd",
        "https://welt.ltd/\x1b]0;title\x07",
        "\u202edl.tlew",
        "xn--zz--.com",
        "xn--.de",
        "a" * 64 + ".com",
        ".".join(["abcdefghij"] * 30) + ".com",
        "http://[::1/",
        "http://[::1]:99999/",
        "\x07\x08\x0c\x7f",
    ]
) + "\n"
"""One target per line, for ``domains`` and ``check``."""

HOSTILE_CSV = (
    'screen_name,full_text,created_at\n'
    'alice,"unterminated quote, runs on\n'
    'bob,too,many,columns,here,https://welt.ltd/\x1b[2J\n'
    '"carol"x,"bad"quote",2024-01-01\n'
    'dave\n'
    ',,\n'
    '"eve","Lesen Sie \u202edl.tlew https://welt.ltd/a","not a date"\n'
)
"""Ragged rows and broken quoting, no NUL bytes."""


def _truncated_json() -> bytes:
    data = (FIXTURES / "threads" / "x_api_v2.json").read_bytes()
    return data[: len(data) // 2]


def _binary() -> bytes:
    rng = random.Random(20261123)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00\x00"


CASES: dict[str, Callable[[], bytes]] = {
    "binary": _binary,
    "invalid-utf8": lambda: (
        b"1/2 Siehe https://welt.ltd/a \xff\xfe\xc3( weiter\n"
        b"2/2 Ende welt.de\n"
    ),
    "empty": lambda: b"",
    "control-chars": lambda: HOSTILE_TEXT.encode(),
    "target-lines": lambda: HOSTILE_LINES.encode(),
    "truncated-json": _truncated_json,
    "json-data-string": lambda: b'{"data": "x"}',
    "json-data-ints": lambda: b'{"data": [1, 2]}',
    "json-thread-null": lambda: b'{"thread": null}',
    "json-wrong-nested": lambda: (
        b'{"data": [{"id": 5, "text": ["x"], "author_id": null}], '
        b'"includes": {"users": "nobody"}}'
    ),
    "json-list-of-junk": lambda: b'[null, 1, "x", {"text": 3}, [[]]]',
    "ragged-csv": lambda: HOSTILE_CSV.encode(),
    "utf16-bom": lambda: "1/2 Siehe https://welt.ltd/a\n2/2 Ende\n".encode("utf-16"),
    "unicode-line-breaks": lambda: (
        "Kopf\u2028zeile\x85mit\u2029Umbruch\x1c, https://welt.ltd/a\n1/2 a\u2028b\n2/2 c\n"
    ).encode(),
}


def _huge_line(size: int) -> bytes:
    unit = b"a.b/c "
    return unit * (size // len(unit))


# --------------------------------------------------------------------------- running


def invoke(args: list[str], stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)


def assert_sane(result: Result, *, table: bool = True) -> None:
    """The invariants every run must keep, whatever the input."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 2:
        # A decoding warning may precede the error; the error itself is exactly one line.
        lines = [line for line in result.stderr.splitlines() if "invalid UTF-8" not in line]
        assert len(lines) == 1, result.stderr[-2000:]
        assert lines[0].startswith(("threadscope:", "Error:", "Usage:"))
    if table:
        found = RAW_CONTROL.search(result.stdout)
        assert found is None, f"raw {found.group()!r} in table output" if found else ""
        assert not RAW_CONTROL.search(result.stderr), "raw control byte on stderr"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- file commands


@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_missing_file_is_one_line_and_exit_2(command: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "nicht-da.txt")
    result = invoke([*FILE_COMMANDS[command][:1], missing, *FILE_COMMANDS[command][1:]])
    assert result.exit_code == 2
    assert_sane(result)
    assert "no such file" in result.stderr


@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_directory_is_one_line_and_exit_2(command: str, tmp_path: Path) -> None:
    result = invoke([*FILE_COMMANDS[command][:1], str(tmp_path), *FILE_COMMANDS[command][1:]])
    assert result.exit_code == 2
    assert_sane(result)
    assert "directory" in result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_file_commands_survive_hostile_files(command: str, case: str, tmp_path: Path) -> None:
    path = write(tmp_path, f"{case}.txt", CASES[case]())
    name, *rest = FILE_COMMANDS[command]
    assert_sane(invoke([name, str(path), *rest]))


@pytest.mark.parametrize("case", ["control-chars", "invalid-utf8", "ragged-csv", "binary"])
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_file_commands_survive_hostile_stdin(command: str, case: str) -> None:
    name, *rest = FILE_COMMANDS[command]
    assert_sane(invoke([name, "-", *rest], stdin=CASES[case]()))


@pytest.mark.parametrize(
    "command",
    ["audit", "bots", "domains", "thread"],
)
def test_invalid_utf8_warns_and_still_gives_a_result(command: str, tmp_path: Path) -> None:
    data = CASES["invalid-utf8"]()
    if command == "bots":
        data = b"screen_name,full_text\nkarl_m,Lesen Sie \xff\xfe welt.ltd/a\nanna,ok\n"
    path = write(tmp_path, "latin1.txt", data)
    name, *rest = FILE_COMMANDS[command]
    result = invoke([name, str(path), *rest])
    assert_sane(result)
    assert result.exit_code in (0, 1)
    assert "UTF-8" in result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize("command", ["thread", "audit", "bots"])
def test_binary_file_is_refused_with_one_line(command: str, tmp_path: Path) -> None:
    path = write(tmp_path, "junk.bin", CASES["binary"]())
    name, *rest = FILE_COMMANDS[command]
    result = invoke([name, str(path), *rest])
    assert result.exit_code == 2
    assert_sane(result)
    assert "binary" in result.stderr


@pytest.mark.parametrize(
    ("command", "size", "fmt"),
    # The table of 10 MB of text is drawn once (thread, ~6 s); audit reads the same size for
    # links as JSON, to keep the file fast.
    [("thread", BIG, "table"), ("audit", BIG, "json"), ("domains", BIG, "table"),
     ("bots", SMALL, "table")],
)
def test_one_huge_line(command: str, size: int, fmt: str, tmp_path: Path) -> None:
    path = write(tmp_path, "huge.txt", _huge_line(size))
    name, *rest = FILE_COMMANDS[command]
    result = invoke([name, str(path), *rest, "--format", fmt])
    assert_sane(result, table=fmt == "table")
    assert result.exit_code in ((0, 1, 2) if command == "bots" else (0, 1))  # bots: no replies
    if fmt == "json":
        json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "csv", "html", "stix", "misp"])
@pytest.mark.parametrize("command", ["audit", "domains", "bots"])
def test_other_formats_survive_control_chars(command: str, fmt: str, tmp_path: Path) -> None:
    data = CASES["ragged-csv" if command == "bots" else "control-chars"]()
    if command == "domains":
        data = CASES["target-lines"]()
    path = write(tmp_path, "hostile.txt", data)
    name, *rest = FILE_COMMANDS[command]
    result = invoke([name, str(path), *rest, "--format", fmt])
    assert_sane(result, table=False)
    if fmt == "json" and result.exit_code != 2:
        json.loads(result.stdout)
    if fmt == "jsonl" and result.exit_code != 2:
        for line in result.stdout.splitlines():
            json.loads(line)


def test_thread_json_keeps_the_text_but_table_escapes_it(tmp_path: Path) -> None:
    path = write(tmp_path, "hostile.txt", CASES["control-chars"]())
    shown = invoke(["thread", str(path)])
    assert_sane(shown)
    assert "\\x1b[2J" in shown.stdout  # escaped, so the analyst sees what was there
    data = invoke(["thread", str(path), "--format", "json"])
    assert data.exit_code == 0
    texts = [p["text"] for t in json.loads(data.stdout)["threads"] for p in t["posts"]]
    assert any("\x1b[2J" in text for text in texts)  # data formats keep the exact text


def test_domains_csv_column_on_a_broken_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.csv", CASES["ragged-csv"]())
    for column in ("full_text", "screen_name", "no_such_column"):
        assert_sane(invoke(["domains", str(path), "--offline", "--column", column]))


def test_domains_csv_column_on_binary_and_empty(tmp_path: Path) -> None:
    for case in ("binary", "empty", "invalid-utf8"):
        path = write(tmp_path, f"{case}.csv", CASES[case]())
        assert_sane(invoke(["domains", str(path), "--offline", "--column", "url"]))


def test_bots_column_option_on_hostile_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.csv", CASES["ragged-csv"]())
    for columns in (["author=screen_name", "text=full_text"], ["text=nope"], ["garbage"]):
        args = [arg for column in columns for arg in ("--column", column)]
        assert_sane(invoke(["bots", str(path), "--offline", *args]))


# --------------------------------------------------------------------------- check


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_survives_hostile_stdin(case: str) -> None:
    assert_sane(invoke(["check", "--offline"], stdin=CASES[case]()))


def test_check_survives_a_huge_stdin_line() -> None:
    assert_sane(invoke(["check", "--offline"], stdin=_huge_line(SMALL)))


@pytest.mark.parametrize("target", HOSTILE_LINES.splitlines() + ["", " ", "-", "/", "a" * 5000])
def test_check_survives_hostile_targets(target: str) -> None:
    result = invoke(["check", target, "--offline"])
    assert_sane(result)
    assert result.exit_code in (0, 1)


def test_check_invalid_utf8_on_stdin_warns() -> None:
    result = invoke(["check", "--offline"], stdin=b"welt.de\nspiegel\xff.de\n")
    assert_sane(result)
    assert result.exit_code in (0, 1)
    assert "UTF-8" in result.stderr


# --------------------------------------------------------------------------- the real entry point


def test_real_entry_point_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("THREADSCOPE_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "audit", str(tmp_path / "gone.txt"), "--offline"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("threadscope: ")
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_behind_stdout_is_one_line_not_an_internal_error() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "threadscope", "audit", str(FIXTURES / "links" /
             "thread_with_links.txt"), "--offline"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "threadscope: cannot write to standard output (No space left on device)\n"
    )


def _closed_stdout(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The command started with no fd 1 (``>&-``, as a wrapper or a cron job may leave it)."""
    return subprocess.run(
        [sys.executable, "-m", "threadscope", *args], stderr=subprocess.PIPE, cwd=ROOT,
        timeout=120, check=False, preexec_fn=lambda: os.close(1),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_closed_standard_output_is_said_in_one_line() -> None:
    """Python leaves ``sys.stdout`` None, which was an internal error in every command."""
    done = _closed_stdout("check", "--offline", "welt.ltd")
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "threadscope: standard output is closed: nowhere to write the report (give -o FILE)\n")


def test_a_closed_standard_output_is_no_matter_with_an_output_file(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    done = _closed_stdout("check", "--offline", "welt.ltd", "--format", "jsonl",
                          f"--output={report}")
    assert (done.returncode, done.stderr) == (1, b"")
    assert json.loads(report.read_text("utf-8"))["imitates"] == "welt.de"


@pytest.mark.parametrize("output", [["-o", "-"], ["--output=-"], ["-o-"],
                                    ["-o", "unused.json", "-o", "-"]])
def test_a_closed_standard_output_is_said_when_no_file_is_named(output: list[str]) -> None:
    """``-o -`` is standard output, so it names no file: the run must not report into a
    stand-in that writes nowhere and exit as if it had."""
    done = _closed_stdout("check", "--offline", "welt.ltd", *output)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("threadscope: standard output is closed")


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "check", "--offline", "welt.ltd",
         "--format", "jsonl", "-o", "-"],
        capture_output=True, cwd=tmp_path, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["imitates"] == "welt.de"
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("column", [[], ["--column", "url"]])
def test_a_reader_that_leaves_early_is_not_an_error(tmp_path: Path, column: list[str]) -> None:
    """`threadscope domains big.txt | head -1`: exit 0 and nothing on stderr (not 1, "flagged",
    and no "Exception ignored" from a CSV reader closed after its file)."""
    path = write(tmp_path, "many.csv", b"url\n" + b"welt.ltd\n" * 20000)
    env = {**os.environ, "NO_COLOR": "1"}
    with subprocess.Popen(
        [sys.executable, "-m", "threadscope", "domains", str(path), "--offline", *column],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        error = process.stderr.read()
        status = process.wait(timeout=60)
    assert error == b""
    assert status == 0


@pytest.mark.parametrize(
    "args",
    [
        ["audit"],
        ["nope"],
        ["--bogus"],
        ["audit", "x.txt", "--format", "xml"],
        ["thread", "x.txt", "--format", "stix"],
        ["check", "welt.de", "--timeout", "0"],
        ["domains", "x.txt", "--concurrency", "many"],
    ],
)
def test_usage_errors_are_one_line_too(args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 2
    assert_sane(result)
    assert "--help" in result.stderr  # still says where to look


def test_output_to_a_directory_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "t.txt", CASES["control-chars"]())
    result = invoke(["audit", str(path), "--offline", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert_sane(result)


def test_check_dash_reads_stdin_like_every_file_argument() -> None:
    """A lone `-` was assessed as a host (invalid, exit 0) while the piped look-alike was lost."""
    result = invoke(["check", "-", "--offline", "--format", "jsonl"], stdin=b"welt.ltd\n")
    assert_sane(result, table=False)
    assert result.exit_code == 1
    assert [json.loads(line)["input"] for line in result.stdout.splitlines()] == ["welt.ltd"]


class _CtrlC(io.BytesIO):
    """Standard input where the user presses Ctrl-C while we read."""

    def read(self, size: int | None = -1) -> bytes:
        if size == 0:  # click probes the stream with read(0)
            return b""
        raise KeyboardInterrupt

    def readline(self, size: int | None = -1) -> bytes:
        raise KeyboardInterrupt

    def read1(self, size: int | None = -1) -> bytes:
        raise KeyboardInterrupt


@pytest.mark.parametrize(
    "args",
    [["thread", "-"], ["audit", "-", "--offline"], ["domains", "-", "--offline"],
     ["check", "--offline"], ["bots", "-", "--offline"]],
)
def test_ctrl_c_is_an_error_not_flagged(args: list[str]) -> None:
    """Click turns Ctrl-C into exit 1, which a script reads as "something was flagged"."""
    result = CliRunner().invoke(cli, args, input=_CtrlC(), catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == "threadscope: interrupted\n"


# --------------------------------------------------------------------------- CSV for thread, audit

_HOSTILE_CSV_FILES: dict[str, Callable[[], bytes]] = {
    "ragged": lambda: HOSTILE_CSV.encode(),
    "huge-field": lambda: b'author,text\nanna,"' + b"y" * 1_100_000 + b'"\nbob,1/2 x\n',
    "open-quote": lambda: b'author,text\nanna,"' + b"y https://welt.ltd/ " * 80_000 + b"\n",
    "formula-cells": lambda: (
        b'author,text,url\n=cmd|\' /C calc\'!A0,"=HYPERLINK(""https://welt.ltd/x"",""k"")",'
        b'-2+3\n@anna,+1 https://welt.ltd/y,=1+1\n'),
    "nul-after-the-sniff": lambda: (
        b"author,text\n" + b"anna,hallo https://welt.ltd/a\n" * 3000 + b"bob,a\x00b\n"),
    "utf8-bom": lambda: b"\xef\xbb\xbfauthor;text\nanna;1/2 a\nanna;2/2 https://welt.ltd/\n",
    "utf16-tabs": lambda: "author\ttext\nanna\t1/2 a\nanna\t2/2 welt.ltd\n".encode("utf-16"),
    "header-only": lambda: b"author,text,url\n",
    "control-chars": lambda: b'author,text\n"\x1b[2J\xe2\x80\xae",\x07\x1b]8;;https://welt.ltd\x07\n',
}
"""CSV that a scraper, a spreadsheet or an attacker may hand to ``thread`` and ``audit``."""


@pytest.mark.parametrize("case", sorted(_HOSTILE_CSV_FILES))
@pytest.mark.parametrize("command", ["thread", "audit"])
@pytest.mark.parametrize("named", [False, True])
def test_thread_and_audit_survive_hostile_csv(
    command: str, case: str, named: bool, tmp_path: Path
) -> None:
    path = write(tmp_path, f"{case}.csv", _HOSTILE_CSV_FILES[case]())
    name, *rest = FILE_COMMANDS[command]
    columns = ["--column", "author=author", "--column", "text=text"] if named else []
    shown = invoke([name, str(path), *rest, *columns])
    assert_sane(shown)
    data = invoke([name, str(path), *rest, *columns, "--format", "json"])
    assert_sane(data, table=False)
    if data.exit_code != 2:
        json.loads(data.stdout)
    elif not named:
        pytest.fail(f"{case}: a CSV recognised by its header alone gives a result")


def test_a_csv_that_breaks_off_is_read_as_text_with_one_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "open.csv", _HOSTILE_CSV_FILES["open-quote"]())
    result = invoke(["audit", str(path), "--offline", "--format", "json"])
    assert result.exit_code == 1 and "looks like CSV but is not" in result.stderr
    assert json.loads(result.stdout)["links"][0]["domain"] == "welt.ltd"
    named = invoke(["thread", str(path), "--column", "text=text"])
    assert named.exit_code == 2 and "field larger than field limit" in named.stderr


def test_excel_unicode_text_is_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "unicode.txt", _HOSTILE_CSV_FILES["utf16-tabs"]())
    data = json.loads(invoke(["thread", str(path), "--format", "json"]).stdout)
    assert data["format"] == "csv" and [len(t["posts"]) for t in data["threads"]] == [2]


@pytest.mark.parametrize("command", ["thread", "audit"])
def test_a_long_run_of_defanged_dots_is_shown_whole(command: str) -> None:
    """A post of 8000 ``[.]`` (24 KB, a place to break the line every three characters) kept
    ``thread`` busy 37 s per run: the table measured every later stretch again for each line.
    It is shown whole, in lines that each end at a ``[.]``."""
    path = FIXTURES / "threads" / "defanged_dots_run.txt"
    result = invoke([*FILE_COMMANDS[command][:1], str(path), *FILE_COMMANDS[command][1:]])
    assert_sane(result)
    assert result.exit_code == (1 if command == "audit" else 0)  # welt[.]ltd is a clone
    run = "".join(re.findall(r"(?:\[\.\])+", result.stdout))
    assert run.count("[.]") >= 8000


def test_an_argument_that_is_not_utf8_is_decoded_as_a_piped_line_is() -> None:
    """A shell hands ``check`` the bytes of a Latin-1 paste as they are; Python keeps them as
    lone surrogates, which the table showed as ``caf\\udce9.de`` and JSON wrote as a string a
    strict parser refuses. Now the argument reads as piped text does, said on stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "threadscope", "check", b"caf\xe9.de", b"welt.ltd/\xe9",
         "--offline", "--format", "json"],
        capture_output=True, cwd=ROOT, timeout=60, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
    )
    assert done.returncode == 1  # welt.ltd is still judged by its name
    assert done.stdout.decode("utf-8", "strict").count("\\udc") == 0
    items = json.loads(done.stdout)
    assert [item["input"] for item in items] == ["caf\ufffd.de", "welt.ltd/\ufffd"]
    assert done.stderr.decode().splitlines() == [
        "threadscope: argument 1: invalid UTF-8; undecodable bytes shown as \ufffd",
        "threadscope: argument 2: invalid UTF-8; undecodable bytes shown as \ufffd",
        "threadscope: 1 of 2 inputs are not a usable link or domain (character not allowed "
        "in a host name: 'caf\ufffd' 1)",
    ]
