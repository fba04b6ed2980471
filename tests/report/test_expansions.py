"""A t.co link and the address the dump says it expands to are two rows of the links table;
every format ties the first to the second (``AuditReport.expands_to``)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.report.conftest import LOOKALIKE, SHORT
from threadscope.models import AuditReport
from threadscope.report import formatter


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
