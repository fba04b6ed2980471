"""``threadscope check``, ``domains`` and ``brands`` through click, offline."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import IO

import click
import pytest
from click.testing import CliRunner

from threadscope.assessment import load_registry
from threadscope.cli import cli
from threadscope.cli.check_cmd import prompt_loop


def run(*args: str, stdin: str | bytes | IO[bytes] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_flags_a_lookalike_and_exits_1() -> None:
    status, out, _ = run("check", "welt.ltd", "--offline", "--format", "json")
    assert status == 1
    [item] = json.loads(out)
    assert item["input"] == "welt.ltd"
    assert item["verdict"] == "lookalike"
    assert item["imitates"] == "welt.de"
    assert item["reasons"][0]["code"] == "tld-swap"
    assert item["chain"] == [] and item["final_url"] == item["url"]


def test_check_official_only_exits_0() -> None:
    status, out, _ = run("check", "welt.de", "www.bbc.co.uk", "--offline", "--format", "jsonl")
    assert status == 0
    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    assert verdicts == ["official", "official"]


def test_check_reads_stdin_one_per_line_when_not_a_terminal() -> None:
    status, out, _ = run("check", "--offline", "--format", "jsonl",
                         stdin="welt.de\n\nwashingtonpost.pm\r\n")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["input"] for r in rows] == ["welt.de", "washingtonpost.pm"]
    assert rows[1]["imitates"] == "washingtonpost.com"


def test_check_table_is_the_default() -> None:
    status, out, _ = run("check", "welt.ltd", "--offline")
    assert status == 1
    assert "lookalike" in out and "welt.de" in out


@pytest.mark.parametrize(
    "fmt", ["table", "json", "jsonl", "csv", "markdown", "html", "stix", "misp"])
def test_check_every_format(fmt: str) -> None:
    status, out, _ = run("check", "welt.ltd", "welt.de", "--offline", "--format", fmt)
    assert status == 1
    assert "welt" in out and "ltd" in out  # markdown and html defang flagged addresses


def test_unknown_format_is_a_usage_error() -> None:
    status, _, err = run("check", "welt.ltd", "--offline", "--format", "yaml")
    assert status == 2
    assert "yaml" in err


def test_invalid_target_is_reported_not_raised() -> None:
    status, out, _ = run("check", "a" * 64 + ".com", "--offline", "--format", "json")
    assert status == 0
    [item] = json.loads(out)
    assert item["verdict"] == "invalid"
    assert "63" in item["error"]


def test_check_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    status, out, _ = run("check", "welt.ltd", "--offline", "--format", "json", "-o", str(target))
    assert status == 1
    assert out == ""
    assert json.loads(target.read_text("utf-8"))[0]["verdict"] == "lookalike"


def test_issue_done_when_example() -> None:
    status, out, _ = run("check", "hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik", "--offline", "--format", "json")
    assert status == 1
    [item] = json.loads(out)
    assert item["verdict"] == "lookalike"
    assert item["imitates"] == "welt.de"
    assert item["input"] == "hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik"
    assert {r["code"] for r in item["reasons"]} >= {"tld-swap", "unicode-compat"}


# --------------------------------------------------------------------------- domains


def test_domains_streams_a_file(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("# new registrations\nwelt.ltd\nexample.org\n\nspiegel.co.com\n", "utf-8")
    status, out, _ = run("domains", str(source), "--offline", "--format", "jsonl")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["input"] for r in rows] == ["welt.ltd", "example.org", "spiegel.co.com"]
    assert [r["verdict"] for r in rows] == ["lookalike", "benign", "lookalike"]


def test_domains_reads_stdin_dash() -> None:
    status, out, _ = run("domains", "-", "--offline", "--format", "csv", stdin="example.org\n")
    assert status == 0
    assert "example.org" in out
    assert out.splitlines()[0].startswith(("input", "verdict"))


def test_domains_csv_column(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text('id,url,note\n1,welt.ltd,"a, b"\n2,welt.de,\n3,,empty\n', "utf-8")
    status, out, _ = run("domains", str(source), "--column", "url", "--offline",
                         "--format", "jsonl")
    assert status == 1
    assert [json.loads(line)["input"] for line in out.splitlines()] == ["welt.ltd", "welt.de"]


@pytest.mark.parametrize("column", ["link", "urls=link", "url=link", " URLS = link"])
def test_domains_column_is_named_as_the_other_commands_name_it_or_alone(
    tmp_path: Path, column: str
) -> None:
    """``--column urls=NAME`` as ``thread``, ``audit`` and ``bots`` name a CSV's link column
    (``url=`` too), or ``NAME`` alone as before: the same targets either way."""
    source = tmp_path / "export.csv"
    source.write_text("id,link,a=b\n1,welt.ltd,x\n2,welt.de,y\n", "utf-8")
    status, out, _ = run("domains", str(source), "--column", column, "--offline",
                         "--format", "jsonl")
    assert status == 1
    assert [json.loads(line)["input"] for line in out.splitlines()] == ["welt.ltd", "welt.de"]


def test_domains_column_that_only_looks_like_key_equals_name_is_a_name(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("id,a=b\n1,welt.ltd\n", "utf-8")
    status, out, _ = run("domains", str(source), "--column", "a=b", "--offline",
                         "--format", "jsonl")
    assert status == 1 and json.loads(out)["input"] == "welt.ltd"


@pytest.mark.parametrize(("column", "said"), [
    ("text=link", "domains reads one column, the links': urls=NAME (or NAME alone)"),
    ("urls=", "expected KEY=NAME"),
    # an unset variable in a script (--column "$COL"): read as no --column, every row of the
    # CSV was one invalid target, exit 0
    ("", "--column '': expected the CSV column of the links"),
])
def test_domains_column_naming_another_key_or_no_name_is_exit_2(
    tmp_path: Path, column: str, said: str
) -> None:
    source = tmp_path / "export.csv"
    source.write_text("id,link\n1,welt.ltd\n", "utf-8")
    status, out, err = run("domains", str(source), "--column", column, "--offline")
    assert status == 2 and out == ""
    assert said in err and len(err.strip().splitlines()) == 1


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_domains_given_a_pasted_thread_names_the_commands_that_read_its_links(
        workers: str) -> None:
    """A thread copied from X and given to ``domains`` scores each line, its links unread:
    the lines that hold one are counted, and ``check`` and ``audit`` named."""
    status, _, err = run("domains", str(FIXTURES / "audit" / "x_web_clones_thread.txt"),
                         "--offline", "--format", "jsonl", "--workers", workers)
    assert status == 0
    assert ("3 lines are text with a link in it, not one link or domain: 'threadscope check' "
            "finds the links in sentences, 'threadscope audit' in a pasted thread or a dump"
            in err.splitlines()[-1])
    _, _, err = run("domains", "-", "--offline", stdin="welt.ltd\nwelt.de\n")
    assert "text with a link" not in err


def test_domains_missing_column_is_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("id,link\n1,welt.ltd\n", "utf-8")
    status, _, err = run("domains", str(source), "--column", "url", "--offline")
    assert status == 2
    assert "no column 'url'" in err


def test_domains_missing_file_is_exit_2(tmp_path: Path) -> None:
    status, _, err = run("domains", str(tmp_path / "nope.txt"), "--offline")
    assert status == 2
    assert "no such file" in err
    assert "Traceback" not in err


def test_domains_directory_is_exit_2(tmp_path: Path) -> None:
    status, _, err = run("domains", str(tmp_path), "--offline")
    assert status == 2
    assert "directory" in err


def test_domains_nothing_flagged_exits_0(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("example.org\nwelt.de\n", "utf-8")
    status, _, _ = run("domains", str(source), "--offline", "--format", "jsonl")
    assert status == 0


def test_domains_survives_binary_junk_and_huge_lines(tmp_path: Path) -> None:
    source = tmp_path / "junk.txt"
    source.write_bytes(b"welt.ltd\n\xff\xfe\x00junk\n" + b"a" * 200_000 + b"\nexample.org\n")
    status, out, err = run("domains", str(source), "--offline", "--format", "jsonl")
    assert "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["verdict"] == "lookalike"
    assert rows[-1]["input"] == "example.org"
    assert status == 1


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("stdin", [False, True])
def test_domains_refuses_a_binary_list_before_writing_anything(
    tmp_path: Path, fmt: str, stdin: bool
) -> None:
    data = b"\x00\x01\x02binary\xff\nwelt.ltd\n"
    source = tmp_path / "list.bin"
    source.write_bytes(data)
    args = ("domains", "-" if stdin else str(source), "--offline", "--format", fmt)
    status, out, err = run(*args, stdin=data if stdin else None)
    assert status == 2
    assert out == ""  # no table or CSV header before the error
    assert err.count("\n") == 1 and "binary" in err


def test_domains_column_skips_an_ioc_exports_comment_lines(tmp_path: Path) -> None:
    source = tmp_path / "iocs.csv"
    source.write_text("# source: partner feed\n# tlp: amber\n\nindicator,type\n"
                      "welt.ltd,domain\nexample.org,domain\n", "utf-8")
    status, out, err = run("domains", str(source), "--column", "indicator", "--offline",
                           "--format", "jsonl")
    assert [json.loads(line)["input"] for line in out.splitlines()] == ["welt.ltd",
                                                                       "example.org"]
    assert status == 1 and err == ""


_ENDLESS_RANDOM = (
    "import os, sys\n"
    "out = sys.stdout.buffer\n"
    "out.write(b'welt.de\\n')\n"
    "while True:\n"
    "    out.write(os.urandom(65536))\n"
)
"""A generator that never ends: a first line of text, then random bytes for ever."""


def _domains_process(*args: str, stdin: int | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "threadscope", "domains", *args, "--offline",
                             "--format", "jsonl"], stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_domains_refuses_an_endless_binary_stream() -> None:
    """``threadscope domains -`` fed random bytes for ever ends with one line and exit 2
    (the timeout is a safety net against a hang, not a measured limit)."""
    source = subprocess.Popen([sys.executable, "-c", _ENDLESS_RANDOM], stdout=subprocess.PIPE)
    assert source.stdout is not None
    domains = _domains_process("-", stdin=source.stdout.fileno())
    source.stdout.close()  # ours: the generator now writes to domains alone
    try:
        out, err = domains.communicate(timeout=120)
    finally:
        for process in (domains, source):
            process.kill()  # both ended already, unless the safety net caught a hang
            process.wait()
    assert domains.returncode == 2
    lines = err.decode().splitlines()
    assert "looks like binary data" in lines[-1] and "Traceback" not in err.decode()
    assert out.count(b"\n") < 64


def test_domains_refuses_a_big_binary_file(tmp_path: Path) -> None:
    source = tmp_path / "disk.img"
    noise = random.Random(3).randbytes(200_000).replace(b"\x00", b"\x01")  # no NUL at all
    source.write_bytes(b"welt.de\n" + noise)
    domains = _domains_process(str(source))
    try:
        out, err = domains.communicate(timeout=120)
    finally:
        domains.kill()
        domains.wait()
    assert domains.returncode == 2
    assert err.decode().count("\n") == 1 and "looks like binary data" in err.decode()
    assert out == b""  # refused by the peek at the file, before any row


# --------------------------------------------------------------------------- brands


def test_brands_lists_the_registry_as_json() -> None:
    status, out, _ = run("brands", "--format", "json", "--curated")
    assert status == 0
    listed = json.loads(out)
    domains = {d for brand in listed for d in brand["domains"]}
    assert "welt.de" in domains
    assert all(brand["tier"] == 1 for brand in listed)


def test_brands_includes_the_popular_tier_by_default() -> None:
    status, out, _ = run("brands", "--format", "jsonl")
    assert status == 0
    tiers = {json.loads(line)["tier"] for line in out.splitlines()}
    assert tiers == {1, 2}


def test_brands_file_extends_the_registry(tmp_path: Path) -> None:
    extra = tmp_path / "ours.txt"
    extra.write_text("# our outlets\nKiezblatt\tkiezblatt.de,kiezblatt.berlin\nlokalpost.de\n",
                     "utf-8")
    status, out, _ = run("brands", "--brands", str(extra), "--format", "jsonl", "--curated")
    assert status == 0
    names = {json.loads(line)["name"] for line in out.splitlines()}
    assert {"Kiezblatt", "lokalpost.de"} <= names
    status, out, _ = run("check", "kiezblatt.ltd", "--brands", str(extra), "--offline",
                         "--format", "json")
    assert status == 1
    assert json.loads(out)[0]["imitates"] == "kiezblatt.de"
    status, out, _ = run("check", "kiezblatt.berlin", "--brands", str(extra), "--offline",
                         "--format", "json")
    assert json.loads(out)[0]["verdict"] == "official"


def test_a_domain_starting_like_a_defanged_scheme_is_checked_as_written(tmp_path: Path) -> None:
    """``fxpro.com/a`` was judged as ``ftpro.com`` (its ``fxp`` refanged as a scheme; only a
    bare plain domain skipped link parsing), so was ``fxpro.com`` in a post, and a
    ``--brands`` entry ``fxpro.com`` protected ``ftpro.com``."""
    status, out, _ = run("check", "fxpro.com", "fxpro.com/a", " hxxpsnews.com",
                         "hxxps[:]//fxpro[.]com/a", "--offline", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["domain"] for r in rows] == ["fxpro.com", "fxpro.com", "hxxpsnews.com",
                                           "fxpro.com"]
    assert [r["url"] for r in rows[1:]] == ["https://fxpro.com/a", "https://hxxpsnews.com/",
                                            "https://fxpro.com/a"]
    post = tmp_path / "post.txt"
    post.write_text("Kurse auf fxpro.com/markets, mehr bei hxxpsnews.com\n", "utf-8")
    status, out, _ = run("audit", str(post), "--offline", "--format", "jsonl")
    assert [json.loads(line)["domain"] for line in out.splitlines()] == [
        "fxpro.com", "hxxpsnews.com"]
    extra = tmp_path / "ours.txt"
    extra.write_text("fxpro.com\n", "utf-8")
    status, out, _ = run("brands", "--brands", str(extra), "--format", "jsonl", "--curated")
    assert status == 0
    listed = {json.loads(line)["name"]: json.loads(line)["domains"] for line in out.splitlines()}
    assert listed["fxpro.com"] == ["fxpro.com"]
    status, out, _ = run("check", "fxpro.co", "--brands", str(extra), "--offline",
                         "--format", "json")
    assert status == 1
    assert json.loads(out)[0]["imitates"] == "fxpro.com"


def test_brands_piped_are_a_table_whatever_the_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into a pipe (``| grep``), a brand too long for 100 columns widens the table rather
    than turn every brand into two lines, its name apart from its domains."""
    extra = tmp_path / "ours.txt"
    extra.write_text("Bundesministerium für Gesundheit\tbundesgesundheitsministerium.de\n"
                     "deutsche-wirtschafts-nachrichten.de\n", "utf-8")
    monkeypatch.setenv("COLUMNS", "100")
    status, out, _ = run("brands", "--curated", "--brands", str(extra))
    assert status == 0
    lines = out.splitlines()
    assert lines[1].split() == ["brand", "domains", "country", "category", "tier"]
    assert any(line.split()[:2] == ["Die", "Welt"] and "welt.de" in line for line in lines)
    assert any(line.split()[:2] == ["deutsche-wirtschafts-nachrichten.de"] * 2
               for line in lines)
    assert max(map(len, lines)) > 100


def test_bad_brands_file_is_exit_2(tmp_path: Path) -> None:
    extra = tmp_path / "bad.txt"
    extra.write_text("no domain here\n", "utf-8")
    status, _, err = run("brands", "--brands", str(extra))
    assert status == 2
    assert "bad.txt:1" in err


@pytest.mark.parametrize("line", ["welt].de", "[welt.de", "Die Welt\twelt.de,]bild.de"])
def test_a_bracket_in_a_brands_domain_is_named_as_such(tmp_path: Path, line: str) -> None:
    """A stray ``[`` or ``]`` is what the user wrote: the error says so, not "IPv6"."""
    extra = tmp_path / "bad.txt"
    extra.write_text(line + "\n", "utf-8")
    status, _, err = run("brands", "--brands", str(extra))
    assert status == 2
    assert err.count("\n") == 1
    assert "bad.txt:1" in err
    assert "holds no '[' or ']'" in err
    assert "IPv6" not in err


# --------------------------------------------------------------------------- prompt


def test_prompt_loop_answers_each_pasted_link(capsys: pytest.CaptureFixture[str]) -> None:
    reader = io.StringIO("welt.de\nwelt.ltd\n\nnever.read\n")
    prompt = io.StringIO()
    status = prompt_loop(reader, prompt, load_registry(), "jsonl", None)
    out = capsys.readouterr().out
    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    assert verdicts == ["official", "lookalike"]
    assert status == 1
    assert prompt.getvalue().count("link> ") == 3
    assert "never.read" not in out


def test_prompt_loop_ends_at_eof(capsys: pytest.CaptureFixture[str]) -> None:
    status = prompt_loop(io.StringIO("welt.de"), io.StringIO(), load_registry(), "jsonl", None)
    assert status == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "official"


def test_prompt_names_sentences_and_ctrl_d_and_ends_its_line_at_eof(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The prompt says what the help says (a sentence with links works; Ctrl-D stops), and
    Ctrl-D, which leaves the cursor after ``link> ``, ends that line, so that the shell's
    prompt starts on a line of its own; an empty line (already a line break) adds none."""
    prompt = io.StringIO()
    prompt_loop(io.StringIO("welt.de\n"), prompt, load_registry(), "jsonl", None)
    said = prompt.getvalue()
    assert "sentence" in said.splitlines()[0] and "Ctrl-D" in said.splitlines()[0]
    assert said.endswith("link> \n")
    prompt = io.StringIO()
    prompt_loop(io.StringIO("welt.de\n\n"), prompt, load_registry(), "jsonl", None)
    assert prompt.getvalue().endswith("link> ")
    capsys.readouterr()


# --------------------------------------------------------------------------- domains --workers


def bulk_file(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "bulk.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n\xff\xfe.com\n")
    return str(path)


def mixed_lines(count: int) -> list[str]:
    """Look-alikes, official and unrelated names, comments, blanks and broken lines."""
    pool = (
        "welt.ltd",
        "www.welt.de",
        "bildd.lol",
        "ourpaper-news.com",
        "",
        "# a comment",
        "[::1",
        "xn--",
        "a" * 80 + ".com",
        "https://welt.de@evil.example/",
        "\x1b[2Jspiegel.de",
    )
    return [pool[n % len(pool)] if n % 4 == 0 else f"n{n * 7919 % 9973}.de" for n in range(count)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_domains_workers_give_the_same_bytes_in_input_order(tmp_path: Path, fmt: str) -> None:
    brands = tmp_path / "ours.txt"
    brands.write_text("Our Paper\tourpaper.de\n", "utf-8")
    source = bulk_file(tmp_path, mixed_lines(3000))
    common = ("domains", source, "--offline", "--format", fmt, "--brands", str(brands))
    status_one, out_one, _ = run(*common, "--workers", "1")
    status_two, out_two, _ = run(*common, "--workers", "2")
    assert (status_two, out_two) == (status_one, out_one)
    assert status_one == 1
    if fmt == "jsonl":
        inputs = [json.loads(line)["input"] for line in out_two.splitlines()]
        wanted = [line for line in mixed_lines(3000) if line and not line.startswith("#")]
        assert inputs == [*wanted, "\ufffd\ufffd.com"]


def test_domains_workers_exit_0_when_nothing_is_flagged(tmp_path: Path) -> None:
    source = tmp_path / "official.txt"
    source.write_text("welt.de\nwww.bbc.co.uk\n" * 1500, "utf-8")
    status, out, _ = run(
        "domains", str(source), "--offline", "--format", "jsonl", "--workers", "2"
    )
    assert status == 0
    assert len(out.splitlines()) == 3000


def test_domains_workers_write_the_output_file(tmp_path: Path) -> None:
    source = bulk_file(tmp_path, mixed_lines(2500))
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    run("domains", source, "--offline", "--format", "csv", "--workers", "1", "-o", str(one))
    status, out, _ = run(
        "domains", source, "--offline", "--format", "csv", "--workers", "2", "-o", str(two)
    )
    assert (status, out) == (1, "")
    assert two.read_bytes() == one.read_bytes()


def test_domains_workers_must_be_positive(tmp_path: Path) -> None:
    source = bulk_file(tmp_path, ["welt.de"])
    status, _, err = run("domains", source, "--offline", "--workers", "0")
    assert status == 2 and "--workers" in err


# --------------------------------------------------------------------------- what a newcomer meets


def test_check_reads_the_links_out_of_a_pasted_sentence() -> None:
    sentence = "Seht euch das an: hxxps://welt[.]ltd/politik und bild.eu.com, Quelle welt.de"
    status, out, _ = run("check", sentence, "--offline", "--format", "jsonl")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["domain"] for row in rows] == ["welt.ltd", "bild.eu.com", "welt.de"]
    assert [row["verdict"] for row in rows] == ["lookalike", "lookalike", "official"]
    assert rows[0]["input"] == "hxxps://welt[.]ltd/politik"  # as written in the sentence


def test_check_a_sentence_without_links_is_one_invalid_row() -> None:
    status, out, err = run("check", "nothing to see here", "--offline", "--format", "jsonl")
    assert status == 0
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["verdict"] == "invalid" and row["input"] == "nothing to see here"
    assert "1 of 1 inputs are not a usable link or domain" in err


def test_every_run_ends_with_what_could_not_be_checked() -> None:
    status, _, err = run("check", "https://t.co/cykVk0lJUJWelt.de", "xx", "welt.ltd", "--offline",
                         "--format", "jsonl")
    assert status == 1
    lines = err.strip().splitlines()
    assert lines == [
        "threadscope: offline: 1 of 3 links go through a shortener (t.co 1) and were not followed",
        "threadscope: 1 of 3 inputs are not a usable link or domain (no known public suffix 1)",
    ]


def test_nothing_is_said_when_everything_was_checked() -> None:
    _, _, err = run("check", "welt.ltd", "welt.de", "--offline", "--format", "jsonl")
    assert err == ""


def test_domains_on_a_csv_without_column_hints_at_it(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("id,tweet_url,text\n1,https://welt.ltd/a,hello\n", "utf-8")
    status, out, err = run("domains", str(export), "--offline")
    assert status == 2 and out == ""
    assert "looks like a CSV file (header: id, tweet_url, text)" in err
    assert "--column tweet_url" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("text", [
    "welt.ltd\nspiegel.ltd\n",
    "# comment, with a comma\nwelt.ltd\n",
    "https://example.org/a,b\n",
    "welt.ltd,spiegel.ltd\n",
])
def test_domains_plain_lists_are_not_taken_for_csv(tmp_path: Path, text: str) -> None:
    source = tmp_path / "list.txt"
    source.write_text(text, "utf-8")
    status, _, err = run("domains", str(source), "--offline", "--format", "jsonl")
    assert status in (0, 1) and "looks like a CSV" not in err


def test_domains_csv_hint_also_on_stdin() -> None:
    status, _, err = run("domains", "-", "--offline", stdin="url;note\nwelt.ltd;x\n")
    assert status == 2 and "--column url" in err


def test_domains_summary_counts_what_workers_could_not_check(tmp_path: Path) -> None:
    source = tmp_path / "bulk.txt"
    source.write_text("welt.ltd\nxx\n" * 1500, "utf-8")
    status, _, err = run("domains", str(source), "--offline", "--format", "jsonl",
                         "--workers", "2")
    assert status == 1
    assert "1,500 of 3,000 inputs are not a usable link or domain (no known public suffix " \
           "1,500)" in err


def test_explain_lists_every_reason_with_its_points() -> None:
    _, brief, _ = run("check", "hxxps://welt[.]ltd/politik", "--offline")
    _, explained, _ = run("check", "hxxps://welt[.]ltd/politik", "--offline", "--explain")
    _, data, _ = run("check", "hxxps://welt[.]ltd/politik", "--offline", "--format", "json")
    reasons = json.loads(data)[0]["reasons"]
    assert len(reasons) > 2
    brief, explained = " ".join(brief.split()), " ".join(explained.split())
    assert f"(+{len(reasons) - 1} more: --explain)" in brief
    for reason in reasons:  # every reason, with its signed points, in the table's wrapping
        points = f"{reason['points']:+d} " if reason["points"] else ""
        assert " ".join(f"{points}{reason['detail']}".split()) in explained
    assert "defanged" in explained and "--explain)" not in explained


def test_network_defaults_are_the_library_defaults() -> None:
    from threadscope.cli import cli as group
    from threadscope.models import NetworkOptions

    command = group.get_command(click.Context(group), "check")
    assert command is not None
    defaults = {p.name: p.default for p in command.params}
    library = NetworkOptions()
    assert defaults["timeout"] == library.timeout
    assert defaults["concurrency"] == library.concurrency
    assert defaults["deadline"] == library.deadline == 300
    assert defaults["user_agent"] == library.user_agent
    assert defaults["per_host"] is None and library.per_host is None


def test_check_reads_every_link_of_a_pasted_line_longer_than_64_kib() -> None:
    """A whole article pasted on one line: the links after 64 KiB count too."""
    filler = "kein Link hier " * 10_000  # 150 KB of prose
    pasted = f"welt.de {filler} und dann welt.ltd/politik\n"
    status, out, err = run("check", "--offline", "--format", "jsonl", stdin=pasted)
    assert status == 1
    assert [json.loads(line)["domain"] for line in out.splitlines()] == ["welt.de", "welt.ltd"]
    assert "cut" not in err


def test_check_says_how_many_pasted_lines_were_cut_at_the_input_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("THREADSCOPE_MAX_INPUT_MIB", "1")
    pasted = f"welt.de {'x ' * 600_000} welt.ltd\nspiegel.de\n"
    status, out, err = run("check", "--offline", "--format", "jsonl", stdin=pasted)
    assert [json.loads(line)["domain"] for line in out.splitlines()] == ["welt.de", "spiegel.de"]
    assert "threadscope: 1 line longer than 1 MiB was cut there" in err
    assert "THREADSCOPE_MAX_INPUT_MIB" in err and status == 0


def test_domains_and_check_read_a_utf16_export(tmp_path: Path) -> None:
    export = tmp_path / "iocs.txt"
    export.write_bytes("url\tnote\r\nwelt.ltd\tDoppelgänger\r\n".encode("utf-16"))
    status, out, _ = run("domains", str(export), "--column", "url", "--offline",
                         "--format", "jsonl")
    assert status == 1 and json.loads(out)["domain"] == "welt.ltd"
    pasted = io.BufferedReader(io.BytesIO("Seht https://welt.ltd/a\r\n".encode("utf-16")))
    status, out, _ = run("check", "--offline", "--format", "jsonl", stdin=pasted)
    assert status == 1 and json.loads(out)["domain"] == "welt.ltd"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize(
    "args",
    [
        ("check", "welt.ltd", "--proxy", "bogus"),
        ("domains", "-", "--column", "nope", "--offline"),
        ("domains", "-", "--column", "nope", "--offline", "--workers", "1"),
    ],
)
def test_an_unusable_option_writes_nothing(args: tuple[str, ...], fmt: str,
                                           tmp_path: Path) -> None:
    """Exit 2 for an unusable --proxy or --column, and no half report: a lone `[` or header
    on standard output, or over the last run's report in -o FILE, is no result to parse."""
    report = tmp_path / "report"
    report.write_text("the last run's report\n", encoding="utf-8")
    stdin = "url,author\nwelt.ltd,a\n"
    status, out, err = run(*args, "--format", fmt, stdin=stdin)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    status, out, _ = run(*args, "--format", fmt, "-o", str(report), stdin=stdin)
    assert status == 2
    assert report.read_text(encoding="utf-8") == "the last run's report\n"


def test_an_unusable_proxy_is_told_what_a_proxy_url_looks_like() -> None:
    status, _, err = run("check", "welt.ltd", "--proxy", "127.0.0.1:8080")
    assert status == 2
    assert err == ("threadscope: unusable proxy URL: 127.0.0.1:8080 (expected "
                   "http://HOST:PORT or socks5://HOST:PORT)\n")


def test_check_judges_a_google_redirect_by_the_clone_it_leads_to() -> None:
    """Judged by its name, a Google result link is Google's ``official`` one: the clone it
    names follows as a row of its own, which flags the run, joined to the same input."""
    wrapper = "https://www.google.com/url?q=https://spiegel.ltd/politik&sa=D"
    status, out, _ = run("check", wrapper, "--offline", "--format", "jsonl")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["domain"], r["verdict"]) for r in rows] == [
        ("www.google.com", "official"), ("spiegel.ltd", "lookalike")]
    assert [r["input"] for r in rows] == [wrapper, wrapper]
    status, out, _ = run("check", "--offline", "--format", "jsonl", stdin=f" {wrapper}\t\n")
    assert [json.loads(line)["input"] for line in out.splitlines()] == [f" {wrapper}\t"] * 2
    status, out, _ = run("check", wrapper, "--offline")
    assert status == 1
    assert "hxxps://spiegel[.]ltd/politik" in out and "written as:" in out


def test_check_reads_a_google_redirect_whose_destination_was_encoded_twice() -> None:
    """``q=https%253A%252F%252F…``: the destination was lost and the link read as Google's
    official one; its clone is a row of its own, and the wrapper is shown defanged."""
    wrapper = ("https://www.google.com/url?q=https%253A%252F%252Fwelt.ltd%252Fpolitik%252F"
               "&sa=D&source=editors&ust=1701430000000000&usg=AOvVaw3")
    status, out, _ = run("check", wrapper, "--offline", "--format", "jsonl")
    assert status == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["url"], r["verdict"], r["input"]) for r in rows] == [
        (wrapper, "official", wrapper), ("https://welt.ltd/politik/", "lookalike", wrapper)]
    status, out, _ = run("check", wrapper, "--offline")
    assert status == 1 and "https://www.google.com" not in out
    assert "hxxps://www[.]google[.]com/url?q=hxxps%253A%252F%252Fwelt[.]ltd" in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_redirect_wrapper_is_never_shown_as_a_live_link(fmt: str) -> None:
    """Opening the wrapper is opening its destination: a live Google link to a clone stood
    above that clone's defanged row. The official destination itself stays as it is."""
    wrapper = "https://www.google.com/url?q=https://welt.de/x"
    status, out, _ = run("check", wrapper, "--offline", "--format", fmt)
    assert status == 0
    assert "https://www.google.com" not in out
    assert "hxxps://www[.]google[.]com/url?q=hxxps://welt[.]de/x" in out
    assert "https://welt.de/x" in out


OFFLINE_KINDS = {"https://t.co/cykVk0lJUJ": "offline-shortener", "bit.ly/3xYz12":
                 "offline-shortener", "welt.de": "offline", "https://welt.ltd/a": "offline",
                 "not a link": "invalid"}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_offline_every_link_says_it_was_not_followed_and_why(fmt: str) -> None:
    """Offline, a short link reads ``benign`` with ``unresolved`` false: ``not_followed`` is
    what tells a script it was never followed (the tables' ``not followed``), in every
    machine format alike, and CSV's last column."""
    _, out, _ = run("check", *OFFLINE_KINDS, "--offline", "--format", fmt)
    if fmt == "csv":
        import csv

        header, *rows = list(csv.reader(io.StringIO(out, newline="")))
        assert header[-1] == "not_followed"
        said = {row[0]: row[-1] for row in rows}
    else:
        items = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert all(list(item)[-1] == "not_followed" for item in items)
        said = {item["input"]: item["not_followed"] for item in items}
    assert said == OFFLINE_KINDS
    _, table, _ = run("check", "https://t.co/cykVk0lJUJ", "--offline")
    assert "not followed" in table  # what the table shows for the same link
