"""The ``Link`` header's canonical address, read by RFC 8288's own algorithm (Appendix B)."""

from __future__ import annotations

import time

import pytest

from threadscope.enrich.link_header import WebLink, canonical_link, parse_links

DOC = "http://welt.ltd/politik/a.html"


@pytest.mark.parametrize(("value", "expected"), [
    # RFC 8288's own examples (section 3.5)
    ('<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter"',
     [WebLink("http://example.com/TheBook/chapter2",
              (("rel", "previous"), ("title", "previous chapter")))]),
    ('</>; rel="http://example.net/foo"', [WebLink("/", (("rel", "http://example.net/foo"),))]),
    ('</terms>; rel="copyright"; anchor="#foo"',
     [WebLink("/terms", (("rel", "copyright"), ("anchor", "#foo")))]),
    ("</TheBook/chapter2>; rel=\"previous\"; title*=UTF-8'de'letztes%20Kapitel, "
     "</TheBook/chapter4>; rel=\"next\"; title*=UTF-8'de'n%c3%a4chstes%20Kapitel",
     [WebLink("/TheBook/chapter2", (("rel", "previous"),
                                    ("title*", "UTF-8'de'letztes%20Kapitel"))),
      WebLink("/TheBook/chapter4", (("rel", "next"),
                                    ("title*", "UTF-8'de'n%c3%a4chstes%20Kapitel")))]),
    ('<http://example.org/>; rel="start http://example.net/relation/other"',
     [WebLink("http://example.org/", (("rel", "start http://example.net/relation/other"),))]),
    # commas and semicolons inside a quoted value or the target split nothing
    ('<https://a.example/x,y;z>; title="a, <b>; c"; REL = canonical',
     [WebLink("https://a.example/x,y;z", (("title", "a, <b>; c"), ("rel", "canonical")))]),
    # quoted pairs, a flag parameter, spaces around the equals sign
    (r'<a>; title="say \"hi\" \\ there"; crossorigin; rel = "x"',
     [WebLink("a", (("title", 'say "hi" \\ there'), ("crossorigin", ""), ("rel", "x")))]),
    ("", []),
    (" , ,, ", []),
])
def test_links_are_parsed_as_the_rfc_parses_them(value: str, expected: list[WebLink]) -> None:
    assert list(parse_links(value)) == expected


CANONICAL = "https://www.welt.de/politik/a.html"


@pytest.mark.parametrize("values", [
    [f'<{CANONICAL}>; rel="canonical"'],
    [f"<{CANONICAL}>; rel=canonical"],
    [f'<{CANONICAL}>; rel="CANONICAL"'],
    [f'<{CANONICAL}>;rel="alternate canonical"'],
    [f'<https://cdn.example/style.css>; rel=preload; as=style, <{CANONICAL}>; rel="canonical"'],
    ['<https://cdn.example/a.css>; rel=preload', f'<{CANONICAL}>; rel="canonical"'],  # 2 lines
    [f'<https://cdn.example/x>; title="a, <{CANONICAL}>; rel=canonical", '
     f'<{CANONICAL}>; rel=canonical'],
    # junk first, or junk after a link, is passed over to the next comma
    [f'junk, <{CANONICAL}>; rel="canonical"'],
    [f'<a; rel=next, <{CANONICAL}>; rel="canonical"'],
    [f'<https://x.example/>; rel=next "junk", <{CANONICAL}>; rel="canonical"'],
    [f'<https://x.example/>; rel=next; junk "q, r" more, <{CANONICAL}>; rel="canonical"'],
    # a link to no web address is passed over, the next one counts
    [f'<data:text/html,hi>; rel=canonical, <{CANONICAL}>; rel=canonical'],
    [f'<{CANONICAL}>; rel=canonical; anchor=""'],
    [f'<{CANONICAL}>; rel=canonical; anchor="{DOC}"'],
    [f'<{CANONICAL}>; rel="canonical"; rel="next"'],  # a second rel is ignored
    [f'< {CANONICAL} >; rel="canonical"'],
])
def test_a_canonical_link_is_found(values: list[str]) -> None:
    assert canonical_link(values, DOC) == CANONICAL


@pytest.mark.parametrize(("value", "expected"), [
    ('</politik/b.html>; rel="canonical"', "http://welt.ltd/politik/b.html"),
    ('<b.html>; rel="canonical"', "http://welt.ltd/politik/b.html"),
    ('<//www.welt.de/b>; rel="canonical"', "http://www.welt.de/b"),
])
def test_a_relative_target_is_resolved_against_the_document(value: str, expected: str) -> None:
    assert canonical_link([value], DOC) == expected


@pytest.mark.parametrize("value", [
    f'<{CANONICAL}>; rel="next"',
    f'<{CANONICAL}>; rel="canonicalx"',
    f'<{CANONICAL}>; rel*=UTF-8\'\'canonical',  # rel has no extended form
    f'<{CANONICAL}>; rel="next"; rel="canonical"',  # only the first rel counts
    f'<{CANONICAL}>; anchor="#figure"; rel="canonical"',  # about a part of the page
    f'<{CANONICAL}>; anchor="https://other.example/"; rel="canonical"',
    '<mailto:desk@welt.de>; rel="canonical"',
    '<ftp://www.welt.de/a>; rel="canonical"',
    '<javascript:alert(1)>; rel="canonical"',
    '<data:,www.welt.de>; rel="canonical"',
    '<http://[::1>; rel="canonical"',
    '<http://www.welt.de:x/>; rel="canonical"',
    '<https:///>; rel="canonical"',
    f'{CANONICAL}; rel="canonical"',  # no angle brackets: no link-value
    f'<{CANONICAL}; rel="canonical"',  # never closed
    f'"<{CANONICAL}>; rel=canonical"',
    '\x00\xff\u202e<>; rel=canonical',
    "",
])
def test_no_canonical_link_where_there_is_none(value: str) -> None:
    assert canonical_link([value], DOC) is None


@pytest.mark.parametrize("filler", ['"', "<", "<,", ";", ",", '<a>; x="', "\\", ";a=", "<a>;rel=",
                                    " ", '<a>;x="\\', "<a>;x=\",a"])
def test_a_huge_hostile_header_is_read_in_linear_time(filler: str) -> None:
    """1 MiB of what opens something (four times the 256 KiB of headers a run reads), then
    a claim: one pass, no rescans of the rest for each link or quoted string."""
    value = filler * (1024 * 1024 // len(filler)) + f', <{CANONICAL}>; rel="canonical"'
    started = time.process_time()
    canonical_link([value], DOC)
    assert time.process_time() - started < 10
