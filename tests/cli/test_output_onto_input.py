"""A report is never written onto the file it reads.

``domains FILE -o FILE`` streams: it opened FILE for the report (emptying it) after reading
its first block, then read its own report back as input, each row naming a domain that gave a
new row: the file grew until the disk was full (3 GB in a minute, the input gone). The other
commands read the whole input first and then replaced the researcher's dump with the report.
Standard output appended to the input (``>> FILE``) and standard input read from the output
file loop the same way, so those are refused too; devices (``/dev/null``) are no input file.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_hostile_input import assert_sane, invoke

THREAD = "@lena_h 1/2 Siehe welt.ltd/a\n@lena_h 2/2 und spiegel.ltd\n"
DOMAINS = "".join(f"site{i}.com\n" for i in range(2000)) + "welt.ltd\n"
FILE_LIMIT = 4 * 1024 * 1024
"""The most a process under test may write to a file: the loop is stopped there (SIGXFSZ)."""


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def _run(args: list[str], **streams: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "threadscope", *args], capture_output=False,
                          stderr=subprocess.PIPE, preexec_fn=_limit_file_size, timeout=300,
                          check=False, **streams)  # type: ignore[call-overload]


def _refused(stderr: str, name: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "input" in lines[0], stderr


@pytest.mark.parametrize("args", [["thread"], ["audit", "--offline", "--no-cache"],
                                  ["bots", "--offline"], ["domains", "--offline", "--no-cache"]])
def test_output_onto_the_input_file_is_refused_and_the_input_kept(
    tmp_path: Path, args: list[str]
) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(THREAD)
    result = invoke([*args, str(dump), "-o", str(dump)])
    assert_sane(result)
    assert result.exit_code == 2
    _refused(result.stderr, "dump.txt")
    assert dump.read_text() == THREAD


def test_a_link_or_another_name_of_the_input_is_the_input(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(THREAD)
    (tmp_path / "report.txt").symlink_to(dump)
    (tmp_path / "hard.txt").hardlink_to(dump)
    for output in ("report.txt", "hard.txt", f"../{tmp_path.name}/dump.txt"):
        result = invoke(["thread", str(dump), "-o", str(tmp_path / output)])
        assert result.exit_code == 2, output
    assert dump.read_text() == THREAD


def test_domains_onto_its_own_input_ends_at_once(tmp_path: Path) -> None:
    """Before: killed at the file size limit (SIGXFSZ) with the input replaced by rows."""
    listing = tmp_path / "new-domains.txt"
    listing.write_text(DOMAINS)
    done = _run(["domains", str(listing), "--offline", "--no-cache", "--format", "csv",
                 "-o", str(listing)], stdout=subprocess.DEVNULL)
    assert done.returncode == 2
    _refused(done.stderr.decode(), "new-domains.txt")
    assert listing.read_text() == DOMAINS


@pytest.mark.parametrize("command", [["domains", "-"], ["check"]])
def test_standard_output_appended_to_the_standard_input_file_is_refused(
    tmp_path: Path, command: list[str]
) -> None:
    """``threadscope domains - < list.txt >> list.txt``: the same loop through the shell."""
    listing = tmp_path / "list.txt"
    listing.write_text(DOMAINS)
    with listing.open("rb") as source, listing.open("ab") as sink:
        done = _run([*command, "--offline", "--no-cache", "--format", "csv"],
                    stdin=source, stdout=sink)
    assert done.returncode == 2
    _refused(done.stderr.decode(), "standard")
    assert listing.read_text() == DOMAINS


def test_appending_a_report_to_another_file_or_a_device_is_fine(tmp_path: Path) -> None:
    listing, log = tmp_path / "list.txt", tmp_path / "log.csv"
    listing.write_text("welt.ltd\n")
    log.write_text("earlier run\n")
    with listing.open("rb") as source, log.open("ab") as sink:
        done = _run(["domains", "-", "--offline", "--no-cache", "--format", "csv"],
                    stdin=source, stdout=sink)
    assert done.returncode == 1 and log.read_text().startswith("earlier run\ninput,")
    with open("/dev/null", "rb") as source, open("/dev/null", "wb") as sink:
        done = _run(["domains", "-", "--offline", "--no-cache"], stdin=source, stdout=sink)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("args", [["audit"], ["audit", "--offline"], ["bots", "--offline"],
                                  ["domains", "--offline"]])
def test_a_cache_path_that_is_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, args: list[str]
) -> None:
    """``audit x.txt --cache x.txt`` of an empty x.txt made it the SQLite cache, silently."""
    for text in ("", THREAD):
        dump = tmp_path / "dump.txt"
        dump.write_text(text)
        (tmp_path / "link.txt").unlink(missing_ok=True)
        (tmp_path / "link.txt").symlink_to(dump)
        for cache in (dump, tmp_path / "link.txt"):
            result = invoke([*args, str(dump), "--cache", str(cache)])
            assert_sane(result)
            assert result.exit_code == 2, (args, text, cache)
            _refused(result.stderr, "--cache")
            assert dump.read_text() == text


def test_a_cache_path_that_is_the_standard_input_file_is_refused(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("welt.ltd\n")
    with listing.open("rb") as source:
        done = _run(["check", "--offline", "--cache", str(listing)], stdin=source,
                    stdout=subprocess.DEVNULL)
    assert done.returncode == 2
    _refused(done.stderr.decode(), "standard input")
    assert listing.read_text() == "welt.ltd\n"


def test_a_cache_beside_the_input_is_used(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(THREAD)
    result = invoke(["audit", str(dump), "--offline", "--cache", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 1, result.stderr
