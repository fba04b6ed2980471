"""A link in a thread's trailing text (text after its last post, shown under the thread as
``after``) is said to stand there: ``thread 1, after post 3/3`` in the table, Markdown and
HTML, a ``found_in`` entry of its thread with ``post`` null in JSON and jsonl, a CSV row with
its thread's columns. The links table called it "text not in any thread", a place the reader
looked for under "Not in any thread" and did not find, and JSON gave it no place at all."""

from __future__ import annotations

import csv
import io
import json
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadscope.cli import cli
from threadscope.pipeline import audit
from threadscope.report import common

PASTE = """Vorab ein Artikel: https://bild.ltd/vorab

1/3 Die Regierung verschweigt etwas
2/3 Hier die Quelle https://welt.ltd/politik/a
3/3 Teilt das!

Mehr dazu hier: https://spiegel.ltd/b und noch einmal https://welt.ltd/politik/a
"""
"""Text in no thread (an intro), a thread of three, and text after its last post that holds
a new link and one of post 2's."""
AFTER = "thread 1, after post 3/3"


def test_the_report_says_which_thread_a_trailing_text_s_links_stand_with() -> None:
    report = audit(PASTE)
    (thread,) = report.threads
    assert thread.trailing is not None and "spiegel.ltd" in thread.trailing
    urls = [link.url for link in report.links]
    spiegel, welt, bild = (urls.index(f"https://{name}") for name in (
        "spiegel.ltd/b", "welt.ltd/politik/a", "bild.ltd/vorab"))
    assert report.trailing_links == {1: (spiegel, welt)}
    places = common.where_found(report)
    assert places[spiegel] == [AFTER]
    assert places[welt] == ["thread 1, post 2/3", AFTER]  # in thread order
    assert bild not in places  # the intro: text not in any thread, as before
    found = report.found_in()
    assert found[spiegel] == [{"thread": 1, "post": None, "line": None, "post_id": None,
                               "author": None, "author_kind": None}]
    assert [(entry["thread"], entry["post"]) for entry in found[welt]] == [(1, 2), (1, None)]
    assert bild not in found


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 1
    return result.stdout


@pytest.fixture
def dump(tmp_path: Path) -> str:
    path = tmp_path / "paste.txt"
    path.write_text(PASTE, "utf-8")
    return str(path)


def test_table_markdown_and_html_name_the_thread(dump: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the found-in column whole on each row
    table = run("audit", dump, "--offline")
    rows = {line.split()[3]: line for line in table.splitlines()
            if line.strip()[:1].isdigit() and "hxxps://" in line}
    assert AFTER.replace(" ", "\u00a0") in rows["hxxps://spiegel[.]ltd/b"]
    assert rows["hxxps://bild[.]ltd/vorab"].endswith("text not in")  # "any thread" below
    markdown = run("audit", dump, "--offline", "--format", "markdown")
    assert markdown.count(f"**Found in:** {AFTER}") == 1  # spiegel.ltd's
    assert f"**Found in:** thread 1, post 2/3; {AFTER}" in markdown  # welt.ltd's
    assert "**Found in:** text not in any thread" in markdown  # bild.ltd's, in the intro
    html = unescape(run("audit", dump, "--offline", "--format", "html"))
    # the links table and each link's card: welt.ltd's and spiegel.ltd's
    assert html.count(AFTER) == 4 and html.count(f"thread 1, post 2/3; {AFTER}") == 2
    assert "text not in any thread" in html


def test_json_jsonl_and_csv_name_the_thread(dump: str) -> None:
    links = json.loads(run("audit", dump, "--offline", "--format", "json"))["links"]
    by_url = {link["url"]: link["found_in"] for link in links}
    assert [(e["thread"], e["post"]) for e in by_url["https://spiegel.ltd/b"]] == [(1, None)]
    assert by_url["https://bild.ltd/vorab"] == []
    lines = [json.loads(line) for line in
             run("audit", dump, "--offline", "--format", "jsonl").splitlines()]
    assert {line["url"]: line["found_in"] for line in lines} == by_url
    first = json.loads(run("audit", dump, "--offline", "--format", "json", "--found-in",
                           "first"))["links"]
    assert {link["url"]: link["found_in_count"] for link in first} == {
        "https://bild.ltd/vorab": 0, "https://welt.ltd/politik/a": 2,
        "https://spiegel.ltd/b": 1}
    rows = list(csv.DictReader(io.StringIO(run("audit", dump, "--offline", "--format", "csv"))))
    placed = [(row["thread"], row["post"], row["url"]) for row in rows]
    assert placed == [("1", "2", "https://welt.ltd/politik/a"),
                      ("1", "", "https://spiegel.ltd/b"),
                      ("1", "", "https://welt.ltd/politik/a"),
                      ("", "", "https://bild.ltd/vorab")]
