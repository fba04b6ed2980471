"""``threadscope audit`` end to end, offline: the brief's example, our fixture, every format."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import stix2
from click.testing import CliRunner

from tests.support.server import LoopbackServer
from tests.support.shared import shared_file
from tests.support.web import FakeWeb
from threadscope.cli import cli

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = "examples/003_b7ef94e99e87645a.txt"
FIXTURE = ROOT / "fixtures" / "audit" / "cloned_news_thread.txt"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["audit", *args], input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_example_offline_table() -> None:
    code, out, _ = _run(str(shared_file(EXAMPLE)), "--offline")
    assert code == 1
    for number in range(1, 7):
        assert f"Thread {number}" in out
    assert "Thread 7" not in out
    assert "https://t.co/cykVk0lJUJ" in out
    # Under its post, the link is cut at the 10-character t.co id (the card text is not in it).
    assert re.search(r"↳ .*https://t\.co/cykVk0lJUJ(\s|$)", out, re.MULTILINE)
    assert "wikipedia.org" in out
    # A flagged link is shown defanged: a table is read by people, and terminals make links
    # clickable.
    assert "hxxps://welt[.]ltd" in out and "imitates welt.de" in out
    assert "https://welt.ltd" not in out
    assert "\x1b" not in out  # not a terminal: no colour


def test_example_offline_json_shapes() -> None:
    code, out, _ = _run(str(shared_file(EXAMPLE)), "--offline", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) >= {"source", "threads", "links", "summary"}
    assert len(data["threads"]) == 6
    thread = data["threads"][0]
    assert set(thread) >= {"id", "author", "total", "declared_totals", "posts", "missing"}
    assert all("links" in post for t in data["threads"] for post in t["posts"])
    welt = next(link for link in data["links"] if link["domain"] == "welt.ltd")
    assert welt["verdict"] == "lookalike" and welt["imitates"] == "welt.de"
    assert welt["chain"] == [] and welt["final_url"] == welt["url"]
    assert data["summary"]["flagged"] is True


@pytest.mark.parametrize(
    "fmt", ["table", "json", "jsonl", "csv", "markdown", "html", "stix", "misp"])
def test_fixture_every_format(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, _ = _run(str(FIXTURE), "--offline", "--format", fmt, "-o", str(target))
    assert code == 1
    assert out == ""
    text = target.read_text("utf-8")
    if fmt in ("html", "markdown"):
        assert "<script>document.title" not in text  # shown as text, never as markup
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert any(row["domain"] == "spiegel.cfd" for row in rows)
    if fmt == "stix":
        bundle = stix2.parse(text, allow_custom=False)
        patterns = [o.pattern for o in bundle.objects if o.type == "indicator"]
        assert any("spiegel.cfd" in pattern for pattern in patterns)
    if fmt == "misp":  # live values, to_ids on the look-alike (tests/report/test_misp_format.py)
        attributes = json.loads(text)["Event"]["Attribute"]
        assert any(a["value"] == "spiegel.cfd" and a["to_ids"] for a in attributes)
    if fmt == "html":
        assert "hxxps://spiegel[.]cfd" in text and "https://spiegel.cfd" not in text


def test_stdin_and_clean_input_exit_0() -> None:
    code, out, _ = _run("-", "--offline", "--format", "json", stdin="Nothing here 1/2\nStill 2/2\n")
    assert code == 0
    assert json.loads(out)["links"] == []


def test_input_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "missing.txt"), "--offline")
    assert code == 2
    assert err.count("\n") == 1 and "no such file" in err
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, _, err = _run(str(binary), "--offline")
    assert code == 2 and "binary" in err
    code, _, err = _run(str(FIXTURE), "--format", "yaml")
    assert code == 2


def test_invalid_utf8_warns_and_continues(tmp_path: Path) -> None:
    dump = tmp_path / "bad.txt"
    dump.write_bytes(b"Look at spiegel.cfd \xff\xfe 1/1\n")
    code, _, err = _run(str(dump), "--offline", "--format", "json")
    assert code in (0, 1)
    assert "invalid UTF-8" in err


SHORTENED = ROOT / "fixtures" / "audit" / "shortened_links_thread.txt"


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackServer]:
    with LoopbackServer(FakeWeb()) as server:
        yield server


def test_through_the_loopback_web(web: LoopbackServer, tmp_path: Path) -> None:
    """t.co → bit.ly → welt.ltd (a WELT clone) through the fake web, with --proxy."""
    common = ["--proxy", web.url, "--timeout", "3", "--cache", str(tmp_path / "c.sqlite3")]
    code, out, _ = _run(str(SHORTENED), *common, "--format", "json")
    assert code == 1
    data = json.loads(out)
    short = next(link for link in data["links"] if link["url"] == "http://t.co/x")
    assert [hop["url"] for hop in short["chain"]][:2] == ["http://t.co/x", "http://bit.ly/y"]
    assert "welt.ltd" in short["final_url"]
    assert short["verdict"] == "lookalike" and short["imitates"] == "welt.de"
    thread = data["threads"][0]
    post = next(p for p in thread["posts"] if p["index"] == 2)
    assert data["links"].index(short) in post["links"]

    page = tmp_path / "report.html"
    code, _, _ = _run(str(SHORTENED), *common, "--format", "html", "-o", str(page))
    assert code == 1
    html = page.read_text("utf-8")
    assert "hxxp://bit[.]ly/y" in html  # the redirect chain, defanged: the link is flagged
    assert "welt[.]ltd" in html

    code, out, _ = _run(str(SHORTENED), *common, "--format", "stix")
    bundle = stix2.parse(out, allow_custom=False)
    patterns = {o.pattern for o in bundle.objects if o.type == "indicator"}
    # The shortened address itself, and the look-alike domain it lands on; never all of t.co.
    assert "[url:value = 'http://t.co/x']" in patterns
    assert "[domain-name:value = 'welt.ltd']" in patterns
    assert not any("'t.co'" in pattern for pattern in patterns)


def test_progress_bar_callbacks_count_links() -> None:
    from threadscope.cli.progress import progress_bar

    with progress_bar("checking links", None, True) as tick:
        tick.total(2)
        tick()
        tick.advance(1)
    with progress_bar("checking links", None, False) as silent:
        silent.total(2)
        silent()  # a silent ticker takes the same calls


# --------------------------------------------------------------------------- CSV

THREADS = ROOT / "fixtures" / "threads"


def test_a_csv_link_column_is_audited_with_the_text() -> None:
    """twarc-csv's ``entities.urls`` holds where the t.co links lead: the look-alike is there
    only, and is found in the post that holds it."""
    code, out, _ = _run(str(THREADS / "twarc2_csv.csv"), "--offline", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["summary"]["threads"] == 2
    flagged = [link for link in data["links"] if link["verdict"] == "lookalike"]
    assert {link["url"] for link in flagged} == {"https://bild.eu.com/kiesel-studie",
                                                 "https://bild.eu.com/news/41177"}
    first = data["threads"][0]["posts"][1]
    assert any(data["links"][i]["url"] == "https://bild.eu.com/kiesel-studie"
               for i in first["links"])


def test_column_option_names_the_link_column() -> None:
    csv_text = "author,text,Quelle\nanna,Lesen!,https://welt.ltd/a\n"
    code, out, _ = _run("-", "--offline", "--format", "json", stdin=csv_text)
    assert code == 0 and json.loads(out)["links"] == []  # "Quelle" is no guessed column
    code, out, _ = _run("-", "--offline", "--format", "json", "--column", "urls=Quelle",
                        stdin=csv_text)
    assert code == 1 and json.loads(out)["links"][0]["domain"] == "welt.ltd"


def test_a_bad_column_option_exits_2_with_one_line() -> None:
    code, _, err = _run("-", "--offline", "--column", "bogus", stdin="author,text\na,b\n")
    assert code == 2 and "KEY=NAME" in err and len(err.strip().splitlines()) == 1


def test_the_unusable_ones_are_called_links_found() -> None:
    code, _, err = _run("-", "--offline", stdin="1/2 see https://a.b/x\n2/2 and welt.de/y\n")
    assert code == 0
    assert "threadscope: 1 of 2 links found are not usable" in err
    assert "inputs" not in err


def test_the_summary_counts_links_as_their_rows_show_them(tmp_path: Path) -> None:
    """A t.co link not followed shows as `not followed`, never `benign`: the count line under
    the table counts it so too (as the HTML report's tiles do), not among the benign ones."""
    dump = tmp_path / "dump.txt"
    dump.write_text("1/2 Quelle: welt.de\n2/2 und https://t.co/abcdefghij\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(dump), "--offline"])
    assert result.exit_code == 0, result.output
    assert ("lookalike 0  suspicious 0  benign 0  official 1  not followed / unresolved 1  "
            "invalid 0") in result.stdout


# --------------------------------------------------------------------------- where a link was

REPLIES = ROOT / "fixtures" / "bots" / "replies_x_api_v2.json"
CLONE = "https://washingtonpost.pm/world/2024/03/15/sanctions"


def test_jsonl_names_the_reply_in_no_thread_that_posted_a_link() -> None:
    """A dump of replies by many accounts has no thread: each link still says which reply
    (id, author, line) posted it, so a researcher can tell who spread the clone."""
    code, out, _ = _run(str(REPLIES), "--offline", "--format", "jsonl")
    assert code == 1
    links = [json.loads(line) for line in out.splitlines()]
    assert all(link["found_in"] for link in links)
    clone = next(link for link in links if link["url"] == CLONE)
    assert clone["found_in"] == [
        {"thread": None, "post": None, "line": line, "post_id": post_id, "author": author,
         "author_kind": "handle"}
        for line, post_id, author in [
            (2, "1768500000000000101", "JamesMiller40511286"),
            (4, "1768500000000000103", "SarahTaylor9920413"),
            (8, "1768500000000000107", "EmmaSmith66120934"),
        ]
    ]


def test_json_links_say_where_they_were_found_as_jsonl_does() -> None:
    _, out, _ = _run(str(REPLIES), "--offline", "--format", "json")
    _, lines, _ = _run(str(REPLIES), "--offline", "--format", "jsonl")
    found = [json.loads(line)["found_in"] for line in lines.splitlines()]
    assert [link["found_in"] for link in json.loads(out)["links"]] == found


def test_found_in_of_a_threaded_post_keeps_its_keys_and_names_the_post() -> None:
    _, out, _ = _run(str(ROOT / "fixtures" / "audit" / "x_api_thread.json"), "--offline",
                     "--format", "jsonl")
    spiegel = next(json.loads(line) for line in out.splitlines()
                   if "spiegel.cfd" in json.loads(line)["url"])
    (where,) = spiegel["found_in"]
    assert (where["thread"], where["post"], where["line"]) == (1, 2, 2)
    assert where["post_id"] and where["author"]


def test_csv_rows_name_the_reply_in_no_thread_that_posted_a_link() -> None:
    code, out, _ = _run(str(REPLIES), "--offline", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    # added at the end
    assert list(rows[0])[-3:] == ["post_author_labels", "unlinked_card", "not_followed"]
    clones = [row for row in rows if row["url"] == CLONE]
    assert [(row["post_line"], row["post_id"], row["post_author"]) for row in clones] == [
        ("2", "1768500000000000101", "JamesMiller40511286"),
        ("4", "1768500000000000103", "SarahTaylor9920413"),
        ("8", "1768500000000000107", "EmmaSmith66120934"),
    ]
    assert all(row["thread"] == "" and row["post"] == "" for row in clones)
    assert {row["post_author_kind"] for row in clones} == {"handle"}
    assert {row["link_number"] for row in rows if row["url"] == CLONE} == {"5"}


def test_found_in_first_gives_a_csv_row_per_link_with_how_many_posts_hold_it() -> None:
    """``--found-in first``: of the rows ``all`` gives, each link's first, the same columns
    and ``found_in_count`` at the end, the number of rows ``all`` gives that link."""
    _, every, _ = _run(str(REPLIES), "--offline", "--format", "csv")
    code, first, _ = _run(str(REPLIES), "--offline", "--format", "csv", "--found-in", "first")
    assert code == 1
    all_rows = list(csv.DictReader(io.StringIO(every)))
    rows = list(csv.DictReader(io.StringIO(first)))
    assert list(rows[0]) == [*all_rows[0], "found_in_count"]
    firsts: dict[str, dict[str, str]] = {}
    for row in all_rows:
        firsts.setdefault(row["link"], row)
    assert [{key: row[key] for key in all_rows[0]} for row in rows] == list(firsts.values())
    counts = {link: sum(row["link"] == link for row in all_rows) for link in firsts}
    assert {row["link"]: int(row["found_in_count"]) for row in rows} == counts
    (clone,) = [row for row in rows if row["url"] == CLONE]
    assert (clone["post_author"], clone["found_in_count"]) == ("JamesMiller40511286", "3")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_found_in_first_keeps_the_first_post_and_counts_them_all(fmt: str) -> None:
    def links(*extra: str) -> list[dict[str, object]]:
        _, out, _ = _run(str(REPLIES), "--offline", "--format", fmt, *extra)
        if fmt == "json":
            found: list[dict[str, object]] = json.loads(out)["links"]
            return found
        return [json.loads(line) for line in out.splitlines()]

    every, first = links(), links("--found-in", "first")
    assert "found_in_count" not in every[0]
    assert [{**link, "found_in": link["found_in"][:1], "found_in_count": len(link["found_in"])}
            for link in every] == first  # type: ignore[index,arg-type]
    assert max(len(link["found_in"]) for link in every) > 1  # type: ignore[arg-type]


def test_found_in_takes_all_or_first_only() -> None:
    code, _, err = _run(str(REPLIES), "--offline", "--format", "csv", "--found-in", "some")
    assert code == 2 and "'some' is not one of 'all', 'first'" in err


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_human_formats_name_the_reply_in_no_thread_that_posted_a_link(fmt: str) -> None:
    code, out, _ = _run(str(REPLIES), "--offline", "--format", fmt)
    assert code == 1
    out = out.replace("\u2060", "")  # the word joiner of Markdown's @ that mentions nobody
    for name, line, post_id in [("JamesMiller40511286", 2, "1768500000000000101"),
                                ("EmmaSmith66120934", 8, "1768500000000000107")]:
        assert f"no thread: @{name}, line {line}, id {post_id}" in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_a_redirect_wrapper_is_tied_to_its_destination_in_every_format(fmt: str) -> None:
    dump = ROOT / "fixtures" / "links" / "redirect_wrappers.txt"
    code, out, _ = _run(str(dump), "--offline", "--format", fmt)
    assert code == 1
    if fmt == "json":
        links = json.loads(out)["links"]
        by_url = {link["url"]: link for link in links}
        google = next(link for link in links if link["domain"] == "www.google.com")
        assert links[google["expands_to"]]["url"] == "https://spiegel.ltd/politik/a-1"
        assert by_url["https://spiegel.ltd/politik/a-1"]["verdict"] == "lookalike"
        return
    words = " ".join(out.split())
    if fmt == "table":  # the reason wraps inside its column, beside the next one's words
        assert "expands to #2 (a" in words and "expands to #4 (a" in words
        assert "redirect: the" in words
    else:
        assert "(a redirect: the link itself names it)" in words
    assert "as the dump says" not in words


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "stix", "misp"])
def test_every_format_with_a_lead_counts_official_and_benign_apart(fmt: str) -> None:
    """Two brands' own sites and a site of nobody's: "2 official, 1 benign", as a
    fact-checker cites it, not "3 benign or official"."""
    _, out, _ = _run("-", "--offline", "--format", fmt,
                     stdin="Quelle welt.de, spiegel.de und example.org 1/1\n")
    assert "2 official, 1 benign" in out and "benign or official" not in out


@pytest.mark.parametrize("name", ["000_d419403badf84a6f.txt", "001_ce43af6379858d72.txt"])
def test_an_article_that_is_no_thread_is_shown_by_its_start_and_kept_in_json(name: str
                                                                            ) -> None:
    """A real pasted article: the table says it holds no thread and no link, with its first
    two lines to tell which text it was (``common.excerpt``); JSON keeps the whole text."""
    path = str(shared_file(f"examples/{name}"))
    code, table, _ = _run(path, "--offline")
    assert code == 0 and table.rstrip().endswith("No links found.")
    assert "no links in it; shown: the first lines" in " ".join(table.split())
    _, out, _ = _run(path, "--offline", "--format", "json")
    [text] = json.loads(out)["unthreaded"]
    assert len(text.splitlines()) > 12
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0][:40] in table and lines[1][:40] in table and lines[2][:40] not in table
    assert len(table.splitlines()) < 20
    _, explained, _ = _run(path, "--offline", "--explain")
    assert text.splitlines()[1][:40] in explained


# --------------------------------------------------------------------------- link budget


def test_a_paste_past_the_link_budget_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A bulk list of links is refused while its links are found (``links.budget``): the
    paste is made here, one distinct link past ``MAX_AUDIT_LINKS``, half of it in one line."""
    from threadscope.links.budget import MAX_AUDIT_LINKS

    links = [f"https://x{number}.example/" for number in range(MAX_AUDIT_LINKS + 1)]
    half = len(links) // 2
    paste = tmp_path / "bulk.txt"
    paste.write_text(" ".join(links[:half]) + "\n" + "\n".join(links[half:]) + "\n", "utf-8")
    code, out, err = _run(str(paste), "--offline", "--format", "json")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"more than {MAX_AUDIT_LINKS:,} distinct links" in err
    assert "threadscope domains" in err
    assert "Traceback" not in err


def test_one_text_writing_too_many_links_is_refused_before_they_are_read(
    tmp_path: Path,
) -> None:
    """One line writing the same link past ``MAX_LINKS_IN_ONE_TEXT`` times: refused while the
    line's links are found, not after all of them are held."""
    from threadscope.links.budget import MAX_LINKS_IN_ONE_TEXT

    paste = tmp_path / "repeated.txt"
    paste.write_text("https://welt.ltd/a " * (MAX_LINKS_IN_ONE_TEXT + 1), "utf-8")
    code, out, err = _run(str(paste), "--offline")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"more than {MAX_LINKS_IN_ONE_TEXT:,} links in one text" in err
    assert "threadscope domains" in err
