from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path

from threadscope.ingest import parse_dump
from threadscope.ingest.x_web import clean_body, looks_like_x_web, parse_x_web
from threadscope.links import extract_links, post_links
from threadscope.links.posts import with_destinations
from threadscope.pipeline import AuditReport, audit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def test_headers_become_authors_and_furniture_goes() -> None:
    posts = parse_dump((FIXTURES / "x_web_interleaved.txt").read_text("utf-8")).posts
    assert [p.author for p in posts] == ["lena_hartmann_dis", "markolsen_osint"] * 2 + [
        "markolsen_osint", "lena_hartmann_dis"]
    assert posts[0].display_name == "Lena Hartmann" and posts[0].line == 1
    assert posts[0].text == (
        "Ich habe mir die Antworten unter dem Post des Ministeriums angesehen. 1/3")
    assert posts[3].text == (
        "Vier der Domains imitieren Nachrichtenseiten, eine davon spiegel.ltd. 2/3")
    assert posts[4].text == "Alle vier wurden bei demselben Registrar angelegt. 3/3"
    assert posts[5].text.endswith("3/3\nhttps://t.co/AbCdEfGhIj")
    for post in posts:
        assert "Translate post" not in post.text and "Show" not in post.text
        assert "Antwort an" not in post.text and "Replying to" not in post.text


def test_a_post_starting_with_a_mention_is_not_a_header() -> None:
    text = "@CarloMasala1 Klickt man auf solche Links\n@someone\nweiter im Text 2/5\n"
    assert not looks_like_x_web(text)


def test_inline_header_with_name() -> None:
    posts = parse_x_web("Anna Wolf @AnnaWolf_Bonn · 14. März\nGuter Punkt.\n3\n1.2K\n")
    assert (posts[0].author, posts[0].display_name, posts[0].text) == (
        "AnnaWolf_Bonn", "Anna Wolf", "Guter Punkt.")


def test_numbers_inside_text_stay_counters_below_go() -> None:
    assert clean_body(["Im Jahr", "2024", "kam alles anders.", "12", "4,5K", "Views"]) == (
        "Im Jahr\n2024\nkam alles anders.")


def _link_reads(work: Callable[[], object]) -> int:
    """How many links ``work`` read out of text: calls of the extractor's per-link step,
    counted by cProfile (our code runs as it is)."""
    profile = cProfile.Profile()
    profile.runcall(work)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(counts[0] for (file, _, name), counts in stats.items()
               if name == "_link" and file.endswith(str(Path("links", "extract.py"))))


def _calls(work: Callable[[], object], name: str, module: str) -> int:
    """Calls of our function ``name`` in ``module`` (a path's end) while ``work`` runs."""
    profile = cProfile.Profile()
    profile.runcall(work)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(counts[0] for (file, _, called), counts in stats.items()
               if called == name and file.endswith(module))


def test_each_link_is_asked_once_whether_it_is_a_redirect_wrapper() -> None:
    """``audit`` asked every distinct link again when it tied wrappers to their destinations
    (``expansions_in``: 45,589 more calls on a 1 MB line); the reading's answers are kept."""
    line = " ".join(f"https://welt.ltd/a/{i} https://www.google.com/url?q=https://welt.ltd/a/"
                    f"{i + 1} bit.ly/x{i}" for i in range(200))
    text = ("Maria Weber\n@MariaWeber13278\n·\nJul 14\n1/2 Links\n" + line + "\n12\n"
            "Maria Weber\n@MariaWeber13278\n·\nJul 14\n2/2 Ende https://welt.ltd/b\n")
    posts = parse_dump(text).posts
    module = str(Path("links", "posts.py"))
    once = _calls(lambda: [post_links(post) for post in posts], "destination_of", module)
    report: list[AuditReport] = []
    asked = _calls(lambda: report.append(audit(text)), "destination_of", module)
    assert once >= 600 and asked == once
    links = report[0].links
    wrappers = [i for i, link in enumerate(links) if link.domain == "www.google.com"]
    assert len(wrappers) == 200
    assert {links[i].url.rsplit("=", 1)[1]: links[report[0].expands_to[i]].url
            for i in wrappers} == {f"https://welt.ltd/a/{i + 1}": f"https://welt.ltd/a/{i + 1}"
                                   for i in range(200)}


def test_a_huge_line_of_links_is_read_once() -> None:
    """A dump's records are its threads' posts again: each post's links were read for the
    thread and then for the record (a 1 MB line of 48,000 links twice, 22 s more of a
    profiled ``audit``). Read once now, the same links found."""
    line = " ".join(f"https://welt.ltd/a/{i} bit.ly/x{i} hxxps://spiegel[.]ltd/p{i}"
                    for i in range(300))
    text = ("Maria Weber\n@MariaWeber13278\n·\nJul 14\n1/2 Links\n" + line + "\n12\n"
            "Maria Weber\n@MariaWeber13278\n·\nJul 14\n2/2 Ende https://welt.ltd/b\n")
    posts = parse_dump(text).posts
    once = _link_reads(lambda: [extract_links(post.text) for post in posts])
    report: list[AuditReport] = []
    reads = _link_reads(lambda: report.append(audit(text)))
    assert once >= 900 and reads == once
    assert len(report[0].links) == 901
    assert [link.input for link in report[0].links] == [
        link.input for post in posts for link in with_destinations(post_links(post))]
