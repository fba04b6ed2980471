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


REPLIES = Path(__file__).resolve().parents[2] / "fixtures" / "bots" / "replies.csv"


@pytest.mark.parametrize(("input_name", "graph"), [
    ("replies.csv", "replies.csv"),  # the edges onto the input
    ("net.nodes.csv", "net.csv"),  # the node table beside net.csv is the input
    ("replies.graphml", "replies.graphml"),
])
def test_a_graph_onto_the_input_file_is_refused_and_the_input_kept(
    tmp_path: Path, input_name: str, graph: str
) -> None:
    """``bots dump.csv --graph dump.csv`` replaced the researcher's dump with the edge table
    (and ``--graph net.csv`` a dump named ``net.nodes.csv`` with the nodes)."""
    dump = tmp_path / input_name
    dump.write_bytes(REPLIES.read_bytes())
    result = invoke(["bots", str(dump), "--offline", "--graph", str(tmp_path / graph)])
    assert_sane(result)
    assert result.exit_code == 2
    _refused(result.stderr, input_name)
    assert dump.read_bytes() == REPLIES.read_bytes()


@pytest.mark.parametrize(("output", "graph"), [("net.csv", "net.csv"),
                                               ("net.nodes.csv", "net.csv"),
                                               ("net.graphml", "net.graphml")])
def test_a_graph_onto_the_report_is_refused_before_either_is_written(
    tmp_path: Path, output: str, graph: str
) -> None:
    """``-o net.csv --graph net.csv``: the edges replaced the report the run had just
    written, and no message said so."""
    result = invoke(["bots", str(REPLIES), "--offline", "--format", "csv",
                     "-o", str(tmp_path / output), "--graph", str(tmp_path / graph)])
    assert_sane(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and output in lines[0] and "report" in lines[0], result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_graph_onto_the_file_standard_output_goes_to_is_refused(tmp_path: Path) -> None:
    """``bots dump.csv --graph net.graphml > net.graphml``."""
    graph = tmp_path / "net.graphml"
    with graph.open("wb") as sink:
        done = _run(["bots", str(REPLIES), "--offline", "--graph", str(graph)], stdout=sink)
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "net.graphml" in lines[0] and "report" in lines[0], lines
    assert graph.read_bytes() == b""


@pytest.mark.parametrize(("brands_name", "graph", "link"), [
    ("ours.csv", "ours.csv", False),
    ("net.nodes.csv", "net.csv", False),  # the node table beside net.csv is the list
    ("ours.graphml", "other.graphml", True),  # the graph's name is a link to the list
])
def test_a_graph_onto_the_brands_file_is_refused_and_the_list_kept(
    tmp_path: Path, brands_name: str, graph: str, link: bool
) -> None:
    """``bots dump.csv --brands ours.txt --graph ours.txt`` replaced the researcher's brand
    list with the account network, as ``-o ours.txt`` is refused for."""
    brands = tmp_path / brands_name
    brands.write_text(BRANDS)
    if link:
        (tmp_path / graph).symlink_to(brands)
    result = invoke(["bots", str(REPLIES), "--offline", "--brands", str(brands),
                     "--graph", str(tmp_path / graph)])
    assert_sane(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and brands_name in lines[0] and "--brands" in lines[0], lines
    assert brands.read_text() == BRANDS
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        {brands_name, *([graph] if link else [])})


@pytest.mark.parametrize("exists", [False, True])
def test_a_graph_onto_the_cache_file_is_refused_before_anything_is_written(
    tmp_path: Path, exists: bool
) -> None:
    """``bots dump.csv --cache net.csv --graph net.csv``: the edges over the cache, then
    SQLite's pages over the edges. (The dump's links are loopback's: nothing leaves.)"""
    listing = tmp_path / "list.txt"
    listing.write_text(f"author,text\nbot1,{LOOPBACK}\nbot2,{LOOPBACK}\n")
    cache = tmp_path / "net.csv"
    if exists:
        cache.write_text("earlier\n")
    result = invoke(["bots", str(listing), "--cache", str(cache), "--timeout", "1",
                     "--graph", str(tmp_path / ".." / tmp_path.name / "net.csv")])
    assert_sane(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "net.csv" in lines[0] and "cache" in lines[0], lines
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["list.txt", *(["net.csv"] if exists else [])])
    if exists:
        assert cache.read_text() == "earlier\n"


def test_a_graph_where_an_unused_cache_would_be_is_written(tmp_path: Path) -> None:
    """Offline, the cache is not the run's: the graph may go there."""
    result = invoke(["bots", str(REPLIES), "--offline", "--cache", str(tmp_path / "net.csv"),
                     "--graph", str(tmp_path / "net.csv")])
    assert result.exit_code in (0, 1), result.stderr
    assert (tmp_path / "net.csv").read_text("utf-8").startswith("Source,Target,")


def test_a_graph_beside_the_input_and_the_report_is_written(tmp_path: Path) -> None:
    result = invoke(["bots", str(REPLIES), "--offline", "-o", str(tmp_path / "report.txt"),
                     "--graph", str(tmp_path / "net.csv")])
    assert result.exit_code in (0, 1), result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "net.csv", "net.nodes.csv", "report.txt"]


LOOPBACK = "http://127.0.0.1:9/a"
"""A link the address guard refuses before any request (no DNS, no connection)."""


@pytest.mark.parametrize("command", [["check", LOOPBACK], ["domains", "LIST"],
                                     ["audit", "LIST"], ["bots", "LIST"]])
@pytest.mark.parametrize("exists", [False, True])
def test_a_report_onto_the_cache_file_is_refused_before_anything_is_written(
    tmp_path: Path, command: list[str], exists: bool
) -> None:
    """``--cache run.json -o run.json``: SQLite wrote its pages into the report as it was
    written (a JSON Lines report of NUL bytes after its first line), and the report into
    the cache. The links are loopback's, refused without a request: nothing leaves."""
    listing = tmp_path / "list.txt"
    listing.write_text(f"@lena_h 1/1 {LOOPBACK}\n")
    report = tmp_path / "run.json"
    if exists:
        report.write_text("earlier\n")
    args = [str(listing) if part == "LIST" else part for part in command]
    result = invoke([*args, "--format", "jsonl", "--cache", str(report), "-o",
                     str(tmp_path / ".." / tmp_path.name / "run.json"), "--timeout", "1"])
    assert_sane(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "run.json" in lines[0] and "cache" in lines[0], result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["list.txt", *(["run.json"] if exists else [])])
    if exists:
        assert report.read_text() == "earlier\n"


def test_standard_output_onto_the_cache_file_is_refused(tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite3"
    with cache.open("wb") as sink:
        done = _run(["check", LOOPBACK, "--cache", str(cache)], stdout=sink)
    assert done.returncode == 2
    assert "cache" in done.stderr.decode() and cache.read_bytes() == b""


@pytest.mark.parametrize("flag", ["--offline", "--no-cache"])
def test_a_report_where_an_unused_cache_would_be_is_written(tmp_path: Path, flag: str) -> None:
    report = tmp_path / "run.json"
    result = invoke(["check", LOOPBACK, flag, "--timeout", "1", "--format", "jsonl",
                     "--cache", str(report), "-o", str(report)])
    assert result.exit_code in (0, 1), result.stderr
    assert report.read_text().startswith(f'{{"input": "{LOOPBACK}"')


BRANDS = "Meine Zeitung\tmeinezeitung.de\n"


@pytest.mark.parametrize("command", [["check", "meinezeitung.de"], ["domains", "LIST"],
                                     ["audit", "LIST"], ["bots", "LIST"], ["brands"]])
def test_a_report_onto_the_brands_file_is_refused_and_the_list_kept(
    tmp_path: Path, command: list[str]
) -> None:
    """``--brands ours.txt -o ours.txt`` replaced the researcher's brand list with the
    report."""
    listing, brands = tmp_path / "list.txt", tmp_path / "ours.txt"
    listing.write_text("@lena_h 1/1 meinezeitung.de\n")
    brands.write_text(BRANDS)
    args = [str(listing) if part == "LIST" else part for part in command]
    result = invoke([*args, "--offline", "--brands", str(brands), "-o", str(brands)])
    assert_sane(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ours.txt" in lines[0] and "--brands" in lines[0], result.stderr
    assert brands.read_text() == BRANDS


@pytest.mark.parametrize("command", [["check", LOOPBACK], ["domains", "LIST"],
                                     ["audit", "LIST"], ["bots", "LIST"]])
@pytest.mark.parametrize("content", [BRANDS, ""])
def test_the_cache_onto_the_brands_file_is_refused_and_the_list_kept(
    tmp_path: Path, command: list[str], content: str
) -> None:
    """``--brands ours.txt --cache ours.txt``: an empty list became a SQLite database, and
    a filled one was reported as a damaged cache "to delete"."""
    listing, brands = tmp_path / "list.txt", tmp_path / "ours.txt"
    listing.write_text(f"@lena_h 1/1 {LOOPBACK}\n")
    brands.write_text(content)
    (tmp_path / "alias.txt").symlink_to(brands)
    args = [str(listing) if part == "LIST" else part for part in command]
    result = invoke([*args, "--brands", str(brands), "--cache", str(tmp_path / "alias.txt"),
                     "--timeout", "1"])
    assert_sane(result)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--brands" in lines[0] and "cache" in lines[0], result.stderr
    assert brands.read_text() == content
    assert sorted(path.name for path in tmp_path.iterdir()) == ["alias.txt", "list.txt",
                                                                 "ours.txt"]


def test_standard_output_onto_the_brands_file_is_refused(tmp_path: Path) -> None:
    brands = tmp_path / "ours.txt"
    brands.write_text(BRANDS)
    with brands.open("ab") as sink:
        done = _run(["brands", "--brands", str(brands)], stdout=sink)
    assert done.returncode == 2 and "--brands" in done.stderr.decode()
    assert brands.read_text() == BRANDS


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
