"""``threadscope.check`` and ``pasted_targets``: the library call under check and domains."""

from __future__ import annotations

import dataclasses
import json

import threadscope
from tests.enrich.helpers import followed_where_no_name_resolves
from threadscope.models import Hop, Link, PageEvidence
from threadscope.outcomes import Tally
from threadscope.pipeline import check, pasted_targets


def _merged(tally: Tally) -> Tally:
    """A fresh tally with ``tally`` merged in (as a parallel run's parts are): it must say
    the same."""
    other = Tally()
    other.merge(tally)
    return other


def test_a_single_word_is_passed_on_exactly_as_given() -> None:
    assert list(pasted_targets(["hxxps://welt[.]ltd/a", "  welt.de  "])) == [
        "hxxps://welt[.]ltd/a", "  welt.de  ",
    ]


def test_a_sentence_gives_its_links_each_once() -> None:
    found = list(pasted_targets(["Lest welt.ltd/a und welt.ltd/a und spiegel.ltd!"]))
    assert all(isinstance(item, Link) for item in found)
    assert [item.url for item in found if isinstance(item, Link)] == [
        "https://welt.ltd/a", "https://spiegel.ltd/",
    ]


def test_check_offline_streams_in_input_order_with_progress() -> None:
    seen: list[str] = []
    results = list(check(["welt.ltd", "welt.de", "xx"], progress=lambda a: seen.append(a.input)))
    assert [r.verdict.value for r in results] == ["lookalike", "official", "invalid"]
    assert seen == ["welt.ltd", "welt.de", "xx"]
    assert not any(r.unresolved for r in results)  # offline follows nothing


def test_assessment_to_dict_is_the_json_contract() -> None:
    [result] = check(["hxxps://welt[.]ltd/politik"])
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data)[:6] == ["input", "url", "domain", "registrable_domain", "verdict", "score"]
    assert data["verdict"] == "lookalike" and data["unresolved"] is False
    swap = next(r for r in data["reasons"] if r["code"] == "tld-swap")
    assert swap["detail"] == "same name as welt.de under .ltd"
    assert isinstance(swap["points"], int) and swap["points"] > 0  # the fitted table's points
    assert data["score"] == min(100, max(0, sum(r["points"] for r in data["reasons"])))


def test_every_export_is_listed_and_importable() -> None:
    assert sorted(threadscope.__all__) == sorted(threadscope._EXPORTS)
    assert threadscope.NetworkOptions().deadline == 300
    assert threadscope.Verdict.LOOKALIKE.flagged


def test_tally_counts_what_could_not_be_checked() -> None:
    tally = Tally()
    for item in tally.watch(check(["welt.ltd", "xx", "yy", "https://t.co/abc", "bit.ly/x"])):
        assert item.input
    assert tally.total == 5 and tally.flagged
    assert tally.summary(offline=True) == [
        "offline: 2 of 5 links go through a shortener (t.co 1, bit.ly 1) and were not followed",
        "2 of 5 inputs are not a usable link or domain (no known public suffix 2)",
    ]
    assert tally.summary(offline=False) == [
        "2 of 5 inputs are not a usable link or domain (no known public suffix 2)",
    ]
    assert _merged(tally) == tally


def test_tally_says_which_links_stopped_on_a_page_whose_redirect_failed() -> None:
    """A link left on a page whose refresh failed was judged by that page too, and the
    summary does not say "names alone" of it alone."""
    [by_name] = check(["https://welt.ltd/a"])
    unresolved = dataclasses.replace(by_name, error="timeout", unresolved=True)
    on_page = dataclasses.replace(unresolved, page=PageEvidence(title="WELT"))
    tally = Tally()
    for item in (unresolved, on_page):
        tally.add(item)
    assert tally.summary(offline=False) == [
        "2 of 2 links could not be followed (timeout 2); their verdicts rest on the names "
        "alone (and, for 1, on the page whose redirect failed)"]
    assert _merged(tally) == tally


def test_tally_says_which_links_were_judged_on_a_page_the_timeout_cut_off() -> None:
    [by_name] = check(["https://welt.ltd/a"])
    error = "timeout: page cut off"
    cut = dataclasses.replace(
        by_name, error=error, unresolved=True, final_url="https://welt.ltd/a",
        chain=(Hop("https://welt.ltd/a", 200, "start", error),),
        page=PageEvidence(title="WELT", truncated=True))
    tally = Tally()
    tally.add(cut)
    assert tally.summary(offline=False) == [
        "1 of 1 links could not be followed (timeout: page cut off 1); their verdicts rest on "
        "the names alone (and, for 1, on what arrived of a page the timeout cut off)"]
    assert _merged(tally) == tally


def test_tally_says_which_links_that_could_not_be_followed_are_official_sites() -> None:
    """Followed for real where no name resolves: the brands' own sites are said to be, not
    left among the unknown names."""
    items = followed_where_no_name_resolves(["https://www.washingtonpost.com/x",
                                             "https://washingtonpost.pm/a",
                                             "https://www.welt.de/a"])
    tally = Tally()
    tally.add(items[0])
    tally.add(items[1])
    assert tally.summary(offline=False) == [
        "2 of 2 links could not be followed (dns failure 2); their verdicts rest on the names "
        "alone (1 of them an official site: a brand's own domain)"]
    other = _merged(tally)
    assert other == tally
    other.add(items[2])
    assert other.summary(offline=False)[0].endswith(
        "(2 of them official sites: the brands' own domains)")


def test_audit_ties_a_short_link_to_the_address_the_dump_expands_it_to() -> None:
    from pathlib import Path

    from threadscope.pipeline import audit

    dump = Path(__file__).resolve().parents[1] / "fixtures" / "audit" / "x_api_thread.json"
    report = audit(dump.read_text(encoding="utf-8"))
    urls = [link.url for link in report.links]
    assert {urls[short]: urls[long] for short, long in report.expands_to.items()} == {
        "https://t.co/Ab12Cd34Ef": "https://spiegel.cfd/ausland/kopie-123",
        "https://t.co/Zz98Yy76Xx": "https://bild.today/politik/eilmeldung",
    }


def test_plain_text_has_no_expansions() -> None:
    from threadscope.pipeline import audit

    assert audit("1/2 see https://t.co/Ab12Cd34Ef\n2/2 and https://welt.ltd/a").expands_to == {}


def test_links_found_in_posts_are_counted_as_links_not_inputs() -> None:
    tally = Tally()
    for item in tally.watch(check(["welt.ltd", "xx"])):
        assert item.input
    assert tally.summary(offline=True, found=True) == [
        "1 of 2 links found are not usable (no known public suffix 1)",
    ]


def test_a_link_wrapped_over_two_lines_is_one_target() -> None:
    """A link copied out of a narrow column breaks at its width; pasted into ``check`` it is
    the one link, its line break dropped as a browser drops it (README: ``check`` drops line
    breaks inside a target written with its scheme)."""
    [found] = pasted_targets(["https://welt.ltd/politik/ausland/\narticle123/putin.html"])
    assert found == "https://welt.ltd/politik/ausland/\narticle123/putin.html"
    [result] = check([found])
    assert result.url == "https://welt.ltd/politik/ausland/article123/putin.html"


def test_two_links_on_two_lines_stay_two() -> None:
    found = list(pasted_targets(["https://welt.ltd/a\nhttps://bild.eu.com/b"]))
    assert [item.url for item in found if isinstance(item, Link)] == [
        "https://welt.ltd/a", "https://bild.eu.com/b",
    ]


def test_a_sentence_with_a_line_break_is_still_prose() -> None:
    found = list(pasted_targets(["Lest das:\nhttps://welt.ltd/a"]))
    assert [item.url for item in found if isinstance(item, Link)] == ["https://welt.ltd/a"]


def test_a_label_shown_as_another_site_is_no_link_of_a_loose_record() -> None:
    """A status in no thread is read twice, as text and as a record: its anchor's text
    ``welt.de/politik/x`` over a link to welt.ltd is a label either way, not a welt.de link."""
    from threadscope.pipeline import audit

    content = ('<p>Unfassbar: <a href="https://welt.ltd/politik/x"><span class="invisible">'
               'https://</span>welt.de/politik/x</a></p>')
    status = {"id": "1", "content": content, "account": {"id": "2", "acct": "olaf"}}
    report = audit(json.dumps([status]), source="status.json")
    assert [(link.url, link.shown, [r.code for r in link.reasons if r.code == "shown-elsewhere"])
            for link in report.links] == [
        ("https://welt.ltd/politik/x", "https://welt.de/politik/x", ["shown-elsewhere"])]


def test_a_wrapped_link_and_a_card_line_in_a_thread() -> None:
    from threadscope.pipeline import audit

    text = ("Lest https://welt.ltd/politik/artikel-\n2024-ukraine.html 1/2\n"
            "Und https://tulpenweg.net/a\nKanzler tritt zurück\nFrom welt.de\n2/2\n")
    report = audit(text, source="thread.txt")
    assert [(link.url, link.card_domain) for link in report.links] == [
        ("https://welt.ltd/politik/artikel-2024-ukraine.html", None),
        ("https://tulpenweg.net/a", "welt.de")]
    assert "the link card shows welt.de but the link goes to tulpenweg.net" in [
        r.detail for r in report.links[1].reasons]


def test_audit_names_the_records_in_no_thread_that_hold_links() -> None:
    """Replies by other accounts are in no thread: the report still says which holds which
    link (a thread's own records are not among them), in the dump's order."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    text = (root / "fixtures" / "audit" / "x_api_thread.json").read_text("utf-8")
    report = threadscope.audit(text, source="x_api_thread.json")
    threaded = {post.post_id for thread in report.threads for post in thread.posts}
    outside = report.outside_post_links
    assert outside and not threaded & {post.post_id for post, _ in outside}
    assert [post.line for post, _ in outside] == sorted(post.line for post, _ in outside)
    held = {report.links[index].domain for _, indices in outside for index in indices}
    assert "bild.today" in held
    plain = threadscope.audit("Intro https://welt.ltd/a\n\n1/2 eins\n2/2 zwei\n")
    assert plain.outside_post_links == () and len(plain.links) == 1


def test_audit_reads_the_destination_a_redirect_wrapper_writes_in_itself() -> None:
    """An Outlook SafeLink or a Google result link to a clone is on Microsoft's or Google's own
    domain: judged by that name alone it read as ``official``. Its destination is assessed as
    a link of its own, held by the same post, and the wrapper is tied to it."""
    from pathlib import Path

    from threadscope.pipeline import audit

    dump = Path(__file__).resolve().parents[1] / "fixtures" / "links" / "redirect_wrappers.txt"
    report = audit(dump.read_text(encoding="utf-8"))
    urls = [link.url for link in report.links]
    verdicts = {link.url: link.verdict.value for link in report.links}
    assert verdicts["https://welt.ltd/politik/article42"] == "lookalike"
    assert verdicts["https://spiegel.ltd/politik/a-1"] == "lookalike"
    assert verdicts["https://www.spiegel.de/politik/"] == "official"
    assert report.flagged
    tied = {urls[wrapper].split("/")[2]: urls[named]
            for wrapper, named in report.expands_to.items()}
    assert tied == {
        "eur01.safelinks.protection.outlook.com": "https://welt.ltd/politik/article42",
        "www.google.com": "https://spiegel.ltd/politik/a-1",
        "l.facebook.com": "https://www.spiegel.de/politik/",
    }
    [thread] = report.threads
    second = report.post_links[(thread.id, 1)]
    assert urls.index("https://spiegel.ltd/politik/a-1") in second


def test_check_follows_a_pasted_wrapper_with_its_destination() -> None:
    from threadscope.pipeline import pasted_targets

    wrapper = "https://www.google.com/url?q=https://spiegel.ltd/a&sa=D"
    found = list(pasted_targets([wrapper, "welt.de"]))
    assert found[0] == wrapper and found[2] == "welt.de"
    destination = found[1]
    assert not isinstance(destination, str)
    assert (destination.url, destination.input) == ("https://spiegel.ltd/a", wrapper)
    in_prose = list(pasted_targets([f"Gefunden bei Google: {wrapper} heute"]))
    assert [t if isinstance(t, str) else t.url for t in in_prose] == [
        "https://www.google.com/url?q=https://spiegel.ltd/a&sa=D", "https://spiegel.ltd/a"]
