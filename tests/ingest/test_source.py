"""``read_source`` / ``decode``: bad input is an ``InputError`` or a warning, never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
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


# --------------------------------------------------------------------------- size limit

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], stdin: bytes | None, limit: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "threadscope", *args], input=stdin, capture_output=True,
        cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "THREADSCOPE_MAX_INPUT_MIB": limit},
    )


@pytest.mark.parametrize("command", ["thread", "audit", "bots"])
def test_a_file_and_stdin_over_the_limit_are_refused_alike(tmp_path: Path,
                                                           command: str) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"1/2 siehe welt.ltd\n" * 90_000)  # 1.6 MiB, over a limit of 1 MiB
    extra = ["--offline"] if command != "thread" else []
    by_file = _run([command, str(big), *extra], None, "1")
    by_stdin = _run([command, "-", *extra], big.read_bytes(), "1")
    for done, name in ((by_file, str(big)), (by_stdin, "<stdin>")):
        assert done.returncode == 2 and done.stdout == b""
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0] == (
            f"threadscope: {name}: larger than 1 MiB, the most threadscope reads at once "
            "(split the dump, or raise the limit with THREADSCOPE_MAX_INPUT_MIB)"
        )
    # Under the limit, stdin and the file give the same result.
    assert _run(["thread", str(big), "--format", "json"], None, "2").returncode == 0
    same = [_run(["thread", source, "--format", "jsonl"], data, "2").stdout
            for source, data in ((str(big), None), ("-", big.read_bytes()))]
    assert same[0] == same[1] and same[0]


def test_an_unusable_limit_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("1/2 a\n")
    done = _run(["thread", str(tmp_path / "a.txt")], None, "lots")
    assert done.returncode == 2
    message = done.stderr.decode()
    assert message.count("\n") == 1 and "THREADSCOPE_MAX_INPUT_MIB" in message


def test_reading_takes_the_size_of_the_input_not_of_the_limit(tmp_path: Path) -> None:
    """A file was read into a buffer of the whole limit (512 MiB) at first; now it costs
    its bytes and its text, whatever the limit."""
    path = tmp_path / "dump.txt"
    path.write_bytes(b"1/2 siehe welt.ltd und spiegel.ltd\n" * 120_000)  # 4 MiB
    tracemalloc.start()
    try:
        source = read_source(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(source.text) == path.stat().st_size
    assert peak < 4 * path.stat().st_size


@pytest.mark.parametrize("value", ["\u00b2", "9" * 5000, "0", "-1", "1e3"])
def test_an_input_limit_that_is_no_whole_number_is_said(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """A superscript two is a digit to ``str.isdigit`` but no number to ``int``; 5000 digits
    are past what ``int`` reads: both are the one-line usage error, not an internal error."""
    from threadscope.ingest.source import max_input_bytes

    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", value)
    with pytest.raises(InputError, match="expected a whole number of MiB"):
        max_input_bytes()


@pytest.mark.parametrize("args", [["thread", "-"], ["audit", "-", "--offline"], ["bots", "-"],
                                  ["domains", "-", "--offline"], ["check", "--offline"]])
def test_a_closed_standard_input_is_said_in_one_line(args: list[str]) -> None:
    """``threadscope thread - <&-`` (stdin closed by a wrapper or a cron job): Python leaves
    ``sys.stdin`` None, which was an internal error."""
    result = subprocess.run(
        [sys.executable, "-m", "threadscope", *args], capture_output=True, cwd=ROOT,
        timeout=120, preexec_fn=lambda: os.close(0),  # the child starts with no fd 0
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert result.stderr.decode() == "threadscope: standard input is closed: nothing to read\n"


@pytest.mark.parametrize("args", [["thread", "-"], ["audit", "-", "--offline"], ["bots", "-"],
                                  ["domains", "-", "--offline"], ["check", "--offline"]])
def test_a_standard_input_open_for_writing_only_is_said_in_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    """``threadscope thread - 0>>log`` (a wrapper that hands on its own log as stdin): the
    first read raised EBADF, an internal error (found by ``scripts/fuzz_processes.py``)."""
    descriptor = os.open(tmp_path / "log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "threadscope", *args], stdin=descriptor, capture_output=True,
            cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        os.close(descriptor)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "threadscope: standard input is open for writing only: nothing to read\n")


def test_binary_data_is_refused_from_its_first_bytes_not_read_to_the_limit(
    tmp_path: Path,
) -> None:
    """A 64 MiB file of NULs is refused once its first chunk is in: it was read whole (up to
    the 256 MiB limit) before its first bytes were looked at."""
    from threadscope.ingest.source import CHUNK, read_limited

    zeros = tmp_path / "disk.img"
    with zeros.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    with zeros.open("rb") as handle:
        with pytest.raises(InputError, match="looks like binary data"):
            read_limited(handle, str(zeros), 256 * 1024 * 1024)
        assert handle.tell() <= 2 * CHUNK


_OWN_PEAK = """
import os, sys
child = os.fork()
if child == 0:
    os.execv(sys.executable, [sys.executable, "-m", "threadscope", *sys.argv[1:]])
_, status, usage = os.wait4(child, 0)
with open(os.environ["USAGE"], "w") as out:
    print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=out)
"""
"""Runs ``threadscope`` with the arguments given and writes its peak memory (KiB) and exit
status to the file ``USAGE`` names. A child's peak memory counts from before its exec, which
under pytest is pytest's own (800 MB late in a full run, whether forked or spawned); this
small interpreter starts it afresh, and its own child's peak is the command's alone."""


@pytest.mark.parametrize(("args", "said"), [
    (["thread", "/dev/zero"], "/dev/zero: looks like binary data (NUL bytes), expected text"),
    (["bots", "/dev/zero"], "/dev/zero: looks like binary data (NUL bytes), expected text"),
    (["brands", "--brands", "/dev/zero"], "/dev/zero: looks like binary data (NUL bytes)"),
    (["check", "--offline"], "looks like binary data (NUL bytes), expected one link"),
    (["domains", "-", "--offline"], "looks like binary data (NUL bytes), expected one link"),
])
def test_an_endless_binary_input_is_refused_in_little_memory(
    tmp_path: Path, args: list[str], said: str
) -> None:
    """``/dev/zero`` as FILE or as stdin: ``thread`` read it to the 256 MiB limit (290 MB
    peak) and said it was too large; ``check`` read its first line to the limit and held it
    twice (580 MB) before seeing the NULs (found by ``scripts/fuzz_processes.py``)."""
    errors, usage = tmp_path / "stderr", tmp_path / "usage"
    with open("/dev/zero", "rb") as zeros, errors.open("wb") as stderr:
        subprocess.run(
            [sys.executable, "-c", _OWN_PEAK, *args], stdin=zeros,
            stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT, check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "USAGE": str(usage)},
        )  # fmt: skip
    peak, status = map(int, usage.read_text().split())
    assert status == 2
    said_lines = errors.read_text().splitlines()
    assert len(said_lines) == 1 and said_lines[0].startswith(f"threadscope: {said}")
    assert peak < 200 * 1024  # KiB: the interpreter and the command's imports
