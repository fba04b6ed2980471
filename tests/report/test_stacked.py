"""The stacked layout of narrow terminals (``stacked``): below ``NARROW`` columns, ``audit``'s
links, ``check``/``domains`` rows and ``bots``' tables are entries (a head line, details
indented beneath) that never cut a link's host or a word, and show what the wide tables show.

At 60, 80, 100, 120 and 160 columns, in colour and plain: every word of every reason is
printed whole (a folded word would leave two pieces and lose the whole), every flagged host
and account handle is whole, and there is no control byte but colour's escape sequences. The
wide tables above the threshold are unchanged (the other report tests hold them byte for
byte); here the narrow and the wide layout are compared word for word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from threadscope.assessment import assess
from threadscope.bots.detect import detect
from threadscope.ingest.replies import open_replies
from threadscope.models import Assessment, AuditReport, BotReport, Verdict
from threadscope.pipeline import audit
from threadscope.report import common, stacked
from threadscope.report.table_format import TableFormatter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
WIDTHS = [60, 80, 100, 120, 160]
ESCAPES = re.compile("\x1b\\[[0-9;]*m")
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
FLAGGED = (Verdict.LOOKALIKE, Verdict.SUSPICIOUS)
LONG_HOST = "https://www.spiegel.de.nachrichten-heute-aktuell-und-wichtig.com/politik/x-1"


def _audit_report(*, long_host: bool = True) -> AuditReport:
    text = (FIXTURES / "audit" / "cloned_news_thread.txt").read_text("utf-8")
    if long_host:
        text += f"\nNoch einer: {LONG_HOST} 6/6\n"
    return audit(text, source="cloned.txt")


def _bot_report() -> BotReport:
    return detect(open_replies(str(FIXTURES / "bots" / "replies.csv")))


def _checked(*, long_host: bool = True) -> list[Assessment]:
    return [assess(link) for link in (
        *([LONG_HOST] if long_host else []), "https://spiegel.ltd/politik/" + "artikel-" * 12,
        "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝", "https://t.co/cykVk0lJUJ", "https://www.spiegel.de/")]


def _outputs(width: int, *, explain: bool = False) -> dict[tuple[str, bool], str]:
    """Each command's table at ``width``, with colour and without (escapes removed)."""
    out = {}
    for color in (False, True):
        formatter = TableFormatter(width=width, color=color, explain=explain)
        texts = {"audit": formatter.audit(_audit_report()),
                 "check": "".join(formatter.assessments(_checked())),
                 "bots": formatter.bots(_bot_report())}
        for name, text in texts.items():
            assert ("\x1b[" in text) is color
            out[name, color] = ESCAPES.sub("", text)
    return out


def _reasons(width: int, explain: bool) -> dict[str, list[str]]:
    """The reasons each command's table shows, as its formatter words them."""
    formatter = TableFormatter(width=width, explain=explain)
    links = _audit_report().links
    report = _bot_report()
    flagged = common.flagged_only(report.links)
    return {
        "audit": [line for link in links for line in formatter._reasons_shown(link)],
        "check": [line for item in _checked() for line in formatter._reasons_shown(item)],
        "bots": [line for cluster in report.clusters
                 for line in formatter._cluster_reasons(cluster, flagged)],
    }


def _flagged_hosts(links: Sequence[Assessment]) -> list[str]:
    """Each flagged link's scheme and host as shown (defanged)."""
    texts = [common.link_text(link) for link in links if link.verdict in FLAGGED]
    return [text[:stacked.authority_end(text)] for text in texts]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("explain", [False, True])
def test_no_word_broken_no_host_cut_no_control_bytes(width: int, explain: bool) -> None:
    outputs = _outputs(width, explain=explain)
    handles = [common.account_label(account.handle) for account in _bot_report().accounts]
    shown = {"audit": _flagged_hosts(_audit_report().links), "check": _flagged_hosts(_checked()),
             "bots": handles}
    for (name, color), text in outputs.items():
        assert not CONTROLS.search(text)
        words = set(text.split())
        for reason in _reasons(width, explain)[name]:
            for word in reason.split():
                assert word in words, (name, width, word)
        if not color:
            assert all(line.rstrip() == line for line in text.splitlines())
        if width < stacked.NARROW:  # the wide tables may cut a long link (left as it was)
            for host in shown[name]:
                assert host in words or any(word.startswith(host) for word in words), host


def test_narrow_lines_fit_but_for_a_word_longer_than_the_line() -> None:
    for width in (60, 80):
        for text in _outputs(width, explain=True).values():
            for line in text.splitlines():
                assert len(line) <= width or len(line.split()[-1]) > width - 10, line


_LABELS = {"found", "in", "imitates", "cluster", "score", "replies", "accounts", "created",
           "verdict", "link", "top", "reason", "reasons", "account", "#", "-", "─"}


def _words(text: str, start: str = "", end: str = "") -> set[str]:
    """The words of ``text`` between ``start`` and ``end`` (to its end), without the layouts'
    labels and rules, punctuation at their ends, ``#`` of a number, and a link as its scheme
    and host (the wide table cuts paths, the stacked one may shorten them)."""
    section = text[text.index(start):text.index(end) if end else len(text)]
    words = set()
    for word in section.split():
        word = word.strip(",;").removeprefix("#")
        if "://" in word:
            word = word[:stacked.authority_end(word)]
        if word and word not in _LABELS and set(word) != {"─"}:
            words.add(word)
    return words


@pytest.mark.parametrize("narrow", [60, 80])
@pytest.mark.parametrize("explain", [False, True])
def test_narrow_and_wide_show_the_same_words(narrow: int, explain: bool) -> None:
    """Reasons, hosts, handles, numbers, places: the stacked layout shows the words the wide
    one shows (at 200 columns, where nothing is cut), and no others but its labels."""
    report = _audit_report(long_host=False)
    wide = TableFormatter(width=200, explain=explain).audit(report)
    assert "top reason" in wide or "reasons" in wide  # the wide table
    stacked_text = TableFormatter(width=narrow, explain=explain).audit(report)
    assert _words(stacked_text, "Links (", "Summary") == _words(wide, "Links (", "Summary")
    bots = _bot_report()
    wide = TableFormatter(width=200).bots(bots)
    stacked_text = TableFormatter(width=narrow).bots(bots)
    assert _words(stacked_text, "Clusters", "Network:") == _words(wide, "Clusters", "Network:")
    items = _checked(long_host=False)
    wide = "".join(TableFormatter(width=200, explain=explain).assessments(items))
    stacked_text = "".join(TableFormatter(width=narrow, explain=explain).assessments(items))
    header, rows = wide.split("\n", 1)
    assert header.split()[0] == "verdict"
    assert _words(stacked_text) == _words(rows)


def test_audit_entry_reads_as_a_head_line_and_details() -> None:
    report = _audit_report()
    text = TableFormatter(width=80).audit(report)
    lines = text[text.index("Links ("):].splitlines()
    head = next(line for line in lines if line.startswith("#1 "))
    # the score is the fitted model's (a refit moves it by a point): read from the report
    clone = next(link for link in report.links if link.registrable_domain == "spiegel.cfd")
    assert clone.verdict.value == "lookalike"
    assert head.split()[:3] == ["#1", "lookalike", str(clone.score)]
    assert "hxxps://spiegel[.]cfd/" in head and head.endswith("imitates spiegel.de")
    details = lines[lines.index(head) + 1:lines.index(head) + 3]
    assert details[0].startswith("   same name as spiegel.de under .cfd")
    assert details[1] == "   found in thread 1, post 2/6"
    long_host = next(line for line in lines if "nachrichten-heute" in line)
    assert "hxxps://www[.]spiegel[.]de[.]nachrichten-heute-aktuell-und-wichtig[.]com" \
        in long_host


def test_a_long_path_is_shortened_never_the_host() -> None:
    link = "hxxps://spiegel[.]ltd/politik/" + "artikel-" * 12
    assert stacked.shorten_link(link, 40) == link[:39] + "…"
    assert stacked.shorten_link(link, 10) == "hxxps://spiegel[.]ltd/…"
    assert stacked.shorten_link(link, 200) == link
    assert stacked.shorten_link("hxxps://a-very-long-host[.]example", 5) == \
        "hxxps://a-very-long-host[.]example"
    assert stacked.authority_end("user@spiegel.de:8080/x?y") == len("user@spiegel.de:8080")


def test_words_wrap_at_spaces_only() -> None:
    text = "eins zwei drei " + "x" * 30 + " vier"
    lines = stacked.wrap_words(text, 12)
    assert lines == ["eins zwei", "drei", "x" * 30, "vier"]
    assert stacked.wrap_words("", 10) == [""]
    assert stacked.wrap_words("全角の文字 全角の文字", 10) == ["全角の文字", "全角の文字"]


def test_check_on_a_narrow_terminal_has_no_column_headings() -> None:
    items = _checked()
    narrow = "".join(TableFormatter(width=80).assessments(items))
    assert not narrow.startswith("verdict")
    assert narrow.splitlines()[0].startswith("lookalike")
    wide = "".join(TableFormatter(width=100).assessments(items))
    assert wide.startswith("verdict")


def test_the_cli_takes_the_width_from_columns() -> None:
    from click.testing import CliRunner

    from threadscope.cli import cli

    path = str(FIXTURES / "audit" / "cloned_news_thread.txt")
    runner = CliRunner()
    narrow = runner.invoke(cli, ["audit", "--offline", path], env={"COLUMNS": "80"}).output
    wide = runner.invoke(cli, ["audit", "--offline", path], env={"COLUMNS": "120"}).output
    clone = next(link for link in _audit_report(long_host=False).links
                 if link.registrable_domain == "spiegel.cfd")
    assert f"\n#1 lookalike {clone.score} hxxps://spiegel[.]cfd/" in narrow
    assert "\n#1 lookalike" not in wide and "top reason" in wide


def test_a_wide_table_that_would_cut_a_flagged_host_gives_entries() -> None:
    """Above the threshold the wide layout stays, unless its link column would cut a flagged
    link's host (``hxxps://www[.]spiegel[.]de[.]nachrichten-…``: only spiegel.de left to see):
    ``audit``'s whole table then, and that one row of ``check``, are entries."""
    host = "hxxps://www[.]spiegel[.]de[.]nachrichten-heute-aktuell-und-wichtig[.]com"
    for width in (100, 160, 200):
        text = TableFormatter(width=width).audit(_audit_report())
        assert "top reason" not in text and f" {host}/" in text
        text = TableFormatter(width=width).audit(_audit_report(long_host=False))
        assert "top reason" in text
        items = _checked()
        rows = "".join(TableFormatter(width=width).assessments(items)).splitlines()
        assert rows[0].startswith("verdict")  # the table's heading, then the entry
        assert rows[1].startswith(f"lookalike {items[0].score} {host}/")
        # the scores are the fitted model's (a refit moves them by a point): read, not written
        score = next(a.score for a in items if a.registrable_domain == "spiegel.ltd")
        assert any(row.startswith(f"lookalike     {score}  hxxps://spiegel[.]ltd/") for row in rows)


def test_an_account_name_too_wide_for_the_column_gives_entries(bot_report: BotReport) -> None:
    long_name = "a-very-long-handle-of-a-bluesky-account.example.social"
    accounts = (*bot_report.accounts[:-1],
                replace(bot_report.accounts[-1], handle=long_name))
    report = replace(bot_report, accounts=accounts)
    assert "top reason" in TableFormatter(width=160).bots(bot_report)
    for width in (60, 80, 160):
        text = TableFormatter(width=width).bots(report)
        assert "top reason" not in text
        label = common.account_label(long_name)
        assert any(line.startswith(f"{label} ") or line == label for line in text.splitlines())
