"""Every format × every payload either renders or refuses with a UsageError (never crashes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from threadscope.errors import UsageError
from threadscope.models import Assessment, AuditReport, BotReport, Brand, Reassembly
from threadscope.report import Format, Formatter, formatter

PAYLOADS = ("threads", "assessments", "audit", "bots", "brands")

# What each format must support (the rest may refuse): the list.
REQUIRED = {
    Format.TABLE: set(PAYLOADS),
    Format.JSON: set(PAYLOADS),
    Format.JSONL: set(PAYLOADS),
    Format.CSV: {"assessments", "audit", "bots", "brands"},
    Format.MARKDOWN: {"threads", "assessments", "audit", "bots"},
    Format.HTML: {"assessments", "audit", "bots"},
    Format.STIX: {"assessments", "audit", "bots"},
    Format.MISP: {"assessments", "audit", "bots"},
}


def test_formatter_is_exhaustive() -> None:
    for fmt in Format:
        chosen = formatter(fmt)
        assert isinstance(chosen, Formatter)
        assert chosen.name == fmt.value


@pytest.mark.parametrize("fmt", list(Format), ids=str)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_format_renders_or_refuses(
    fmt: Format,
    payload: str,
    reassembly: Reassembly,
    assessments: tuple[Assessment, ...],
    audit_report: AuditReport,
    bot_report: BotReport,
    brands: tuple[Brand, ...],
) -> None:
    chosen = formatter(fmt)
    render: dict[str, Callable[[], str]] = {
        "threads": lambda: chosen.threads(reassembly),
        "assessments": lambda: "".join(chosen.assessments(iter(assessments))),
        "audit": lambda: chosen.audit(audit_report),
        "bots": lambda: chosen.bots(bot_report),
        "brands": lambda: chosen.brands(brands),
    }
    try:
        text = render[payload]()
    except UsageError as error:
        assert payload not in REQUIRED[fmt], f"{fmt} must support {payload}"
        assert f"--format {fmt.value}" in str(error)
        return
    assert text.strip()
    assert "\x1b" not in text, "no raw escape sequence from the input may reach the output"


@pytest.mark.parametrize("fmt", list(Format), ids=str)
def test_empty_inputs_render(fmt: Format) -> None:
    chosen = formatter(fmt)
    empty = AuditReport(source="empty.txt", threads=(), links=())
    nothing_to_say = fmt is Format.JSONL  # no links: no lines
    assert chosen.audit(empty) or nothing_to_say
    assert "".join(chosen.assessments(iter(()))) or nothing_to_say


def test_account_status_shows_in_every_format_with_accounts(bot_report: BotReport) -> None:
    """What became of an account (taken down, suspended) is in the table, Markdown, HTML and
    CSV alike, as in JSON; a dump that does not say gets no status column (CSV: empty)."""
    import csv
    import dataclasses
    import io

    accounts = (dataclasses.replace(bot_report.accounts[0], status="takendown <b>"),
                *bot_report.accounts[1:])
    report = dataclasses.replace(bot_report, accounts=accounts)
    assert "takendown <b>" in formatter("table").bots(report)
    assert "| takendown \\<b\\> |" in formatter("markdown").bots(report)
    assert "<th>status</th>" in formatter("html").bots(report)
    assert "<td>takendown &lt;b&gt;</td>" in formatter("html").bots(report)
    rows = list(csv.DictReader(io.StringIO(formatter("csv").bots(report), newline="")))
    assert [row["status"] for row in rows] == ["takendown <b>", "", "", ""]
    assert "status" not in formatter("markdown").bots(bot_report)
    assert "<th>status</th>" not in formatter("html").bots(bot_report)


def test_links_are_numbered_from_one_in_every_human_format(audit_report: AuditReport) -> None:
    """A journalist cites "link 1" from the table, the Markdown or the HTML page alike."""
    count = len(audit_report.links)
    table = formatter(Format.TABLE).audit(audit_report)
    markdown = formatter(Format.MARKDOWN).audit(audit_report)
    page = formatter(Format.HTML).audit(audit_report)
    assert "### 1. " in markdown and f"### {count}. " in markdown and "### 0. " not in markdown
    assert "'>1</a></td>" in page and "'>0</a></td>" not in page
    numbers = [line.split()[0] for line in table.split("Links (each assessed once)")[1]
               .splitlines() if line[:3].strip().isdigit()]
    assert numbers == [str(n) for n in range(1, count + 1)]
