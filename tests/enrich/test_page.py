from __future__ import annotations

from pathlib import Path

import pytest

from threadscope.enrich.page import JS_REDIRECT_MAX_BYTES, find_refresh, parse_page

CLONE = Path(__file__).resolve().parents[2] / "fixtures" / "enrich" / "pages" / "welt-clone.html"
BASE = "http://welt.ltd/politik/ausland/article123456789/geheime-gespraeche.html"


def test_clone_page_claims_and_assets() -> None:
    page = parse_page(CLONE.read_bytes(), BASE, "utf-8", truncated=False)
    assert page.title is not None and page.title.endswith("- WELT")
    assert page.canonical == (
        "https://www.welt.de/politik/ausland/article123456789/geheime-gespraeche.html"
    )
    assert page.og_url == page.canonical
    assert page.site_name == "WELT"
    hosts = {asset.split("/")[2] for asset in page.assets}
    assert {"www.welt.de", "img.welt.de", "welt.ltd"} <= hosts
    assert not page.truncated


def test_relative_canonical_is_made_absolute() -> None:
    body = b'<link rel="Canonical" href="/a/b"><meta name="og:url" content="c">'
    page = parse_page(body, "http://x.example/dir/page", None, truncated=True)
    assert page.canonical == "http://x.example/a/b"
    assert page.og_url == "http://x.example/dir/c"
    assert page.truncated


@pytest.mark.parametrize(
    "body",
    [b"", b"\x00\xff\xfe\x80" * 5000, b"<html><title>" + b"<" * 100_000,
     "<title>\u202eevil\u200b</title>".encode(), b"<meta property=og:url content>",
     b"<link rel=canonical>"],
)
def test_hostile_bodies_parse_to_something(body: bytes) -> None:
    page = parse_page(body, "http://x.example/", "no-such-charset", truncated=False)
    assert page.canonical is None or page.canonical.startswith("http")


@pytest.mark.parametrize(
    ("body", "target", "via"),
    [
        (b'<meta http-equiv="refresh" content="0; url=http://a.example/x">',
         "http://a.example/x", "meta-refresh"),
        (b"<META HTTP-EQUIV=Refresh CONTENT=\"5;URL='/next'\">", "http://s.example/next",
         "meta-refresh"),
        (b'<meta content="0;url=http://b.example/" http-equiv="refresh">', "http://b.example/",
         "meta-refresh"),
        (b'<script>window.location = "http://c.example/";</script>', "http://c.example/",
         "javascript"),
        (b"<script>location.href='/js'</script>", "http://s.example/js", "javascript"),
        (b'<script>document.location.replace("http://d.example/r")</script>',
         "http://d.example/r", "javascript"),
        (b'<script>top.location.assign( "http://e.example/" )</script>', "http://e.example/",
         "javascript"),
        (b'<body onload="location.href=&quot;http://f.example/&quot;">', "http://f.example/",
         "javascript"),
        (b'<script type="module">var u = "http://x//y"; location = "http://g.example/"'
         b"</script>", "http://g.example/", "javascript"),
        (b"<script>location.href='http://h.example/' // go\n</script>", "http://h.example/",
         "javascript"),
    ],
)
def test_redirects_in_the_page_are_read(body: bytes, target: str, via: str) -> None:
    assert find_refresh(body, "http://s.example/start") == (target, via)


def test_no_redirect_in_ordinary_pages() -> None:
    assert find_refresh(b"<p>location is nice</p>", "http://s.example/") is None
    assert find_refresh(b"<script>location.href = 'javascript:void(0)'</script>",
                        "http://s.example/") is None
    big = b'<script>location.href="http://c.example/"</script>' + b" " * JS_REDIRECT_MAX_BYTES
    assert find_refresh(big, "http://s.example/") is None


@pytest.mark.parametrize("hidden", [
    b'<!-- location.href="http://c.example/" -->',
    b'<!-- <script>location.href="http://c.example/"</script> -->',
    b'<script>/* location.href="http://c.example/" */</script>',
    b'<script>// location.href="http://c.example/"\n</script>',
    b'<script type="text/plain">location.href="http://c.example/"</script>',
    b'<script src="/a.js">location.href="http://c.example/"</script>',
    b'<textarea>location.href="http://c.example/"</textarea>',
    b'<p>Tipp: location.href="http://c.example/"</p>',
    b'<a onclick="location.href=\'http://c.example/\'">x</a>',
])
def test_a_redirect_written_where_no_code_runs_is_none(hidden: bytes) -> None:
    """A JavaScript redirect is read from the code a browser runs by itself (its scripts and
    the body's ``onload``), never from words in a comment or the text: a clone that wrote
    ``location.href="https://www.welt.de/"`` there was taken for a stub to the real site, its
    claims lost."""
    assert find_refresh(b"<html><head><title>WELT</title>" + hidden, "http://s.example/") is None


@pytest.mark.parametrize("inert", ["noscript", "template"])
def test_a_refresh_in_noscript_or_a_template_is_none(inert: str) -> None:
    """A browser running scripts reads a ``<noscript>`` in the head as text, and a
    ``<template>``'s content is never active: a clone's refresh to the real site there left
    its readers on the clone, while we followed it and lost the clone's claims."""
    hidden = (f'<html><head><title>WELT</title><{inert}><meta http-equiv="refresh" '
              f'content="0;url=http://www.welt.de/"></{inert}>').encode()
    assert find_refresh(hidden, "http://s.example/") is None
    after = hidden + b'<meta http-equiv="refresh" content="0;url=http://a.example/">'
    assert find_refresh(after, "http://s.example/") == ("http://a.example/", "meta-refresh")


def test_interleaved_and_cancelled_scans_keep_their_pages_apart() -> None:
    """Scans interleave on one event loop and reuse parsers: each page gets its own claims,
    and a scan cut by a deadline leaves nothing behind for the next."""
    import asyncio

    from threadscope.enrich.page import SLICE, scan_page

    def page(name: str, size: int = 0) -> bytes:
        return (f'<title>{name}</title><link rel="canonical" href="https://{name}.example/">'
                f'<img src="https://img.{name}.example/a">').encode() + b"<p>x</p>" * size

    async def run() -> list[str | None]:
        cut = asyncio.ensure_future(scan_page(page("cut", SLICE), "http://c.example/", None,
                                              False))
        await asyncio.sleep(0)
        cut.cancel()
        scans = await asyncio.gather(*(scan_page(page(name, SLICE // 4 * n), "http://s.example/",
                                                 None, False)
                                       for n, name in enumerate(["one", "two", "three"], 1)))
        assert cut.cancelled()
        return [f"{s.page.title} {s.page.canonical} {','.join(s.page.assets)}" for s in scans]

    assert asyncio.run(run()) == [
        f"{name} https://{name}.example/ https://img.{name}.example/a"
        for name in ["one", "two", "three"]
    ]


def test_claims_after_head_junk_are_found() -> None:
    """A tracking pixel in <noscript> or stray text in the head does not hide the claims
    that follow it."""
    body = (b'<html><head><title>x</title><noscript><img src="https://www.facebook.com/tr?id=1">'
            b'</noscript>junk<link rel=canonical href="https://www.welt.de/a">'
            b'<meta property="og:site_name" content="WELT"></head><body>'
            b'<img src="https://img.welt.de/x.jpg"></body></html>')
    page = parse_page(body, "http://welt.ltd/", "utf-8", truncated=False)
    assert page.canonical == "https://www.welt.de/a" and page.site_name == "WELT"
    assert {"www.facebook.com", "img.welt.de"} <= {a.split("/")[2] for a in page.assets}


def test_the_head_ends_at_the_body() -> None:
    body = (b'<html><head><title>x</title></head><body><p>text</p>'
            b'<meta property="og:url" content="https://www.spiegel.de/b"></body></html>')
    assert parse_page(body, "http://welt.ltd/", "utf-8", truncated=False).og_url is None


@pytest.mark.parametrize("hiding", [
    b"<!-- <body> -->", b"<script>document.write('<body>')</script>",
    b"<style>/* <body> */</style>", b"<SCRIPT type=x>var a = '<BODY class=x>';</SCRIPT>",
])
def test_a_body_tag_inside_a_comment_or_script_does_not_end_the_head(hiding: bytes) -> None:
    body = (b"<html><head><title>x</title>" + hiding
            + b'<link rel=canonical href="https://www.welt.de/a"></head><body>text</body></html>')
    assert parse_page(body, "http://welt.ltd/", "utf-8", truncated=False).canonical == (
        "https://www.welt.de/a")


def test_unclosed_comments_end_the_head_search_in_one_pass() -> None:
    body = b"<html><head>" + b"<!--" * 100_000 + b"<body>"
    page = parse_page(body, "http://welt.ltd/", "utf-8", truncated=False)
    assert page.canonical is None


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        (b'<base href="https://cdn.example/news/">', "https://cdn.example/news/a/b"),
        (b'<base href="../up/">', "http://x.example/up/a/b"),  # a base resolved in turn
        (b'<base target=_top><base href="//m.example/">', "http://m.example/a/b"),
        (b'<base href="https://one.example/"><base href="https://two.example/">',
         "https://one.example/a/b"),  # only the first base with an href counts
        (b'<base href=""><base href="https://two.example/">', "http://x.example/dir/a/b"),
        (b'<base href="javascript:alert(1)">', "http://x.example/dir/a/b"),
        (b'<base href="data:text/html,x">', "http://x.example/dir/a/b"),
        (b'<base href="file:///etc/">', "http://x.example/dir/a/b"),
        (b'<base href="http://[bad/">', "http://x.example/dir/a/b"),
        (b'<base href="http://h.example:port/">', "http://x.example/dir/a/b"),
        (b'<body><base href="https://late.example/">', "http://x.example/dir/a/b"),
    ],
)
def test_relative_claims_resolve_against_the_first_base(head: bytes, canonical: str) -> None:
    before, _, after = head.partition(b"<body>")
    claims = b'<link rel=canonical href="a/b"><meta http-equiv=refresh content="0;url=a/b">'
    body = (before + claims + b"<body>" + after) if after else before + claims
    page = parse_page(body, "http://x.example/dir/page", None, truncated=False)
    assert page.canonical == canonical
    assert find_refresh(body, "http://x.example/dir/page") == (canonical, "meta-refresh")


def test_absolute_claims_and_assets_ignore_the_base() -> None:
    body = (b'<base href="https://cdn.example/"><link rel=canonical href="https://x.example/c">'
            b'<img src="/logo.png">')
    page = parse_page(body, "http://x.example/dir/page", None, truncated=False)
    assert page.canonical == "https://x.example/c"
    assert page.assets == ("http://x.example/logo.png",)


def test_a_javascript_redirect_resolves_against_the_base() -> None:
    body = b'<base href="https://stub.example/go/"><script>location.href="next"</script>'
    assert find_refresh(body, "http://x.example/") == ("https://stub.example/go/next",
                                                       "javascript")


@pytest.mark.parametrize(("label", "title"), [
    ("iso-8859-1", "Preis 5 €"),  # Latin-1 and ASCII are read as windows-1252, as browsers do
    ("us-ascii", "Preis 5 €"),
    ("x-user-defined", "Preis 5 €"),
    ("windows-874", "Preis 5 €"),  # a WHATWG label Python does not know
    ("utf-32", "Preis 5 \ufffd"),  # no browser's label: passed over, UTF-8 it is
    ("cp037", "Preis 5 \ufffd"),
])
def test_a_charset_label_is_read_as_a_browser_reads_it(label: str, title: str) -> None:
    body = f'<meta charset="{label}"><title>Preis 5 '.encode() + b"\x80</title>"
    assert parse_page(body, "http://a.example/", None, False).title == title
