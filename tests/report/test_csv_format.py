"""CSV parses back with the csv module, one row per link occurrence, and is spreadsheet-safe."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from threadscope.models import Assessment, AuditReport, BotReport, Brand, Post, Reassembly
from threadscope.report.csv_format import CsvFormatter, cell


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_assessments_one_row_per_link(assessments: tuple[Assessment, ...]) -> None:
    rows = _rows("".join(CsvFormatter().assessments(iter(assessments))))
    assert [row["verdict"] for row in rows] == [a.verdict.value for a in assessments]
    lookalike = rows[0]
    assert lookalike["input"] == "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝"
    assert lookalike["imitates"] == "welt.de"
    assert lookalike["score"] == "92"
    assert lookalike["registered"] == "2022-06-28"
    assert "https://welt.ltd/ [301]" in lookalike["chain"]


def test_audit_one_row_per_occurrence_with_thread_and_post(audit_report: AuditReport) -> None:
    rows = _rows(CsvFormatter().audit(audit_report))
    placed = [(row["thread"], row["post"], row["domain"]) for row in rows]
    assert ("2", "2", "welt.ltd") in placed
    assert ("2", "2", "t.co") in placed
    assert ("1", "3", "de.wikipedia.org") in placed
    # The link found outside every thread still has a row, without a thread.
    assert ("", "", "example.org") in placed
    assert len(rows) == 5


def test_hostile_cells_survive_and_cannot_run(audit_report: AuditReport) -> None:
    rows = _rows(CsvFormatter().audit(audit_report))
    hostile = next(row for row in rows if row["verdict"] == "invalid")
    assert "<script>" in hostile["input"]
    assert "\x1b" not in hostile["input"] and "\\x1b" in hostile["input"]
    assert cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert cell("-2+3") == "'-2+3"
    assert cell("plain") == "plain"
    assert cell(None) == ""


def test_bots_one_row_per_account(bot_report: BotReport) -> None:
    rows = _rows(CsvFormatter().bots(bot_report))
    assert [row["account"] for row in rows] == [a.handle for a in bot_report.accounts]
    assert rows[0]["cluster_verdict"] == "coordinated"
    assert rows[3]["cluster"] == ""


def test_brands(brands: tuple[Brand, ...]) -> None:
    rows = _rows(CsvFormatter().brands(brands))
    assert rows[1]["domains"] == "tagesschau.de ard.de"


HOSTILE_CELLS = ("hallo;=1+1", "a;+cmd|' /C calc'!A0", "x; -2+3", "b;@SUM(1)", "=1;2",
                 'quote " and, comma', "line\nbreak\r", "", "plain", 7, None, "tab\there")


def test_a_semicolon_locale_never_starts_a_cell_with_a_formula() -> None:
    """Excel where ``;`` separates lists (Germany, France, …) splits an unquoted line at ``;``:
    no piece may then start a formula that the comma-separated cell hid."""
    from threadscope.report.csv_format import rows_to_csv

    text = rows_to_csv([HOSTILE_CELLS, ("1", "zwei;=HYPERLINK(A1)")])
    for field in _split_outside_quotes(text, ";"):
        shown = field[1:] if field.startswith('"') else field  # a quoted field's text
        assert not shown.startswith(("=", "+", "-", "@")), field
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [cell(value) for value in HOSTILE_CELLS]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    """Fields as a spreadsheet splits them: at ``separator`` and line breaks, never inside
    double quotes (an even number of them before a separator: outside)."""
    fields, start, quotes = [], 0, 0
    for index, char in enumerate(text):
        if char == '"':
            quotes += 1
        elif char in (separator, "\r", "\n") and quotes % 2 == 0:
            fields.append(text[start:index])
            start = index + 1
    return [*fields, text[start:]]


def test_rows_are_written_as_the_csv_module_writes_them() -> None:
    """Quoting as ``csv.writer``'s (minimal), but for the ``;``."""
    from threadscope.report.csv_format import rows_to_csv

    rows = [[value for value in HOSTILE_CELLS if ";" not in str(value)], [""], [None], [],
            ["a", ""], ['"'], [" lead", "trail "]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([cell(v) for v in row] for row in rows)
    assert rows_to_csv(rows) == buffer.getvalue()


def test_audit_rows_end_with_the_links_number_as_tables_show_it(
    audit_report: AuditReport,
) -> None:
    text = CsvFormatter().audit(audit_report)
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert header[-4:-2] == ["link_number", "post_author_labels"] and header[4] == "link"
    rows = _rows(text)
    assert rows and all(int(row["link_number"]) == int(row["link"]) + 1 for row in rows)


def test_the_contract_maps_every_csv_column_to_its_json_field(
    audit_report: AuditReport, bot_report: BotReport, assessments: tuple[Assessment, ...],
    reassembly: Reassembly, brands: tuple[Brand, ...],
) -> None:
    from pathlib import Path

    contract = (Path(__file__).resolve().parents[2] / "docs" / "CONTRACT.md").read_text("utf-8")
    mapping = contract.split("## CSV columns and the JSON fields they come from")[1]
    mapping = mapping.split("\n## ")[0]
    documented = {line.split("|")[1].strip().strip("`") for line in mapping.splitlines()
                  if line.startswith("| `")}
    formatter = CsvFormatter()
    for text in (formatter.audit(audit_report), formatter.bots(bot_report),
                 "".join(formatter.assessments(iter(assessments))),
                 formatter.threads(reassembly), formatter.brands(list(brands))):
        header = next(csv.reader(io.StringIO(text, newline="")))
        assert set(header) <= documented, set(header) - documented


def _documented_columns(opening: str) -> list[str]:
    """The CSV columns of the contract's table that follows the line starting ``opening``."""
    from pathlib import Path

    contract = (Path(__file__).resolve().parents[2] / "docs" / "CONTRACT.md").read_text("utf-8")
    table = contract.split(f"\n{opening}", 1)[1].split("\n\n", 2)[1]
    return [line.split("|")[1].strip().strip("`") for line in table.splitlines()
            if line.startswith("| `")]


def test_thread_and_brands_csv_headers_are_the_contracts_tables_in_order(
    reassembly: Reassembly, brands: tuple[Brand, ...],
) -> None:
    formatter = CsvFormatter()
    for opening, text in (("`thread` (one row per post", formatter.threads(reassembly)),
                          ("`brands` (one row per brand", formatter.brands(list(brands)))):
        header = next(csv.reader(io.StringIO(text, newline="")))
        assert header == _documented_columns(opening)


FORMULAS = ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+1",
            " =HYPERLINK(\"http://evil\")", "\u00a0\u3000+1", "\n-1",
            "\uff1d1+1", "\uff0bcmd", "\uff0d2", "\uff20SUM(1)", " \uff1dx")


def test_a_formula_behind_white_space_or_in_full_width_letters_cannot_run() -> None:
    """A spreadsheet may skip the white space before ``=`` (a tab, which the terminal escapes
    make four spaces, a no-break or ideographic space), and Excel in East Asian locales takes
    the full-width ``＝ ＋ － ＠`` for the ASCII ones: each such cell starts with ``'``."""
    for value in FORMULAS:
        assert cell(value).startswith("'"), value


def test_a_script_gets_the_true_value_by_dropping_one_apostrophe() -> None:
    """The rule is exact: a cell starts with ``'`` exactly when one was put before it (a
    value that itself starts with ``'`` gets a second one), so dropping the first ``'`` of a
    cell that has one gives the value as written (after the terminal escapes, as ever)."""
    from threadscope.report.csv_format import rows_to_csv
    from threadscope.textsafe import visible

    values = (*FORMULAS, "'=1+1", "'quoted'", "''", "'", "it's", " 'x", "plain", "a-b",
              "2024-01-01", "welt.ltd", "")
    text = rows_to_csv([values])
    read = next(csv.reader(io.StringIO(text, newline="")))
    undone = [field[1:] if field.startswith("'") else field for field in read]
    assert undone == [visible(value) for value in values]
    assert cell("it's") == "it's" and cell("a-b") == "a-b" and cell("2024-01-01") == "2024-01-01"


# Text a reply dump may hold anywhere: every character the CSV and its escapes treat apart.
_CSV_TEXT = st.text(alphabet=st.sampled_from(list("ab ;,\"'=+-@\r\n\t\x00\x01\x1b\u202e\uff1d🧵")),
                    max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    replies=st.lists(st.tuples(st.one_of(st.none(), _CSV_TEXT), st.one_of(st.none(), _CSV_TEXT),
                               st.lists(st.integers(0, 2), min_size=1, max_size=3)),
                     min_size=1, max_size=8),
    hostile=_CSV_TEXT,
)
def test_audit_rows_are_the_cells_of_each_row_made_safe_one_by_one(
    replies: list[tuple[str | None, str | None, list[int]]], hostile: str
) -> None:
    """A link's cells are written once and put into every row that holds it: each row must
    read back as its own values made safe one by one (``cell``), however hostile the link
    and the replies' authors and ids (quotes, ``;``, line breaks, controls, formulas)."""
    import dataclasses

    from tests.report.conftest import EVIL, LOOKALIKE, PLAIN
    from threadscope.report.csv_format import assessment_cells

    links = (dataclasses.replace(EVIL, input=hostile, error=hostile + ";x"), LOOKALIKE,
             dataclasses.replace(PLAIN, input=hostile + "\n" + hostile))
    posts = tuple(Post(f"reply {n}", line=n + 2, author=author, post_id=post_id)
                  for n, (author, post_id, _) in enumerate(replies))
    held_by = tuple((post, tuple(held)) for post, (_, _, held) in zip(posts, replies, strict=True))
    report = AuditReport(source="replies.csv", threads=(), links=links,
                         outside_post_links=held_by)
    expected = [
        [cell(value) for value in (None, None, None, post.line, index,
                                   *assessment_cells(links[index]), None, post.author, None,
                                   "false", post.post_id, index + 1, "", None,
                                   links[index].not_followed)]
        for post, held in report.outside_post_links for index in held
    ]
    expected += [[cell(value) for value in (None, None, None, None, index,
                                            *assessment_cells(link), None, None, None, None,
                                            None, index + 1, None, None,
                                            link.not_followed)]
                 for index, link in enumerate(links)
                 if all(index not in held for _, held in report.outside_post_links)]
    rows = list(csv.reader(io.StringIO(CsvFormatter().audit(report), newline="")))
    assert rows[1:] == expected
