"""The terminal table: readable, gaps where they belong, attacker text inert, colour on request."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from rich.text import Text

from tests.enrich.helpers import followed_where_no_name_resolves
from threadscope.assessment import assess, load_registry
from threadscope.models import (
    Assessment,
    AuditReport,
    BotReport,
    Brand,
    Card,
    Hop,
    PageEvidence,
    Reason,
    Reassembly,
    Verdict,
)
from threadscope.pipeline import audit
from threadscope.report import fitting
from threadscope.report.common import defang
from threadscope.report.table_format import ROW_CHARS, TableFormatter, cell_rows
from threadscope.threads import reassemble


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
    assert "post 3 pasted twice" in text  # "pasted twice: 3" read as a count
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
    assert "written as: 𝐰𝐞𝐥𝐭[.]𝐥𝐭𝐝" in chunks[1]  # defanged as the link is
    assert all("\x1b" not in chunk for chunk in chunks)


def test_bots_lists_clusters_and_accounts(bot_report: BotReport) -> None:
    text = TableFormatter(width=140).bots(bot_report)
    assert "coordinated" in text and "organic" in text
    assert "@MariaSchulz83651" in text
    assert "@x<script>" in text
    assert "1 coordinated cluster of 2" in text


# --------------------------------------------------------------------------- what a reader sees

LONG = Assessment(
    input="hxxps://welt[.]ltd/politik/ausland/article123456789/geheime-gespraeche-der-regierung",
    url="https://welt.ltd/politik/ausland/article123456789/geheime-gespraeche-der-regierung",
    domain="welt.ltd",
    registrable_domain="welt.ltd",
    verdict=Verdict.BENIGN,
    score=0,
    reasons=(Reason("defanged", 0, "the link was defanged (hxxp, [.]) as researchers do"),),
)
NOT_FOLLOWED = Assessment(
    input="https://t.co/cykVk0lJUJWelt.de",
    url="https://t.co/cykVk0lJUJ",
    domain="t.co",
    registrable_domain="t.co",
    verdict=Verdict.BENIGN,
    score=0,
    reasons=(Reason("shortener", 0, "t.co is a link shortener"),),
    chain=(Hop("https://t.co/cykVk0lJUJ", None, "start", "dns failure"),),
    error="dns failure",
    card_domain="welt.de",
    unresolved=True,
)


def _rows(items: list[Assessment], **options: object) -> str:
    return "".join(TableFormatter(width=150, **options).assessments(iter(items)))  # type: ignore[arg-type]


def test_long_links_are_cut_with_an_ellipsis_and_stay_defanged() -> None:
    text = _rows([LONG])
    assert "hxxps://welt[.]ltd/politik/ausland/article12345…" in text
    assert "https://welt.ltd" not in text  # a defanged link never comes back to life


def test_flagged_links_are_defanged_in_tables(assessments: tuple[Assessment, ...]) -> None:
    text = _rows(list(assessments))
    assert "hxxps://welt[.]ltd/" in text and "https://welt.ltd" not in text


def test_a_link_that_could_not_be_followed_is_not_shown_as_benign() -> None:
    text = _rows([NOT_FOLLOWED])
    row = text.splitlines()[1]
    assert row.startswith("unresolved") and "benign" not in row
    assert "could not be followed (dns failure): judged by its name alone" in text


def test_a_link_left_on_a_page_whose_redirect_failed_shows_the_page_s_claim() -> None:
    """Its page was judged: its strongest claim leads, and the failure does not say "by
    its name alone"."""
    claim = Reason("claims-brand", 60, "page on nachrichten-heute.net names www.welt.de as "
                   "its canonical address")
    item = Assessment(
        input="http://nachrichten-heute.net/a", url="http://nachrichten-heute.net/a",
        domain="nachrichten-heute.net", registrable_domain="nachrichten-heute.net",
        verdict=Verdict.SUSPICIOUS, score=60, imitates="welt.de", reasons=(claim,),
        final_url="http://nachrichten-heute.net/a", error="blocked: private address",
        chain=(Hop("http://nachrichten-heute.net/a", 200, "start"),
               Hop("http://127.0.0.1/", None, "meta-refresh", "blocked: private address")),
        page=PageEvidence(title="WELT", canonical="https://www.welt.de/a"), unresolved=True,
    )
    text = _rows([item])
    assert "names www.welt.de" in " ".join(text.split())
    assert "judged by its name alone" not in text
    explained = _rows([item], explain=True)
    assert "its page's redirect could not be followed (blocked: private address): judged " \
           "by its name and that page" in " ".join(explained.split())


def test_reasons_wrap_at_words_never_inside_one() -> None:
    long_reason = Assessment(
        input="welt.ltd", url="https://welt.ltd/", domain="welt.ltd",
        registrable_domain="welt.ltd", verdict=Verdict.LOOKALIKE, score=80, imitates="welt.de",
        reasons=(Reason("tld-swap", 80, "the same name as welt.de under another suffix, "
                        "registered by someone else for the Doppelganger campaign's clones"),),
    )
    narrow = "".join(TableFormatter(width=100).assessments(iter([long_reason])))
    lines = narrow.splitlines()[1:]
    assert len(lines) > 2  # wrapped, so the test means something
    # Joined back with one space per line break, the reason reads exactly as written: no word
    # was cut in two (a cut word would come back as "Doppel ganger").
    joined = " ".join(line.strip() for line in lines)
    assert long_reason.reasons[0].detail in joined
    assert all(len(line) <= 100 for line in lines)


def test_explain_shows_every_reason_and_without_it_says_how_many_more(
    assessments: tuple[Assessment, ...],
) -> None:
    brief = _rows([assessments[0]])
    full = _rows([assessments[0]], explain=True)
    assert "(+2 more: --explain)" in brief
    for line in ("+60 same name as welt.de under .ltd", "+20 written in bold Unicode letters",
                 "+12 registered 40 days before the post"):
        assert line in full


def test_audit_links_are_numbered_from_one(audit_report: AuditReport) -> None:
    text = TableFormatter(width=140).audit(audit_report)
    table = text[text.index("Links (each assessed once)"):]
    numbers = [line.split()[0] for line in table.splitlines()[3:] if line[:4].strip().isdigit()]
    assert numbers[0] == "1"
    assert numbers == [str(n) for n in range(1, len(audit_report.links) + 1)]
    assert "↳ #1 " in text and "↳ #0 " not in text


def test_a_long_post_reaches_rich_in_rows_of_bounded_size_and_shows_whole() -> None:
    # Rich wraps one cell at a cost of its size times its lines: a 10 MB post took minutes.
    long_line = " ".join(["wort"] * (ROW_CHARS // 2))
    text = f"erste Zeile\n\n{long_line}\n\x1b[31m [bold]letzte[/] \\"
    rows = cell_rows(text)
    assert len(rows) > 4 and all(len(row.plain) <= ROW_CHARS for row in rows)
    assert rows[:2] == [Text("erste Zeile"), Text("")]
    assert "".join(row.plain for row in rows[2:-1]) == long_line
    assert rows[-1].plain == "\\x1b[31m [bold]letzte[/] \\"  # inert, no markup read


def test_each_line_of_a_post_is_shown_once_under_its_number() -> None:
    reassembly = reassemble("1/2 Erster Teil\nmit [b]zwei[/b] Zeilen \\\n2/2 Zweiter Teil\n")
    lines = _lines(TableFormatter(width=100).threads(reassembly))
    first = lines.index("1/2   Erster Teil")
    assert lines[first + 1 : first + 3] == ["mit [b]zwei[/b] Zeilen \\", "2/2   Zweiter Teil"]


def test_explain_says_when_the_points_add_up_past_100() -> None:
    """Adding the listed points gives 107 where the score says 100: ``--explain`` ends with
    the sum and the cap, in ``check``'s rows and in ``audit``'s table; the short form, and a
    score its points add up to, say nothing more."""
    from threadscope.assessment import assess
    from threadscope.pipeline import audit

    bold = assess("hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik")
    total = sum(reason.points for reason in bold.reasons)
    note = f"= the reasons add up to {total}; a score is at most 100"
    explained = "".join(TableFormatter(width=80, explain=True).assessments([bold]))
    assert note in explained
    assert "+0 the link was defanged" in explained
    assert "add up to" not in "".join(TableFormatter(width=80).assessments([bold]))
    assert "add up to" not in "".join(
        TableFormatter(width=80, explain=True).assessments([assess("welt.ltd")]))
    report = audit("Seht euch das an: hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik 1/1\n")
    table = " ".join(TableFormatter(width=160, explain=True).audit(report).split())
    assert f"the reasons add up to {total}; a score is at most 100" in table
    assert "add up to" not in TableFormatter(width=160).audit(report)


def test_bulk_rows_keep_their_columns_under_the_headings() -> None:
    """``check`` and ``domains``: each heading stands over its column (``link`` stood two
    characters right of the links), and a ``not followed`` short link, the widest verdict,
    pushes neither its score nor its link out of line (a score of two digits was pushed
    one column right, and the label ran into the score's column)."""
    from threadscope.assessment import assess

    short = assess("https://t.co/cykVk0lJUJ")
    scored = replace(short, score=25)  # a benign one may score up to 39
    items = [assess("welt.ltd"), short, assess("https://bild.de/"), scored]
    lines = [line for line in "".join(TableFormatter(width=120).assessments(items)).splitlines()
             if not line.startswith(" ")]
    header, rows = lines[0], lines[1:]
    assert [row.split()[0] for row in rows] == ["lookalike", "not", "official", "not"]
    for heading, column in (("link", "h"), ("imitates", None), ("top reason", None)):
        start = header.index(heading)
        for row in rows:
            assert row[start - 1] == " " and row[start] != " "
        if column:
            assert {row[start] for row in rows} == {column}
    score_end = header.index("score") + len("score")
    assert {row[score_end - 1] for row in rows} <= set("0123456789")
    assert {row[score_end] for row in rows} == {" "}
    scores = [row[:score_end].split()[-1] for row in rows]
    assert scores == [str(item.score) for item in items] and len(scores[0]) == 2
    # every label, `not followed` too, ends before the room of a score's three digits
    assert {row[:score_end - 3].rstrip() for row in rows} == {"lookalike", "not followed",
                                                              "official"}
    assert {row[score_end - 4] for row in rows} == {" "}


def test_a_place_in_found_in_is_one_unbroken_line_where_there_is_room() -> None:
    from threadscope.models import Post, Thread

    posts = tuple(Post(text=f"post {n}", line=n, index=n, total=6) for n in range(1, 7))
    thread = Thread(id=1, author=None, total=6, declared_totals=(6,), posts=posts, missing=(),
                    duplicates=())
    link = Assessment(input="welt.de/x", url="https://welt.de/x", domain="welt.de",
                      registrable_domain="welt.de", verdict=Verdict.BENIGN, score=0)
    report = AuditReport(source="d", threads=(thread,), links=(link,),
                         post_links={(1, 1): (0,), (1, 2): (0,), (1, 4): (0,)})
    text = TableFormatter(width=130).audit(report).replace("\u00a0", " ")
    rows = text.split("found in")[-1]
    for place in ("thread 1, post 2/6", "thread 1, post 3/6", "thread 1, post 5/6"):
        assert place in rows  # never "thread 1, post" / "2/6"


def test_places_are_joined_by_no_break_spaces_and_stand_a_line_each() -> None:
    from threadscope.report.table_format import _places

    assert _places(["thread 1, post 2/6", "thread 2, post 1/3"]) == (
        "thread\u00a01,\u00a0post\u00a02/6;\nthread\u00a02,\u00a0post\u00a01/3"
    )


@pytest.mark.parametrize("width", [60, 140])
def test_a_flagged_link_written_with_its_scheme_is_not_live_as_written(width: int) -> None:
    """``written as`` echoed the pasted form of a flagged link as it was: a terminal makes
    ``https://WELT.LTD./a`` clickable (Markdown and HTML showed it defanged)."""
    found = assess("https://WELT.LTD./a", load_registry())
    out = "".join(TableFormatter(width=width).assessments(iter([found])))
    assert "written as: hxxps://WELT[.]LTD[.]/a" in out
    assert "https://" not in out


# --------------------------------------------------------------------------- nothing cut unmarked

DOMAIN = "notesfrompoland[.]com[.]news-today[.]co"
LONG_LINK = ("https://notesfrompoland.com.news-today.co/2024/03/15/sanctions-report-government-"
             "hides-the-truth?utm_source=telegram&utm_campaign=spring")
SHOWN_LINK = ("hxxps://notesfrompoland[.]com[.]news-today[.]co/2024/03/15/sanctions-report-"
              "government-hides-the-truth?utm_source=telegram&utm_campaign=spring")
WIDTHS = [80, 100, 110, 119, 120, 140, 160, 200]


def _far_link(reason: str) -> Assessment:
    return Assessment(
        input=LONG_LINK, url=LONG_LINK, domain="notesfrompoland.com.news-today.co",
        registrable_domain="news-today.co", verdict=Verdict.LOOKALIKE, score=80,
        imitates="notesfrompoland.com",
        reasons=(Reason("subdomain", 80, reason), Reason("young-domain", 12, "registered "
                                                         "40 days before the post")))


def _report(audit_report: AuditReport, link: Assessment) -> AuditReport:
    return replace(audit_report, links=(*audit_report.links, link),
                   post_links={**audit_report.post_links, (1, 1): (2, len(audit_report.links))})


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("explain", [False, True])
def test_a_long_domain_in_a_reason_is_never_cut_in_two(audit_report: AuditReport, width: int,
                                                       explain: bool) -> None:
    """In the links table or in entries, at any width, the domain is on one line."""
    reason = f"+20 hosted on {DOMAIN}, which copies the outlet's pages"
    report = _report(audit_report, _far_link(reason))
    for color in (False, True):
        text = TableFormatter(width=width, explain=explain, color=color).audit(report)
        links = text[text.index("Links"):]
        assert DOMAIN in links, (width, explain, color)


def test_a_reason_column_gets_the_width_of_its_longest_word_where_the_link_keeps_room(
        audit_report: AuditReport) -> None:
    report = _report(audit_report, _far_link(f"hosted on {DOMAIN}"))
    text = TableFormatter(width=160).audit(report)
    links = text[text.index("Links"):]
    assert " top reason " in links  # still a table
    assert any(DOMAIN in line and "hxxps://notesfrompoland" in line
               for line in links.splitlines())  # on the link's row, in its column


def test_a_long_link_under_its_post_is_shown_whole(audit_report: AuditReport) -> None:
    report = _report(audit_report, _far_link("written as a subdomain of news-today.co"))
    for width in WIDTHS:
        for color in (False, True):
            text = TableFormatter(width=width, color=color).audit(report)
            thread = text[:text.index("Links")]
            if color:
                thread = Text.from_ansi(thread).plain
            lines = thread.splitlines()
            start = next(n for n, line in enumerate(lines) if "↳ #6 " in line)
            link = [line.strip() for line in lines[start:] if line.strip().startswith(
                ("hxxps://notesfrompoland", "government", "sanctions", "utm_", "2024"))]
            assert "".join(link) == SHOWN_LINK, (width, color, lines[start:])
            assert all(len(line) <= width for line in lines)
            assert "…" not in " ".join(lines[start:start + 4])


def test_a_short_link_under_its_post_keeps_its_row(audit_report: AuditReport) -> None:
    text = TableFormatter(width=140).audit(audit_report)
    assert "↳ #1 lookalike   92  hxxps://welt[.]ltd/ imitates welt.de — same name" in text


def test_a_hostile_long_link_stays_inert(audit_report: AuditReport) -> None:
    hostile = LONG_LINK + "/\x1b[31m[bold]red[/bold]\u202e" + "x" * 80
    link = replace(_far_link("x"), input=hostile, url=hostile)
    report = _report(audit_report, link)
    for width in (80, 120):
        for color in (False, True):
            text = TableFormatter(width=width, color=color).audit(report)
            assert "\x1b[31m" not in text and "\u202e" not in text
            shown = Text.from_ansi(text).plain if color else text
            assert "[bold]red[/bold]" in "".join(shown.split())  # literal, never markup


def test_bots_prints_entries_where_a_column_would_cut_a_word(bot_report: BotReport) -> None:
    posted = Reason("same-link", 20, "3 accounts posted " + SHOWN_LINK)
    cluster = replace(bot_report.clusters[0], reasons=(posted, *bot_report.clusters[0].reasons))
    report = replace(bot_report, clusters=(cluster, *bot_report.clusters[1:]))
    for width in (120, 140, 160, 200):
        text = TableFormatter(width=width).bots(report)
        assert any(SHOWN_LINK in line for line in text.splitlines())  # one line, whole
        assert "top reason" not in text  # entries, for both tables
    # where nothing would be cut, the tables stay
    assert " top reason" in TableFormatter(width=140).bots(bot_report)


LONG_BRANDS = (
    Brand("Die Welt", ("welt.de",), "DE", "news"),
    Brand("Bundesministerium für Gesundheit", ("bundesgesundheitsministerium.de",), "DE",
          "government"),
    Brand("deutsche-wirtschafts-nachrichten.de", ("deutsche-wirtschafts-nachrichten.de",),
          None, "popular", 2),
)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
def test_brands_never_cut_a_domain(width: int) -> None:
    """At 80 and 100 columns the domains column folded ``bundesgesundheitsmin`` /
    ``isterium.de``: a column that would cut one gets its longest word's width, or each
    brand is an entry with its domains beneath."""
    printed = TableFormatter(width=width).brands(LONG_BRANDS)
    lines = printed.splitlines()
    for brand in LONG_BRANDS:
        assert any(brand.domains[0] in line for line in lines), (width, printed)
    assert max(map(len, lines)) <= width
    assert lines[-1] == "3 brands"


def test_brands_are_entries_where_no_table_would_keep_the_domains_whole() -> None:
    printed = TableFormatter(width=80).brands(LONG_BRANDS)
    assert "Bundesministerium für Gesundheit country DE category government tier 1\n" \
           "   bundesgesundheitsministerium.de\n" in printed
    wide = TableFormatter(width=120).brands(LONG_BRANDS)
    assert wide.splitlines()[1].split() == ["brand", "domains", "country", "category", "tier"]
    # a site known by its domain is named once, not again beneath
    assert printed.count("deutsche-wirtschafts-nachrichten.de") == 1


def test_brands_that_fit_are_the_table_as_before(brands: tuple[Brand, ...]) -> None:
    printed = TableFormatter(width=80).brands(brands)
    assert printed.splitlines()[1].split() == ["brand", "domains", "country", "category", "tier"]
    assert "[bold]Evil[/bold]" in printed


def test_brands_keep_the_table_where_the_domains_column_can_have_its_longest_word() -> None:
    brands = (*LONG_BRANDS[:2], Brand("Süddeutsche Zeitung", ("sueddeutsche.de", "sz.de")))
    printed = TableFormatter(width=90).brands(brands)
    lines = printed.splitlines()
    assert lines[1].split() == ["brand", "domains", "country", "category", "tier"]
    assert any(line.startswith(" Bundesministerium")
               and "bundesgesundheitsministerium.de" in line.split() for line in lines)
    assert max(map(len, lines)) <= 90


@pytest.mark.parametrize("width", [60, 80, 100])
def test_brands_into_a_pipe_are_the_table_as_wide_as_its_words_need(width: int) -> None:
    """Piped (``| grep``, ``| less``) or written to a file, no terminal wraps the lines: the
    table grows past the width rather than become an entry per brand (two lines a brand,
    its name apart from its domains) or cut a word."""
    printed = TableFormatter(width=width, terminal=False).brands(LONG_BRANDS)
    lines = printed.splitlines()
    assert lines[1].split() == ["brand", "domains", "country", "category", "tier"]
    row = next(line for line in lines if line.startswith(" Bundesministerium"))
    assert "bundesgesundheitsministerium.de" in row.split()
    assert any(line.split()[:2] == ["deutsche-wirtschafts-nachrichten.de"] * 2
               for line in lines)
    assert lines[-1] == "3 brands"
    assert max(map(len, lines)) > width  # where a terminal gets an entry per brand


def test_brands_into_a_pipe_that_fit_are_the_table_as_on_a_terminal(
    brands: tuple[Brand, ...],
) -> None:
    for width, listed in ((80, brands), (120, LONG_BRANDS)):
        piped = TableFormatter(width=width, terminal=False).brands(listed)
        assert piped == TableFormatter(width=width).brands(listed)


# --------------------------------------------------------------------------- links in a post's text

POST_LINK = ("https://notesfrompoland.com.news-today.co/2024/03/15/sanctions-report-government-"
             "hides-the-truth?utm_source=telegram&utm_campaign=spring")
HASHTAG = "#DieWahrheitÜberDieSanktionenUndDieRegierungDieLügtUnsSeitJahren"
CJK = "这是一个没有空格的很长的中文句子用来测试表格是否会在中间切断文字而不加任何标记"
POSTS = f"1/2 Read this: {POST_LINK} and share {HASHTAG} now\n2/2 {CJK}\n"


def _shown_pieces(text: str, start: str, end: str) -> list[str]:
    """The lines (stripped) from the one holding ``start`` to the one holding ``end``."""
    lines = [line.strip() for line in text.splitlines()]
    first = next(number for number, line in enumerate(lines) if start in line)
    last = next(number for number, line in enumerate(lines) if number >= first and end in line)
    return lines[first:last + 1]


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
@pytest.mark.parametrize("color", [False, True])
def test_a_long_link_in_a_post_breaks_only_where_a_link_may(width: int, color: bool) -> None:
    """A link in a post's text was folded at a random letter (``…/sanctions-report-gover`` /
    ``nment-…``) and copied wrong: it breaks only after ``/ ? & # =`` as under a post, the
    hashtag stays whole (running on where it is wider than the column), CJK text folds as
    before."""
    printed = TableFormatter(width=width, color=color).threads(reassemble(POSTS))
    text = Text.from_ansi(printed).plain if color else printed
    pieces = _shown_pieces(text, "https://notesfrompoland", "utm_campaign=spring")
    pieces[0] = pieces[0][pieces[0].index("https://"):]
    pieces[-1] = pieces[-1].split()[0]
    assert "".join(pieces) == POST_LINK, pieces
    assert all(piece.endswith(tuple("/?&#=")) for piece in pieces[:-1]), pieces
    assert any(HASHTAG in line.split() for line in text.splitlines())
    plain = TableFormatter(width=width).threads(reassemble(POSTS))
    assert "这是一个没有空格的很长的中文句子" in "".join(plain.split())


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120])
def test_a_flagged_link_in_a_post_breaks_after_a_defanged_dot(width: int) -> None:
    """In an audit the link is shown defanged in the text, and may break after ``[.]`` too."""
    report = audit(POSTS, source="posts.txt")
    text = TableFormatter(width=width).audit(report)
    thread = text[:text.index("Links")]
    shown = defang(POST_LINK)
    start = next(line for line in thread.splitlines() if "hxxps://notes" in line).strip()
    pieces = _shown_pieces(thread[thread.index(start):], start, "utm_campaign=spring")
    pieces[-1] = pieces[-1].split()[0]
    assert "".join(pieces) == shown, pieces
    assert all(piece.endswith((*"/?&#=", "[.]")) for piece in pieces[:-1]), pieces


def test_a_post_without_long_words_is_laid_out_as_before(reassembly: Reassembly) -> None:
    """Where no word is wider than the column, the table is rich's fold, byte for byte."""
    from threadscope.report import plain_table

    for width in (60, 100):
        formatter = TableFormatter(width=width)
        rows = [(fitting.plain(label), fitting.plain(str(cell)) if isinstance(cell, str)
                 else cell.text) for label, cell in formatter._thread_rows(
                     reassembly.threads[0], None)]
        assert plain_table.render(rows, width, safe=True) == plain_table.render(rows, width)


def test_a_hostile_link_in_a_post_stays_inert_when_broken() -> None:
    hostile = POST_LINK + "/\x1b[31m[bold]red[/bold]\u202e/" + "x" * 90
    for width in (60, 100):
        for color in (False, True):
            printed = TableFormatter(width=width, color=color).threads(
                reassemble(f"1/1 see {hostile} end\n"))
            assert "\x1b[31m" not in printed and "\u202e" not in printed
            shown = Text.from_ansi(printed).plain if color else printed
            assert "[bold]red[/bold]" in "".join(shown.split())


def test_cards_without_a_link_are_shown_as_such_and_inert() -> None:
    card = Card("welt.de", "From welt.de\x1b[31m[red]", thread=1, post=8, line=23)
    text = TableFormatter(width=120).audit(AuditReport("x.txt", (), (), unlinked_cards=(card,)))
    assert "Link cards without a link (1)" in text and "assessed under Links" in text
    assert "line 23, thread 1, post 8: From welt.de" in text
    assert "\x1b" not in text and "[red]" in text


def test_a_card_naming_a_flagged_site_is_shown_defanged() -> None:
    """The card's line is the one place the clone's name stands in the paste: inert too."""
    report = audit("Lest selbst 1/2\nKanzler tritt zurück\nFrom welt.ltd\n", source="x.txt")
    text = TableFormatter(width=120).audit(report)
    assert "From welt[.]ltd" in text and "From welt.ltd" not in text

def test_a_link_that_could_not_be_followed_leads_with_its_name_reason() -> None:
    """Followed for real where no name resolves: the reason to cite first, how many more,
    and the failure on a line of its own; the brand's own site reads ``official``."""
    items = followed_where_no_name_resolves(["https://washingtonpost.pm/a",
                                             "https://www.washingtonpost.com/x"])
    lines = [line.strip() for line in _rows(items).splitlines()[1:]]
    failure = "could not be followed (dns failure): judged by its name alone"
    assert lines[0].startswith("lookalike") and lines[0].endswith(
        "washingtonpost.com   same name as washingtonpost.com under .pm (+2 more: --explain)")
    assert lines[1] == failure
    assert lines[2].startswith("official") and lines[2].endswith(
        "official domain of The Washington Post")
    assert lines[3] == failure
    narrow = " ".join("".join(TableFormatter(width=60).assessments(iter(items))).split())
    assert ("imitates washingtonpost.com same name as washingtonpost.com under .pm (+2 more: "
            f"--explain) {failure} official 0") in narrow


def test_an_audit_without_links_shows_the_start_of_its_text_in_no_thread() -> None:
    """A pasted article is no thread: printed whole under "Not in any thread" before "No
    links found.", it buried the answer; said in a count alone, a reader could not tell which
    text it was (or that a thread in it was not found). Its first lines are shown under the
    count (``common.excerpt``, as in Markdown and HTML); ``--explain`` shows it whole."""
    article = "Kommentar\nErster Absatz ohne Link.\n\nZweiter Absatz, auch ohne.\nDritter.\n"
    report = audit(article)
    assert not report.links and report.unthreaded
    table = " ".join(TableFormatter(width=120).audit(report).split())  # the note may wrap
    assert "Erster Absatz ohne Link. … 3 lines left out …" in table
    assert "Zweiter Absatz" not in table and table.endswith("No links found.")
    assert ("Not in any thread: 1 piece of text, 5 lines, no links in it; shown: the first "
            "lines, 3 lines left out (--explain shows all; --format json keeps all under "
            "'unthreaded')") in table
    assert "Zweiter Absatz" in TableFormatter(width=120, explain=True).audit(report)


def test_bots_reports_count_in_words_in_every_format(bot_report: BotReport) -> None:
    """``1 coordinated cluster``, ``0 linked pairs``, never ``cluster(s)`` or ``pair(s)``:
    the counts a journalist quotes read as sentences, as the audit's do."""
    from threadscope.report.html_format import HtmlFormatter
    from threadscope.report.markdown_format import MarkdownFormatter
    from threadscope.report.misp_format import MispFormatter
    from threadscope.report.stix_format import StixFormatter

    for formatter in (TableFormatter(width=140), MarkdownFormatter(), HtmlFormatter(),
                      StixFormatter(), MispFormatter()):
        text = formatter.bots(bot_report)
        assert "(s)" not in text, type(formatter).__name__
    table = TableFormatter(width=140).bots(bot_report)
    assert re.search(r"Network: (1 linked pair|\d+ linked pairs) \(", table)


@pytest.mark.parametrize("color", [False, True])
def test_a_link_row_too_long_for_its_post_column_hangs_under_it(color: bool) -> None:
    """A ``↳`` row broke at the column's edge, so its reason's last words stood where the
    post's own lines stand (``only by following it; its link card claims welt.de`` under the
    post). Its further lines now start six columns in, under the link, broken between words."""
    report = audit("Schaut auf die URL https://t.co/cykVk0lJUJWelt.de 1/1\n")
    text = Text.from_ansi(TableFormatter(width=80, color=color).audit(report)).plain
    lines = text.splitlines()
    row = next(number for number, line in enumerate(lines) if "↳ #1" in line)
    arrow = lines[row].index("↳")
    post_column = lines[row - 1].index("Schaut")
    assert arrow == post_column + 2
    beneath = lines[row + 1]
    assert beneath.startswith(" " * (post_column + 6)) and beneath.strip()
    assert "t.co is a link shortener" in " ".join(line.strip() for line in lines[row:row + 3])
    for line in lines[row:row + 3]:
        assert len(line.rstrip()) <= 80
        assert not line.rstrip().endswith(("-", "shorte"))  # broken at spaces, no word cut
