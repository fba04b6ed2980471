"""A t.co link and the address the dump says it expands to are two rows of the links table;
every format ties the first to the second (``AuditReport.expands_to``)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from tests.report.conftest import LOOKALIKE, SHORT
from threadscope.models import AuditReport, Hop
from threadscope.report import formatter
from threadscope.report.table_format import TableFormatter


def _report() -> AuditReport:
    return AuditReport(source="dump.json", threads=(), links=(SHORT, LOOKALIKE),
                       expands_to={0: 1})


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_the_short_links_row_says_which_row_it_expands_to(fmt: str) -> None:
    out = " ".join(formatter(fmt).audit(_report()).split())
    assert "expands to #2" in out or "expands to <a href='#link-1'>#2</a>" in out
    assert "expands to #1" not in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_gives_the_index_it_expands_to_and_null_elsewhere(fmt: str) -> None:
    out = formatter(fmt).audit(_report())
    links = (json.loads(out)["links"] if fmt == "json"
             else [json.loads(line) for line in out.splitlines()])
    assert [link["expands_to"] for link in links] == [1, None]


def test_without_expansions_nothing_is_said() -> None:
    report = AuditReport(source="dump.json", threads=(), links=(SHORT, LOOKALIKE))
    for fmt in ("table", "markdown", "html"):
        assert "expands to" not in formatter(fmt).audit(report).lower()
    assert "expands_to" not in next(csv.reader(io.StringIO(formatter("csv").audit(report))))


def _followed(landing: str) -> AuditReport:
    """The t.co link followed to ``landing``, while the dump says it expands to welt.ltd."""
    short = dataclasses.replace(SHORT, final_url=landing,
                                chain=(Hop(SHORT.url or "", 301), Hop(landing, 200)))
    return AuditReport(source="dump.json", threads=(), links=(short, LOOKALIKE),
                       expands_to={0: 1})


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_an_expansion_the_link_was_not_followed_to_is_said_to_be_the_dumps_alone(
        fmt: str) -> None:
    """A dump is text anyone may have written: one that says the t.co link expands to one
    site while following it led to another must not have its word stand for what was seen."""
    shown = TableFormatter(width=250) if fmt == "table" else formatter(fmt)  # one line a cell
    disputed = " ".join(shown.audit(_followed("https://evil.example/a")).split())
    assert "followed, it led to another site" in disputed
    agreed = " ".join(shown.audit(_followed("https://welt.ltd/politik/")).split())
    assert "(as the dump says)" in agreed and "another site" not in agreed


def test_the_stacked_entries_say_what_the_link_expands_to() -> None:
    """A narrow terminal's entries carry the note the wide table's top reason begins with."""
    out = " ".join(TableFormatter(width=80).audit(_report()).split())
    assert "expands to #2 (as the dump says)" in out
    out = " ".join(TableFormatter(width=80).audit(_followed("https://evil.example/a")).split())
    assert "expands to #2 (as the dump says; followed, it led to another site)" in out
