"""Shared report helpers: defanging, gap placement, the summary sentence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.enrich.helpers import followed_where_no_name_resolves
from threadscope.links.shorteners import SHORTENER_CODE
from threadscope.models import (
    NOT_FOLLOWED_FAILED,
    NOT_FOLLOWED_OFFLINE_SHORTENER,
    Assessment,
    Hop,
    PageEvidence,
    Post,
    Reason,
    Thread,
    Verdict,
)
from threadscope.report import common


def test_defang() -> None:
    assert common.defang("https://welt.ltd/a.html") == "hxxps://welt[.]ltd/a.html"
    assert common.defang("http://a.b?c.d") == "hxxp://a[.]b?c.d"
    assert common.defang("welt.ltd") == "welt[.]ltd"
    assert common.defang("HTTPS://X.Y") == "hxxps://X[.]Y"
    assert common.defang("") == ""
    assert common.defang("hxxps://welt[.]ltd/a") == "hxxps://welt[.]ltd/a"  # as written


def test_defang_keeps_each_defanged_dot_as_written() -> None:
    """``written as`` showed ``spiegel([.])ltd`` for a pasted ``spiegel(.)ltd``: a spelling
    nobody wrote. Every defanged dot stays as written; only a live dot is bracketed."""
    assert common.defang("spiegel(.)ltd") == "spiegel(.)ltd"
    assert common.defang("spiegel{.}ltd/a.b") == "spiegel{.}ltd/a.b"
    assert common.defang("www.spiegel(.)ltd") == "www[.]spiegel(.)ltd"
    assert common.defang("https://www.google.com/url?q=https://welt(.)ltd/a") == (
        "hxxps://www[.]google[.]com/url?q=hxxps://welt(.)ltd/a")


def test_defang_reaches_a_link_inside_the_path_or_query() -> None:
    """A terminal makes any ``https://`` it shows clickable, inside a defanged link too."""
    assert (common.defang("https://t.ly/r?to=https://welt.ltd/a&b=HTTP://x.y")
            == "hxxps://t[.]ly/r?to=hxxps://welt[.]ltd/a&b=hxxp://x[.]y")
    assert common.defang("https://a.b/x/ftp://c.d/e.f") == "hxxps://a[.]b/x/fxp://c[.]d/e.f"
    assert common.defang("https://a.b/?u=hxxps://c[.]d") == "hxxps://a[.]b/?u=hxxps://c[.]d"


def test_defang_reaches_a_percent_encoded_link_in_a_wrapper() -> None:
    """A redirect wrapper holds its destination percent-encoded (once, or more where wrappers
    are nested): the destination's scheme and host are defanged as written, up to where its
    host ends (an encoded or a plain ``/ ? # &``); an encoded dot is bracketed too."""
    assert (common.defang("https://l.facebook.com/l.php?u=https%3A%2F%2Fwelt.ltd%2Fa&h=AT0")
            == "hxxps://l[.]facebook[.]com/l.php?u=hxxps%3A%2F%2Fwelt[.]ltd%2Fa&h=AT0")
    assert (common.defang("https://g.co/url?q=https%253A%252F%252Fwelt.ltd%252Fa&sa=D")
            == "hxxps://g[.]co/url?q=hxxps%253A%252F%252Fwelt[.]ltd%252Fa&sa=D")
    assert (common.defang("https://x.y/?u=HTTP%3a%2f%2fWELT.LTD%3F.a&b=c.d")
            == "hxxps://x[.]y/?u=hxxp%3a%2f%2fWELT[.]LTD%3F.a&b=c.d")
    assert (common.defang("https://x.y/?u=https%3A%2F%2Fwelt%2Eltd%2Fa")
            == "hxxps://x[.]y/?u=hxxps%3A%2F%2Fwelt[%2E]ltd%2Fa")
    written = "hxxps://x[.]y/?u=hxxps%3A%2F%2Fwelt[.]ltd%2Fa"
    assert common.defang(written) == written  # as written, defanged already
    assert common.defang("https://x.y/?u=https%3A%2F%2F") == "hxxps://x[.]y/?u=hxxps%3A%2F%2F"


def test_defang_reaches_a_link_after_other_text() -> None:
    """A pasted target is sometimes more than its link (``check`` keeps it as ``written
    as``): the label was bracketed as a host and the link after it left live."""
    assert (common.defang("[welt.de](https://welt.ltd/a)")
            == "[welt[.]de](hxxps://welt[.]ltd/a)")
    assert common.defang("<https://welt.ltd/a>") == "<hxxps://welt[.]ltd/a>"
    assert (common.defang("welt.ltd/r?to=https://x.ltd/a")
            == "welt[.]ltd/r?to=hxxps://x[.]ltd/a")


def test_gaps_are_placed_before_the_next_present_post() -> None:
    posts = tuple(Post(f"p{i}", line=i, index=i, total=9) for i in (2, 5, 6))
    thread = Thread(1, None, 9, (9,), posts, missing=(1, 3, 4, 7, 8, 9), duplicates=())
    shown = [
        row.post.index if row.post else f"gap {row.missing}" for row in common.post_rows(thread)
    ]
    assert shown == ["gap (1,)", 2, "gap (3, 4)", 5, 6, "gap (7, 8, 9)"]
    assert common.gap_label((7, 8, 9), 9) == "7–9/9 missing (3 posts)"


def test_summary_sentence(assessments: tuple[Assessment, ...]) -> None:
    assert common.summary_sentence(assessments) == (
        "1 look-alike link imitating welt.de; 1 suspicious link; 1 official, 1 benign; "
        "1 not usable as a link."
    )
    assert common.summary_sentence(()) == "No links found."


def test_a_short_link_judged_offline_is_not_shown_as_benign() -> None:
    from threadscope.assessment import assess

    short = assess("https://t.co/cykVk0lJUJ")
    assert short.verdict.value == "benign" and not short.chain
    assert common.verdict_label(short) == common.NOT_FOLLOWED
    assert common.verdict_label(assess("https://example.org/")) == "benign"


def test_a_reason_worth_nothing_still_shows_its_points() -> None:
    """``+0 the link was defanged …``, as HTML, Markdown and CSV write it: without the number,
    a wrapped ``--explain`` list read it as the line above's continuation."""
    from threadscope.assessment import assess

    lines = common.reasons_by_weight(assess("hxxps://welt[.]ltd/a"))
    assert any(line.startswith("+0 the link was defanged") for line in lines)
    assert all(line[0] in "+-" for line in lines)


def test_capped_note_says_why_the_points_do_not_add_up() -> None:
    from threadscope.assessment import assess

    bold = assess("hxxps://𝐰𝐞𝐥𝐭.𝐥𝐭𝐝/politik")
    total = sum(reason.points for reason in bold.reasons)
    assert bold.score == 100 and total > 100
    assert common.capped_note(bold) == f"the reasons add up to {total}; a score is at most 100"
    plain = assess("welt.ltd")
    assert sum(r.points for r in plain.reasons) == plain.score
    assert common.capped_note(plain) is None
    assert common.capped_note(assess("https://www.welt.de/")) is None


def test_summary_sentence_does_not_count_unfollowed_short_links_as_benign() -> None:
    """Offline, a t.co link is shown as ``not followed``, not green: the summary that leads
    every report must not fold it into the benign ones."""
    from threadscope.assessment import assess

    links = [assess("welt.ltd"), assess("https://www.welt.de/"),
             assess("https://t.co/cykVk0lJUJ")]
    assert common.summary_sentence(links) == (
        "1 look-alike link imitating welt.de; 1 official; "
        "1 short link not followed (offline: destination unknown)."
    )


def test_summary_sentence_counts_official_and_benign_apart() -> None:
    """"5 benign or official" said nothing of how many were the brands' own sites: each kind
    is counted on its own, and a kind with none is not named."""
    from threadscope.assessment import assess

    official = [assess(name) for name in ("welt.de", "www.bbc.co.uk", "spiegel.de")]
    benign = [assess(name) for name in ("example.org", "kleingarten-verein-hamm.de")]
    assert {a.verdict for a in official} == {Verdict.OFFICIAL}
    assert {a.verdict for a in benign} == {Verdict.BENIGN}
    assert common.summary_sentence(official) == "Nothing flagged; 3 official."
    assert common.summary_sentence(benign) == "Nothing flagged; 2 benign."
    assert common.summary_sentence([*official, *benign]) == (
        "Nothing flagged; 3 official, 2 benign.")


def test_plural() -> None:
    assert (common.plural(1, "thread"), common.plural(0, "post"), common.plural(2, "link")) == (
        "1 thread", "0 posts", "2 links")


def test_thread_title_of_a_one_post_thread() -> None:
    posts = (Post("Kopie: welt.ltd/a", line=1, index=1, total=1),)
    thread = Thread(1, None, 1, (1,), posts, missing=(), duplicates=())
    assert common.thread_title(thread) == "Thread 1 · 1 post declared · 1 shown"


def _on_a_page(chain: tuple[Hop, ...], error: str) -> Assessment:
    url = "http://welt.ltd/a"
    return Assessment(
        input=url, url=url, domain="welt.ltd", registrable_domain="welt.ltd",
        verdict=Verdict.LOOKALIKE, score=80, final_url=url, error=error, chain=chain,
        page=PageEvidence(title="WELT", truncated=True), unresolved=True,
    )


def test_a_page_cut_off_while_it_came_is_said_to_be_read_in_part() -> None:
    """Not "its page's redirect could not be followed": it had none, it stopped coming."""
    error = "timeout: page cut off"
    cut = _on_a_page((Hop("http://welt.ltd/a", 200, "start", error),), error)
    assert cut.page_cut_off
    assert common.not_followed(cut) == ("its page was read only in part (timeout: page cut "
                                        "off): judged by its name and what arrived")
    refreshed = _on_a_page((Hop("http://welt.ltd/a", 200, "start"),
                            Hop("http://127.0.0.1/", None, "meta-refresh", "timeout")),
                           "timeout")
    assert not refreshed.page_cut_off
    assert common.not_followed(refreshed).startswith("its page's redirect could not be")


UNRESOLVED_LINKS = ("https://washingtonpost.pm/a", "https://www.washingtonpost.com/x",
                    "https://lindenweg-gaertnerei.de/")
"""A look-alike, an official site and a plain name, none of which resolves (followed for
real against a name server that knows none of them)."""


def test_a_link_that_could_not_be_followed_keeps_its_name_reason_first() -> None:
    """The reason a journalist cites (same name as … under .pm) leads; the failure is said
    apart, not in its place."""
    lookalike, official, plain = followed_where_no_name_resolves(UNRESOLVED_LINKS)
    assert lookalike.error == "dns failure" and lookalike.unresolved
    assert common.top_reason(lookalike) == "same name as washingtonpost.com under .pm"
    assert common.not_followed_note(lookalike) == (
        "could not be followed (dns failure): judged by its name alone")
    assert common.verdict_label(lookalike) == "lookalike"
    # nothing to say by name but the failure: it leads, and is not said twice
    assert common.top_reason(plain) == "could not be followed (dns failure): judged by its " \
                                       "name alone"
    assert common.not_followed_note(plain) is None
    assert common.verdict_label(plain) == "unresolved"


def test_an_official_site_that_could_not_be_followed_reads_as_official() -> None:
    """Its name is the brand's own domain whether or not it answered: shown ``official``
    (the JSON verdict it always had), with the failure under it; counted as official in
    the summary, which says it could not be followed."""
    _, official, plain = followed_where_no_name_resolves(UNRESOLVED_LINKS)
    assert official.verdict is Verdict.OFFICIAL and official.unresolved
    assert common.verdict_label(official) == "official"
    assert common.top_reason(official) == "official domain of The Washington Post"
    assert common.not_followed_note(official) == (
        "could not be followed (dns failure): judged by its name alone")
    assert common.reasons_by_weight(official) == [
        "could not be followed (dns failure): judged by its name alone",
        "official domain of The Washington Post"]
    assert common.summary_sentence([official, plain]) == (
        "Nothing flagged; 1 could not be followed (judged by name alone); 1 official site "
        "could not be followed (judged by name alone).")
    assert common.shown_counts([official, plain])["official"] == 1
    assert common.shown_counts([official, plain])[common.UNKNOWN_LANDING] == 1


@settings(max_examples=500, deadline=None)
@given(
    verdict=st.sampled_from(list(Verdict)),
    unresolved=st.booleans(),
    chain=st.sampled_from([(), (Hop("https://t.co/a", 301, "http", None),),
                           (Hop("https://t.co/a", None, "http", "dns failure"),)]),
    reasons=st.lists(st.sampled_from([Reason(SHORTENER_CODE, 0, "t.co is a link shortener"),
                                      Reason("tld-swap", 49, "same name"),
                                      Reason("redirect", 5, "redirects")]), max_size=3),
    error=st.sampled_from([None, "dns failure"]),
)
def test_the_label_of_a_link_not_followed_is_read_from_the_model(
        verdict: Verdict, unresolved: bool, chain: tuple[Hop, ...], reasons: list[Reason],
        error: str | None) -> None:
    """One source of truth: a benign link is shown ``not followed`` exactly where JSON, jsonl
    and CSV say ``offline-shortener``, and ``unresolved`` exactly where they say ``failed``;
    any other verdict is shown as it is. (The report's own ``not_followed_shortener`` read the
    fields again; drawn over these cases it never showed another label: it differed from the
    model only on unresolved links, which are shown ``unresolved`` before it was asked.)"""
    link = Assessment("t.co/a", "https://t.co/a", "t.co", "t.co", verdict, 0,
                      reasons=tuple(reasons), chain=chain, unresolved=unresolved, error=error)
    label = common.verdict_label(link)
    if verdict is not Verdict.BENIGN:
        assert label == verdict.value
        return
    expected = {NOT_FOLLOWED_FAILED: common.UNRESOLVED,
                NOT_FOLLOWED_OFFLINE_SHORTENER: common.NOT_FOLLOWED}
    assert label == expected.get(link.not_followed or "", "benign")
    short = any(reason.code == SHORTENER_CODE for reason in reasons)
    assert (label == common.NOT_FOLLOWED) == (short and not chain and not unresolved)


def test_a_thread_title_names_the_posts_pasted_twice() -> None:
    """``post 4 pasted twice``: ``pasted twice: 4`` read as a count of posts pasted twice."""
    posts = tuple(Post(f"post {n}", line=n, index=n, total=5) for n in range(1, 6))
    once = Thread(1, None, 5, (5,), posts, missing=(), duplicates=(4,))
    assert common.thread_title(once).endswith("5 shown · post 4 pasted twice")
    twice = Thread(1, None, 5, (5,), posts, missing=(), duplicates=(2, 4))
    assert common.thread_title(twice).endswith("5 shown · posts 2, 4 pasted twice")


def test_an_audit_counts_in_words() -> None:
    """``1 thread, 6 posts, 9 distinct links`` in the table's summary and Markdown's first
    line, as HTML's: ``1 thread(s)`` read as unfinished."""
    from threadscope.models import AuditReport
    from threadscope.report.markdown_format import MarkdownFormatter
    from threadscope.report.table_format import TableFormatter

    posts = (Post("Kopie: welt.ltd/a", line=1, index=1, total=1),)
    thread = Thread(1, None, 1, (1,), posts, missing=(), duplicates=())
    report = AuditReport(source="x.txt", threads=(thread,), links=())
    assert common.audit_counts(report) == "1 thread, 1 post, 0 distinct links"
    assert "threadscope: 1 thread, 1 post, 0 distinct links." in MarkdownFormatter().audit(report)
    assert "Summary: 1 thread, 1 post, 0 distinct links\n" in TableFormatter().audit(report)


def test_method_note_explains_the_labels_shown_and_says_when_nothing_was_followed() -> None:
    """A reader saw a grey ``not followed`` at score 0 with no word on whether that cleared
    the link, and a report made offline did not say that every verdict rests on the names."""
    from threadscope.assessment import assess

    offline = common.method_note([assess("welt.ltd"), assess("https://t.co/x")])
    assert offline.startswith(common.METHOD_NOTE)
    assert "Not followed: a short link judged without following it" in offline
    assert "it is not cleared until it is followed" in offline
    assert "No link in this report was followed: each is judged by its name alone" in offline
    assert "Unresolved:" not in offline and "Invalid:" not in offline

    followed = common.method_note(followed_where_no_name_resolves(
        ["https://welt.ltd/a", "https://kleingarten-rheinau.de/termine"]))
    assert "Unresolved: a link that could not be followed" in followed
    assert "No link in this report was followed" not in followed
    assert "Not followed:" not in followed

    handed_junk = common.method_note([assess("not a domain")])
    assert "Invalid: not a usable link or domain" in handed_junk
    assert "No link in this report was followed" not in handed_junk  # nothing to follow
    assert common.method_note([]) == common.METHOD_NOTE
