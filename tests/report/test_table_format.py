"""The terminal table: readable, gaps where they belong, attacker text inert, colour on request."""

from __future__ import annotations

from threadscope.models import Assessment, AuditReport, BotReport, Reassembly
from threadscope.report.table_format import TableFormatter


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_threads_show_posts_in_order_with_gaps_where_they_belong(reassembly: Reassembly) -> None:
    text = TableFormatter(width=120).threads(reassembly)
    order = [
        text.index("1/5"),
        text.index("— 2/5 missing —"),
        text.index("3/5"),
        text.index("— 4/5 missing —"),
        text.index("5/5"),
        text.index("A trailing remark"),
        text.index("— 3–14/14 missing (12 posts) —"),
        text.index("Intro text before any thread"),
    ]
    assert order == sorted(order)
    assert "@reporter_one" in text
    assert "pasted twice: 3" in text
    assert "totals changed: 8 → 14" in text


def test_attacker_text_is_shown_literally(reassembly: Reassembly) -> None:
    text = TableFormatter(width=200, color=True).threads(reassembly)
    assert "\x1b[31mRED" not in text
    assert "\\x1b[31mRED" in text
    assert "[bold]B[/bold]" in text
    assert "[red]markup[/red]" in text


def test_colour_only_when_asked(audit_report: AuditReport) -> None:
    plain = TableFormatter(width=120, color=False).audit(audit_report)
    coloured = TableFormatter(width=120, color=True).audit(audit_report)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert "lookalike" in plain


def test_audit_puts_links_under_their_post_and_ends_with_summary(
    audit_report: AuditReport,
) -> None:
    text = TableFormatter(width=140).audit(audit_report)
    post = text.index("Hosted on")
    assert post < text.index("↳ #1 lookalike") < text.index("— 3–14/14 missing")
    assert "imitates welt.de" in text
    assert "same name as welt.de under .ltd" in text
    summary = text.index("Summary")
    assert summary > text.index("Links (each assessed once)")
    assert "1 look-alike link imitating welt.de" in text[summary:]


def test_assessments_stream_one_row_per_item(assessments: tuple[Assessment, ...]) -> None:
    chunks = list(TableFormatter(width=120).assessments(iter(assessments)))
    assert len(chunks) == len(assessments) + 1  # header, then one chunk per row
    assert chunks[1].startswith("lookalike")
    assert "written as: 𝐰𝐞𝐥𝐭.𝐥𝐭𝐝" in chunks[1]
    assert all("\x1b" not in chunk for chunk in chunks)


def test_bots_lists_clusters_and_accounts(bot_report: BotReport) -> None:
    text = TableFormatter(width=140).bots(bot_report)
    assert "coordinated" in text and "organic" in text
    assert "@MariaSchulz83651" in text
    assert "@x<script>" in text
    assert "1 coordinated cluster(s) of 2" in text
