"""A post's edit, the links it had before, and its image descriptions: what its text does not
show, which every reading format (table, Markdown, HTML) says under the post, so that a link
listed under a post it is not written in is explained."""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

from threadscope.models import (
    Assessment,
    AuditReport,
    BotReport,
    Post,
    Reassembly,
    Thread,
    Verdict,
)
from threadscope.report import common
from threadscope.report.html_format import HtmlFormatter
from threadscope.report.markdown_format import MarkdownFormatter
from threadscope.report.table_format import TableFormatter

AWAY = "https://welt.ltd/a"
ALT = "Screenshot <img src=x onerror=alert(1)> [link](https://evil.example) \x1b[2J\u202e"


def _report() -> AuditReport:
    edited = Post("Die Zahlen: https://example.org/", line=2, index=2, total=2,
                  created_at="2025-09-04T08:01:00Z", edited_at="2025-09-04T08:30:00Z",
                  edited_away=(AWAY,), urls=("https://example.org/", AWAY))
    pictured = Post("Siehe Bild", line=3, index=1, total=2, alt_text=(ALT, "zweites"))
    thread = Thread(1, "ina", 2, (2,), (pictured, edited), (), ())
    flagged = Assessment(input=AWAY, url=AWAY, domain="welt.ltd", registrable_domain="welt.ltd",
                         verdict=Verdict.LOOKALIKE, score=92, imitates="welt.de")
    plain = Assessment(input="https://example.org/", url="https://example.org/",
                       domain="example.org", registrable_domain="example.org",
                       verdict=Verdict.BENIGN, score=0)
    return AuditReport("x.json", (thread,), (plain, flagged),
                       post_links={(1, 1): (0, 1)})


def test_notes_say_what_the_text_does_not() -> None:
    post = _report().threads[0].posts[1]
    assert common.post_notes(post) == [
        "edited 2025-09-04T08:30:00Z (first posted 2025-09-04T08:01:00Z)",
        f"link edited away: {AWAY}",
    ]
    assert common.post_notes(Post("plain", line=1)) == []


def test_table_shows_the_notes_under_the_post() -> None:
    for color in (False, True):
        text = TableFormatter(width=120, color=color).audit(_report())
        assert "edited 2025-09-04T08:30:00Z" in text
        assert "link edited away: hxxps://welt[.]ltd/a" in text  # flagged: defanged
        assert "image description: Screenshot" in text and "zweites" in text
        assert "\x1b[2J" not in text and "\u202e" not in text and "\\u202e" in text
        assert text.index("Siehe Bild") < text.index("image description") < text.index(
            "Die Zahlen") < text.index("edited away")
    threads = TableFormatter(width=120).threads(Reassembly("x.json", _report().threads))
    assert "link edited away: https://welt.ltd/a" in threads


def test_markdown_notes_are_inert_and_defanged() -> None:
    text = MarkdownFormatter().audit(_report())
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "link edited away: hxxps://welt[.]ltd/a" in html
    assert "image description: Screenshot &lt;img" in html
    assert re.findall(r"<(?:a|img)\b", html) == []


def test_html_notes_are_text_and_defanged() -> None:
    page = HtmlFormatter().audit(_report())
    assert "edited 2025-09-04T08:30:00Z (first posted 2025-09-04T08:01:00Z)" in page
    assert ("link edited away: <mark class='flag'>hxxps://welt[.]ltd/a</mark>") in page
    assert "image description: Screenshot &lt;img src=x onerror=alert(1)&gt;" in page
    assert "\\x1b[2J\\u202e" in page


def test_thread_command_writes_html_and_csv_with_the_notes() -> None:
    """``thread`` offers the HTML page and the CSV rows its formatters write; a post's own
    author, ids, times, links edited away and image descriptions are CSV columns."""
    import csv
    import io
    from pathlib import Path

    from click.testing import CliRunner

    from threadscope.cli import cli

    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "threads"
    dump = fixtures / "mastodon_thread_with_history.jsonl"
    page = CliRunner().invoke(cli, ["thread", str(dump), "--format", "html"])
    assert page.exit_code == 0, page.output
    assert "link edited away: https://hochwasserzentralen.de.pegel-news.example/" in page.stdout
    assert "image description: Die Kopie im Vergleich" in page.stdout
    table = CliRunner().invoke(cli, ["thread", str(dump), "--format", "csv"])
    assert table.exit_code == 0, table.output
    rows = list(csv.DictReader(io.StringIO(table.stdout, newline="")))
    assert [row["edited_at"] for row in rows] == ["", "2025-09-04T08:30:00Z", ""]
    assert rows[1]["edited_away"] == "https://hochwasserzentralen.de.pegel-news.example/"
    assert rows[2]["alt_text"] == "Die Kopie im Vergleich, links das Original"
    assert rows[2]["post_id"] == "114900000000903" and rows[2]["reply_to"] == rows[1]["post_id"]
    for refused in ("stix", "misp"):
        assert CliRunner().invoke(cli, ["thread", str(dump), "--format", refused]).exit_code == 2


def _bots_with_replies(report: BotReport) -> BotReport:
    import dataclasses

    posts = {
        0: Post("Lesen Sie selbst https://welt.ltd/", line=2, author="MariaSchulz83651",
                created_at="2023-07-14T09:12:00Z", post_id="11", alt_text=("Bild welt.ltd",)),
        2: Post('</script><img src=x onerror=alert(1)> [a](https://evil.example) \x1b[2J',
                line=4, author="x<script>"),
    }
    return dataclasses.replace(report, flagged_posts=posts, flagged_links={0: (0,)})


def test_html_and_markdown_quote_what_the_coordinated_replies_say(bot_report: BotReport) -> None:
    """The replies of a coordinated cluster (``BotReport.flagged_posts``, which MISP quotes)
    are what a journalist cites: the HTML card and Markdown quote them, inert, flagged links
    defanged, with their place in the dump, author and time."""
    report = _bots_with_replies(bot_report)
    page = HtmlFormatter().bots(report)
    assert "What the 2 replies say" in page
    assert "post 1 of the dump · @MariaSchulz83651 · 2023-07-14T09:12:00Z · id 11" in page
    assert "Lesen Sie selbst <mark class='flag'>hxxps://welt[.]ltd/</mark>" in page
    assert "image description: Bild <mark class='flag'>welt[.]ltd</mark>" in page
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page and "\\x1b[2J" in page
    text = MarkdownFormatter().bots(report)
    assert "## Replies of cluster 1" in text and "hxxps\\://welt\\[.\\]ltd/" in text
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert re.findall(r"<(?:a|img|script)\b", html) == []
    assert "welt.ltd" not in text
    assert "What the" not in HtmlFormatter().bots(bot_report)  # none kept: nothing quoted
    assert "## Replies" not in MarkdownFormatter().bots(bot_report)


def test_a_quoted_reply_says_whose_account_it_was_and_what_it_reposts() -> None:
    post = Post("", line=9, author="anna", author_status="takendown", repost_of="77",
                quote_of="78", post_id="80")
    assert common.reply_meta(post, 8) == (
        "post 9 of the dump · @anna (account takendown) · id 80 · repost of 77 · quoting 78")


def _flagged_at(url: str) -> Assessment:
    return Assessment(input=url, url=url, domain="welt.ltd", registrable_domain="welt.ltd",
                      verdict=Verdict.LOOKALIKE, score=92, imitates="welt.de")


def test_a_flagged_link_written_another_way_is_defanged_too() -> None:
    """A link is assessed once, under the spelling of the post it was first found in; another
    post that writes it otherwise (no scheme, capitals) must not show it live."""
    from threadscope.report.html_format import marked_text

    links = (_flagged_at("https://welt.ltd/politik"),)
    text = "Nochmal: welt.ltd/politik und WELT.LTD/politik, nicht welt.de"
    assert common.flagged_forms(text, links) == ["WELT.LTD/politik", "welt.ltd/politik"]
    posts = (Post("1/2 Lest https://welt.ltd/politik", line=1, index=1, total=2),
             Post("2/2 " + text, line=2, index=2, total=2))
    report = AuditReport("x.txt", (Thread(1, None, 2, (2,), posts, (), ()),), links,
                         post_links={(1, 0): (0,), (1, 1): (0,)})
    shown = MarkdownFormatter().audit(report)
    assert "welt\\[.\\]ltd/politik und WELT\\[.\\]LTD/politik" in shown
    assert "welt.ltd" not in shown.replace("https://welt.ltd/politik", "").lower().replace(
        "welt\\[.\\]ltd", "")
    page = marked_text(text, links)
    assert page.count("<mark class='flag'>") == 2 and "WELT[.]LTD/politik</mark>" in page


def test_a_nul_in_the_text_marks_nothing() -> None:
    """The marking once used NUL as its own sign: a post starting with one came out marked
    as a flagged link."""
    from threadscope.report.html_format import marked_text

    page = marked_text("\x00Wahlbetrug! https://welt.ltd/politik", (_flagged_at(
        "https://welt.ltd/politik"),))
    assert page == ("\\x00Wahlbetrug! <mark class='flag'>hxxps://welt[.]ltd/politik</mark>")


def test_a_cluster_reason_naming_a_flagged_link_shows_it_defanged(bot_report: BotReport) -> None:
    """``same-link``: "5 accounts posted https://welt.ltd/": a look-alike, live in the table
    (terminals make it clickable), Markdown and HTML before."""
    import dataclasses

    from threadscope.models import Reason

    cluster = dataclasses.replace(bot_report.clusters[0], reasons=(
        Reason("same-link", 20, "5 accounts posted https://welt.ltd/"),))
    report = dataclasses.replace(bot_report, clusters=(cluster, *bot_report.clusters[1:]))
    for text in (TableFormatter(width=160).bots(report), MarkdownFormatter().bots(report),
                 HtmlFormatter().bots(report)):
        assert "posted https://welt.ltd" not in text and "posted https\\://welt" not in text
    assert "hxxps://welt[.]ltd/" in TableFormatter(width=160).bots(report)
    assert "posted <mark class='flag'>hxxps://welt[.]ltd/</mark>" in HtmlFormatter().bots(report)


def test_a_cluster_reason_naming_a_flagged_domain_shows_it_defanged(
    bot_report: BotReport,
) -> None:
    """``flagged-domain`` and ``imitated-brand`` name a link's registrable domain bare
    (``link to welt.ltd``), ``same-link`` the address a shortener led to: live in every
    format before, while the link itself (``https://welt.ltd/politik``) was defanged. The
    brand's own domain and a link nobody flagged stay as they are."""
    import dataclasses

    from threadscope.models import Reason

    flagged = _flagged_at("https://welt.ltd/politik")
    short = dataclasses.replace(_flagged_at("https://bit.ly/x"), domain="bit.ly",
                                registrable_domain="bit.ly",
                                final_url="https://www.spiegel.ltd/a/b")
    reasons = (
        Reason("flagged-domain", 30, "5 accounts link to welt.ltd (lookalike)"),
        Reason("imitated-brand", 40, "5 accounts link to look-alikes of welt.de (welt.ltd, "
               "spiegel.ltd, example.org)"),
        Reason("same-link", 20, "4 accounts posted https://www.spiegel.ltd/a/b"),
    )
    cluster = dataclasses.replace(bot_report.clusters[0], reasons=reasons)
    accounts = (dataclasses.replace(bot_report.accounts[0], reasons=reasons[:1]),
                *bot_report.accounts[1:])
    report = dataclasses.replace(bot_report, clusters=(cluster, *bot_report.clusters[1:]),
                                 accounts=accounts, links=(flagged, short))
    table = TableFormatter(width=300).bots(report)
    markdown = MarkdownFormatter().bots(report)
    page = HtmlFormatter().bots(report)
    for text in (table, TableFormatter(width=300, color=True).bots(report)):
        assert "link to welt[.]ltd (lookalike)" in text
        assert "look-alikes of welt.de (welt[.]ltd, spiegel[.]ltd, example.org)" in text
        assert "posted hxxps://www[.]spiegel[.]ltd/a/b" in text
        assert "welt.ltd" not in text and "spiegel.ltd" not in text
    assert "link to welt\\[.\\]ltd (lookalike)" in markdown
    assert "(welt\\[.\\]ltd, spiegel\\[.\\]ltd, example.org)" in markdown
    assert "welt.ltd" not in markdown and "spiegel.ltd" not in markdown
    assert "link to <mark class='flag'>welt[.]ltd</mark> (lookalike)" in page
    assert "posted <mark class='flag'>hxxps://www[.]spiegel[.]ltd/a/b</mark>" in page
    assert "welt.ltd" not in page and "spiegel.ltd" not in page


def test_reason_forms_leave_other_links_and_posts_as_they_were() -> None:
    links = (_flagged_at("https://welt.ltd/politik"),)
    assert common.reason_forms("12 accounts link to welt.ltd (lookalike)", links) == [
        "welt.ltd"]
    assert common.reason_forms("accounts link to welt.de and www.welt.ltd", links) == []
    # post text keeps its reading: a bare domain there is a link of its own, assessed
    assert common.flagged_forms("link to welt.ltd", links) == []


def test_a_line_break_fakes_no_account_and_no_reason(bot_report: BotReport) -> None:
    """A handle or a reason with a line break in it (a CSV cell, a page title) would show as
    two accounts, or as a second reason with points of its own, in a table's cell."""
    import dataclasses

    from threadscope.models import Reason

    fake = "ok\n+99 verified by the election office"
    cluster = dataclasses.replace(bot_report.clusters[0], accounts=(
        "MonikaKeller7312\nGenuine_Person", *bot_report.clusters[0].accounts),
        reasons=(Reason("same-text", 40, fake),))
    accounts = (dataclasses.replace(bot_report.accounts[0], handle="Anna\nBerta",
                                    reasons=(Reason("x", 5, fake),)), *bot_report.accounts[1:])
    report = dataclasses.replace(bot_report, clusters=(cluster,), accounts=accounts)
    for text in (TableFormatter(width=200).bots(report), HtmlFormatter().bots(report)):
        assert "MonikaKeller7312\\x0aGenuine_Person" in text and "Anna\\x0aBerta" in text
    markdown = MarkdownFormatter().bots(report)
    assert "MonikaKeller7312\\\\x0aGenuine\\_Person" in markdown
    assert "Anna\\\\x0aBerta" in markdown
    table = TableFormatter(width=200).bots(report)
    assert not any(line.strip().startswith("+99") for line in table.splitlines())
    link = dataclasses.replace(_flagged_at("https://welt.ltd/"), reasons=(Reason("page", 5, fake),))
    links = TableFormatter(width=200, explain=True).audit(AuditReport("x", (), (link,)))
    assert not any(line.strip().startswith("+99") for line in links.splitlines())


def test_the_audit_table_shows_flagged_links_in_the_text_defanged() -> None:
    """A terminal makes any https:// it prints clickable: the post's own text too."""
    links = (_flagged_at("https://welt.ltd/politik"),)
    posts = (Post("1/1 Lest https://welt.ltd/politik oder welt.ltd/politik", line=1, index=1,
                  total=1, alt_text=("Bild https://welt.ltd/politik",)),)
    thread = Thread(1, None, 1, (1,), posts, (), (), "nach welt.ltd/politik")
    report = AuditReport("x.txt", (thread,), links, post_links={(1, 0): (0,)},
                         unthreaded=("lose https://welt.ltd/politik",))
    for color in (False, True):
        text = TableFormatter(width=120, color=color).audit(report)
        assert "https://welt.ltd" not in text and "welt.ltd/politik" not in text
        assert "Lest hxxps://welt[.]ltd/politik oder welt[.]ltd/politik" in text
        assert "Bild hxxps://welt[.]ltd/politik" in text and "lose hxxps://welt[.]ltd" in text
        assert "nach welt[.]ltd/politik" in text
    plain = TableFormatter(width=120).threads(Reassembly("x.txt", report.threads))
    assert "Lest https://welt.ltd/politik" in plain  # nothing assessed: as written


def test_audit_csv_says_which_occurrences_were_edited_away() -> None:
    import csv
    import io

    from threadscope.report.csv_format import CsvFormatter

    rows = list(csv.DictReader(io.StringIO(CsvFormatter().audit(_report()), newline="")))
    assert [(row["url"], row["edited_away"]) for row in rows] == [
        ("https://example.org/", "false"), (AWAY, "true")]


def test_a_thread_says_what_became_of_its_authors_account() -> None:
    import json

    from threadscope.report import formatter

    posts = (Post("1/2 a", line=1, index=1, total=2, author="lea", author_status="takendown"),
             Post("2/2 b", line=2, index=2, total=2, author="lea", author_status="takendown"))
    result = Reassembly("x.jsonl", (Thread(1, "lea", 2, (2,), posts, (), ()),))
    assert common.thread_title(result.threads[0]).startswith(
        "Thread 1 · @lea (account takendown) · ")
    assert "@lea (account takendown)" in TableFormatter(width=120).threads(result)
    assert "(account takendown)" in HtmlFormatter().threads(result)
    data = json.loads(formatter("json").threads(result))
    assert [post["author_status"] for post in data["threads"][0]["posts"]] == ["takendown"] * 2
    plain = json.loads(formatter("json").threads(Reassembly("x", (Thread(
        1, "lea", None, (), (Post("a", line=1, author="lea"),), (), ()),))))
    assert "author_status" not in plain["threads"][0]["posts"][0]


def test_the_flagged_links_gathered_once_find_what_the_links_themselves_find() -> None:
    """Text outside the posts is searched for every flagged link of the report, once per piece:
    ``flagged_only`` gathers them once, and must find the same forms as the bare list."""
    benign = Assessment(input="https://welt.de/a", url="https://welt.de/a", domain="welt.de",
                        registrable_domain="welt.de", verdict=Verdict.OFFICIAL, score=0)
    links = (_flagged_at("https://welt.ltd/politik"), benign)
    gathered = common.flagged_only(links)
    assert list(gathered) == [links[0]] and gathered.hosts == ("welt.ltd",)
    for text in ("Nochmal: welt.ltd/politik und WELT.LTD/politik, nicht https://welt.de/a",
                 "𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik", "nichts", ""):
        assert common.flagged_forms(text, gathered) == common.flagged_forms(text, links)
        assert common.defang_flagged(text, gathered) == common.defang_flagged(text, links)
